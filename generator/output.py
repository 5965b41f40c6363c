"""Writes output files atomically: a temporary file beside the target, then a rename.

A temporary file is named `.utlatande.<process id>.<random>.tmp`. It is removed when writing
fails or the process is interrupted (SIGINT, SIGTERM); if the process is killed outright, the
next build removes it (`remove_leftovers`), once no living process owns it. Temporary folders
(a revision's sources, a signature's files) are named `utlatande-<kind>-<process id>-<random>`
and removed the same ways (`temporary_folder`, `remove_abandoned_folders`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from generator.i18n import t

_TEMPORARY = re.compile(r"^\.utlatande\.(\d+)\.[^.]+\.tmp$")
#: A temporary folder of utlatande's in the system's temporary folder (`temporary_folder`).
_FOLDER = re.compile(r"^utlatande-[a-z]+-(\d+)-[^/]+$")
#: Folders that versions before 2026-12 made for Typst and left behind when a build was interrupted.
_EARLIER_FOLDER = re.compile(r"^utlatande-no-packages-[^/]+$")
#: Where a process cannot be asked whether it lives (Windows), a temporary file this old is left over.
_ABANDONED_AFTER = 3600


class OutputError(Exception):
    """A file could not be written: the folder is read-only, the disk full, the name impossible."""

    def __init__(self, path: Path, reason: str, hint: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.hint = path, reason, hint


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Either the whole new file is at `path` afterwards, or the old one (if any) is untouched.
    Not `durable`: not flushed to the disk before the rename, for a cache that is made anew when
    it is lost or unreadable (a build's record; 16 ms a file saved on a virtual machine's disk)."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".utlatande.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise OutputError(path, _reason(exc), _hint(exc)) from None
    except BaseException:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Writes a file that must not exist yet, whole or not at all: written beside it under a
    temporary name, then linked to its name, which fails (FileExistsError) if a file has it by
    then; so `new` and `import` never overwrite and never leave a partial file."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".utlatande.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: created exclusively, then written
            with open(path, "xb") as stream:
                stream.write(data)
    except FileExistsError:
        raise
    except OSError as exc:
        raise OutputError(path, _reason(exc), _hint(exc)) from None
    finally:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Removes temporary files in `folder` that a killed process left behind; returns them."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match and not _alive(int(match[1]), entry):
            try:
                entry.unlink()
            except OSError:
                continue
            removed.append(entry)
    return removed


def temporary_folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder named for this process, removed when the `with` block ends (also on
    Ctrl-C and SIGTERM, which raise), or by `remove_abandoned_folders` after `kill -9`."""
    return tempfile.TemporaryDirectory(prefix=f"utlatande-{kind}-{os.getpid()}-")


def remove_abandoned_folders() -> list[Path]:
    """Removes the temporary folders of utlatande's whose process is gone (killed outright), and
    those earlier versions left behind; returns them."""
    removed: list[Path] = []
    try:
        entries = list(Path(tempfile.gettempdir()).iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _FOLDER.match(entry.name)
        abandoned = (match is not None and not _alive(int(match[1]), entry)) or (
            _EARLIER_FOLDER.match(entry.name) is not None and _older_than(entry, _ABANDONED_AFTER))
        if abandoned and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _older_than(entry: Path, seconds: float) -> bool:
    try:
        return time.time() - entry.stat().st_mtime > seconds
    except OSError:
        return False


def _alive(pid: int, entry: Path) -> bool:
    if os.name == "nt":
        try:
            return time.time() - entry.stat().st_mtime < _ABANDONED_AFTER
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reason(exc: OSError) -> str:
    return {
        errno.EACCES: t("permission denied"),
        errno.EPERM: t("permission denied"),
        errno.EROFS: t("the folder is on a read-only disk"),
        errno.ENOSPC: t("the disk is full"),
        getattr(errno, "EDQUOT", -1): t("the disk quota is used up"),
        errno.ENAMETOOLONG: t("the file name is too long"),
        errno.ENOTDIR: t("a part of the path is a file, not a folder"),
        errno.EISDIR: t("a folder has the document's name"),
    }.get(exc.errno, exc.strerror or type(exc).__name__)


def _hint(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return t("give the response a shorter file name")
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return t("free some space, then build again; nothing was half-written")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return t("choose a folder you can write to with --out")
    return t("choose another folder with --out")
