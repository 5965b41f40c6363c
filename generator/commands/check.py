"""Checking a whole project without building: every source, every response, the library."""

from __future__ import annotations

from pathlib import Path

from generator.checks.library import library_warnings
from generator.checks.names import unprintable_names
from generator.commands.schemas import stale_schemas
from generator.commands.session import Session, all_responses
from generator.errors import Position, Problems, SourceError
from generator.i18n import t
from generator.render.fonts import FONTS, faces
from generator.render.reference import REFERENCE_DOCX, check_reference
from generator.sources.layout import Layout, yaml_files
from generator.sources.read import read_skrivelse


def check(root: Path) -> Problems:
    """Every problem in the project (profiles, fragments, skrivelser, responses, approvals) and the warnings."""
    problems = Problems()
    layout = Layout(root)
    problems.items.extend(unprintable_names(root).items)
    try:
        session = Session.open(root)
    except SourceError as exc:
        problems.extend(exc)
        session = None
    for path in yaml_files(layout.questions):
        try:
            read_skrivelse(path, root)
        except SourceError as exc:
            problems.extend(exc)
    if session is None:
        return problems
    for presentation in (lambda: check_reference(layout.templates / REFERENCE_DOCX), lambda: faces(layout.templates / FONTS)):
        try:
            presentation()
        except SourceError as exc:
            problems.extend(exc)
    readable = True
    cases = []
    for path in all_responses(layout):
        try:
            case, found = session.problems(path)
        except SourceError as exc:
            problems.extend(exc)
            readable = False
            continue
        problems.items.extend(found.items)
        if case is None or found.errors:
            readable = False
            continue
        cases.append(case)
        try:
            built = session.built(path)
            problems.items.extend(built.notices)
            session.check_pdf_text(path, built.document)
        except SourceError as exc:
            problems.extend(exc)
    problems.items.extend(library_warnings(session.library, cases, all_loaded=readable).items)
    problems.items.extend(_stray_files(layout).items)
    problems.items.extend(stale_schemas(session.library).items)
    return problems


def _stray_files(layout: Layout) -> Problems:
    """Files in the source folders that are never read: a source must be a file named *.yaml."""
    problems = Problems()
    for name in ("responses", "questions", "fragments", "organisations", "programmes"):
        folder = layout.root / name
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.suffix == ".yaml" and not entry.is_file():
                problems.add(Position(entry), t("this is not a file (a folder, a broken link or a device), so it is not read"),
                             t("remove it, or put the source file itself here"))
            elif entry.suffix.lower() in (".yaml", ".yml") and entry.suffix != ".yaml":
                problems.warn(Position(entry),
                              t("this file is not read: sources end in '.yaml', not '{suffix}'", suffix=entry.suffix),
                              t("rename it to {name}.yaml", name=entry.stem))
    return problems
