"""PDF rendering of the document model with Typst: PDF/A-2a and PDF/UA-1, tagged, fonts embedded.

The model goes to the Typst template as JSON data, never as Typst source, so no text from the
YAML can run as Typst code. Characters no shipped font can show are found before Typst runs
(`unshowable`); any Typst error after that is a bug in this renderer (`RenderError`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path

import typst

from generator.document import (
    Block,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Signatures,
    Strong,
    Subtitle,
    Table,
    Text,
    Title,
    plain,
)
from generator.render.fontcover import missing

TEMPLATE = "tjansteutlatande.typ"
FONTS = "fonts"
STANDARDS = ["a-2a", "ua-1"]


class RenderError(Exception):
    """Typst failed on a document that passed every check: a bug in the renderer or template."""

    def __init__(self, part: str, message: str) -> None:
        self.part = part
        super().__init__(f"while rendering the part '{part}': {message}")


@dataclass(frozen=True)
class Unshowable:
    char: str
    part: str


def render_pdf(document: Document, templates: Path) -> bytes:
    """The PDF bytes of `document`, laid out by templates/tjansteutlatande.typ."""
    try:
        return _compile(document, templates)
    except typst.TypstError as exc:
        raise RenderError(_failing_part(document, templates), _first_line(exc)) from None


def unshowable(document: Document, templates: Path) -> list[Unshowable]:
    """Characters of the document that none of the fonts in templates/fonts/ can show."""
    fonts = sorted((templates / FONTS).glob("*.ttf"))
    found = []
    seen: set[str] = set()
    for part, text in _texts_by_part(document):
        for char in missing(text, fonts):
            if char not in seen:
                seen.add(char)
                found.append(Unshowable(char, part))
    return found


def _compile(document: Document, templates: Path) -> bytes:
    data = json.dumps(document_data(document), ensure_ascii=False, sort_keys=True)
    moment = calendar.timegm(dt.datetime.combine(document.meta.date, dt.time()).timetuple())
    return typst.compile(
        str(templates / TEMPLATE),
        root=str(templates),
        font_paths=[str(templates / FONTS)],
        ignore_system_fonts=True,
        sys_inputs={"document": data},
        pdf_standards=STANDARDS,
        timestamp=moment,
    )


def _failing_part(document: Document, templates: Path) -> str:
    """The heading of the first section whose addition makes Typst fail."""
    parts = _sections(document.body)
    body: list[Block] = []
    for title, blocks in parts:
        body.extend(blocks)
        try:
            _compile(replace(document, body=tuple(body)), templates)
        except typst.TypstError:
            return title
    return "page header or first-page block"


def _sections(body: tuple[Block, ...]) -> list[tuple[str, list[Block]]]:
    sections: list[tuple[str, list[Block]]] = []
    for block in body:
        if isinstance(block, (Title, Heading)) or not sections:
            title = plain(block.inlines) if isinstance(block, (Title, Heading, Subtitle, Paragraph)) else "start"
            sections.append((title, []))
        sections[-1][1].append(block)
    return sections


def _texts_by_part(document: Document):
    header = document.header
    head = [header.organisation, header.kind, header.dnr, header.page_label, header.marking]
    head += [line.text for line in header.first_left + header.first_right + header.addressee_left + header.addressee_right]
    yield "first-page block", "\n".join(head)
    yield "document title", document.meta.title + document.meta.author + document.meta.subject
    for title, blocks in _sections(document.body):
        yield title, "\n".join(_block_text(b) for b in blocks)


def _block_text(block: Block) -> str:
    if isinstance(block, (Title, Subtitle, Heading, Paragraph)):
        return plain(block.inlines)
    if isinstance(block, ListBlock):
        return "\n".join(_block_text(b) for item in block.items for b in item)
    if isinstance(block, Table):
        return "\n".join(plain(cell) for row in (block.header, *block.rows) for cell in row)
    if isinstance(block, Signatures):
        return "\n".join(f"{s.name}\n{s.title}\n{s.organisation}" for s in block.signatories)
    raise TypeError(f"no text for {type(block).__name__}")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# The JSON shape the Typst template reads ------------------------------------------------------

def document_data(document: Document) -> dict:
    meta, header = document.meta, document.header
    language, _, region = meta.language.partition("-")
    lines = lambda items: [{"text": line.text, "label": line.label, "marking": line.marking} for line in items]  # noqa: E731
    return {
        "meta": {
            "title": meta.title,
            "author": meta.author,
            "subject": meta.subject,
            "keywords": [k.strip() for k in meta.keywords.split(",") if k.strip()],
            "lang": language,
            "region": region,
            "date": [meta.date.year, meta.date.month, meta.date.day],
        },
        "header": {
            "organisation": header.organisation,
            "kind": header.kind,
            "dnr": header.dnr,
            "page_label": header.page_label,
            "marking": header.marking,
            "first_left": lines(header.first_left),
            "first_right": lines(header.first_right),
            "addressee_left": lines(header.addressee_left),
            "addressee_right": lines(header.addressee_right),
        },
        "body": [_block(b) for b in document.body],
    }


def _block(block: Block) -> dict:
    if isinstance(block, Title):
        return {"type": "title", "inlines": _inlines(block.inlines)}
    if isinstance(block, Subtitle):
        return {"type": "subtitle", "inlines": _inlines(block.inlines)}
    if isinstance(block, Heading):
        return {"type": "heading", "level": block.level, "inlines": _inlines(block.inlines)}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "inlines": _inlines(block.inlines)}
    if isinstance(block, ListBlock):
        return {"type": "list", "ordered": block.ordered, "start": block.start,
                "items": [[_block(b) for b in item] for item in block.items]}
    if isinstance(block, Table):
        return {"type": "table", "header": [_inlines(c) for c in block.header],
                "rows": [[_inlines(c) for c in row] for row in block.rows]}
    if isinstance(block, Signatures):
        return {"type": "signatures", "signatories": [
            {"name": s.name, "title": s.title, "organisation": s.organisation} for s in block.signatories]}
    raise TypeError(f"no PDF rendering for {type(block).__name__}")


def _inlines(inlines: tuple[Inline, ...]) -> list[dict]:
    out = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.append({"t": "text", "v": inline.text})
        elif isinstance(inline, Emph):
            out.append({"t": "emph", "c": _inlines(inline.children)})
        elif isinstance(inline, Strong):
            out.append({"t": "strong", "c": _inlines(inline.children)})
        elif isinstance(inline, Link):
            out.append({"t": "link", "url": inline.url, "c": _inlines(inline.children)})
        elif isinstance(inline, LineBreak):
            out.append({"t": "br"})
    return out
