"""Standard text inside an officer's sentence: `[[id]]`, `[[id#excerpt]]`, `[[id@2#excerpt]]`.

A use names a fragment (its current wording, or a pinned version) and optionally one of its
named excerpts. Found in the Markdown of a text part when the response is read, each use is a
FragmentRef like a whole-fragment part, so versions, where-used, expiry and unused fragments
count it; the assembler puts the wording's inlines where the use stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import Position, Problems, position_in
from generator.i18n import t

#: What a name in the sources may be (a fragment, a question, an organisation): it is written in
#: file names and inside `[[…]]`, so no spaces and no letters outside a-z.
ID_PATTERN = r"[a-z0-9][a-z0-9_-]*"

USE = re.compile(rf"\[\[(?P<id>{ID_PATTERN})(?:@(?P<version>[0-9]{{1,4}}))?(?:#(?P<excerpt>{ID_PATTERN}))?\]\]")
#: Anything written between double brackets, to tell a misspelt use from a correct one.
_BRACKETED = re.compile(r"\[\[([^\[\]\n]{0,80})\]\]")
#: Double brackets left over once the pairs are found, next to what reads as a fragment id: a
#: use half written ("[[polisanmalan]", "[polisanmalan]]"). Other lone brackets are Markdown's
#: ("[[PDF] Rapport](…)").
_HALF = re.compile(r"\[\[(?=[a-z0-9])|(?<=[a-z0-9_-])\]\]")
#: What is never a use: code spans, and brackets escaped with a backslash.
_LITERAL = re.compile(r"(`+)(?:.|\n)*?\1|\\\[\\\[[^\]\n]*\]\]|\\[\[\]]")


def _blanked(text: str, pattern: re.Pattern) -> str:
    """`text` with what `pattern` finds replaced by spaces: the places of the rest stay the same."""
    return pattern.sub(lambda match: " " * len(match.group()), text)


@dataclass(frozen=True)
class Use:
    """A use written in a text: the fragment, a pinned version, an excerpt, and where it stands."""

    id: str
    version: int | None
    excerpt: str | None
    at: Position


def inline_uses(text: str, at: Position, problems: Problems) -> tuple[Use, ...]:
    """The uses written in `text` (which starts `at`), in order; a bracketed name that is not a
    use, or a '[[' or ']]' without its other half, is a problem (it would be printed as it is)."""
    scanned = _blanked(text, _LITERAL)
    for half in _HALF.finditer(_blanked(scanned, _BRACKETED)):
        problems.add(position_in(text, half.start(), at),
                     t("'{half}' has no '{other}': a use of a standard text is written [[fragment-id]]",
                       half=half.group(), other="]]" if half.group() == "[[" else "[["),
                     t("write both brackets, or remove the one that is left"))
    uses = []
    for match in _BRACKETED.finditer(scanned):
        where = position_in(text, match.start(), at)
        use = USE.fullmatch(match.group())
        if use is None:
            problems.add(where, t("'{written}' is not a use of a standard text", written=match.group()),
                         t("write [[fragment-id]] or [[fragment-id#excerpt]], with the ids of fragments/"))
            continue
        version = int(use["version"]) if use["version"] else None
        uses.append(Use(use["id"], version, use["excerpt"], where))
    return tuple(uses)


def token(index: int) -> str:
    """What stands for the `index`th use while the text is parsed as Markdown: a private-use
    character pair the loader never lets into a source, so it cannot be forged."""
    return f"\ue001{index}\ue001"


TOKEN = re.compile("\ue001([0-9]+)\ue001")


def tokenised(text: str) -> str:
    """The text with each use (as `inline_uses` finds them) replaced by its token, numbered in order."""
    out, start = [], 0
    uses = (match for match in _BRACKETED.finditer(_blanked(text, _LITERAL)) if USE.fullmatch(match.group()))
    for index, match in enumerate(uses):
        out += [text[start:match.start()], token(index)]
        start = match.end()
    return "".join(out) + text[start:]
