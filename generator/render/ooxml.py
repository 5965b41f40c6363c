"""Builders for the WordprocessingML that python-docx has no API for, or builds slowly: fields,
list numbering restarts, hyperlinks, repeated table header rows, paragraphs and runs made
directly, and a deterministic zip package.

python-docx registers a class of its own for each WordprocessingML tag with lxml, so every
w:p, w:r or w:tr that lxml makes or finds here is one of them (CT_P, CT_R, CT_Row); the type
checker sees only lxml's _Element, and is told (cast) which it is.
"""

from __future__ import annotations

import copy
import io
import zipfile
from typing import TYPE_CHECKING, cast

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from generator.render.reference import BULLETED_ABSTRACT, NUMBERED_ABSTRACT

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.opc.packuri import PackURI
    from docx.oxml.document import CT_Body
    from docx.oxml.numbering import CT_Numbering, CT_NumPr
    from docx.oxml.table import CT_Row, CT_Tc
    from docx.oxml.text.hyperlink import CT_Hyperlink
    from docx.oxml.text.paragraph import CT_P
    from docx.oxml.text.run import CT_R
    from docx.table import Table, _Cell, _Row
    from docx.text.run import Run

#: Every zip entry gets this time, so the same document gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class StyleIds:
    """Style names to the ids Word stores, read once from a reference document: python-docx
    looks a style up among all styles each time one is set by name, which was a third of the
    Word writer's time."""

    def __init__(self, word: WordDocument) -> None:
        self.ids = {(style.type, style.name): style.style_id for style in word.styles}
        self.default = {style.type: style.style_id for style in word.styles if style.element.default}

    def _id(self, kind: WD_STYLE_TYPE, name: str) -> str | None:
        style_id = self.ids[(kind, name)]
        return None if self.default.get(kind) == style_id else style_id

    def paragraph_id(self, name: str) -> str | None:
        return self._id(WD_STYLE_TYPE.PARAGRAPH, name)

    def run_id(self, name: str) -> str | None:
        return self._id(WD_STYLE_TYPE.CHARACTER, name)

    def paragraph(self, paragraph: Paragraph, name: str) -> Paragraph:
        paragraph._p.style = self._id(WD_STYLE_TYPE.PARAGRAPH, name)
        return paragraph

    def table(self, table: Table, name: str) -> None:
        table._tbl.tblStyle_val = self._id(WD_STYLE_TYPE.TABLE, name)

    def run(self, run: Run, name: str) -> None:
        run._r.style = self._id(WD_STYLE_TYPE.CHARACTER, name)


_W_P, _W_PPR, _W_PSTYLE, _W_VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_W_R, _W_RPR, _W_RSTYLE, _W_B, _W_I, _W_T = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:b"), qn("w:i"), qn("w:t")
_XML_SPACE = qn("xml:space")
#: Characters python-docx writes as elements of their own (w:tab, w:br) rather than as text.
_SPECIAL = frozenset("\t\n\r")


def append_paragraph(body: CT_Body | CT_Tc, style_id: str | None) -> CT_P:
    """A new w:p at the end of `body` (a document's body or a table cell; before the body's
    section properties), with `style_id`: the same XML as python-docx's add_paragraph and style
    setter, made directly (they search the schema for each element they add, which was most of
    the Word writer's time)."""
    p = cast("CT_P", body.makeelement(_W_P))
    section = getattr(body, "sectPr", None)
    if section is not None:
        section.addprevious(p)
    else:
        body.append(p)
    properties = etree.SubElement(p, _W_PPR)
    if style_id is not None:
        etree.SubElement(properties, _W_PSTYLE).set(_W_VAL, style_id)
    return p


def set_paragraph_style(p: CT_P, style_id: str | None) -> None:
    """What python-docx's paragraph style setter writes: a w:pPr always, a w:pStyle unless the
    style is the default one."""
    properties = p.find(_W_PPR)
    if properties is None:
        properties = p.makeelement(_W_PPR)
        p.insert(0, properties)
    existing = properties.find(_W_PSTYLE)
    if existing is not None:
        properties.remove(existing)
    if style_id is not None:
        style = properties.makeelement(_W_PSTYLE)
        style.set(_W_VAL, style_id)
        properties.insert(0, style)


def append_run(parent: CT_P | CT_Hyperlink, text: str, bold: bool = False, italic: bool = False,
               style_id: str | None = None) -> CT_R:
    """A w:r with `text` at the end of `parent` (a w:p or w:hyperlink), as python-docx writes it."""
    r = cast("CT_R", etree.SubElement(parent, _W_R))
    properties = etree.SubElement(r, _W_RPR)
    if style_id is not None:
        etree.SubElement(properties, _W_RSTYLE).set(_W_VAL, style_id)
    if bold:
        etree.SubElement(properties, _W_B)
    if italic:
        etree.SubElement(properties, _W_I)
    if text:
        _add_text(r, text)
    return r


def append_run_plain(parent: CT_P, text: str) -> CT_R:
    """A w:r with `text` and no run properties, as python-docx's add_run(text) writes it."""
    r = cast("CT_R", etree.SubElement(parent, _W_R))
    _add_text(r, text)
    return r


def _add_text(r: CT_R, text: str) -> None:
    if _SPECIAL.isdisjoint(text):
        t = etree.SubElement(r, _W_T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_XML_SPACE, "preserve")
    else:
        r.text = text  # python-docx's run text: tabs and line breaks as elements of their own


def add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A field such as PAGE or NUMPAGES, showing `placeholder` until Word updates it."""
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
            run._r.append(element)
        elif kind == "text":
            run.text = placeholder
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


def new_list(document: WordDocument, ordered: bool, start: int, level: int, marker: str) -> int:
    """A fresh numbering instance, so this list counts on its own from `start`, its items (at
    `level`) marked with `marker` as the model says: the bullet, or what follows the number.
    The reference document's definition of the level gives everything else (indents, fonts)."""
    numbering = document.part.numbering_part.element
    abstract_id = NUMBERED_ABSTRACT if ordered else BULLETED_ABSTRACT
    num = numbering.add_num(abstract_id)
    for ilvl in range(9):
        override = num.add_lvlOverride(ilvl=ilvl)
        override.add_startOverride(start if ilvl == level else 1)
        if ilvl == level:
            text = f"%{level + 1}{marker}" if ordered else marker
            override.append(_marked_level(numbering, abstract_id, level, ordered, start, text))
    return num.numId


def level_indent(document: WordDocument, ordered: bool, level: int) -> int | None:
    """The left indent (twips) of a list level in the reference document's definition: where a
    list item's text starts, and so where a further paragraph of the item is set."""
    lvl = _abstract_level(document.part.numbering_part.element, NUMBERED_ABSTRACT if ordered else BULLETED_ABSTRACT, level)
    ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}") if lvl is not None else None
    left = (ind.get(qn("w:left")) or ind.get(qn("w:start"))) if ind is not None else None
    return int(left) if left and left.lstrip("-").isdigit() else None


def _abstract_level(numbering: CT_Numbering, abstract_id: int, level: int) -> etree._Element | None:
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == str(abstract_id))
    return next((lvl for lvl in abstract.findall(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == str(level)), None)


#: The children of a w:lvl in the order the schema gives them (CT_Lvl).
_LVL_ORDER = [qn(f"w:{tag}") for tag in ("start", "numFmt", "lvlRestart", "pStyle", "isLgl", "suff", "lvlText",
                                          "lvlPicBulletId", "legacy", "lvlJc", "pPr", "rPr")]


def _marked_level(numbering: CT_Numbering, abstract_id: int, level: int, ordered: bool, start: int,
                  text: str) -> etree._Element:
    """A copy of the abstract list's `level` (w:lvl) that starts at `start` and shows `text`."""
    found = _abstract_level(numbering, abstract_id, level)
    lvl = copy.deepcopy(found) if found is not None else OxmlElement("w:lvl", {qn("w:ilvl"): str(level)})
    values = {"start": str(start), "lvlText": text}
    if lvl.find(qn("w:numFmt")) is None:
        values["numFmt"] = "decimal" if ordered else "bullet"
    for tag, value in values.items():
        element = lvl.find(qn(f"w:{tag}"))
        if element is None:
            element = etree.SubElement(lvl, qn(f"w:{tag}"))
        element.set(qn("w:val"), value)
    known = [child for child in lvl if child.tag in _LVL_ORDER]
    for child in sorted(known, key=lambda child: _LVL_ORDER.index(child.tag)):
        lvl.append(child)
    return lvl


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = cast("CT_NumPr", OxmlElement("w:numPr"))
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    ppr.insert_element_before(num_pr, "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr", "w:pPrChange")


def add_hyperlink(paragraph: Paragraph, url: str) -> CT_Hyperlink:
    """An external hyperlink element at the end of the paragraph, for its runs."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = cast("CT_Hyperlink", OxmlElement("w:hyperlink"))
    link.set(qn("r:id"), r_id)
    paragraph._p.append(link)
    return link


def append_break(parent: CT_P | CT_Hyperlink) -> CT_R:
    """A line break (a run holding only w:br), as python-docx's add_run().add_break() writes it."""
    r = cast("CT_R", etree.SubElement(parent, _W_R))
    etree.SubElement(r, qn("w:br"))
    return r


def repeat_as_header(row: _Row) -> None:
    """Marks a table row as the header row, repeated on every page and read as headers."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def set_cell_width(cell: _Cell, twips: int) -> None:
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

    def _change(self, kind: str) -> etree._Element:
        element = OxmlElement(f"w:{kind}")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.when)
        self.next_id += 1
        return element

    def wrap_run(self, run_element: CT_R, kind: str) -> None:
        """Puts a w:r inside a w:ins or w:del; deleted text becomes w:delText."""
        wrapper = self._change(kind)
        run_element.addprevious(wrapper)
        wrapper.append(run_element)
        if kind == "del":
            for text in run_element.iter(qn("w:t")):
                text.tag = qn("w:delText")

    def mark_paragraph(self, p: CT_P, kind: str) -> None:
        """Marks the paragraph mark itself, so accepting removes or keeps the whole paragraph."""
        ppr = p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.insert(0, self._change(kind))

    def mark(self, element: etree._Element, kind: str) -> None:
        """Marks everything inside a block element (paragraphs, runs, table rows) as inserted or deleted."""
        for tr in element.iter(qn("w:tr")):
            cast("CT_Row", tr).get_or_add_trPr().append(self._change(kind))
        for p in element.iter(qn("w:p")):
            self.mark_paragraph(cast("CT_P", p), kind)
            for r in list(p.iter(qn("w:r"))):
                parent = r.getparent()
                if parent is None or parent.tag not in (qn("w:ins"), qn("w:del")):
                    self.wrap_run(cast("CT_R", r), kind)


def package_bytes(word: WordDocument) -> bytes:
    """The .docx package of `word`, written as python-docx's save does, but with fixed entry
    times and attributes, so that the same document gives the same bytes on any machine."""
    package = word.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    stream = io.BytesIO()
    writer = _FixedTimeZip(stream)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    # PackageWriter writes through any object with its `write` and `close`; its PhysPkgWriter is a
    # factory that always makes its own zip writer, so one with fixed times cannot be a subclass.
    PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]
    writer.close()
    return stream.getvalue()


class _FixedTimeZip:
    """The zip writer python-docx's PackageWriter writes through (its `write` and `close`)."""

    def __init__(self, stream: io.BytesIO) -> None:
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # as on Unix, also when written on Windows
        info.external_attr = 0o644 << 16
        self.zip.writestr(info, blob)

    def close(self) -> None:
        self.zip.close()
