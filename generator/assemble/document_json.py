"""The document model as versioned JSON: its one serialisation, described in docs/document-format.md.

Like pandoc's `pandoc-api-version`, the data names its format and version, and its shape does
not depend on Python's class or field names. The same data is what approvals are bound to
(`fingerprint.py`) and what the Typst template lays out (`render/pdf.py`), so the PDF is made
from exactly the data that was approved.
"""

from __future__ import annotations

import json
from typing import Any

from generator.assemble.document import (
    Block,
    Document,
    Emph,
    HeaderLine,
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
)

FORMAT = "utlatande-document"
#: Raise on any change of the shape below, and say in docs/document-format.md what changed.
VERSION = 2


def document_data(document: Document) -> dict[str, Any]:
    meta, header = document.meta, document.header
    return {
        "format": FORMAT,
        "version": VERSION,
        "meta": {
            "title": meta.title,
            "author": meta.author,
            "subject": meta.subject,
            "keywords": [k.strip() for k in meta.keywords.split(",") if k.strip()],
            "language": meta.language,
            "date": meta.date.isoformat(),
        },
        "header": {
            "organisation": header.organisation,
            "kind": header.kind,
            "dnr": header.dnr,
            "page_label": header.page_label,
            "marking": header.marking,
            "first_left": _lines(header.first_left),
            "first_right": _lines(header.first_right),
            "addressee_left": _lines(header.addressee_left),
            "addressee_right": _lines(header.addressee_right),
        },
        "body": [_block(b) for b in document.body],
    }


def canonical_json(document: Document) -> str:
    """The one text of the document's data: sorted keys, no spaces, characters as they are."""
    return json.dumps(document_data(document), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _lines(lines: tuple[HeaderLine, ...]) -> list[dict[str, Any]]:
    return [{"text": line.text, "label": line.label, "marking": line.marking} for line in lines]


def _block(block: Block) -> dict[str, Any]:
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
    raise TypeError(f"no JSON form for {type(block).__name__}")


def _inlines(inlines: tuple[Inline, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.append({"type": "text", "text": inline.text})
        elif isinstance(inline, Emph):
            out.append({"type": "emph", "content": _inlines(inline.children)})
        elif isinstance(inline, Strong):
            out.append({"type": "strong", "content": _inlines(inline.children)})
        elif isinstance(inline, Link):
            out.append({"type": "link", "url": inline.url, "content": _inlines(inline.children)})
        elif isinstance(inline, LineBreak):
            out.append({"type": "break"})
        else:
            raise TypeError(f"no JSON form for {type(inline).__name__}")
    return out
