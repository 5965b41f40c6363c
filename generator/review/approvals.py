"""Recorded approvals: who approved exactly which document, and whether that still holds.

An approval names the content fingerprint of the document it approved and the fingerprints of
the files that lay it out (`fingerprint.py`). It is valid while all of them are the same, stale
once anything a reader sees has changed (the text, or a template, reference.docx, a font or the
profile), and valid again if the change is reverted. The approved text is kept under
approvals/texts/, named by its fingerprint, so a stale approval can show what changed. With an
SSH signature (`ssh-keygen -Y sign`), an approval also proves whose key made it; which keys
count for which name is said by approvals/allowed_signers.

An approval names the content fingerprint in the version of the document data it was recorded
with; `fingerprint.content_fingerprints` computes every version's from today's data, so an
older approval is checked exactly. Those from before format 2 (`document: 1`, no `layout`) hold
with a notice, as they do not cover the layout; `utlatande approvals migrate` binds them to
today's fingerprints (docs/security.md).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.checks import rules
from generator.errors import Position, Problems, SourceError
from generator.filelock import locked
from generator.i18n import t, tn
from generator.model.data import FORMAT as DOCUMENT_FORMAT
from generator.model.data import VERSION as DOCUMENT_VERSION
from generator.output import write_atomically
from generator.review.fingerprint import layout_digest
from generator.sources.boundary import relative_to_project
from generator.sources.load import read_text
from generator.sources.read import read_approval_records
from generator.sources.records import (
    FINGERPRINT_PATTERN,
    Approval,
    Organisation,
    Response,
)
from generator.sources.write import BLANK, Comment, Entry, Styled, yaml_text

NAMESPACE = "utlatande-approval"
ALLOWED_SIGNERS = "allowed_signers"
#: The format of an approvals file; 1 had no `format` key.
FILE_FORMAT = 2
#: The comment at the top of an approvals file, not translated: whoever approves next, in
#: whatever language, rewrites the file with the same lines.
HEADER = (
    "Approvals of {response}, recorded by 'utlatande approve'.",
    "Each holds for the exact document whose fingerprints it names; do not edit by hand.",
)
_FINGERPRINT = re.compile(FINGERPRINT_PATTERN)


@dataclass(frozen=True)
class Binding:
    """What an approval of the current document would be bound to, and its content fingerprint
    in every earlier version of the document data (for approvals recorded with those)."""

    content: str
    layout: dict[str, str]
    text: str
    fingerprints: dict[int, str]


@dataclass(frozen=True)
class Stale:
    """An approval that no longer holds, and the layout files that changed (none: the text did)."""

    approval: Approval
    changed_files: tuple[str, ...] = ()


@dataclass
class Verdict:
    valid: list[Approval] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    legacy: list[Approval] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def approvals_file(folder: Path, response: Path) -> Path:
    return folder / f"{response.stem}.yaml"


def lock_file(root: Path) -> Path:
    """One lock for every approvals file, kept with the project's caches (not in git)."""
    return root / ".cache" / "utlatande" / "approvals.lock"


def text_file(folder: Path, content: str) -> Path:
    """The stored approved text; `content` is a checked fingerprint, so it names a file in texts/."""
    if not _FINGERPRINT.fullmatch(content):
        raise ValueError(f"not a fingerprint: {content!r}")
    return folder / "texts" / f"{content.removeprefix('sha256:')}.txt"


def read_approvals(path: Path, root: Path, response: Path) -> list[Approval]:
    """The records in an approvals file (none when the file does not exist)."""
    if not path.exists():
        return []
    values, records, problems = read_approval_records(path, root)
    if values["format"] is not None and values["format"] not in (1, FILE_FORMAT):
        problems.add(values.at("format"),
                     t("approvals file format {format} is not known to this version", format=values["format"]),
                     t("upgrade utlatande"))
    owner = values["response"]
    if owner is not None and owner != relative_to_project(response, root):
        problems.add(values.at("response"),
                     t("this approvals file belongs to {owner}, not {response}", owner=owner,
                       response=relative_to_project(response, root)),
                     t("two responses with the same file name share an approvals file: rename one of them"))
    problems.raise_if_any()
    return records


def approved_text(folder: Path, root: Path, content: str) -> str | None:
    """The text stored when `content` was approved, or None when there is none."""
    snapshot = text_file(folder, content)
    if not snapshot.is_file():
        return None
    return read_text(snapshot, root)


def judge(records: list[Approval], current: Binding, folder: Path, root: Path, organisation: Organisation) -> Verdict:
    """Sorts the records into valid, stale and legacy; forged, unsigned or hand-made ones are problems.

    Only each person's latest approval counts: approving again after a change replaces the
    stale approval, which stays in the file as history (and must still be one made here).
    """
    verdict = Verdict()
    latest = {record.name: record for record in records}
    for record in records:
        if approved_text(folder, root, record.content) is None:
            verdict.problems.add(
                _place(record), t("the approval by {name} names a text that was never approved here", name=record.name),
                t("approvals are recorded with 'utlatande approve'; remove this hand-made entry and approve again"),
            )
            continue
        if latest[record.name] is not record:
            continue
        if record.signature:
            reason = verify(folder / ALLOWED_SIGNERS, record)
            if reason:
                verdict.problems.add(_place(record),
                                     t("the signature of the approval by {name} {reason}", name=record.name, reason=reason),
                                     t("ask {name} to approve again with 'utlatande approve --sign'", name=record.name))
                continue
        elif organisation.require_signed_approvals:
            verdict.problems.add(_place(record),
                                 t("the approval by {name} is not signed, and {forvaltning} requires signed approvals",
                                   name=record.name, forvaltning=organisation.forvaltning),
                                 t("approve again with 'utlatande approve --sign KEY'"))
            continue
        if record.document > DOCUMENT_VERSION:
            verdict.problems.add(_place(record),
                                 t("the approval by {name} was recorded by a newer version of utlatande", name=record.name),
                                 t("upgrade utlatande to build this response"))
        elif record.migrated_from and record.migrated_from != current.fingerprints[1]:
            # A migrated signature covers the format-1 fingerprint: it must still be this document's.
            verdict.stale.append(Stale(record))
        elif record.content != current.fingerprints[record.document]:
            verdict.stale.append(Stale(record))
        elif record.document == 1:
            verdict.legacy.append(record)
        elif dict(record.layout) != current.layout:
            verdict.stale.append(Stale(record, changed_layout(dict(record.layout), current.layout)))
        else:
            verdict.valid.append(record)
    return verdict


def date_problems(response: Response, approvals: list[Approval]) -> Problems:
    """Approvals come before the nämnd's meeting (an error) and the förvaltningsgrupp (a warning)."""
    problems = Problems()
    fg, meeting = response.beredning.forvaltningsgrupp, response.meeting
    for approval in approvals:
        if meeting and approval.date > meeting:
            problems.report(rules.APPROVAL_AFTER_MEETING, _place(approval),
                            t("{name} approved on {date}, after the nämnd's meeting ({meeting})", name=approval.name,
                              date=approval.date, meeting=meeting),
                            t("an approval comes before the meeting: check the date of the approval and 'meeting'"))
        elif fg and approval.date > fg:
            problems.report(rules.APPROVAL_AFTER_GROUP, _place(approval),
                            t("{name} approved on {date}, after the förvaltningsgrupp treated the case ({group})",
                              name=approval.name, date=approval.date, group=fg),
                            t("approvals normally come before the förvaltningsgrupp"))
    return problems


def _place(approval: Approval) -> Position:
    """Where a recorded approval stands in its approvals file (each one read from a file has it)."""
    if approval.at is None:
        raise ValueError(f"not a recorded approval: {approval!r}")
    return approval.at


def changed_layout(approved: dict[str, str], current: dict[str, str]) -> tuple[str, ...]:
    """The layout files that differ, were added or were removed since an approval."""
    return tuple(sorted(path for path in approved.keys() | current.keys() if approved.get(path) != current.get(path)))


def what_changed(folder: Path, root: Path, record: Approval, current_text: str, limit: int = 8) -> str:
    """A short diff between the text `record` approved and the current text.

    Changed paragraphs show only the changed words with a little context, as
    "… kan arbetsgivaren [-i vissa fall-]{+ibland+} stå för …"; added and removed paragraphs
    show as "+ …" and "- …".
    """
    approved = (approved_text(folder, root, record.content) or "").splitlines()
    current = current_text.splitlines()
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, approved, current, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            changes.extend(word_diff(a, b) for a, b in zip(approved[i1:i2], current[j1:j2], strict=True))
            continue
        changes.extend("- " + line for line in approved[i1:i2] if line.strip())
        changes.extend("+ " + line for line in current[j1:j2] if line.strip())
    # The English says "changes" for one too: it is what utlatande has always printed.
    more = [tn("… and {count} more changes", "… and {count} more changes", len(changes) - limit)]
    shown = changes[:limit] + (more if len(changes) > limit else [])
    return "\n".join("      " + line for line in shown)


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


def signed_message(approval: Approval) -> bytes:
    """What a signature covers: the fingerprints approved and who approved them, when.

    A migrated approval keeps the signature its approver made over the earlier fingerprint.
    """
    who = f"name: {approval.name}\ntitle: {approval.title}\ndate: {approval.date}\n"
    if approval.document < 2 or approval.migrated_from:
        content = approval.migrated_from or approval.content
        return f"utlatande approval v1\ncontent: {content}\n{who}".encode()
    return (f"utlatande approval v2\ndocument: {DOCUMENT_FORMAT}/{approval.document}\ncontent: {approval.content}\n"
            f"layout: {layout_digest(dict(approval.layout))}\n{who}").encode()


def record(folder: Path, response: Path, root: Path, approval: Approval, text: str,
           refuse: Callable[[list[Approval]], None]) -> Path:
    """Appends `approval` to the response's approvals file and keeps the approved text.

    The file is read, checked with `refuse(existing records)` and written under a lock, so two
    approvals recorded at the same moment are both kept.
    """
    path = approvals_file(folder, response)
    with locked(lock_file(root)):
        existing = read_approvals(path, root, response)
        refuse(existing)
        snapshot = text_file(folder, approval.content)
        if not snapshot.exists():
            write_atomically(snapshot, text.encode("utf-8"))
        write_atomically(path, approvals_yaml(relative_to_project(response, root), [*existing, approval]))
    return path


def approvals_yaml(response: str, approvals: list[Approval]) -> bytes:
    """The approvals file of `response`, holding `approvals` in order."""
    content = [
        *(Comment(line.format(response=response)) for line in HEADER),
        BLANK,
        Entry("format", FILE_FORMAT),
        Entry("response", response),
        Entry("approvals", [_approval(approval) for approval in approvals]),
    ]
    return yaml_text("approvals", content, Path(response)).encode("utf-8")


def _approval(approval: Approval) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": approval.name, "title": approval.title, "date": approval.date,
                             "document": f"{DOCUMENT_FORMAT}/{approval.document}", "content": approval.content}
    if approval.layout:
        entry["layout"] = dict(approval.layout)
    if approval.migrated_from:
        entry["migrated_from"] = approval.migrated_from
    if approval.signature:
        entry["signature"] = Styled("\n".join(approval.signature.strip().splitlines()) + "\n", "literal")
    return entry


def migrate(folder: Path, response: Path, root: Path, current: Binding) -> tuple[int, list[Approval]]:
    """Binds the response's approvals of earlier document formats to today's fingerprints.

    Only approvals of exactly the current document are migrated: the fingerprint they name, in
    the version of the data they were recorded with, is the current document's. A format-1
    approval that was signed keeps its signature, which covers that fingerprint, kept as
    `migrated_from`; a signed approval of a later format stays as it is (it covers the layout,
    and its signature the fingerprints it names). The others are returned, unchanged, as stale.
    Returns how many were migrated.
    """
    path = approvals_file(folder, response)
    with locked(lock_file(root)):
        records = read_approvals(path, root, response)
        migrated, stale, out = 0, [], []
        for old in records:
            if old.document >= DOCUMENT_VERSION or (old.document >= 2 and old.signature):
                out.append(old)
                continue
            if old.content != current.fingerprints[old.document] or (old.document >= 2 and dict(old.layout) != current.layout):
                stale.append(old)
                out.append(old)
                continue
            out.append(Approval(old.name, old.title, old.date, current.content, DOCUMENT_VERSION,
                                tuple(sorted(current.layout.items())), old.signature,
                                old.content if old.signature else None))
            migrated += 1
        if migrated:
            snapshot = text_file(folder, current.content)
            if not snapshot.exists():
                write_atomically(snapshot, current.text.encode("utf-8"))
            write_atomically(path, approvals_yaml(relative_to_project(response, root), out))
    return migrated, stale


def _ssh_keygen() -> str:
    program = shutil.which("ssh-keygen")
    if program is None:
        raise SourceError.at(Position(Path("ssh-keygen")), t("ssh-keygen (OpenSSH) is needed for signed approvals"),
                             t("install OpenSSH's client (Debian: openssh-client)"))
    return program


def sign(key: Path, message: bytes) -> str:
    """An SSH signature of `message` made with the private `key`, as `git` would make it."""
    if not key.is_file():
        raise SourceError.at(Position(key), t("the signing key does not exist"), t("give the path of your private SSH key"))
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "approval"
        data.write_bytes(message)
        result = subprocess.run([_ssh_keygen(), "-Y", "sign", "-f", str(key), "-n", NAMESPACE, str(data)],
                                capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            reason = (result.stderr.strip().splitlines() or [t("no reason given")])[-1]
            raise SourceError.at(Position(key), t("ssh-keygen could not sign with this key: {reason}", reason=reason),
                                 t("use a private key without a passphrase prompt, or load it into ssh-agent"))
        return (Path(work) / "approval.sig").read_text(encoding="utf-8")


def verify(allowed_signers: Path, approval: Approval) -> str:
    """Why the approval's signature does not hold, or "" when it does: the rest of a sentence
    that begins with the signature ("the signature … was made by a key that …")."""
    if not allowed_signers.is_file():
        return t("cannot be checked: there is no {file}", file=allowed_signers)
    message = signed_message(approval)
    with tempfile.TemporaryDirectory() as work:
        signature = Path(work) / "approval.sig"
        signature.write_text((approval.signature or "").strip() + "\n", encoding="utf-8")
        genuine = subprocess.run([_ssh_keygen(), "-Y", "check-novalidate", "-n", NAMESPACE, "-s", str(signature)],
                                 input=message, capture_output=True)
        if genuine.returncode != 0:
            return t("does not match the approval: the entry was changed after signing, or the signature is forged")
        allowed = subprocess.run(
            [_ssh_keygen(), "-Y", "verify", "-f", str(allowed_signers), "-I", approval.name, "-n", NAMESPACE,
             "-s", str(signature)], input=message, capture_output=True,
        )
    if allowed.returncode == 0:
        return ""
    return t("was made by a key that {file} does not allow for {name}", file=allowed_signers, name=approval.name)
