"""The document model every writer and reader follows: blocks and inlines, the page header and
its layout, signatures, the letterhead.

The assembler builds it; writers (Word, PDF, HTML, text) and readers (readback/) read only this,
never YAML or templates. Every decision a reader of the document sees is held here: a list's
marker (lists.py gives the rule by kind and depth), a table's caption, the columns and lines of
the page header and the block under it, the page number's form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


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
    """A list numbered on its own: each ordered list starts again at `start`.

    `marker` is what marks its items as printed: a bulleted list's bullet ("•", "–"), or for
    a numbered list what follows each number ("." in "1."); `lists.item_marker` gives an
    item's whole marker. Every writer prints exactly it, whatever the depth of the list."""

    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]
    marker: str
    keep_with_next: bool = False
    """Printed on the same page as the block after it (a question quoted before its answer)."""


@dataclass(frozen=True)
class Table:
    """A table: its header row (empty: none), its rows, and its caption (empty: none), the
    words that name it, printed before it ("… av följande personer:")."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Signer:
    """A signatory as printed: name, title and förvaltning."""

    name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class Signatures:
    """The signature block: signatories side by side, two to a row."""

    signatories: tuple[Signer, ...]


Block = Title | Subtitle | Heading | Paragraph | ListBlock | Table | Signatures


@dataclass(frozen=True)
class Labelled:
    """A labelled group of the block under page 1's header: "Handläggare" or "Till", and its lines."""

    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Picture:
    """A picture the document carries (the organisation's logo): its bytes, their media type
    ("image/svg+xml" or "image/png"), its alt text, and the file it was read from, for messages."""

    data: bytes
    media_type: str
    alt: str
    source: Path


#: Between the items of a footer line ("Postadress: …  ·  Besöksadress: …"), in every writer.
FOOTER_SEPARATOR = "  ·  "


class Role(Enum):
    """What a line of the page header or of the block under it is, for the writer's style."""

    TEXT = "text"
    MARKING = "marking"
    """A status marking such as "UTKAST": large, bold and red."""
    KIND = "kind"
    """The kind of document, "Tjänsteutlåtande"."""
    LABEL = "label"
    """The label of a group: "Handläggare", "Till"."""
    PAGE = "page"
    """The page number, "Sida 2 (3)": page furniture, in no text of the document."""


@dataclass(frozen=True)
class Line:
    text: str
    role: Role = Role.TEXT


@dataclass(frozen=True)
class Columns:
    """Two columns of lines, side by side: 55 % and 45 % of the text width in every writer."""

    left: tuple[Line, ...]
    right: tuple[Line, ...]


#: The two columns' shares of the text width, in per cent.
COLUMN_WIDTHS = (55, 45)


class PageField(Enum):
    """A number the page shows, filled in where the document is laid out (Word's PAGE and NUMPAGES)."""

    PAGE = "page"
    PAGES = "pages"


def page_number(label: str) -> tuple[str | PageField, ...]:
    """The page number's form, "Sida 2 (3)": its texts and the numbers the layout fills in."""
    return (f"{label} ", PageField.PAGE, " (", PageField.PAGES, ")")


@dataclass(frozen=True)
class Letterhead:
    """The organisation's identity on the page: its logo and city line at the top of page 1, and
    the footer's lines (each a few items) on every page.

    Page furniture like "Sida x (y)": not part of the document's text, nor of its versioned data
    (document_json.py) and content fingerprint; it comes from the profile and the logo file,
    which approvals name among the layout files."""

    city: str | None = None
    logo: Picture | None = None
    footer: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class PageHeader:
    """What the page headers and page 1's block under them say, and how they are laid out
    (`first_page`, `later_pages`, `block`): writers follow the columns, choosing styles by role."""

    forvaltning: str
    avdelning: str | None
    kind: str
    dnr: str
    """As printed: "Dnr SOF 2024/394", or "Dnr [ej diariefört]"."""
    date: str
    page_label: str
    marking: str
    """A status marking such as "UTKAST", shown prominently; "" for a final document."""
    handlaggare: Labelled | None
    addressee: Labelled
    letterhead: Letterhead = Letterhead()

    @property
    def first_page(self) -> Columns:
        """Page 1's header: the förvaltning (and avdelning) on the left; the marking, the kind,
        the dnr, the date and the page number on the right."""
        return Columns(
            (Line(self.forvaltning), *([Line(self.avdelning)] if self.avdelning else [])),
            (*self._kind(), Line(self.dnr), Line(self.date), Line(self.page_label, Role.PAGE)),
        )

    @property
    def later_pages(self) -> Columns:
        """The header of every later page: the förvaltning; the marking, the kind, the dnr and the page number."""
        return Columns((Line(self.forvaltning),), (*self._kind(), Line(self.dnr), Line(self.page_label, Role.PAGE)))

    @property
    def block(self) -> Columns:
        """The block under page 1's header: who wrote it on the left, to whom on the right."""
        return Columns(_group(self.handlaggare), _group(self.addressee))

    def _kind(self) -> tuple[Line, ...]:
        return (*([Line(self.marking, Role.MARKING)] if self.marking else []), Line(self.kind, Role.KIND))


def _group(group: Labelled | None) -> tuple[Line, ...]:
    return (Line(group.label, Role.LABEL), *(Line(text) for text in group.lines)) if group else ()


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


class BlockVisitor(Generic[T]):
    """One walk over the document model's blocks: a writer says what each kind of block becomes
    (like pandoc's Walk). A new kind of block is added here once, and every writer must then
    handle it."""

    def visit(self, block: Block) -> T:
        method = _VISIT.get(type(block))
        if method is None:
            raise TypeError(f"no such block: {type(block).__name__}")
        return getattr(self, method)(block)

    def title(self, block: Title) -> T:
        raise NotImplementedError

    def subtitle(self, block: Subtitle) -> T:
        raise NotImplementedError

    def heading(self, block: Heading) -> T:
        raise NotImplementedError

    def paragraph(self, block: Paragraph) -> T:
        raise NotImplementedError

    def list_block(self, block: ListBlock) -> T:
        raise NotImplementedError

    def table(self, block: Table) -> T:
        raise NotImplementedError

    def signatures(self, block: Signatures) -> T:
        raise NotImplementedError


_VISIT = {Title: "title", Subtitle: "subtitle", Heading: "heading", Paragraph: "paragraph", ListBlock: "list_block",
          Table: "table", Signatures: "signatures"}


def map_inlines(blocks: tuple[Block, ...], change: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> tuple[Block, ...]:
    """The blocks with every run of inlines (in paragraphs, headings, list items, table cells)
    replaced by `change` of it; everything else as it was."""
    return tuple(_InlineMap(change).visit(block) for block in blocks)


class _InlineMap(BlockVisitor[Block]):
    def __init__(self, change: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> None:
        self.change = change

    def title(self, block: Title) -> Block:
        return replace(block, inlines=self.change(block.inlines))

    def subtitle(self, block: Subtitle) -> Block:
        return replace(block, inlines=self.change(block.inlines))

    def heading(self, block: Heading) -> Block:
        return replace(block, inlines=self.change(block.inlines))

    def paragraph(self, block: Paragraph) -> Block:
        return replace(block, inlines=self.change(block.inlines))

    def list_block(self, block: ListBlock) -> Block:
        return replace(block, items=tuple(map_inlines(item, self.change) for item in block.items))

    def table(self, block: Table) -> Block:
        return replace(block, header=tuple(self.change(cell) for cell in block.header),
                       rows=tuple(tuple(self.change(cell) for cell in row) for row in block.rows),
                       caption=self.change(block.caption) if block.caption else ())

    def signatures(self, block: Signatures) -> Block:
        return block


def sections(body: tuple[Block, ...]) -> list[tuple[str, list[Block]]]:
    """The body cut at each title and heading, each part named by its heading's text."""
    parts: list[tuple[str, list[Block]]] = []
    for block in body:
        if isinstance(block, (Title, Heading)) or not parts:
            name = plain(block.inlines) if isinstance(block, (Title, Heading, Subtitle, Paragraph)) else "start"
            parts.append((name, []))
        parts[-1][1].append(block)
    return parts


def count_blocks(blocks: tuple[Block, ...]) -> int:
    """Blocks as a reader counts them: every list item's blocks and every table row included."""
    total = 0
    for block in blocks:
        if isinstance(block, ListBlock):
            total += sum(count_blocks(item) for item in block.items)
        elif isinstance(block, Table):
            total += len(block.rows) + 1 + bool(block.caption)
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
