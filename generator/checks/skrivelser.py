"""Skrivelser filed twice in questions/: the same questions to the same nämnd, whatever the files are called.

`check` warns at the second file (rule skrivelse-duplicate); `import` will not write a copy. The
addressee counts because a party may send the very same questions to two nämnder, and each one
answers them; an addressee still unknown (a TODO in a fresh import) does not tell them apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.checks import rules
from generator.errors import Position, Problems, SourceError
from generator.i18n import t
from generator.sources import formats
from generator.sources.boundary import relative_to_project
from generator.sources.layout import Layout, yaml_files
from generator.sources.read import read_values


@dataclass(frozen=True)
class Filed:
    """A skrivelse as far as telling copies apart needs: its questions and addressee, normalised."""

    path: Path
    at: Position
    questions: tuple[str, ...]
    addressee: str | None

    def same_as(self, other: Filed) -> bool:
        return self.questions == other.questions and (
            self.addressee is None or other.addressee is None or self.addressee == other.addressee)


def normalised(text: str) -> str:
    """The words of a text, whatever its case, punctuation, hyphens, soft hyphens and line breaks."""
    folded = unicodedata.normalize("NFKC", text).replace("\u00ad", "").casefold()
    return " ".join(re.findall(r"\w+", folded))


def namnd_key(name: str) -> str:
    """A nämnd's name as it is compared with another: its words, `normalised`, without a
    leading "till", so "Till Socialnämnden" and "socialnämnden" are the same nämnd.

    The one rule for "is it the same nämnd", wherever that is asked: a skrivelse's addressee
    against the nämnd its response goes to (checks/case.py), two skrivelser's addressees (here),
    and the profile whose nämnd a skrivelse is addressed to (`utlatande new`). The words, not the
    exact text, because an addressee is often taken from a letter's text, where a name may be
    hyphenated or broken across lines; without "till" because a letter is addressed "Till
    Socialnämnden" and a profile names the nämnd alone.
    """
    return normalised(name).removeprefix("till ")


def filed(path: Path, at: Position, questions: list[str], addressee: str | None) -> Filed:
    # Sorted: the same questions in another order are the same skrivelse.
    return Filed(path, at, tuple(sorted(normalised(q) for q in questions)),
                 namnd_key(addressee) if addressee else None)


def in_folder(layout: Layout) -> list[Filed]:
    """Every skrivelse in questions/ with at least one readable question, in file-name order.

    Read leniently: a file that still has TODOs is exactly the one a second import would copy.
    """
    found = []
    for path in yaml_files(layout.questions):
        try:
            values, _ = read_values(formats.SKRIVELSE, path, layout.root)
        except SourceError:  # reported when the file is checked
            continue
        questions = [entry.value["text"] for entry in values["questions"] or [] if entry.value["text"]]
        if questions:
            found.append(filed(path, values.key_at("questions"), questions, values["to"]))
    return found


def first_copy(skrivelse: Filed, layout: Layout) -> Path | None:
    """The file in questions/ that already holds this skrivelse, if any."""
    return next((other.path for other in in_folder(layout) if other.same_as(skrivelse)), None)


def duplicate_skrivelser(layout: Layout) -> Problems:
    """A warning at each skrivelse that an earlier file (by name) in questions/ already holds."""
    warnings = Problems()
    earlier: dict[tuple[str, ...], list[Filed]] = {}
    for skrivelse in in_folder(layout):
        same = earlier.setdefault(skrivelse.questions, [])
        first = next((other for other in same if other.same_as(skrivelse)), None)
        if first is None:
            same.append(skrivelse)
            continue
        warnings.report(
            rules.SKRIVELSE_DUPLICATE, skrivelse.at,
            t("this skrivelse is already in {path}: the same questions to the same nämnd",
              path=relative_to_project(first.path, layout.root)),
            t("keep one file: delete the other, and let the responses that name it name the one you keep"),
        )
    return warnings
