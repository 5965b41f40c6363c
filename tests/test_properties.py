"""Property-based tests: the example responses mutated at random (types, deletions, any Unicode
including control characters, deep nesting, huge values, damaged YAML text) never meet an
internal error or a traceback, never leave a partial output, and never change a source.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import pypdf
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import EXAMPLE, KUNGSHOLMEN, SOF, SOURCE_FOLDERS

EXAMPLES = [SOF, KUNGSHOLMEN]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

texts = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["\x00", "\x0c", "\ue000", "\u202e", "{{ 7*7 }}", "[x](javascript:alert(1))", "<b>", "# rubrik", "- a\n  - b",
     "0755", "1:20", ".inf", "2024-02-30", "../../../etc/passwd", "/etc/passwd", "漢字", "x" * 400]
)
scalars = texts | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none() | st.dates().map(str)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                      max_leaves=8)


def paths(data, prefix=()):
    """Every path to a value in nested dicts and lists."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


def replaced(data, path, value):
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = replaced(data[head], rest, value)
    return copy


def deleted(data, path):
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    if rest:
        copy[head] = deleted(data[head], rest)
    else:
        del copy[head]
    return copy


@st.composite
def mutated_response(draw):
    """(response path, new YAML text): one example response changed in one of several ways."""
    response = draw(st.sampled_from(EXAMPLES))
    text = (EXAMPLE / response).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    inner = [p for p in paths(data) if p]
    kind = draw(st.sampled_from(["replace", "delete", "nest", "huge", "damage"]))
    if kind == "damage":
        position = draw(st.integers(0, len(text)))
        return response, text[:position] + draw(texts) + text[position:]
    path = draw(st.sampled_from(inner))
    if kind == "replace":
        data = replaced(data, path, draw(values))
    elif kind == "delete":
        data = deleted(data, path)
    elif kind == "nest":
        depth = draw(st.integers(30, 600))
        data = replaced(data, path, None)
        return response, yaml.safe_dump(data, allow_unicode=True).replace("null", "[" * depth + "]" * depth, 1)
    else:
        data = replaced(data, path, draw(st.sampled_from(["ord " * 200_000, "x" * 300_000, "- a\n" * 50_000])))
    return response, yaml.safe_dump(data, allow_unicode=True, width=10**9)


def run(project: Path, *args: str) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    cwd, argv = os.getcwd(), sys.argv
    os.chdir(project)
    sys.argv = ["utlatande", *args]
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(cwd)
        sys.argv = argv
    return code, err.getvalue()


def fingerprint(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in SOURCE_FOLDERS for p in sorted((project / folder).rglob("*")) if p.is_file()}


def assert_whole(document: Path) -> None:
    if document.suffix == ".pdf":
        assert pypdf.PdfReader(str(document)).pages
    elif document.suffix == ".docx":
        with zipfile.ZipFile(document) as package:
            assert package.testzip() is None


@SETTINGS
@given(mutated_response())
def test_mutated_responses_are_refused_cleanly_or_built_whole(case):
    response, text = case
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in SOURCE_FOLDERS:
            shutil.copytree(EXAMPLE / name, project / name)
        (project / response).write_text(text, encoding="utf-8")
        before = fingerprint(project)
        for command in (["check"], ["build", "--format", "docx", "--format", "pdf"]):
            code, err = run(project, *command)
            assert code in (0, 1), err
            assert "Traceback" not in err and "internal error" not in err, err
        assert fingerprint(project) == before, "a build never changes a source"
        outputs = list((project / "build").iterdir()) if (project / "build").exists() else []
        assert not [p for p in outputs if p.name.endswith(".tmp")]
        for document in outputs:
            assert_whole(document)
        stem = Path(response).stem
        mine = {p.suffix for p in outputs if p.stem == stem}
        assert mine in (set(), {".docx", ".pdf"}), "a response's documents are written all together or not at all"
        if mine:
            errors = [line for line in err.splitlines() if line.startswith(f"{response}:") and ": warning:" not in line]
            assert not errors, "a response with problems is not written"


@SETTINGS
@given(st.sampled_from(["questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml",
                        "fragments/polisanmalan-och-incidentrapport.yaml", "organisations/socialforvaltningen.yaml"]),
       st.integers(0, 10_000), texts)
def test_damaged_shared_sources_are_refused_cleanly(path, position, inserted):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in SOURCE_FOLDERS:
            shutil.copytree(EXAMPLE / name, project / name)
        text = (project / path).read_text(encoding="utf-8")
        position %= len(text) + 1
        (project / path).write_text(text[:position] + inserted + text[position:], encoding="utf-8")
        before = fingerprint(project)
        code, err = run(project, "build")
        assert code in (0, 1), err
        assert "Traceback" not in err and "internal error" not in err, err
        assert fingerprint(project) == before
