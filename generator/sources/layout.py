"""Where a project keeps each kind of source: the folders, and the source files in one of them.

Kept apart from the loaders, so that deciding what needs building (`make`) can find the files
without loading any.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import generator


def _shipped() -> Path:
    """Where what utlatande ships beside its code is: generator/shipped/ in an installed wheel
    (setup.py copies it there), the repository's own folder where the code runs from a checkout
    (an editable install, as `make` makes)."""
    package = Path(generator.__file__).resolve().parent
    installed = package / "shipped"
    return installed if installed.is_dir() else package.parent


#: What utlatande ships beside its code (see _shipped): templates/, schemas/, constraints.txt.
SHIPPED = _shipped()
#: The templates utlatande ships: what `init` copies into a new project, and what a project's
#: own templates are compared with when a built file does not show the approved text and no
#: approval tells what changed since.
SHIPPED_TEMPLATES = SHIPPED / "templates"
#: The exact versions of its dependencies utlatande is tested with; a new project installs them.
SHIPPED_CONSTRAINTS = SHIPPED / "constraints.txt"


@dataclass(frozen=True)
class Layout:
    """Where a project keeps each kind of source."""

    root: Path

    @property
    def responses(self) -> Path:
        return self.root / "responses"

    @property
    def questions(self) -> Path:
        return self.root / "questions"

    @property
    def fragments(self) -> Path:
        return self.root / "fragments"

    @property
    def organisations(self) -> Path:
        return self.root / "organisations"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def programmes(self) -> Path:
        return self.root / "programmes"

    @property
    def approvals(self) -> Path:
        return self.root / "approvals"


def template_files(folder: Path) -> list[Path]:
    """Every file in the templates folder `folder`, at any depth, by path: what lays a document
    out, so what a build's record and an approval both cover."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def yaml_files(folder: Path) -> list[Path]:
    """The *.yaml files in `folder` (not in folders below it), by name."""
    try:
        with os.scandir(folder) as entries:
            # A DirEntry knows its type from the listing: only a link is looked up.
            return sorted(folder / e.name for e in entries if e.name.endswith(".yaml") and e.is_file())
    except OSError:  # no such folder, or not one
        return []
