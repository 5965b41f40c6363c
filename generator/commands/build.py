"""Building responses into documents: each response on its own, all its formats rendered
before any is written, a final document read back before it is published."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import interrupts
from generator.commands.outputs import FORMATS
from generator.commands.session import SOURCE_FOLDERS, Session, StaleApproval
from generator.errors import Position, Problem, Problems, SourceError
from generator.output import OutputError, write_atomically
from generator.review.readback import check_published
from generator.sources.boundary import relative_to_project


def output_folder_problem(out: Path, root: Path) -> str | None:
    """Why documents may not be written to `out`, or None. Names are compared without case, as
    Windows and macOS do."""
    real, project = out.resolve(), root.resolve()
    for name in (*SOURCE_FOLDERS, ".git"):
        folder = project / name
        if _same_or_inside(real, folder):
            return f"'{out}' is the project's {name}/ folder (or inside it); documents may not be written among the sources"
    return None


def _same_or_inside(path: Path, folder: Path) -> bool:
    candidates = [path, *path.parents]
    return any(str(c).casefold() == str(folder).casefold() for c in candidates)


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    #: Bugs in utlatande met while building a response; the other responses were still built.
    internal: list[tuple[Path, Exception]] = field(default_factory=list)


def colliding_outputs(responses: list[Path], root: Path) -> list[Problem]:
    """Responses that would write the same output file (the same name in different folders)."""
    by_name: dict[str, list[Path]] = {}
    for response in responses:
        by_name.setdefault(response.stem.casefold(), []).append(response)
    problems = []
    for name, paths in sorted(by_name.items()):
        if len({p.resolve() for p in paths}) > 1:
            names = " and ".join(relative_to_project(p, root) for p in paths)
            problems.extend(Problem(Position(p), f"{names} would both be built as {paths[0].stem}.*",
                                    "give one of them another file name; nothing was built for either") for p in paths)
    return problems


def build(session: Session, responses: Iterable[Path], out: Path, formats: list[str],
          progress: Callable[[Path], None] = lambda _: None, draft: bool = False,
          skip: Callable[[Path], bool] = lambda _: False,
          built: Callable[[Path, list[Path]], None] = lambda response, outputs: None) -> BuildReport:
    """Builds each response into `out`; a response with problems is reported and not written.

    `skip(response)` leaves a response whose documents are up to date; `built(response,
    outputs)` is told of each response written.
    """
    report = BuildReport()
    responses = list(responses)
    colliding = colliding_outputs(responses, session.layout.root)
    report.problems.items.extend(colliding)
    refused = {p.at.path for p in colliding}
    # Signals are acted on between documents (see interrupts.py), so none is left half-written.
    with interrupts.deferred():
        for response in responses:
            interrupts.check()
            if response in refused:
                progress(response)
                continue
            if skip(response):
                report.skipped.append(response)
                progress(response)
                continue
            try:
                outputs = build_one(session, response, out, formats, draft, report.problems)
            except StaleApproval as exc:
                report.problems.extend(exc)
                _remove_stale_documents(response, out, report.problems)
            except SourceError as exc:
                report.problems.extend(exc)
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception as exc:  # a bug in utlatande: reported, and the other responses still built
                report.internal.append((response, exc))
            else:
                report.written.extend(outputs)
                built(response, outputs)
            progress(response)
        interrupts.check()
    return report


def _remove_stale_documents(response: Path, out: Path, problems: Problems) -> None:
    """The final documents built before an approval went stale no longer show the sources: they
    are removed, so that nobody publishes them by mistake."""
    removed = []
    for format in FORMATS.values():
        path = out / (response.stem + format.suffix)
        if path.is_file():
            path.unlink()
            removed.append(path.name)
    if removed:
        problems.warn(Position(out), f"removed {', '.join(removed)}: the approval no longer holds for the current text",
                      "build again after the new approval, or as a draft (--draft)")


def build_one(session: Session, response: Path, out: Path, formats: list[str], draft: bool,
              problems: Problems) -> list[Path]:
    """Renders one response in every format, checks a final document against its approved text,
    then writes every file (each atomically); notices go to `problems` as warnings."""
    built = session.built(response, draft=draft)
    if "pdf" in formats:
        session.check_pdf_text(response, built.document)
    rendered = {name: FORMATS[name].render(built.document, session.layout) for name in formats}
    if built.final:
        check_published(built.document, rendered, response, session.layout.templates)
    problems.items.extend(built.notices)
    interrupts.check()
    written = []
    for name, data in rendered.items():
        path = out / (response.stem + FORMATS[name].suffix)
        try:
            write_atomically(path, data)
        except OutputError as exc:
            raise SourceError.at(Position(path), f"cannot write the document: {exc.reason}", exc.hint) from None
        written.append(path)
    return written
