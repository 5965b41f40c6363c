"""Builders for the WordprocessingML that python-docx has no API for: fields, list numbering
restarts, hyperlinks, repeated table header rows, and a deterministic zip package."""

from __future__ import annotations

import io
import zipfile

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from generator.render import styles
from generator.render.reference import BULLETED_ABSTRACT, NUMBERED_ABSTRACT

#: Every zip entry gets this time, so the same document gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class StyleIds:
    """Style names to the ids Word stores, read once per document: python-docx looks a style up
    among all styles each time one is set by name, which was a third of the Word writer's time."""

    def __init__(self, word) -> None:
        self.ids = {(style.type, style.name): style.style_id for style in word.styles}
        self.default = {style.type: style.style_id for style in word.styles if style.element.default}

    def _id(self, kind, name: str) -> str | None:
        style_id = self.ids[(kind, name)]
        return None if self.default.get(kind) == style_id else style_id

    def paragraph(self, paragraph: Paragraph, name: str) -> Paragraph:
        paragraph._p.style = self._id(WD_STYLE_TYPE.PARAGRAPH, name)
        return paragraph

    def table(self, table, name: str) -> None:
        table._tbl.tblStyle_val = self._id(WD_STYLE_TYPE.TABLE, name)

    def run(self, run: Run, name: str) -> None:
        run._r.style = self._id(WD_STYLE_TYPE.CHARACTER, name)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A field such as PAGE or NUMPAGES, showing `placeholder` until Word updates it."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", placeholder), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
            run._r.append(element)
        elif kind == "text":
            run.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


def new_list(document, ordered: bool, start: int) -> int:
    """A fresh numbering instance, so this list counts on its own from `start`."""
    numbering = document.part.numbering_part.element
    num = numbering.add_num(NUMBERED_ABSTRACT if ordered else BULLETED_ABSTRACT)
    for level in range(9):
        override = num.add_lvlOverride(ilvl=level)
        override.add_startOverride(start if level == 0 else 1)
    return num.numId


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    ppr.insert_element_before(num_pr, "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr", "w:pPrChange")


def add_hyperlink(paragraph: Paragraph, url: str, style_ids: StyleIds) -> Paragraph:
    """An external hyperlink element; returns a paragraph-like object to add its runs to."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    paragraph._p.append(link)
    return _HyperlinkRuns(link, paragraph, style_ids)


class _HyperlinkRuns:
    """Adds runs inside a w:hyperlink, styled as links."""

    def __init__(self, element, paragraph: Paragraph, style_ids: StyleIds) -> None:
        self.element = element
        self.paragraph = paragraph
        self.style_ids = style_ids

    def add_run(self, text: str = "") -> Run:
        r = OxmlElement("w:r")
        self.element.append(r)
        run = Run(r, self.paragraph)
        self.style_ids.run(run, styles.HYPERLINK)
        if text:
            run.text = text
        return run


def repeat_as_header(row) -> None:
    """Marks a table row as the header row, repeated on every page and read as headers."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def set_cell_width(cell, twips: int) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    width = tc_pr.find(qn("w:tcW"))
    if width is None:
        width = OxmlElement("w:tcW")
        tc_pr.append(width)
    width.set(qn("w:w"), str(twips))
    width.set(qn("w:type"), "dxa")


class Revisions:
    """Tracked changes (w:ins / w:del) by one author at one time, numbered as Word expects."""

    def __init__(self, author: str, when: str) -> None:
        self.author = author
        self.when = when
        self.next_id = 1

    def _change(self, kind: str):
        element = OxmlElement(f"w:{kind}")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.when)
        self.next_id += 1
        return element

    def wrap_run(self, run_element, kind: str) -> None:
        """Puts a w:r inside a w:ins or w:del; deleted text becomes w:delText."""
        wrapper = self._change(kind)
        run_element.addprevious(wrapper)
        wrapper.append(run_element)
        if kind == "del":
            for text in run_element.iter(qn("w:t")):
                text.tag = qn("w:delText")

    def mark_paragraph(self, p, kind: str) -> None:
        """Marks the paragraph mark itself, so accepting removes or keeps the whole paragraph."""
        ppr = p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.insert(0, self._change(kind))

    def mark(self, element, kind: str) -> None:
        """Marks everything inside a block element (paragraphs, runs, table rows) as inserted or deleted."""
        for tr in element.iter(qn("w:tr")):
            tr.get_or_add_trPr().append(self._change(kind))
        for p in element.iter(qn("w:p")):
            self.mark_paragraph(p, kind)
            for r in list(p.iter(qn("w:r"))):
                if r.getparent().tag not in (qn("w:ins"), qn("w:del")):
                    self.wrap_run(r, kind)


def deterministic_zip(data: bytes) -> bytes:
    """The same package with fixed entry times, so identical documents are identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()
