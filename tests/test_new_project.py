"""A second förvaltning on its own, end to end, as README "A new project for another förvaltning"
and "CI and pre-commit" tell it: `make dist` in utlatande's repository and the wheel on the
organisation's package index; `init` in Swedish; the officer's skrivelse, standard text and
response; make, make test, approve, make; a commit through the pre-commit hook; the CI
templates' commands in a fresh clone; and no file edited by hand, nor any path of this machine
in the project. The wheel also builds the example project, from a fresh virtual environment.

It needs git, make and the package registry (the index below sends every other package on to
PyPI, as an organisation's index does), and takes a few minutes.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, REPO, english_words

UTLATANDE = REPO / ".venv" / "bin" / "utlatande"

pytestmark = pytest.mark.skipif(not shutil.which("make") or not shutil.which("git"), reason="make or git is not installed")


class _Index(http.server.BaseHTTPRequestHandler):
    """A package index as an organisation runs one (PEP 503): utlatande's wheel, and every other
    project sent on to PyPI."""

    wheel: Path

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/simple/utlatande":
            digest = hashlib.sha256(self.wheel.read_bytes()).hexdigest()
            self._reply(200, f'<a href="/files/{self.wheel.name}#sha256={digest}">{self.wheel.name}</a>'.encode(), "text/html")
        elif self.path == f"/files/{self.wheel.name}":
            self._reply(200, self.wheel.read_bytes(), "application/octet-stream")
        elif self.path.startswith("/simple/"):
            self.send_response(302)
            self.send_header("Location", "https://pypi.org" + self.path)
            self.end_headers()
        else:
            self._reply(404, b"", "text/plain")

    def _reply(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def package_index(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """utlatande's repository as it is (its files, committed or not), `make dist` run in it, and
    the wheel served on an index at 127.0.0.1: the index's address, and the wheel."""
    checkout = tmp_path / "utlatande"
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, checkout / name)
    made = subprocess.run(["make", "dist", f"PYTHON={sys.executable}"], cwd=checkout, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    (wheel,) = (checkout / "dist").glob("utlatande-*.whl")
    handler = type("Index", (_Index,), {"wheel": wheel})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/simple", wheel
    server.shutdown()
    server.server_close()


def environment(**more: str) -> dict[str, str]:
    """The environment of a person at a terminal, in Swedish; git knows who they are."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("VIRTUAL_ENV", "PYTEST", "UTLATANDE")) and key not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(LANG="sv_SE.UTF-8", LANGUAGE="sv", GIT_AUTHOR_NAME="Ida IT", GIT_AUTHOR_EMAIL="ida@exempel.se",
               GIT_COMMITTER_NAME="Ida IT", GIT_COMMITTER_EMAIL="ida@exempel.se", **more)
    return env


def run(command: list[str] | str, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment(), shell=isinstance(command, str))
    assert (result.returncode == 0) is ok, f"{command}: {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


SKRIVELSE = """\
title: Skrivelse om studiero i skolan
party:
  name: Liberalerna
  abbreviation: L
authors: [Anna Andersson]
date: 2025-03-03
to: Utbildningsnämnden
questions:
  - id: studiero
    text: Hur arbetar förvaltningen för studiero i klassrummen?
"""
FRAGMENT = """\
id: studiero-arbetet
title: Arbetet för studiero
text: |
  Varje skola har en plan för studiero som följs upp varje termin.
"""
RESPONSE = """\
dnr: UTB 2025/12
date: 2025-04-01
organisation: utbildning
avdelning: Avdelningen för stöd
handlaggare:
  name: Karin Karlung
  phone: 0850833333
meeting: 2025-05-20
skrivelse: questions/2025-03-03-studiero.yaml
background: Liberalerna har ställt frågor om studiero i skolan.
answers:
  - questions: [studiero]
    parts:
      - fragment: studiero-arbetet
      - text: Förvaltningen följer arbetet noga.
"""


def test_a_new_forvaltning_from_init_to_ci_with_nothing_edited_by_hand(package_index, tmp_path):
    index, wheel = package_index
    started = time.monotonic()
    project = tmp_path / "utbildning"
    # init, in Swedish, with what the profile needs.
    made = run([str(UTLATANDE), "init", str(project), "--organisation", "utbildning",
                "--forvaltning", "Utbildningsförvaltningen", "--namnd", "Utbildningsnämnden", "--dnr-prefix", "UTB",
                "--avdelning", "Avdelningen för stöd", "--signatory", "Eva Ek, förvaltningschef", "--index", index], tmp_path)
    assert "Skapade ett projekt" in made.stdout and english_words(made.stdout + made.stderr) == [], made.stdout
    profile = (project / "organisations/utbildning.yaml").read_text(encoding="utf-8")
    assert "in_text: utbildningsnämnden" in profile and "TODO" not in profile.split("\nid:")[1]
    run("make", project)
    # The officer's own files: a skrivelse, a standard text, a response that uses it.
    (project / "questions/2025-03-03-studiero.yaml").write_text(SKRIVELSE, encoding="utf-8")
    (project / "fragments/studiero-arbetet.yaml").write_text(FRAGMENT, encoding="utf-8")
    (project / "responses/utb-2025-12-studiero.yaml").write_text(RESPONSE, encoding="utf-8")
    tested = run(["make", "test"], project)
    assert "Alla källfiler är giltiga." in tested.stdout, tested.stdout + tested.stderr
    assert "studiero-arbetet" in (project / "schemas/project.schema.json").read_text(encoding="utf-8"), \
        "make wrote the editor's schemas anew with the new standard text"
    run([".venv/bin/utlatande", "approve", "responses/utb-2025-12-studiero.yaml", "--name", "Eva Ek",
         "--title", "förvaltningschef", "--date", "2025-04-02"], project)
    run("make", project)
    for suffix in ("docx", "pdf", "html"):
        assert (project / f"build/utb-2025-12-studiero.{suffix}").is_file(), suffix
    run(["make", "test"], project)
    # A commit goes through the hook: a broken file is stopped, the sources are committed.
    response = project / "responses/utb-2025-12-studiero.yaml"
    response.write_text(RESPONSE.replace("date: 2025-04-01", "date: 2025-04-31"), encoding="utf-8")
    run("git add --all && git commit --quiet --message 'Trasigt datum'", project, ok=False)
    response.write_text(RESPONSE, encoding="utf-8")
    committed = run("git add --all && git commit --message 'Svar på skrivelsen om studiero'", project)
    assert run(["git", "status", "--porcelain"], project).stdout == ""
    assert "UTB 2025/12" not in committed.stderr
    # The CI templates' commands, as written, in a fresh clone.
    ci = tmp_path / "ci"
    run(["git", "clone", "--quiet", str(project), str(ci)], tmp_path)
    gitlab = yaml.safe_load((ci / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for command in gitlab["utlatande"]["script"]:
        run(command, ci)
    assert (ci / "gl-code-quality-report.json").read_text(encoding="utf-8").strip() == "[]"
    github = yaml.safe_load((ci / ".github/workflows/utlatande.yml").read_text(encoding="utf-8"))
    for step in github["jobs"]["check-and-build"]["steps"]:
        if "run" in step:
            run(step["run"], ci)
    assert (ci / "build/utb-2025-12-studiero.pdf").read_bytes() == (project / "build/utb-2025-12-studiero.pdf").read_bytes()
    # Nothing in the project names a place on this machine.
    places = {str(tmp_path), str(REPO), str(Path.home()), sys.prefix, "/tmp/", "/work/"}
    for path in sorted(project.rglob("*")):
        if path.is_file() and not {".venv", ".git"} & set(path.relative_to(project).parts):
            text = path.read_bytes().decode("utf-8", "replace")
            assert not [place for place in places if place in text], path
    # The wheel, installed in the project's fresh virtual environment, builds the example.
    example = tmp_path / "example"
    shutil.copytree(EXAMPLE, example)
    run([str(project / ".venv/bin/utlatande"), "build", "--out", str(tmp_path / "example-build")], example)
    assert len(list((tmp_path / "example-build").glob("*.pdf"))) == len(list((EXAMPLE / "responses").glob("*.yaml")))
    shipped = project / ".venv/lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages/generator/shipped"
    assert (shipped / "templates/fonts/LiberationSans-Regular.ttf").is_file() and (shipped / "schemas/response.schema.json").is_file()
    print(f"\nwheel {wheel.stat().st_size / 1e6:.1f} MB; init to CI in {time.monotonic() - started:.0f} s")


def test_the_wheel_holds_the_templates_fonts_translations_and_schemas(package_index):
    _, wheel = package_index
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (REPO / "templates").rglob("*"):
        if template.is_file():
            assert f"generator/shipped/templates/{template.relative_to(REPO / 'templates').as_posix()}" in names
    assert "generator/locale/sv/LC_MESSAGES/utlatande.mo" in names and "generator/shipped/constraints.txt" in names
    assert {re.sub(r".*/", "", name) for name in names if name.startswith("generator/shipped/schemas/")} == {
        path.name for path in (REPO / "schemas").glob("*.schema.json") if path.name != "project.schema.json"}
