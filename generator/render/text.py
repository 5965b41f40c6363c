"""Plain-text rendering of the document model: golden tests, `utlatande text` and git diffs.

One paragraph per line (no wrapping), so a one-word change shows as a one-line diff.
"""

from __future__ import annotations

from generator.assemble.document import (
    Block,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Signatures,
    Subtitle,
    Table,
    Title,
    plain,
)


def render_text(document: Document) -> str:
    header = document.header
    lines = [
        *(line.text for line in header.first_left),
        *(line.text for line in header.first_right),
        "",
        *(line.text for line in header.addressee_left),
        *(line.text for line in header.addressee_right),
    ]
    for block in document.body:
        lines.append("")
        lines.extend(block_lines(block))
    return "\n".join(_squeeze(lines)) + "\n"



def block_lines(block: Block, indent: str = "") -> list[str]:
    """The lines of one block; list items are marked "1." or "•" and nested lists indented."""
    if isinstance(block, Title):
        return [plain(block.inlines)]
    if isinstance(block, Subtitle):
        return [plain(block.inlines)]
    if isinstance(block, Heading):
        return [plain(block.inlines)]
    if isinstance(block, Paragraph):
        return [indent + plain(block.inlines).replace("\n", "\n" + indent)]
    if isinstance(block, ListBlock):
        lines = []
        for number, item in enumerate(block.items, start=block.start):
            marker = f"{number}. " if block.ordered else "• "
            for i, inner in enumerate(item):
                inner_lines = block_lines(inner, indent + " " * len(marker))
                if i == 0 and inner_lines:
                    inner_lines[0] = indent + marker + inner_lines[0].lstrip()
                lines.extend(inner_lines)
        return lines
    if isinstance(block, Table):
        rows = [block.header, *block.rows] if block.header else list(block.rows)
        return [indent + " | ".join(plain(cell) for cell in row) for row in rows]
    if isinstance(block, Signatures):
        return [line for s in block.signatories for line in (s.name, s.title, s.organisation, "")][:-1]
    raise TypeError(f"no text rendering for {type(block).__name__}")


def _squeeze(lines: list[str]) -> list[str]:
    """No runs of blank lines, none at the start or end."""
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out
