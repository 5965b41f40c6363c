"""Plain-text rendering of the document model: golden tests, `utlatande text` and git diffs.

One paragraph per line (no wrapping), so a one-word change shows as a one-line diff.
"""

from __future__ import annotations

from generator.model.document import (
    Block,
    BlockVisitor,
    Document,
    Heading,
    Labelled,
    ListBlock,
    PageHeader,
    Paragraph,
    Signatures,
    Subtitle,
    Table,
    Title,
    plain,
)


def render_text(document: Document) -> str:
    lines = [*header_lines(document.header), ""]
    for block in document.body:
        lines.append("")
        lines.extend(block_lines(block))
    return "\n".join(squeeze(lines)) + "\n"


def header_lines(header: PageHeader) -> list[str]:
    """Page 1's header and the block under it, in reading order: the left column, then the right."""
    first_left = [header.forvaltning, *([header.avdelning] if header.avdelning else [])]
    first_right = [*([header.marking] if header.marking else []), header.kind, header.dnr, header.date]
    block = [*(_labelled(header.handlaggare) if header.handlaggare else []), *_labelled(header.addressee)]
    return [*first_left, *first_right, "", *block]


def _labelled(group: Labelled) -> list[str]:
    return [group.label, *group.lines]


#: The marks of bulleted list items by depth, as the Word and PDF templates print them.
BULLETS = ("•", "–")


def block_lines(block: Block, indent: str = "", depth: int = 0) -> list[str]:
    """The lines of one block; list items are marked "1.", "•" or (nested) "–", and nested
    lists indented."""
    return _Lines(indent, depth).visit(block)


class _Lines(BlockVisitor[list[str]]):
    def __init__(self, indent: str, depth: int) -> None:
        self.indent = indent
        self.depth = depth

    def title(self, block: Title) -> list[str]:
        return [plain(block.inlines)]

    def subtitle(self, block: Subtitle) -> list[str]:
        return [plain(block.inlines)]

    def heading(self, block: Heading) -> list[str]:
        return [plain(block.inlines)]

    def paragraph(self, block: Paragraph) -> list[str]:
        return [self.indent + plain(block.inlines).replace("\n", "\n" + self.indent)]

    def list(self, block: ListBlock) -> list[str]:
        lines = []
        for number, item in enumerate(block.items, start=block.start):
            marker = f"{number}. " if block.ordered else BULLETS[self.depth % len(BULLETS)] + " "
            for i, inner in enumerate(item):
                inner_lines = block_lines(inner, self.indent + " " * len(marker), self.depth + 1)
                if i == 0 and inner_lines:
                    inner_lines[0] = self.indent + marker + inner_lines[0].lstrip()
                lines.extend(inner_lines)
        return lines

    def table(self, block: Table) -> list[str]:
        rows = [block.header, *block.rows] if block.header else list(block.rows)
        return [self.indent + " | ".join(plain(cell) for cell in row) for row in rows]

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
