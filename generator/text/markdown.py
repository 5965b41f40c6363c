"""Converts Markdown (answers, background, templates) into document-model blocks.

The text is CommonMark with GitHub's tables, parsed by markdown-it-py; this module maps the
tokens it supports onto the document model. Anything the model cannot hold (code blocks, images,
quotations, raw HTML) is a user error at the line and column where it is written, with a hint.

Each distinct text is parsed once per process, whoever asks (the checks and the assembler): its
problems are kept at their lines and columns within the text, and placed in the file where the
text was written only when they are reported. Two decisions a reader sees are made here, where
lists and tables are parsed: each list's marker, by the model's rule for its kind and depth
(model/lists.py), and a table's caption: the paragraph that leads into it (it ends with a
colon, as "Detta dokument har godkänts digitalt av följande personer:" does).
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator import i18n
from generator.errors import Position, Problem, SourceError
from generator.i18n import N_, t
from generator.limits import MAX_LIST_DEPTH, MAX_URL_LENGTH
from generator.model import lists
from generator.model.document import (
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
    plain,
)

_SPACE = re.compile(r"[ \t\n\r\f\v]+")
#: A paragraph consisting of only this token is replaced by pre-built blocks (see `BlockSlots`).
SLOT = "\ue000slot{}\ue000"
_SLOT = re.compile("^\ue000slot(\\d+)\ue000$")
#: The last line of the template's subtitle paragraph: Python-Markdown's attr_list syntax, kept
#: because projects have their own copies of the template.
_SUBTITLE = re.compile(r"\{:?\s*\.subtitle\s*\}")
#: What a link may point to: web pages, e-mail and telephone. Anything else (javascript:, data:,
#: file:, a share like \\host\share, a path) could run code or reach a file on the reader's machine.
LINK_SCHEMES = ("https", "http", "mailto", "tel")
_LINK_HINT = N_("write a full address such as https://start.stockholm/ or mailto:namn@stockholm.se")
#: How deep blocks may lie inside blocks (a list is two levels: the list and its item). The
#: parser leaves out what lies deeper; no text it accepts comes near, because lists deeper than
#: MAX_LIST_DEPTH and '>' quotations are refused.
_MAX_NESTING = 20
#: Emphasis and links inside one another: far more than a text needs, and few enough for the
#: writers, which walk them recursively.
_MAX_INLINE_DEPTH = 10

#: Tokens of what the document model cannot hold: (message, hint), translated where reported.
_UNSUPPORTED = {
    "code_block": (N_("indented text becomes a code block, which a tjänsteutlåtande cannot hold"),
                   N_("remove the indentation at the start of the line (4 spaces or a tab)")),
    "fence": (N_("code blocks ('```' or '~~~') are not supported"),
              N_("remove the lines of '```' or '~~~' around the text")),
    "image": (N_("images are not supported in the text"), N_("add the image as an attachment (Bilaga) instead")),
    "hr": (N_("horizontal rules ('---', '***') are not supported"), N_("remove the line, or write it as a heading")),
    "blockquote_open": (N_("'>' quotations are not supported"),
                        N_("remove the '>'; quote a programme with a fragment instead")),
}
_HTML = N_("HTML ('{html}') is not supported in the text")
_HTML_HINT = N_("write plain text or Markdown; to show '<' literally, write '\\<'")


class _Parser(MarkdownIt):
    """CommonMark with tables, keeping every link's address as written: the converter checks
    addresses itself (see LINK_SCHEMES), so that a refused one is reported instead of printed as
    text, and an accepted one reaches the document unchanged."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"maxNesting": _MAX_NESTING})
        self.enable("table")

    def validateLink(self, url: str) -> bool:
        return True

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One parser per process: it keeps no state between texts, and making one is slow."""
    return _Parser()


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
    parsed = _parsed(text, heading_base, i18n.language())
    if parsed.problems:
        raise SourceError([problem.placed(at) for problem in parsed.problems])
    return parsed.blocks


@dataclass(frozen=True)
class _TextProblem:
    """A problem at a line and column of a text (from 0; None: somewhere in the text)."""

    line: int | None
    column: int
    message: str
    hint: str

    def placed(self, at: Position) -> Problem:
        """The problem at its place in the file where the text starts `at`. The lines of a YAML
        block (`|`) start at the column of the text's first character; a template's rendered
        lines are no lines of the template file, so there only the file is named."""
        if self.line is None or not at.line:
            return Problem(Position(at.path), self.message, self.hint)
        return Problem(Position(at.path, at.line + self.line, at.col + self.column if at.col else 0), self.message, self.hint)


@dataclass(frozen=True)
class _Parsed:
    blocks: tuple[Block, ...]
    problems: tuple[_TextProblem, ...]


@functools.lru_cache(maxsize=4096)
def _parsed(text: str, heading_base: int, language: str) -> _Parsed:
    """A text's blocks and problems, kept by the text (and the language its messages are in):
    a fragment quoted by hundreds of responses, or the same sentence in many, is parsed once per
    process, however many checks and documents read it."""
    converter = _Converter(text, template=False, heading_base=heading_base)
    blocks = converter.run()
    return _Parsed(blocks, tuple(converter.problems))


def template_blocks(text: str, at: Position, slots: BlockSlots) -> tuple[Block, ...]:
    """Blocks from a rendered document template: '#' is the title, '##' a section, '###' a question."""
    converter = _Converter(text, template=True, slots=slots)
    blocks = converter.run()
    if converter.problems:
        raise SourceError([problem.placed(at) for problem in converter.problems])
    return blocks


def _siblings(tokens: list[Token]) -> Iterator[tuple[Token, list[Token]]]:
    """Each token at the outer level of `tokens`, with the tokens between it and its closing token."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        end = i + 1
        if token.nesting == 1:
            while not (tokens[end].nesting == -1 and tokens[end].level == token.level):
                end += 1
        yield token, tokens[i + 1:end]
        i = end + 1 if token.nesting == 1 else end


class _Converter:
    def __init__(self, text: str, template: bool, heading_base: int = 0, slots: BlockSlots | None = None) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.template = template
        self.heading_base = heading_base
        self.slots = slots
        self.depth = 0
        self.last_heading = 0
        self.problems: list[_TextProblem] = []

    def run(self) -> tuple[Block, ...]:
        """The blocks; every problem of the text is in `problems` (each part that has one is left
        out, so that the parts after it are still checked)."""
        return tuple(self._blocks(_parser().parse(self.text)))

    # Where a problem is -------------------------------------------------------------------------

    def _add(self, at: tuple[int, int], message: str, hint: str) -> None:
        self.problems.append(_TextProblem(at[0], at[1], message, hint))

    def _find(self, lines: list[int] | None, near: str) -> tuple[int, int]:
        """The line and column (from 0) where `near` is first written in `lines` (a token's
        [first, end) lines), or where the first of them starts."""
        first, end = lines or (0, 1)
        snippet = near.strip().split("\n")[0][:30]
        for number in range(first, min(end, len(self.lines))):
            index = self.lines[number].find(snippet) if snippet else -1
            if index >= 0:
                return number, index
        line = self.lines[first] if first < len(self.lines) else ""
        return first, len(line) - len(line.lstrip())

    # Blocks -----------------------------------------------------------------------------------

    def _blocks(self, tokens: list[Token]) -> list[Block]:
        blocks: list[Block] = []
        for token, inner in _siblings(tokens):
            blocks.extend(self._block(token, inner))
        return _captioned(blocks)

    def _block(self, token: Token, inner: list[Token]) -> list[Block]:
        kind = token.type
        if kind == "paragraph_open":
            return self._paragraph(inner[0])
        if kind == "heading_open":
            return [self._heading(token, inner[0])]
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self._list(token, inner)
        if kind == "table_open":
            return [self._table(inner)]
        if kind == "html_block":
            html = token.content.strip().split("\n")[0]
            self._add(self._find(token.map, html), t(_HTML, html=html[:40]), t(_HTML_HINT))
            return []
        message, hint = _UNSUPPORTED[kind]
        near = token.markup if kind != "code_block" else token.content
        self._add(self._find(token.map, near), t(message), t(hint))
        return []

    def _paragraph(self, inline: Token) -> list[Block]:
        children = inline.children or []
        subtitle = self.template and _SUBTITLE.fullmatch(inline.content.split("\n")[-1].strip())
        if subtitle:
            breaks = [i for i, child in enumerate(children) if child.type in ("softbreak", "hardbreak")]
            children = children[:breaks[-1]] if breaks else []
        inlines = self._inlines(children, inline.map)
        slot = _SLOT.match(plain(inlines).strip()) if len(inlines) == 1 else None
        if slot and self.slots is not None:
            return list(self.slots.blocks[int(slot.group(1))])
        if not inlines:
            return []
        return [Subtitle(inlines) if subtitle else Paragraph(inlines)]

    def _heading(self, token: Token, inline: Token) -> Block:
        level = int(token.tag[1])
        inlines = self._inlines(inline.children or [], inline.map)
        if self.template:
            return Title(inlines) if level == 1 else Heading(level - 1, inlines)
        if level > self.last_heading + 1:
            self._add(
                self._find(token.map, token.markup),
                t("the heading '{heading}' skips a level", heading=f"{'#' * level} {plain(inlines).strip()[:40]}"),
                t("in a text, the first heading is written '#' (it is placed under the heading above the "
                  "text) and each heading has at most one '#' more than the one before it"))
        self.last_heading = level
        return Heading(self.heading_base + level, inlines)

    def _list(self, token: Token, inner: list[Token]) -> list[Block]:
        if self.depth == MAX_LIST_DEPTH:
            first_item = inner[0]
            self._add(self._find(token.map, first_item.info + first_item.markup),
                              t("lists are nested more than {depth} levels deep", depth=MAX_LIST_DEPTH),
                              t("a tjänsteutlåtande reads best with at most two levels: make the inner points "
                                "sentences"))
            return []
        ordered = token.type == "ordered_list_open"
        marker = lists.marker(ordered, self.depth)
        self.depth += 1
        items = []
        for item_token, item in _siblings(inner):
            blocks = tuple(self._blocks(item))
            self._check_item(item_token, blocks)
            items.append(blocks)
        self.depth -= 1
        return [ListBlock(ordered, int(token.attrs.get("start", 1)) if ordered else 1, tuple(items), marker)]

    def _check_item(self, token: Token, blocks: tuple[Block, ...]) -> None:
        """A list item starts with its text, and holds paragraphs and lists: Word, the PDF and a
        web page number and indent those alike, a heading or a table inside an item not."""
        at = self._find(token.map, token.info + token.markup)
        if not blocks:
            self._add(at, t("the list item is empty"), t("write its text after the '{marker}', or remove the line",
                                                         marker=token.info + token.markup))
        elif not isinstance(blocks[0], Paragraph):
            self._add(at, t("the list item starts with another list"),
                      t("write the item's own text first, then the list under it, indented"))
        for block in blocks:
            if isinstance(block, Table):
                self._add(at, t("a table cannot stand inside a list item"),
                          t("put the table after the list, not indented"))
            elif isinstance(block, Heading):
                self._add(at, t("a heading cannot stand inside a list item"),
                          t("put the heading before the list, not indented"))

    def _table(self, inner: list[Token]) -> Table:
        header: tuple[tuple[Inline, ...], ...] = ()
        rows = []
        for section, section_inner in _siblings(inner):
            for _, row in _siblings(section_inner):
                cells = tuple(self._inlines(cell[0].children or [], cell[0].map) for _, cell in _siblings(row))
                if section.type == "thead_open":
                    header = cells
                else:
                    rows.append(cells)
        return Table(header, tuple(rows))

    # Inlines ----------------------------------------------------------------------------------

    def _inlines(self, children: list[Token], lines: list[int] | None) -> tuple[Inline, ...]:
        """The inlines of a paragraph, heading or cell; emphasis and links are closed in order
        (the parser balances them), so one stack builds them without recursion."""
        stack: list[tuple[Token | None, list[Inline]]] = [(None, [])]
        for child in children:
            kind = child.type
            if kind in ("text", "code_inline"):
                stack[-1][1].append(Text(child.content))
            elif kind == "softbreak":
                stack[-1][1].append(Text("\n"))
            elif kind == "hardbreak":
                stack[-1][1].append(LineBreak())
            elif kind in ("em_open", "strong_open", "link_open"):
                if len(stack) > _MAX_INLINE_DEPTH:
                    self._add(self._find(lines, ""),
                                      t("emphasis and links are nested more than {depth} levels deep",
                                        depth=_MAX_INLINE_DEPTH),
                                      t("write '*' or '**' once around the words to emphasise"))
                    return ()
                stack.append((child, []))
            elif kind in ("em_close", "strong_close", "link_close"):
                opener, inlines = stack.pop()
                stack[-1][1].extend(self._enclosed(opener, tuple(inlines), lines))
            elif kind == "html_inline":
                html = child.content.split("\n")[0]
                self._add(self._find(lines, html), t(_HTML, html=html[:40]), t(_HTML_HINT))
            else:  # an image, the one other inline the parser makes
                message, hint = _UNSUPPORTED[kind]
                # At its '!', where the image is written, not at its alt text inside the brackets.
                self._add(self._find(lines, "![" + child.content), t(message), t(hint))
        return _tidy(stack[0][1])

    def _enclosed(self, opener: Token | None, inlines: tuple[Inline, ...], lines: list[int] | None) -> list[Inline]:
        assert opener is not None, "the parser closes only what it opened"
        if opener.type == "em_open":
            return [Emph(inlines)]
        if opener.type == "strong_open":
            return [Strong(inlines)]
        url = str(opener.attrs.get("href", ""))
        target = self._link_target(url, self._find(lines, plain(inlines) or url))
        return [Link(target, inlines)] if target else list(inlines)

    def _link_target(self, url: str, at: tuple[int, int]) -> str:
        """The link's address, if it is one a reader can safely follow (see LINK_SCHEMES); else
        the problem is reported and the address is ""."""
        if not url.strip():
            return self._refused(at, t("the link has no address"), t("write it as [text](https://…)"))
        if len(url) > MAX_URL_LENGTH:
            return self._refused(at, t("the link's address is longer than {length} characters", length=MAX_URL_LENGTH),
                                 t(_LINK_HINT))
        if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
            return self._refused(at, t("the link's address contains spaces or control characters"), t(_LINK_HINT))
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in LINK_SCHEMES:
            if scheme:
                message = t("links may only lead to https:, http:, mailto: or tel: addresses, not '{scheme}:' addresses",
                            scheme=scheme)
            else:
                message = t("links may only lead to https:, http:, mailto: or tel: addresses, not '{address}', "
                            "which is not a full address,", address=url[:40])
            return self._refused(at, message, t(_LINK_HINT))
        complete = {"https": bool(parts.hostname) and url[len(scheme):].startswith("://"),
                    "http": bool(parts.hostname) and url[len(scheme):].startswith("://"),
                    "mailto": "@" in parts.path.strip("@"), "tel": any(c.isdigit() for c in parts.path)}[scheme]
        if not complete:
            return self._refused(at, t("the link's address '{address}' is not complete", address=url[:60]),
                                 t(_LINK_HINT))
        return url

    def _refused(self, at: tuple[int, int], message: str, hint: str) -> str:
        self._add(at, message, hint)
        return ""


def _captioned(blocks: list[Block]) -> list[Block]:
    """The blocks with each paragraph that leads into the table after it (it ends with a colon)
    made that table's caption."""
    out: list[Block] = []
    for block in blocks:
        lead = out[-1] if out else None
        if isinstance(block, Table) and isinstance(lead, Paragraph) and plain(lead.inlines).rstrip().endswith(":"):
            out[-1] = replace(block, caption=lead.inlines)
        else:
            out.append(block)
    return out


def _tidy(inlines: list[Inline]) -> tuple[Inline, ...]:
    """Collapses white space like a browser would: soft line breaks are spaces, runs become one."""
    merged = list(_tidy_inner(tuple(inlines)))
    _strip_edge(merged, 0, str.lstrip)
    _strip_edge(merged, -1, str.rstrip)
    for i, inline in enumerate(merged):
        if isinstance(inline, LineBreak):
            before = merged[i - 1] if i > 0 else None
            after = merged[i + 1] if i + 1 < len(merged) else None
            if isinstance(before, Text):
                merged[i - 1] = Text(before.text.rstrip())
            if isinstance(after, Text):
                merged[i + 1] = Text(after.text.lstrip())
    return tuple(i for i in merged if not (isinstance(i, Text) and not i.text))


def _tidy_inner(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for inline in inlines:
        if isinstance(inline, Text):
            text = _SPACE.sub(" ", inline.text)
            last = out[-1] if out else None
            if isinstance(last, Text):
                out[-1] = Text(last.text + text)
                continue
            out.append(Text(text))
        elif isinstance(inline, (Emph, Strong)):
            out.append(type(inline)(_tidy_inner(inline.children)))
        elif isinstance(inline, Link):
            out.append(Link(inline.url, _tidy_inner(inline.children)))
        else:
            out.append(inline)
    return tuple(out)


def _strip_edge(inlines: list[Inline], index: int, strip: Callable[[str], str]) -> None:
    edge = inlines[index] if inlines else None
    if isinstance(edge, Text):
        inlines[index] = Text(strip(edge.text))
