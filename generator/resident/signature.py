"""What a server's loaded state was made from, as it is on disk now: utlatande's own files, the
installed libraries' names and the file of every module it loaded (the code it runs), and the
project's templates/ (what it compiled ahead). A server whose signature no longer matches the
disk is stale and stops.

Each file counts by name, size, modification and change times and inode: a file written anew,
replaced or touched changes its entry, and no tool sets a change time back.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from generator.resident.contract import PACKAGE

Entry = tuple[str, int, int, int, int]


def code() -> tuple[tuple[Entry, ...], tuple[str, ...]]:
    """utlatande's files (not its bytecode caches, which importing writes) and the names of the
    installed distributions (a name holds its version: an upgrade changes it)."""
    distributions = []
    for entry in sys.path:
        distributions += [item.path for item in _entries(entry or ".")
                          if item.name.endswith((".dist-info", ".egg-info", ".pth"))]
    return _files(Path(PACKAGE)), tuple(sorted(distributions))


def loaded() -> tuple[Entry, ...]:
    """The files of every module this process has loaded, wherever it came from (a library
    installed in editable mode, a folder on PYTHONPATH, one reinstalled at the same version),
    but utlatande's own, which `code` compares."""
    files = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    own = os.path.join(PACKAGE, "")
    return again(tuple((name, 0, 0, 0, 0) for name in sorted(f for f in files if isinstance(f, str))
                       if not name.startswith(own)))


def again(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """The same files as they are now (a file gone: all zeros)."""
    found: list[Entry] = []
    for name, *_ in entries:
        try:
            stat = os.stat(name)
        except OSError:
            found.append((name, 0, 0, 0, 0))
            continue
        found.append((name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return tuple(found)


def templates(root: Path) -> tuple[Entry, ...]:
    return _files(root / "templates")


def _files(folder: Path) -> tuple[Entry, ...]:
    found: list[Entry] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        for entry in _entries(current):
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    stack.append(Path(entry.path))
                continue
            stat = entry.stat()
            found.append((entry.path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return tuple(sorted(found))


def _entries(folder: str | Path) -> list[os.DirEntry[str]]:
    """The entries of a folder; none when it cannot be read (a path entry that is a zip file)."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []
