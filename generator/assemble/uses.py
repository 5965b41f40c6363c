"""Puts standard text used inside a sentence (`[[id]]`) where its token stands in the blocks.

The officer's Markdown is parsed with each use replaced by a token (sources/inline.py); the
use's wording is parsed on its own, so its Markdown marks cannot open or close anything in the
sentence around it. Here the token in a Text is replaced by the wording's inlines.
"""

from __future__ import annotations

from generator.assemble.document import (
    Block,
    Emph,
    Inline,
    Link,
    Paragraph,
    Strong,
    Text,
    map_inlines,
)
from generator.assemble.markdown import user_blocks
from generator.errors import SourceError
from generator.i18n import t
from generator.sources.inline import TOKEN
from generator.sources.placeholders import fragment_text
from generator.sources.records import Fragment, FragmentRef, Organisation


def use_inlines(use: FragmentRef, fragment: Fragment, organisation: Organisation, base: int = 1) -> tuple[Inline, ...]:
    """The inlines of the wording a use inside a sentence stands for: it must be one paragraph
    (a SourceError at the use says so otherwise)."""
    version = fragment.version(use.version)
    source = version.excerpts[use.excerpt] if use.excerpt else version.wording(None)
    blocks = user_blocks(fragment_text(fragment, use, organisation), source.at, base)
    if len(blocks) != 1 or not isinstance(blocks[0], Paragraph):
        what = f"{use.id}#{use.excerpt}" if use.excerpt else use.id
        raise SourceError.at(use.at, t("'{what}' is more than one paragraph, which does not fit inside a sentence",
                                       what=what),
                             t("use it as a part of its own ('- fragment: {id}'), or give the fragment an excerpt of "
                               "one sentence and write [[{id}#excerpt]]", id=use.id))
    return blocks[0].inlines


#: A use and the inlines of its wording.
Use = tuple[FragmentRef, tuple[Inline, ...]]


def spliced(blocks: tuple[Block, ...], uses: list[Use]) -> tuple[Block, ...]:
    """The blocks with the `i`th token replaced by the wording of `uses[i]`. A use in a link's
    address, or a wording with a link of its own inside a link, is refused at the use."""
    return map_inlines(blocks, lambda inlines: _inlines(inlines, uses))


def _inlines(inlines: tuple[Inline, ...], uses: list[Use], in_link: bool = False) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.extend(_split_at_tokens(inline.text, uses, in_link))
        elif isinstance(inline, (Emph, Strong)):
            out.append(type(inline)(_inlines(inline.children, uses, in_link)))
        elif isinstance(inline, Link):
            if (found := TOKEN.search(inline.url)) is not None:
                raise SourceError.at(uses[int(found.group(1))][0].at,
                                     t("a standard text cannot be part of a link's address"),
                                     t("write the address itself, or put the standard text beside the link"))
            out.append(Link(inline.url, _inlines(inline.children, uses, in_link=True)))
        else:
            out.append(inline)
    return tuple(out)


def _split_at_tokens(text: str, uses: list[Use], in_link: bool) -> list[Inline]:
    out: list[Inline] = []
    start = 0
    for match in TOKEN.finditer(text):
        if match.start() > start:
            out.append(Text(text[start:match.start()]))
        use, wording = uses[int(match.group(1))]
        if in_link and _has_link(wording):
            raise SourceError.at(use.at, t("'{id}' has a link of its own, which cannot stand inside a link", id=use.id),
                                 t("put the standard text beside the link"))
        out.extend(wording)
        start = match.end()
    if start < len(text):
        out.append(Text(text[start:]))
    return out


def _has_link(inlines: tuple[Inline, ...]) -> bool:
    return any(isinstance(i, Link) or (isinstance(i, (Emph, Strong)) and _has_link(i.children)) for i in inlines)
