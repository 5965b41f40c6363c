"""The project is the boundary: nothing outside the project folder is ever read into a document.

Every path written in a source (such as `skrivelse:`) must be relative and stay inside the
project, and every file that is read must still lie inside it after following symbolic links.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.limits import MAX_NAME_LENGTH, MAX_PATH_LENGTH
from generator.shown import shown, unprintable

#: The project's folders of sources: never written by a build, never an output folder.
SOURCE_FOLDERS = ("responses", "questions", "fragments", "organisations", "programmes", "templates", "approvals")


def real_root(root: Path) -> Path:
    """The project folder with links followed, found once per process and folder: every file
    read is compared with it. A forked process (a command the build server runs) has another
    pid, so it looks again."""
    key = (os.getpid(), os.getcwd(), root)
    real = _REAL_ROOTS.get(key)
    if real is None:
        real = _REAL_ROOTS[key] = root.resolve()
    return real


_REAL_ROOTS: dict[tuple[int, str, Path], Path] = {}


def require_inside(path: Path, root: Path, at: Position | None = None) -> Path:
    """`path` with links followed; refused when that lies outside `root` (the project folder)."""
    where = at or Position(path)
    try:
        real = path.resolve()
    except RuntimeError:
        raise SourceError.at(where, t("the path is a loop of symbolic links"),
                             t("replace the link with the file itself")) from None
    except OSError as exc:
        raise SourceError.at(where, t("cannot follow the path: {reason}", reason=exc.strerror)) from None
    if not real.is_relative_to(real_root(root)):
        if _is_link_somewhere(path, root):
            message = t("'{path}' is a link to {target}, which is outside the project", path=path, target=real)
        else:
            message = t("'{path}' is outside the project folder {folder}", path=path, folder=real_root(root))
        raise SourceError.at(
            where, message,
            t("only files inside the project can be used: copy the file into the project (and commit it)"),
        )
    return real


def named_path(value: str, root: Path, at: Position, what: str, example: str = "questions/x.yaml") -> Path:
    """A path written in a source, relative to the project folder; refused if it could leave it.
    `what` is the noun of what the path names, marked for translation (N_("skrivelse")), and
    `example` a path such a file could have, for the hint."""
    parts = PurePosixPath(value.replace("\\", "/")).parts
    noun = t(what)
    if len(value) > MAX_PATH_LENGTH or any(len(part.encode("utf-8")) > MAX_NAME_LENGTH for part in parts):
        raise SourceError.at(at, t("the path of the {what} is too long", what=noun),
                             t("paths may have at most {path_limit} characters, and each name at most {name_limit} bytes",
                               path_limit=MAX_PATH_LENGTH, name_limit=MAX_NAME_LENGTH))
    windows = PureWindowsPath(value)
    if value.startswith(("/", "\\")) or windows.drive or windows.is_absolute():
        raise SourceError.at(at, t("'{value}' is an absolute path; the {what} must be a file inside the project",
                                   value=value, what=noun),
                             t("write the path from the project folder, e.g. {example}", example=example))
    if ".." in parts:
        raise SourceError.at(at, t("'{value}' goes up out of its folder with '..'; the {what} must be inside the project",
                                   value=value, what=noun),
                             t("write the path from the project folder, e.g. {example}", example=example))
    path = root / value
    require_inside(path, root, at)
    return path


def relative_to_project(path: Path, root: Path) -> str:
    """`path` as written from the project folder, with '/' (as in sources and approvals)."""
    try:
        return path.resolve().relative_to(real_root(root)).as_posix()
    except ValueError:
        return path.as_posix()


def recorded_name(path: Path, root: Path) -> str:
    """`path` as `relative_to_project` gives it, to be written into a source (a response's
    `skrivelse`, an approval's layout files); refused when its name holds a character that a
    source cannot hold or a terminal would act on (a line break, ESC, a byte that is not UTF-8)."""
    relative = relative_to_project(path, root)
    character = unprintable(relative)
    if character is not None:
        raise SourceError.at(Position(path), t("the name holds the character {character}, so it cannot be written in a "
                                               "source or an approval", character=shown(character)),
                             t("rename it with letters, digits, '-' and '_'"))
    return relative


def _is_link_somewhere(path: Path, root: Path) -> bool:
    """Whether `path` or one of its folders below `root` is a symbolic link."""
    current = path
    for _ in range(len(path.parts)):
        try:
            if current.is_symlink():
                return True
        except OSError:
            return False
        if current == root or current.parent == current:
            return False
        current = current.parent
    return False
