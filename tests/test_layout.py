"""docs/design.md's drawing of the package stays true: it names every module there is and no
other, and lists the stages in the order the layering contracts (pyproject.toml, run by
`make lint`) enforce."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO

PACKAGE = REPO / "generator"
#: A stage's line: "  model/  document.py (…) lists.py …"; a continuation: only modules, indented.
_STAGE = re.compile(r"^  (?P<name>[a-z]+)/\s")
_LABELLED = re.compile(r"^  (?P<label>shared|above all):\s")
_MODULE = re.compile(r"\b([a-z0-9_]+\.py)\b")


def drawing() -> tuple[list[str], dict[str, set[str]]]:
    """The stages in the order drawn, and the modules drawn in each ("" for the top level)."""
    text = (REPO / "docs/design.md").read_text(encoding="utf-8")
    section = text.split("## The package, laid out by stage", 1)[1]
    block = section.split("```", 2)[1]
    stages: list[str] = []
    modules: dict[str, set[str]] = {}
    current = None
    for line in block.splitlines()[1:]:
        if match := _STAGE.match(line):
            current = match["name"]
            stages.append(current)
        elif _LABELLED.match(line):
            current = ""
        if current is not None:
            modules.setdefault(current, set()).update(_MODULE.findall(line))
    return stages, modules


def test_the_drawing_names_every_module_and_no_other():
    _, drawn = drawing()
    there = {folder.name: {p.name for p in folder.glob("*.py") if p.name != "__init__.py"}
             for folder in PACKAGE.iterdir() if folder.is_dir() and (folder / "__init__.py").is_file()}
    there[""] = {p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    assert drawn == there


def test_the_drawing_lists_the_stages_in_the_order_the_contracts_enforce():
    stages, _ = drawing()
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    bottom_up = [name.split(".")[1] for layer in reversed(layers) for name in sorted(layer.split(" | "), reverse=True)]
    assert stages == bottom_up
