"""Importing received skrivelser: every question exactly right, from text, PDF and Word."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import re
import time
from pathlib import Path

import pypdf
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.checks.skrivelser import namnd_key, normalised
from generator.errors import SourceError
from generator.intake.importer import _dehyphenate, read_skrivelse_text
from generator.intake.skrivelse_yaml import question_ids, skrivelse_yaml
from generator.intake.textsource import pages_of
from generator.sources.read import read_skrivelse
from generator.sources.topic import topic_from_title
from tests import layouts
from tests.conftest import REPO, examples

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


#: Every kind of file a skrivelse arrives as, generated: the two PDF layouts, Word and text.
FORMS = {
    "pdf-narrow-columns": lambda s, path: layouts.pdf(s, "narrow-columns", path.with_suffix(".pdf")),
    "pdf-two-pages": lambda s, path: layouts.pdf(s, "two-pages", path.with_suffix(".pdf")),
    "word": lambda s, path: layouts.word(s, path.with_suffix(".docx"), "style"),
    "text": lambda s, path: layouts.text(s, path.with_suffix(".txt")),
}


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


# The addressee and date on one line above the body ------------------------------------------------

HEADS = {
    "one-space": lambda to: layouts.Head(to, "2024-10-20", wide=False),
    "far-apart": lambda to: layouts.Head(to, "2024-10-20", wide=True),
    "written-date": lambda to: layouts.Head(to, "20 oktober 2024", wide=True),
}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("head", HEADS)
@pytest.mark.parametrize("case", CASES)
def test_the_addressee_and_date_line_gives_to_and_date(case, head, form, tmp_path):
    to = expected(case)["to"]
    skrivelse = dataclasses.replace(as_skrivelse(case), head=HEADS[head](to))
    found = imported(FORMS[form](skrivelse, tmp_path / case))
    assert (found.addressee, found.date) == (to, dt.date(2024, 10, 20))
    assert found.preamble == skrivelse.paragraphs, "the line is not a paragraph of the preamble"
    assert found.title == expected(case)["title"]
    assert [q.text for q in found.questions] == expected_questions(case)


def _with_head(head: str, preamble: str) -> list[list[str]]:
    return [[head, "Skrivelse om något", "", preamble, "", "Vi vill ställa följande frågor:", "1. Första?", "2. Andra?"]]


def test_the_line_goes_before_a_nämnd_and_a_date_named_in_passing():
    found = read_skrivelse_text(_with_head("Till socialnämnden, den 3 Maj 2024",
                                           "Kungsholmens stadsdelsnämnd beslutade 2023-01-01 om detta."), Path("x.txt"))
    assert (found.addressee, found.date) == ("Socialnämnden", dt.date(2024, 5, 3))
    assert found.preamble == ["Kungsholmens stadsdelsnämnd beslutade 2023-01-01 om detta."]


@pytest.mark.parametrize("head", ["Stockholm 2024-10-20", "Socialnämnden 2024-02-30", "Socialnämnden"])
def test_a_line_that_is_not_a_nämnd_and_a_real_date_is_left_as_text(head):
    found = read_skrivelse_text([[head, "", "Skrivelse om något", "", "Text.", "", "1. Första?"]], Path("x.txt"))
    assert found.preamble == [head, "Text."]


def test_a_nämnd_and_date_wrapped_onto_a_line_of_their_own_inside_the_text_stay_text():
    paragraph = ["Det här är ett långt stycke", "som fortsätter på flera rader", "om det som hände", "i stadsdelen",
                 "där det sedan beslutade", "Socialnämnden 2024-10-20", "att gå vidare."]
    found = read_skrivelse_text([["Skrivelse om något", "", *paragraph, "", "1. Första?"]], Path("x.txt"))
    assert found.preamble == [" ".join(paragraph)] and found.date == dt.date(2024, 10, 20)
    assert found.addressee == "Socialnämnden", "found in the text, as before"


# The topic ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, topic", [
    ("Skrivelse om stärkt skydd", "stärkt skydd"),
    ("Skrivelse angående arbetsmiljö", "arbetsmiljö"),
    ("Skrivelse gällande hemtjänsten", "hemtjänsten"),
    ("Skrivelse rörande  hot och våld", "hot och våld"),
    ("Skrivelse kring socialtjänstens arbetsmiljö", "socialtjänstens arbetsmiljö"),
    ("Skrivelse beträffande larmet", "larmet"),
    ("Skrivelse avseende larmet", "larmet"),
    ("Skrivelse från Moderaterna om hemtjänsten", "hemtjänsten"),
    ("Skrivelse från Liberalerna angående arbetsmiljö", "arbetsmiljö"),
    ("Skrivelse från Liberalerna och Centerpartiet till socialnämnden gällande X", "X"),
    ("Skrivelse från Liberalerna angående frågan om hot", "frågan om hot"),
    ("SKRIVELSE OM ARBETSMILJÖ", "ARBETSMILJÖ"),
    ("Skrivelse från Liberalerna", None),
    ("Skrivelse", None),
    ("Skrivelse om", None),
    ("Skrivelse med anledning av larmet", None),
])
def test_the_topic_from_the_title(title, topic):
    assert topic_from_title(title) == topic


def test_the_loader_derives_the_topic_by_the_same_rule(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("title: Skrivelse från Liberalerna angående arbetsmiljö\nparty: {name: Liberalerna, abbreviation: L}\n"
                    "to: Socialnämnden\nquestions:\n  - {id: a, text: Hur?}\n", encoding="utf-8")
    assert read_skrivelse(path, tmp_path).topic == "arbetsmiljö"


#: A preamble whose first sentence does not name what the letter is about.
UNNAMED = ["Med anledning av det som har hänt vill vi veta mer om hur nämnden arbetar."]
TITLED = {
    "angaende": ("Skrivelse angående socialtjänstens arbetsmiljö", None, "socialtjänstens arbetsmiljö"),
    "fran-gallande": ("Skrivelse från Moderaterna gällande socialtjänstens arbetsmiljö", None, "socialtjänstens arbetsmiljö"),
    "from-the-text": ("Skrivelse från Moderaterna", None, "socialtjänstens arbetsmiljö"),
    "no-topic": ("Skrivelse från Moderaterna", UNNAMED, None),
}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("titled", TITLED)
def test_the_topic_of_an_imported_skrivelse(titled, form, tmp_path):
    title, preamble, topic = TITLED[titled]
    skrivelse = dataclasses.replace(as_skrivelse("002"), title=title)
    found = imported(FORMS[form](dataclasses.replace(skrivelse, paragraphs=preamble or skrivelse.paragraphs), tmp_path / "s"))
    assert (found.title, found.topic) == (title, topic)
    written = skrivelse_yaml(found, "s.pdf")
    if titled == "from-the-text":
        assert "\ntopic: socialtjänstens arbetsmiljö   # read from the letter's text: check it" in written
    elif topic:
        assert "topic" not in written, "the loader derives it, by the same rule"
    else:
        assert "\ntopic:  # TODO: what the skrivelse is about" in written
        assert yaml.safe_load(written)["topic"] is None


def _without(project: Path, *skrivelser: str) -> Path:
    """The example project holds the seeds' skrivelser already; a test of a first import removes them."""
    for name in skrivelser:
        (project / "questions" / name).unlink()
    return project


def test_the_summary_of_an_imported_skrivelse_names_its_topic(cli, project, tmp_path):
    _without(project, "moderaterna-socialtjanstens-arbetsmiljo.yaml")
    skrivelse = dataclasses.replace(as_skrivelse("002"), title="Skrivelse från Moderaterna angående hot mot socialsekreterare",
                                    head=layouts.Head("Socialnämnden", "2024-10-20", wide=True))
    source = layouts.word(skrivelse, tmp_path / "skrivelse.docx", "direct")
    result = cli("import", str(source), cwd=project)
    assert result.code == 0, result.err
    target = "questions/2024-10-20-moderaterna-hot-mot-socialsekreterare.yaml"
    assert f"wrote {Path(target)}" in result.out
    assert "  topic:     hot mot socialsekreterare" in result.out and "  to:        Socialnämnden" in result.out
    assert "Fill in the 1 TODO in" in result.out, "only the authors"
    result = cli("new", target, "--date", "2024-11-01", "--out", "responses/ny.yaml", cwd=project)
    assert result.code == 0, result.err
    assert ("har i en skrivelse från den 20 oktober 2024 ställt frågor till socialnämnden om hot mot socialsekreterare."
            in (project / "responses/ny.yaml").read_text(encoding="utf-8"))


def test_import_without_a_topic_says_so(cli, project, tmp_path):
    _without(project, "moderaterna-socialtjanstens-arbetsmiljo.yaml")
    source = layouts.text(dataclasses.replace(as_skrivelse("002"), title="Skrivelse från Moderaterna", paragraphs=UNNAMED),
                          tmp_path / "s.txt")
    result = cli("import", str(source), cwd=project)
    assert result.code == 0, result.err
    assert "  topic:     TODO" in result.out and "Fill in the 3 TODOs in" in result.out  # topic, authors, date


# A skrivelse already in questions/ -------------------------------------------------------------

@pytest.mark.parametrize("form", FORMS)
def test_import_refuses_a_skrivelse_already_in_questions(cli, project, form, tmp_path):
    skrivelse = dataclasses.replace(as_skrivelse("002"), head=layouts.Head("Socialnämnden", "2024-10-20", wide=False))
    source = FORMS[form](skrivelse, tmp_path / "inkommen")
    before = {p.name for p in (project / "questions").iterdir()}
    result = cli("import", str(source), cwd=project)
    assert result.code == 1
    assert "already imported as questions/moderaterna-socialtjanstens-arbetsmiljo.yaml; nothing was written" in result.err
    assert "--even-if-imported" in result.err and _nothing_written(project, before)


def test_import_again_when_asked_and_check_names_the_first(cli, project):
    result = cli("import", str(SEEDS / CASES["000"][0]), "--even-if-imported", cwd=project)
    assert result.code == 0, result.err
    assert "note: questions/hasselby-vallingby-liberalerna-starkt-skydd.yaml has the same questions" in result.out
    second = "questions/liberalerna-behovet-av-starkt-skydd-och-stod.yaml"
    assert (project / second).is_file()
    found = [p for p in json.loads(cli("check", "--output-format", "json", cwd=project).out)
             if p["code"] == "skrivelse-duplicate"]
    line = next(n for n, text in enumerate((project / second).read_text(encoding="utf-8").splitlines(), 1)
                if text == "questions:")
    assert found == [{"file": second, "line": line, "column": 1, "code": "skrivelse-duplicate", "level": "warning",
                      "message": "this skrivelse is already in questions/hasselby-vallingby-liberalerna-starkt-skydd.yaml: "
                                 "the same questions to the same nämnd",
                      "hint": "keep one file: delete the other, and let the responses that name it name the one you keep"}]


def test_a_fresh_import_with_todos_counts_as_imported(cli, project):
    _without(project, "hasselby-vallingby-liberalerna-starkt-skydd.yaml")
    assert cli("import", str(SEEDS / CASES["000"][0]), "--out", "questions/a.yaml", cwd=project).code == 0
    result = cli("import", str(SEEDS / CASES["000"][0]), "--out", "questions/b.yaml", cwd=project)
    assert result.code == 1 and "already imported as questions/a.yaml" in result.err
    assert not (project / "questions/b.yaml").exists()


def test_importing_again_as_asked_writes_a_file_of_its_own_with_an_ascii_name(cli, project):
    _without(project, "hasselby-vallingby-liberalerna-starkt-skydd.yaml")
    seed = project / "skrivelse.txt"
    seed.write_text((SEEDS / CASES["000"][0]).read_text(encoding="utf-8").replace("Liberalerna", "Vänsterpartiet"),
                    encoding="utf-8")
    first = cli("import", str(seed), cwd=project)
    assert first.code == 0, first.err
    (written,) = [line.removeprefix("wrote ") for line in first.err.splitlines() + first.out.splitlines()
                  if line.startswith("wrote ")]
    assert written.isascii() and "vansterpartiet" in written, written
    again = cli("import", str(seed), "--even-if-imported", cwd=project)
    assert again.code == 0, again.err
    assert (project / written.replace(".yaml", "-2.yaml")).is_file()
    assert (project / written).read_text(encoding="utf-8") == (project / written.replace(".yaml", "-2.yaml")).read_text(encoding="utf-8")


def _copy_of(project: Path, name: str, copy: str, change) -> None:
    text = (project / "questions" / name).read_text(encoding="utf-8")
    (project / "questions" / copy).write_text(change(text), encoding="utf-8")


def _duplicates(cli, project) -> list[dict]:
    problems = json.loads(cli("check", "--output-format", "json", cwd=project).out)
    return [p for p in problems if p["code"] == "skrivelse-duplicate"]


def test_the_same_questions_written_differently_are_the_same_skrivelse(cli, project):
    def reworded(text: str) -> str:
        text = text.replace("Vilka skyddsåtgärder finns", "VILKA  skydds\u00adåtgärder finns")
        return text.replace("individ- och", "individ – och").replace("title: Skrivelse om", "title: Skrivelse angående")
    _copy_of(project, "moderaterna-socialtjanstens-arbetsmiljo.yaml", "zz-kopia.yaml", reworded)
    assert [(p["file"], p["message"]) for p in _duplicates(cli, project)] == [
        ("questions/zz-kopia.yaml",
         ("this skrivelse is already in questions/moderaterna-socialtjanstens-arbetsmiljo.yaml: "
          "the same questions to the same nämnd"))]


def test_the_same_questions_to_another_nämnd_are_another_skrivelse(cli, project):
    _copy_of(project, "moderaterna-socialtjanstens-arbetsmiljo.yaml", "kungsholmen-arbetsmiljo.yaml",
             lambda text: text.replace("to: Socialnämnden", "to: Kungsholmens stadsdelsnämnd"))
    assert _duplicates(cli, project) == []


def test_the_example_project_has_no_skrivelse_twice(cli, project):
    """Seeds 000 and 003 are one text with the district's name changed: two skrivelser, not one."""
    assert _duplicates(cli, project) == []


def test_a_nämnd_is_one_nämnd_however_its_name_is_written():
    assert namnd_key("Till  Socialnämnden") == namnd_key("SOCIAL\u00adNÄMNDEN") == "socialnämnden"
    assert namnd_key("Hässelby-\nVällingby stadsdelsnämnd") == namnd_key("Hässelby-Vällingby stadsdelsnämnd")
    assert namnd_key("Tillväxtnämnden") == "tillväxtnämnden"
    assert namnd_key("Socialnämnden") != namnd_key("Kungsholmens stadsdelsnämnd")


def test_check_the_duplicates_and_new_agree_on_the_nämnd_a_skrivelse_is_addressed_to(cli, project):
    name = "2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"
    _copy_of(project, name, "zz-kopia.yaml", lambda text: text.replace("to: Socialnämnden", "to: SOCIALNÄMNDEN"))
    _copy_of(project, name, name, lambda text: text.replace("to: Socialnämnden", "to: Till socialnämnden"))
    problems = json.loads(cli("check", "--output-format", "json", cwd=project).out)
    assert [p for p in problems if p["code"] == "skrivelse-addressee"] == []
    assert [p["file"] for p in problems if p["code"] == "skrivelse-duplicate"] == ["questions/zz-kopia.yaml"]
    result = cli("new", f"questions/{name}", "--dnr", "SOF 2025/123", "--date", "2025-01-10", cwd=project)
    assert result.code == 0, result.err
    written = yaml.safe_load((project / "responses/sof-2025-123-liberalerna-starkt-skydd-socialtjansten.yaml").read_text(encoding="utf-8"))
    assert written["organisation"] == "socialforvaltningen"


def test_normalised_question_text():
    assert normalised("Hur  arbetar\ncheferna inom individ- och familje\u00adomsorg?") == \
        normalised("hur arbetar cheferna inom individ – och familjeomsorg") == \
        "hur arbetar cheferna inom individ och familjeomsorg"


# The command -----------------------------------------------------------------------------------

def test_import_writes_a_skrivelse_and_says_what_it_found(cli, project):
    _without(project, "hasselby-vallingby-liberalerna-starkt-skydd.yaml")
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
    _without(project, "moderaterna-socialtjanstens-arbetsmiljo.yaml")
    assert cli("import", str(SEEDS / CASES["002"][0]), "--out", "questions/m.yaml", cwd=project).code == 0
    before = (project / "questions/m.yaml").read_bytes()
    result = cli("import", str(SEEDS / CASES["000"][0]), "--out", "questions/m.yaml", "--even-if-imported", cwd=project)
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
])
def test_the_editor_schema_is_found_from_where_the_file_is_written(cli, project, out, schema):
    """(Outside the project nothing is written: test_real_shapes.py.)"""
    _without(project, "moderaterna-socialtjanstens-arbetsmiljo.yaml")
    assert cli("import", str(SEEDS / CASES["002"][0]), "--out", out, cwd=project).code == 0
    first = (project / out).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema}"
    assert (project / out).parent.joinpath(schema).resolve() == (project / "schemas/skrivelse.schema.json").resolve()


# A letter from outside is untrusted (issue 23) ----------------------------------------------------

HOSTILE_TITLE = "Skrivelse om \x1b]0;T\x07hot\x00 och\x7f v\u202eåld\ufffe \ue000säkerhet"


@pytest.mark.parametrize("form", ["pdf-two-pages", "text"])
def test_control_and_private_use_characters_are_left_out_and_said(cli, project, form, tmp_path):
    """5. A PDF whose title held ESC (or NUL, DEL, U+202E, U+FFFE, U+E000; or a .txt): `import`
    stopped with an internal error and left an empty questions/*.yaml that then failed `check`."""
    skrivelse = dataclasses.replace(as_skrivelse("000"), title=HOSTILE_TITLE)
    _without(project, "hasselby-vallingby-liberalerna-starkt-skydd.yaml")
    source = FORMS[form](skrivelse, tmp_path / "brev")
    before = {p.name for p in (project / "questions").iterdir()}
    result = cli("import", str(source), cwd=project)
    assert result.code == 0, result.err
    assert "note: left out" in result.out and "characters that a document cannot hold (U+" in result.out
    written = next(project / "questions" / name for name in {p.name for p in (project / "questions").iterdir()} - before)
    text = written.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ue000-\uf8ff\ufffe]", text)
    check = cli("check", cwd=project)
    assert not [line for line in check.err.splitlines() if line.startswith(f"questions/{written.name}") and
                "cannot be stored" in line], check.err


def test_every_character_the_loader_refuses_is_left_out_of_a_letter():
    from generator.intake.importer import letter_lines
    from generator.sources.load import unstorable_character

    refused = [chr(code) for code in [*range(0x10000), *range(0xF0000, 0xF0010), 0x10FFFD]
               if unstorable_character(chr(code)) is not None and chr(code) not in "\t\r\u2028\u2029"]
    pages, left_out = letter_lines([["a" + "".join(refused) + "b"]], Path("x.txt"))
    assert pages == [["ab"]] and set(left_out) == set(refused)


def test_a_bug_while_importing_leaves_no_file(cli, project, tmp_path, monkeypatch):
    """Whole or nothing: the YAML is made and read back before any file is created."""
    import generator.sources.write

    def failing(text, path):
        raise AssertionError("utlatande wrote YAML that does not read back")

    monkeypatch.setattr(generator.sources.write, "checked", failing)
    _without(project, "hasselby-vallingby-liberalerna-starkt-skydd.yaml")
    before = {p.name for p in (project / "questions").iterdir()}
    result = cli("import", str(SEEDS / CASES["000"][0]), cwd=project)
    assert result.code == 70 and _nothing_written(project, before)


def _bomb(path: Path, paragraphs: int) -> Path:
    """A Word file whose document.xml holds `paragraphs` empty paragraphs: tiny zipped, huge unpacked."""
    import zipfile

    with zipfile.ZipFile(REPO / "templates/reference.docx") as reference:
        parts = {name: reference.read(name) for name in reference.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    head, tail = document.split("<w:body>")[0] + "<w:body>", "</w:body>" + document.split("</w:body>")[1]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            if name != "word/document.xml":
                package.writestr(name, data)
        with package.open("word/document.xml", "w") as stream:
            stream.write(head.encode("utf-8") + b"<w:p><w:r><w:t>1. Hur?</w:t></w:r></w:p>")
            for _ in range(paragraphs // 100_000):
                stream.write(b"<w:p/>" * 100_000)
            stream.write(tail.encode("utf-8"))
    return path


@pytest.mark.parametrize("command", ["import", "text"])
def test_a_word_zip_bomb_is_refused_before_it_is_read(cli, project, tmp_path, command):
    """6. A 0.35 MB .docx holding 40 million <w:p/> took 3 minutes and 13 GB: no size was checked
    before python-docx read the part. (This one holds 1.5 million: 9 MB unpacked.)"""
    bomb = _bomb(tmp_path / "bomb.docx", 1_500_000)
    assert bomb.stat().st_size < 100_000
    before = {p.name for p in (project / "questions").iterdir()}
    started = time.perf_counter()
    result = cli(command, str(bomb), cwd=project)
    assert time.perf_counter() - started < 2
    assert result.code == 1 and "the Word file unpacks to more than 8 MB, the limit for a Word file read here" in result.err
    assert "Traceback" not in result.err and _nothing_written(project, before)


def test_a_letter_too_large_is_refused_from_its_size(cli, project, tmp_path):
    huge = tmp_path / "brev.txt"
    with open(huge, "wb") as stream:
        stream.truncate(25_000_000)
    started = time.perf_counter()
    result = cli("import", str(huge), cwd=project)
    assert time.perf_counter() - started < 1
    assert result.code == 1 and "the file is larger than 20 MB, the limit for a letter to import" in result.err


def test_a_letter_with_too_much_text_is_refused(cli, project, tmp_path):
    long = tmp_path / "brev.txt"
    long.write_text("Skrivelse om allt\n\n" + "ord " * 300_000 + "\n\n1. Hur?\n", encoding="utf-8")
    result = cli("import", str(long), cwd=project)
    assert result.code == 1 and "the letter has more than 1000000 characters of text" in result.err


def test_a_pdf_with_too_many_pages_is_refused(cli, project, tmp_path):
    writer = pypdf.PdfWriter()
    for _ in range(201):
        writer.add_blank_page(width=200, height=200)
    thick = tmp_path / "brev.pdf"
    with open(thick, "wb") as stream:
        writer.write(stream)
    result = cli("import", str(thick), cwd=project)
    assert result.code == 1 and "the PDF has 201 pages; a letter to import may have at most 200" in result.err


#: Strings that made the importer's patterns take quadratic time, and their relatives: a
#: capitalised word hyphenated on (`Aa-`, 60 kB took 39 s), runs of names before a party, words
#: before "stadsdelsnämnd", blank lines, control characters, one unbroken line.
ADVERSARIAL = ["Aa-", "Aa-\n", "Aa ", "Aa-Aa (", "Aa Aa (L", "Aa stadsdelsnämn", " stadsdelsnämnd", "Aa\t", "\n",
               "\n\n\na", "\x1b\n\n", "\u00ad\n", "1. Aa-", "Till Aa ", "den 1 maj 2024 Aa ", "Aa Aa Aa Aa Aa Aa (L) ",
               "Skrivelse från Aa ", "•\n", "-\n", "sida 1 ", "a" * 50, " " * 50 + "\n", "Aa.\n\n"]
#: The letter's length in these tests: where the review saw import run past 60 s.
LETTER = 120_000
#: A bound in seconds generous enough for a slow machine busy with other tests: a linear pass
#: over a letter of LETTER characters takes well under a second, a quadratic one minutes.
BOUND = 5.0


def _import_time(text: str) -> float:
    started = time.perf_counter()
    with contextlib.suppress(SourceError):  # no questions in most: that is said at the end
        read_skrivelse_text([text.split("\n")], Path("x.txt"))
    return time.perf_counter() - started


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_no_pattern_takes_more_than_linear_time(unit):
    """7. `Aa-` repeated in a 120–180 kB letter ran past 60 s: `_AUTHOR`, `_DISTRICT_NAMND` and
    `_ADDRESSEE_LINES` were quadratic."""
    for text in ((unit * (LETTER // len(unit) + 1))[:LETTER], "1. Hur?\n" + unit * (LETTER // len(unit))):
        assert _import_time(text) < BOUND, repr(unit)


def test_the_reproduction_through_import(cli, project, tmp_path):
    letter = tmp_path / "brev.txt"
    letter.write_text("1. Fråga?\n" + "Aa-" * 60_000, encoding="utf-8")
    started = time.perf_counter()
    result = cli("import", str(letter), cwd=project)
    assert time.perf_counter() - started < 2 * BOUND
    assert result.code in (0, 1) and "Traceback" not in result.err and "internal error" not in result.err


PIECES = st.sampled_from(["A", "Å", "a", "å", "-", " ", "\n", "\n\n", "(", ")", "L", "MP", "1", "1.", "2)", "?", ".",
                          ",", "\u00ad", "•", "Till ", "den ", "sida ", "av ", "stadsdelsnämnd", "nämnden", "maj",
                          "2024-10-20", "Skrivelse om ", "från ", "följande frågor:", "\t", "\x1b", "\ue000", "\u202e",
                          "\uf0b7", "\r"])


@settings(max_examples=examples(25))
@given(st.lists(PIECES, min_size=1, max_size=16))
def test_no_letter_takes_more_than_a_bounded_time(pieces):
    """Any pattern of the pieces the importer's patterns look for, repeated to LETTER characters,
    is read within BOUND seconds: time linear in the length, whatever the text."""
    unit = "".join(pieces)
    assert _import_time((unit * (LETTER // len(unit) + 1))[:LETTER]) < BOUND, repr(unit)
