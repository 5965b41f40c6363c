"""HTML rendering of the document model: one self-contained, semantic, accessible HTML5 file.

For publishing on the web (WCAG 2.1 AA): the document's language, its header block laid out as
the model's columns, h1 for the title and h2–h6 for its headings, real lists marked with the
model's markers (each item's marker in its `data-marker`, shown by the style sheet), tables with
header cells and their caption, the signatures and the approval table. The style sheet is inside
the file (html_style.py), for screen and print; no script, no fonts or images from elsewhere,
and a Content-Security-Policy that lets nothing else in. Every text from the model is escaped:
it is data, never markup.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape

from generator.model.document import (
    FOOTER_SEPARATOR,
    Block,
    BlockVisitor,
    Document,
    Emph,
    Heading,
    Inline,
    Letterhead,
    Line,
    LineBreak,
    Link,
    ListBlock,
    PageHeader,
    Paragraph,
    Role,
    Signatures,
    Strong,
    Subtitle,
    Table,
    Text,
    Title,
    plain,
)
from generator.model.lists import item_marker
from generator.render.html_style import STYLE

#: The deepest heading HTML has; the model's deeper headings (never made today) stay at h6.
DEEPEST = 6


@dataclass(frozen=True)
class Extra:
    """Markup a caller adds around the document (the live preview's bar and its script): trusted,
    made by utlatande, never from sources. Its style and script are allowed by the page's policy."""

    before: str = ""
    style: str = ""
    script: str = ""
    connect: bool = False
    """Whether the page may open a connection back to where it came from (for reloading)."""


def render_html(document: Document) -> bytes:
    """The bytes of the document as one HTML file."""
    return html_page(document).encode("utf-8")


def html_page(document: Document, extra: Extra = Extra()) -> str:
    """The whole HTML page of `document`, with `extra` around it when it is previewed."""
    meta = document.meta
    letterhead = document.header.letterhead
    pictures = letterhead.logo is not None
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{attribute_html(policy([STYLE, extra.style], extra, pictures))}">',
        f"<title>{text_html(meta.title)}</title>",
        *(f'<meta name="{name}" content="{attribute_html(value)}">'
          for name, value in (("author", meta.author), ("description", meta.subject), ("keywords", meta.keywords))
          if value),
        f"<style>{STYLE}</style>",
        *([f"<style>{extra.style}</style>"] if extra.style else []),
    ]
    body = [
        *([extra.before] if extra.before else []),
        '<div class="sheet">',
        header_html(document.header),
        "<main>",
        *blocks_html(document.body),
        "</main>",
        *([footer_html(letterhead)] if letterhead.footer else []),
        "</div>",
        *([f"<script>{extra.script}</script>"] if extra.script else []),
    ]
    return "\n".join(["<!DOCTYPE html>", f'<html lang="{attribute_html(meta.language)}">', "<head>", *head, "</head>",
                      "<body>", *body, "</body>", "</html>", ""])


def policy(styles: list[str], extra: Extra = Extra(), pictures: bool = False) -> str:
    """The Content-Security-Policy of a page: its own style sheets (by their hashes), the logo
    it carries inside itself, and, when previewed, its own script and the connection that tells
    it to reload; nothing else."""
    allowed_styles = " ".join(f"'{_hash(style)}'" for style in styles if style)
    parts = ["default-src 'none'", f"style-src {allowed_styles}", "base-uri 'none'", "form-action 'none'"]
    if pictures:
        parts.append("img-src data:")
    if extra.script:
        parts.append(f"script-src '{_hash(extra.script)}'")
    if extra.connect:
        parts.append("connect-src 'self'")
    return "; ".join(parts)


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def header_html(header: PageHeader) -> str:
    """Page 1's block: the model's columns of the first page's header, sender and document,
    then who wrote it and to whom; in the order the text reads them. The page number
    ("Sida 1 (3)") belongs to pages, which a web page has not."""
    first, block = header.first_page, header.block
    groups = [f'<dl class="labelled">{"".join(_group_line(line) for line in lines)}</dl>'
              for lines in (block.left, block.right) if lines]
    return "\n".join([
        '<header class="first-page">',
        *([_letterhead_html(header.letterhead)] if header.letterhead.logo or header.letterhead.city else []),
        '<div class="sender">' + "".join(_header_line(line) for line in first.left) + "</div>",
        '<div class="identity">' + "".join(_header_line(line) for line in first.right) + "</div>",
        *groups,
        "</header>",
    ])


def _header_line(line: Line) -> str:
    if line.role is Role.PAGE:
        return ""
    css = {Role.MARKING: ' class="marking"', Role.KIND: ' class="kind"'}.get(line.role, "")
    return f"<p{css}>{text_html(line.text)}</p>"


def _group_line(line: Line) -> str:
    return f"<dt>{text_html(line.text)}</dt>" if line.role is Role.LABEL else f"<dd>{text_html(line.text)}</dd>"


def _letterhead_html(letterhead: Letterhead) -> str:
    """The logo (inside the file, as data: the page fetches nothing) and the city line, above the
    sender. The PDF makes them an artifact; here the logo keeps its alt text, as in Word."""
    parts = []
    if letterhead.logo:
        logo = letterhead.logo
        data = base64.b64encode(logo.data).decode("ascii")
        source = f"data:{attribute_html(logo.media_type)};base64,{data}"
        parts.append(f'<img class="logo" src="{source}" alt="{attribute_html(logo.alt)}">')
    if letterhead.city:
        parts.append(f'<p class="city">{text_html(letterhead.city)}</p>')
    return '<div class="letterhead">' + "".join(parts) + "</div>"


def footer_html(letterhead: Letterhead) -> str:
    """The profile's footer (addresses, switchboard, org.nr, website): at the foot of the sheet,
    each line's items set apart as in the PDF."""
    lines = "".join(f"<p>{text_html(FOOTER_SEPARATOR.join(line))}</p>" for line in letterhead.footer)
    return f'<footer class="letterhead-footer">{lines}</footer>'


def blocks_html(blocks: tuple[Block, ...]) -> list[str]:
    """The markup of a sequence of blocks."""
    writer = _Blocks()
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            writer.section = block.inlines
        out.append(writer.visit(block))
    return out


class _Blocks(BlockVisitor[str]):
    def __init__(self) -> None:
        #: The heading of the section being written: it names a table that has no caption.
        self.section: tuple[Inline, ...] = ()

    def title(self, block: Title) -> str:
        return f"<h1>{inlines_html(block.inlines)}</h1>"

    def subtitle(self, block: Subtitle) -> str:
        return f'<p class="subtitle">{inlines_html(block.inlines)}</p>'

    def heading(self, block: Heading) -> str:
        level = min(block.level + 1, DEEPEST)
        return f"<h{level}>{inlines_html(block.inlines)}</h{level}>"

    def paragraph(self, block: Paragraph) -> str:
        return f"<p>{inlines_html(block.inlines)}</p>"

    def list_block(self, block: ListBlock) -> str:
        """`ol` starts at the number the document shows; each item shows the model's marker (its
        `data-marker`, through the style sheet); nested lists sit inside their item."""
        opening = "<ul>"
        if block.ordered:
            opening = f'<ol start="{block.start}">' if block.start != 1 else "<ol>"
        items = [f'<li data-marker="{attribute_html(item_marker(block, index))}">' + "".join(blocks_html(item)) + "</li>"
                 for index, item in enumerate(block.items)]
        return "\n".join([opening, *items, "</ol>" if block.ordered else "</ul>"])

    def table(self, block: Table) -> str:
        named = f"<caption>{inlines_html(block.caption)}</caption>" if block.caption else ""
        label = "" if block.caption or not self.section else f' aria-label="{attribute_html(plain(self.section))}"'
        parts = [f"<table{label}>{named}"]
        if block.header:
            cells = "".join(f'<th scope="col">{inlines_html(cell)}</th>' for cell in block.header)
            parts.append(f"<thead><tr>{cells}</tr></thead>")
        rows = ["<tr>" + "".join(f"<td>{inlines_html(cell)}</td>" for cell in row) + "</tr>" for row in block.rows]
        parts.append("<tbody>" + "".join(rows) + "</tbody></table>")
        return "".join(parts)

    def signatures(self, block: Signatures) -> str:
        people = "".join(f'<p class="signer">{text_html(s.name)}<br>{text_html(s.title)}<br>{text_html(s.organisation)}</p>'
                         for s in block.signatories)
        return f'<div class="signatures">{people}</div>'


def inlines_html(inlines: tuple[Inline, ...]) -> str:
    out = []
    for inline in inlines:
        if isinstance(inline, Text):
            out.append(text_html(inline.text))
        elif isinstance(inline, Emph):
            out.append(f"<em>{inlines_html(inline.children)}</em>")
        elif isinstance(inline, Strong):
            out.append(f"<strong>{inlines_html(inline.children)}</strong>")
        elif isinstance(inline, Link):
            out.append(f'<a href="{attribute_html(inline.url)}">{inlines_html(inline.children)}</a>')
        elif isinstance(inline, LineBreak):
            out.append("<br>")
    return "".join(out)


def text_html(text: str) -> str:
    """Text as HTML text: every character that could start markup is escaped."""
    return escape(text, quote=False)


def attribute_html(text: str) -> str:
    """Text for a double-quoted attribute value."""
    return escape(text, quote=True)
