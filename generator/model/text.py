"""The text of a document: the one projection of the model that approvals bind, golden files
keep, `utlatande text` prints and git diffs show, and that every reader (readback/) must give
back from a built file.

One paragraph per line (no wrapping), so a one-word change shows as a one-line diff. The page
header's lines in reading order (the left column, then the right; page numbers left out), list
items marked as the model marks them, what follows an item's first line indented by its
marker's width, a table's cells joined by " | ".
"""

from __future__ import annotations

from generator.model.document import (
    Block,
    BlockVisitor,
    Columns,
    Document,
    Heading,
    Inline,
    ListBlock,
    PageHeader,
    Paragraph,
    Role,
    Signatures,
    Subtitle,
    Table,
    Title,
    plain,
)
from generator.model.lists import continuation, item_marker

#: Between a table's cells in the text.
CELL_SEPARATOR = " | "


def document_text(document: Document, cell_separator: str = CELL_SEPARATOR) -> str:
    """The document's text (see the module's docstring); a table's cells joined by `cell_separator`."""
    lines = [*header_lines(document.header), ""]
    for block in document.body:
        lines.append("")
        lines.extend(block_lines(block, separator=cell_separator))
    return "\n".join(squeeze(lines)) + "\n"


def header_lines(header: PageHeader) -> list[str]:
    """Page 1's header and the block under it, in reading order: each left column, then its right."""
    return [*column_lines(header.first_page), "", *column_lines(header.block)]


def column_lines(columns: Columns) -> list[str]:
    """The lines of two columns as they are read: the left, then the right; without page numbers."""
    return [line.text for line in (*columns.left, *columns.right) if line.role is not Role.PAGE]


def block_lines(block: Block, indent: str = "", depth: int = 0, separator: str = CELL_SEPARATOR) -> list[str]:
    """The lines of one block, `depth` lists deep, each line after `indent`."""
    return _Lines(indent, depth, separator).visit(block)


def item_lines(marker_text: str, blocks: list[list[str]], indent: str) -> list[str]:
    """The lines of a list item whose blocks have the lines `blocks` (indented as the item's
    continuation already): the first line after `indent` and the marker."""
    lines = [line for inner in blocks for line in inner]
    if lines:
        lines[0] = indent + marker_text + " " + lines[0].lstrip()
    return lines


def inline_text(inlines: tuple[Inline, ...], indent: str) -> str:
    """A paragraph's text after `indent`, each line break starting a line at the same indentation."""
    return indent + plain(inlines).replace("\n", "\n" + indent)


def table_lines(rows: list[list[str]], caption: str | None, indent: str, top: bool,
                separator: str = CELL_SEPARATOR) -> list[str]:
    """A table's lines: its caption (apart from the rows by an empty line when the table is not
    inside a list), then each row's cells joined by `separator`."""
    head = [] if caption is None else [caption, *([""] if top else [])]
    return [*head, *(indent + separator.join(row) for row in rows)]


class _Lines(BlockVisitor[list[str]]):
    def __init__(self, indent: str, depth: int, separator: str) -> None:
        self.indent = indent
        self.depth = depth
        self.separator = separator

    def title(self, block: Title) -> list[str]:
        return [plain(block.inlines)]

    def subtitle(self, block: Subtitle) -> list[str]:
        return [plain(block.inlines)]

    def heading(self, block: Heading) -> list[str]:
        return [plain(block.inlines)]

    def paragraph(self, block: Paragraph) -> list[str]:
        return [inline_text(block.inlines, self.indent)]

    def list_block(self, block: ListBlock) -> list[str]:
        lines = []
        for index, item in enumerate(block.items):
            marker_text = item_marker(block, index)
            inner = self.indent + continuation(marker_text)
            blocks = [block_lines(b, inner, self.depth + 1, self.separator) for b in item]
            lines.extend(item_lines(marker_text, blocks, self.indent))
        return lines

    def table(self, block: Table) -> list[str]:
        rows = [block.header, *block.rows] if block.header else list(block.rows)
        caption = inline_text(block.caption, self.indent) if block.caption else None
        cells = [[plain(cell) for cell in row] for row in rows]
        return table_lines(cells, caption, self.indent, self.depth == 0, self.separator)

    def signatures(self, block: Signatures) -> list[str]:
        return [line for s in block.signatories for line in (s.name, s.title, s.organisation, "")][:-1]


def squeeze(lines: list[str]) -> list[str]:
    """No runs of blank lines, none at the start or end."""
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out
