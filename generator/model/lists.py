"""How list items are marked: the one rule every writer and reader follows.

A bulleted list is marked "•", a list inside a list "–", then "•" again, counting every list it
stands in, numbered or not (as Word's list levels count); a numbered list's items are "1.",
"2.", … from its start. The assembler (and the Markdown it parses) sets each list's marker with
`marker`; writers print `item_marker`, and the text projection indents what follows an item's
first line by the marker's width.
"""

from __future__ import annotations

from generator.model.document import ListBlock

#: The bullets by depth, the outermost first; deeper lists take them again in turn.
BULLETS = ("•", "–")
#: What follows a number in a numbered list's marker.
NUMBER_SUFFIX = "."


def marker(ordered: bool, depth: int) -> str:
    """The marker of a list `depth` lists deep (0: not inside a list): a bullet, or the
    suffix of a number."""
    return NUMBER_SUFFIX if ordered else BULLETS[depth % len(BULLETS)]


def item_marker(block: ListBlock, index: int) -> str:
    """What marks the `index`th item (from 0) of `block`: "•", or "3." in a list starting at 3."""
    return f"{block.start + index}{block.marker}" if block.ordered else block.marker


def continuation(marker_text: str) -> str:
    """The indentation of what follows an item's first line: as wide as its marker and a space."""
    return " " * (len(marker_text) + 1)
