"""What changed since an approval, as the approver is shown it before approving again.

Each thing shown is trusted only as far as it is bound to the approval:
- the approved text (approvals/texts/<fingerprint>.txt), bound by the SHA-256 the approval
  records (`text`); an approval recorded by an earlier version records none, and what is
  shown from its text says so;
- the approved document's data (approvals/texts/<fingerprint>.json), whose SHA-256 is the
  content fingerprint itself: from it comes what a reader gets besides the words of the text
  (link targets, emphasis, heading levels, table headers, the file's properties);
- the layout files the approval names, by their SHA-256.
Something is always said: when neither the text nor those details differ, the parts of the
document's data that do are named. Every line is shown safely (`shown`): the stored files are
files like any other.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

from generator.digest import file_hash
from generator.i18n import N_, t, tn
from generator.model.data import VERSIONS, document_data
from generator.model.document import Document
from generator.model.text import document_text
from generator.review.approvals import approved_text, text_digest, text_file
from generator.shown import shown
from generator.sources.records import Approval

#: Indentation of each line of what changed, under "what changed:" in the problem's hint.
INDENT = "      "
_PROPERTIES = {"title": N_("the file's title: {value}"), "author": N_("the file's author: {value}"),
               "subject": N_("the file's subject: {value}"), "keywords": N_("the file's keywords: {value}"),
               "language": N_("the file's language: {value}")}


def what_changed(folder: Path, root: Path, record: Approval, current: Document, changed_files: tuple[str, ...] = (),
                 limit: int = 8) -> str:
    """A short account of what changed since `record` was approved: the changed words of the
    text, then the changed details a reader gets besides them, then the layout files; never
    empty. Changed paragraphs show only the changed words with a little context, as
    "… kan arbetsgivaren [-i vissa fall-]{+ibland+} stå för …"; added and removed paragraphs
    and details show as "+ …" and "- …"."""
    lines: list[str] = []
    stored = approved_text(folder, root, record.content) or ""
    if record.text is not None and text_digest(stored) != record.text:
        lines.append(t("the stored approved text was changed after the approval: nothing is shown from it"))
        words: list[str] = []
    else:
        if record.text is None:
            lines.append(t("(from the stored text, which is not bound to this approval: it was recorded by an earlier "
                           "version of utlatande, and the text may have been edited since; read the document before "
                           "approving again)"))
        words = _shortened(text_changes(stored, document_text(current)), limit)
    approved = approved_data(folder, record)
    now = document_data(current, record.document) if record.document in VERSIONS else None
    details = _shortened(_list_changes(reader_details(approved), reader_details(now)), limit) \
        if approved is not None and now is not None else []
    lines += words + details
    if changed_files:
        lines.append(t("also changed: {files}", files=", ".join(changed_files)))
    if not words and not details:
        lines.append(_unseen(approved, now))
    return "\n".join(INDENT + shown(line) for line in lines)


def approved_data(folder: Path, record: Approval) -> dict[str, Any] | None:
    """The document's data as approved, when it is kept and is what the approval's content
    fingerprint names (its SHA-256 is that fingerprint); else None."""
    path = text_file(folder, record.content, ".json")
    if not path.is_file() or file_hash(path) != record.content:
        return None
    data = json.loads(path.read_bytes())
    return data if isinstance(data, dict) else None


def text_changes(approved: str, current: str) -> list[str]:
    """The changed paragraphs of a text: word for word where a paragraph was reworded."""
    old, new = approved.splitlines(), current.splitlines()
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            changes.extend(word_diff(a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        changes.extend("- " + line for line in old[i1:i2] if line.strip())
        changes.extend("+ " + line for line in new[j1:j2] if line.strip())
    return changes


def word_diff(old: str, new: str, context: int = 4) -> str:
    """The changed words of one paragraph, with `context` words around each change."""
    a, b = old.split(), new.split()
    pieces: list[str] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces.append(_context(a[i1:i2], context, first=index == 0, last=index == len(opcodes) - 1))
            continue
        removed = f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else ""
        pieces.append(removed + added)
    return " ".join(piece for piece in pieces if piece)


def _context(words: list[str], context: int, first: bool, last: bool) -> str:
    """Unchanged words around a change: only the `context` words next to it, the rest as "…"."""
    if first and len(words) > context:
        return "… " + " ".join(words[-context:])
    if last and len(words) > context:
        return " ".join(words[:context]) + " …"
    if not first and not last and len(words) > 2 * context:
        return " ".join(words[:context]) + " … " + " ".join(words[-context:])
    return " ".join(words)


def reader_details(data: dict[str, Any] | None) -> list[str]:
    """What a reader gets from the document besides the words of its text, one line each, in
    reading order: the file's properties, then each heading's level, table header, link target,
    italics and bold as they come."""
    if data is None:
        return []
    out = [t(message, value=", ".join(value) if isinstance(value, list) else value)
           for key, message in _PROPERTIES.items() if (value := data.get("meta", {}).get(key))]
    for block in data.get("body", []):
        _block_details(block, out)
    return out


def _block_details(block: dict[str, Any], out: list[str]) -> None:
    kind = block.get("type")
    if kind == "heading":
        out.append(t("a heading of level {level}: {text}", level=block["level"], text=_plain(block["inlines"])))
    if "inlines" in block:
        _inline_details(block["inlines"], out)
    for item in block.get("items", []):
        for inner in item:
            _block_details(inner, out)
    if kind == "table":
        if block.get("header"):
            out.append(t("a table's header row: {cells}", cells=" | ".join(_plain(cell) for cell in block["header"])))
        for cell in [block.get("caption", []), *block.get("header", []), *(c for row in block.get("rows", []) for c in row)]:
            _inline_details(cell, out)


def _inline_details(inlines: list[dict[str, Any]], out: list[str]) -> None:
    for inline in inlines:
        kind = inline.get("type")
        if kind == "link":
            out.append(t("a link: {text} → {url}", text=_plain(inline["content"]), url=inline["url"]))
        elif kind == "emph":
            out.append(t("in italics: {text}", text=_plain(inline["content"])))
        elif kind == "strong":
            out.append(t("in bold: {text}", text=_plain(inline["content"])))
        _inline_details(inline.get("content", []), out)


def _plain(inlines: list[dict[str, Any]]) -> str:
    return "".join(i["text"] if i.get("type") == "text" else "\n" if i.get("type") == "break" else _plain(i.get("content", []))
                   for i in inlines)


def _list_changes(old: list[str], new: list[str]) -> list[str]:
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            changes += ["- " + line for line in old[i1:i2]] + ["+ " + line for line in new[j1:j2]]
    return changes


def _shortened(changes: list[str], limit: int) -> list[str]:
    # The English says "changes" for one too: it is what utlatande has always printed.
    more = [tn("… and {count} more changes", "… and {count} more changes", len(changes) - limit)]
    return changes[:limit] + (more if len(changes) > limit else [])


def _unseen(approved: dict[str, Any] | None, now: dict[str, Any] | None) -> str:
    """What to say when the text and the details a reader gets read the same."""
    if approved is None or now is None:
        return t("the text reads the same: what changed is not in its words (a link's address, emphasis, a heading's "
                 "level or the file's properties), and no copy of those was kept with this approval to compare")
    places = _differing(approved, now, "")[:5]
    if not places:
        return t("the document's content changed in a way its text and data do not show")
    return t("the text and what a reader sees read the same; the document's data differs at {places}",
             places=", ".join(places))


def _differing(old: Any, new: Any, at: str) -> list[str]:
    """Where two pieces of data differ, as paths into them (body[3].keep_with_next)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [place for key in sorted(old.keys() | new.keys())
                for place in _differing(old.get(key), new.get(key), f"{at}.{key}" if at else key)]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [place for index, (a, b) in enumerate(zip(old, new, strict=True)) for place in _differing(a, b, f"{at}[{index}]")]
    return [] if old == new else [at or "document"]
