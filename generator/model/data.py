"""The document model as versioned JSON: its one serialisation, described in docs/document-format.md.

Like pandoc's `pandoc-api-version`, the data names its format and version, and its shape does
not depend on Python's class or field names. The same data is what approvals are bound to
(`review/fingerprint.py`) and what the Typst template lays out (`render/pdf.py`), so the PDF is
made from exactly the data that was approved. Every earlier version is made from today's data
(`document_data(document, version)`), for the templates written for it and the approvals
recorded with it.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model.document import (
    BlockVisitor,
    Columns,
    Document,
    Emph,
    Heading,
    Inline,
    Labelled,
    LineBreak,
    Link,
    ListBlock,
    PageField,
    Paragraph,
    Signatures,
    Strong,
    Subtitle,
    Table,
    Text,
    Title,
    page_number,
)

FORMAT = "utlatande-document"
#: Raise on any change of the shape below, say in docs/document-format.md what changed, and
#: add the conversion to the version before (as `as_version_3`), so that the earlier versions'
#: fingerprints are still computed (review/fingerprint.py).
VERSION = 4


#: The versions `document_data` can give: a Typst template made for an earlier version keeps
#: working, so that upgrading utlatande does not change how a project's documents look.
VERSIONS = (2, 3, VERSION)


def document_data(document: Document, version: int = VERSION) -> dict[str, Any]:
    """The document's data in `version` of the format (see docs/document-format.md)."""
    data = _data(document)
    if version == VERSION:
        return data
    data = as_version_3(data)
    return data if version == 3 else as_version_2(data)


def canonical_json(document: Document, version: int = VERSION) -> str:
    """The one text of the document's data: sorted keys, no spaces, characters as they are."""
    return canonical(document_data(document, version))


def canonical(data: dict[str, Any]) -> str:
    """Data as the one text that is fingerprinted (see docs/document-format.md)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


#: What version 4 added to the header: its layout.
_LAYOUT_KEYS = ("first_page", "later_pages", "block", "page_number")


def as_version_3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 had no header layout, no list markers (each writer decided them) and no table
    captions: a table's caption was the paragraph before it."""
    header = {key: value for key, value in data["header"].items() if key not in _LAYOUT_KEYS}
    return {**data, "version": 3, "header": header, "body": _v3_blocks(data["body"])}


def _v3_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for block in blocks:
        if block["type"] == "list":
            items = [_v3_blocks(item) for item in block["items"]]
            out.append({key: value for key, value in block.items() if key != "marker"} | {"items": items})
        elif block["type"] == "table":
            if block["caption"]:
                out.append({"type": "paragraph", "inlines": block["caption"]})
            out.append({key: value for key, value in block.items() if key != "caption"})
        else:
            out.append(block)
    return out


def as_version_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 had the page header as lines laid out for the writers, picked by position."""
    header = data["header"]
    line = lambda text, label=False, marking=False: {"text": text, "label": label, "marking": marking}  # noqa: E731
    labelled = lambda group: [line(group["label"], label=True), *(line(text) for text in group["lines"])]  # noqa: E731
    return {**data, "version": 2, "header": {
        "organisation": header["forvaltning"], "kind": header["kind"], "dnr": header["dnr"],
        "page_label": header["page_label"], "marking": header["marking"],
        "first_left": [line(header["forvaltning"]), *([line(header["avdelning"])] if header["avdelning"] else [])],
        "first_right": [*([line(header["marking"], marking=True)] if header["marking"] else []),
                        line(header["kind"]), line(header["dnr"]), line(header["date"])],
        "addressee_left": labelled(header["handlaggare"]) if header["handlaggare"] else [],
        "addressee_right": labelled(header["addressee"]),
    }}


def _data(document: Document) -> dict[str, Any]:
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
            "forvaltning": header.forvaltning,
            "avdelning": header.avdelning,
            "kind": header.kind,
            "dnr": header.dnr,
            "date": header.date,
            "page_label": header.page_label,
            "marking": header.marking,
            "handlaggare": _labelled(header.handlaggare) if header.handlaggare else None,
            "addressee": _labelled(header.addressee),
            "first_page": _columns(header.first_page),
            "later_pages": _columns(header.later_pages),
            "block": _columns(header.block),
            "page_number": [{"field": part.value} if isinstance(part, PageField) else {"text": part}
                            for part in page_number(header.page_label)],
        },
        "body": [_BLOCKS.visit(b) for b in document.body],
    }


def _labelled(group: Labelled) -> dict[str, Any]:
    return {"label": group.label, "lines": list(group.lines)}


def _columns(columns: Columns) -> dict[str, Any]:
    return {side: [{"text": line.text, "role": line.role.value} for line in lines]
            for side, lines in (("left", columns.left), ("right", columns.right))}


class _Blocks(BlockVisitor[dict[str, Any]]):
    def title(self, block: Title) -> dict[str, Any]:
        return {"type": "title", "inlines": _inlines(block.inlines)}

    def subtitle(self, block: Subtitle) -> dict[str, Any]:
        return {"type": "subtitle", "inlines": _inlines(block.inlines)}

    def heading(self, block: Heading) -> dict[str, Any]:
        return {"type": "heading", "level": block.level, "inlines": _inlines(block.inlines)}

    def paragraph(self, block: Paragraph) -> dict[str, Any]:
        return {"type": "paragraph", "inlines": _inlines(block.inlines)}

    def list_block(self, block: ListBlock) -> dict[str, Any]:
        data = {"type": "list", "ordered": block.ordered, "start": block.start, "marker": block.marker,
                "items": [[self.visit(b) for b in item] for item in block.items]}
        # Only when set, so that every document without it serialises as it always has.
        if block.keep_with_next:
            data["keep_with_next"] = True
        return data

    def table(self, block: Table) -> dict[str, Any]:
        return {"type": "table", "caption": _inlines(block.caption), "header": [_inlines(c) for c in block.header],
                "rows": [[_inlines(c) for c in row] for row in block.rows]}

    def signatures(self, block: Signatures) -> dict[str, Any]:
        return {"type": "signatures", "signatories": [
            {"name": s.name, "title": s.title, "organisation": s.organisation} for s in block.signatories]}


_BLOCKS = _Blocks()


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
