"""The final check before a document is published: read the built Word, PDF and HTML files back
as a reader's software would, and refuse them unless they show exactly the approved text.

Approvals are bound to the document model and to the files that lay it out; this check covers
what those fingerprints cannot: a template or reference.docx that was already hiding, changing
or adding text when the document was approved. Text hidden by formatting counts as missing.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.model.document import Document
from generator.model.text import render_text
from generator.readback.docx import docx_text
from generator.readback.html import html_text
from generator.readback.pdf import pdf_reading
from generator.render.pdf import TEMPLATE
from generator.render.reference import REFERENCE_DOCX

#: What may be left of a PDF's artifacts (running header, letterhead, footer, page numbers) once
#: their own texts and the page numbers ("Sida 2 (3)") are taken out: white space and punctuation
#: only (the footer's items are set apart by "·").
_LEFT_OVER = re.compile(r"[\s()/.,:·–-]+")
_RIGHT_TO_LEFT = ("R", "AL")


def check_published(document: Document, rendered: dict[str, bytes], response: Path, templates: Path) -> None:
    """Raises a SourceError naming the response and the presentation file at fault when a built
    file's text is not the document's text."""
    expected = render_text(document)
    if "docx" in rendered:
        shown = docx_text(rendered["docx"])
        if shown != expected:
            raise _refused(response, templates / REFERENCE_DOCX, "Word", _first_different_line(expected, shown))
    if "html" in rendered:
        # The HTML's look is utlatande's own (no template lays it out): a difference is a bug here.
        shown = html_text(rendered["html"])
        if shown != expected:
            raise RuntimeError(f"the HTML writer lost text: {_first_different_line(expected, shown)}")
    if "pdf" in rendered:
        reading = pdf_reading(rendered["pdf"])
        if reading.invisible:
            raise SourceError.at(
                Position(response), t("the PDF would contain text a reader cannot see ({text})", text=reading.invisible[0]),
                t("{template} hides text; nothing was written: restore the template (git checkout -- templates/) or remove "
                  "what hides the text", template=templates / TEMPLATE),
            )
        # A table's cells are separated by " | " in the text, by lines in the PDF.
        wanted, got = _comparable(expected.replace(" | ", " ")), _comparable(reading.content)
        if wanted != got:
            raise _refused(response, templates / TEMPLATE, "PDF", _first_difference(wanted, got))
        page_numbers = re.compile(re.escape(document.header.page_label) + r"\s*\d+\s*(\(\s*\d+\s*\))?")
        extra = _LEFT_OVER.sub("", page_numbers.sub(" ", _without(reading.artifacts, _header_texts(document))))
        if extra:
            raise SourceError.at(
                Position(response), t("the PDF's page headers would contain text that is not in the document: '{text}'",
                                      text=extra[:60]),
                t("only the header of the document may stand in {template}'s running header; nothing was written",
                  template=templates / TEMPLATE),
            )


def _refused(response: Path, culprit: Path, kind: str, difference: str) -> SourceError:
    return SourceError.at(
        Position(response),
        t("the {kind} file would not show the approved text: {difference}", kind=kind, difference=difference),
        t("{file} changes or hides text (hidden, white or tiny type counts as missing); nothing was written: "
          "restore it (git checkout -- templates/) or correct it", file=culprit),
    )


def _comparable(text: str) -> str:
    """Text as a PDF keeps it comparably: no white space or soft hyphens, right-to-left runs in
    reading order (a PDF stores them as drawn, right to left)."""
    letters = [c for c in text if not c.isspace() and c != "\u00ad" and unicodedata.category(c) != "Cf"]
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
    """The texts page furniture may show: the running header's and the letterhead's."""
    header, letterhead = document.header, document.header.letterhead
    items = [item for line in letterhead.footer for item in line]
    return [t for t in (header.forvaltning, header.marking, header.kind, header.dnr, letterhead.city, *items) if t]


def _without(text: str, pieces: list[str]) -> str:
    for piece in sorted(pieces, key=len, reverse=True):
        text = text.replace(piece, " ")
    return text


def _first_difference(wanted: str, got: str) -> str:
    """Where two texts without spaces first differ, with a little context."""
    index = next((i for i, (a, b) in enumerate(zip(wanted, got)) if a != b), min(len(wanted), len(got)))
    start = max(0, index - 20)
    return t("approved '…{approved}…', built '…{built}…' (spaces left out)", approved=wanted[start:index + 20],
             built=got[start:index + 20])


def _first_different_line(expected: str, shown: str) -> str:
    """The first line where the texts differ, as approved '…', built '…'."""
    wanted, got = expected.splitlines(), shown.splitlines()
    for index in range(max(len(wanted), len(got))):
        a = wanted[index] if index < len(wanted) else ""
        b = got[index] if index < len(got) else ""
        if " ".join(a.split()) != " ".join(b.split()):
            return t("approved '{approved}', built '{built}'", approved=a[:80], built=b[:80])
    return t("the texts differ in their characters")
