"""Word rendering of the document model, styled by the reference document in templates/.

It follows the model: the page headers' and the block's columns as the model lays them out
(each line styled by its role), every list's marker written into the list's own numbering, a
table's caption before it and kept with it. The reference document gives the styles and the
page set-up, never a word or a marker.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Emu, Mm, Pt, RGBColor, Twips
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.model.document import (
    COLUMN_WIDTHS,
    FOOTER_SEPARATOR,
    Block,
    BlockVisitor,
    Columns,
    Document,
    Emph,
    Heading,
    Inline,
    Letterhead,
    Line,
    LineBreak,
    Link,
    ListBlock,
    PageField,
    Paragraph,
    Role,
    Signatures,
    Strong,
    Subtitle,
    Table,
    Text,
    Title,
    page_number,
)
from generator.render import ooxml, styles
from generator.render.raster import draw_ahead, png_of_svg
from generator.render.reference import REGENERATE, check_reference

if TYPE_CHECKING:
    from docx.oxml.text.hyperlink import CT_Hyperlink
    from docx.oxml.text.paragraph import CT_P

#: Space above the signature block, instead of empty paragraphs.
SIGNATURE_SPACE = Pt(30)
#: The draft marking ("UTKAST"): large, bold and red, so nobody mistakes a draft for the real thing.
MARKING_SIZE = Pt(14)
MARKING_COLOUR = RGBColor(0xC0, 0x00, 0x00)
#: The logo's height on page 1, as in the PDF (logo-height in templates/tjansteutlatande.typ),
#: and the space under it.
LOGO_HEIGHT = Mm(15)
LOGO_SPACE = Pt(8)
LETTERHEAD_GAP = Pt(24)
PNG = "image/png"
#: Word's fields for the numbers a page shows.
_FIELDS = {PageField.PAGE: "PAGE", PageField.PAGES: "NUMPAGES"}


def _used(cell: _Cell) -> bool:
    """Whether the cell's first paragraph has text already."""
    first = cell._tc.find(qn("w:p"))
    return first is not None and first.find(qn("w:r")) is not None


def open_reference(reference: Path, key: tuple[Path, int, int, int, int, int]) -> WordDocument:
    """The reference document, checked (reference.py) and as it is now (`key`); refused with its
    file name when it cannot be opened."""
    ready = _ready.pop(key, None)
    if ready is not None:
        return ready
    try:
        return docx.Document(str(reference))
    except Exception as exc:  # noqa: BLE001  python-docx and lxml raise many kinds for a damaged package
        raise SourceError.at(Position(reference), t("cannot open the Word template: it is damaged or not a .docx "
                                                    "file ({error})", error=type(exc).__name__),
                             t(REGENERATE)) from None


def _key(reference: Path) -> tuple[Path, int, int, int, int, int]:
    """The reference as it is now: its path, device, inode, size, modification and change time."""
    stat = reference.stat()
    return reference.resolve(), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


@functools.lru_cache(maxsize=4)
def _style_ids(key: tuple[Path, int, int, int, int, int]) -> ooxml.StyleIds:
    """The style ids of a reference document, read once per process while it is unchanged."""
    return ooxml.StyleIds(docx.Document(str(key[0])))


#: A reference document parsed ahead (`prepare`), by its key: the first build in this process
#: takes it instead of parsing the file. The build server parses it once; each command's
#: process, a copy of the server's, then has its own.
_ready: dict[tuple[Path, int, int, int, int, int], WordDocument] = {}


def prepare(reference: Path) -> None:
    """Reads ahead what the writer keeps of `reference` while it is unchanged (its check and its
    style ids) and a copy of it parsed, as the resident build server does before its first command."""
    check_reference(reference)
    key = _key(reference)
    _style_ids(key)
    _ready[key] = docx.Document(str(reference))


def prepare_logos(logos: Iterable[tuple[bytes, str]]) -> None:
    """Draws ahead the PNGs of the logos (bytes, media type) that the letterhead prints drawn
    (the build server)."""
    draw_ahead((data for data, media_type in logos if _drawn(media_type)), LOGO_HEIGHT.mm)


def _drawn(media_type: str) -> bool:
    """Whether a logo goes into Word drawn as a PNG (an SVG), not as it is (a PNG)."""
    return media_type != PNG


def render_docx(document: Document, reference: Path) -> bytes:
    """The .docx bytes of `document`, using the styles and page set-up of `reference`."""
    word, writer = start(document, reference)
    for block in document.body:
        writer.block(block)
    return finish(word, document)


def start(document: Document, reference: Path) -> tuple[WordDocument, DocxWriter]:
    """A Word document from `reference` with `document`'s page headers and addressee block."""
    check_reference(reference)
    key = _key(reference)
    word = open_reference(reference, key)
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    writer = DocxWriter(word, _style_ids(key))
    writer.page_headers(document)
    writer.addressee_block(document)
    return word, writer


def finish(word: WordDocument, document: Document) -> bytes:
    """The package's bytes, with `document`'s core properties and fixed zip times."""
    _set_properties(word, document)
    return ooxml.package_bytes(word)


#: Word's document properties hold at most this many characters (the text itself has no limit).
_PROPERTY_LENGTH = 255


def _property(text: str) -> str:
    """A document property as Word can hold it: a longer title is cut, with "…" at the end."""
    return text if len(text) <= _PROPERTY_LENGTH else text[:_PROPERTY_LENGTH - 1] + "…"


def _set_properties(word: WordDocument, document: Document) -> None:
    meta = document.meta
    moment = dt.datetime.combine(meta.date, dt.time(), tzinfo=dt.UTC)
    props = word.core_properties
    props.title = _property(meta.title)
    props.author = _property(meta.author)
    props.subject = _property(meta.subject)
    props.keywords = _property(meta.keywords)
    props.language = meta.language
    props.category = _property(document.header.kind)
    props.comments = ""
    props.last_modified_by = _property(meta.author)
    props.revision = 1
    props.created = moment
    props.modified = moment


class DocxWriter(BlockVisitor[None]):
    """Writes document-model blocks into a python-docx Document, styled by its reference."""

    def __init__(self, word: WordDocument, style_ids: ooxml.StyleIds | None = None) -> None:
        self.word = word
        self.depth = 0
        self.styles = style_ids or ooxml.StyleIds(word)
        self.body = word.element.body
        section = word.sections[0]
        # A reference document that sets no page size or margins gets Word's own: A4, 2.5 cm.
        width = section.page_width if section.page_width is not None else Mm(210)
        margins = (section.left_margin or Mm(25)) + (section.right_margin or Mm(25))
        self.text_width = Emu(width - margins)

    # Page headers ---------------------------------------------------------------------------

    def page_headers(self, document: Document) -> None:
        header = document.header
        section = self.word.sections[0]
        section.different_first_page_header_footer = True
        self._letterhead(section.first_page_header, header.letterhead)
        self._header_table(section.first_page_header, header.first_page, header.page_label)
        if header.letterhead.logo or header.letterhead.city:
            # The letterhead makes page 1's header taller than the top margin, and Word then sets
            # the text right under it: keep the block under the header apart, as the PDF does.
            section.first_page_header.paragraphs[-1].paragraph_format.space_after = LETTERHEAD_GAP
        self._header_table(section.header, header.later_pages, header.page_label)
        if header.letterhead.footer:
            for part in (section.first_page_footer, section.footer):
                self._footer(part, header.letterhead.footer)

    def _letterhead(self, part: _Header, letterhead: Letterhead) -> None:
        """The logo (with its alt text) and the city line, above the first page's header table."""
        logo = letterhead.logo
        if logo is not None:
            data = png_of_svg(logo.data, LOGO_HEIGHT.mm, Position(logo.source)) if _drawn(logo.media_type) else logo.data
            paragraph = self.styles.paragraph(part.add_paragraph(), styles.HEADER)
            paragraph.paragraph_format.space_after = LOGO_SPACE
            inline = paragraph.add_run().add_picture(io.BytesIO(data), height=LOGO_HEIGHT)._inline
            inline.docPr.set("descr", logo.alt)
            # As Word writes it: without, LibreOffice sets the picture 3 mm in from the margin.
            for side in ("distT", "distB", "distL", "distR"):
                inline.set(side, "0")
        if letterhead.city:
            self.styles.paragraph(part.add_paragraph(), styles.HEADER).add_run(letterhead.city).bold = True

    def _footer(self, part: _Footer, lines: tuple[tuple[str, ...], ...]) -> None:
        """The footer's lines, small and centred, items apart: the same on every page."""
        part.is_linked_to_previous = False
        paragraph = self.styles.paragraph(part.paragraphs[0], styles.FOOTER)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for number, items in enumerate(lines):
            if number:
                ooxml.append_break(paragraph._p)
            ooxml.append_run_plain(paragraph._p, FOOTER_SEPARATOR.join(items))

    def _header_table(self, part: _Header, columns: Columns, page_label: str) -> None:
        """The model's two columns as a layout table in a page header, each line styled by its role."""
        part.is_linked_to_previous = False
        trailing = part.paragraphs[0]
        table = part.add_table(rows=1, cols=2, width=self.text_width)
        self.styles.table(table, styles.LAYOUT_TABLE)
        for cell, lines in zip(table.rows[0].cells, (columns.left, columns.right), strict=True):
            for line in lines:
                self._header_line(cell, line, page_label)
        # A header must end with a paragraph; keep it, but make it take no room.
        part._element.remove(trailing._p)
        part._element.append(trailing._p)
        trailing.paragraph_format.space_after = 0
        trailing.paragraph_format.line_spacing = Pt(1)
        self._column_widths(table)

    def _header_line(self, cell: _Cell, line: Line, page_label: str) -> None:
        if line.role is Role.PAGE:
            page = self.styles.paragraph(cell.add_paragraph() if _used(cell) else cell.paragraphs[0], styles.HEADER)
            for part in page_number(page_label):
                if isinstance(part, PageField):
                    ooxml.add_field(page, _FIELDS[part], "1")
                else:
                    page.add_run(part)
            return
        run = self._line(cell, line.text, styles.HEADER_KIND if line.role is Role.KIND else styles.HEADER)
        if line.role is Role.MARKING:
            run.bold = True
            run.font.size = MARKING_SIZE
            run.font.color.rgb = MARKING_COLOUR

    def _column_widths(self, table: WordTable) -> None:
        first = int(self.text_width.twips * COLUMN_WIDTHS[0] / 100)
        for row in table.rows:
            ooxml.set_cell_width(row.cells[0], first)
            ooxml.set_cell_width(row.cells[1], self.text_width.twips - first)

    def _line(self, cell: _Cell, text: str, style: str) -> Run:
        """A paragraph in `cell` (its first, empty one if still unused); returns its run."""
        # python-docx makes every w:p a CT_P when it parses (see ooxml.py).
        first = cast("CT_P | None", cell._tc.find(qn("w:p")))
        style_id = self.styles.paragraph_id(style)
        if first is not None and first.find(qn("w:r")) is None:
            ooxml.set_paragraph_style(first, style_id)
            p = first
        else:
            p = ooxml.append_paragraph(cell._tc, style_id)
        return Run(ooxml.append_run_plain(p, text), cell)

    def addressee_block(self, document: Document) -> None:
        """The block under page 1's header: the model's columns, labels and lines."""
        block = document.header.block
        table = self.word.add_table(rows=1, cols=2)
        self.styles.table(table, styles.LAYOUT_TABLE)
        for cell, lines in zip(table.rows[0].cells, (block.left, block.right), strict=True):
            for line in lines:
                self._line(cell, line.text, styles.BLOCK_LABEL if line.role is Role.LABEL else styles.BLOCK_TEXT)
        self._column_widths(table)

    # Body -------------------------------------------------------------------------------------

    def add_paragraph(self, style: str) -> DocxParagraph:
        """A new paragraph at the end of the body, in `style`."""
        return DocxParagraph(ooxml.append_paragraph(self.body, self.styles.paragraph_id(style)), self.word._body)

    def block(self, block: Block) -> None:
        self.visit(block)

    def title(self, block: Title) -> None:
        self._paragraph(block)

    def subtitle(self, block: Subtitle) -> None:
        self._paragraph(block)

    def heading(self, block: Heading) -> None:
        self._paragraph(block)

    def paragraph(self, block: Paragraph) -> None:
        self._paragraph(block)

    def _paragraph(self, block: Title | Subtitle | Heading | Paragraph) -> None:
        self.inlines(self.add_paragraph(styles.paragraph_style(block)), block.inlines)

    def list_block(self, block: ListBlock) -> None:
        num_id = ooxml.new_list(self.word, block.ordered, block.start, self.depth, block.marker)
        # A further paragraph of an item is set where the item's text starts, at every depth
        # (the reference's continuation styles have two levels of indentation).
        indent = ooxml.level_indent(self.word, block.ordered, self.depth)
        for item in block.items:
            first = True
            for inner in item:
                if isinstance(inner, Paragraph):
                    paragraph = self.add_paragraph(styles.list_style(block.ordered, self.depth, first))
                    if first:
                        ooxml.set_numbering(paragraph, num_id, self.depth)
                    elif indent is not None:
                        paragraph.paragraph_format.left_indent = Twips(indent)
                    if block.keep_with_next:
                        paragraph.paragraph_format.keep_with_next = True
                    self.inlines(paragraph, inner.inlines)
                else:
                    self.depth += 1
                    self.visit(inner)
                    self.depth -= 1
                first = False

    def table(self, block: Table) -> None:
        if block.caption:
            caption = self.add_paragraph(styles.NORMAL)
            caption.paragraph_format.keep_with_next = True
            self.inlines(caption, block.caption)
        rows = ([block.header] if block.header else []) + list(block.rows)
        columns = max(len(row) for row in rows)
        table = self.word.add_table(rows=len(rows), cols=columns)
        self.styles.table(table, styles.TABLE)
        for r, row in enumerate(rows):
            for c, cell_inlines in enumerate(row):
                paragraph = table.rows[r].cells[c].paragraphs[0]
                self.styles.paragraph(paragraph, styles.TABLE_TEXT)
                self.inlines(paragraph, cell_inlines, bold=bool(block.header) and r == 0)
        if block.header:
            ooxml.repeat_as_header(table.rows[0])

    def signatures(self, block: Signatures) -> None:
        self._signatures(block)

    def _signatures(self, block: Signatures) -> None:
        people = list(block.signatories)
        rows = (len(people) + 1) // 2
        table = self.word.add_table(rows=rows, cols=2)
        self.styles.table(table, styles.LAYOUT_TABLE)
        for index, person in enumerate(people):
            cell = table.rows[index // 2].cells[index % 2]
            name = cell.paragraphs[0]
            self.styles.paragraph(name, styles.SIGNATURE)
            name.paragraph_format.space_before = SIGNATURE_SPACE
            name.add_run(person.name)
            self.styles.paragraph(cell.add_paragraph(person.title), styles.SIGNATURE)
            self.styles.paragraph(cell.add_paragraph(person.organisation), styles.SIGNATURE)
        self._column_widths(table)

    # Inlines ----------------------------------------------------------------------------------

    def inlines(self, paragraph: DocxParagraph, inlines: tuple[Inline, ...], bold: bool = False, italic: bool = False,
                into: CT_Hyperlink | None = None, style_id: str | None = None) -> None:
        """Runs for `inlines` at the end of `paragraph` (or of `into`, a hyperlink inside it)."""
        parent: CT_P | CT_Hyperlink = paragraph._p if into is None else into
        for inline in inlines:
            if isinstance(inline, Text):
                ooxml.append_run(parent, inline.text, bold, italic, style_id)
            elif isinstance(inline, Emph):
                self.inlines(paragraph, inline.children, bold, True, into, style_id)
            elif isinstance(inline, Strong):
                self.inlines(paragraph, inline.children, True, italic, into, style_id)
            elif isinstance(inline, Link):
                link = ooxml.add_hyperlink(paragraph, inline.url)
                self.inlines(paragraph, inline.children, bold, italic, link, self.styles.run_id(styles.HYPERLINK))
            elif isinstance(inline, LineBreak):
                ooxml.append_break(parent)


