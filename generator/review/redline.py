"""A Word document showing the changes between two versions of a response as tracked changes.

Blocks are aligned first (unchanged ones are written as they are); a changed paragraph or list
item shows its changed words as w:del / w:ins, and whole blocks that were added or removed are
inserted or deleted as a whole. A manager accepts or rejects each change in Word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from generator.model.document import (
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
from generator.render import ooxml, styles
from generator.render.docx import DocxWriter, finish, start

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph as DocxParagraph

#: A list item: its paragraph and the blocks under it (ListBlock.items).
Item = tuple[Block, ...]

#: Two versions of a paragraph are shown as one changed paragraph above this similarity.
SIMILAR = 0.5
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Token:
    """A word, a space or a punctuation mark with its formatting; or a line break."""

    text: str
    bold: bool
    italic: bool
    url: str | None
    is_break: bool = False


def render_redline(old: Document, new: Document, reference: Path, author: str, when: dt.datetime) -> bytes:
    word, writer = start(new, reference)
    redline = _Redline(word, writer, ooxml.Revisions(author, when.strftime("%Y-%m-%dT%H:%M:%SZ")))
    redline.blocks(list(old.body), list(new.body))
    return finish(word, new)


class _Redline:
    def __init__(self, word: WordDocument, writer: DocxWriter, revisions: ooxml.Revisions) -> None:
        self.word = word
        self.writer = writer
        self.revisions = revisions

    # Block alignment ---------------------------------------------------------------------------

    def blocks(self, old: list[Block], new: list[Block]) -> None:
        matcher = SequenceMatcher(None, [_key(b) for b in old], [_key(b) for b in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for block in new[j1:j2]:
                    self.writer.block(block)
                continue
            self._region(old[i1:i2], new[j1:j2])

    def _region(self, old: list[Block], new: list[Block]) -> None:
        """Pairs similar blocks in order; the rest are deleted or inserted whole."""
        position = 0
        for block in new:
            match = next((k for k in range(position, len(old)) if _similar(old[k], block)), None)
            if match is None:
                self._whole(block, "ins")
                continue
            for removed in old[position:match]:
                self._whole(removed, "del")
            self._changed(old[match], block)
            position = match + 1
        for removed in old[position:]:
            self._whole(removed, "del")

    def _whole(self, block: Block, kind: str) -> None:
        body = self.word.element.body
        before = set(body)
        self.writer.block(block)
        for element in [e for e in body if e not in before]:
            self.revisions.mark(element, kind)

    def _changed(self, old: Block, new: Block) -> None:
        """Writes `new` with its changes from `old`: two similar blocks (two lists, or two paragraphs of a kind)."""
        if isinstance(old, ListBlock) and isinstance(new, ListBlock):
            self._list(old, new)
            return
        assert isinstance(new, _PARAGRAPH_LIKE), "only lists and paragraphs are ever similar"
        paragraph = self.writer.add_paragraph(styles.paragraph_style(new))
        self._words(paragraph, _inlines(old), _inlines(new))

    def _list(self, old: ListBlock, new: ListBlock, depth: int = 0) -> None:
        num_id = ooxml.new_list(self.word, new.ordered, new.start, depth, new.marker)
        style = styles.list_style(new.ordered, depth)
        old_items, new_items = list(old.items), list(new.items)
        matcher = SequenceMatcher(None, old_items, new_items, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            # A replacement may have more items on one side: those left over are deleted or inserted.
            pairs = list(zip(old_items[i1:i2], new_items[j1:j2], strict=False)) if tag in ("equal", "replace") else []
            for old_item, new_item in pairs:
                self._item(num_id, style, depth, new_item, "equal" if tag == "equal" else "changed", old_item)
            for old_item in old_items[i1 + len(pairs):i2]:
                self._item(num_id, style, depth, old_item, "del")
            for new_item in new_items[j1 + len(pairs):j2]:
                self._item(num_id, style, depth, new_item, "ins")

    def _item(self, num_id: int, style: str, depth: int, item: Item, how: str, old: Item = ()) -> None:
        """Writes list item `item`: as it is ("equal"), inserted or deleted whole ("ins", "del"),
        or with its first paragraph's changes from `old` ("changed")."""
        body = self.word.element.body
        before = set(body)
        first, rest = item[0], item[1:]
        paragraph = self.writer.add_paragraph(style)
        ooxml.set_numbering(paragraph, num_id, depth)
        if how == "changed" and old and isinstance(old[0], Paragraph) and isinstance(first, Paragraph):
            self._words(paragraph, old[0].inlines, first.inlines)
        else:
            self.writer.inlines(paragraph, first.inlines if isinstance(first, Paragraph) else ())
        self.writer.depth = depth + 1
        for inner in rest:
            self.writer.visit(inner)
        self.writer.depth = 0
        if how in ("ins", "del"):
            for element in [e for e in body if e not in before]:
                self.revisions.mark(element, how)

    # Words -------------------------------------------------------------------------------------

    def _words(self, paragraph: DocxParagraph, old: tuple[Inline, ...], new: tuple[Inline, ...]) -> None:
        a, b = _tokens(old), _tokens(new)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                self._runs(paragraph, b[j1:j2], None)
                continue
            self._runs(paragraph, a[i1:i2], "del")
            self._runs(paragraph, b[j1:j2], "ins")

    def _runs(self, paragraph: DocxParagraph, tokens: list[Token], kind: str | None) -> None:
        for group in _groups(tokens):
            head = group[0]
            if head.is_break:
                run = ooxml.append_break(paragraph._p)
            elif head.url:
                run = ooxml.append_run(ooxml.add_hyperlink(paragraph, head.url), "".join(t.text for t in group), head.bold,
                                       head.italic, self.writer.styles.run_id(styles.HYPERLINK))
            else:
                run = ooxml.append_run(paragraph._p, "".join(t.text for t in group), head.bold, head.italic)
            if kind:
                self.revisions.wrap_run(run, kind)


def _groups(tokens: list[Token]) -> list[list[Token]]:
    """Consecutive tokens with the same formatting, as one run each (line breaks alone)."""
    groups: list[list[Token]] = []
    for token in tokens:
        last = groups[-1][-1] if groups else None
        if (last and not token.is_break and not last.is_break
                and (last.bold, last.italic, last.url) == (token.bold, token.italic, token.url)):
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def _tokens(inlines: tuple[Inline, ...], bold: bool = False, italic: bool = False, url: str | None = None) -> list[Token]:
    out: list[Token] = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.extend(Token(piece, bold, italic, url) for piece in _TOKEN.findall(inline.text))
        elif isinstance(inline, Emph):
            out.extend(_tokens(inline.children, bold, True, url))
        elif isinstance(inline, Strong):
            out.extend(_tokens(inline.children, True, italic, url))
        elif isinstance(inline, Link):
            out.extend(_tokens(inline.children, bold, italic, inline.url))
        elif isinstance(inline, LineBreak):
            out.append(Token("\n", bold, italic, None, is_break=True))
    return out


_PARAGRAPH_LIKE = (Title, Subtitle, Heading, Paragraph)


def _inlines(block: Block) -> tuple[Inline, ...]:
    return block.inlines if isinstance(block, _PARAGRAPH_LIKE) else ()


def _key(block: Block) -> tuple[object, ...]:
    """What two blocks have in common exactly when they are the same."""
    if isinstance(block, _PARAGRAPH_LIKE):
        return (type(block).__name__, block.level if isinstance(block, Heading) else 0, block.inlines)
    if isinstance(block, ListBlock):
        return ("list", block.ordered, block.start, block.marker, block.items)
    if isinstance(block, Table):
        return ("table", block.caption, block.header, block.rows)
    if isinstance(block, Signatures):
        return ("signatures", block.signatories)
    assert_never(block)


def _similar(old: Block, new: Block) -> bool:
    """Same kind of block and similar enough that a word-level diff reads better than del + ins."""
    if isinstance(old, ListBlock) and isinstance(new, ListBlock):
        return old.ordered == new.ordered and old.marker == new.marker
    if not (isinstance(old, _PARAGRAPH_LIKE) and type(old) is type(new)):
        return False
    if isinstance(old, Heading) and isinstance(new, Heading) and old.level != new.level:
        return False
    return SequenceMatcher(None, plain(old.inlines).split(), plain(new.inlines).split(), autojunk=False).ratio() >= SIMILAR
