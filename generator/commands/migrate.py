"""Upgrades sources written for an earlier version: removes the keys, in the form earlier
versions wrote them, that this version refuses.

Only lines are removed (the key's line and its value's), so every comment and the order of
everything else stay as the officer wrote them. Each removal is declared here with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problems
from generator.i18n import N_, t
from generator.output import write_atomically
from generator.sources.layout import Layout, yaml_files
from generator.sources.load import YList, YMap, parse_yaml, read_text


@dataclass(frozen=True)
class Removal:
    folder: str
    key: str
    #: The reason, in English, marked for translation; `why` gives it in the chosen language.
    reason: str
    #: Only a value written as text is removed: the key itself may be valid in another form.
    text_only: bool = False

    @property
    def why(self) -> str:
        return t(self.reason)


#: Keys earlier versions accepted and this one refuses.
REMOVALS = (
    # Earlier versions accepted `logo: <text>` and never used it; a logo is now `file` and `alt`.
    Removal("organisations", "logo", N_("earlier versions never used a logo written as text; a logo is now "
                                        "'file' and 'alt'"), text_only=True),
)


@dataclass(frozen=True)
class Change:
    path: Path
    removal: Removal


def migrate(layout: Layout) -> list[Change]:
    """Removes every refused key from the project's sources; returns what was changed."""
    changes = []
    for removal in REMOVALS:
        for path in yaml_files(layout.root / removal.folder):
            text = read_text(path, layout.root)
            data = parse_yaml(text, path, Problems())
            value = data.get(removal.key)
            if value is None or (removal.text_only and isinstance(value, (YMap, YList))):
                continue  # absent, empty (which says nothing and is let be), or in today's form
            write_atomically(path, without_key(text, data.key_pos[removal.key].line).encode("utf-8"))
            changes.append(Change(path, removal))
    return changes


def without_key(text: str, line: int) -> str:
    """`text` without the key on `line` (1-based) and the lines of its value, which are more
    indented than the key; comments above it and everything after it stay."""
    lines = text.split("\n")
    start = line - 1
    indent = _indent(lines[start])
    end = start + 1
    while end < len(lines):
        following = lines[end]
        if following.strip() and _indent(following) <= indent:
            break
        end += 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1  # blank lines before the next key stay
    return "\n".join(lines[:start] + lines[end:])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
