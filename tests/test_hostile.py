"""Issue 23: what reaches a terminal or a CI log, what an approver is shown, the shell, and the
limits after expansion. One test (or a few) per reproduction of the second security review;
each asserts the refusal, or the text printed as escaped, literal text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator.shown import github_data, github_property, shown, shown_lines
from tests.conftest import KUNGSHOLMEN, REPO, SOF, approve, edit

APPROVALS = "approvals/sof-2024-394-starkt-skydd.yaml"
UTLATANDE = Path(sys.executable).parent / "utlatande"

#: File names as an attacker who can open a pull request writes them: a line break and a
#: workflow command, an escape sequence that retitles the terminal and a bell, one that sets
#: the clipboard (OSC 52), a right-to-left override, bytes that are not UTF-8, and a name that
#: is itself a workflow command.
NAMES = {
    "newline": "svar\n::add-mask::X\n",
    "osc": "svar\x1b]0;T\x07",
    "clipboard": "svar\x1b]52;c;cHduZWQ=\x07",
    "override": "svar\u202egpj",
    "bytes": os.fsdecode(b"svar-\xff\xfe"),
    "command": "::stop-commands::tok",
}
#: Characters that must never reach the output raw: what a terminal or a reader acts on (a CSV's
#: lines end in CR LF, as Excel expects).
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|\r(?!\n)")
#: The one kind of line that may start with "::": a workflow command of utlatande's own.
OWN_COMMAND = re.compile(r"::(error|warning) file=[^:,\n]*(,line=\d+)?(,col=\d+)?,title=[^:,\n]+::")


def refused(result, *needles: str) -> None:
    assert result.code == 1, (result.code, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    for needle in needles:
        assert needle in result.err, result.err


def assert_safe(result, format: str, command: tuple[str, ...] = ()) -> None:
    """Nothing a terminal or GitHub's runner would act on, valid UTF-8, no bug."""
    assert result.code in (0, 1), (command, result.code, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err, (command, result.err)
    for stream in (result.out, result.err):
        stream.encode("utf-8")  # a surrogate (a byte that is not UTF-8) would raise
        assert not RAW.search(stream), repr(RAW.search(stream).group())
        for line in stream.splitlines():
            if line.lstrip().startswith("::"):
                assert format == "github" and OWN_COMMAND.match(line), line


@pytest.fixture
def hostile(project: Path) -> Path:
    """The example project with a response, a skrivelse and a template file under each hostile name."""
    # Without its dnr, so that the copies do not clash (they are drafts, not registered).
    response = (project / KUNGSHOLMEN).read_text(encoding="utf-8").replace("dnr: EXEMPEL 2024/123\n", "")
    skrivelse = project / "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"
    for name in NAMES.values():
        (project / "responses" / f"{name}.yaml").write_text(response, encoding="utf-8")
        shutil.copy(skrivelse, project / "questions" / f"{name}.yaml")
        (project / "templates" / f"{name}.txt").write_text("x", encoding="utf-8")
    return project


def letter(folder: Path, name: str = "brev.txt", title: str = "Skrivelse om hot och våld") -> Path:
    path = folder / name
    path.write_text(f"{title}\n\nVi ställer följande frågor:\n\n1. Hur många?\n2. Vilka?\n", encoding="utf-8")
    return path


def commands(project: Path, tmp: Path, format: str) -> list[tuple[str, ...]]:
    """Every command, run where it prints a hostile name or a hostile text."""
    responses = [f"responses/{name}.yaml" for name in NAMES.values()]
    source = letter(tmp, f"brev{NAMES['newline']}{NAMES['osc']}.txt", "Skrivelse om \x1b]0;T\x07hot \u202eoch\x00 våld")
    return [
        ("check",), ("build", "-f", "html"), ("build", "-f", "html", "--changed"),
        ("list",), ("list", "--csv"), ("fragments",), ("where-used", "polisanmalan-och-incidentrapport"),
        ("text", responses[0]), ("text", f"build/{NAMES['osc']}.html"), ("text", f"nothing{NAMES['osc']}.docx"),
        ("approve", responses[1], "--name", "Anna Andersson", "--title", "Direktör", "--date", "2024-06-12"),
        ("approvals", "migrate"), ("new", f"questions/{NAMES['newline']}.yaml"),
        ("suggest", f"questions/{NAMES['bytes']}.yaml"), ("redline", responses[3], responses[4], "-o", "build/r.docx"),
        ("import", str(source)), ("schema",), ("migrate",), ("rules",),
        ("build", "-f", "html", f"responses/gone{NAMES['clipboard']}.yaml"), ("build", NAMES["command"]),
        ("init", str(tmp / f"ny-{format}{NAMES['newline']}"), "--organisation", "ny", "--forvaltning", "Ny förvaltning",
         "--namnd", "Nya nämnden"),
    ]


# A. Text from files reaching a terminal or a CI log ----------------------------------------------

@pytest.mark.parametrize("format", ["text", "json", "github", "gitlab"])
def test_every_command_prints_hostile_names_escaped(cli, hostile, tmp_path, format):
    """Reproductions 1-3 and the rest of the way out: every command, every format."""
    for command in commands(hostile, tmp_path, format):
        result = cli(*command, "--output-format", format, cwd=hostile)
        assert_safe(result, format, command)
        if format in ("json", "gitlab") and command[0] in ("check", "build"):
            json.loads(result.out)


def test_a_wrote_line_cannot_start_a_workflow_command(cli, hostile):
    """1. The "wrote …" line of `--output-format github build`."""
    result = cli("--output-format", "github", "build", "-f", "html", cwd=hostile)
    assert "wrote build/svar\\x0a::add-mask::X\\x0a.html" in result.err
    assert "wrote build/::stop-commands::tok.html" in result.err, "not at the start of a line: no command"
    assert not [line for line in result.err.splitlines() if line.lstrip().startswith("::")]


def test_an_escape_sequence_in_a_name_is_printed_escaped_and_check_flags_it(cli, hostile):
    """2. `a\\e]0;T\\ab.yaml` reached whoever ran `make` raw, and `check` did not flag it."""
    built = cli("build", "-f", "html", cwd=hostile)
    assert "wrote build/svar\\x1b]0;T\\x07.html" in built.out
    assert "wrote build/svar\\x1b]52;c;cHduZWQ=\\x07.html" in built.out
    result = cli("check", cwd=hostile)
    for name, character in (("svar\\x1b]0;T\\x07", "\\x1b"), ("svar\\u202egpj", "\\u202e"), ("svar-\\xff\\xfe", "\\xff")):
        assert (f"responses/{name}.yaml: warning: the file's name contains the character {character}, which a terminal "
                f"or a CI log could act on (it is shown escaped) [file-name-unprintable]") in result.err
        assert f"templates/{name}.txt: warning:" in result.err
    assert "file-name-unprintable" in cli("rules", cwd=hostile).out


@pytest.mark.parametrize("format", ["json", "gitlab"])
def test_a_name_that_is_not_utf8_gives_a_valid_ci_report(hostile, format):
    """3. `check --output-format gitlab` stopped (exit 70) and `json` wrote invalid UTF-8, in the C
    locale a CI runner often has, where Python writes such a name's bytes as they are."""
    result = subprocess.run([str(UTLATANDE), "check", "--output-format", format], cwd=hostile, capture_output=True,
                            env={**os.environ, "LC_ALL": "C", "LANG": "C", "LANGUAGE": ""})
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    report = json.loads(result.stdout.decode("utf-8"))
    files = {entry["file"] if format == "json" else entry["location"]["path"] for entry in report}
    assert "responses/svar-\\xff\\xfe.yaml" in files and "responses/svar\\x0a::add-mask::X\\x0a.yaml" in files
    if format == "gitlab":
        assert all(re.fullmatch(r"[0-9a-f]{64}", entry["fingerprint"]) for entry in report)


def test_a_name_cannot_be_written_into_a_source_or_an_approval(cli, hostile):
    """`new` and `approve` would write the name into YAML, which cannot hold it: refused, not a bug."""
    refused(cli("new", f"questions/{NAMES['newline']}.yaml", cwd=hostile),
            "questions/svar\\x0a::add-mask::X\\x0a.yaml: the name holds the character \\x0a, so it cannot be written "
            "in a source or an approval")
    refused(cli("approve", f"responses/{NAMES['bytes']}.yaml", "--name", "A B", "--title", "T", "--date", "2024-06-12",
                cwd=hostile), "responses/svar-\\xff\\xfe.yaml: the name holds the character \\xff")
    refused(cli("approve", SOF, "--name", "A B", "--title", "T", "--date", "2024-06-12", cwd=hostile),
            "templates/", "so it cannot be written in a source or an approval")


def test_a_stored_text_with_escape_sequences_is_shown_escaped(cli, project):
    """4. Text stored in approvals/texts/ was printed raw in the stale-approval hint. (An
    approval of this version would refuse the changed file outright: this is one recorded by an
    earlier version, whose text is not bound.)"""
    shutil.copytree(REPO / "tests/fixtures/legacy-approvals", project / "approvals",
                    ignore=shutil.ignore_patterns("README.md"))
    stored = next((project / "approvals/texts").glob("*.txt"))
    edit(stored, "i vissa fall stå för anmälan", "i \x1b]0;pwned\x07vissa fall \x1b[2J stå för anmälan")
    edit(project / SOF, "i vissa fall stå för anmälan", "ibland stå för anmälan")
    result = cli("build", SOF, cwd=project)
    refused(result, "[-i \\x1b]0;pwned\\x07vissa fall \\x1b[2J-]{+ibland+}", "not bound to this approval")
    assert "\x1b" not in result.err and "\x07" not in result.err


def test_shown_escapes_per_format():
    name = "a\n::add-mask::X\x1b]0;T\x07\u202e" + os.fsdecode(b"\xff") + "%,:"
    assert shown(name) == "a\\x0a::add-mask::X\\x1b]0;T\\x07\\u202e\\xff%,:"
    assert shown_lines("ok\n  ::stop-commands::t\n::x") == "ok\n  \\x3a:stop-commands::t\n\\x3a:x"
    assert github_data("50%\nhint") == "50%25%0Ahint"
    assert github_property(name) == "a\\x0a%3A%3Aadd-mask%3A%3AX\\x1b]0;T\\x07\\u202e\\xff%25%2C%3A"
    assert shown("responses\\svar.yaml") == "responses\\svar.yaml", "Windows paths keep their backslashes"


# C. What an approver is shown ----------------------------------------------------------------------

def _stored(project: Path) -> Path:
    return next((project / "approvals/texts").glob("*.txt"))


def test_a_replaced_stored_text_is_refused_and_nothing_is_shown_from_it(cli, project):
    """8. Approve, add a sentence, and overwrite the stored text with today's text less one
    letter: the hint showed only a typo fix. Now the stored text is bound by its SHA-256."""
    approve(cli, project, SOF)
    assert re.search(r"    text: sha256:[0-9a-f]{64}\n", (project / APPROVALS).read_text(encoding="utf-8"))
    edit(project / SOF, "i vissa fall stå för anmälan.", "i vissa fall stå för anmälan. Nämnden avslår förslaget i sin helhet.")
    today = cli("text", SOF, cwd=project).out
    _stored(project).write_text(today.replace("Nämnden avslår förslaget i sin helhet.", "").replace("socialsekreteraren",
                                                                                                    "socialsekreterarn"),
                                encoding="utf-8")
    for command in (("build", SOF), ("check",)):
        result = cli(*command, cwd=project)
        refused(result, f"{APPROVALS}:8:5: approvals/texts/{_stored(project).name}, kept for the approval by Veronica "
                        "Wolgast Carstorp, is not what was approved: it was changed afterwards",
                "restore it from git")
        assert "socialsekreterarn" not in result.err and "what changed" not in result.err


def test_replaced_stored_data_is_refused(cli, project):
    approve(cli, project, SOF)
    data = _stored(project).with_suffix(".json")
    data.write_text(data.read_text(encoding="utf-8").replace("anmälan", "anmälningar"), encoding="utf-8")
    refused(cli("build", SOF, cwd=project), f"approvals/texts/{data.name}, kept for the approval by Veronica Wolgast "
                                            "Carstorp, is not what was approved")


def test_the_stored_files_are_what_approve_says(cli, project):
    """A registrar's check: sha256sum of the stored text is `text`, of the stored data `content`."""
    import hashlib

    approve(cli, project, SOF)
    recorded = (project / APPROVALS).read_text(encoding="utf-8")
    stored = _stored(project)
    assert f"text: sha256:{hashlib.sha256(stored.read_bytes()).hexdigest()}" in recorded
    assert f"content: sha256:{hashlib.sha256(stored.with_suffix('.json').read_bytes()).hexdigest()}" in recorded
    assert f"content: sha256:{stored.stem}" in recorded


LINK = "Se [stockholm.se](https://start.stockholm/om-stockholms-stad/) för mer."


def test_a_changed_link_target_is_shown(cli, project):
    """9. Only the address of a link changed: the approval went stale, and "what changed" was empty."""
    edit(project / SOF, "i vissa fall stå för anmälan.", "i vissa fall stå för anmälan. " + LINK)
    approve(cli, project, SOF)
    edit(project / SOF, "https://start.stockholm/om-stockholms-stad/", "https://start.stockholm.example/logga-in")
    result = cli("build", SOF, cwd=project)
    refused(result, "what changed:\n"
                    "      - a link: stockholm.se → https://start.stockholm/om-stockholms-stad/\n"
                    "      + a link: stockholm.se → https://start.stockholm.example/logga-in\n")


@pytest.mark.parametrize("old, new, shown_as", [
    ("i vissa fall stå för anmälan.", "i vissa fall *stå* för anmälan.", "+ in italics: stå"),
    ("i vissa fall stå för anmälan.", "i vissa fall **stå** för anmälan.", "+ in bold: stå"),
])
def test_changed_emphasis_is_shown(cli, project, old, new, shown_as):
    approve(cli, project, SOF)
    edit(project / SOF, old, new)
    refused(cli("build", SOF, cwd=project), shown_as)


def test_what_changed_is_never_empty(cli, project):
    """A change that neither the text nor any detail a reader gets shows still names what changed."""
    from dataclasses import replace

    from generator.commands.session import Session
    from generator.model.document import ListBlock
    from generator.review.approvals import read_approvals
    from generator.review.changes import what_changed

    approve(cli, project, SOF)
    session = Session.open(project)
    content = session.content(session.case(project / SOF))
    record = read_approvals(project / APPROVALS, project, project / SOF)[0]
    index, block = next((i, b) for i, b in enumerate(content.body) if isinstance(b, ListBlock))
    changed = replace(content, body=(*content.body[:index], replace(block, keep_with_next=not block.keep_with_next),
                                     *content.body[index + 1:]))
    assert what_changed(project / "approvals", project, record, changed) == (
        f"      the text and what a reader sees read the same; the document's data differs at body[{index}].keep_with_next")
    assert "also changed: templates/phrases.j2" in what_changed(project / "approvals", project, record, changed,
                                                                 ("templates/phrases.j2",))


def test_a_changed_template_is_named(cli, project):
    approve(cli, project, SOF)
    edit(project / "templates/phrases.j2", "{% macro kind() %}", "{# x #}{% macro kind() %}")
    refused(cli("build", SOF, cwd=project), "templates/phrases.j2 has changed since Veronica Wolgast Carstorp")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen (OpenSSH client) is not installed")
def test_the_signature_covers_the_stored_text(cli, project, tmp_path):
    key = tmp_path / "nyckel"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key), "-C", "v"], check=True)
    (project / "approvals").mkdir()
    (project / "approvals/allowed_signers").write_text(
        f'"Veronica Wolgast Carstorp" {key.with_suffix(".pub").read_text(encoding="utf-8")}', encoding="utf-8")
    approve(cli, project, SOF, "Veronica Wolgast Carstorp", "Socialdirektör", "2024-06-12", "--sign", str(key))
    assert cli("check", cwd=project).code == 0
    # Another text, and its SHA-256 in the approval: the files agree, the signature does not.
    import hashlib

    text = (project / APPROVALS).read_text(encoding="utf-8")
    digest = re.search(r"text: (sha256:[0-9a-f]{64})", text)[1]
    stored = _stored(project)
    stored.write_text(stored.read_text(encoding="utf-8").replace("anmälan", "anmälningar"), encoding="utf-8")
    edit(project / APPROVALS, digest, "sha256:" + hashlib.sha256(stored.read_bytes()).hexdigest())
    refused(cli("check", cwd=project), "the signature of the approval by Veronica Wolgast Carstorp does not match")


# D. Shell ------------------------------------------------------------------------------------------

def _make_project(folder: Path) -> Path:
    for name in ("organisations", "fragments", "programmes", "questions", "responses"):
        shutil.copytree(REPO / "tests/fixtures/example" / name, folder / name)
    shutil.copytree(REPO / "templates", folder / "templates")
    shutil.copy2(REPO / "Makefile", folder / "Makefile")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(folder)]
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "sources"], check=True)
    # A valid git branch name: backticks, $( ) and ; are allowed in one, spaces are not.
    subprocess.run([*git, "branch", "b`touch${IFS}PWNED1`$(touch${IFS}PWNED2);touch${IFS}PWNED3"], check=True)
    return folder


@pytest.mark.parametrize("revision", [
    "b`touch${IFS}PWNED1`$(touch${IFS}PWNED2);touch${IFS}PWNED3",  # an existing branch: the redline is made
    "`touch PWNED4`HEAD", "$(touch PWNED5)HEAD", "HEAD;touch PWNED6", "$(shell touch PWNED7)HEAD", "--output=PWNED8",
])
def test_make_redline_runs_nothing_a_revision_holds(tmp_path, revision):
    """10. `make redline REV='`touch pwned`HEAD'` ran the backticks (REV stood inside double quotes)."""
    project = _make_project(tmp_path / "p")
    venv = Path(sys.executable).parent.parent
    result = subprocess.run(["make", f"VENV={venv}", "-o", str(venv / ".installed-stamp"), "redline",
                             f"R={SOF}", f"REV={revision}"], cwd=project, capture_output=True, text=True)
    assert not list(project.rglob("PWNED*")) and not list(Path.cwd().glob("PWNED*"))
    if revision.startswith("b`"):
        assert result.returncode == 0, result.stderr
        assert (project / "build/sof-2024-394-starkt-skydd-redline.docx").is_file()
    else:
        assert result.returncode != 0 and "is not a revision of this repository" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_make_passes_every_value_as_data(tmp_path):
    project = _make_project(tmp_path / "p")
    venv = Path(sys.executable).parent.parent
    for value in ("OUT=build`touch PWNED1`", "OUT=$(touch PWNED2)", "R=responses/x.yaml;touch PWNED3"):
        subprocess.run(["make", f"VENV={venv}", "-o", str(venv / ".installed-stamp"), "redline" if value[0] == "R" else "build",
                        value], cwd=project, capture_output=True, text=True)
    assert not list(project.rglob("PWNED*"))


# E. Limits after expansion -------------------------------------------------------------------------

def test_a_fragment_used_thousands_of_times_inside_sentences_is_refused_at_once(cli, project):
    """11. One one-paragraph fragment used inline 2,000 times (40 kB of sources): 65 s and 9.8 GB
    for one PDF, a 39 MB web page, or a Rust backtrace under a memory cap."""
    (project / "fragments/lang.yaml").write_text(
        "id: lang\ntitle: Lång\nquotation: false\nversion: 1\ntext: |\n  " + " ".join(["förvaltningens"] * 1400) + "\n",
        encoding="utf-8")
    edit(project / SOF, "          Nej, i första hand", "          " + " ".join(["[[lang]]"] * 2000) + "\n\n"
         "          Nej, i första hand")
    started = time.perf_counter()
    result = cli("build", SOF, cwd=project)
    assert time.perf_counter() - started < 10
    refused(result, f"{SOF}:4:1: the document's text would be larger than 1 MB once its fragments are put in")
    assert not (project / "build").exists() or not list((project / "build").glob("sof-2024*"))


def test_many_short_words_are_counted_too(cli, project):
    (project / "fragments/ord.yaml").write_text(
        "id: ord\ntitle: Ord\nquotation: false\nversion: 1\ntext: |\n  " + " ".join(["å"] * 2000) + "\n",
        encoding="utf-8")
    edit(project / SOF, "          Nej, i första hand", "          " + " ".join(["[[ord]]"] * 60) + "\n\n"
         "          Nej, i första hand")
    refused(cli("build", SOF, cwd=project),
            f"{SOF}:4:1: the document would have more than 100000 words once its fragments are put in")


def test_aliases_that_multiply_a_text_are_refused_at_once(cli, project):
    """12. `units: [&u "<200 kB>", *u ×8000]` stayed under the value-count limit: `check` took 86 s
    and 13 GB and said the sources were valid."""
    unit = " ".join(["avdelningen"] * 18_000)
    edit(project / SOF, "  units:\n    - avdelningen för beredskap och administration\n"
                        "    - avdelningen för strategi och utveckling\n",
         '  units: [&u "' + unit + '", ' + ", ".join(["*u"] * 8000) + "]\n")
    started = time.perf_counter()
    result = cli("check", cwd=project)
    assert time.perf_counter() - started < 10
    refused(result, f"{SOF}:23:", "the aliases expand the file's text to more than 2000000 characters")


def test_a_document_at_the_limits_still_builds(cli, project):
    """The limits are far above a real document: some 180 pages of text build."""
    paragraph = "          " + " ".join(["förvaltningen", "och"] * 20) + "\n\n"
    edit(project / SOF, "          Nej, i första hand", paragraph * 2000 + "          Nej, i första hand")
    result = cli("build", SOF, "--format", "html", cwd=project)
    assert result.code == 0, result.err


# Also seen -----------------------------------------------------------------------------------------

def test_a_use_inside_a_fragment_is_refused(cli, project):
    """`[[id]]` inside a fragment was printed as written, and `check` said nothing."""
    fragment = project / "fragments/polisanmalan-och-incidentrapport.yaml"
    edit(fragment, "rapporteras som en incident", "rapporteras som en incident ([[handlingsplan-socialtjansten]])")
    line = next(n for n, text in enumerate(fragment.read_text(encoding="utf-8").splitlines(), 1) if "[[" in text)
    message = ("fragment 'polisanmalan-och-incidentrapport' uses 'handlingsplan-socialtjansten' inside its text, where it "
               "would be printed as written [fragment-use-in-fragment]")
    for command in (("check",), ("build", SOF)):
        refused(cli(*command, cwd=project), f"fragments/polisanmalan-och-incidentrapport.yaml:{line}:", message)


def test_an_interrupted_build_leaves_no_folder_in_the_temporary_folder(project, tmp_path):
    """An interrupted build left utlatande-no-packages-* folders behind."""
    import signal

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    text = (project / SOF).read_text(encoding="utf-8")
    for number in range(12):
        (project / f"responses/kopia-{number:02}.yaml").write_text(text.replace("SOF 2024/394", f"SOF 2024/{500 + number}"),
                                                                  encoding="utf-8")
    environment = {**os.environ, "TMPDIR": str(temporary)}
    for sig in (signal.SIGTERM, signal.SIGINT):
        process = subprocess.Popen([str(UTLATANDE), "build", "-j", "2", "-f", "pdf"], cwd=project, env=environment,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 60
        while not list((project / "build").glob("*.pdf")) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        os.killpg(process.pid, sig)
        process.wait(timeout=60)
        assert list(temporary.iterdir()) == []
    subprocess.run([str(UTLATANDE), "build", "-f", "html", SOF], cwd=project, env=environment, check=True, capture_output=True)
    assert list(temporary.iterdir()) == []


def test_folders_left_by_a_killed_process_are_removed_by_the_next_run(cli, project, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / f"utlatande-rev-{dead.stdout.strip()}-abc"
    old = tmp_path / "utlatande-no-packages-xyz"
    mine = tmp_path / f"utlatande-rev-{os.getpid()}-def"
    for folder in (left, old, mine):
        (folder / "responses").mkdir(parents=True)
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert cli("build", "-f", "html", SOF, cwd=project).code == 0
    assert not left.exists() and not old.exists() and mine.exists()
