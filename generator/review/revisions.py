"""Responses at a git revision ("HEAD~1:responses/x.yaml"), built from the project as it was then.

The sources a response draws on (skrivelse, fragments, profile, templates) are taken from the
same revision, by exporting those folders with `git archive` into a temporary folder.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.output import remove_abandoned_folders, temporary_folder
from generator.sources.boundary import SOURCE_FOLDERS


@dataclass(frozen=True)
class Checkout:
    """A response file and the project folder to build it in."""

    root: Path
    response: Path
    label: str


def is_revision(spec: str, root: Path) -> bool:
    """REV:path that is not simply an existing file (Windows drive letters aside)."""
    return ":" in spec and not (root / spec).exists()


@contextlib.contextmanager
def locate(spec: str, root: Path) -> Iterator[Checkout]:
    """The response named by `spec`: a file path, or REV:path exported from git."""
    if not is_revision(spec, root):
        path = Path(spec)
        if not path.is_file():
            raise SourceError.at(Position(path), t("file not found"),
                                 t("give a response file, or REV:path such as HEAD~1:responses/x.yaml"))
        yield Checkout(root, path, spec)
        return
    revision, _, inside = spec.partition(":")
    # After --end-of-options a revision that starts with '-' is a name, never an option of git's.
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if found is None:
        raise SourceError.at(Position(Path(spec)), t("'{revision}' is not a revision of this repository", revision=revision),
                             t("use a commit, branch or tag, e.g. HEAD~1 or main"))
    commit = found.decode().strip()
    if _git(root, "cat-file", "-e", f"{commit}:{inside}") is None:
        raise SourceError.at(Position(Path(spec)), t("'{path}' does not exist at {revision}", path=inside, revision=revision),
                             t("see 'git ls-tree -r --name-only {revision} responses/'", revision=revision))
    remove_abandoned_folders()
    with temporary_folder("rev") as folder:
        present = [f for f in SOURCE_FOLDERS if _git(root, "cat-file", "-e", f"{commit}:{f}") is not None]
        archive = _git(root, "archive", "--format=tar", commit, "--", *present)
        if archive is None:
            raise SourceError.at(Position(Path(spec)), t("git could not export the sources as they were at {revision}",
                                                         revision=revision),
                                 t("check the repository with 'git fsck'"))
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        located = Checkout(Path(folder), Path(folder) / inside, spec)
        try:
            yield located
        except SourceError as exc:
            raise _relabelled(exc, Path(folder), revision) from None


def _relabelled(exc: SourceError, folder: Path, revision: str) -> SourceError:
    """Problems in the exported copy, named as REV:path so the user can find them."""
    problems = []
    for problem in exc.problems:
        path = problem.at.path
        try:
            name = Path(f"{revision}:{path.resolve().relative_to(folder.resolve()).as_posix()}")
        except ValueError:
            name = path
        problems.append(replace(problem, at=Position(name, problem.at.line, problem.at.col)))
    return SourceError(problems)


def _git(root: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    except FileNotFoundError:
        raise SourceError.at(Position(root), t("git is not installed"), t("REV:path needs git")) from None
    return result.stdout if result.returncode == 0 else None
