"""The import budget of each command: the modules it loads, a list rather than a time (times are
measured in benchmarks/, never asserted). A command that starts loading a library it does not
need, or a client that grows past the standard library's lightest modules, fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, SOF

REPO = Path(__file__).resolve().parent.parent

#: What every command loads before it knows where it runs: our five modules, and nothing of the
#: standard library that takes more than microseconds (re, json, pathlib, socket, typing, …).
CLIENT = {"generator", "generator.entry", "generator.resident", "generator.resident.client",
          "generator.resident.contract", "generator.where"}
COSTLY = {"re", "json", "pathlib", "socket", "selectors", "subprocess", "typing", "locale", "tempfile", "datetime",
          "dataclasses", "inspect", "threading", "gettext", "enum", "signal", "contextlib", "collections", "array"}

#: The libraries each command may not load (in its own process): the Word writer's only when
#: writing Word, the PDF reader only when reading a PDF back, fontTools only when checking fonts,
#: Jinja2 only when assembling, Typst only for PDF and the logo.
NOT_LOADED = {
    ("--help",): {"yaml", "markdown_it", "jinja2", "docx", "lxml", "pypdf", "fontTools", "typst", "phonenumbers"},
    ("list",): {"jinja2", "docx", "lxml", "pypdf", "fontTools", "typst"},
    ("fragments",): {"jinja2", "docx", "lxml", "pypdf", "fontTools", "typst"},
    ("text", SOF): {"docx", "lxml", "pypdf", "fontTools", "typst"},
    ("check",): {"docx", "pypdf", "typst"},
    ("build", SOF, "--format", "docx", "--out", "{out}"): {"pypdf", "fontTools"},
    ("build", SOF, "--format", "html", "--out", "{out}"): {"docx", "pypdf", "fontTools", "typst"},
}


CLIENT_LOADS = """
import sys
before = set(sys.modules)
import generator.entry
new = sorted(set(sys.modules) - before)
import json
print(json.dumps(new))
"""
COMMAND_LOADS = """
import json, runpy, sys
sys.argv = ["utlatande", *{arguments!r}]
status = 0
try:
    runpy.run_module("generator", run_name="__main__")
except SystemExit as exc:
    status = exc.code
print(json.dumps([status, sorted({{m.split(".")[0] for m in sys.modules}})]), file=sys.stderr)
"""


def test_the_client_loads_only_the_lightest_of_the_standard_library():
    loaded = subprocess.run(
        [sys.executable, "-S", "-c", CLIENT_LOADS],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    new = set(json.loads(loaded.stdout))
    assert {name for name in new if name.startswith("generator")} == CLIENT
    assert not new & COSTLY, sorted(new & COSTLY)


@pytest.mark.parametrize("command", list(NOT_LOADED), ids=lambda c: " ".join(c[:1] + c[2:3]))
def test_a_command_loads_only_the_libraries_it_needs(command, tmp_path):
    arguments = [a.format(out=tmp_path) for a in command]
    ran = subprocess.run(
        [sys.executable, "-c", COMMAND_LOADS.format(arguments=arguments)],
        cwd=EXAMPLE, capture_output=True, text=True, env={**os.environ, "UTLATANDE_SERVER": "off"})
    status, libraries = json.loads(ran.stderr.strip().splitlines()[-1])
    assert status in (0, None), ran.stderr
    assert not set(libraries) & NOT_LOADED[command], sorted(set(libraries) & NOT_LOADED[command])


def test_the_command_as_make_installs_it_loads_utlatande_before_re():
    """pip's wrapper for an entry point imports re first (14 ms of every command); make writes
    a launcher over it (scripts/launcher.py) that starts with utlatande's client."""
    launcher = Path(sys.executable).parent / "utlatande"
    timed = subprocess.run([sys.executable, "-X", "importtime", str(launcher), "--no-server", "--version"],
                           capture_output=True, text=True, check=True)
    order = [line.rsplit("|", 1)[1].strip() for line in timed.stderr.splitlines() if line.startswith("import time:")]
    assert "generator.entry" in order
    assert "re" not in order[:order.index("generator.entry")], "re is loaded before the client"


def test_the_launcher_is_written_once_and_only_where_a_line_can_name_python(tmp_path):
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import launcher
    finally:
        sys.path.remove(str(REPO / "scripts"))
    for folder in (tmp_path / "bin", tmp_path / "with space" / "bin"):
        folder.mkdir(parents=True)
        (folder / "python").write_text("", encoding="utf-8")
        (folder / "utlatande").write_text("import re\n", encoding="utf-8")
        launcher.main(folder)
    written = tmp_path / "bin" / "utlatande"
    assert written.read_text(encoding="utf-8").startswith(f"#!{tmp_path / 'bin' / 'python'}\n")
    assert "import re" not in written.read_text(encoding="utf-8") and os.access(written, os.X_OK)
    before = written.stat().st_mtime_ns
    launcher.main(tmp_path / "bin")
    assert written.stat().st_mtime_ns == before, "an unchanged launcher is not written again"
    assert (tmp_path / "with space" / "bin" / "utlatande").read_text(encoding="utf-8") == "import re\n"
