"""What `serve` shows, made from the sources as they are now: the index, each response's page
(its document, or its problems in its place), and its documents built on demand into build/.

Each page is made once per generation of the sources (watch.py) and kept until the next; one
thing is made at a time, so no two threads load, assemble or write at once. Nothing here
writes anywhere but build/, and only through the same build as `utlatande build`.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from generator.errors import Problem, Problems, SourceError, internal_error
from generator.i18n import t, tn
from generator.serve import pages
from generator.serve.pages import Page, Row
from generator.serve.watch import Generations, sources_state
from generator.sources.boundary import relative_to_project
from generator.sources.layout import Layout, yaml_files
from generator.text.inline import ID_PATTERN

if TYPE_CHECKING:
    from generator.commands.session import Session

#: The documents a page offers, by the suffix of their file in build/.
DOWNLOADS = {".docx": "docx", ".pdf": "pdf", ".html": "html"}
_Made = TypeVar("_Made")


@dataclass(frozen=True)
class Download:
    """A document as built into build/, to be sent as a file."""

    path: Path
    data: bytes


class Site:
    """The pages of the project in `root`, kept per generation of its sources."""

    def __init__(self, root: Path, generations: Generations) -> None:
        self.root = root
        self.generations = generations
        self._lock = threading.Lock()
        self._pages: dict[str | None, tuple[tuple[int, str], Page]] = {}
        self._closed = False

    def close(self) -> None:
        """Waits for what is being made or written to be done; nothing is started after."""
        with self._lock:
            self._closed = True

    def responses(self) -> dict[str, Path]:
        """The responses by the names their pages have: their file names without .yaml."""
        return {path.stem: path for path in yaml_files(Layout(self.root).responses)}

    def page(self, name: str | None) -> Page | None:
        """The index (`name` None) or the page of response `name`; a page saying that the file
        is not there for a name a response could have; None for any other name."""
        if name is not None and name not in self.responses():
            return pages.missing_page(name) if re.fullmatch(ID_PATTERN, name) else None
        with self._lock:
            if self._closed:
                return _stopping()
            # The files as they are now, besides the watcher's generation: a page asked for in
            # the moment between a save and its notification is made anew, never shown stale.
            now = (self.generations.number, sources_state(self.root))
            kept = self._pages.get(name)
            if kept and kept[0] == now:
                return kept[1]
            page = self._made(lambda: self._index() if name is None else self._response(name))
            self._pages[name] = (now, page)
            return page

    def download(self, name: str, suffix: str) -> Download | Page | None:
        """Builds one document of response `name` into build/, as `utlatande build` does; a
        page of problems when it cannot be built; None when there is no such response."""
        path = self.responses().get(name)
        if path is None or suffix not in DOWNLOADS:
            return None
        with self._lock:
            if self._closed:
                return _stopping()
            return self._made(lambda: self._build(path, DOWNLOADS[suffix]))

    # ---------------------------------------------------------------------------------------

    def _made(self, make: Callable[[], _Made]) -> _Made | Page:
        """What `make` gives; a bug in utlatande becomes a page that says so, and the server goes on."""
        try:
            return make()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug in utlatande: said on the page and on stderr, and the server goes on
            message = internal_error(exc)
            print(message, file=sys.stderr, flush=True)
            return pages.message_page(500, t("Internal error"), message)

    def _session(self) -> Session:
        from generator.commands.session import Session

        return Session.open(self.root)

    def _index(self) -> Page:
        from generator.checks.library import response_title
        from generator.commands.session import STATUS_LABELS, dnr_label

        try:
            session = self._session()
        except SourceError as exc:
            return pages.problems_page(None, t("The project"), exc.problems, self.root)
        rows = []
        for name, path in sorted(self.responses().items()):
            dnr, title, status, approvals = "–", path.name, t("cannot be built"), "–"
            problems = Problems()
            try:
                case, problems = session.problems(path)
                if case is not None:
                    dnr = dnr_label(case.response)
                    title = response_title(case)
                if case is not None and not problems.errors:
                    state, verdict = session.status(case)
                    status = t(STATUS_LABELS[state])
                    valid = len(verdict.valid) + len(verdict.legacy)
                    approvals = ", ".join(filter(None, [
                        tn("{count} valid", "{count} valid", valid) if valid else "",
                        tn("{count} stale", "{count} stale", len(verdict.stale)) if verdict.stale else ""])) or "–"
            except SourceError as exc:
                problems.extend(exc)
            finally:
                session.release(path)
            rows.append(Row(name, dnr, title, status, approvals, len(problems.errors), len(problems.warnings)))
        return pages.index_page(self._project_name(), rows)

    def _project_name(self) -> str:
        return Path(os.path.abspath(self.root)).name

    def _response(self, name: str) -> Page:
        path = self.responses().get(name)
        if path is None:  # gone since the page was asked for (a branch being switched)
            return pages.missing_page(name)
        file = relative_to_project(path, self.root)
        try:
            session = self._session()
            case, problems = session.problems(path)
            if case is None or problems.errors:
                return pages.problems_page(name, file, problems.items, self.root)
            built = session.built(path, fail_on_stale=False)
            if built.stale:
                status = t("An approval no longer holds: shown and built as a draft (marked UTKAST)")
            else:
                status = t("Approved: the final document") if built.final else t("Draft (marked UTKAST)")
            session.check_pdf_text(path, built.document)  # what would stop the PDF stops the page
        except SourceError as exc:
            return pages.problems_page(name, file, exc.problems, self.root)
        notices = [*problems.warnings, *built.stale, *built.notices]
        return pages.document_page(built.document, name, status, notices, self.root)

    def _build(self, path: Path, format: str) -> Download | Page:
        from generator.commands.build import outcome_of
        from generator.output import remove_leftovers

        out = self.root / "build"
        try:
            session = self._session()
        except SourceError as exc:
            return _not_built(path, exc.problems, self.root)
        remove_leftovers(out)
        # As the page shows it: a response whose approval no longer holds is a draft until it is approved again.
        outcome = outcome_of(session, path, out, [format], draft=False, stale_as_draft=True)
        errors = [p for p in outcome.problems if not p.warning]
        if errors or not outcome.written:
            return _not_built(path, errors, self.root)
        written = outcome.written[0]
        return Download(written, written.read_bytes())


def _not_built(path: Path, problems: list[Problem], root: Path) -> Page:
    """Why a download could not be built. Not live: reloading would build it again and again."""
    return pages.problems_page(path.stem, relative_to_project(path, root), problems, root, live=False)


def _stopping() -> Page:
    return pages.message_page(503, t("Stopping"), t("utlatande serve is stopping."))
