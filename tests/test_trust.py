"""What is approved is what is printed, and nothing from outside the project gets in.

One test (or a few) per attack or mistake a security reviewer found: each reproduces it and
asserts the refusal, at file:line, or that the text is printed literally.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import types
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from generator.commands.session import Session
from generator.model.data import FORMAT, VERSION, canonical_json
from generator.review.fingerprint import content_fingerprint, content_fingerprints
from tests.conftest import ARBETSMILJO, EXAMPLE, KUNGSHOLMEN, REPO, SOF, approve, edit

APPROVALS = "approvals/sof-2024-394-starkt-skydd.yaml"
SOF_QUESTIONS = "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"
UTLATANDE = Path(sys.executable).parent / "utlatande"


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def built(project: Path) -> list[str]:
    folder = project / "build"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def refused(result, *needles: str) -> None:
    assert result.code == 1, (result.code, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    for needle in needles:
        assert needle in result.err, result.err


# 1. Approved = printed -----------------------------------------------------------------------

#: Reviewed by hand when the document data (docs/document-format.md) or the examples change on
#: purpose; a change here makes every approval of these documents stale.
PINNED = {
    # The beredning in one sentence (issue 21): the text changed on purpose.
    SOF: {1: "sha256:3371d42a91a733dcbae28708f36ed8ece74f51cf5bc7d9522e500b2cb6c735a2",
          2: "sha256:a3b8ff61553ba846d6143caa031a83ebd9abc82d8a612f32819bbae947a9ff7b",
          3: "sha256:5ad313fb33ace832e637086aedd0d06976498b66b8823c7440ff09a6814ead95",
          4: "sha256:db7f6b42213e67cf7028913bf1e02bdb2cdd9ea6412120c2b77d9c1ea5cc4675"},
    # Both given a dnr (issue 21: a final document is registered), so their text changed on purpose.
    KUNGSHOLMEN: {1: "sha256:7882331a53898efad0ee5b212a915902f6bb268a7d47bdd93bebbf7cbcb78bf4",
                  2: "sha256:4e1d5d81f7da4d6b1b9af58216dd67d4151e2c2c8e9391b61c11e55ea7052228",
                  3: "sha256:924ba7453b865215a91977b498f81a4b991f42bb7475dd22eeb303128b5dee58",
                  4: "sha256:c2162a75361802a071185cf74eb2f47cca416790aa71f222d76f4091ec4e5e88"},
    # The citation after the quoted programme, and a quoted passage inside a sentence in the case
    # of its place (issue 21): the text changed on purpose.
    ARBETSMILJO: {1: "sha256:8fc0816078ebe5c4e8b4780adc03df7b8be4acd853a0072b747c382e8f1975d8",
                  2: "sha256:23c8f8fe82c26853c7d3d5755971ff36e3098ef456a708a1d9090870b7c27413",
                  3: "sha256:670fa2beb2ce88e9fd115dbfb344e41f8fee64fea8486d06fa23e99dd68c191a",
                  4: "sha256:1765c71f9c94ff5d3d960049f1c7a47e42242e17547a037d8a275eb08f151815"},
}


@pytest.mark.parametrize("response", sorted(PINNED))
def test_the_fingerprints_of_the_examples_are_pinned(response):
    """In every version of the document data: an approval of any version checks exactly."""
    session = Session.open(EXAMPLE)
    content = session.content(session.case(EXAMPLE / response))
    assert f'"format":"{FORMAT}"' in canonical_json(content) and f'"version":{VERSION}' in canonical_json(content)
    assert content_fingerprint(content) == PINNED[response][VERSION]
    assert content_fingerprints(content) == PINNED[response]


def test_the_fingerprint_does_not_depend_on_python_names():
    from generator.model import document

    session = Session.open(EXAMPLE)
    content = session.content(session.case(EXAMPLE / SOF))
    before = content_fingerprint(content)
    classes = (document.Paragraph, document.Heading, document.Text, document.Title)
    names = [(cls.__name__, cls.__qualname__) for cls in classes]
    try:
        for cls in classes:
            cls.__name__ = cls.__qualname__ = "Renamed" + cls.__name__
        assert content_fingerprint(content) == before
    finally:
        for cls, (name, qualname) in zip(classes, names, strict=True):
            cls.__name__, cls.__qualname__ = name, qualname


def test_the_pdf_is_made_from_the_same_data_that_is_fingerprinted(monkeypatch):
    from generator.render import pdf

    seen = []
    original = pdf._compiler

    class Watched:
        def __init__(self, compiler):
            self.compiler = compiler

        def compile_with_warnings(self, **kwargs):
            seen.append(kwargs["sys_inputs"]["document"])
            return self.compiler.compile_with_warnings(**kwargs)

    monkeypatch.setattr(pdf, "_compiler", lambda *args: Watched(original(*args)))
    session = Session.open(EXAMPLE)
    content = session.content(session.case(EXAMPLE / SOF))
    pdf.render_pdf(content, EXAMPLE / "templates")
    assert seen == [canonical_json(content)]


LAYOUT_CHANGES = [
    ("templates/tjansteutlatande.typ", '    par(inlines(b.inlines))', '    par(inlines(b.inlines).replace("godkänner", "avslår"))'),
    ("templates/phrases.j2", "{% macro kind() %}", "{# en kommentar #}{% macro kind() %}"),
    ("organisations/socialforvaltningen.yaml", "id: socialforvaltningen", "# en kommentar\nid: socialforvaltningen"),
    ("organisations/exempel-logo.svg", 'fill="#f2c14e"', 'fill="#f2c14f"'),  # one byte of the logo
]


@pytest.mark.parametrize("path, old, new", LAYOUT_CHANGES, ids=["typst-template", "phrases", "profile", "logo"])
def test_a_change_to_a_layout_file_makes_the_approvals_stale_and_names_the_file(cli, project, path, old, new):
    approve(cli, project, SOF)
    approve(cli, project, SOF, "Lisa Cadenius", "Avdelningschef", "2024-06-13")
    edit(project / path, old, new)
    result = cli("build", SOF, cwd=project)
    refused(result, f"{SOF}: {path} has changed since Veronica Wolgast Carstorp (Socialdirektör) approved the document "
            "on 2024-06-12: Veronica Wolgast Carstorp must approve again",
            f"{path} has changed since Lisa Cadenius (Avdelningschef)", f"utlatande build --draft {SOF}")
    assert not [p for p in built(project) if p.startswith("sof-")]
    assert cli("check", cwd=project).code == 1
    assert "stale" in cli("list", cwd=project).out.split("responses/sof")[0].splitlines()[-1]
    edit(project / path, new, old)
    assert cli("build", SOF, cwd=project).code == 0, "reverting the change makes the approvals hold again"


def test_an_approval_names_the_logo_among_the_layout_files(cli, project):
    approve(cli, project, SOF)
    recorded = (project / APPROVALS).read_text(encoding="utf-8")
    assert "\n      organisations/exempel-logo.svg: sha256:" in recorded
    assert "\n      organisations/socialforvaltningen.yaml: sha256:" in recorded


def test_a_file_written_again_at_once_with_the_same_size_is_hashed_again(tmp_path, monkeypatch):
    """A file's times are coarse (a tick of the system's clock; two seconds on FAT): a hash
    kept by size and times would say that a file rewritten within the tick is unchanged. A file
    that changed this recently is hashed each time it is asked for."""
    from generator import digest

    def coarse(path):  # a file system that keeps whole seconds
        real = os.stat(path)
        return types.SimpleNamespace(st_dev=real.st_dev, st_ino=real.st_ino, st_size=real.st_size,
                                     st_mtime_ns=real.st_mtime_ns // 10**9 * 10**9,
                                     st_ctime_ns=real.st_ctime_ns // 10**9 * 10**9)

    monkeypatch.setattr(digest, "os", types.SimpleNamespace(stat=coarse))
    path = tmp_path / "response.yaml"
    hashes = []
    for text in ("dnr: SOF 2024/1\n", "dnr: SOF 2024/2\n", "dnr: SOF 2024/3\n"):
        path.write_text(text, encoding="utf-8")
        hashes.append(digest.file_hash(path))
    assert len(set(hashes)) == 3


def test_a_changed_logo_rebuilds_exactly_the_responses_of_its_profile(cli, project):
    assert cli("build", "--changed", cwd=project).code == 0
    logo = project / "organisations/exempel-logo.svg"
    logo.write_bytes(logo.read_bytes().replace(b"#f2c14e", b"#f2c14f"))
    result = cli("build", "--changed", cwd=project)
    assert result.code == 0, result.err
    assert sorted(line for line in result.out.splitlines() if line.startswith("wrote ")) == [
        "wrote build/sof-2024-394-starkt-skydd.docx", "wrote build/sof-2024-394-starkt-skydd.html",
        "wrote build/sof-2024-394-starkt-skydd.pdf",
        "wrote build/sof-arbetsmiljo-socialtjansten.docx", "wrote build/sof-arbetsmiljo-socialtjansten.html",
        "wrote build/sof-arbetsmiljo-socialtjansten.pdf"]


def _with_part(path: Path, part: str, change) -> None:
    """Rewrites one part of a .docx (a zip) with `change(xml) -> xml`."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, change(data.decode("utf-8")).encode("utf-8") if info.filename == part else data)


def test_a_changed_reference_docx_makes_the_approvals_stale(cli, project):
    approve(cli, project, SOF)
    _with_part(project / "templates/reference.docx", "word/styles.xml",
               lambda xml: xml.replace('<w:name w:val="Normal"/>', '<w:name w:val="Normal"/><w:rPr><w:vanish/></w:rPr>', 1))
    refused(cli("build", SOF, cwd=project), "templates/reference.docx has changed since Veronica Wolgast Carstorp")


NORMAL = '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'

WORD_HIDING = [
    ("vanish", "<w:vanish/>"),
    ("white-on-white-shading", '<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:fill="FFFFFF"/>'),
    ("white-highlight", '<w:color w:val="FFFFFF"/><w:highlight w:val="white"/>'),
    ("nearly-white", '<w:color w:val="FEFEFE"/>'),
    ("theme-background", '<w:color w:val="000000" w:themeColor="background1"/>'),
    ("one-percent-width", '<w:w w:val="1"/>'),
    ("tiny-complex-script", '<w:szCs w:val="2"/>'),
]


def _hide_in_word(project: Path, properties: str) -> None:
    _with_part(project / "templates/reference.docx", "word/styles.xml",
               lambda xml: xml.replace(NORMAL, NORMAL + f"<w:rPr>{properties}</w:rPr>", 1))


PDF_HIDING = [
    ("changed-word", '    par(inlines(b.inlines))', '    par(inlines(b.inlines).replace("godkänner", "avslår"))',
     "the PDF file would not show the approved text"),
    ("white-text", '#show link: underline', '#show link: underline\n#show "anmälan": it => text(fill: white, it)',
     "the PDF file would not show the approved text: it would contain text a reader cannot see (white or nearly white text)"),
    ("nearly-white", '#show link: underline', '#show link: underline\n#show "anmälan": it => text(fill: luma(97%), it)',
     "the PDF file would not show the approved text: it would contain text a reader cannot see (white or nearly white text)"),
    ("gradient", '#show link: underline', '#show link: underline\n#set text(fill: gradient.linear(white, white))',
     ("the PDF file would not show the approved text: it would contain text a reader cannot see "
      "(text painted with a pattern or gradient)")),
    ("tiny-text", '#show link: underline', '#show link: underline\n#show "anmälan": it => text(size: 1pt, it)',
     "the PDF file would not show the approved text: it would contain text a reader cannot see (text too small to read)"),
    ("words-in-the-header", 'pdf.artifact(text(size: small, page-numbers))',
     'pdf.artifact(text(size: small, [Beslut: avslag #page-numbers]))',
     ("the PDF file would not show the approved text: its page headers would contain text that is not in the document: "
      "'Beslutavslag")),
    ("a-date-in-the-footer", '#show link: underline', '#show link: underline\n#set page(footer: [2099-01-01])',
     ("the PDF file would not show the approved text: its page headers would contain text that is not in the document: "
      "'20990101")),
]


@pytest.mark.parametrize("properties", [p for _, p in WORD_HIDING], ids=[i for i, _ in WORD_HIDING])
def test_approve_refuses_a_word_file_that_hides_text(cli, project, properties):
    _hide_in_word(project, properties)
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2024-06-12",
                 cwd=project)
    refused(result, f"{SOF}: the Word file would not show the approved text",
            "templates/reference.docx is not the one utlatande ships and changes or hides text")
    assert not (project / APPROVALS).exists(), "nothing was recorded"
    assert cli("build", SOF, "--draft", cwd=project).code == 0, "a draft can still be built to look at"


@pytest.mark.parametrize("old, new, message", [c[1:] for c in PDF_HIDING], ids=[c[0] for c in PDF_HIDING])
def test_approve_refuses_a_pdf_that_differs_from_the_approved_text(cli, project, old, new, message):
    edit(project / "templates/tjansteutlatande.typ", old, new)
    assert cli("build", SOF, "--draft", "--format", "pdf", cwd=project).code == 0, "the template itself works"
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2024-06-12",
                 cwd=project)
    refused(result, f"{SOF}: {message}")
    assert not (project / APPROVALS).exists()


def test_a_final_word_file_with_hidden_text_is_never_written(cli, legacy):
    _hide_in_word(legacy, "<w:vanish/>")
    refused(cli("build", SOF, cwd=legacy), f"{SOF}: the Word file would not show the approved text")
    assert built(legacy) == []


@pytest.mark.parametrize("old, new, message", [c[1:] for c in PDF_HIDING], ids=[c[0] for c in PDF_HIDING])
def test_a_final_pdf_that_differs_from_the_approved_text_is_never_written(cli, legacy, old, new, message):
    """Approvals from before document format 2 do not cover the templates: the read-back does."""
    edit(legacy / "templates/tjansteutlatande.typ", old, new)
    refused(cli("build", SOF, cwd=legacy), f"{SOF}: {message}")
    assert built(legacy) == []


def test_a_typst_package_is_refused(cli, project):
    template = project / "templates/tjansteutlatande.typ"
    edit(template, "#let font-size = 11pt", '#import "@preview/cetz:0.3.0": canvas\n#let font-size = 11pt')
    line = line_of(template, "@preview")
    refused(cli("build", SOF, "--draft", cwd=project),
            f"templates/tjansteutlatande.typ:{line}:9: the template uses a Typst package: packages come from outside the project")


def test_a_package_named_in_a_roundabout_way_is_not_found(cli, project, tmp_path, monkeypatch):
    package = tmp_path / "data/typst/packages/local/ond/0.1.0"
    package.mkdir(parents=True)
    (package / "typst.toml").write_text('[package]\nname = "ond"\nversion = "0.1.0"\nentrypoint = "lib.typ"\n')
    (package / "lib.typ").write_text("#let size = 3pt\n")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    template = project / "templates/tjansteutlatande.typ"
    edit(template, "#let font-size = 11pt", '#import (str.from-unicode(64) + "local/ond:0.1.0"): size\n#let font-size = size')
    refused(cli("build", SOF, "--draft", "--format", "pdf", cwd=project), "templates/tjansteutlatande.typ:", "package not found")


def test_the_read_back_accepts_the_real_documents(cli, project):
    approve(cli, project, SOF)
    result = cli("build", SOF, cwd=project)
    assert result.code == 0, result.err
    assert "Attesterat av" in "\n".join(p.text for p in docx.Document(str(project / "build/sof-2024-394-starkt-skydd.docx")).paragraphs)


# 1b. Approvals from before this version ---------------------------------------------------------

FORMAT_2 = REPO / "tests/fixtures/approvals-format-2"


@pytest.fixture
def format_2(project: Path) -> Path:
    """The project with approvals recorded with document format 2, and that version's templates
    and profiles (the profile has a letterhead since), without the response written later for
    keys that version did not have, and Kungsholmen's response as it was approved (without the
    dnr the example has since)."""
    (project / ARBETSMILJO).unlink()
    shutil.copytree(FORMAT_2, project / "approvals", ignore=shutil.ignore_patterns("README.md", "templates", "organisations"))
    for folder in ("templates", "organisations"):
        for source in (FORMAT_2 / folder).iterdir():
            shutil.copy(source, project / folder / source.name)
    shutil.copy(FORMAT_3 / KUNGSHOLMEN, project / KUNGSHOLMEN)
    return project


def test_approvals_of_format_2_hold_after_the_upgrade(cli, format_2):
    result = cli("build", SOF, cwd=format_2)
    assert result.code == 0, result.err
    assert "warning" not in result.err
    text = cli("text", "build/sof-2024-394-starkt-skydd.pdf", cwd=format_2).out
    assert "Attesterat av" in text and "UTKAST" not in text
    # Kungsholmen's approval holds too, but without its dnr the document cannot be final.
    assert "not registered  1 valid" in cli("list", cwd=format_2).out
    refused(cli("build", KUNGSHOLMEN, cwd=format_2), f"{KUNGSHOLMEN}:5:1: the response has no dnr", "[dnr-missing]")
    assert _only_unregistered(cli("check", cwd=format_2))


def test_approvals_of_format_2_go_stale_when_the_templates_change(cli, format_2):
    shutil.copy(REPO / "templates/tjansteutlatande.typ", format_2 / "templates/tjansteutlatande.typ")
    refused(cli("build", SOF, cwd=format_2), "templates/tjansteutlatande.typ has changed since Veronica Wolgast Carstorp")


def test_migrate_moves_approvals_of_format_2_to_todays_format(cli, format_2):
    result = cli("approvals", "migrate", cwd=format_2)
    assert result.code == 0 and "migrated 1 approval of" in result.out, result
    assert f"document: utlatande-document/{VERSION}" in (format_2 / APPROVALS).read_text(encoding="utf-8")
    assert cli("build", SOF, cwd=format_2).code == 0


def test_editing_the_stored_text_does_not_make_a_previous_approval_hold(cli, legacy):
    for path in (legacy / SOF, *(legacy / "approvals/texts").glob("*.txt")):
        edit(path, "i vissa fall stå för anmälan", "aldrig stå för anmälan")
    refused(cli("build", SOF, cwd=legacy), "the text has changed since Lisa Cadenius", "must approve again")
    assert cli("approvals", "migrate", cwd=legacy).out == "No approvals to migrate.\n"


def test_a_hand_made_approval_in_the_previous_format_does_not_hold(cli, legacy):
    text = cli("text", KUNGSHOLMEN, cwd=legacy).out
    invented = "sha256:" + "ab" * 32
    (legacy / "approvals/texts" / f"{'ab' * 32}.txt").write_text(text, encoding="utf-8")
    (legacy / "approvals/kungsholmen-starkt-skydd.yaml").write_text(
        f'approvals:\n  - name: "Ann-Christine Hansson"\n    title: "Stadsdelsdirektör"\n    date: 2024-09-01\n'
        f"    content: {invented}\n", encoding="utf-8")
    refused(cli("build", KUNGSHOLMEN, cwd=legacy), "the text has changed since Ann-Christine Hansson")
    assert "stale" in next(line for line in cli("list", cwd=legacy).out.splitlines() if "kungsholmen" in line)

FORMAT_3 = REPO / "tests/fixtures/approved-examples-format-3"


@pytest.fixture
def format_3(tmp_path: Path) -> Path:
    """The examples as approved by the version before the document model became a package of its
    own (data format 3), with that version's templates and the fonts, which have not changed."""
    project = tmp_path / "project"
    shutil.copytree(FORMAT_3, project, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(REPO / "templates/fonts", project / "templates/fonts")
    return project


def test_approvals_of_format_3_hold_after_the_model_moved(cli, format_3):
    """The model changed (list markers, captions and the header's layout are in it now); the
    approved text did not: the approvals recorded before still hold, and the documents are final."""
    result = cli("build", SOF, cwd=format_3)
    assert result.code == 0, result.err
    assert "warning" not in result.err
    listing = cli("list", cwd=format_3).out
    # Kungsholmen's approval holds, but a final document needs the dnr that response never had.
    assert "approved        2 valid" in listing and "not registered  1 valid" in listing, listing
    for suffix in ("docx", "pdf", "html"):
        text = cli("text", f"build/sof-2024-394-starkt-skydd.{suffix}", cwd=format_3).out
        assert "Attesterat av" in text and "UTKAST" not in text, suffix
    refused(cli("build", KUNGSHOLMEN, cwd=format_3), f"{KUNGSHOLMEN}:5:1: the response has no dnr")
    assert _only_unregistered(cli("check", cwd=format_3))


def _only_unregistered(result) -> bool:
    """`check` found one problem, Kungsholmen's missing dnr, which stops its final build."""
    problems = [line for line in result.err.splitlines() if ": " in line and not line.startswith(" ")
                and ": warning: " not in line]
    return result.code == 1 and len(problems) == 1 and problems[0].endswith("[dnr-missing]")


def test_a_read_back_that_differs_with_nothing_changed_is_a_bug_not_the_template(cli, project, monkeypatch):
    """A writer that stops following the model is a bug in utlatande: said as an internal error
    (exit 70), never blamed on the officer's template, which did not change."""
    from generator.render import html

    monkeypatch.setattr(html, "item_marker", lambda block, index: "*")
    result = cli("approve", SOF, "--name", "Veronica Wolgast Carstorp", "--title", "Socialdirektör", "--date", "2024-06-12",
                 cwd=project)
    assert result.code == 70, result.err
    assert ("internal error (a bug in utlatande, not in your files): ReadBackMismatch: the HTML file would not show the "
            "text") in result.err
    assert "templates/" not in result.err
    assert not (project / APPROVALS).exists()


def test_a_read_back_that_differs_names_the_file_changed_since_the_last_approval(cli, project):
    approve(cli, project, SOF)
    _hide_in_word(project, "<w:vanish/>")
    result = cli("approve", SOF, "--name", "Lisa Cadenius", "--title", "Avdelningschef", "--date", "2024-06-13", cwd=project)
    refused(result, f"{SOF}: the Word file would not show the approved text",
            "templates/reference.docx changed since the last approval and changes or hides text")


LEGACY = REPO / "tests/fixtures/legacy-approvals"


@pytest.fixture
def legacy(project: Path) -> Path:
    """The project with approvals recorded by the previous version (tests/fixtures/legacy-approvals),
    and the wordings its documents were worded with. Its skrivelser say nothing of 'med flera',
    nor of a citation's full stop, which that version's phrases cannot print."""
    shutil.copytree(LEGACY, project / "approvals", ignore=shutil.ignore_patterns("README.md", "templates"))
    shutil.copy(LEGACY / "templates/phrases.j2", project / "templates/phrases.j2")
    edit(project / "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml", "and_others: true\n", "")
    edit(project / ARBETSMILJO, '        citation: {dash: "-", full_stop: outside}\n', "")
    return project


def test_approvals_from_the_previous_version_still_hold_with_a_notice(cli, legacy):
    result = cli("build", SOF, cwd=legacy)
    assert result.code == 0, result.err
    assert f"{APPROVALS}:4:5: warning: the approval by Veronica Wolgast Carstorp was recorded by an earlier version" in result.err
    assert "utlatande approvals migrate" in result.err
    text = cli("text", "build/sof-2024-394-starkt-skydd.pdf", cwd=legacy).out
    assert "UTKAST" not in text and "Lisa Cadenius, Avdelningschef 2024-06-13" in text
    assert "approved  2 valid" in cli("list", cwd=legacy).out


def test_migrate_binds_previous_approvals_to_todays_fingerprints(cli, legacy):
    result = cli("approvals", "migrate", cwd=legacy)
    assert result.code == 0, result.err
    assert f"migrated 2 approvals of {SOF}" in result.out
    data = (legacy / APPROVALS).read_text(encoding="utf-8")
    assert data.count(f"document: utlatande-document/{VERSION}") == 2 and 'templates/tjansteutlatande.typ: sha256:' in data
    assert "migrated_from: sha256:df30d43a" in data, "the signed one keeps what its signature covers"
    result = cli("build", SOF, cwd=legacy)
    assert result.code == 0 and "warning" not in result.err, result.err
    assert cli("approvals", "migrate", cwd=legacy).out == "No approvals to migrate.\n"
    edit(legacy / "templates/phrases.j2", "{% macro kind() %}", "{# x #}{% macro kind() %}")
    refused(cli("build", SOF, cwd=legacy), "templates/phrases.j2 has changed since Lisa Cadenius")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen (OpenSSH client) is not installed")
def test_a_migrated_signed_approval_still_proves_its_signer(cli, legacy):
    assert cli("approvals", "migrate", cwd=legacy).code == 0
    edit(legacy / APPROVALS, "date: 2024-06-13", "date: 2024-06-11")
    refused(cli("check", cwd=legacy), "the signature of the approval by Lisa Cadenius does not match the approval")


def test_a_previous_approval_of_another_text_is_stale_and_not_migrated(cli, legacy):
    edit(legacy / SOF, "i vissa fall stå för anmälan", "ibland stå för anmälan")
    refused(cli("build", SOF, cwd=legacy), "the text has changed since Veronica Wolgast Carstorp", "[-i vissa fall-]{+ibland+}")
    result = cli("approvals", "migrate", cwd=legacy)
    assert "not migrated: the text has changed since Veronica Wolgast Carstorp approved it" in result.err
    assert "document: utlatande-document/2" not in (legacy / APPROVALS).read_text(encoding="utf-8")


# 2. The project is the boundary ------------------------------------------------------------------

@pytest.fixture
def secret(tmp_path_factory) -> Path:
    """A skrivelse outside the project, with a word that must never reach a document."""
    outside = tmp_path_factory.mktemp("utanfor")
    text = (EXAMPLE / SOF_QUESTIONS).read_text(encoding="utf-8").replace("title: ", "title: HEMLIGT ", 1)
    (outside / "hemligt.yaml").write_text(text, encoding="utf-8")
    return outside / "hemligt.yaml"


@pytest.mark.parametrize("form, message", [
    ("absolute", "is an absolute path; the skrivelse must be a file inside the project"),
    ("relative", "goes up out of its folder with '..'; the skrivelse must be inside the project"),
    ("through-questions", "goes up out of its folder with '..'"),
])
def test_a_skrivelse_outside_the_project_is_refused(cli, project, secret, form, message):
    written = {"absolute": str(secret), "relative": os.path.relpath(secret, project),
               "through-questions": "questions/" + os.path.relpath(secret, project / "questions")}[form]
    edit(project / SOF, f"skrivelse: {SOF_QUESTIONS}", f"skrivelse: {written}")
    line = line_of(project / SOF, "skrivelse: ")
    result = cli("build", cwd=project)
    refused(result, f"{SOF}:{line}:12: '{written}' {message}")
    assert "HEMLIGT" not in result.err
    assert built(project) == ["kungsholmen-starkt-skydd.docx", "kungsholmen-starkt-skydd.html", "kungsholmen-starkt-skydd.pdf",
                              "sof-arbetsmiljo-socialtjansten.docx", "sof-arbetsmiljo-socialtjansten.html",
                              "sof-arbetsmiljo-socialtjansten.pdf"], "the others still build"
    refused(cli("check", cwd=project), message)


def test_a_symlink_in_questions_that_leads_outside_is_refused(cli, project, secret):
    link = project / "questions/lank.yaml"
    link.symlink_to(secret)
    edit(project / SOF, f"skrivelse: {SOF_QUESTIONS}", "skrivelse: questions/lank.yaml")
    result = cli("build", cwd=project)
    refused(result, f"{SOF}:{line_of(project / SOF, 'skrivelse: ')}:12: 'questions/lank.yaml' is a link to "
            f"{secret.resolve()}, which is outside the project")
    assert "HEMLIGT" not in result.err
    assert built(project) == ["kungsholmen-starkt-skydd.docx", "kungsholmen-starkt-skydd.html", "kungsholmen-starkt-skydd.pdf",
                              "sof-arbetsmiljo-socialtjansten.docx", "sof-arbetsmiljo-socialtjansten.html",
                              "sof-arbetsmiljo-socialtjansten.pdf"], "the others still build"
    refused(cli("check", cwd=project), "is a link to")


def test_a_symlinked_folder_that_leads_outside_is_refused(cli, project, secret):
    shutil.rmtree(project / "questions")
    (project / "questions").symlink_to(secret.parent)
    edit(project / SOF, f"skrivelse: {SOF_QUESTIONS}", "skrivelse: questions/hemligt.yaml")
    refused(cli("build", SOF, cwd=project), "which is outside the project")


def test_a_symlink_in_fragments_that_leads_outside_stops_the_build(cli, project, secret):
    outside = secret.parent / "annat.yaml"
    shutil.copy(project / "fragments/sakerhetsprogrammet-ansvar.yaml", outside)
    (project / "fragments/sakerhetsprogrammet-ansvar.yaml").unlink()
    (project / "fragments/sakerhetsprogrammet-ansvar.yaml").symlink_to(outside)
    refused(cli("build", cwd=project), "fragments/sakerhetsprogrammet-ansvar.yaml", "which is outside the project")
    assert built(project) == []
    refused(cli("check", cwd=project), "which is outside the project")


def test_an_approval_cannot_name_a_file_outside_approvals(cli, project):
    approve(cli, project, SOF)
    text = (project / APPROVALS).read_text(encoding="utf-8")
    digest = re.search(r"content: (sha256:[0-9a-f]{64})", text)[1]
    edit(project / APPROVALS, digest, "sha256:../../../etc/passwd")
    edit(project / SOF, "i vissa fall stå för anmälan", "ibland stå för anmälan")
    result = cli("build", SOF, cwd=project)
    refused(result, f"{APPROVALS}:12:14: 'sha256:../../../etc/passwd' is not a fingerprint")
    assert "root:" not in result.err


# 3. No code in data: make -----------------------------------------------------------------------

def test_make_is_safe_with_any_file_name(tmp_path):
    repo = tmp_path
    for folder in ("organisations", "fragments", "programmes", "questions", "responses", "templates"):
        shutil.copytree(EXAMPLE / folder, repo / folder)
    shutil.copy2(REPO / "Makefile", repo / "Makefile")
    evil = "x$(touch${IFS}PWNED)`touch PWNED2`;touch PWNED3.yaml"
    text = (repo / SOF).read_text(encoding="utf-8").replace("dnr: SOF 2024/394", "dnr: SOF 2024/395")
    (repo / f"responses/{evil}").write_text(text.replace(SOF_QUESTIONS, "questions/a:b c.yaml"), encoding="utf-8")
    shutil.copy(repo / SOF_QUESTIONS, repo / "questions/a:b c.yaml")
    venv = Path(sys.executable).parent.parent
    for _ in range(2):
        result = subprocess.run(["make", f"VENV={venv}", "-o", str(venv / ".installed-stamp")], cwd=repo,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert not list(repo.glob("PWNED*")) and not list((repo / "responses").glob("PWNED*"))
    assert (repo / "build" / (evil.removesuffix(".yaml") + ".pdf")).is_file(), "the name is data: the document is built"


# 5. Links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("target, message", [
    ("javascript:alert(1)", "not 'javascript:' addresses"),
    ("JavaScript:alert(1)", "not 'javascript:' addresses"),
    ("vbscript:msgbox", "not 'vbscript:' addresses"),
    ("data:text/html;base64,PHNjcmlwdD4=", "not 'data:' addresses"),
    ("file:///etc/passwd", "not 'file:' addresses"),
    ("\\\\\\\\server\\\\share", "which is not a full address"),
    ("../responses/x.yaml", "which is not a full address"),
    ("", "the link has no address"),
])
def test_links_lead_only_to_the_web_mail_and_telephone(cli, project, target, message):
    edit(project / SOF, "          Nej, i första hand", f"          Se [riktlinjerna]({target}).\n\n          Nej, i första hand")
    line = line_of(project / SOF, "riktlinjerna")
    result = cli("build", SOF, cwd=project)
    refused(result, f"{SOF}:{line}:15: ", message)
    assert built(project) == []


def test_allowed_links_reach_word_and_pdf(cli, project):
    edit(project / SOF, "          Nej, i första hand",
         "          Se [stadens sida](https://start.stockholm/), [mejla](mailto:a@stockholm.se) "
         "eller [ring](tel:+46850825000).\n\n          Nej, i första hand")
    assert cli("build", SOF, cwd=project).code == 0
    with zipfile.ZipFile(project / "build/sof-2024-394-starkt-skydd.docx") as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert all(t in rels for t in ("https://start.stockholm/", "mailto:a@stockholm.se", "tel:+46850825000"))
    reader = pypdf.PdfReader(str(project / "build/sof-2024-394-starkt-skydd.pdf"))
    uris = {a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])}
    assert {"https://start.stockholm/", "mailto:a@stockholm.se", "tel:+46850825000"} <= uris


# 6. Two approvals at the same time --------------------------------------------------------------

def test_approvals_recorded_at_the_same_time_are_all_kept(project):
    names = [f"Godkännare {n}" for n in range(8)]
    processes = [subprocess.Popen([str(UTLATANDE), "approve", SOF, "--name", name, "--title", "Chef", "--date", "2024-06-12"],
                                  cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]
    results = [(*p.communicate(timeout=300), p.returncode) for p in processes]
    assert all(code == 0 for _, _, code in results), results
    text = (project / APPROVALS).read_text(encoding="utf-8")
    assert sorted(re.findall(r'name: (Godkännare \d)', text)) == names


# 7. approve validates what it records ------------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("Karin\x01 Karlung", "the name contains the character U+0001"),
    ("Karin\ue000Karlung", "the name contains the character U+E000"),
    ("王小明", "the character '王' (U+738B) cannot be shown in the PDF"),
    ("Karin\nKarlung", "the name must be on one line"),
    ("K" * 201, "the name is longer than 200 characters"),
])
def test_approve_refuses_what_a_document_cannot_hold(cli, project, name, message):
    result = cli("approve", SOF, "--name", name, "--title", "Socialdirektör", "--date", "2024-06-12", cwd=project)
    refused(result, f"--name: {message}")
    assert not (project / "approvals").exists() or not list((project / "approvals").glob("*.yaml"))
    assert cli("build", SOF, cwd=project).code == 0


def test_what_approve_records_reads_back_exactly(cli, project):
    name = 'Karin "Kajsa" Karlung: \\ # & *a'
    approve(cli, project, SOF, name, "Avdelningschef: beredskap", "2024-06-12")
    result = cli("build", SOF, cwd=project)
    assert result.code == 0, result.err
    assert f"{name}, Avdelningschef: beredskap" in cli("text", "build/sof-2024-394-starkt-skydd.docx", cwd=project).out


# 8. Text stays text -----------------------------------------------------------------------------

@pytest.mark.parametrize("written, printed", [
    ("0755", "0755"), ("1:20", "1:20"), ("1_000", "1_000"), ("3.10", "3.10"), ("0x1F", "0x1F"), (".inf", ".inf"),
    ("12345", "12345"), ("yes", "yes"), ("2024-05-21", "2024-05-21"), ("true", "true"), ("1e3", "1e3"),
])
def test_a_value_where_text_is_expected_is_printed_as_written(cli, project, written, printed):
    edit(project / SOF, "dnr: SOF 2024/394", f"dnr: SOF 2024/394\ntitle: {written}")
    result = cli("text", SOF, cwd=project)
    assert result.code == 0, result.err
    assert f"\n{printed}\n" in result.out


@pytest.mark.parametrize("written", ["0x1F", "1_000", "1:20", ".inf", "2.0", "yes"])
def test_a_number_is_only_a_plain_decimal(cli, project, written):
    edit(project / SOF, "      - fragment: sakerhetsprogrammet-ansvar", f"      - fragment: sakerhetsprogrammet-ansvar\n        version: {written}")
    refused(cli("check", cwd=project), "'version' must be a whole number from 1")


# 9. Broken presentation files --------------------------------------------------------------------

def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


PRESENTATION = [
    ("missing-regular-font", lambda p: (p / "templates/fonts/LiberationSans-Regular.ttf").unlink(),
     "templates/fonts: the font family 'Liberation Sans' has no regular face"),
    ("truncated-font", lambda p: _truncate(p / "templates/fonts/LiberationSans-Bold.ttf"),
     "templates/fonts/LiberationSans-Bold.ttf: cannot read this font"),
    ("garbage-font", lambda p: (p / "templates/fonts/DejaVuSans.ttf").write_bytes(b"not a font" * 100),
     "templates/fonts/DejaVuSans.ttf: cannot read this font"),
    ("missing-reference", lambda p: (p / "templates/reference.docx").unlink(),
     "templates/reference.docx: the Word template is missing"),
    ("truncated-reference", lambda p: _truncate(p / "templates/reference.docx"),
     "templates/reference.docx: cannot open the Word template"),
    ("garbage-reference", lambda p: (p / "templates/reference.docx").write_bytes(b"PK\x03\x04 garbage"),
     "templates/reference.docx: cannot open the Word template"),
    ("reference-without-styles", lambda p: _with_part(p / "templates/reference.docx", "word/styles.xml",
                                                       lambda xml: re.sub(r"<w:style .*?</w:style>", "", xml, flags=re.S)),
     "templates/reference.docx: the Word template has no style named 'Layout Table'"),
    ("reference-broken-xml", lambda p: _with_part(p / "templates/reference.docx", "word/styles.xml", lambda xml: xml[:-40]),
     "templates/reference.docx: cannot open the Word template"),
    ("unknown-font-in-template", lambda p: edit(p / "templates/tjansteutlatande.typ", 'font: ("Liberation Sans"', 'font: ("Comic Sans"'),
     "templates/tjansteutlatande.typ:"),
    ("missing-typst-template", lambda p: (p / "templates/tjansteutlatande.typ").unlink(),
     "templates/tjansteutlatande.typ: the PDF template is missing"),
]


@pytest.mark.parametrize("breakage, message", [(b, m) for _, b, m in PRESENTATION], ids=[i for i, _, _ in PRESENTATION])
def test_a_broken_presentation_file_is_named(cli, project, breakage, message):
    breakage(project)
    result = cli("build", "--draft", cwd=project)
    refused(result, message)
    assert f"{SOF}:" not in result.err.replace(f"{SOF}: Typst", ""), "the response is not blamed"
    assert built(project) == []


def test_check_names_a_broken_word_template_and_font(cli, project):
    _truncate(project / "templates/reference.docx")
    _truncate(project / "templates/fonts/LiberationSans-Bold.ttf")
    refused(cli("check", cwd=project), "templates/reference.docx: cannot open the Word template",
            "templates/fonts/LiberationSans-Bold.ttf: cannot read this font")


# 10. User mistakes are user errors ----------------------------------------------------------------

def test_a_path_too_long_for_the_file_system(cli, project):
    name = "responses/" + "a" * 300 + ".yaml"
    refused(cli("build", name, cwd=project), "the file name is too long")
    edit(project / SOF, f"skrivelse: {SOF_QUESTIONS}", "skrivelse: questions/" + "b" * 260 + ".yaml")
    refused(cli("build", cwd=project), f"{SOF}:{line_of(project / SOF, 'skrivelse: ')}:12: the path of the skrivelse is too long")
    assert built(project) == ["kungsholmen-starkt-skydd.docx", "kungsholmen-starkt-skydd.html", "kungsholmen-starkt-skydd.pdf",
                              "sof-arbetsmiljo-socialtjansten.docx", "sof-arbetsmiljo-socialtjansten.html",
                              "sof-arbetsmiljo-socialtjansten.pdf"], "the others still build"


def test_yaml_nested_too_deep(cli, project):
    (project / "responses/djup.yaml").write_text("a: " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    result = cli("build", cwd=project)
    refused(result, "responses/djup.yaml:1:", "the values are nested more than 32 levels deep")
    assert "sof-2024-394-starkt-skydd.pdf" in built(project), "the others still build"


@pytest.mark.parametrize("depth", [5, 16, 200])
def test_markdown_lists_nested_too_deep(cli, project, depth):
    lists = "\n".join("          " + "    " * level + "- punkt" for level in range(depth))
    edit(project / SOF, "          Nej, i första hand", lists + "\n\n          Nej, i första hand")
    refused(cli("build", cwd=project), f"{SOF}:", "nested")
    assert "kungsholmen-starkt-skydd.pdf" in built(project)


def test_a_word_too_long_to_set(cli, project):
    edit(project / SOF, "          Nej, i första hand", "          Nej, " + "x" * 1_000_000 + " i första hand")
    line = line_of(project / SOF, "xxxx")
    refused(cli("build", cwd=project), f"{SOF}:{line}:16: a word of 1000000 characters", "words may have at most 300")
    assert "kungsholmen-starkt-skydd.pdf" in built(project)


def test_an_empty_link(cli, project):
    edit(project / SOF, "          Nej, i första hand", "          Nej, [x]() i första hand")
    refused(cli("build", cwd=project), f"{SOF}:{line_of(project / SOF, '[x]()')}:17: the link has no address")


def test_an_output_folder_that_cannot_be_written(cli, project):
    (project / "fil").write_text("a file, not a folder", encoding="utf-8")
    result = cli("build", SOF, "--out", "fil/ut", cwd=project)
    refused(result, "fil/ut/sof-2024-394-starkt-skydd.docx: cannot write the document: a part of the path is a file")


def test_a_full_disk(cli, project, monkeypatch):
    from generator import output

    def full(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    result = cli("build", SOF, cwd=project)
    refused(result, "build/sof-2024-394-starkt-skydd.docx: cannot write the document: the disk is full", "free some space")
    assert not list((project / "build").glob(".*.tmp"))


def test_a_read_only_output_folder(cli, project, monkeypatch):
    from generator import output

    def read_only(*args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(output.tempfile, "mkstemp", read_only)
    refused(cli("build", cwd=project), "build/kungsholmen-starkt-skydd.docx: cannot write the document: the folder is on a "
            "read-only disk", "build/sof-2024-394-starkt-skydd.docx: cannot write", "choose a folder you can write to with --out")


def test_a_latin1_file_in_questions(cli, project):
    (project / "questions/latin.yaml").write_bytes("title: Skrivelse om ärenden\n".encode("latin-1"))
    refused(cli("check", cwd=project), "questions/latin.yaml:1:21: the file is not UTF-8 (byte 0xe4)")
    assert cli("build", cwd=project).code == 0
    assert cli("suggest", SOF_QUESTIONS, cwd=project).code == 0


# 11. Size limits ----------------------------------------------------------------------------------

def test_a_huge_file_is_refused_at_once(cli, project):
    with open(project / "responses/stor.yaml", "w", encoding="utf-8") as stream:
        line = "nyckel: " + "ord " * 20 + "\n"
        for _ in range(50_000_000 // len(line)):
            stream.write(line)
    started = time.perf_counter()
    result = cli("build", "responses/stor.yaml", cwd=project)
    assert time.perf_counter() - started < 1
    refused(result, "responses/stor.yaml:1:1: the file is larger than 2 MB, the limit for a source file")


def test_a_document_too_long_to_build(cli, project):
    items = "".join("          - punkt\n" for _ in range(3_500))
    edit(project / SOF, "          Nej, i första hand", items + "\n          Nej, i första hand")
    started = time.perf_counter()
    result = cli("build", cwd=project)
    assert time.perf_counter() - started < 60
    refused(result, f"{SOF}:4:1: the document would have 3540 paragraphs, list items and table rows; at most 3000")
    assert "kungsholmen-starkt-skydd.pdf" in built(project)


# 12. Interrupted builds ---------------------------------------------------------------------------

def _many(project: Path, count: int) -> None:
    text = (project / SOF).read_text(encoding="utf-8")
    for number in range(count):
        (project / f"responses/kopia-{number:03}.yaml").write_text(text.replace("SOF 2024/394", f"SOF 2024/{500 + number}"),
                                                                   encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("sig, status, group", [(signal.SIGTERM, 143, False), (signal.SIGINT, 130, False),
                                                (signal.SIGINT, 130, True)], ids=["SIGTERM", "SIGINT", "Ctrl-C"])
def test_an_interrupted_build_leaves_nothing_behind(project, sig, status, group, jobs):
    # Ctrl-C in a terminal reaches every process of the group: the workers too.
    _many(project, 30)
    process = subprocess.Popen([str(UTLATANDE), "build", "-j", jobs], cwd=project, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    while not (project / "build").exists() or len(list((project / "build").iterdir())) < 4:
        time.sleep(0.02)
        assert process.poll() is None, process.communicate()
    if group:
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert "Interrupted" in err and "Traceback" not in err
    assert not [p for p in (project / "build").iterdir() if p.suffix == ".tmp"]
    for document in (project / "build").glob("*.pdf"):
        assert pypdf.PdfReader(str(document)).pages, "every file there is whole"


def test_a_batch_built_by_workers_gives_the_same_bytes_as_each_response_built_alone(cli, project):
    _many(project, 9)
    result = cli("build", "-j", "2", "--out", "batch", cwd=project)
    assert result.code == 0, result.err
    responses = sorted((project / "responses").glob("*.yaml"))
    for response in responses:
        assert cli("build", str(response.relative_to(project)), "--out", "alone", cwd=project).code == 0
    batch = sorted((project / "batch").iterdir())
    assert len(batch) == 3 * len(responses) == 36
    for document in batch:
        assert document.read_bytes() == (project / "alone" / document.name).read_bytes(), document.name


def test_a_changed_fragment_rebuilds_exactly_its_users_with_workers(cli, project):
    _many(project, 9)
    assert cli("build", "--changed", "-j", "2", cwd=project).code == 0
    assert "Nothing to build" in cli("build", "--changed", "-j", "2", cwd=project).out
    fragment = project / "fragments/sakerhetsprogrammet-ansvar.yaml"
    fragment.write_text(fragment.read_text(encoding="utf-8").replace("säkerhet", "trygghet", 1), encoding="utf-8")
    result = cli("build", "--changed", "-j", "2", cwd=project)
    assert result.code == 0, result.err
    rebuilt = sorted(line.removeprefix("wrote build/") for line in result.out.splitlines() if line.startswith("wrote "))
    users = sorted(f"{p.stem}{suffix}" for p in (project / "responses").glob("*.yaml") if p.stem != "kungsholmen-starkt-skydd"
                   for suffix in (".docx", ".pdf", ".html"))
    assert rebuilt == users and len(users) == 33


def test_a_problem_in_one_response_does_not_stop_the_workers(cli, project):
    _many(project, 9)
    edit(project / "responses/kopia-004.yaml", "date: 2024-06-10", "date: 2024-06-31")
    result = cli("build", "-j", "2", cwd=project)
    assert result.code == 1 and "responses/kopia-004.yaml:5:7: '2024-06-31' is not a real date" in result.err
    assert len(built(project)) == 3 * 11 and "kopia-004.pdf" not in built(project)


def test_leftovers_of_a_killed_build_are_removed(cli, project):
    (project / "build").mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    leftover = project / f"build/.utlatande.{dead.pid}.k2j4h.tmp"
    leftover.write_bytes(b"%PDF-half")
    alive = project / f"build/.utlatande.{os.getpid()}.abcde.tmp"
    alive.write_bytes(b"in progress elsewhere")
    assert cli("build", SOF, cwd=project).code == 0
    assert not leftover.exists(), "a dead process's temporary file is removed"
    assert alive.exists(), "a living process's temporary file is left alone"


def test_kill_9_mid_build_then_build_again(project):
    _many(project, 30)
    process = subprocess.Popen([str(UTLATANDE), "build"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not (project / "build").exists() or len(list((project / "build").iterdir())) < 4:
        time.sleep(0.01)
    process.kill()
    process.wait()
    result = subprocess.run([str(UTLATANDE), "build"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not [p for p in (project / "build").iterdir() if p.name.endswith(".tmp")]


def test_ctrl_c_while_the_program_loads_ends_quietly(monkeypatch, capsys):
    from generator import entry, interrupts

    class Loading(types.ModuleType):
        def __getattr__(self, name):
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "generator.cli", Loading("generator.cli"))
    monkeypatch.setattr(interrupts, "install", lambda: None)
    with pytest.raises(SystemExit) as exit:
        entry.main()
    assert exit.value.code == 130 and "Traceback" not in capsys.readouterr().err


# 13. Output collisions ----------------------------------------------------------------------------

def test_two_responses_with_the_same_name_are_refused(cli, project):
    (project / "utkast").mkdir()
    shutil.copy(project / SOF, project / "utkast/sof-2024-394-starkt-skydd.yaml")
    result = cli("build", SOF, "utkast/sof-2024-394-starkt-skydd.yaml", cwd=project)
    refused(result, f"{SOF} and utkast/sof-2024-394-starkt-skydd.yaml would both be built as sof-2024-394-starkt-skydd.*")
    assert built(project) == []


@pytest.mark.parametrize("folder", ["templates", "responses", "questions", "templates/fonts", "approvals"])
def test_documents_are_never_written_into_the_sources(cli, project, folder):
    before = {p: p.read_bytes() for p in (project / "templates").rglob("*") if p.is_file()}
    refused(cli("build", "--out", folder, cwd=project), "documents may not be written among the sources")
    assert before == {p: p.read_bytes() for p in (project / "templates").rglob("*") if p.is_file()}


def test_a_redline_is_never_written_over_a_source(cli, project):
    refused(cli("redline", SOF, SOF, "-o", "responses/kungsholmen-starkt-skydd.yaml", cwd=project),
            "documents may not be written among the sources")


# 14. Smaller ---------------------------------------------------------------------------------------

def test_an_escaped_less_than_sign_is_printed(cli, project):
    edit(project / SOF, "          Nej, i första hand", "          Ett &lt;b> och a &lt;3 b.\n\n          Nej, i första hand")
    result = cli("text", SOF, cwd=project)
    assert "Ett <b> och a <3 b." in result.out


def test_a_trailing_tab_is_harmless(cli, project):
    edit(project / SOF, "date: 2024-06-10", "date: 2024-06-10\t")
    assert cli("check", cwd=project).code == 0


def test_new_writes_a_title_with_a_line_break_as_one_comment(cli, project):
    edit(project / SOF_QUESTIONS, "title: ", 'title: "Skrivelse om\\nstärkt skydd\\ndnr: KS 2020/1"\nxtitle: ')
    text = (project / SOF_QUESTIONS).read_text(encoding="utf-8")
    (project / SOF_QUESTIONS).write_text(re.sub(r"\nxtitle: .*", "", text), encoding="utf-8")
    result = cli("new", SOF_QUESTIONS, "--date", "2024-06-10", "--out", "responses/ny.yaml", cwd=project)
    assert result.code == 0, result.err
    assert "#   title:    Skrivelse om stärkt skydd dnr: KS 2020/1\n" in (project / "responses/ny.yaml").read_text(encoding="utf-8")
    result = cli("text", "responses/ny.yaml", cwd=project)
    assert result.code == 0, result.err
    assert "appears twice" not in result.err


# Found in review ----------------------------------------------------------------------------------

def test_a_bidirectional_override_is_refused_where_it_is_written(cli, project):
    edit(project / SOF, "stå för anmälan", "stå för \u202eanmälan")
    line = line_of(project / SOF, "\u202e")
    refused(cli("check", cwd=project), f"{SOF}:{line}:", "character U+202E at position",
            "would reorder the printed text (a bidirectional override)")


@pytest.mark.parametrize("name, message", [
    ("Anna\u202eSSON", "the name contains the character U+202E, which would reorder the printed text"),
    ("Anna\tSSON", "the name must be on one line, without tabs"),
    ("Anna\u2028SSON", "the name must be on one line, without tabs"),
])
def test_approve_refuses_names_that_would_not_print_as_written(cli, project, name, message):
    result = cli("approve", SOF, "--name", name, "--title", "Chef", "--date", "2024-06-12", cwd=project)
    refused(result, f"--name: {message}")


@pytest.mark.parametrize("markdown, heading", [("#### Fyra", "#### Fyra"), ("# Ett\n\n          ### Tre", "### Tre")])
def test_a_heading_that_skips_a_level_is_the_officers_mistake(cli, project, markdown, heading):
    edit(project / SOF, "          Nej, i första hand", f"          {markdown}\n\n          Nej, i första hand")
    line = line_of(project / SOF, heading)
    refused(cli("build", SOF, cwd=project), f"{SOF}:{line}:11: the heading '{heading}' skips a level")


def test_a_backslash_escapes_a_less_than_sign(cli, project):
    edit(project / SOF, "          Nej, i första hand", "          Ett \\<b> och a \\<3 b.\n\n          Nej, i första hand")
    assert "Ett <b> och a <3 b." in cli("text", SOF, cwd=project).out


@pytest.mark.parametrize("target", ["http://", "https:javascript:alert(1)", "mailto:", "tel:"])
def test_an_incomplete_link_is_refused(cli, project, target):
    edit(project / SOF, "          Nej, i första hand", f"          Se [här]({target}).\n\n          Nej, i första hand")
    refused(cli("build", SOF, cwd=project), f"the link's address '{target}' is not complete")


@pytest.mark.parametrize("breakage, message", [
    (lambda t: t.write_bytes(t.read_bytes() + b"\xff\xfe"), "templates/phrases.j2: the template is not UTF-8"),
    (lambda t: edit(t, "{% macro kind() %}", "{% macro kind() %}{% for x in range(10**9) %}{% endfor %}"),
     "templates/phrases.j2:5: template error: OverflowError: Range too big"),
    (lambda t: edit(t, "{% macro kind() %}", "{% macro kind() %}{{ ''.__class__ }}"),
     "templates/phrases.j2:5: template error: access to attribute '__class__' of 'str' object is unsafe"),
], ids=["not-utf8", "huge-loop", "sandbox"])
def test_a_broken_wording_template_is_named_at_its_line(cli, project, breakage, message):
    breakage(project / "templates/phrases.j2")
    result = cli("build", "--draft", cwd=project)
    refused(result, message)
    assert result.err.count(message) == 1, "said once, not once per response"


@pytest.mark.parametrize("folder", [".git", "TEMPLATES", "Responses/sub"])
def test_documents_are_never_written_into_sources_whatever_the_case(cli, project, folder):
    refused(cli("build", "--out", folder, cwd=project), "documents may not be written among the sources")


def test_responses_whose_names_differ_only_in_case_are_refused(cli, project):
    shutil.copy(project / SOF, project / "responses/SOF-2024-394-starkt-skydd.yaml")
    refused(cli("build", cwd=project), "would both be built as")


def test_the_longest_response_name_still_builds(cli, project):
    name = "r" * 250 + ".yaml"
    shutil.copy(project / SOF, project / "responses" / name)
    edit(project / "responses" / name, "SOF 2024/394", "SOF 2024/399")
    result = cli("build", f"responses/{name}", cwd=project)
    assert result.code == 0, result.err
    assert len(built(project)) == 3


def test_many_values_without_aliases_get_a_fitting_hint(cli, project):
    (project / "responses/stor.yaml").write_text("".join(f"k{n}: v\n" for n in range(60_000)), encoding="utf-8")
    result = cli("build", "responses/stor.yaml", cwd=project)
    refused(result, "the file has more than 50000 values", "is it a source file?")
    assert "aliases" not in result.err


def test_approvals_leave_no_lock_file_among_the_sources(cli, project):
    approve(cli, project, SOF)
    assert sorted(p.name for p in (project / "approvals").iterdir()) == ["sof-2024-394-starkt-skydd.yaml", "texts"]


def test_final_documents_are_removed_once_their_approval_goes_stale(cli, project):
    approve(cli, project, SOF)
    assert cli("build", SOF, cwd=project).code == 0
    edit(project / SOF, "i vissa fall stå för anmälan", "ibland stå för anmälan")
    result = cli("build", SOF, cwd=project)
    refused(result, "must approve again", "removed sof-2024-394-starkt-skydd.docx, sof-2024-394-starkt-skydd.pdf")
    assert built(project) == []


@pytest.mark.parametrize("stray, message", [
    ("x.yml", "warning: this file is not read: sources end in '.yaml', not '.yml'"),
    ("y.YAML", "warning: this file is not read: sources end in '.yaml', not '.YAML'"),
])
def test_check_names_files_that_are_never_read(cli, project, stray, message):
    shutil.copy(project / SOF, project / "responses" / stray)
    assert message in cli("check", cwd=project).err


def test_check_names_a_folder_or_broken_link_in_place_of_a_source(cli, project):
    (project / "responses/mapp.yaml").mkdir()
    (project / "responses/trasig.yaml").symlink_to(project / "finns-inte.yaml")
    result = cli("check", cwd=project)
    refused(result, "responses/mapp.yaml: this is not a file", "responses/trasig.yaml: this is not a file")
