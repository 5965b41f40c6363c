"""Which responses need building again: a record per response of what its documents were made from.

`utlatande build --changed` (what `make` runs) skips a response whose documents are as they were
written and whose inputs are unchanged since: the response, its skrivelse, the fragments it
uses, its organisation profile and logo, every file in templates/, its approvals file and
allowed_signers, the build options, and utlatande itself (its code and the libraries that write
the files). Inputs are compared by content, so a `git checkout` that only touches files does
not rebuild. The records are kept in the project's .cache/utlatande/builds/, one folder per
output folder, so the output folder holds nothing but documents. make never sees a file name,
so no name can be run as a command.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import generator
from generator.digest import file_hash
from generator.output import write_atomically
from generator.sources.boundary import relative_to_project
from generator.sources.layout import template_files

if TYPE_CHECKING:
    from generator.sources.layout import Layout
    from generator.sources.project import Case

STATE = Path(".cache") / "utlatande" / "builds"
#: The libraries whose version can change the bytes of a document.
_WRITERS = ("python-docx", "lxml", "typst", "markdown-it-py", "Jinja2", "PyYAML", "fonttools", "pypdf")


def inputs(case: Case, layout: Layout) -> list[Path]:
    """Every file whose change can change this response's documents (some may not exist)."""
    # Imported here: deciding that nothing needs building (`make` most of the time) needs neither.
    from generator.review.approvals import ALLOWED_SIGNERS, approvals_file
    from generator.sources.records import FragmentRef

    fragments = sorted({case.fragments[p.id].path for p in case.response.parts() if isinstance(p, FragmentRef)})
    templates = template_files(layout.templates)
    approvals = [approvals_file(layout.approvals, case.response.path), layout.approvals / ALLOWED_SIGNERS]
    return [case.response.path, case.skrivelse.path, *case.organisation.files, *fragments, *templates, *approvals]


def up_to_date(response: Path, out: Path, root: Path, options: dict, seen: dict[str, str | None] | None = None,
               dnrs: dict[Path, str | None] | None = None) -> bool:
    """Whether the documents of `response` in `out` were built from exactly today's inputs.
    `seen` keeps the digests of one run: most inputs (templates, fonts) are every response's.
    `dnrs` is given the recorded dnr of a response whose file is as it was built, whatever else
    changed: the diary across responses need not read that file again."""
    seen = {} if seen is None else seen
    try:
        record = json.loads(_record_path(out, response, root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    name = _name(response, root)
    if not isinstance(record, dict) or record.get("tool") != tool_identity() or record.get("response") != name:
        return False
    inputs = record.get("inputs")
    if not isinstance(inputs, dict):
        return False
    for input_name in (name, *inputs):  # the response first, for its dnr
        if input_name not in seen:
            seen[input_name] = _digest(root / input_name)
    dnr = record.get("dnr", False)  # records from before dnrs were recorded have none
    unchanged = seen[name] is not None and inputs.get(name) == seen[name]
    if dnrs is not None and unchanged and (dnr is None or isinstance(dnr, str)):
        dnrs[response] = dnr
    if record.get("options") != options or any(seen[n] != digest for n, digest in inputs.items()):
        return False
    for output, stamp in record.get("outputs", {}).items():
        if _stamp(out / output) != stamp:
            return False
    return bool(record.get("outputs"))


def remember(response: Path, sources: list[Path], outputs: list[Path], out: Path, root: Path, options: dict,
             dnr: str | None) -> None:
    """Records what the documents of `response` were just built from, and their dnr."""
    record = {
        "tool": tool_identity(),
        "options": options,
        "response": _name(response, root),
        "dnr": dnr,
        "inputs": {_name(p, root): _digest(p) for p in sources},
        "outputs": {p.name: _stamp(p) for p in outputs},
    }
    # Written after the documents, which are on the disk by then: a record lost in a crash only
    # means they are built again (up_to_date reads an unreadable record as none).
    write_atomically(_record_path(out, response, root), json.dumps(record, indent=1, sort_keys=True).encode("utf-8"),
                     durable=False)


def _name(path: Path, root: Path) -> str:
    """The input's name in the record: from the project folder (most are made from it, so
    no link needs resolving)."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else relative_to_project(path, root)


def forget(response: Path, out: Path, root: Path) -> None:
    """Drops the record, so a response that failed is built again next time."""
    _record_path(out, response, root).unlink(missing_ok=True)


@functools.lru_cache(maxsize=1)
def tool_identity() -> str:
    """A hash of utlatande's own code and the versions of the libraries that write documents."""
    digest = hashlib.sha256()
    package = Path(generator.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    installed = _installed()
    for name in _WRITERS:
        digest.update(f"{name}=={installed.get(_normal(name), 'missing')}\0".encode())
    return digest.hexdigest()


def _installed() -> dict[str, str]:
    """Name → version of the distributions on sys.path, from their *.dist-info folder names (what
    importlib.metadata reads too, without the 30 ms it takes to import)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        folder = Path(entry or ".")
        if not folder.is_dir():
            continue
        for name in folder.iterdir():
            match = _DIST_INFO.fullmatch(name.name)
            if match:
                found.setdefault(_normal(match["name"]), match["version"])
    return found


_DIST_INFO = re.compile(r"(?P<name>[^-]+)-(?P<version>[^-]+)\.dist-info")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _record_path(out: Path, response: Path, root: Path) -> Path:
    return _records(out, root) / f"{response.stem}.json"


@functools.lru_cache(maxsize=8)
def _records(out: Path, root: Path) -> Path:
    """The folder of the records for one output folder."""
    return root / STATE / hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:16]


def _digest(path: Path) -> str | None:
    try:
        return file_hash(path) if path.is_file() else None
    except OSError:
        return None


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]
