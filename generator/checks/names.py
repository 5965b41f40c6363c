"""File names in the project that a terminal or a CI log could act on: a control character (a
line break, an escape sequence), a bidirectional control that prints the name in another order,
or bytes that are not UTF-8. Every message shows such a name escaped (`shown`); this rule says
where they are, so that they are renamed."""

from __future__ import annotations

from pathlib import Path

from generator.checks import rules
from generator.errors import Position, Problems
from generator.i18n import t
from generator.shown import shown, unprintable
from generator.sources.boundary import SOURCE_FOLDERS


def unprintable_names(root: Path) -> Problems:
    """A warning for every file or folder in the source folders whose name `shown` must escape."""
    problems = Problems()
    for name in SOURCE_FOLDERS:
        folder = root / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            character = unprintable(path.name)
            if character is not None:
                problems.report(rules.FILE_NAME, Position(path),
                                t("the file's name contains the character {character}, which a terminal or a CI log "
                                  "could act on (it is shown escaped)", character=shown(character)),
                                t("rename it with letters, digits, '-' and '_'"))
    return problems
