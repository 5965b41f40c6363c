"""Finds passages of free text that repeat a standard fragment, tolerant to line breaks and small edits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")

#: How many words a passage must share with a fragment to count as a paste.
MIN_COMMON_WORDS = 25
#: Shared runs shorter than this are ignored: common phrases ("och hot, våld") are not a paste.
MIN_RUN = 4


@dataclass(frozen=True)
class Match:
    common: int
    start: int
    """Character offset in the free text where the first shared run begins."""


def words(text: str) -> list[tuple[str, int]]:
    """Lower-cased words with their character offsets; punctuation and Markdown marks drop out."""
    return [(m.group().lower(), m.start()) for m in _WORD.finditer(text)]


def shared(text: str, fragment: str) -> Match | None:
    """How much of `fragment` `text` repeats, if it is at least MIN_COMMON_WORDS words."""
    ours, theirs = words(text), words(fragment)
    matcher = SequenceMatcher(None, [w for w, _ in ours], [w for w, _ in theirs], autojunk=False)
    runs = [block for block in matcher.get_matching_blocks() if block.size >= MIN_RUN]
    common = sum(block.size for block in runs)
    if common < MIN_COMMON_WORDS:
        return None
    return Match(common, ours[runs[0].a][1])
