"""Finds passages of free text that repeat a standard fragment, tolerant to line breaks and small edits."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")

#: How many words a passage must share with a fragment to count as a paste.
MIN_COMMON_WORDS = 25
#: Shared runs shorter than this are ignored: common phrases ("och hot, våld") are not a paste.
MIN_RUN = 4
#: A small edit: shared runs at most this many words apart (on either side) belong to one passage.
MAX_GAP = 5


@dataclass(frozen=True)
class Match:
    common: int
    start: int
    """Character offset in the free text where the passage begins."""


def words(text: str) -> list[tuple[str, int]]:
    """Lower-cased words with their character offsets; punctuation and Markdown marks drop out."""
    return [(m.group().lower(), m.start()) for m in _WORD.finditer(text)]


@functools.lru_cache(maxsize=1024)
def _profile(text: str) -> tuple[list[tuple[str, int]], frozenset[tuple[str, ...]]]:
    """The words of a text and every run of MIN_RUN of them, kept: each free text is compared
    with every fragment, and each fragment with every text."""
    found = words(text)
    plain = [word for word, _ in found]
    return found, frozenset(tuple(plain[i:i + MIN_RUN]) for i in range(len(plain) - MIN_RUN + 1))


@functools.lru_cache(maxsize=4096)
def shared(text: str, fragment: str) -> Match | None:
    """The passage of `text` that repeats `fragment`, if it shares at least MIN_COMMON_WORDS words.

    Shared runs of words are grouped into passages where they follow each other with small gaps;
    scattered phrases in otherwise different text do not add up to a paste.
    """
    (ours, our_runs), (theirs, their_runs) = _profile(text), _profile(fragment)
    if our_runs.isdisjoint(their_runs):  # no run of MIN_RUN words in common: nothing to match
        return None
    matcher = SequenceMatcher(None, [w for w, _ in ours], [w for w, _ in theirs], autojunk=False)
    runs = [block for block in matcher.get_matching_blocks() if block.size >= MIN_RUN]
    best: Match | None = None
    passage_start, common, previous = 0, 0, None  # the first run starts a passage
    for run in runs:
        if previous is None or run.a - (previous.a + previous.size) > MAX_GAP or run.b - (previous.b + previous.size) > MAX_GAP:
            passage_start, common = run.a, 0
        common += run.size
        previous = run
        if common >= MIN_COMMON_WORDS and (best is None or common > best.common):
            best = Match(common, ours[passage_start][1])
    return best


#: An excerpt shorter than this many words is a phrase anyone may write, not a paste.
MIN_EXCERPT_WORDS = 3


def contains(text: str, excerpt: str) -> int | None:
    """Where `text` repeats `excerpt` word for word (case, line breaks and Markdown marks aside):
    the character offset, or None."""
    wanted = [word for word, _ in words(excerpt)]
    if len(wanted) < MIN_EXCERPT_WORDS:
        return None
    found = words(text)
    plain = [word for word, _ in found]
    for i in range(len(plain) - len(wanted) + 1):
        if plain[i:i + len(wanted)] == wanted:
            return found[i][1]
    return None
