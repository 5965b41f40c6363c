"""The final check before a document is published: read the built Word, PDF and HTML files back
as a reader's software would, and refuse them unless they show exactly the document's text.

Approvals are bound to the document model and to the files that lay it out; this check covers
what those fingerprints cannot: a template or reference.docx that was already hiding, changing
or adding text when the document was approved. Text hidden by formatting counts as missing.

When a file does not show the text, the message names the cause. The layout files that could
be at fault are the ones that changed since the response's last approval (or, before any, that
differ from the templates utlatande ships): only those are blamed. When none changed, the
writers and readers of utlatande disagree with the model, which is a bug in utlatande
(`ReadBackMismatch`, reported as an internal error), never the officer's template.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.model.document import Block, Document, ListBlock, PageField, Role, Table, page_number, plain
from generator.model.text import document_text
from generator.readback.docx import docx_text
from generator.readback.html import html_text
from generator.readback.pdf import pdf_reading

#: What may be left of a PDF's artifacts (running header, letterhead, footer, page numbers) once
#: their own texts and the page numbers ("Sida 2 (3)") are taken out: white space and punctuation
#: only (the footer's items are set apart by "·").
_LEFT_OVER = re.compile(r"[\s()/.,:·–-]+")
_RIGHT_TO_LEFT = ("R", "AL")

@dataclass(frozen=True)
class Suspects:
    """The layout files (project-relative POSIX paths) that could make a built file show other
    text than the document's, by the format they lay out: those changed since the response's
    last approval (`since_approval`), or, before any approval, those unlike utlatande's own."""

    docx: tuple[str, ...] = ()
    pdf: tuple[str, ...] = ()
    since_approval: bool = False


class ReadBackMismatch(Exception):
    """A built file does not show the document's text, and no layout file changed that could
    explain it: utlatande's writer and reader disagree with the model (a bug in utlatande)."""


def check_published(document: Document, rendered: dict[str, bytes], response: Path, suspects: Suspects) -> None:
    """Raises a SourceError naming the changed layout files at fault when a built file's text is
    not the document's text, or ReadBackMismatch when nothing changed that could explain it."""
    expected = document_text(document)
    if "docx" in rendered:
        shown = docx_text(rendered["docx"])
        if shown != expected:
            raise _refused(response, suspects.docx, suspects.since_approval, "Word", _first_different_line(expected, shown))
    if "html" in rendered:
        # The HTML's look is utlatande's own (no template lays it out): a difference is a bug here.
        shown = html_text(rendered["html"])
        if shown != expected:
            raise ReadBackMismatch(t("the HTML file would not show the text: {difference}",
                                     difference=_first_different_line(expected, shown)))
    if "pdf" in rendered:
        _check_pdf(document, rendered["pdf"], response, suspects)


def _check_pdf(document: Document, pdf: bytes, response: Path, suspects: Suspects) -> None:
    reading = pdf_reading(pdf)
    since = suspects.since_approval
    if reading.invisible:
        raise _refused(response, suspects.pdf, since, "PDF", t("it would contain text a reader cannot see ({text})",
                                                               text=reading.invisible[0]))
    # A table's cells stand apart in the PDF, with nothing between them.
    wanted, got = _comparable(document_text(document, cell_separator=" ")), _comparable(reading.content)
    if wanted != got:
        raise _refused(response, suspects.pdf, since, "PDF", _first_difference(wanted, got))
    # Compared without spaces: a long line of the running header wraps where the text has none.
    extra = _LEFT_OVER.sub("", _furniture(document).sub(" ", _comparable(reading.artifacts)))
    if extra:
        raise _refused(response, suspects.pdf, since, "PDF",
                       t("its page headers would contain text that is not in the document: '{text}'", text=extra[:60]))


def _refused(response: Path, files: tuple[str, ...], since_approval: bool, kind: str, difference: str) -> Exception:
    """The problem, naming the changed layout files, when some may be the cause; else the bug it is."""
    message = t("the {kind} file would not show the approved text: {difference}", kind=kind, difference=difference)
    if not files:
        return ReadBackMismatch(message)
    names = ", ".join(files)
    cause = (t("{files} changed since the last approval and changes or hides text", files=names) if since_approval
             else t("{files} is not the one utlatande ships and changes or hides text", files=names))
    return SourceError.at(
        Position(response), message,
        t("{cause} (hidden, white or tiny type counts as missing); nothing was written: restore it "
          "(git checkout -- templates/) or correct it", cause=cause),
    )


def _furniture(document: Document) -> re.Pattern[str]:
    """What page furniture may show, without spaces: the page numbers as the model's form prints
    them ("Sida 2 (3)"), and the texts of `_header_texts`. The longest is tried first at each
    place, so that a text holding another (a header cell "Se Sida 2 (3)"; a förvaltning named
    like the page label) is taken whole."""
    numbers = "".join(r"\d+" if isinstance(part, PageField) else re.escape(_comparable(part))
                      for part in page_number(document.header.page_label))
    shortest = len(_comparable("".join(p if isinstance(p, str) else "1" for p in page_number(document.header.page_label))))
    pieces = [(len(text), re.escape(text)) for text in {_comparable(text) for text in _header_texts(document)} if text]
    return re.compile("|".join(pattern for _, pattern in sorted([*pieces, (shortest, numbers)], key=lambda p: (-p[0], p[1]))))


def _visible(text: str) -> str:
    """Text without what draws nothing: the zero-width breaks a long word is given, soft hyphens."""
    return "".join(c for c in text if c != "\u00ad" and unicodedata.category(c) != "Cf")


def _comparable(text: str) -> str:
    """Text as a PDF keeps it comparably: no white space or soft hyphens, right-to-left runs in
    reading order (a PDF stores them as drawn, right to left)."""
    letters = [c for c in _visible(text) if not c.isspace()]
    out: list[str] = []
    run: list[str] = []
    for char in letters:
        if unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
            run.append(char)
            continue
        out.extend(sorted(run))
        run = []
        out.append(char)
    out.extend(sorted(run))
    return "".join(out)


def _header_texts(document: Document) -> list[str]:
    """The texts page furniture may show: the running header's lines, the letterhead's, and a
    table's header row, which a PDF repeats on each page the table runs onto."""
    header, letterhead = document.header, document.header.letterhead
    columns = (header.first_page, header.later_pages)
    lines = [line.text for page in columns for line in (*page.left, *page.right) if line.role is not Role.PAGE]
    items = [item for line in letterhead.footer for item in line]
    cells = [plain(cell) for table in _tables(document.body) for cell in table.header]
    return [text for text in (*lines, letterhead.city, *items, *cells) if text]


def _tables(blocks: tuple[Block, ...]) -> list[Table]:
    found: list[Table] = []
    for block in blocks:
        if isinstance(block, Table):
            found.append(block)
        elif isinstance(block, ListBlock):
            found.extend(table for item in block.items for table in _tables(item))
    return found


def _first_difference(wanted: str, got: str) -> str:
    """Where two texts without spaces first differ, with a little context."""
    index = next((i for i, (a, b) in enumerate(zip(wanted, got, strict=False)) if a != b), min(len(wanted), len(got)))
    start = max(0, index - 20)
    return t("approved '…{approved}…', built '…{built}…' (spaces left out)", approved=wanted[start:index + 20],
             built=got[start:index + 20])


def _first_different_line(expected: str, shown: str) -> str:
    """The first line where the texts differ, as approved '…', built '…'."""
    wanted, got = expected.splitlines(), shown.splitlines()
    for index in range(max(len(wanted), len(got))):
        a = wanted[index] if index < len(wanted) else ""
        b = got[index] if index < len(got) else ""
        if a != b:
            return t("approved '{approved}', built '{built}'", approved=a[:80], built=b[:80])
    return t("the texts differ in their characters")
