"""A fingerprint of everything a reader sees in a document: its text, structure and metadata.

Approvals are bound to it. It is computed from the document model, so YAML formatting,
comments and the order of keys do not change it; a changed word, heading, list or date does,
wherever it came from (the response, a fragment, the skrivelse, a template).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

from generator.document import Document


def fingerprint(document: Document) -> str:
    canonical = json.dumps(_plain(document), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {"kind": type(value).__name__, **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
