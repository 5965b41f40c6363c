"""Reads a file of the project whole, but never more of it than its kind's limit: a file too
large is refused from the bytes past the limit, before the rest is read into memory, and every
failure is a SourceError at a place."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Position, SourceError
from generator.i18n import N_, t


@dataclass(frozen=True)
class Limited:
    """A kind of file that `read_limited` reads: at most `limit` bytes, and what the problems of
    reading one say. Messages are marked with N_ and translated when said, with {file} (the name
    as written where the file was named), {reason} (the system's) and {size} (`size`, the limit
    in the unit the message names) filled in; a hint may be empty."""

    limit: int
    size: int
    too_large: str
    too_large_hint: str
    missing: str = N_("file not found")
    missing_hint: str = ""
    folder: str = N_("is a folder, not a file")
    unreadable: str = N_("cannot read the file: {reason}")


def read_limited(path: Path, kind: Limited, at: Position, large_at: Position, file: str = "") -> bytes:
    """The bytes of `path`, at most `kind.limit` of them. A file that cannot be opened or read
    is refused at `at` (the file itself, or where it was named, as `file`); a larger one, at
    `large_at`."""
    def refused(where: Position, message: str, hint: str = "", reason: str | None = None) -> SourceError:
        values = {"file": file, "reason": reason, "size": kind.size}
        return SourceError.at(where, t(message, **values), t(hint, **values) if hint else "")

    try:
        with open(path, "rb") as stream:
            # Asking for the whole limit would make a buffer of that size for every file.
            expected = min(os.fstat(stream.fileno()).st_size, kind.limit) + 1
            data = stream.read(expected)
            if len(data) == expected:  # larger than it said (it grew, or the system does not know)
                data += stream.read(kind.limit + 1 - len(data))
    except FileNotFoundError:
        raise refused(at, kind.missing, kind.missing_hint) from None
    except IsADirectoryError:
        raise refused(at, kind.folder) from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise refused(at, N_("the file name is too long"), N_("use a shorter name")) from None
        raise refused(at, kind.unreadable, reason=exc.strerror) from None
    if len(data) > kind.limit:
        raise refused(large_at, kind.too_large, kind.too_large_hint)
    return data
