"""Reads the built Word files back with python-docx, as a user's software would."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Emu, Mm

from generator.commands.build import build
from generator.commands.session import Session
from generator.model.text import document_text
from generator.readback.docx import docx_text
from tests.conftest import EXAMPLE, KUNGSHOLMEN, SOF, approve, edit


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("build")
    session = Session.open(EXAMPLE)
    report = build(session, [EXAMPLE / SOF, EXAMPLE / KUNGSHOLMEN], out, ["docx"])
    assert not report.problems
    return {"sof": out / "sof-2024-394-starkt-skydd.docx", "kungsholmen": out / "kungsholmen-starkt-skydd.docx"}


def styles_of(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs if p.text]


def test_headings_use_real_heading_styles_without_skipping_levels(built):
    paragraphs = styles_of(built["sof"])
    assert paragraphs[0] == ("Title", "Skrivelse om stärkt skydd och stöd för socialtjänsten")
    assert paragraphs[1] == ("Subtitle", "Svar på skrivelse från Liberalerna")
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:6] == [
        ("Heading 1", "Förvaltningens förslag till beslut"),
        ("Heading 1", "Sammanfattning"),
        ("Heading 1", "Bakgrund"),
        ("Heading 1", "Ärendet"),
        ("Heading 1", "Ärendets beredning"),
        ("Heading 1", "Förvaltningens synpunkter och förslag"),
    ]
    assert ("Heading 2", ("2. Har samtliga stadsdelar en kvalificerad heltidsanställd säkerhetssamordnare för "
                          "att hantera hot och våld mot medarbetare?")) in headings
    levels = [int(style.split()[-1]) for style, _ in headings]
    assert all(b - a <= 1 for a, b in itertools.pairwise([1, *levels]))


def numbering(path: Path) -> list[tuple[str, int, int | None]]:
    """(text, numId, startOverride at level 0) of each numbered paragraph."""
    word = docx.Document(str(path))
    nums = word.part.numbering_part.element
    starts = {}
    for num in nums.findall(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        starts[int(num.get(qn("w:numId")))] = int(override.get(qn("w:val"))) if override is not None else None
    out = []
    for paragraph in word.paragraphs:
        num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            value = int(num_id.get(qn("w:val")))
            out.append((paragraph.text, value, starts[value]))
    return out


def test_each_list_is_numbered_on_its_own(built):
    items = numbering(built["sof"])
    questions = [i for i in items if i[0].startswith("Hur ser stadens")]
    attachment = [i for i in items if i[0] == "Skrivelse om stärkt skydd och stöd för socialtjänsten"]
    assert len(attachment) == 1
    assert questions[0][1] != attachment[0][1], "the Bilaga list must not continue the question list"
    assert attachment[0][2] == 1, "the Bilaga list restarts at 1"
    assert len({num for _, num, _ in items}) == 4  # questions, two bullet lists, Bilaga


def test_word_numbering_reads_back_as_the_model_numbers_it(built):
    text = docx_text(built["sof"])
    assert "\n1. Skrivelse om stärkt skydd och stöd för socialtjänsten\n" in text
    assert "\n4. Har socialtjänsten i Stockholms stad en nolltoleranspolicy" in text


def test_page_header_has_dnr_and_page_x_of_y_fields(built):
    word = docx.Document(str(built["sof"]))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    for header in (section.header, section.first_page_header):
        xml = header._element.xml
        assert "Dnr SOF 2024/394" in xml and "Tjänsteutlåtande" in xml and "Socialförvaltningen" in xml
        instructions = [t.text.strip() for t in header._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert "Sida " in xml


def test_first_page_block_follows_the_domain_layout(built):
    word = docx.Document(str(built["sof"]))
    first = word.sections[0].first_page_header.tables[0].rows[0].cells
    assert [p.text for p in first[0].paragraphs] == ["Socialförvaltningen", "Avdelningen för beredskap och administration"]
    assert [p.text for p in first[1].paragraphs][:4] == ["UTKAST", "Tjänsteutlåtande", "Dnr SOF 2024/394", "2024-06-10"]
    addressee = word.tables[0].rows[0].cells
    assert [p.text for p in addressee[0].paragraphs] == ["Handläggare", "Karin Karlung", "Telefon: 08-508 254 02"]
    assert [p.text for p in addressee[1].paragraphs] == ["Till", "Socialnämnden", "2024-09-24"]


ALT = "Exempellogotyp, en sköld med en sol över vågor"
FOOTER = ("Postadress: Box 1, 100 01 Exempelstad  ·  Besöksadress: Exempelgatan 1\n"
          "Växel: 08-508 000 00  ·  Org.nr: 212000-0142  ·  start.stockholm")


def pictures(part) -> list:
    """The wp:docPr (name, alt text) of every picture in a header or footer."""
    return list(part._element.iter(qn("wp:docPr")))


def test_the_logo_with_its_alt_text_and_the_city_line_head_the_first_page(built):
    section = docx.Document(str(built["sof"])).sections[0]
    assert section._sectPr.find(qn("w:titlePg")) is not None, "page 1 has a header of its own"
    first = section.first_page_header
    assert [picture.get("descr") for picture in pictures(first)] == [ALT]
    assert [p.text for p in first.paragraphs if p.text] == ["Stockholms stad"], "above the header table"
    assert first._element.index(first.tables[0]._tbl) > first._element.index(first.paragraphs[1]._p)
    blip = next(first._element.iter(qn("a:blip")))
    image = first.part.related_parts[blip.get(qn("r:embed"))]
    assert image.content_type == "image/png" and image.blob.startswith(b"\x89PNG"), "Word is given a PNG of the SVG"
    extent = next(first._element.iter(qn("wp:extent")))
    height, width = Emu(int(extent.get("cy"))).mm, Emu(int(extent.get("cx"))).mm
    assert round(height) == 15 and abs(width - 15 * 100 / 120) < 0.1, "15 mm high, in the SVG's proportions"
    assert not pictures(section.header), "later pages have no logo"


def test_the_footer_is_on_every_page(built):
    section = docx.Document(str(built["sof"])).sections[0]
    for footer in (section.first_page_footer, section.footer):
        assert not footer.is_linked_to_previous
        assert [(p.style.name, p.text) for p in footer.paragraphs] == [("Footer", FOOTER)]


def test_a_profile_without_a_letterhead_prints_none(built):
    section = docx.Document(str(built["kungsholmen"])).sections[0]
    assert not pictures(section.first_page_header)
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    assert all(not p.text for footer in (section.first_page_footer, section.footer) for p in footer.paragraphs)


def test_a_png_logo_goes_into_word_as_it_is(project):
    from generator.errors import Position
    from generator.render.raster import png_of_svg

    logo = png_of_svg((project / "organisations/exempel-logo.svg").read_bytes(), 15, Position(Path("logo.svg")))
    (project / "organisations/exempel-logo.png").write_bytes(logo)
    edit(project / "organisations/socialforvaltningen.yaml", "exempel-logo.svg", "exempel-logo.png")
    report = build(Session.open(project), [project / SOF], project / "build", ["docx"])
    assert not report.problems
    first = docx.Document(str(project / "build/sof-2024-394-starkt-skydd.docx")).sections[0].first_page_header
    blip = next(first._element.iter(qn("a:blip")))
    assert first.part.related_parts[blip.get(qn("r:embed"))].blob == logo
    assert [picture.get("descr") for picture in pictures(first)] == [ALT]


def test_a_logo_drawn_ahead_is_the_one_drawn_when_asked_and_a_bad_one_is_left_to_the_command(project, monkeypatch):
    """The build server draws the profiles' SVG logos in a process of its own before its first
    command (Typst starts threads); what it keeps must be what drawing it there and then gives."""
    from generator.errors import Position, SourceError
    from generator.render import raster

    monkeypatch.setattr(raster, "_drawn", {})
    svg = (project / "organisations/exempel-logo.svg").read_bytes()
    broken = b"<svg xmlns='http://www.w3.org/2000/svg'><path d='M 0 0 L"
    raster.draw_ahead([svg, broken], 15)
    assert set(raster._drawn) == {(svg, 15)}
    assert raster._drawn[(svg, 15)] == raster._draw(svg, 15)
    with pytest.raises(SourceError, match="the logo cannot be drawn"):
        raster.png_of_svg(broken, 15, Position(Path("logo.svg")))


def test_the_handlaggares_email_is_printed_under_the_phone(project, cli):
    edit(project / SOF, '  phone: "08-50825402"', '  phone: "08-50825402"\n  email: karin.karlung@stockholm.se')
    lines = ["Handläggare", "Karin Karlung", "Telefon: 08-508 254 02", "E-post: karin.karlung@stockholm.se"]
    assert "\n".join(lines) + "\nTill\n" in cli("text", SOF, cwd=project).out
    report = build(Session.open(project), [project / SOF], project / "build", ["docx", "pdf"])
    assert not report.problems
    word = docx.Document(str(project / "build/sof-2024-394-starkt-skydd.docx"))
    assert [p.text for p in word.tables[0].rows[0].cells[0].paragraphs] == lines
    assert "E-post: karin.karlung@stockholm.se" in cli("text", "build/sof-2024-394-starkt-skydd.pdf", cwd=project).out


def test_the_approval_table_is_as_wide_as_the_text(project, cli):
    approve(cli, project, SOF)
    report = build(Session.open(project), [project / SOF], project / "build", ["docx"])
    assert not report.problems
    word = docx.Document(str(project / "build/sof-2024-394-starkt-skydd.docx"))
    section = word.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    table = next(t for t in word.tables if t.rows[0].cells[0].text == "Namn")
    assert abs(sum(column.width for column in table.columns) - text_width) < Emu(Mm(1)), "full width"


def test_signature_block_has_two_columns(built):
    word = docx.Document(str(built["sof"]))
    signatures = word.tables[-1]
    assert len(signatures.columns) == 2
    left, right = signatures.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Veronica Wolgast Carstorp", "Socialdirektör", "Socialförvaltningen"]
    assert [p.text for p in right.paragraphs] == ["Lisa Cadenius", "Avdelningschef", "Socialförvaltningen"]


def test_core_properties_and_language(built):
    word = docx.Document(str(built["sof"]))
    props = word.core_properties
    assert props.title == "Skrivelse om stärkt skydd och stöd för socialtjänsten"
    assert props.author == "Socialförvaltningen"
    assert props.subject == "SOF 2024/394"
    assert props.language == "sv-SE"
    assert props.created.date().isoformat() == "2024-06-10"
    default_lang = word.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert default_lang.get(qn("w:val")) == "sv-SE"


def test_page_is_a4_and_font_is_arial(built):
    word = docx.Document(str(built["sof"]))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = word.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    assert fonts.get(qn("w:ascii")) == "Arial"


def test_no_default_template_leftovers(built):
    with zipfile.ZipFile(built["sof"]) as package:
        names = package.namelist()
        assert not [n for n in names if "thumbnail" in n or n.startswith("customXml")]
        everything = b"".join(package.read(n) for n in names)
    assert b"python-docx" not in everything
    assert b"Microsoft Macintosh Word" not in everything


def test_no_empty_paragraphs_in_the_body(built):
    word = docx.Document(str(built["sof"]))
    assert all(p.text.strip() for p in word.paragraphs)


def test_word_text_equals_the_model_text(built):
    session = Session.open(EXAMPLE)
    for name, response in (("sof", SOF), ("kungsholmen", KUNGSHOLMEN)):
        assert docx_text(built[name]) == document_text(session.document(EXAMPLE / response))


def test_same_sources_give_the_same_bytes(tmp_path):
    session = Session.open(EXAMPLE)
    build(session, [EXAMPLE / SOF], tmp_path / "a", ["docx"])
    build(Session.open(EXAMPLE), [EXAMPLE / SOF], tmp_path / "b", ["docx"])
    first = (tmp_path / "a/sof-2024-394-starkt-skydd.docx").read_bytes()
    assert first == (tmp_path / "b/sof-2024-394-starkt-skydd.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_draft_without_dnr_shows_a_placeholder(project):
    edit(project / KUNGSHOLMEN, "dnr: EXEMPEL 2024/123\n", "")
    report = build(Session.open(project), [project / KUNGSHOLMEN], project / "build", ["docx"])
    assert not report.problems
    word = docx.Document(str(project / "build/kungsholmen-starkt-skydd.docx"))
    assert "Dnr [ej diariefört]" in word.sections[0].first_page_header._element.xml
    assert word.core_properties.subject == ""
