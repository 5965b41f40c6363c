"""SHA-256 of files, kept per process while a file is unchanged: templates and fonts are hashed
once however many responses use them, and the build server hashes them before its commands."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

PREFIX = "sha256:"

#: A file changed this recently may be written again within one tick of the file system's clock
#: without its times changing (they are that coarse): its hash is not kept, as git does not
#: trust a "racy" entry of its index.
SETTLED_NS = 2_000_000_000
#: At most this many hashes are kept; then the store starts again.
_KEPT = 4096
#: (device, inode, size, modification and change time) → hash. The change time cannot be set
#: back by hand, so an entry names one content of one file.
_KNOWN: dict[tuple[int, int, int, int, int], str] = {}


def file_hash(path: Path) -> str:
    stat = os.stat(path)
    key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    known = _KNOWN.get(key)
    if known is not None:
        return known
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    found = PREFIX + digest.hexdigest()
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > SETTLED_NS:
        if len(_KNOWN) >= _KEPT:
            _KNOWN.clear()
        _KNOWN[key] = found
    return found
