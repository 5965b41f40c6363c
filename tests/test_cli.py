"""The command line end to end: what a user runs, sees and finds on disk."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from generator import output
from tests.conftest import ARBETSMILJO, KUNGSHOLMEN, REPO, SOF, edit, without_warnings


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_a_docx_a_pdf_and_an_html_file_per_response(cli, project):
    result = cli("build", cwd=project)
    assert result.code == 0, result.err
    assert sorted(p.name for p in (project / "build").iterdir()) == [
        "kungsholmen-starkt-skydd.docx", "kungsholmen-starkt-skydd.html", "kungsholmen-starkt-skydd.pdf",
        "sof-2024-394-starkt-skydd.docx", "sof-2024-394-starkt-skydd.html", "sof-2024-394-starkt-skydd.pdf",
        "sof-arbetsmiljo-socialtjansten.docx", "sof-arbetsmiljo-socialtjansten.html", "sof-arbetsmiljo-socialtjansten.pdf",
    ]
    assert "wrote build/sof-2024-394-starkt-skydd.docx" in result.out
    docx.Document(str(project / "build/sof-2024-394-starkt-skydd.docx"))


def test_build_one_response_into_another_folder(cli, project):
    result = cli("build", SOF, "--out", "ut", "--format", "docx", cwd=project)
    assert result.code == 0, result.err
    assert [p.name for p in (project / "ut").iterdir()] == ["sof-2024-394-starkt-skydd.docx"]


def test_build_only_the_pdf(cli, project):
    result = cli("build", SOF, "--format", "pdf", cwd=project)
    assert result.code == 0, result.err
    assert [p.name for p in (project / "build").iterdir()] == ["sof-2024-394-starkt-skydd.pdf"]


def test_build_text_format(cli, project):
    result = cli("build", SOF, "--format", "txt", cwd=project)
    assert result.code == 0
    text = (project / "build/sof-2024-394-starkt-skydd.txt").read_text(encoding="utf-8")
    assert text == (REPO / "tests/golden/sof-2024-394-starkt-skydd.txt").read_text(encoding="utf-8")


def test_sources_are_never_modified(cli, project):
    before = {folder: tree_digest(project / folder) for folder in ("responses", "questions", "fragments", "organisations", "templates")}
    assert cli("build", cwd=project).code == 0
    assert cli("check", cwd=project).code == 0
    after = {folder: tree_digest(project / folder) for folder in before}
    assert before == after


def test_failed_build_leaves_the_previous_output_untouched(cli, project):
    assert cli("build", SOF, cwd=project).code == 0
    outputs = {p: p.read_bytes() for p in (project / "build").iterdir()}
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-02-30")
    result = cli("build", SOF, cwd=project)
    assert result.code == 1
    assert {p: p.read_bytes() for p in (project / "build").iterdir()} == outputs


def test_failed_response_writes_nothing_but_the_others_are_built(cli, project):
    edit(project / KUNGSHOLMEN, "organisation: kungsholmen", "organisation: kungsholm")
    result = cli("build", cwd=project)
    assert result.code == 1
    assert sorted(p.name for p in (project / "build").iterdir()) == [
        "sof-2024-394-starkt-skydd.docx", "sof-2024-394-starkt-skydd.html", "sof-2024-394-starkt-skydd.pdf",
        "sof-arbetsmiljo-socialtjansten.docx", "sof-arbetsmiljo-socialtjansten.html", "sof-arbetsmiljo-socialtjansten.pdf",
    ]


def test_a_write_that_fails_midway_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "x.docx"
    target.write_bytes(b"old")

    def broken_fsync(_fd):
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "fsync", broken_fsync)
    with pytest.raises(output.OutputError):
        output.write_atomically(target, b"new contents")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.docx"]


def test_progress_bar_on_batches(cli, project):
    text = (project / SOF).read_text(encoding="utf-8")
    for number in range(5):
        (project / f"responses/kopia-{number}.yaml").write_text(text.replace("SOF 2024/394", f"SOF 2024/{400 + number}"),
                                                                encoding="utf-8")
    result = cli("build", cwd=project)
    assert result.code == 0, result.err
    assert "Building" in result.err
    assert len(list((project / "build").iterdir())) == 24


def test_text_of_a_response_and_of_its_docx_agree(cli, project):
    assert cli("build", SOF, cwd=project).code == 0
    from_yaml = cli("text", SOF, cwd=project)
    from_docx = cli("text", "build/sof-2024-394-starkt-skydd.docx", cwd=project)
    assert from_yaml.code == from_docx.code == 0
    assert from_yaml.out == from_docx.out
    assert "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på skrivelsen." in from_yaml.out


def test_text_of_a_file_that_is_not_a_docx(cli, project):
    (project / "fake.docx").write_text("not a zip", encoding="utf-8")
    result = cli("text", "fake.docx", cwd=project)
    assert result.code == 1
    assert "fake.docx: cannot read this Word file" in result.err


def test_check_says_all_is_well(cli, project):
    without_warnings(project)
    result = cli("check", cwd=project)
    assert (result.code, result.out, result.err) == (0, "All sources are valid.\n", "")


def test_check_shows_warnings_but_succeeds(cli, project):
    result = cli("check", cwd=project)
    assert result.code == 0
    assert result.out == "All sources are valid (see the warnings above).\n"
    assert ("fragments/handlingsplan-prioritering-hot-och-vald.yaml:2:1: warning: fragment "
            "'handlingsplan-prioritering-hot-och-vald' is not used by any response") in result.err
    assert (f"{ARBETSMILJO}:52:9: warning: question 'skyddsatgarder-stadsdelsniva' is printed in the response's "
            "own words") in result.err
    assert f"{ARBETSMILJO}:31:5: warning: question 'ovningsscenarier' is printed in the response's own words" in result.err
    assert result.err.endswith("3 warnings found.\n")


def test_missing_response_file(cli, project):
    result = cli("build", "responses/finns-inte.yaml", cwd=project)
    assert result.code == 1
    assert "responses/finns-inte.yaml: file not found" in result.err


def test_python_dash_m_generator_runs_the_same_program():
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0
    assert "Build Swedish tjänsteutlåtanden" in result.stdout
    for command in ("build", "check", "text"):
        assert command in result.stdout


def test_user_errors_print_no_traceback_from_a_real_process(project):
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-02-30")
    result = subprocess.run([sys.executable, "-m", "generator", "build", SOF], capture_output=True, text=True, cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{SOF}:" in result.stderr and "is not a real date" in result.stderr


def test_a_project_folder_that_does_not_exist(cli, tmp_path):
    result = cli("check", "--root", str(tmp_path / "saknas"), cwd=tmp_path)
    assert result.code == 2 and f"{tmp_path / 'saknas'}: there is no such folder" in result.err
    assert "reference.docx" not in result.err
    result = cli("--root", str(tmp_path / "saknas"), "check", cwd=tmp_path)
    assert result.code == 2 and "there is no such folder" in result.err, "--root before the command works too"


def test_build_tells_the_responses_own_warnings_and_still_builds(cli, project):
    edit(project / SOF, "i vissa fall stå för anmälan", "TODO stå för anmälan")
    result = cli("build", SOF, cwd=project)
    assert result.code == 0 and "wrote build/sof-2024-394-starkt-skydd.pdf" in result.out
    assert "warning: the text still says TODO [todo]" in result.err
    assert "is not used by any response" not in result.err, "the library's warnings are check's"
    assert cli("-q", "build", SOF, cwd=project).err == "", "-q: errors only"
