"""Recorded approvals: who approved exactly which text, and whether that still holds.

An approval names the fingerprint of the document it approved (`generator/fingerprint.py`).
It is valid while the document's fingerprint is the same, stale once anything a reader sees has
changed, and valid again if the change is reverted. The approved text is kept under
approvals/texts/, named by its fingerprint, so a stale approval can show what changed. With an
SSH signature (`ssh-keygen -Y sign`), an approval also proves whose key made it; which keys
count for which name is said by approvals/allowed_signers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Position, Problems, SourceError
from generator.fields import Fields
from generator.load import load_yaml
from generator.model import Approval, Organisation
from generator.output import write_atomically

NAMESPACE = "utlatande-approval"
ALLOWED_SIGNERS = "allowed_signers"
HEADER = (
    "# Approvals of {response}, recorded by 'utlatande approve'.\n"
    "# Each holds for the exact text whose fingerprint it names; do not edit by hand.\n"
)


@dataclass
class Verdict:
    valid: list[Approval] = field(default_factory=list)
    stale: list[Approval] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def approvals_file(folder: Path, response: Path) -> Path:
    return folder / f"{response.stem}.yaml"


def text_file(folder: Path, content: str) -> Path:
    return folder / "texts" / f"{content.removeprefix('sha256:')}.txt"


def read_approvals(path: Path) -> list[Approval]:
    """The records in an approvals file (none when the file does not exist)."""
    if not path.exists():
        return []
    problems = Problems()
    data = load_yaml(path, problems)
    fields = Fields(data, "approvals file", problems)
    records = fields.records("approvals", "approval", _record, required=False)
    fields.done()
    problems.raise_if_any()
    return records


def _record(f: Fields) -> Approval | None:
    name, title, date, content = f.text("name"), f.text("title"), f.date("date"), f.text("content")
    signature = f.text("signature", required=False)
    if content and not content.startswith("sha256:"):
        f.problems.add(f.value_at("content"), "the content fingerprint must start with 'sha256:'",
                       "approvals are recorded with 'utlatande approve'; do not edit them by hand")
    if not (name and title and date and content):
        return None
    return Approval(name, title, date, content, signature, f.pos)


def judge(records: list[Approval], content: str, folder: Path, organisation: Organisation) -> Verdict:
    """Sorts the records into valid and stale; forged, unsigned or hand-made ones are problems."""
    verdict = Verdict()
    for record in records:
        if not text_file(folder, record.content).is_file():
            verdict.problems.add(
                record.at, f"the approval by {record.name} names a text that was never approved here",
                "approvals are recorded with 'utlatande approve'; remove this hand-made entry and approve again",
            )
            continue
        if record.signature:
            reason = verify(folder / ALLOWED_SIGNERS, record)
            if reason:
                verdict.problems.add(record.at, f"the signature of the approval by {record.name} {reason}",
                                     f"ask {record.name} to approve again with 'utlatande approve --sign'")
                continue
        elif organisation.require_signed_approvals:
            verdict.problems.add(record.at, f"the approval by {record.name} is not signed, and {organisation.forvaltning} "
                                 "requires signed approvals", "approve again with 'utlatande approve --sign KEY'")
            continue
        (verdict.valid if record.content == content else verdict.stale).append(record)
    return verdict


def what_changed(folder: Path, record: Approval, current_text: str, limit: int = 8) -> str:
    """A short diff between the text `record` approved and the current text.

    Changed paragraphs show only the changed words with a little context, as
    "… kan arbetsgivaren [-i vissa fall-]{+ibland+} stå för …"; added and removed paragraphs
    show as "+ …" and "- …".
    """
    approved = text_file(folder, record.content).read_text(encoding="utf-8").splitlines()
    current = current_text.splitlines()
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, approved, current, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            changes.extend(word_diff(a, b) for a, b in zip(approved[i1:i2], current[j1:j2]))
            continue
        changes.extend("- " + line for line in approved[i1:i2] if line.strip())
        changes.extend("+ " + line for line in current[j1:j2] if line.strip())
    shown = changes[:limit] + ([f"… and {len(changes) - limit} more changes"] if len(changes) > limit else [])
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


def signed_message(content: str, name: str, title: str, date: dt.date) -> bytes:
    """What a signature covers: the approved text's fingerprint and who approved it, when."""
    return f"utlatande approval v1\ncontent: {content}\nname: {name}\ntitle: {title}\ndate: {date}\n".encode("utf-8")


def record(folder: Path, response: Path, approval: Approval, text: str) -> Path:
    """Appends `approval` to the response's approvals file and keeps the approved text."""
    path = approvals_file(folder, response)
    existing = read_approvals(path)
    snapshot = text_file(folder, approval.content)
    if not snapshot.exists():
        write_atomically(snapshot, text.encode("utf-8"))
    entries = "".join(_entry(a) for a in [*existing, approval])
    write_atomically(path, (HEADER.format(response=response.as_posix()) + "approvals:\n" + entries).encode("utf-8"))
    return path


def _entry(approval: Approval) -> str:
    lines = [
        f"  - name: {_quoted(approval.name)}",
        f"    title: {_quoted(approval.title)}",
        f"    date: {approval.date.isoformat()}",
        f"    content: {approval.content}",
    ]
    if approval.signature:
        lines.append("    signature: |")
        lines.extend("      " + line for line in approval.signature.strip().splitlines())
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ssh_keygen() -> str:
    program = shutil.which("ssh-keygen")
    if program is None:
        raise SourceError.at(Position(Path("ssh-keygen")), "ssh-keygen (OpenSSH) is needed for signed approvals",
                             "install OpenSSH's client (Debian: openssh-client)")
    return program


def sign(key: Path, message: bytes) -> str:
    """An SSH signature of `message` made with the private `key`, as `git` would make it."""
    if not key.is_file():
        raise SourceError.at(Position(key), "the signing key does not exist", "give the path of your private SSH key")
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "approval"
        data.write_bytes(message)
        result = subprocess.run([_ssh_keygen(), "-Y", "sign", "-f", str(key), "-n", NAMESPACE, str(data)],
                                capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise SourceError.at(Position(key), "ssh-keygen could not sign with this key: "
                                 + (result.stderr.strip().splitlines() or ["no reason given"])[-1],
                                 "use a private key without a passphrase prompt, or load it into ssh-agent")
        return (Path(work) / "approval.sig").read_text(encoding="utf-8")


def verify(allowed_signers: Path, approval: Approval) -> str:
    """Why the approval's signature does not hold, or "" when it does."""
    if not allowed_signers.is_file():
        return f"cannot be checked: there is no {allowed_signers}"
    message = signed_message(approval.content, approval.name, approval.title, approval.date)
    with tempfile.TemporaryDirectory() as work:
        signature = Path(work) / "approval.sig"
        signature.write_text(approval.signature.strip() + "\n", encoding="utf-8")
        genuine = subprocess.run([_ssh_keygen(), "-Y", "check-novalidate", "-n", NAMESPACE, "-s", str(signature)],
                                 input=message, capture_output=True)
        if genuine.returncode != 0:
            return "does not match the approval: the entry was changed after signing, or the signature is forged"
        allowed = subprocess.run(
            [_ssh_keygen(), "-Y", "verify", "-f", str(allowed_signers), "-I", approval.name, "-n", NAMESPACE,
             "-s", str(signature)], input=message, capture_output=True,
        )
    if allowed.returncode == 0:
        return ""
    return f"was made by a key that {allowed_signers} does not allow for {approval.name}"
