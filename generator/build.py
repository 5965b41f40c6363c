"""The work behind the commands: turn responses into documents, check a whole project."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.assemble import assemble
from generator.document import Document
from generator.errors import Position, Problem, Problems, SourceError
from generator.library import library_warnings, load_cases
from generator.output import write_atomically
from generator.project import Layout, Library, load_case, load_library, yaml_files
from generator.parse import read_skrivelse
from generator.render.docx import render_docx
from generator.render.pdf import RenderError, render_pdf, unshowable
from generator.render.text import render_text
from generator.templates import Templates
from generator.validate import check_case

REFERENCE_DOCX = "reference.docx"


@dataclass(frozen=True)
class Format:
    suffix: str
    render: Callable[[Document, Layout], bytes]


FORMATS: dict[str, Format] = {
    "docx": Format(".docx", lambda doc, layout: render_docx(doc, layout.templates / REFERENCE_DOCX)),
    "pdf": Format(".pdf", lambda doc, layout: render_pdf(doc, layout.templates)),
    "txt": Format(".txt", lambda doc, layout: render_text(doc).encode("utf-8")),
}

#: What `--format all` (the default) builds.
ALL_FORMATS = ["docx", "pdf"]


@dataclass
class Session:
    """A project opened for one command: its layout, shared sources and templates."""

    layout: Layout
    library: Library
    templates: Templates

    @classmethod
    def open(cls, root: Path) -> Session:
        layout = Layout(root)
        return cls(layout, load_library(layout), Templates(layout.templates))

    def document(self, response: Path) -> Document:
        """The document model of one response, after every check passes."""
        case = load_case(response, self.library)
        check_case(case).raise_if_any()
        return assemble(case, self.templates)

    def check_pdf_text(self, response: Path, document: Document) -> None:
        """Every character must be in a shipped font: PDF/A embeds each glyph it shows."""
        problems = [
            Problem(
                self._locate(response, found.char),
                f"the character '{found.char}' (U+{ord(found.char):04X}) in '{found.part}' cannot be shown in the PDF",
                f"no font in {self.layout.templates / 'fonts'} has it: replace the character, or add a font that has it",
            )
            for found in unshowable(document, self.layout.templates)
        ]
        if problems:
            raise SourceError(problems)

    def _locate(self, response: Path, char: str) -> Position:
        """The first place `char` is written: in the response, else in the shared sources."""
        shared = [self.layout.questions, self.layout.fragments, self.layout.organisations]
        for path in [response, *(p for folder in shared for p in yaml_files(folder))]:
            text = path.read_text(encoding="utf-8")
            index = text.find(char)
            if index >= 0:
                line = text.count("\n", 0, index) + 1
                return Position(path, line, index - (text.rfind("\n", 0, index) + 1) + 1)
        return Position(response)

@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def build(session: Session, responses: Iterable[Path], out: Path, formats: list[str],
          progress: Callable[[Path], None] = lambda _: None) -> BuildReport:
    """Builds each response into `out`; a response with problems is reported and not written."""
    report = BuildReport()
    for response in responses:
        try:
            document = session.document(response)
            if "pdf" in formats:
                session.check_pdf_text(response, document)
            rendered = [(out / (response.stem + FORMATS[name].suffix), FORMATS[name].render(document, session.layout))
                        for name in formats]
        except SourceError as exc:
            report.problems.extend(exc)
        except RenderError as exc:
            report.problems.add(
                Position(response), f"internal error: Typst could not make the PDF, {exc}",
                "this is a bug in utlatande, not in your files: please report it with this message",
            )
        else:
            for path, data in rendered:
                write_atomically(path, data)
                report.written.append(path)
        progress(response)
    return report


def check(root: Path) -> Problems:
    """Every problem in the project (profiles, fragments, skrivelser, responses) and the library's warnings."""
    problems = Problems()
    layout = Layout(root)
    try:
        session = Session.open(root)
    except SourceError as exc:
        problems.extend(exc)
        session = None
    for path in yaml_files(layout.questions):
        try:
            read_skrivelse(path)
        except SourceError as exc:
            problems.extend(exc)
    if session is not None:
        for path in all_responses(layout):
            try:
                session.check_pdf_text(path, session.document(path))
            except SourceError as exc:
                problems.extend(exc)
        unreadable = Problems()
        cases = load_cases(session.library, unreadable)
        problems.items.extend(library_warnings(session.library, cases, all_loaded=not unreadable).items)
    return problems


def all_responses(layout: Layout) -> list[Path]:
    return yaml_files(layout.responses)
