"""Every example response can become final: approved with its own date, built final in Word,
PDF and HTML, each file reading back as the document's text. The responses in the repository's
responses/ (what a new user tries first) and in the tests' example project.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.commands.session import Session
from generator.model.text import document_text
from tests.conftest import EXAMPLE_SOURCES, REPO, SOURCE_FOLDERS

#: The repository's own sources, as a user finds them in a fresh clone.
REPOSITORY = {folder: REPO / folder for folder in SOURCE_FOLDERS}
#: The tests' example project, with the repository's templates.
EXAMPLE = {folder: (EXAMPLE_SOURCES / folder if folder != "templates" else REPO / folder) for folder in SOURCE_FOLDERS}


def _copy(sources: dict[str, Path], to: Path) -> Path:
    for folder, path in sources.items():
        shutil.copytree(path, to / folder)
    shutil.copy(REPO / "utlatande.toml", to / "utlatande.toml")
    return to


def _responses(sources: dict[str, Path]) -> list[str]:
    return [f"responses/{path.name}" for path in sorted(sources["responses"].glob("*.yaml"))]


CASES = [("repository", name) for name in _responses(REPOSITORY)] + [("example", name) for name in _responses(EXAMPLE)]


@pytest.mark.parametrize("where, response", CASES, ids=[f"{w}:{Path(r).stem}" for w, r in CASES])
def test_every_example_response_can_be_approved_and_built_final(cli, tmp_path, where, response):
    project = _copy(REPOSITORY if where == "repository" else EXAMPLE, tmp_path / "project")
    written = yaml.safe_load((project / response).read_text(encoding="utf-8"))
    # Approved on the day the tjänsteutlåtande is dated: before the förvaltningsgrupp and the meeting.
    date = str(written["date"])
    result = cli("approve", response, "--name", "Anna Andersson", "--title", "Socialdirektör", "--date", date, cwd=project)
    assert result.code == 0, result.err
    result = cli("build", response, cwd=project)
    assert result.code == 0, result.err
    stem = Path(response).stem
    final = Session.open(project).built(project / response)
    assert final.final
    text = document_text(final.document)
    assert "Attesterat av" in text and "UTKAST" not in text and "Anna Andersson, Socialdirektör" in text
    for suffix in ("docx", "pdf", "html"):
        assert (project / f"build/{stem}.{suffix}").is_file()
    for suffix in ("docx", "html"):
        assert cli("text", f"build/{stem}.{suffix}", cwd=project).out == text, suffix

