"""Reads the text of Word and PDF files, for `utlatande text` and git diffs.

For Word it prints a document the way the text renderer does, resolving list numbering from
numbering.xml (counters, restarts, bullets) instead of trusting the numbers in the text, so
reading our own .docx back checks that Word will number every list as intended. For PDF it
prints each page's text, one line per line of the page.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.errors import Position, SourceError

_LIST_STYLES = ("List",)


def docx_text(path: Path) -> str:
    try:
        word = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise SourceError.at(Position(path), f"cannot read this Word file: {exc}", "is it a .docx file?") from None
    reader = _Reader(word)
    lines: list[str] = []
    section = word.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    for table in header.tables:
        for cell in table.rows[0].cells:
            lines.extend(p.text for p in cell.paragraphs if p.text and not _has_field(p))
    lines.append("")
    blocks = list(word.iter_inner_content())
    if blocks and isinstance(blocks[0], Table):
        for cell in blocks[0].rows[0].cells:
            lines.extend(p.text for p in cell.paragraphs if p.text)
        blocks = blocks[1:]
    previous_was_list = False
    for block in blocks:
        if isinstance(block, Table):
            lines.append("")
            lines.extend(reader.table(block))
            previous_was_list = False
            continue
        if not block.text.strip():
            continue
        in_list = block.style.name.startswith(_LIST_STYLES)
        if not (in_list and previous_was_list):
            lines.append("")
        lines.append(reader.paragraph(block))
        previous_was_list = in_list
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def docx_lines(path: Path) -> list[str]:
    """The body paragraphs of a Word file, list items with their resolved number or bullet,
    paragraphs separated by empty lines (for importing a skrivelse)."""
    try:
        word = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise SourceError.at(Position(path), f"cannot read this Word file: {exc}",
                             "save it again as .docx (Word 2007 or later), or export it as PDF or text") from None
    reader = _Reader(word)
    lines: list[str] = []
    for paragraph in word.paragraphs:
        if paragraph.text.strip():
            lines.extend(reader.paragraph(paragraph).split("\n"))
            lines.append("")
    return lines


def pdf_text(path: Path) -> str:
    """The text of every page, pages separated by a line with a form feed."""
    try:
        reader = pypdf.PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        raise SourceError.at(Position(path), f"cannot read this PDF: {exc}", "is it a PDF file?") from None
    return "\n\f\n".join("\n".join(line.rstrip() for line in page.splitlines()) for page in pages) + "\n"


def _has_field(paragraph: Paragraph) -> bool:
    return paragraph._p.find(f".//{qn('w:fldChar')}") is not None


class _Reader:
    def __init__(self, word) -> None:
        self.formats, self.starts = _numbering(word)
        self.counters: dict[int, list[int]] = {}
        self.indents: list[str] = [""]

    def paragraph(self, paragraph: Paragraph) -> str:
        num_pr = _numbering_of(paragraph)
        if num_pr is None:
            if paragraph.style.name.startswith("List Continue"):
                return self.indents[-1] + paragraph.text
            return paragraph.text
        num_id = int(num_pr.find(qn("w:numId")).get(qn("w:val")))
        ilvl = num_pr.find(qn("w:ilvl"))
        level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        counters = self.counters.setdefault(num_id, [self.starts.get((num_id, lvl), 1) - 1 for lvl in range(9)])
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = self.starts.get((num_id, deeper), 1) - 1
        bullet = self.formats.get(num_id, {}).get(level) == "bullet"
        marker = "• " if bullet else f"{counters[level]}. "
        del self.indents[level + 1:]
        indent = self.indents[level] if level < len(self.indents) else self.indents[-1]
        self.indents.append(indent + " " * len(marker))
        return indent + marker + paragraph.text

    def table(self, table: Table) -> list[str]:
        if table.style is not None and table.style.name == "Layout Table":
            lines: list[str] = []
            for row in table.rows:
                for cell in row.cells:
                    texts = [p.text for p in cell.paragraphs if p.text]
                    if texts:
                        lines.extend(texts + [""])
            return lines[:-1]
        return [" | ".join(cell.text for cell in row.cells) for row in table.rows]


def _numbering_of(paragraph: Paragraph):
    """The paragraph's w:numPr, or its style's (Word's "List Number" style numbers by style)."""
    num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    style = paragraph.style
    while num_pr is None and style is not None:
        num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        style = style.base_style
    if num_pr is None or num_pr.find(qn("w:numId")) is None or num_pr.find(qn("w:numId")).get(qn("w:val")) == "0":
        return None
    return num_pr


def _numbering(word) -> tuple[dict[int, dict[int, str]], dict[tuple[int, int], int]]:
    """numFmt per numId and level, and the start value of each (numId, level)."""
    try:
        numbering = word.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}, {}
    abstract_formats: dict[str, dict[int, str]] = {}
    abstract_starts: dict[str, dict[int, int]] = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        aid = abstract.get(qn("w:abstractNumId"))
        for lvl in abstract.findall(qn("w:lvl")):
            ilvl = int(lvl.get(qn("w:ilvl")))
            fmt = lvl.find(qn("w:numFmt"))
            start = lvl.find(qn("w:start"))
            abstract_formats.setdefault(aid, {})[ilvl] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
            abstract_starts.setdefault(aid, {})[ilvl] = int(start.get(qn("w:val"))) if start is not None else 1
    formats: dict[int, dict[int, str]] = {}
    starts: dict[tuple[int, int], int] = {}
    for num in numbering.findall(qn("w:num")):
        num_id = int(num.get(qn("w:numId")))
        aid = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        formats[num_id] = abstract_formats.get(aid, {})
        for ilvl, start in abstract_starts.get(aid, {}).items():
            starts[(num_id, ilvl)] = start
        for override in num.findall(qn("w:lvlOverride")):
            start = override.find(qn("w:startOverride"))
            if start is not None:
                starts[(num_id, int(override.get(qn("w:ilvl"))))] = int(start.get(qn("w:val")))
    return formats, starts
