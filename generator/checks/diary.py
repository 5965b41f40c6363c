"""One diary number belongs to one response: the dnr of every response of the project."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.checks import rules
from generator.errors import Position, Problems
from generator.i18n import t
from generator.sources.boundary import relative_to_project
from generator.sources.layout import Layout, yaml_files
from generator.sources.read import top_level_text
from generator.sources.records import Dnr, Response


def diary(layout: Layout, known: Mapping[Path, str | None] | None = None) -> dict[str, list[Path]]:
    """Each dnr written in responses/ and the files that use it. Only the dnr is read of each
    file; a file that cannot be read is left out (its own problems are reported when it is built).
    `known` gives the dnr of files already known (as str(Dnr)), which are not read."""
    known = known or {}
    found: dict[str, list[Path]] = {}
    for path in yaml_files(layout.responses):
        if path in known:
            number = known[path]
        else:
            value = top_level_text("dnr", path, layout.root)
            dnr = Dnr.parse(value, Position(path)) if value else None
            number = None if dnr is None else str(dnr)
        if number is not None:
            found.setdefault(number, []).append(path)
    return found


def check_unique(response: Response, known: dict[str, list[Path]], root: Path) -> Problems:
    """The dnr of `response` must not be used by any other response."""
    problems = Problems()
    if response.dnr is None:
        return problems
    others = [p for p in known.get(str(response.dnr), []) if p.resolve() != response.path.resolve()]
    if others:
        names = ", ".join(relative_to_project(p, root) for p in others)
        problems.report(rules.DNR_UNIQUE, response.dnr.at,
                        t("the dnr {dnr} is also used by {files}", dnr=response.dnr, files=names),
                        t("one diary number belongs to one response: check both with the registrar"))
    return problems
