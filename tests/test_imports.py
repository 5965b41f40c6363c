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
