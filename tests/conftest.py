"""Shared fixtures: the example project (read-only, and throwaway copies), and a way to run the CLI in-process."""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
SOURCE_FOLDERS = ("organisations", "fragments", "programmes", "questions", "responses", "templates")
SOF = "responses/sof-2024-394-starkt-skydd.yaml"
KUNGSHOLMEN = "responses/kungsholmen-starkt-skydd.yaml"


def copy_example(destination: Path) -> Path:
    """The example project in `destination`: the sources in tests/fixtures/example with the
    repository's templates. Tests never read the repository's own responses/, questions/ and
    fragments/, which are the users' to change, so a project in use keeps passing its tests."""
    for folder in SOURCE_FOLDERS:
        shutil.copytree(EXAMPLE_SOURCES / folder if folder != "templates" else REPO / folder, destination / folder)
    return destination


def _example() -> Path:
    """One copy of the example project for tests that only read it."""
    folder = Path(tempfile.mkdtemp(prefix="utlatande-example-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return copy_example(folder)


EXAMPLE_SOURCES = REPO / "tests" / "fixtures" / "example"
EXAMPLE = _example()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project that a test may change freely."""
    return copy_example(tmp_path)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """Runs `utlatande ARGS` in `cwd` exactly as the console script does."""

    def run(*args: str, cwd: Path) -> Result:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["utlatande", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def edit(path: Path, old: str, new: str) -> None:
    """Replaces `old` (which must be there) with `new` in a test's copy of a source file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def approve(cli, project: Path, response: str, name: str = "Veronica Wolgast Carstorp",
            title: str = "Socialdirektör", date: str = "2024-06-12", *extra: str) -> Result:
    """Records an approval the way a user does, and insists that it worked."""
    result = cli("approve", response, "--name", name, "--title", title, "--date", date, *extra, cwd=project)
    assert result.code == 0, result.err
    return result
