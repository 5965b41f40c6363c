"""Review in version control: text diffs through git, Word redlines, incremental builds."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from generator.commands import incremental
from tests.conftest import EXAMPLE, REPO, SOF, SOURCE_FOLDERS, edit

VENV = REPO / ".venv"
W_INS, W_DEL = qn("w:ins"), qn("w:del")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The project as a git repository of its own, with Makefile and the shared .venv."""
    for folder in SOURCE_FOLDERS:
        shutil.copytree(EXAMPLE / folder, tmp_path / folder)
    for name in ("Makefile", "pyproject.toml", "constraints.txt", ".gitignore"):
        shutil.copy2(REPO / name, tmp_path / name)  # copy2 keeps mtimes: the .venv stays up to date
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "Karin Karlung")
    git(tmp_path, "config", "user.email", "karin@example.se")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    return tmp_path


def make(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """make in the test repository with this checkout's .venv, never reinstalling it (-o)."""
    stamp = VENV / ".installed-stamp"
    return subprocess.run(["make", f"VENV={VENV}", "-o", str(stamp), *args], cwd=repo, capture_output=True, text=True)


# Text diffs ------------------------------------------------------------------------------------

def test_git_diff_shows_the_documents_text(repo, cli):
    assert make(repo, "git-setup").returncode == 0
    assert cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2024-06-12",
               cwd=repo).code == 0
    archive = repo / "arkiv"
    assert cli("build", SOF, "--draft", "--out", "arkiv", cwd=repo).code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "built")
    edit(repo / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan")
    assert cli("build", SOF, "--draft", "--out", "arkiv", cwd=repo).code == 0
    for path in (SOF, "arkiv/sof-2024-394-starkt-skydd.docx", "arkiv/sof-2024-394-starkt-skydd.pdf"):
        diff = git(repo, "diff", "--", path)
        assert "Binary files" not in diff, path
        removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
        added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
        assert any("i vissa fall" in line for line in removed), (path, diff)
        assert any("ibland" in line for line in added), (path, diff)
        assert "could not build" not in diff and len(removed) == len(added) == 1, (path, diff)
    assert archive.is_dir()
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    for command in (["show", first, "--", SOF], ["log", "-p", "--", SOF]):
        shown = git(repo, *command)
        assert "could not build" not in shown and "+Dnr SOF 2024/394" in shown, shown


def test_text_of_a_pdf(cli, project):
    assert cli("build", SOF, "--format", "pdf", cwd=project).code == 0
    result = cli("text", "build/sof-2024-394-starkt-skydd.pdf", cwd=project)
    assert result.code == 0
    assert "Förvaltningens synpunkter och förslag" in result.out
    assert "Sida 2 (3)" not in result.out, "the running header and page numbers are left out"


def test_textconv_never_fails_a_git_diff(cli, project):
    (project / "broken.yaml").write_text("dnr: [\n", encoding="utf-8")
    result = cli("text", "--textconv", "broken.yaml", cwd=project)
    assert result.code == 0
    assert result.out.startswith("[utlatande could not build this file's text: broken.yaml:2:1: YAML syntax error")
    assert result.out.endswith("dnr: [\n")


# Redlines --------------------------------------------------------------------------------------

def accepted(element):
    """The document as Word shows it after 'Accept all changes'."""
    tree = copy.deepcopy(element)
    for deletion in list(tree.iter(W_DEL)):
        if deletion.getparent().tag != qn("w:rPr"):
            deletion.getparent().remove(deletion)
    for paragraph in list(tree.iter(qn("w:p"))):
        mark = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}")
        if mark is not None:
            paragraph.getparent().remove(paragraph)
    return tree


def rejected(element):
    """The document as Word shows it after 'Reject all changes'."""
    tree = copy.deepcopy(element)
    for insertion in list(tree.iter(W_INS)):
        if insertion.getparent().tag != qn("w:rPr"):
            insertion.getparent().remove(insertion)
    for paragraph in list(tree.iter(qn("w:p"))):
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}") is not None:
            paragraph.getparent().remove(paragraph)
    for text in tree.iter(qn("w:delText")):
        text.tag = qn("w:t")
    return tree


def paragraphs(body) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))
            if any((t.text or "").strip() for t in p.iter(qn("w:t")))]


def built_paragraphs(project: Path, cli, response: str, name: str) -> list[str]:
    assert cli("build", response, "--format", "docx", "--draft", "--out", name, cwd=project).code == 0
    word = docx.Document(str(project / name / (Path(response).stem + ".docx")))
    body = copy.deepcopy(word.element.body)
    return paragraphs(body)


def test_redline_of_a_one_word_edit(repo, cli):
    before = built_paragraphs(repo, cli, SOF, "old")
    edit(repo / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan")
    after = built_paragraphs(repo, cli, SOF, "new")
    result = cli("redline", f"HEAD:{SOF}", SOF, "-o", "red.docx", cwd=repo)
    assert result.code == 0, result.err
    body = docx.Document(str(repo / "red.docx")).element.body
    insertions, deletions = list(body.iter(W_INS)), list(body.iter(W_DEL))
    assert len(insertions) == 1 and len(deletions) == 1
    assert "".join(t.text for t in deletions[0].iter(qn("w:delText"))) == "i vissa fall"
    assert "".join(t.text for t in insertions[0].iter(qn("w:t"))) == "ibland"
    assert insertions[0].get(qn("w:author")) == "Karin Karlung"
    assert insertions[0].get(qn("w:date")) == "2024-06-10T00:00:00Z"
    assert paragraphs(accepted(body)) == [p for p in after if p != "UTKAST"]
    assert paragraphs(rejected(body)) == [p for p in before if p != "UTKAST"]
    section = docx.Document(str(repo / "red.docx")).sections[0]
    assert "UTKAST" in section.first_page_header._element.xml + section.header._element.xml, \
        "a redline is never taken for the final document"


def test_redline_of_a_moved_paragraph_and_an_added_answer(repo, cli):
    before = built_paragraphs(repo, cli, SOF, "old")
    text = (repo / SOF).read_text(encoding="utf-8")
    moved = ("      - text: |\n          I de fall stadsdelsnämndernas strategiska funktion behöver stöd i säkerhetsfrågor som\n"
             "          rör medarbetare finns utsedda funktioner på Stadsledningskontoret att tillgå.\n")
    assert moved in text
    text = text.replace(moved, "").replace("      - fragment: sakerhetsprogrammet-ansvar\n",
                                           moved + "      - fragment: sakerhetsprogrammet-ansvar\n")
    text = text.replace("  - questions: [nolltoleranspolicy]\n", "  - heading: Övrigt\n    parts:\n      - text: |\n"
                        "          Förvaltningen följer frågan och återkommer under hösten 2024.\n"
                        "  - questions: [nolltoleranspolicy]\n")
    (repo / SOF).write_text(text, encoding="utf-8")
    after = built_paragraphs(repo, cli, SOF, "new")
    assert cli("redline", f"HEAD:{SOF}", SOF, "-o", "red.docx", cwd=repo).code == 0
    body = docx.Document(str(repo / "red.docx")).element.body
    assert paragraphs(accepted(body)) == [p for p in after if p != "UTKAST"]
    assert paragraphs(rejected(body)) == [p for p in before if p != "UTKAST"]
    inserted = ["".join(t.text for t in i.iter(qn("w:t"))) for i in body.iter(W_INS) if i.getparent().tag != qn("w:rPr")]
    deleted = ["".join(t.text for t in d.iter(qn("w:delText"))) for d in body.iter(W_DEL) if d.getparent().tag != qn("w:rPr")]
    assert "Övrigt" in inserted and "Förvaltningen följer frågan och återkommer under hösten 2024." in inserted
    moved_text = "I de fall stadsdelsnämndernas strategiska funktion behöver stöd i säkerhetsfrågor som rör medarbetare finns utsedda funktioner på Stadsledningskontoret att tillgå."
    assert moved_text in inserted and moved_text in deleted, "a moved paragraph reads as removed here, added there"
    assert len(inserted) == 3 and len(deleted) == 1, "nothing else is marked"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_redline(repo, cli, tmp_path):
    edit(repo / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan")
    assert cli("redline", f"HEAD:{SOF}", SOF, "-o", "red.docx", cwd=repo).code == 0
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(repo / "red.docx")], check=True, capture_output=True, timeout=180)
    content = subprocess.run(["unzip", "-p", str(tmp_path / "red.odt"), "content.xml"], capture_output=True, text=True).stdout
    assert "text:changed-region" in content and "text:insertion" in content and "text:deletion" in content


@pytest.mark.parametrize("old, new, message", [
    ("nope:" + SOF, SOF, "nope:" + SOF + ": 'nope' is not a revision of this repository"),
    ("HEAD:responses/finns-inte.yaml", SOF, "'responses/finns-inte.yaml' does not exist at HEAD"),
    ("questions/kungsholmen-liberalerna-starkt-skydd.yaml", SOF, "this file is not a response"),
    ("responses/finns-inte.yaml", SOF, "responses/finns-inte.yaml: file not found"),
])
def test_redline_bad_input(repo, cli, old, new, message):
    result = cli("redline", old, new, "-o", "red.docx", cwd=repo)
    assert result.code == 1
    assert message in result.err and "Traceback" not in result.err
    assert not (repo / "red.docx").exists()


def test_redline_when_the_old_revision_does_not_build(repo, cli):
    edit(repo / SOF, "meeting: 2024-09-24", "meeting: 2024-02-30")
    git(repo, "commit", "-q", "-am", "broken")
    edit(repo / SOF, "meeting: 2024-02-30", "meeting: 2024-09-24")
    result = cli("redline", f"HEAD:{SOF}", SOF, "-o", "red.docx", cwd=repo)
    assert result.code == 1
    assert f"HEAD:{SOF}:" in result.err and "'2024-02-30' is not a real date" in result.err
    assert not (repo / "red.docx").exists()


def test_a_rule_broken_at_the_old_revision_is_named_by_its_code(repo, cli):
    edit(repo / SOF, "dnr: SOF 2024/394", "dnr: SOF 2030/394")
    git(repo, "commit", "-q", "-am", "dnr after the date")
    edit(repo / SOF, "dnr: SOF 2030/394", "dnr: SOF 2024/394")
    result = cli("redline", f"HEAD:{SOF}", SOF, "-o", "red.docx", cwd=repo)
    assert result.code == 1
    assert f"HEAD:{SOF}:4:6: the dnr year 2030 is after the date of the tjänsteutlåtande (2024-06-10) [dnr-year]" in result.err


def test_make_redline(repo):
    edit(repo / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan")
    result = make(repo, "redline", f"R={SOF}")
    assert result.returncode == 0, result.stderr
    assert (repo / "build/sof-2024-394-starkt-skydd-redline.docx").is_file()


# Incremental builds ----------------------------------------------------------------------------

def rebuilt(repo: Path) -> list[str]:
    """Runs make; the responses whose documents it wrote."""
    result = make(repo)
    assert result.returncode == 0, result.stderr
    return sorted({line.split("/")[-1].rsplit(".", 1)[0] for line in result.stdout.splitlines() if line.startswith("wrote ")})


def test_make_rebuilds_exactly_the_users_of_a_changed_fragment(repo):
    assert rebuilt(repo) == ["kungsholmen-starkt-skydd", "sof-2024-394-starkt-skydd", "sof-arbetsmiljo-socialtjansten"]
    assert rebuilt(repo) == [], "a make with nothing to do builds nothing"
    assert "Nothing to build" in make(repo).stdout
    edit(repo / "fragments/sakerhetsprogrammet-ansvar.yaml", "långtgående ansvar", "stort ansvar")
    assert rebuilt(repo) == ["sof-2024-394-starkt-skydd", "sof-arbetsmiljo-socialtjansten"]
    edit(repo / "fragments/polisanmalan-och-incidentrapport.yaml", "bör utredas", "ska utredas")
    assert rebuilt(repo) == ["kungsholmen-starkt-skydd", "sof-2024-394-starkt-skydd"]
    (repo / "fragments/polisanmalan-och-incidentrapport.yaml").touch()
    assert rebuilt(repo) == [], "a touched file with the same content changes nothing"
    edit(repo / "questions/kungsholmen-liberalerna-starkt-skydd.yaml", "title: ", "title: Ny ")
    assert rebuilt(repo) == ["kungsholmen-starkt-skydd"]
    (repo / "build/kungsholmen-starkt-skydd.pdf").unlink()
    assert rebuilt(repo) == ["kungsholmen-starkt-skydd"], "a deleted document is built again"


def test_the_libraries_whose_upgrade_rebuilds_the_documents_are_the_installed_ones():
    installed = incremental._installed()
    assert [name for name in incremental._WRITERS if incremental._normal(name) not in installed] == []


def test_make_rebuilds_after_an_approval_and_refuses_after_a_template_change(repo, cli):
    assert make(repo).returncode == 0
    assert cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör",
               "--date", "2024-06-12", cwd=repo).code == 0
    assert rebuilt(repo) == ["sof-2024-394-starkt-skydd"]
    edit(repo / "templates/phrases.j2", "{% macro kind() %}", "{# a comment #}{% macro kind() %}")
    result = make(repo)
    assert result.returncode != 0
    assert "wrote build/kungsholmen-starkt-skydd.docx" in result.stdout
    assert (f"{SOF}: templates/phrases.j2 has changed since Veronica Wolgast Carstorp (Socialdirektör) approved "
            "the document on 2024-06-12") in result.stderr


def test_make_after_a_draft_build_rebuilds_the_final_document(repo, cli):
    assert cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör",
               "--date", "2024-06-12", cwd=repo).code == 0
    edit(repo / SOF, "i vissa fall stå för anmälan", "ibland stå för anmälan")
    assert cli("build", "--draft", cwd=repo).code == 0
    result = make(repo)
    assert result.returncode != 0 and "Nothing to build" not in result.stdout
    assert "must approve again" in result.stderr


def test_parallel_make_builds_everything(repo):
    result = make(repo, "-j4")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (repo / "build").iterdir()) == sorted(
        f"{name}{suffix}" for name in ("kungsholmen-starkt-skydd", "sof-2024-394-starkt-skydd", "sof-arbetsmiljo-socialtjansten")
        for suffix in (".docx", ".pdf", ".html"))


def test_every_output_format_is_byte_identical_on_rebuild(cli, project):
    for out in ("first", "second"):
        result = cli("build", "--format", "docx", "--format", "pdf", "--format", "txt", "--out", out, cwd=project)
        assert result.code == 0, result.err
    first = {p.name: p.read_bytes() for p in (project / "first").iterdir()}
    second = {p.name: p.read_bytes() for p in (project / "second").iterdir()}
    assert len(first) == 9
    assert {name: data.replace(b"first/", b"") for name, data in first.items()} == \
           {name: data.replace(b"second/", b"") for name, data in second.items()}


def test_git_setup_stores_a_command_that_survives_recreating_the_venv(repo):
    result = subprocess.run(["make", "-o", ".venv/.installed-stamp", "git-setup"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert git(repo, "config", "diff.utlatande.textconv").strip() == ".venv/bin/utlatande text --textconv"
    (repo / ".venv").symlink_to(VENV)  # a .venv made anew in the clone, wherever utlatande is
    edit(repo / SOF, "kan arbetsgivaren i vissa fall stå för anmälan", "kan arbetsgivaren ibland stå för anmälan")
    diff = git(repo, "diff", "--", SOF)
    assert "-Nej, i första hand" in diff and "ibland stå för anmälan" in diff and "could not build" not in diff


def test_make_help_lists_the_targets_after_a_build(repo):
    assert make(repo).returncode == 0
    lines = make(repo, "help").stdout.splitlines()
    assert {line.split()[0] for line in lines} >= {"all", "build", "check", "test", "git-setup", "redline", "translations"}
    assert not any(line.startswith("Makefile") for line in lines)
