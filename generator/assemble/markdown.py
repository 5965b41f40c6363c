"""Converts Markdown (answers, background, templates) into document-model blocks.

Python-Markdown parses; a tree processor hands over its element tree before serialisation, and
this module maps the elements it supports onto the document model. Anything the model cannot
represent (images, code blocks, raw HTML) is a user error with a position and a hint.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.assemble.document import (
    Block,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Subtitle,
    Table,
    Text,
    Title,
)
from generator.errors import Position, Problems, SourceError
from generator.i18n import N_, t
from generator.limits import MAX_LIST_DEPTH, MAX_URL_LENGTH

_STASH = re.compile("\x02wzxhzdk:(\\d+)\x03")
_ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$")
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
#: A paragraph consisting of only this token is replaced by pre-built blocks (see `BlockSlots`).
SLOT = "\ue000slot{}\ue000"
_SLOT = re.compile("^\ue000slot(\\d+)\ue000$")
#: What a link may point to: web pages, e-mail and telephone. Anything else (javascript:, data:,
#: file:, a share like \\host\share, a path) could run code or reach a file on the reader's machine.
LINK_SCHEMES = ("https", "http", "mailto", "tel")
_LINK_HINT = N_("write a full address such as https://start.stockholm/ or mailto:namn@stockholm.se")

#: Elements the document model cannot hold: (message, hint), translated where they are reported.
_UNSUPPORTED = {
    "pre": (N_("indented text becomes a code block, which a tjänsteutlåtande cannot hold"),
            N_("remove the indentation at the start of the line (4 spaces or a tab)")),
    "img": (N_("images are not supported in the text"), N_("add the image as an attachment (Bilaga) instead")),
    "hr": (N_("horizontal rules ('---', '***') are not supported"), N_("remove the line, or write it as a heading")),
    "blockquote": (N_("'>' quotations are not supported"),
                   N_("remove the '>'; quote a programme with a fragment instead")),
}


class _Capture(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        self.md.captured_tree = root


class _CaptureExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Capture(md), "capture-tree", -100)


@dataclass
class BlockSlots:
    """Pre-built blocks that a template places with a slot token in a paragraph of its own."""

    blocks: list[tuple[Block, ...]] = field(default_factory=list)

    def add(self, blocks: tuple[Block, ...]) -> str:
        self.blocks.append(blocks)
        return "\n\n" + SLOT.format(len(self.blocks) - 1) + "\n\n"


def user_blocks(text: str, at: Position, heading_base: int = 0) -> tuple[Block, ...]:
    """Blocks from a user's Markdown, which starts `at`; its '#' headings sit one level below
    `heading_base`. A text with problems raises a SourceError with every one, at its place."""
    try:
        return _blocks_of(text, heading_base)
    except SourceError:
        return _Converter(text, at, template=False, heading_base=heading_base).run()


@functools.lru_cache(maxsize=4096)
def _blocks_of(text: str, heading_base: int) -> tuple[Block, ...]:
    """Kept by text alone (blocks hold no positions): a fragment quoted by hundreds of responses,
    or the same sentence in many, is parsed once per process."""
    return _Converter(text, Position(Path()), template=False, heading_base=heading_base).run()


def template_blocks(text: str, at: Position, slots: BlockSlots) -> tuple[Block, ...]:
    """Blocks from a rendered document template: '#' is the title, '##' a section, '###' a question."""
    return _Converter(text, at, template=True, slots=slots).run()


@functools.lru_cache(maxsize=2)
def _parser(template: bool) -> markdown.Markdown:
    """A Markdown parser, made once per process and reset before each text (making one is slow)."""
    extensions = ["tables", "sane_lists", _CaptureExtension()]
    if template:
        extensions.append("attr_list")
    md = markdown.Markdown(extensions=extensions)
    # "\<" prints "<", as in CommonMark (Python-Markdown does not escape it by itself).
    md.ESCAPED_CHARS.append("<")
    return md


class _Converter:
    def __init__(self, text: str, at: Position, template: bool, heading_base: int = 0,
                 slots: BlockSlots | None = None) -> None:
        self.text = text
        self.at = at
        self.template = template
        self.heading_base = heading_base
        self.slots = slots
        self.depth = 0
        self.md = _parser(template)
        self.last_heading = 0
        self.problems = Problems()

    def run(self) -> tuple[Block, ...]:
        """The blocks, or a SourceError with every problem of the text (each part that has one
        is left out, so that the parts after it are still checked)."""
        try:
            self.md.reset()
            self.md.convert(self.text)
            blocks = tuple(self._blocks(self.md.captured_tree))
        except RecursionError:
            raise SourceError.at(self.at, t("the text is nested too deeply (lists or quotations inside one another)"),
                                 t("lists may be nested at most {depth} levels deep", depth=MAX_LIST_DEPTH)) from None
        self.problems.raise_if_any()
        return blocks

    def _report(self, message: str, hint: str, near: str = "") -> None:
        self.problems.add(self._locate(near), message, hint)

    def _locate(self, near: str) -> Position:
        """Where `near` first appears in the text, or the start of the text. Each line of a
        YAML block (`|`) starts at the column of the text's first character."""
        snippet = near.strip()[:30]
        index = self.text.find(snippet) if snippet else -1
        if index < 0:
            return self.at
        column = self.at.col + index - (self.text.rfind("\n", 0, index) + 1) if self.at.col else 0
        return self.at.shifted(self.text.count("\n", 0, index), column)

    def _blocks(self, parent: ET.Element) -> list[Block]:
        blocks: list[Block] = []
        for element in parent:
            blocks.extend(self._block(element))
        return blocks

    def _block(self, element: ET.Element) -> list[Block]:
        tag = element.tag
        if tag in _UNSUPPORTED:
            message, hint = _UNSUPPORTED[tag]
            self._report(t(message), t(hint), "".join(element.itertext()))
            return []
        if tag == "p":
            inlines = self._inlines_of(element)
            slot = _SLOT.match("".join(i.text for i in inlines if isinstance(i, Text)).strip())
            if slot and self.slots is not None:
                return list(self.slots.blocks[int(slot.group(1))])
            if not inlines:
                return []
            if self.template and "subtitle" in element.get("class", "").split():
                return [Subtitle(inlines)]
            return [Paragraph(inlines)]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return [self._heading(int(tag[1]), self._inlines_of(element), "".join(element.itertext()))]
        if tag in ("ul", "ol"):
            return [self._list(element)]
        if tag == "table":
            return [self._table(element)]
        if tag == "div":
            return self._blocks(element)
        self._report(t("'<{tag}>' is not supported in the text", tag=tag), t("write plain Markdown"),
                     "".join(element.itertext()))
        return []

    def _heading(self, level: int, inlines: tuple[Inline, ...], text: str) -> Block:
        if not self.template:
            if level > self.last_heading + 1:
                written = f"{'#' * level} {text.strip()}"
                self._report(
                    t("the heading '{heading}' skips a level", heading=f"{'#' * level} {text.strip()[:40]}"),
                    t("in a text, the first heading is written '#' (it is placed under the heading above the "
                      "text) and each heading has at most one '#' more than the one before it"),
                    written if written in self.text else text)
            self.last_heading = level
            return Heading(self.heading_base + level, inlines)
        if level == 1:
            return Title(inlines)
        return Heading(level - 1, inlines)

    def _list(self, element: ET.Element) -> ListBlock:
        self.depth += 1
        if self.depth > MAX_LIST_DEPTH:
            self._report(t("lists are nested more than {depth} levels deep", depth=MAX_LIST_DEPTH),
                         t("a tjänsteutlåtande reads best with at most two levels: make the inner points sentences"),
                         "".join(element.itertext()))
            self.depth -= 1
            return ListBlock(False, 1, ())
        items = []
        for li in element:
            items.append(tuple(self._list_item(li)))
        self.depth -= 1
        start = int(element.get("start", "1")) if element.tag == "ol" else 1
        return ListBlock(element.tag == "ol", start, tuple(items))

    def _list_item(self, li: ET.Element) -> list[Block]:
        blocks: list[Block] = []
        loose: list[Inline] = list(self._inline_content(li.text))
        for child in li:
            if child.tag in ("p", "ul", "ol", "table", "pre", "hr", "blockquote", "img", "div") or child.tag[0] == "h" and child.tag[1:].isdigit():
                if loose:
                    blocks.append(Paragraph(_tidy(loose)))
                    loose = []
                blocks.extend(self._block(child))
                loose.extend(self._inline_content(child.tail))
            else:
                loose.extend(self._inline(child))
        if _tidy(loose):
            blocks.append(Paragraph(_tidy(loose)))
        return blocks

    def _table(self, element: ET.Element) -> Table:
        header: tuple = ()
        rows = []
        for section in element:
            for tr in section:
                cells = tuple(self._inlines_of(cell) for cell in tr)
                if section.tag == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table(header, tuple(rows))

    def _inlines_of(self, element: ET.Element) -> tuple[Inline, ...]:
        inlines: list[Inline] = list(self._inline_content(element.text))
        for child in element:
            inlines.extend(self._inline(child))
        return _tidy(inlines)

    def _inline(self, element: ET.Element) -> list[Inline]:
        tag = element.tag
        if tag == "em":
            out: list[Inline] = [Emph(self._children(element))]
        elif tag == "strong":
            out = [Strong(self._children(element))]
        elif tag == "a":
            target = self._link_target(element)
            out = [Link(target, self._children(element))] if target else list(self._children(element))
        elif tag == "br":
            out = [LineBreak()]
        elif tag == "code":
            out = list(self._inline_content(element.text))
        elif tag in _UNSUPPORTED:
            message, hint = _UNSUPPORTED[tag]
            self._report(t(message), t(hint), element.get("alt", ""))
            out = []
        else:
            self._report(t("'<{tag}>' is not supported in the text", tag=tag), t("write plain Markdown"),
                         "".join(element.itertext()))
            out = []
        out.extend(self._inline_content(element.tail))
        return out

    def _link_target(self, element: ET.Element) -> str:
        """The link's address, if it is one a reader can safely follow (see LINK_SCHEMES); else
        the problem is reported and the address is ""."""
        url = self._resolve(element.get("href", ""))
        near = "".join(element.itertext()) or url
        if not url.strip():
            return self._refused(t("the link has no address"), t("write it as [text](https://…)"), near)
        if len(url) > MAX_URL_LENGTH:
            return self._refused(t("the link's address is longer than {length} characters", length=MAX_URL_LENGTH),
                                 t(_LINK_HINT), near)
        if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
            return self._refused(t("the link's address contains spaces or control characters"), t(_LINK_HINT), near)
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in LINK_SCHEMES:
            if scheme:
                message = t("links may only lead to https:, http:, mailto: or tel: addresses, not '{scheme}:' addresses",
                            scheme=scheme)
            else:
                message = t("links may only lead to https:, http:, mailto: or tel: addresses, not '{address}', "
                            "which is not a full address,", address=url[:40])
            return self._refused(message, t(_LINK_HINT), near)
        complete = {"https": bool(parts.hostname) and url[len(scheme):].startswith("://"),
                    "http": bool(parts.hostname) and url[len(scheme):].startswith("://"),
                    "mailto": "@" in parts.path.strip("@"), "tel": any(c.isdigit() for c in parts.path)}[scheme]
        if not complete:
            return self._refused(t("the link's address '{address}' is not complete", address=url[:60]),
                                 t(_LINK_HINT), near)
        return url

    def _refused(self, message: str, hint: str, near: str) -> str:
        self._report(message, hint, near)
        return ""

    def _children(self, element: ET.Element) -> tuple[Inline, ...]:
        inlines: list[Inline] = list(self._inline_content(element.text))
        for child in element:
            inlines.extend(self._inline(child))
        return tuple(inlines)

    def _inline_content(self, text: str | None) -> list[Inline]:
        if not text:
            return []
        return [Text(self._resolve(text))]

    def _resolve(self, text: str) -> str:
        """Puts back what Python-Markdown set aside: entities become characters, HTML is refused."""

        def replace(match: re.Match) -> str:
            raw = self.md.htmlStash.rawHtmlBlocks[int(match.group(1))]
            raw = raw if isinstance(raw, str) else ET.tostring(raw, encoding="unicode")
            if _ENTITY.match(raw):
                return html.unescape(raw)
            self._report(
                t("HTML ('{html}') is not supported in the text", html=raw[:40]),
                t("write plain text or Markdown; to show '<' literally, write '\\<'"),
                raw,
            )
            return ""

        text = _STASH.sub(replace, text)
        return text.replace(markdown.util.AMP_SUBSTITUTE, "&")


def _tidy(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Collapses white space like a browser would: soft line breaks are spaces, runs become one."""
    merged = list(_tidy_inner(tuple(inlines)))
    _strip_edge(merged, 0, str.lstrip)
    _strip_edge(merged, -1, str.rstrip)
    for i, inline in enumerate(merged):
        if isinstance(inline, LineBreak):
            if i > 0 and isinstance(merged[i - 1], Text):
                merged[i - 1] = Text(merged[i - 1].text.rstrip())
            if i + 1 < len(merged) and isinstance(merged[i + 1], Text):
                merged[i + 1] = Text(merged[i + 1].text.lstrip())
    return tuple(i for i in merged if not (isinstance(i, Text) and not i.text))


def _tidy_inner(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            text = _SPACE.sub(" ", inline.text)
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + text)
                continue
            out.append(Text(text))
        elif isinstance(inline, (Emph, Strong)):
            out.append(type(inline)(_tidy_inner(inline.children)))
        elif isinstance(inline, Link):
            out.append(Link(inline.url, _tidy_inner(inline.children)))
        else:
            out.append(inline)
    return tuple(out)


def _strip_edge(inlines: list[Inline], index: int, strip) -> None:
    if inlines and isinstance(inlines[index], Text):
        inlines[index] = Text(strip(inlines[index].text))
