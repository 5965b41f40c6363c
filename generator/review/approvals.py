"""Recorded approvals: who approved exactly which document, and whether that still holds.

An approval names the content fingerprint of the document it approved and the fingerprints of
the files that lay it out (`fingerprint.py`). It is valid while all of them are the same, stale
once anything a reader sees has changed (the text, or a template, reference.docx, a font or the
profile), and valid again if the change is reverted. The approved text is kept under
approvals/texts/, named by its fingerprint, so a stale approval can show what changed: bound to
the approval by its SHA-256 (`text`), beside the document's data, whose SHA-256 is the content
fingerprint itself (review/changes.py). With an SSH signature (`ssh-keygen -Y sign`), an
approval also proves whose key made it; which keys count for which name is said by
approvals/allowed_signers.

An approval names the content fingerprint in the version of the document data it was recorded
with; `fingerprint.content_fingerprints` computes every version's from today's data, so an
older approval is checked exactly. Those from before format 2 (`document: 1`, no `layout`) hold
with a notice, as they do not cover the layout; `utlatande approvals migrate` binds them to
today's fingerprints (docs/security.md).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.checks import rules
from generator.digest import PREFIX, file_hash
from generator.errors import Position, Problems, SourceError
from generator.filelock import locked
from generator.i18n import t
from generator.model.data import FORMAT as DOCUMENT_FORMAT
from generator.model.data import VERSION as DOCUMENT_VERSION
from generator.output import temporary_folder, write_atomically
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
#: The format of an approvals file; 1 had no `format` key, 2 no `text` in its approvals. A file
#: whose approvals have no `text` is written as format 2, as before, so earlier versions read it.
FILE_FORMAT = 3
FILE_FORMATS = (1, 2, FILE_FORMAT)
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
    #: The document's canonical data (whose SHA-256 `content` is), kept with the approved text.
    data: str = ""


@dataclass(frozen=True)
class Stale:
    """An approval that no longer holds: whether the document's content changed, and the layout
    files that changed."""

    approval: Approval
    changed_files: tuple[str, ...] = ()
    content: bool = True


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


def text_file(folder: Path, content: str, suffix: str = ".txt") -> Path:
    """The stored approved text (`.json`: data); `content` is a checked fingerprint, so it names
    a file in texts/."""
    if not _FINGERPRINT.fullmatch(content):
        raise ValueError(f"not a fingerprint: {content!r}")
    return folder / "texts" / f"{content.removeprefix('sha256:')}{suffix}"


def text_digest(text: str) -> str:
    """The SHA-256 of an approved text, with its lines ended as `approve` writes them (so a
    checkout that ends them with CR LF does not count as a change)."""
    return PREFIX + hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def read_approvals(path: Path, root: Path, response: Path) -> list[Approval]:
    """The records in an approvals file (none when the file does not exist)."""
    if not path.exists():
        return []
    values, records, problems = read_approval_records(path, root)
    if values["format"] is not None and values["format"] not in FILE_FORMATS:
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
        stored = approved_text(folder, root, record.content)
        if stored is None:
            verdict.problems.add(
                _place(record), t("the approval by {name} names a text that was never approved here", name=record.name),
                t("approvals are recorded with 'utlatande approve'; remove this hand-made entry and approve again"),
            )
            continue
        tampered = tampered_file(folder, root, record, stored)
        if tampered is not None:
            verdict.problems.add(
                _place(record),
                t("{file}, kept for the approval by {name}, is not what was approved: it was changed afterwards",
                  file=relative_to_project(tampered, root), name=record.name),
                t("restore it from git (git checkout -- {file}); nothing is shown from it until then",
                  file=relative_to_project(tampered, root)),
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
        elif (record.migrated_from and record.migrated_from != current.fingerprints[1]) or (
                record.content != current.fingerprints[record.document]):
            # A migrated signature covers the format-1 fingerprint: it must still be this document's.
            files = changed_layout(dict(record.layout), current.layout) if record.layout else ()
            verdict.stale.append(Stale(record, files))
        elif record.document == 1:
            verdict.legacy.append(record)
        elif dict(record.layout) != current.layout:
            verdict.stale.append(Stale(record, changed_layout(dict(record.layout), current.layout), content=False))
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


def tampered_file(folder: Path, root: Path, record: Approval, text: str) -> Path | None:
    """The file kept for `record` under texts/ that is not what was approved, if any: its text,
    when the approval records the text's SHA-256, or its data, whose SHA-256 is the content
    fingerprint."""
    if record.text is not None and text_digest(text) != record.text:
        return text_file(folder, record.content)
    data = text_file(folder, record.content, ".json")
    if data.is_file() and file_hash(data) != record.content:
        return data
    return None


def signed_message(approval: Approval) -> bytes:
    """What a signature covers: the fingerprints approved (the stored text's among them, from
    approvals file format 3 on) and who approved them, when.

    A migrated approval keeps the signature its approver made over the earlier fingerprint.
    """
    who = f"name: {approval.name}\ntitle: {approval.title}\ndate: {approval.date}\n"
    if approval.document < 2 or approval.migrated_from:
        content = approval.migrated_from or approval.content
        return f"utlatande approval v1\ncontent: {content}\n{who}".encode()
    document = f"document: {DOCUMENT_FORMAT}/{approval.document}\ncontent: {approval.content}\n"
    layout = f"layout: {layout_digest(dict(approval.layout))}\n"
    if approval.text is None:
        return f"utlatande approval v2\n{document}{layout}{who}".encode()
    return f"utlatande approval v3\n{document}text: {approval.text}\n{layout}{who}".encode()


def record(folder: Path, response: Path, root: Path, approval: Approval, current: Binding,
           refuse: Callable[[list[Approval]], None]) -> Path:
    """Appends `approval` to the response's approvals file and keeps the approved text and data.

    The file is read, checked with `refuse(existing records)` and written under a lock, so two
    approvals recorded at the same moment are both kept.
    """
    path = approvals_file(folder, response)
    with locked(lock_file(root)):
        existing = read_approvals(path, root, response)
        refuse(existing)
        keep_approved(folder, current)
        write_atomically(path, approvals_yaml(relative_to_project(response, root), [*existing, approval]))
    return path


def keep_approved(folder: Path, current: Binding) -> None:
    """Writes the current document's text and data under texts/, named by its fingerprint, unless
    they are there as they should be: a file found changed is written anew, as the document
    with this fingerprint is known."""
    for suffix, data in ((".txt", current.text.encode("utf-8")), (".json", current.data.encode("utf-8"))):
        snapshot = text_file(folder, current.content, suffix)
        # Lines a checkout ends with CR LF are the same text (text_digest counts them so too).
        if not snapshot.is_file() or snapshot.read_bytes().replace(b"\r\n", b"\n") != data:
            write_atomically(snapshot, data)


def approvals_yaml(response: str, approvals: list[Approval]) -> bytes:
    """The approvals file of `response`, holding `approvals` in order."""
    content = [
        *(Comment(line.format(response=response)) for line in HEADER),
        BLANK,
        Entry("format", FILE_FORMAT if any(approval.text for approval in approvals) else 2),
        Entry("response", response),
        Entry("approvals", [_approval(approval) for approval in approvals]),
    ]
    return yaml_text("approvals", content, Path(response)).encode("utf-8")


def _approval(approval: Approval) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": approval.name, "title": approval.title, "date": approval.date,
                             "document": f"{DOCUMENT_FORMAT}/{approval.document}", "content": approval.content}
    if approval.text:
        entry["text"] = approval.text
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
            # A signed one's text cannot be bound: the signature does not cover it.
            out.append(Approval(old.name, old.title, old.date, current.content, DOCUMENT_VERSION,
                                tuple(sorted(current.layout.items())), old.signature,
                                old.content if old.signature else None,
                                text=None if old.signature else text_digest(current.text)))
            migrated += 1
        if migrated:
            keep_approved(folder, current)
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
    with temporary_folder("signature") as work:
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
    with temporary_folder("signature") as work:
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
