"""Where the project is: the folder with utlatande.toml, here or above, as git finds its folder.

Standard library only, and pathlib only when a Path is asked for: the resident build server's
client (`generator.resident.client`) finds the project with `project_folder` in the first
milliseconds of every command.
"""

from __future__ import annotations

import os

# typing costs 5 ms to load; type checkers read a constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

FILE = "utlatande.toml"


class NotAProject(Exception):
    """No project here or above: a usage error (exit status 2), not a problem in the sources."""

    def __init__(self, start: Path) -> None:
        super().__init__(start)
        self.start = start


def find_project(start: Path) -> Path:
    """The project folder `start` is in (itself or a folder above it)."""
    from pathlib import Path

    found = project_folder(os.fspath(start))
    if found is None:
        raise NotAProject(start.resolve())
    return Path(found)


def project_folder(start: str) -> str | None:
    """The project folder `start` is in, as an absolute path without links, or None."""
    folders = [os.path.realpath(start)]
    while os.path.dirname(folders[-1]) != folders[-1]:
        folders.append(os.path.dirname(folders[-1]))
    found = next((f for f in folders if os.path.isfile(os.path.join(f, FILE))), None)
    # A project from before settings files existed: one without utlatande.toml, so is_project
    # can only find it by its folders here.
    return found or next((f for f in folders if is_project(f)), None)


def is_project(folder: str | os.PathLike[str]) -> bool:
    return os.path.isfile(os.path.join(folder, FILE)) or (
        os.path.isdir(os.path.join(folder, "responses")) and os.path.isdir(os.path.join(folder, "templates")))
