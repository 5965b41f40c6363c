"""SHA-256 of files, kept per process while a file's size and time are unchanged: templates and
fonts are hashed once however many responses use them."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PREFIX = "sha256:"


def file_hash(path: Path) -> str:
    stat = path.stat()
    return _hash(path.resolve(), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _hash(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return PREFIX + digest.hexdigest()
