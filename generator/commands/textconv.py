"""The text of a response that git hands to its diff driver from outside the project.

For an older version (`git diff`, `git show`, `git log -p`) git writes the file to a temporary
folder. Its skrivelse and fragments are named relative to the project, so the file is read from
a private copy in the project's cache, under its own name (which finds its approvals). The file
git names is the only thing read from outside the project, and only to print its text.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.limits import MAX_SOURCE_BYTES

CACHE = Path(".cache") / "utlatande" / "textconv"


@contextmanager
def inside_project(file: Path, root: Path) -> Iterator[Path]:
    """`file` itself when it lies in the project, else a copy of it inside the project."""
    if file.resolve().is_relative_to(root.resolve()) or not file.is_file() or file.stat().st_size > MAX_SOURCE_BYTES:
        yield file
        return
    (root / CACHE).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root / CACHE))
    try:
        copy = folder / file.name
        shutil.copyfile(file, copy)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)
