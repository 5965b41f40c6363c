"""Reads the text of PDF files: for `utlatande text`, git diffs and the final check.

`pdf_text` prints the content line by line as laid out, without the page furniture; and
`pdf_reading` separates the content from the page furniture (artifacts) and lists text drawn
so that nobody can see it, which is printed inside ⟦hidden: …⟧ and never passes for the
approved text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pypdf
from pypdf import PageObject
from pypdf.generic import ArrayObject, ByteStringObject, ContentStream, TextStringObject

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.readback import HIDDEN


def pdf_text(path: Path) -> str:
    """The text a reader reads, line by line as it is laid out, without the page furniture
    (running headers, page numbers) that would show as a change on every page in a diff.
    Text drawn so that nobody can see it is printed inside ⟦hidden: …⟧, as for Word."""
    try:
        reading = pdf_reading(path.read_bytes())
    except OSError as exc:
        raise SourceError.at(Position(path), t("cannot read this file: {error}", error=exc.strerror)) from None
    except Exception as exc:  # noqa: BLE001  pypdf raises many kinds for a damaged file
        raise SourceError.at(Position(path), t("cannot read this PDF: {error}", error=exc),
                             t("is it a PDF file?")) from None
    lines = [line.rstrip() for line in reading.content.splitlines()]
    return "\n".join([*lines, *(HIDDEN.format(reason) for reason in reading.invisible)]) + "\n"


@dataclass(frozen=True)
class PdfReading:
    """A PDF's text split by role: the content a reader reads, the artifacts (running headers,
    page numbers) and the text drawn so that it cannot be seen."""

    content: str
    artifacts: str
    invisible: tuple[str, ...]


def pdf_reading(data: bytes) -> PdfReading:
    """Reads the content streams of every page, sorting each text-showing operation by role.

    Each page is extracted twice by pypdf, once with only the content's text operations and
    once with only the artifacts', so pypdf's decoding of fonts and spacing is used unchanged.
    """
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    content: list[str] = []
    artifacts: list[str] = []
    invisible: list[str] = []
    for page in writer.pages:
        box = [float(v) for v in page.mediabox]
        stream = ContentStream(page.get_contents(), writer)
        operations = [([_exact(o) for o in operands], op) for operands, op in stream.operations]
        state = _TextState(_fill_alphas(page))
        kept: dict[str, list[tuple[list[Any], bytes]]] = {"content": [], "artifact": []}
        for operands, op in operations:
            role = state.apply(operands, op)
            if op not in _SHOW_TEXT:
                kept["content"].append((operands, op))
                kept["artifact"].append((operands, op))
                continue
            kept[role].append((operands, op))
            reason = state.invisible(box)
            if reason:
                invisible.append(reason)
        for role, out in (("content", content), ("artifact", artifacts)):
            kept_stream = ContentStream(None, writer)
            kept_stream.operations = kept[role]
            page.replace_contents(kept_stream)
            out.append(page.extract_text())
    return PdfReading("\n".join(content), "\n".join(artifacts), tuple(invisible))


_SHOW_TEXT = {b"Tj", b"TJ", b"'", b'"'}


def _exact(operand: Any) -> Any:
    """Operands as parsed, but strings as their original bytes, so they are written back unchanged."""
    if isinstance(operand, TextStringObject):
        return ByteStringObject(operand.original_bytes)
    if isinstance(operand, list):
        return ArrayObject(_exact(item) for item in operand)
    return operand


def _fill_alphas(page: PageObject) -> dict[str, float]:
    """The fill opacity (/ca) of each named graphics state of the page."""
    states = page.get("/Resources", {}).get("/ExtGState", {}) if page.get("/Resources") else {}
    return {str(name): float(state.get_object().get("/ca", 1)) for name, state in states.items()}


#: Text lighter than this (relative luminance) has a contrast under 1.5 against a white page,
#: the same bound the Word read-back uses.
_PALEST_READABLE = 0.65


def _lightness(fill: tuple[float, ...]) -> float:
    """Relative luminance (0 black, 1 white) of a fill in gray, RGB or CMYK; the page is white."""
    rgb: tuple[float, ...]
    if len(fill) == 1:
        rgb = (fill[0],) * 3
    elif len(fill) == 3:
        rgb = fill
    elif len(fill) == 4:
        rgb = tuple((1 - c) * (1 - fill[3]) for c in fill[:3])
    else:
        return 0.0
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


class _TextState:
    """The parts of the PDF graphics state that decide whether text can be seen."""

    IDENTITY: ClassVar[tuple[float, ...]] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def __init__(self, alphas: dict[str, float]) -> None:
        self.alphas = alphas
        self.marked: list[bool] = []
        self.saved: list[tuple] = []
        self.ctm, self.tm, self.line = list(self.IDENTITY), list(self.IDENTITY), list(self.IDENTITY)
        self.mode, self.size, self.alpha = 0, 0.0, 1.0
        self.fill: tuple[float, ...] | None = (0.0,)

    def apply(self, operands: list, op: bytes) -> str:
        """Updates the state for one operation; returns the role of text shown now."""
        if op in (b"BDC", b"BMC"):
            self.marked.append(str(operands[0]) == "/Artifact" or bool(self.marked and self.marked[-1]))
        elif op == b"EMC" and self.marked:
            self.marked.pop()
        elif op == b"q":
            self.saved.append((list(self.ctm), self.mode, self.size, self.fill, self.alpha))
        elif op == b"Q" and self.saved:
            self.ctm, self.mode, self.size, self.fill, self.alpha = self.saved.pop()
        elif op == b"cm":
            self.ctm = _multiply([float(v) for v in operands], self.ctm)
        elif op == b"BT":
            self.tm, self.line = list(self.IDENTITY), list(self.IDENTITY)
        elif op == b"Tm":
            self.tm = self.line = [float(v) for v in operands]
        elif op in (b"Td", b"TD"):
            self.line = _multiply([1, 0, 0, 1, float(operands[0]), float(operands[1])], self.line)
            self.tm = list(self.line)
        elif op == b"Tr":
            self.mode = int(operands[0])
        elif op == b"Tf":
            self.size = float(operands[1])
        elif op in (b"rg", b"g", b"k", b"sc", b"scn"):
            numbers = all(isinstance(v, (int, float)) for v in operands)
            # A pattern (a gradient, a tiling) cannot be judged: its text is taken as unseen.
            self.fill = tuple(float(v) for v in operands) if numbers and operands else None
        elif op == b"gs":
            self.alpha = self.alphas.get(str(operands[0]), self.alpha)
        return "artifact" if self.marked and self.marked[-1] else "content"

    def invisible(self, box: list[float]) -> str:
        """Why text shown now cannot be seen, or ""."""
        if self.mode in (3, 7):
            return "text in the invisible render mode"
        if self.alpha < 0.1:
            return "transparent text"
        if self.fill is None:
            return "text painted with a pattern or gradient"
        if _lightness(self.fill) > _PALEST_READABLE:
            return "white or nearly white text"
        matrix = _multiply(self.tm, self.ctm)
        if self.size * abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5 < 3:
            return "text too small to read"
        x, y = matrix[4], matrix[5]
        if not (box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1):
            return "text outside the page"
        return ""
