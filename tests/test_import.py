"""Importing received skrivelser: every question exactly right, from text, PDF and Word."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
import yaml

from generator.intake.importer import _dehyphenate, read_skrivelse_text
from generator.intake.skrivelse_yaml import question_ids
from generator.intake.textsource import pages_of
from tests import layouts
from tests.conftest import REPO

SEEDS = REPO / "tests/fixtures/seeds"
CASES = {
    "000": ("000-skrivelse-hasselby-vallingby.txt", "questions/hasselby-vallingby-liberalerna-starkt-skydd.yaml"),
    "002": ("002-skrivelse-moderaterna.txt", "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml"),
}


def expected(case: str) -> dict:
    """The reviewed skrivelse in questions/: the questions as they really read."""
    return yaml.safe_load((REPO / CASES[case][1]).read_text(encoding="utf-8"))


def expected_questions(case: str) -> list[str]:
    return [" ".join(q["text"].split()) for q in expected(case)["questions"]]


def as_skrivelse(case: str) -> layouts.Skrivelse:
    data = expected(case)
    paragraphs = [" ".join(paragraph.split()) for paragraph in data["preamble"].strip().split("\n\n")]
    return layouts.Skrivelse(data["title"], paragraphs, data["lead_in"],
                             expected_questions(case), data["numbering"] == "numbered")


def imported(path: Path):
    return read_skrivelse_text(pages_of(path), path)


@pytest.mark.parametrize("case", CASES)
def test_seed_text_files(case):
    found = imported(SEEDS / CASES[case][0])
    assert [q.text for q in found.questions] == expected_questions(case)
    assert found.numbered == (expected(case)["numbering"] == "numbered")
    assert found.lead_in == expected(case)["lead_in"]


def test_seed_000_details():
    found = imported(SEEDS / CASES["000"][0])
    assert found.title == "Skrivelse om behovet av stärkt skydd och stöd för socialtjänstens medarbetare"
    assert found.party == "Liberalerna"
    assert len(found.preamble) == 3 and found.preamble[0].startswith("Socialtjänsten är en välfärdsservice")
    assert found.authors == [] and found.date is None and found.addressee is None, "not in the seed: left as TODO"


@pytest.mark.parametrize("layout", layouts.PDF_LAYOUTS)
@pytest.mark.parametrize("case", CASES)
def test_generated_pdfs(case, layout, tmp_path):
    path = layouts.pdf(as_skrivelse(case), layout, tmp_path / f"{case}.pdf")
    pages = len(pypdf.PdfReader(str(path)).pages)
    if layout == "two-pages":
        assert pages >= 2
    found = imported(path)
    assert [q.text for q in found.questions] == expected_questions(case)
    assert found.title == expected(case)["title"]
    assert found.lead_in == expected(case)["lead_in"]


def test_narrow_columns_really_hyphenate(tmp_path):
    path = layouts.pdf(as_skrivelse("000"), "narrow-columns", tmp_path / "000.pdf")
    raw = "".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)
    # Typst writes its hyphenation breaks (and, in extracted text, every hyphen) as U+00AD.
    breaks = [line for line in raw.splitlines() if line.rstrip().endswith("\u00ad") and line.rstrip()[-2:-1].islower()]
    assert len(breaks) >= 5


@pytest.mark.parametrize("numbering", ["style", "direct", "typed"])
@pytest.mark.parametrize("case", CASES)
def test_generated_word_files(case, numbering, tmp_path):
    path = layouts.word(as_skrivelse(case), tmp_path / f"{case}.docx", numbering)
    found = imported(path)
    assert [q.text for q in found.questions] == expected_questions(case)
    assert found.numbered == (expected(case)["numbering"] == "numbered")


@pytest.mark.parametrize("lines, joined", [
    (["stadsdels-", "förvaltningens arbete"], ["stadsdelsförvaltningens arbete"]),
    (["individ- och", "familjeomsorg"], ["individ- och", "familjeomsorg"]),
    (["stadsdelsnämndernas individ-", "och familjeomsorg"], ["stadsdelsnämndernas individ- och familjeomsorg"]),
    (["HR-", "avdelningen"], ["HR-avdelningen"]),
    (["Hässelby-", "Vällingby"], ["Hässelby-Vällingby"]),
    (["social\u00adsekre\u00ad", "terare"], ["socialsekreterare"]),
    (["år 2024-", "2027"], ["år 2024-2027"]),
    (["Har Hässelby\u00adVälling\u00ad", "by en"], ["Har Hässelby-Vällingby en"]),
    (["individ\u00ad och familjeomsorg"], ["individ- och familjeomsorg"]),
])
def test_hyphens_at_line_ends(lines, joined):
    assert _dehyphenate(lines) == joined


def test_a_lead_in_that_shares_a_paragraph_with_the_preamble():
    pages = [["Skrivelse om något", "", "Bakgrund i en mening. Med anledning av detta vill vi ställa följande frågor:",
              "1. Första frågan?", "2. Andra frågan?"]]
    found = read_skrivelse_text(pages, Path("x.txt"))
    assert found.preamble == ["Bakgrund i en mening."]
    assert found.lead_in == "Med anledning av detta vill vi ställa följande frågor:"


def test_page_numbers_and_running_headers_are_dropped():
    pages = [
        ["Liberalerna i Stockholm", "Skrivelse om något", "", "Text här.", "", "Med anledning av detta vill vi ställa följande frågor:", "1. Första", "frågan?", "Sida 1 av 2"],
        ["Liberalerna i Stockholm", "2. Andra frågan?", "- 2 -"],
    ]
    found = read_skrivelse_text(pages, Path("x.pdf"))
    assert [q.text for q in found.questions] == ["Första frågan?", "Andra frågan?"]


# The command -----------------------------------------------------------------------------------

def test_import_writes_a_skrivelse_and_says_what_it_found(cli, project):
    result = cli("import", str(SEEDS / CASES["000"][0]), cwd=project)
    assert result.code == 0, result.err
    target = project / "questions/liberalerna-behovet-av-starkt-skydd-och-stod.yaml"
    assert f"wrote {Path('questions/liberalerna-behovet-av-starkt-skydd-och-stod.yaml')}" in result.out
    assert "  party:     Liberalerna" in result.out and "  to:        TODO" in result.out
    assert "  questions: 4 (numbered)" in result.out
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [" ".join(q["text"].split()) for q in written["questions"]] == expected_questions("000")
    assert written["to"] is None and "# TODO: the nämnd it is addressed to" in target.read_text(encoding="utf-8")
    check = cli("check", cwd=project)
    assert check.code == 1 and "liberalerna-behovet-av-starkt-skydd-och-stod.yaml:10:1: 'to' has no value" in check.err


def test_import_never_overwrites(cli, project):
    assert cli("import", str(SEEDS / CASES["002"][0]), "--out", "questions/m.yaml", cwd=project).code == 0
    before = (project / "questions/m.yaml").read_bytes()
    result = cli("import", str(SEEDS / CASES["000"][0]), "--out", "questions/m.yaml", cwd=project)
    assert result.code == 1 and "this file already exists; nothing was written" in result.err
    assert (project / "questions/m.yaml").read_bytes() == before


def _nothing_written(project: Path, before: set[str]) -> bool:
    return {p.name for p in (project / "questions").iterdir()} == before


def test_not_a_skrivelse(cli, project, tmp_path):
    letter = tmp_path / "brev.txt"
    letter.write_text("Hej!\n\nTack för senast. Vi ses på mötet.\n\nMed vänlig hälsning\nKarin\n", encoding="utf-8")
    before = {p.name for p in (project / "questions").iterdir()}
    result = cli("import", str(letter), cwd=project)
    assert result.code == 1
    assert "no questions found: this does not look like a skrivelse" in result.err
    assert _nothing_written(project, before)


def test_scanned_pdf_without_text(cli, project, tmp_path):
    source = tmp_path / "scan.typ"
    source.write_text('#set page(width: 10cm, height: 10cm)\n#rect(width: 8cm, height: 6cm, fill: luma(200))\n', encoding="utf-8")
    scan = tmp_path / "scan.pdf"
    import typst
    scan.write_bytes(typst.compile(str(source)))
    before = {p.name for p in (project / "questions").iterdir()}
    result = cli("import", str(scan), cwd=project)
    assert result.code == 1 and "the PDF has no text layer: it looks like a scanned image" in result.err
    assert "OCR" in result.err and _nothing_written(project, before)


def test_encrypted_pdf(cli, project, tmp_path):
    plain = layouts.pdf(as_skrivelse("000"), "two-pages", tmp_path / "plain.pdf")
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="hemligt", owner_password="hemligt")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as stream:
        writer.write(stream)
    before = {p.name for p in (project / "questions").iterdir()}
    result = cli("import", str(locked), cwd=project)
    assert result.code == 1 and "the PDF is encrypted and needs a password to open" in result.err
    assert _nothing_written(project, before)


def test_unreadable_word_file(cli, project, tmp_path):
    broken = tmp_path / "skadad.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    before = {p.name for p in (project / "questions").iterdir()}
    result = cli("import", str(broken), cwd=project)
    assert result.code == 1 and "cannot read this Word file" in result.err and "Traceback" not in result.err
    assert _nothing_written(project, before)


def test_unsupported_file_type(cli, project, tmp_path):
    odd = tmp_path / "skrivelse.odt"
    odd.write_bytes(b"x")
    result = cli("import", str(odd), cwd=project)
    assert result.code == 1 and "cannot import a '.odt' file" in result.err


def test_question_ids_are_short_whole_words_and_unique():
    ids = question_ids([
        "Förekommer övningscenarier inom varje stadsdelsnämnd för att bibehålla en beredskap?",
        "Hur säkerställs likvärdigheten i skyddsarbetet?",
        "Hur säkerställs likvärdigheten i skyddsarbetet?",
        "Och hur?",
    ])
    assert ids == ["forekommer-ovningscenarier",
                   "sakerstalls-likvardigheten-skyddsarbetet", "sakerstalls-likvardigheten-skyddsarbetet-2", "fraga"]


@pytest.mark.parametrize("out, schema", [
    ("questions/m.yaml", "../schemas/skrivelse.schema.json"),
    ("questions/inkomna/2024/m.yaml", "../../../schemas/skrivelse.schema.json"),
    ("../utanfor.yaml", None),
])
def test_the_editor_schema_is_found_from_where_the_file_is_written(cli, project, out, schema):
    assert cli("import", str(SEEDS / CASES["002"][0]), "--out", out, cwd=project).code == 0
    first = (project / out).read_text(encoding="utf-8").splitlines()[0]
    if schema is None:
        assert "yaml-language-server" not in first, "outside the project there is no schema to point to"
    else:
        assert first == f"# yaml-language-server: $schema={schema}"
        assert (project / out).parent.joinpath(schema).resolve() == (project / "schemas/skrivelse.schema.json").resolve()
