"""Reads the text of an HTML document that utlatande wrote, as the model's text projection prints it.

A list item is marked with what the browser shows before it: its `data-marker`, which the
page's style sheet makes the item's marker (`li::marker`), or for an item without one the
browser's own marker (the number of an `ol` item from its start, a bullet), never with a rule
of its own. For `utlatande text x.html`, the final check and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from generator.model.lists import BULLETS, continuation
from generator.model.text import item_lines, squeeze, table_lines

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class Element:
    tag: str
    attributes: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    def classes(self) -> set[str]:
        return set(self.attributes.get("class", "").split())

    def find(self, tag: str, css_class: str | None = None) -> Element | None:
        """The first element below this one with `tag` (and `css_class`), depth first."""
        for child in self.elements():
            if child.tag == tag and (css_class is None or css_class in child.classes()):
                return child
            found = child.find(tag, css_class)
            if found is not None:
                return found
        return None

    def text(self) -> str:
        """The text a reader reads: a line break is a new line."""
        return "".join(child if isinstance(child, str) else "\n" if child.tag == "br" else child.text()
                       for child in self.children)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in _VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(data: bytes) -> Element:
    tree = _Tree()
    tree.feed(data.decode("utf-8", errors="replace"))
    tree.close()
    return tree.root


def html_text(data: bytes) -> str:
    """The text of an HTML document as `document_text` prints the document it was made from."""
    root = parse(data)
    lines: list[str] = []
    header = root.find("header", "first-page")
    if header is not None:
        for part in ("sender", "identity"):
            column = header.find("div", part)
            lines.extend(p.text() for p in (column.elements() if column else []))
        lines.append("")
        for group in header.elements():
            if group.tag == "dl":
                lines.extend(item.text() for item in group.elements())
    lines.append("")
    main = root.find("main")
    for block in main.elements() if main is not None else []:
        lines.append("")
        lines.extend(_block_lines(block, "", top=True))
    return "\n".join(squeeze(lines)) + "\n"


def _block_lines(element: Element, indent: str, top: bool = False) -> list[str]:
    tag = element.tag
    if tag in _HEADINGS:
        return [element.text()]
    if tag == "p":
        return [indent + element.text().replace("\n", "\n" + indent)]
    if tag in ("ul", "ol"):
        return _list_lines(element, indent)
    if tag == "table":
        return _table_lines(element, indent, top)
    if tag == "div" and "signatures" in element.classes():
        return [line for signer in element.elements() for line in (*signer.text().split("\n"), "")][:-1]
    return []


def _list_lines(element: Element, indent: str) -> list[str]:
    lines: list[str] = []
    number = int(element.attributes.get("start") or 1)
    for item in element.elements():
        if item.tag != "li":
            continue
        shown = item.attributes.get("data-marker") or (f"{number}." if element.tag == "ol" else BULLETS[0])
        inner = indent + continuation(shown)
        lines.extend(item_lines(shown, [_block_lines(block, inner) for block in item.elements()], indent))
        number += 1
    return lines


def _table_lines(element: Element, indent: str, top: bool) -> list[str]:
    """A table's caption and its rows, each row's cells in order."""
    caption = None
    rows: list[list[str]] = []
    for part in element.elements():
        if part.tag == "caption":
            caption = indent + part.text().replace("\n", "\n" + indent)
        rows.extend([cell.text() for cell in row.elements() if cell.tag in ("th", "td")]
                    for row in (part.elements() if part.tag in ("thead", "tbody") else [part]) if row.tag == "tr")
    return table_lines(rows, caption, indent, top)
