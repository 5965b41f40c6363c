"""Puts standard text used inside a sentence (`[[id]]`) where its token stands in the blocks.

The officer's Markdown is parsed with each use replaced by a token (text/inline.py); the
use's wording is parsed on its own, so its Markdown marks cannot open or close anything in the
sentence around it. Here the token in a Text is replaced by the wording's inlines.
"""

from __future__ import annotations

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.model.document import (
    Block,
    Emph,
    Inline,
    Link,
    Paragraph,
    Strong,
    Text,
    map_inlines,
)
from generator.text.inline import TOKEN
from generator.text.markdown import user_blocks


def wording_inlines(wording: str, at: Position, use_at: Position, fragment_id: str, excerpt: str | None,
                    base: int = 1) -> tuple[Inline, ...]:
    """The inlines of the wording (which starts `at`) that a use of `fragment_id` (at `use_at`)
    stands for inside a sentence: it must be one paragraph (a SourceError at the use says so
    otherwise)."""
    blocks = user_blocks(wording, at, base)
    if len(blocks) != 1 or not isinstance(blocks[0], Paragraph):
        what = f"{fragment_id}#{excerpt}" if excerpt else fragment_id
        raise SourceError.at(use_at, t("'{what}' is more than one paragraph, which does not fit inside a sentence",
                                       what=what),
                             t("use it as a part of its own ('- fragment: {id}'), or give the fragment an excerpt of "
                               "one sentence and write [[{id}#excerpt]]", id=fragment_id))
    return blocks[0].inlines


#: Where a use stands (for messages), and the inlines of its wording.
Placed = tuple[Position, str, tuple[Inline, ...]]


def spliced(blocks: tuple[Block, ...], uses: list[Placed]) -> tuple[Block, ...]:
    """The blocks with the `i`th token replaced by the wording of `uses[i]`. A use in a link's
    address, or a wording with a link of its own inside a link, is refused at the use."""
    return map_inlines(blocks, lambda inlines: _inlines(inlines, uses))


def _inlines(inlines: tuple[Inline, ...], uses: list[Placed], in_link: bool = False) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.extend(_split_at_tokens(inline.text, uses, in_link))
        elif isinstance(inline, (Emph, Strong)):
            out.append(type(inline)(_inlines(inline.children, uses, in_link)))
        elif isinstance(inline, Link):
            if (found := TOKEN.search(inline.url)) is not None:
                raise SourceError.at(uses[int(found.group(1))][0],
                                     t("a standard text cannot be part of a link's address"),
                                     t("write the address itself, or put the standard text beside the link"))
            out.append(Link(inline.url, _inlines(inline.children, uses, in_link=True)))
        else:
            out.append(inline)
    return tuple(out)


def _split_at_tokens(text: str, uses: list[Placed], in_link: bool) -> list[Inline]:
    out: list[Inline] = []
    start = 0
    for match in TOKEN.finditer(text):
        if match.start() > start:
            out.append(Text(text[start:match.start()]))
        use_at, fragment_id, wording = uses[int(match.group(1))]
        if in_link and _has_link(wording):
            raise SourceError.at(use_at, t("'{id}' has a link of its own, which cannot stand inside a link", id=fragment_id),
                                 t("put the standard text beside the link"))
        out.extend(wording)
        start = match.end()
    if start < len(text):
        out.append(Text(text[start:]))
    return out


def _has_link(inlines: tuple[Inline, ...]) -> bool:
    return any(isinstance(i, Link) or (isinstance(i, (Emph, Strong)) and _has_link(i.children)) for i in inlines)
