"""Puts standard text used inside a sentence (`[[id]]`) where its token stands in the blocks.

The officer's Markdown is parsed with each use replaced by a token (text/inline.py); the
use's wording is parsed on its own, so its Markdown marks cannot open or close anything in the
sentence around it. Here the token in a Text is replaced by the wording's inlines, in the case
its place asks: "… är en trygg och säker arbetsplats" from a fragment that says "Trygg och
säker arbetsplats", and a capital again where the use starts a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    plain,
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


@dataclass(frozen=True)
class Placed:
    """A use's wording, ready to stand in a sentence: where the use is written (for messages),
    the fragment's id, the wording's inlines, and the names at its start that keep their
    capital letters inside a sentence (the fragment's `proper_names`)."""

    at: Position
    fragment_id: str
    inlines: tuple[Inline, ...]
    proper_names: tuple[str, ...] = ()


def spliced(blocks: tuple[Block, ...], uses: list[Placed]) -> tuple[Block, ...]:
    """The blocks with the `i`th token replaced by the wording of `uses[i]`, its first letter in
    the case its place in the sentence asks (`in_sentence_case`). A use in a link's address, or a
    wording with a link of its own inside a link, is refused at the use."""
    return map_inlines(blocks, lambda inlines: _Splicer(uses).inlines(inlines))


class _Splicer:
    """Replaces the tokens of one run of inlines (a paragraph, a cell), following the text before
    each, which decides whether the wording starts a sentence."""

    def __init__(self, uses: list[Placed]) -> None:
        self.uses = uses
        self.sentence_starts = True

    def _after(self, text: str) -> None:
        """Follows `text` as it is put after what came before: only its last character that is not
        an opening one decides, so no text before it is kept or read again (a paragraph of
        thousands of uses stays linear)."""
        text = text.rstrip(_OPENING)
        if text:
            self.sentence_starts = text[-1] in _SENTENCE_END

    def inlines(self, inlines: tuple[Inline, ...], in_link: bool = False) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for inline in inlines:
            if isinstance(inline, Text):
                out.extend(self._split_at_tokens(inline.text, in_link))
            elif isinstance(inline, (Emph, Strong)):
                out.append(type(inline)(self.inlines(inline.children, in_link)))
            elif isinstance(inline, Link):
                if (found := TOKEN.search(inline.url)) is not None:
                    raise SourceError.at(self.uses[int(found.group(1))].at,
                                         t("a standard text cannot be part of a link's address"),
                                         t("write the address itself, or put the standard text beside the link"))
                out.append(Link(inline.url, self.inlines(inline.children, in_link=True)))
            else:
                out.append(inline)
                self._after("\n")
        return tuple(out)

    def _split_at_tokens(self, text: str, in_link: bool) -> list[Inline]:
        out: list[Inline] = []
        start = 0
        for match in TOKEN.finditer(text):
            if match.start() > start:
                out.append(Text(text[start:match.start()]))
                self._after(text[start:match.start()])
            use = self.uses[int(match.group(1))]
            if in_link and _has_link(use.inlines):
                raise SourceError.at(use.at, t("'{id}' has a link of its own, which cannot stand inside a link",
                                               id=use.fragment_id),
                                     t("put the standard text beside the link"))
            wording = in_sentence_case(use.inlines, self.sentence_starts, use.proper_names)
            out.extend(wording)
            self._after(plain(wording))
            start = match.end()
        if start < len(text):
            out.append(Text(text[start:]))
            self._after(text[start:])
        return out


#: What may stand between a sentence's end and the next word: spaces, an opening bracket or quote.
_OPENING = " \t([\"'”“«»‘’"
#: What ends a sentence.
_SENTENCE_END = ".!?\n"


def in_sentence_case(inlines: tuple[Inline, ...], first: bool, proper_names: tuple[str, ...] = ()) -> tuple[Inline, ...]:
    """Standard text as its place in a sentence asks: a capital first letter where it starts the
    sentence, a small one inside it, unless it starts with an abbreviation (a word of capitals,
    "SSR") or one of `proper_names` ("Stockholms stad"), which keep theirs."""
    text = plain(inlines)
    word = next(iter(_WORD.findall(text)), "")
    if not first and ((len(word) > 1 and word.isupper()) or any(text.startswith(name) for name in proper_names)):
        return inlines
    change = str.upper if first else str.lower
    done = False

    def cased(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
        nonlocal done
        out: list[Inline] = []
        for item in items:
            if done:
                out.append(item)
            elif isinstance(item, Text):
                index = next((i for i, c in enumerate(item.text) if c.isalpha()), None)
                if index is None:
                    out.append(item)
                else:
                    out.append(Text(item.text[:index] + change(item.text[index]) + item.text[index + 1:]))
                    done = True
            elif isinstance(item, (Emph, Strong)):
                out.append(type(item)(cased(item.children)))
            elif isinstance(item, Link):
                out.append(Link(item.url, cased(item.children)))
            else:
                out.append(item)
        return tuple(out)

    return cased(inlines)


_WORD = re.compile(r"\w+")


def _has_link(inlines: tuple[Inline, ...]) -> bool:
    return any(isinstance(i, Link) or (isinstance(i, (Emph, Strong)) and _has_link(i.children)) for i in inlines)
