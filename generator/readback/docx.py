"""Reads the text of Word files: for `utlatande text`, git diffs, importing and the final check.

It prints a document the way the model's text projection does, resolving list numbering from
numbering.xml (counters, restarts, each level's marker) instead of trusting the numbers in the
text, so reading our own .docx back checks that Word will number and mark every list as
intended. Text that formatting hides from a reader (hidden, white, or too small to read, set
directly or through any style) is printed inside ⟦hidden: …⟧, so it shows in a diff and never
passes for the approved text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.limits import MAX_WORD_PART_BYTES, MAX_WORD_UNPACKED_BYTES
from generator.model.lists import continuation
from generator.model.text import squeeze
from generator.readback import HIDDEN

_LIST_STYLES = ("List",)

#: Text set smaller than this (in half-points, Word's unit) cannot be read.
_SMALLEST_READABLE = 6


def docx_text(source: Path | bytes) -> str:
    """The text of a Word file (a path, or the bytes of one), as the text renderer prints it."""
    where = Position(source) if isinstance(source, Path) else Position(Path(t("(built Word file)")))
    if isinstance(source, Path):
        within_limits(source)
    try:
        word = docx.Document(str(source) if isinstance(source, Path) else io.BytesIO(source))
    except Exception as exc:  # noqa: BLE001  python-docx raises many kinds for a damaged package
        raise SourceError.at(where, t("cannot read this Word file: {error}", error=exc),
                             t("is it a .docx file?")) from None
    reader = _Reader(word)
    lines: list[str] = []
    section = word.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    for table in header.tables:
        for cell in table.rows[0].cells:
            lines.extend(reader.text(p) for p in cell.paragraphs if reader.text(p) and not _has_field(p))
    lines.append("")
    blocks = list(word.iter_inner_content())
    if blocks and isinstance(blocks[0], Table):
        for cell in blocks[0].rows[0].cells:
            lines.extend(reader.text(p) for p in cell.paragraphs if reader.text(p))
        blocks = blocks[1:]
    previous_was_list = False
    for block in blocks:
        if isinstance(block, Table):
            lines.append("")
            lines.extend(reader.table(block))
            previous_was_list = False
            continue
        if not reader.text(block).strip():
            continue
        in_list = _style_name(block).startswith(_LIST_STYLES)
        if not (in_list and previous_was_list) or reader.starts_list(block):
            lines.append("")
        lines.append(reader.paragraph(block))
        previous_was_list = in_list
    return "\n".join(squeeze(lines)) + "\n"


def docx_lines(path: Path) -> list[str]:
    """The body paragraphs of a Word file, list items with their resolved number or bullet,
    paragraphs separated by empty lines (for importing a skrivelse)."""
    within_limits(path)
    try:
        word = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001  python-docx raises many kinds for a damaged package
        raise SourceError.at(Position(path), t("cannot read this Word file: {error}", error=exc),
                             t("save it again as .docx (Word 2007 or later), or export it as PDF or text")) from None
    reader = _Reader(word, exact_markers=False)
    lines: list[str] = []
    for paragraph in word.paragraphs:
        if reader.text(paragraph).strip():
            lines.extend(reader.paragraph(paragraph).split("\n"))
            lines.append("")
    return lines


def within_limits(path: Path) -> None:
    """Refuses a Word file from outside whose parts unpack to more than a Word file may
    (limits.py), from the sizes in its zip directory, before python-docx reads any part: Python
    unpacks a part to at most the size its directory gives."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # python-docx says what is wrong with it
    xml = max((part.file_size for part in parts if part.filename.endswith((".xml", ".rels"))), default=0)
    if xml > MAX_WORD_PART_BYTES or sum(part.file_size for part in parts) > MAX_WORD_UNPACKED_BYTES:
        raise SourceError.at(Position(path), t("the Word file unpacks to more than {limit} MB, the limit for a Word file "
                                               "read here", limit=(MAX_WORD_PART_BYTES if xml > MAX_WORD_PART_BYTES
                                                                   else MAX_WORD_UNPACKED_BYTES) // 1_000_000),
                             t("is it the right file? A letter of a few pages unpacks to well under a megabyte"))


def _has_field(paragraph: Paragraph) -> bool:
    return paragraph._p.find(f".//{qn('w:fldChar')}") is not None


class _Reader:
    """Reads paragraphs as Word shows them. With `exact_markers`, a list item is marked with what
    its numbering level shows (its w:lvlText, the numbers in the level's format); without, as
    the importer reads a foreign letter: "•" for every bullet, "N." for every number."""

    def __init__(self, word: WordDocument, exact_markers: bool = True) -> None:
        self.levels = _numbering(word)
        self.exact = exact_markers
        self.counters: dict[int, list[int]] = {}
        #: The list items being read, outermost first: each level's left indent in Word (twips),
        #: and where what follows the item's marker starts in the text.
        self.open: list[tuple[int, str]] = []
        #: The numbering of the outermost list being read.
        self.outer = 0
        self.formatting = _RunFormatting(word)

    def text(self, paragraph: Paragraph) -> str:
        """The paragraph's text, with what formatting hides marked ⟦hidden: …⟧."""
        out: list[str] = []
        hidden: list[str] = []
        for run in paragraph._p.iter(qn("w:r")):
            text = _run_text(run)
            if not text:
                continue
            if self.formatting.hidden(run):
                hidden.append(text)
                continue
            if hidden:
                out.append(HIDDEN.format("".join(hidden)))
                hidden = []
            out.append(text)
        if hidden:
            out.append(HIDDEN.format("".join(hidden)))
        return "".join(out)

    def paragraph(self, paragraph: Paragraph) -> str:
        """The paragraph's text; a list item's after its marker, indented as the model's text
        indents it (model/lists.py): a continuation paragraph, and every line after a break, at
        the indent of the list item it stands under in Word."""
        num_pr = _numbering_of(paragraph)
        if num_pr is None:
            if not _style_name(paragraph).startswith("List Continue"):
                self.open.clear()
                return self.text(paragraph)
            indent = self._continuing(_left_indent(paragraph))
            return indent + self.text(paragraph).replace("\n", "\n" + indent)
        num_id, level = _place(num_pr)
        counters = self.counters.setdefault(num_id, [self._level(num_id, lvl).start - 1 for lvl in range(9)])
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = self._level(num_id, deeper).start - 1
        marker = self._marker(num_id, level, counters)
        if level == 0:
            self.outer = num_id
        depth = min(level, len(self.open))
        indent = self.open[depth - 1][1] if depth else ""
        del self.open[depth:]
        inner = indent + continuation(marker)
        self.open.append((self._level(num_id, level).indent, inner))
        return indent + marker + " " + self.text(paragraph).replace("\n", "\n" + inner)

    def starts_list(self, paragraph: Paragraph) -> bool:
        """Whether the paragraph is the first item of a list of its own, right after another
        list: an outermost item of another numbering than the open list's."""
        num_pr = _numbering_of(paragraph)
        if num_pr is None or not self.open:
            return False
        num_id, level = _place(num_pr)
        return level == 0 and num_id != self.outer

    def _level(self, num_id: int, level: int) -> _Level:
        return self.levels.get((num_id, level)) or _Level("decimal", f"%{level + 1}.", 1, 0)

    def _marker(self, num_id: int, level: int, counters: list[int]) -> str:
        """What Word shows before the item: the level's text, each %N the Nth level's number."""
        definition = self._level(num_id, level)
        if not self.exact:
            return "•" if definition.format == "bullet" else f"{counters[level]}."
        if definition.format == "bullet":
            # A bullet drawn from a symbol font (Symbol's U+F0B7) is a private-use code; it shows a bullet.
            return "".join("•" if 0xE000 <= ord(c) <= 0xF8FF else c for c in definition.text) or "•"
        return _PLACEHOLDER.sub(lambda m: _formatted(counters[int(m.group(1)) - 1],
                                                    self._level(num_id, int(m.group(1)) - 1).format), definition.text)

    def _continuing(self, left: int | None) -> str:
        """The indent of the open list item whose text a continuation paragraph set `left`
        twips in lines up with: the deepest at or left of it."""
        for depth in range(len(self.open), 0, -1):
            if left is None or self.open[depth - 1][0] <= left:
                del self.open[depth:]
                return self.open[depth - 1][1]
        return self.open[0][1] if self.open else ""

    def table(self, table: Table) -> list[str]:
        if table.style is not None and table.style.name == "Layout Table":
            lines: list[str] = []
            for row in table.rows:
                for cell in row.cells:
                    texts = [self.text(p) for p in cell.paragraphs if self.text(p)]
                    if texts:
                        lines.extend([*texts, ""])
            return lines[:-1]
        return [" | ".join("\n".join(self.text(p) for p in cell.paragraphs) for cell in row.cells) for row in table.rows]


def _run_text(run: _Element) -> str:
    """A run's characters as python-docx reads them: text, tabs and line breaks."""
    out = []
    for child in run:
        if child.tag == qn("w:t"):
            out.append(child.text or "")
        elif child.tag in (qn("w:tab"), qn("w:ptab")):
            out.append("\t")
        elif (child.tag == qn("w:br") and child.get(qn("w:type")) in (None, "textWrapping")) or child.tag == qn("w:cr"):
            out.append("\n")
        elif child.tag == qn("w:noBreakHyphen"):
            out.append("-")
    return "".join(out)


class _RunFormatting:
    """Whether Word shows a run so that it can be read. Hidden (vanish), too small (under 3 pt),
    squeezed (under half width, or spacing under −2 pt), or with too little contrast against
    what lies behind it (shading of the run, paragraph or table cell, highlight, the page's
    background colour; theme colours included): set on the run or anywhere in its styles
    (document defaults, table, paragraph and character styles and those they are based on)."""

    def __init__(self, word: WordDocument) -> None:
        root = word.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.default = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_paragraph = next(
            (sid for sid, s in self.styles.items()
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true", "on")), None)
        background = word.element.find(qn("w:background"))
        colour = _hex(background.get(qn("w:color"))) if background is not None else None
        self.page: tuple[float, float, float] = colour or (1.0, 1.0, 1.0)

    def hidden(self, run: _Element) -> bool:
        paragraph = next(a for a in run.iterancestors(qn("w:p")))
        levels = self._levels(run, paragraph)
        direct = levels[-1]
        for tag in ("w:vanish", "w:specVanish"):
            if direct is not None and _switch(direct.find(qn(tag))) is False:
                continue
            if any(level is not None and _switch(level.find(qn(tag))) for level in levels):
                return True
        for tag in ("w:sz", "w:szCs"):
            size = _last(levels, tag)
            if size is not None and size.isdigit() and int(size) < _SMALLEST_READABLE:
                return True
        width, spacing = _last(levels, "w:w"), _last(levels, "w:spacing")
        if width is not None and width.lstrip("-").isdigit() and int(width) < 50:
            return True
        if spacing is not None and spacing.lstrip("-").isdigit() and int(spacing) < -40:
            return True
        return _contrast(self._colour(levels), self._behind(levels, paragraph)) < 1.5

    def _colour(self, levels: list[_Element | None]) -> tuple[float, float, float]:
        for level in reversed(levels):
            element = level.find(qn("w:color")) if level is not None else None
            if element is not None:
                theme = _THEME.get(element.get(qn("w:themeColor"), ""))
                return theme or _hex(element.get(qn("w:val"))) or (0.0, 0.0, 0.0)
        return (0.0, 0.0, 0.0)

    def _behind(self, levels: list[_Element | None], paragraph: _Element) -> tuple[float, float, float]:
        """The colour behind the run: its highlight or shading, else the paragraph's or cell's, else the page."""
        for level in reversed(levels):
            if level is None:
                continue
            highlight = level.find(qn("w:highlight"))
            marked = _HIGHLIGHTS.get(highlight.get(qn("w:val")) or "") if highlight is not None else None
            if marked:
                return marked
            shading = _shading(level.find(qn("w:shd")))
            if shading:
                return shading
        containers = [paragraph.find(qn("w:pPr")), *self._chain_of(paragraph, "w:pPr")]
        cell = next(iter(paragraph.iterancestors(qn("w:tc"))), None)
        if cell is not None:
            containers.append(cell.find(qn("w:tcPr")))
        for container in containers:
            shading = _shading(container.find(qn("w:shd"))) if container is not None else None
            if shading:
                return shading
        return self.page

    def _chain_of(self, paragraph: _Element, tag: str) -> list[_Element | None]:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return [s.find(qn(tag)) for s in reversed(self._styles(style.get(qn("w:val")) if style is not None
                                                               else self.default_paragraph))]

    def _levels(self, run: _Element, paragraph: _Element) -> list[_Element | None]:
        table = next(iter(paragraph.iterancestors(qn("w:tbl"))), None)
        p_style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        r_style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        t_style = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}") if table is not None else None
        return [
            self.default,
            *self._chain(t_style.get(qn("w:val")) if t_style is not None else None),
            *self._chain(p_style.get(qn("w:val")) if p_style is not None else self.default_paragraph),
            *self._chain(r_style.get(qn("w:val")) if r_style is not None else None),
            run.find(qn("w:rPr")),
        ]

    def _chain(self, style_id: str | None) -> list:
        """The rPr of a style and of every style it is based on, the base first."""
        return [style.find(qn("w:rPr")) for style in self._styles(style_id)]

    def _styles(self, style_id: str | None) -> list:
        """A style and every style it is based on, the base first."""
        out, seen = [], set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out[::-1]


#: Theme colours as Office's default theme has them (text colours dark, background colours light).
_THEME = {"background1": (1.0, 1.0, 1.0), "light1": (1.0, 1.0, 1.0), "background2": (0.91, 0.90, 0.90),
          "light2": (0.91, 0.90, 0.90), "text1": (0.0, 0.0, 0.0), "dark1": (0.0, 0.0, 0.0),
          "text2": (0.27, 0.33, 0.42), "dark2": (0.27, 0.33, 0.42)}
_HIGHLIGHTS = {"white": (1.0, 1.0, 1.0), "black": (0.0, 0.0, 0.0), "yellow": (1.0, 1.0, 0.0), "green": (0.0, 1.0, 0.0),
               "cyan": (0.0, 1.0, 1.0), "magenta": (1.0, 0.0, 1.0), "blue": (0.0, 0.0, 1.0), "red": (1.0, 0.0, 0.0),
               "darkBlue": (0.0, 0.0, 0.5), "darkCyan": (0.0, 0.5, 0.5), "darkGreen": (0.0, 0.5, 0.0),
               "darkMagenta": (0.5, 0.0, 0.5), "darkRed": (0.5, 0.0, 0.0), "darkYellow": (0.5, 0.5, 0.0),
               "darkGray": (0.5, 0.5, 0.5), "lightGray": (0.75, 0.75, 0.75)}


def _hex(value: str | None) -> tuple[float, float, float] | None:
    if not value or len(value) != 6:
        return None
    try:
        red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    return red, green, blue


def _shading(element: _Element | None) -> tuple[float, float, float] | None:
    if element is None or element.get(qn("w:val")) in ("nil",):
        return None
    theme = _THEME.get(element.get(qn("w:themeFill"), ""))
    return theme or _hex(element.get(qn("w:fill")))


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG's contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    def luminance(colour: tuple[float, float, float]) -> float:
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _switch(element: _Element | None) -> bool | None:
    """A Word on/off property: None when not set."""
    if element is None:
        return None
    return element.get(qn("w:val"), "true") not in ("0", "false", "off")


def _last(levels: list[_Element | None], tag: str) -> str | None:
    """The value the innermost level that sets `tag` gives it."""
    for level in reversed(levels):
        element = level.find(qn(tag)) if level is not None else None
        if element is not None:
            return element.get(qn("w:val"))
    return None


def _style_name(paragraph: Paragraph) -> str:
    style = paragraph.style
    return style.name or "" if style is not None else ""


def _numbering_of(paragraph: Paragraph) -> _Element | None:
    """The paragraph's w:numPr, or its style's (Word's "List Number" style numbers by style)."""
    num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    style = paragraph.style
    while num_pr is None and style is not None:
        num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        style = style.base_style
    num_id = num_pr.find(qn("w:numId")) if num_pr is not None else None
    if num_id is None or _whole(num_id.get(qn("w:val")), 0) == 0:
        return None
    return num_pr


def _place(num_pr: _Element) -> tuple[int, int]:
    """The numbering (numId) and level (ilvl, 0 to 8) a paragraph's w:numPr gives."""
    num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
    level = _whole(ilvl.get(qn("w:val")) if ilvl is not None else None, 0)
    return _whole(num_id.get(qn("w:val")) if num_id is not None else None, 0), min(max(level, 0), 8)


def _whole(value: str | None, default: int) -> int:
    """A number Word wrote, or `default` where it wrote none or something else."""
    return int(value) if value and value.lstrip("-").isdigit() else default


@dataclass(frozen=True)
class _Level:
    """A numbering level as Word shows it: its number format, its text (%1 … %9 stand for the
    levels' numbers), its first number and its left indent in twips."""

    format: str
    text: str
    start: int
    indent: int


_PLACEHOLDER = re.compile(r"%([1-9])")


def _formatted(number: int, format: str) -> str:
    """A list number as Word writes it in `format` (the formats a letter uses; others as decimal)."""
    if format in ("lowerLetter", "upperLetter"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if format == "upperLetter" else letters
    if format in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if format == "upperRoman" else roman.lower()
    return str(number)


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += letters * count
    return out


def _level_of(lvl: _Element) -> _Level:
    fmt, text, start = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText")), lvl.find(qn("w:start"))
    ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    left = (ind.get(qn("w:left")) or ind.get(qn("w:start"))) if ind is not None else None
    return _Level((fmt.get(qn("w:val")) or "decimal") if fmt is not None else "decimal",
                  (text.get(qn("w:val")) or "") if text is not None else "",
                  _whole(start.get(qn("w:val")) if start is not None else None, 1),
                  _whole(left, 0))


def _numbering(word: WordDocument) -> dict[tuple[int, int], _Level]:
    """Each (numId, level)'s definition: the abstract list's, with the numbering instance's
    overrides (a level of its own, a start of its own)."""
    try:
        numbering = word.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, _Level]] = {}
    for definition in numbering.findall(qn("w:abstractNum")):
        levels = abstract.setdefault(definition.get(qn("w:abstractNumId")), {})
        for lvl in definition.findall(qn("w:lvl")):
            levels[_whole(lvl.get(qn("w:ilvl")), 0)] = _level_of(lvl)
    found: dict[tuple[int, int], _Level] = {}
    for num in numbering.findall(qn("w:num")):
        num_id = _whole(num.get(qn("w:numId")), 0)
        reference = num.find(qn("w:abstractNumId"))
        for ilvl, level in abstract.get(reference.get(qn("w:val")) if reference is not None else "", {}).items():
            found[(num_id, ilvl)] = level
        for override in num.findall(qn("w:lvlOverride")):
            ilvl = _whole(override.get(qn("w:ilvl")), 0)
            own = override.find(qn("w:lvl"))
            if own is not None:
                found[(num_id, ilvl)] = _level_of(own)
            start = override.find(qn("w:startOverride"))
            if start is not None and (num_id, ilvl) in found:
                found[(num_id, ilvl)] = replace(found[(num_id, ilvl)], start=_whole(start.get(qn("w:val")), 1))
    return found


def _left_indent(paragraph: Paragraph) -> int | None:
    """The paragraph's left indent in twips as Word sets it: its own, else its styles'."""
    elements = [paragraph._p.find(qn("w:pPr"))]
    style = paragraph.style
    while style is not None:
        elements.append(style.element.find(qn("w:pPr")))
        style = style.base_style
    for properties in elements:
        ind = properties.find(qn("w:ind")) if properties is not None else None
        left = (ind.get(qn("w:left")) or ind.get(qn("w:start"))) if ind is not None else None
        if left and left.lstrip("-").isdigit():
            return int(left)
    return None
