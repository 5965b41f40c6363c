"""The work behind the commands: turn responses into documents, check a whole project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.approvals import (
    ALLOWED_SIGNERS,
    Verdict,
    approvals_file,
    judge,
    read_approvals,
    record,
    sign,
    signed_message,
    verify,
    what_changed,
)
from generator.assemble import assemble
from generator.fingerprint import fingerprint
from generator.document import Document
from generator.errors import Position, Problem, Problems, SourceError
from generator.model import Approval, FragmentRef
from generator.library import library_warnings, load_cases
from generator.output import write_atomically
from generator.project import Case, Layout, Library, load_case, load_library, yaml_files
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

    def case(self, response: Path) -> Case:
        """A response and its sources, after every check passes."""
        case = load_case(response, self.library)
        check_case(case).raise_if_any()
        return case

    def content(self, case: Case) -> tuple[Document, str]:
        """The document as a reader sees it, without approval table or marking, and its fingerprint."""
        document = assemble(case, self.templates, approvals=(), draft=False)
        return document, fingerprint(document)

    def verdict(self, case: Case) -> tuple[Verdict, Document, str]:
        document, content = self.content(case)
        records = read_approvals(approvals_file(self.layout.approvals, case.response.path))
        verdict = judge(records, content, self.layout.approvals, case.organisation)
        return verdict, document, content

    def status(self, case: Case) -> tuple[str, Verdict]:
        """draft (no approvals), approved (all hold), or stale (the text changed since an approval)."""
        verdict, _, _ = self.verdict(case)
        if verdict.stale:
            return "stale", verdict
        return ("approved" if verdict.valid else "draft"), verdict

    def approve(self, response: Path, name: str, title: str, date: dt.date, key: Path | None) -> Path:
        """Records an approval of the response's current text; nothing is written if it does not build."""
        case = self.case(response)
        self.check_pdf_text(response, self.document(response, fail_on_stale=False))
        document, content = self.content(case)
        verdict, _, _ = self.verdict(case)
        if any(a.name == name and a.content == content for a in verdict.valid):
            raise SourceError.at(Position(response), f"{name} has already approved this text", "nothing was recorded")
        signature = None
        if key is not None:
            signature = sign(key, signed_message(content, name, title, date))
            problem = verify(self.layout.approvals / ALLOWED_SIGNERS, Approval(name, title, date, content, signature))
            if problem:
                raise SourceError.at(Position(key), f"the signature {problem}",
                                     f"add the key's public half for \"{name}\" to {self.layout.approvals / ALLOWED_SIGNERS}")
        elif case.organisation.require_signed_approvals:
            raise SourceError.at(Position(response), f"{case.organisation.forvaltning} requires signed approvals",
                                 "approve with --sign ~/.ssh/id_ed25519 (your private SSH key)")
        approval = Approval(name, title, date, content, signature)
        return record(self.layout.approvals, response, approval, render_text(document))

    def document(self, response: Path, draft: bool = False, fail_on_stale: bool = True) -> Document:
        """The document of one response as it is built.

        It is final (no marking, with its approval table) when it has approvals and all of them
        hold for the current text. Without approvals, or with `draft`, it is marked UTKAST. A
        stale approval is an error naming who must approve again, unless `draft` or not
        `fail_on_stale`, when the document is built as a draft without it.
        """
        case = self.case(response)
        verdict, plain, _ = self.verdict(case)
        verdict.problems.raise_if_any()
        if verdict.stale and fail_on_stale and not draft:
            current = render_text(plain)
            raise SourceError([
                Problem(
                    Position(response),
                    f"the text has changed since {record.name} ({record.title}) approved it on {record.date}: "
                    f"{record.name} must approve again",
                    "what changed:\n" + what_changed(self.layout.approvals, record, current)
                    + f"\n    to build it anyway as a draft: utlatande build --draft {response}",
                )
                for record in verdict.stale
            ])
        final = bool(verdict.valid) and not verdict.stale and not draft
        return assemble(case, self.templates, approvals=tuple(verdict.valid), draft=not final)

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


    def dependencies(self, response: Path) -> list[Path]:
        """Every file whose change can change this response's documents, for make's -MD style rules."""
        case = self.case(response)
        fragments = sorted({case.fragments[p.id].path for p in case.response.parts() if isinstance(p, FragmentRef)})
        templates = sorted(p for p in self.layout.templates.rglob("*") if p.is_file())
        approvals = [approvals_file(self.layout.approvals, response), self.layout.approvals / ALLOWED_SIGNERS]
        return [response, case.skrivelse.path, case.organisation.path, *fragments, *templates,
                *(p for p in approvals if p.is_file())]


def write_dependencies(session: Session, response: Path, outputs: list[Path], out: Path) -> Path:
    """out/<name>.d: the outputs depend on these files; each file also gets an empty rule (like -MP)."""
    def name(path: Path) -> str:
        return path.as_posix().replace(" ", "\\ ")

    inputs = session.dependencies(response)
    lines = [f"{' '.join(name(o) for o in outputs)}: {' '.join(name(i) for i in inputs)}", ""]
    lines += [f"{name(i)}:" for i in inputs[1:]]
    path = out / f"{response.stem}.d"
    write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


def build(session: Session, responses: Iterable[Path], out: Path, formats: list[str],
          progress: Callable[[Path], None] = lambda _: None, draft: bool = False, deps: bool = False) -> BuildReport:
    """Builds each response into `out`; a response with problems is reported and not written."""
    report = BuildReport()
    for response in responses:
        try:
            document = session.document(response, draft=draft)
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
            if deps:
                write_dependencies(session, response, [path for path, _ in rendered], out)
        progress(response)
    return report


def check(root: Path) -> Problems:
    """Every problem in the project (profiles, fragments, skrivelser, responses, approvals) and the warnings."""
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
    if session is None:
        return problems
    readable = True
    diary: dict[str, Path] = {}
    for path in all_responses(layout):
        try:
            case = load_case(path, session.library)
        except SourceError as exc:
            problems.extend(exc)
            readable = False
            continue
        case_problems = check_case(case)
        problems.items.extend(case_problems.items)
        if case_problems.errors:
            continue
        _check_unique_dnr(case, diary, problems)
        try:
            verdict, _, _ = session.verdict(case)
            _check_approval_dates(case, verdict.valid + verdict.stale, problems)
            session.check_pdf_text(path, session.document(path))
        except SourceError as exc:
            problems.extend(exc)
    cases = load_cases(session.library, Problems())
    problems.items.extend(library_warnings(session.library, cases, all_loaded=readable).items)
    return problems


def _check_unique_dnr(case: Case, diary: dict[str, Path], problems: Problems) -> None:
    dnr = case.response.dnr
    if dnr is None:
        return
    other = diary.setdefault(dnr.value, case.response.path)
    if other != case.response.path:
        problems.add(dnr.at, f"the dnr {dnr.value} is also used by {other}",
                     "one diary number belongs to one response: check both with the registrar")


def _check_approval_dates(case: Case, approvals: list, problems: Problems) -> None:
    fg = case.response.beredning.forvaltningsgrupp
    for approval in approvals:
        if fg and approval.date > fg:
            problems.warn(approval.at, f"{approval.name} approved on {approval.date}, after the förvaltningsgrupp "
                          f"treated the case ({fg})", "approvals normally come before the förvaltningsgrupp")


def all_responses(layout: Layout) -> list[Path]:
    return yaml_files(layout.responses)
