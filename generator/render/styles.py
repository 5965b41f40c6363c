"""The Word style of each part of a document: one map for the Word writer and the redline.

templates/reference.docx defines every style named here (`REQUIRED`), so a communicator can
change the look in Word without touching code; the names must stay.
"""

from __future__ import annotations

from generator.model.document import Heading, Paragraph, Subtitle, Title

NORMAL = "Normal"
TITLE = "Title"
SUBTITLE = "Subtitle"
TABLE = "Table Grid"
TABLE_TEXT = "Table Text"
LAYOUT_TABLE = "Layout Table"
SIGNATURE = "Signature"
HEADER = "Header"
FOOTER = "Footer"
HEADER_KIND = "Header Document Kind"
BLOCK_LABEL = "Block Label"
BLOCK_TEXT = "Block Text"
HYPERLINK = "Hyperlink"
DEEPEST_HEADING = 6


def paragraph_style(block: Title | Subtitle | Heading | Paragraph) -> str:
    """The style of a block that is one paragraph."""
    if isinstance(block, Title):
        return TITLE
    if isinstance(block, Subtitle):
        return SUBTITLE
    if isinstance(block, Heading):
        return f"Heading {min(block.level, DEEPEST_HEADING)}"
    return NORMAL


def list_style(ordered: bool, depth: int, first: bool = True) -> str:
    """A list item's style: its first paragraph numbered or bulleted, the next ones continuing it;
    the reference has two levels of indentation, the second for every nested list."""
    base = ("List Number" if ordered else "List Bullet") if first else "List Continue"
    return base if depth == 0 else f"{base} 2"


REQUIRED = (
    NORMAL, TITLE, SUBTITLE, *(f"Heading {level}" for level in range(1, DEEPEST_HEADING + 1)),
    *(list_style(ordered, depth, first) for ordered in (True, False) for depth in (0, 1) for first in (True, False)),
    TABLE, LAYOUT_TABLE, TABLE_TEXT, SIGNATURE, HEADER, FOOTER, HEADER_KIND, BLOCK_LABEL, BLOCK_TEXT, HYPERLINK,
)
