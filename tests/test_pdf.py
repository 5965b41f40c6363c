"""Reads the built PDFs back with pypdf: PDF/A-2 and PDF/UA-1 claims, tags, fonts, text."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject

from generator.commands.build import build
from generator.commands.session import Session, all_responses
from generator.model.document import Document
from generator.model.text import document_text
from generator.readback.pdf import pdf_reading
from generator.render.pdf import render_pdf
from tests.conftest import EXAMPLE, SOF, approve, edit

RESPONSES = all_responses(Session.open(EXAMPLE).layout)


def pdf_of(project: Path, response: str | Path) -> tuple[Document, pypdf.PdfReader, bytes]:
    session = Session.open(project)
    document = session.document(project / response)
    data = render_pdf(document, project / "templates")
    return document, pypdf.PdfReader(io.BytesIO(data)), data


def xmp(reader: pypdf.PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def structure_types(node, found: list[str]) -> list[str]:
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for kid in node:
            structure_types(kid, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(str(node["/S"]))
        if "/K" in node:
            structure_types(node["/K"], found)
    return found


def body_text(document: Document, reader: pypdf.PdfReader) -> str:
    """The PDF's text without its page furniture (running page headers, page numbers, the
    letterhead's city line on page 1 and its footer on every page), whitespace normalised."""
    header, count = document.header, len(reader.pages)
    city, footer = header.letterhead.city, " ".join(" · ".join(items) for items in header.letterhead.footer)
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        # Zero-width breaks (in a long word, so that it can wrap) are no text.
        text = " ".join("".join(c for c in page.extract_text() if unicodedata.category(c) != "Cf").split())
        if footer:
            assert text.endswith(footer), f"page {number} ends with {text[-80:]!r}"
            text = text[:-len(footer)]
        page_label = f"{header.page_label} {number} ({count})"
        if number == 1:
            if city:
                assert text.startswith(city + " "), f"page 1 starts with {text[:80]!r}"
                text = text[len(city):]
            assert page_label in text
            text = text.replace(page_label, " ", 1)
        else:
            marking = f"{header.marking} " if header.marking else ""
            running = f"{header.forvaltning} {marking}{header.kind} {header.dnr} {page_label}"
            assert text.startswith(running), f"page {number} starts with {text[:80]!r}"
            text = text[len(running):]
        pages.append(text)
    return " ".join(" ".join(pages).split())


def model_text(document: Document) -> str:
    """The text renderer's output, whitespace normalised and table columns as spaces."""
    return " ".join(document_text(document).replace(" | ", " ").split())


@pytest.mark.parametrize("response", RESPONSES, ids=lambda p: p.stem)
def test_pdf_text_equals_the_text_renderer(response):
    document, reader, _ = pdf_of(EXAMPLE, response.relative_to(EXAMPLE))
    assert body_text(document, reader) == model_text(document)


def test_xmp_claims_pdfa2_and_pdfua1():
    _, reader, _ = pdf_of(EXAMPLE, SOF)
    metadata = xmp(reader)
    assert re.search(r"pdfaid:part(>|=\")2", metadata)
    assert re.search(r"pdfaid:conformance(>|=\")A", metadata)
    assert re.search(r"pdfuaid:part(>|=\")1", metadata)


def test_tagged_with_language_title_and_marked_content():
    _, reader, _ = pdf_of(EXAMPLE, SOF)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv-SE"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title == "Skrivelse om stärkt skydd och stöd för socialtjänsten"
    assert reader.metadata.author == "Socialförvaltningen"
    assert reader.metadata.subject == "SOF 2024/394"
    assert "Dnr SOF 2024/394" in reader.metadata["/Keywords"]


def test_heading_structure_has_no_skipped_levels():
    _, reader, _ = pdf_of(EXAMPLE, SOF)
    types = structure_types(reader.trailer["/Root"]["/StructTreeRoot"], [])
    headings = [int(t[2:]) for t in types if re.fullmatch(r"/H\d", t)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))
    assert {"/L", "/LI", "/Lbl", "/LBody", "/P"} <= set(types)


def test_tables_have_header_cells(project, cli):
    approve(cli, project, SOF)
    _, reader, _ = pdf_of(project, SOF)
    types = structure_types(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert types.count("/TH") == 2 and "/Table" in types and types.count("/TD") == 2


def test_every_font_is_embedded():
    _, reader, _ = pdf_of(EXAMPLE, SOF)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                fonts.append((str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("LiberationSans" in name for name, _ in fonts)


#: The fill of the example logo's shield (#1f4e79) as Typst writes it.
SHIELD = b"0.12156863 0.30588236 0.4745098 scn"


def artifact_around(content: bytes, index: int) -> bytes:
    """The marked-content properties of the artifact `index` lies in, or b"" outside artifacts."""
    start, end = content.rfind(b"/Artifact", 0, index), content.rfind(b"EMC", 0, index)
    return content[start:content.index(b"BDC", start)] if start > end else b""


def test_the_logo_and_city_line_are_a_header_artifact_on_page_one_only():
    _, reader, data = pdf_of(EXAMPLE, SOF)
    first = reader.pages[0].get_contents().get_data()
    assert SHIELD in first, "the SVG logo is drawn as vectors"
    assert artifact_around(first, first.index(SHIELD)) == b"/Artifact<</Attached[/Top]/Subtype/Header/Type/Pagination>>"
    assert all(SHIELD not in page.get_contents().get_data() for page in reader.pages[1:])
    reading = pdf_reading(data)
    assert reading.artifacts.startswith("Stockholms stad\n") and reading.content.startswith("Socialförvaltningen\n")
    assert reading.artifacts.count("Växel: 08-508 000 00") == len(reader.pages), "the footer on every page"
    assert "Växel" not in reading.content and "Postadress" not in reading.content


def test_a_png_logo_is_an_image_on_page_one_and_the_pdf_keeps_its_claims(project):
    from generator.errors import Position
    from generator.render.raster import png_of_svg

    logo = png_of_svg((project / "organisations/exempel-logo.svg").read_bytes(), 15, Position(Path("logo.svg")))
    (project / "organisations/exempel-logo.png").write_bytes(logo)
    edit(project / "organisations/socialforvaltningen.yaml", "exempel-logo.svg", "exempel-logo.png")
    document, reader, _ = pdf_of(project, SOF)
    images = [[x.get_object() for x in (page["/Resources"].get("/XObject") or {}).values()] for page in reader.pages]
    assert [(i["/Subtype"], i["/Width"], i["/Height"]) for i in images[0]] == [("/Image", 148, 177)], "15 mm at 300 ppi"
    assert not any(images[1:])
    assert re.search(r"pdfuaid:part(>|=\")1", xmp(reader)) and re.search(r"pdfaid:part(>|=\")2", xmp(reader))
    assert body_text(document, reader) == model_text(document)


def test_the_approval_table_is_as_wide_as_the_text(project, cli):
    approve(cli, project, SOF)
    _, reader, _ = pdf_of(project, SOF)
    content = reader.pages[-1].get_contents().get_data().decode("latin-1")
    # The table is the only thing stroked: its horizontal rules span the text (A4 less 2.5 cm a side).
    strokes = re.findall(r"([-0-9.]+) ([-0-9.]+) m ([-0-9.]+) ([-0-9.]+) l\s+S", content)
    widths = [abs(float(x2) - float(x1)) for x1, _, x2, _ in strokes]
    assert widths and abs(max(widths) - (21 - 2 * 2.5) / 2.54 * 72) < 1, widths


def test_same_sources_give_the_same_pdf_bytes(tmp_path):
    build(Session.open(EXAMPLE), [EXAMPLE / SOF], tmp_path / "a", ["pdf"])
    build(Session.open(EXAMPLE), [EXAMPLE / SOF], tmp_path / "b", ["pdf"])
    assert (tmp_path / "a/sof-2024-394-starkt-skydd.pdf").read_bytes() == (tmp_path / "b/sof-2024-394-starkt-skydd.pdf").read_bytes()


HOSTILE = [
    "#set text(red) #panic(\"x\") $x^2$ *fet* _kursiv_ @ref <etikett> [hakar] \\ \\\\ \" // kommentar ~ = rubrik",
    "`kod` ```block``` /* block */ #{ 1 + 1 } #let x = 1 #import \"a.typ\"",
    "Ordet_utan_mellanrum_" + "Långtordsomintekanbrytas" * 6,
    "åäö ÅÄÖ éü – ” » 🙂 👍 ✓ Ω Ж",
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=["typst-markup", "typst-code", "long-word", "letters-emoji"])
def test_hostile_text_is_printed_literally(project, hostile):
    quoted = hostile.replace("\\", "\\\\").replace('"', '\\"')
    edit(project / SOF, "dnr: SOF 2024/394", f'dnr: SOF 2024/394\nclosing: "{quoted}"')
    edit(project / SOF, "  - name: Lisa Cadenius", f'  - name: "{quoted}"')
    document, reader, _ = pdf_of(project, SOF)
    text = "".join(page.extract_text() for page in reader.pages)
    # Without spaces and format characters: direction marks, and the zero-width breaks a long word is given.
    flat = lambda s: "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) != "Cf")  # noqa: E731
    assert flat(text).count(flat(hostile)) == 2, "printed literally as the closing and as a signatory's name"
    # Without spaces: a word longer than a line wraps, and the PDF's text has a line break there.
    assert flat(body_text(document, reader)) == flat(model_text(document))


def test_right_to_left_marks_and_text(project):
    hostile = "Före \u200fמימין לשמאל\u200e efter \u200f(parentes)\u200e slut."
    edit(project / SOF, "dnr: SOF 2024/394", f'dnr: SOF 2024/394\nclosing: "{hostile}"')
    _, reader, _ = pdf_of(project, SOF)
    text = "".join(page.extract_text() for page in reader.pages)
    line = next(line for line in text.splitlines() if line.startswith("Före"))
    # PDF stores a right-to-left run in visual order, so its letters are checked as a set.
    assert line.startswith("Före ") and line.endswith(" efter (parentes) slut.")
    assert sorted(line[len("Före "):-len(" efter (parentes) slut.")].replace(" ", "")) == sorted("מימיןלשמאל")


def test_character_no_font_has_is_a_user_error(cli, project):
    path = project / SOF
    edit(path, "          Nej, i första hand", "          Kinesiska: 漢字.\n\n          Nej, i första hand")
    result = cli("build", SOF, cwd=project)
    assert result.code == 1
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "漢" in text)
    assert (f"{SOF}:{line}:22: the character '漢' (U+6F22) in '3. Har Stockholm stads socialtjänst som rutin att "
            "chefer eller även i vissa fall sociala delegationen står för polisanmälan vid hot och våld mot "
            "socialsekreterare?' cannot be shown in the PDF") in result.err
    assert "Traceback" not in result.err
    assert not (project / "build").exists() or not list((project / "build").iterdir())
    assert cli("check", cwd=project).code == 1


def test_a_broken_pdf_template_is_named_at_its_line_and_nothing_is_written(cli, project):
    template = project / "templates/tjansteutlatande.typ"
    edit(template, '} else if b.type == "paragraph" {', '} else if b.type == "paragraph" {\n    panic("broken")')
    line = next(n for n, text in enumerate(template.read_text(encoding="utf-8").splitlines(), 1) if 'panic("broken")' in text)
    result = cli("build", SOF, cwd=project)
    assert result.code == 1
    assert f"templates/tjansteutlatande.typ:{line}:5: Typst could not lay out the document (in the part " in result.err
    assert "panicked with: broken" in result.err and "git diff templates/" in result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert not (project / "build").exists() or not list((project / "build").iterdir()), "neither .pdf nor .docx"


def test_a_syntax_error_in_the_pdf_template_is_named_at_its_line(cli, project):
    edit(project / "templates/tjansteutlatande.typ", "#set par(justify: false,", "#set par(justify: false,,")
    result = cli("build", SOF, "--format", "pdf", cwd=project)
    assert result.code == 1 and "internal error" not in result.err
    assert "templates/tjansteutlatande.typ:" in result.err and "Typst could not lay out the document: " in result.err


def _with_table(project: Path, cells: int, words: int) -> None:
    """A table in the third answer of SOF 2024/394, each cell `words` words long."""
    cell = " ".join(["socialtjänstens"] * words)
    row = "| " + " | ".join([cell] * cells) + " |"
    table = "\n".join(["| " + " | ".join(["Kolumn"] * cells) + " |", "| " + " | ".join(["---"] * cells) + " |", row, row])
    block = "\n".join("          " + line for line in ("Så här ser fördelningen ut:", "", *table.split("\n")))
    edit(project / SOF, "          det inte bedöms lämpligt kan arbetsgivaren i vissa fall stå för anmälan.\n",
         "          det inte bedöms lämpligt kan arbetsgivaren i vissa fall stå för anmälan.\n\n" + block + "\n")


def test_a_long_table_is_laid_out_row_by_row_each_on_one_page(cli, project):
    """Rows stay whole on a page (a split row's cells would be read in turn), and the lead-in
    stays with its table; a long table goes on over the pages."""
    _with_table(project, cells=3, words=30)
    approve(cli, project, SOF)
    assert cli("build", SOF, cwd=project).code == 0


def test_a_table_row_too_tall_for_a_page_is_said_at_the_response(cli, project):
    _with_table(project, cells=4, words=120)
    result = cli("build", SOF, "--draft", "--format", "pdf", cwd=project)
    assert result.code == 1, result.err
    assert f"{SOF}: a table in the part '3. Har Stockholm stads socialtjänst som rutin" in result.err
    assert "has a row too tall for one page of the PDF" in result.err
    assert "internal error" not in result.err and "templates/" not in result.err


# A table's lead-in ------------------------------------------------------------------------------

LEAD_IN = "Ärendena fördelades så här mellan avdelningarna:"


def _pages_of_lead_in_and_table(document: Document, templates: Path, fillers: int) -> tuple[int, int]:
    """The pages (from 1) where the lead-in and the table's header row are printed, after
    `fillers` paragraphs of one line each."""
    from generator.model.document import Paragraph, Table, Text, Title

    body = (Title((Text("Fördelningen av ärenden"),)),
            *(Paragraph((Text(f"Stycke {number} av fyllnadstexten."),)) for number in range(fillers)),
            Table(((Text("Avdelningsnamn"),), (Text("Antal ärenden"),)),
                  (((Text("Beredskap"),), (Text("12"),)), ((Text("Strategi"),), (Text("7"),))),
                  (Text(LEAD_IN),)))
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(Document(document.meta, document.header, body), templates)))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    lead_in, table = (next(number for number, text in enumerate(texts, start=1) if words in text)
                      for words in (LEAD_IN, "Avdelningsnamn"))
    return lead_in, table


def _lead_in_left_behind(document: Document, templates: Path) -> list[int]:
    """The numbers of filler paragraphs, around the foot of page 1, after which the lead-in is
    printed on another page than its table."""
    apart = []
    for fillers in itertools.count(10):
        lead_in, table = _pages_of_lead_in_and_table(document, templates, fillers)
        if lead_in != table:
            apart.append(fillers)
        if lead_in > 1:
            return apart


def test_a_tables_lead_in_is_printed_on_the_tables_page(project, tmp_path):
    """The lead-in (the table's caption) ends no page with its table on the next: the template
    keeps it with the table, as it keeps a heading with what follows."""
    document = Session.open(project).document(project / SOF)
    assert _lead_in_left_behind(document, project / "templates") == []
    # The check can fail: a template that lets the lead-in go is caught at the foot of page 1.
    loose = tmp_path / "loose-templates"
    loose.mkdir()
    for path in (project / "templates").iterdir():
        (loose / path.name).symlink_to(path)
    (loose / "tjansteutlatande.typ").unlink()
    text = (project / "templates" / "tjansteutlatande.typ").read_text(encoding="utf-8")
    kept = "block(sticky: true, par(inlines(b.caption)))"
    assert kept in text
    (loose / "tjansteutlatande.typ").write_text(text.replace(kept, "par(inlines(b.caption))"), encoding="utf-8")
    assert _lead_in_left_behind(document, loose) != []
