"""Reads the lines of a received skrivelse from a .txt, .pdf or .docx file, page by page.

PDF text comes from pypdf, with a blank line wherever the vertical gap between two lines is
clearly larger than the line spacing (a new paragraph) and nothing where the text jumps up (a
new column). Word files come with their list numbers, which Word keeps out of the text.
"""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

import pypdf
from pypdf.generic import DictionaryObject

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.limits import MAX_LETTER_BYTES, MAX_LETTER_PAGES
from generator.readback.docx import docx_lines

#: A vertical gap this many times the usual line spacing starts a new paragraph (Typst's and
#: Word's default paragraph spacing give about 1.3 and 1.6).
PARAGRAPH_GAP = 1.25


def pages_of(path: Path) -> list[list[str]]:
    """The file's text as pages of lines."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SourceError.at(Position(path), t("file not found"))
    if path.stat().st_size > MAX_LETTER_BYTES:
        raise SourceError.at(Position(path), t("the file is larger than {size} MB, the limit for a letter to import",
                                               size=MAX_LETTER_BYTES // 1_000_000),
                             t("is it the right file? A skrivelse is a few pages"))
    if suffix == ".pdf":
        return _pdf_pages(path)
    if suffix == ".docx":
        return [docx_lines(path)]
    if suffix in (".txt", ".text", ".md", ""):
        return [_text(path).split("\n")]
    raise SourceError.at(Position(path), t("cannot import a '{suffix}' file", suffix=suffix),
                         t("import the skrivelse as .pdf, .docx or .txt (in Word: Save as → PDF)"))


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _pdf_pages(path: Path) -> list[list[str]]:
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError.at(Position(path), t("the PDF is encrypted and needs a password to open"),
                                 t("open it, save or print it as a PDF without a password, and import that"))
        if len(reader.pages) > MAX_LETTER_PAGES:
            raise SourceError.at(Position(path), t("the PDF has {count} pages; a letter to import may have at most {limit}",
                                                   count=len(reader.pages), limit=MAX_LETTER_PAGES),
                                 t("is it the right file? A skrivelse is a few pages"))
        pages = [_page_lines(page) for page in reader.pages]
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds (not only PyPdfError) for a damaged or protected file
        raise SourceError.at(Position(path), t("cannot read this PDF: {error}", error=exc),
                             t("is it a PDF file?")) from None
    if sum(len("".join(lines).strip()) for lines in pages) < 20:
        raise SourceError.at(Position(path), t("the PDF has no text layer: it looks like a scanned image"),
                             t("run text recognition (OCR) on it first, or ask the sender for the original file"))
    return pages


def _page_lines(page: pypdf.PageObject) -> list[str]:
    """The page's lines in content order, with "" where a paragraph gap is."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, user_matrix: list[float], text_matrix: list[float], font: DictionaryObject | None,
              size: float) -> None:
        if text:
            scale = abs(text_matrix[3] * user_matrix[3]) or 1.0
            pieces.append((text_matrix[5] * user_matrix[3] + user_matrix[5], (size or 1.0) * scale, text))

    raw = page.extract_text(visitor_text=visit)
    lines: list[tuple[str, float | None, float]] = []
    current, top, height = "", None, 0.0
    for y, size, text in pieces:
        for index, part in enumerate(text.split("\n")):
            if index > 0:
                lines.append((current, top, height))
                current, top, height = "", None, 0.0
            if part and top is None:
                top = y
            if part:
                height = max(height, size)
            current += part
    if current:
        lines.append((current, top, height))
    if not lines:
        return raw.split("\n") if raw else []
    return _with_paragraph_gaps(lines)


def _with_paragraph_gaps(lines: list[tuple[str, float | None, float]]) -> list[str]:
    """A blank line where the gap to the next line, measured in that line's font size, is
    clearly larger than usual: a title's wider line pitch is not mistaken for a paragraph gap."""
    known = [(text, y, size) for text, y, size in lines if text.strip() and y is not None]
    ratios = [(a[1] - b[1]) / b[2] for a, b in itertools.pairwise(known) if a[1] > b[1] and b[2]]
    usual = statistics.median(ratios) if ratios else 0
    out: list[str] = []
    previous = None
    for text, y, size in known:
        if previous is not None and usual and size and (previous - y) / size > PARAGRAPH_GAP * usual:
            out.append("")
        out.append(text.rstrip())
        previous = y
    return out
