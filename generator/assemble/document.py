"""The document model every renderer consumes: blocks and inlines, header, signatures, approvals.

Renderers (docx, text, pdf) read only this; they never see YAML or templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Emph | Strong | Link | LineBreak


@dataclass(frozen=True)
class Title:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Subtitle:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is a main section ("Sammanfattning"), 2 a question under it."""

    level: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    """A list numbered on its own: each ordered list starts again at `start`."""

    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class Signatures:
    """The signature block: signatories side by side, two to a row."""

    signatories: tuple[Signatory, ...]


Block = Title | Subtitle | Heading | Paragraph | ListBlock | Table | Signatures


@dataclass(frozen=True)
class HeaderLine:
    text: str
    label: bool = False
    marking: bool = False
    """A status marking such as "UTKAST", shown prominently."""


@dataclass(frozen=True)
class PageHeader:
    """What stands at the top of every page, and the fuller block on the first page."""

    organisation: str
    kind: str
    dnr: str
    page_label: str
    marking: str
    first_left: tuple[HeaderLine, ...]
    first_right: tuple[HeaderLine, ...]
    addressee_left: tuple[HeaderLine, ...]
    addressee_right: tuple[HeaderLine, ...]


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str
    language: str
    date: dt.date


@dataclass(frozen=True)
class Document:
    meta: Metadata
    header: PageHeader
    body: tuple[Block, ...]


def count_blocks(blocks: tuple[Block, ...]) -> int:
    """Blocks as a reader counts them: every list item's blocks and every table row included."""
    total = 0
    for block in blocks:
        if isinstance(block, ListBlock):
            total += sum(count_blocks(item) for item in block.items)
        elif isinstance(block, Table):
            total += len(block.rows) + 1
        else:
            total += 1
    return total


def plain(inlines: tuple[Inline, ...]) -> str:
    """The text of some inlines without formatting; a line break becomes a newline."""
    out = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.append(inline.text)
        elif isinstance(inline, LineBreak):
            out.append("\n")
        else:
            out.append(plain(inline.children))
    return "".join(out)
