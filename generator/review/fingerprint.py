"""What an approval is bound to: the document's content and every file that lays it out.

The content fingerprint is the SHA-256 of the document's canonical JSON (`document_json.py`,
format and version included), so YAML formatting, comments and the order of keys do not change
it, and a changed word, heading, list or date does, wherever it came from (the response, a
fragment, the skrivelse, a template). The layout is the SHA-256 of each file that decides how
the content looks: everything in templates/ (the Typst layout, reference.docx, the fonts, the
Jinja2 wordings) and the organisation profile.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from generator.assemble.document import Document
from generator.assemble.document_json import canonical_json
from generator.sources.boundary import relative_to_project

PREFIX = "sha256:"


def content_fingerprint(document: Document) -> str:
    return PREFIX + hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def layout_fingerprints(root: Path, templates: Path, profile: Path) -> dict[str, str]:
    """Project-relative POSIX path → SHA-256 of every file that lays the document out."""
    files = [p for p in templates.rglob("*") if p.is_file()] + [profile]
    return {relative_to_project(p, root): file_hash(p) for p in sorted(files)}


def file_hash(path: Path) -> str:
    stat = path.stat()
    return _hash(path.resolve(), stat.st_size, stat.st_mtime_ns)


def layout_digest(layout: dict[str, str]) -> str:
    """One fingerprint for a whole layout, for signatures: a hash of its sorted "path hash" lines."""
    lines = "".join(f"{path} {digest}\n" for path, digest in sorted(layout.items()))
    return PREFIX + hashlib.sha256(lines.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=256)
def _hash(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return PREFIX + digest.hexdigest()
