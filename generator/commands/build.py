"""Building responses into documents: each response on its own, all its formats rendered
before any is written, a final document read back before it is published."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator import interrupts
from generator.commands import parallel
from generator.commands.incremental import inputs
from generator.commands.outputs import FORMATS
from generator.commands.session import Session, StaleApproval
from generator.errors import Position, Problem, Problems, SourceError
from generator.i18n import t
from generator.output import OutputError, write_atomically
from generator.sources.boundary import relative_to_project


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
    problems: list[Problem] = []
    for _, paths in sorted(by_name.items()):
        if len(paths) > 1 and len({p.resolve() for p in paths}) > 1:
            first, *others = (relative_to_project(p, root) for p in paths)
            names = first
            for other in others:
                names = t("{first} and {second}", first=names, second=other)
            problems.extend(Problem(Position(p), t("{names} would both be built as {name}.*", names=names, name=paths[0].stem),
                                    t("give one of them another file name; nothing was built for either")) for p in paths)
    return problems


#: Below this many documents to build, starting workers costs more than it saves.
PARALLEL_FROM = 8


@dataclass
class Outcome:
    """What building one response gave: the files written and what they were made from, or the
    problems that stopped it (`stale`: an approval no longer holds)."""

    written: list[Path] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stale: bool = False
    #: The diary number the documents carry, as the diary across responses holds it.
    dnr: str | None = None


def build(session: Session, responses: Iterable[Path], out: Path, formats: list[str],
          progress: Callable[[Path], None] = lambda _: None, draft: bool = False,
          skip: Callable[[Path], bool] = lambda _: False,
          built: Callable[[Path, Outcome], None] = lambda response, outcome: None,
          jobs: int = 1) -> BuildReport:
    """Builds each response into `out`; a response with problems is reported and not written.

    `skip(response)` leaves a response whose documents are up to date; `built(response,
    outcome)` is told of each response written, the files it was made from and its dnr. With
    `jobs` > 1 the documents are built by that many worker processes; the files are the same.
    """
    report = BuildReport()
    responses = list(responses)
    colliding = colliding_outputs(responses, session.layout.root)
    report.problems.items.extend(colliding)
    refused = {p.at.path for p in colliding}
    todo = []
    for response in responses:
        if response in refused:
            progress(response)
        elif skip(response):
            report.skipped.append(response)
            progress(response)
        else:
            todo.append(response)
    outcomes: dict[int, Outcome | Exception] = {}
    # Signals are acted on between documents (see interrupts.py), so none is left half-written.
    with interrupts.deferred():
        for index, outcome in _outcomes(session, todo, out, formats, draft, jobs):
            outcomes[index] = outcome
            if isinstance(outcome, Outcome) and outcome.written:
                built(todo[index], outcome)
            progress(todo[index])
        interrupts.check()
    for index, response in enumerate(todo):  # reported in the order given, however the workers ran
        outcome = outcomes[index]
        if isinstance(outcome, Exception):
            report.internal.append((response, outcome))
            continue
        report.written.extend(outcome.written)
        report.problems.items.extend(outcome.problems)
        if outcome.stale:
            _remove_stale_documents(response, out, report.problems)
    return report


def _outcomes(session: Session, todo: list[Path], out: Path, formats: list[str], draft: bool,
              jobs: int) -> Iterator[tuple[int, Outcome | Exception]]:
    if jobs > 1 and len(todo) >= PARALLEL_FROM:
        task = functools.partial(_build_in_worker, out=out, formats=formats, draft=draft)
        for index, future in parallel.in_workers(task, todo, min(jobs, len(todo)), _open_in_worker,
                                                 (session.layout.root,)):
            error = future.exception()
            if error is None:
                yield index, future.result()
            elif isinstance(error, Exception):
                yield index, error
            else:  # an interruption or exit in a worker stops the build, as it does here
                raise error
        return
    for index, response in enumerate(todo):
        interrupts.check()
        try:
            yield index, outcome_of(session, response, out, formats, draft)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in utlatande: reported, and the other responses still built
            yield index, exc


#: The project as a worker process opened it (one per process, like the Typst compiler).
_worker: dict[str, Session] = {}


def _open_in_worker(root: Path) -> None:
    _worker["session"] = Session.open(root)


def _build_in_worker(response: Path, out: Path, formats: list[str], draft: bool) -> Outcome:
    return outcome_of(_worker["session"], response, out, formats, draft)


def outcome_of(session: Session, response: Path, out: Path, formats: list[str], draft: bool,
               stale_as_draft: bool = False) -> Outcome:
    """Builds one response; the problems a user can cause become the outcome's problems. With
    `stale_as_draft`, a response whose approval no longer holds is built as a draft (saying why
    in warnings) instead of stopping."""
    outcome = Outcome()
    try:
        outcome.written, outcome.sources = build_one(session, response, out, formats, draft, outcome.problems,
                                                     stale_as_draft)
        dnr = session.case(response).response.dnr
        outcome.dnr = None if dnr is None else str(dnr)
    except StaleApproval as exc:
        outcome.problems.extend(exc.problems)
        outcome.stale = True
    except SourceError as exc:
        outcome.problems.extend(exc.problems)
    finally:
        session.release(response)
    return outcome


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
        problems.warn(Position(out),
                      t("removed {files}: the approval no longer holds for the current text", files=", ".join(removed)),
                      t("build again after the new approval, or as a draft (--draft)"))


def build_one(session: Session, response: Path, out: Path, formats: list[str], draft: bool,
              problems: list[Problem], stale_as_draft: bool = False) -> tuple[list[Path], list[Path]]:
    """Renders one response in every format, checks a final document against its approved text,
    then writes every file (each atomically); notices go to `problems` as warnings. Gives the
    files written and the files they were made from. A stale approval stops it (StaleApproval),
    unless `stale_as_draft`, when the document is built as a draft."""
    built = session.built(response, draft=draft, fail_on_stale=not stale_as_draft)
    # The response's own warnings (a TODO left, a phone number that cannot be read): an officer
    # who only runs `make` hears of them too. The library's (an unused fragment) are check's.
    problems.extend(session.problems(response)[1].warnings)
    if "pdf" in formats:
        session.check_pdf_text(response, built.document)
    rendered = {name: FORMATS[name].render(built.document, session.layout, response) for name in formats}
    if built.final:
        from generator.review.published import (
            check_published,  # reads PDFs: loaded only for final documents
        )

        check_published(built.document, rendered, response, session.suspects(session.case(response)))
    problems.extend((*built.stale, *built.notices))
    interrupts.check()
    written = []
    for name, data in rendered.items():
        path = out / (response.stem + FORMATS[name].suffix)
        try:
            write_atomically(path, data)
        except OutputError as exc:
            raise SourceError.at(Position(path), t("cannot write the document: {reason}", reason=exc.reason), exc.hint) from None
        written.append(path)
    return written, inputs(session.case(response), session.layout)
