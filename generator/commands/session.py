"""The work behind the commands: open a project, turn responses into documents, check it all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator import settings
from generator.checks import rules
from generator.checks.case import check_case
from generator.checks.diary import check_unique, diary
from generator.checks.library import uses_inside_fragments
from generator.commands.outputs import ALL_FORMATS, FORMATS
from generator.errors import Position, Problem, Problems, SourceError
from generator.i18n import N_, t, tn
from generator.model.data import VERSION as DOCUMENT_VERSION
from generator.model.data import canonical_json
from generator.model.document import Document
from generator.model.text import document_text
from generator.render.fonts import FONTS, faces, missing, unshowable
from generator.review.approvals import (
    ALLOWED_SIGNERS,
    Binding,
    Stale,
    Verdict,
    approvals_file,
    changed_layout,
    date_problems,
    judge,
    migrate,
    read_approvals,
    record,
    sign,
    signed_message,
    text_digest,
    verify,
)
from generator.review.changes import what_changed
from generator.review.fingerprint import (
    content_fingerprint,
    content_fingerprints,
    layout_fingerprints,
    shapes,
    unlike_shipped,
)
from generator.shown import shown
from generator.sources.boundary import recorded_name, relative_to_project, require_inside
from generator.sources.formats import approver_problem
from generator.sources.layout import Layout, yaml_files
from generator.sources.load import read_text
from generator.sources.project import (
    Case,
    Library,
    load_case,
    load_library,
)
from generator.sources.records import Approval, FragmentRef, Response

if TYPE_CHECKING:
    from generator.assemble.templates import Templates
    from generator.review.published import Suspects


class StaleApproval(SourceError):
    """A final document was asked for, but an approval no longer holds for the document."""


@dataclass(frozen=True)
class Built:
    """A response's document as it is built, and whether it is final (approved, unmarked)."""

    document: Document
    final: bool
    notices: tuple[Problem, ...] = ()
    #: Why approvals no longer hold (as warnings), when they made it a draft (fail_on_stale False).
    stale: tuple[Problem, ...] = ()


@dataclass
class Session:
    """A project opened for one command: its layout, shared sources and templates."""

    layout: Layout
    library: Library
    _templates: Templates | None = None
    _diary: dict[str, list[Path]] | None = None
    #: False for a version of a response read on its own (git's older version for a text diff):
    #: it is not one more response of the project, so the dnr rule across responses does not apply.
    across_responses: bool = True
    #: The dnr of responses whose file is as their build record says (incremental.up_to_date):
    #: the diary takes them from there instead of reading every response again.
    known_dnrs: dict[Path, str | None] = field(default_factory=dict)
    # A session lasts one command: what it has read and assembled is kept for that command.
    _loaded: dict[Path, tuple[Case | None, Problems]] = field(default_factory=dict)
    _contents: dict[Path, Document] = field(default_factory=dict)
    _layouts: dict[Path, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, across_responses: bool = True) -> Session:
        """The project in `root`, with the levels its settings file gives the rules (in this
        process, and in a worker that opens it too)."""
        settings.apply(settings.load(root))
        layout = Layout(root)
        _refuse_links_out(layout)
        return cls(layout, load_library(layout), across_responses=across_responses)

    @property
    def templates(self) -> Templates:
        """The project's templates, loaded when a document is first assembled: Jinja2 is not
        loaded by the commands that assemble nothing (list, fragments, where-used)."""
        if self._templates is None:
            from generator.assemble.templates import Templates

            self._templates = Templates(self.layout.templates)
        return self._templates

    def diary(self) -> dict[str, list[Path]]:
        """The dnr of every response of the project (read once per session)."""
        if self._diary is None:
            self._diary = diary(self.layout, self.known_dnrs)
        return self._diary

    def problems(self, response: Path) -> tuple[Case | None, Problems]:
        """A response and its sources, with every problem: its file's, its references' and the
        rules across files (checks/), errors and warnings."""
        key = require_inside(response, self.layout.root)
        if key not in self._loaded:
            loaded = load_case(response, self.library)
            problems = loaded.problems
            if loaded.case is not None:
                problems.items.extend(check_case(loaded.case).items)
                used = {part.id for part in loaded.case.response.parts() if isinstance(part, FragmentRef)}
                fragments = loaded.case.fragments
                problems.items.extend(uses_inside_fragments(fragments[f] for f in sorted(used) if f in fragments).items)
            if loaded.case is not None and self.across_responses:
                problems.items.extend(check_unique(loaded.case.response, self.diary(), self.layout.root).items)
            self._loaded[key] = (loaded.case, problems)
        case, problems = self._loaded[key]
        copy = Problems()
        copy.items = list(problems.items)
        return case, copy

    def release(self, response: Path) -> None:
        """Forgets what was read and assembled for `response`: a batch keeps only the document
        it is building, so its memory does not grow with the number of responses."""
        key = response.resolve()
        self._loaded.pop(key, None)
        self._contents.pop(key, None)

    def case(self, response: Path) -> Case:
        """A response and its sources, after every check passes (warnings aside)."""
        case, problems = self.problems(response)
        problems.raise_if_any()
        assert case is not None
        return case

    def content(self, case: Case) -> Document:
        """The document as a reader sees it, without approval table or marking: what is approved."""
        from generator.assemble.compose import assemble  # Jinja2: loaded by the commands that assemble

        key = case.response.path.resolve()
        if key not in self._contents:
            self._contents[key] = assemble(case, self.templates, approvals=(), draft=False)
        return self._contents[key]

    def binding(self, case: Case, content: Document) -> Binding:
        """What an approval of this document, as it is now, is bound to."""
        organisation = case.organisation.path
        if organisation not in self._layouts:
            self._layouts[organisation] = layout_fingerprints(self.layout.root, self.layout.templates, *case.organisation.files)
        layout = self._layouts[organisation]
        return Binding(content_fingerprint(content), layout, document_text(content), content_fingerprints(content),
                       canonical_json(content))

    def verdict(self, case: Case) -> tuple[Verdict, Document, Binding]:
        content = self.content(case)
        binding = self.binding(case, content)
        path = case.response.path
        records = read_approvals(approvals_file(self.layout.approvals, path), self.layout.root, path)
        verdict = judge(records, binding, self.layout.approvals, self.layout.root, case.organisation)
        return verdict, content, binding

    def status(self, case: Case) -> tuple[str, Verdict]:
        """draft (no approvals), approved (all hold), stale (the document changed since an
        approval), or unregistered (all hold, but a final document needs its dnr); labelled by
        STATUS_LABELS."""
        if not approvals_file(self.layout.approvals, case.response.path).exists():
            return "draft", Verdict()  # nothing to compare: the document need not be assembled
        verdict, _, _ = self.verdict(case)
        if verdict.stale:
            return "stale", verdict
        if not (verdict.valid or verdict.legacy):
            return "draft", verdict
        return ("unregistered" if self.registration(case).errors else "approved"), verdict

    def approve(self, response: Path, name: str, title: str, date: dt.date, key: Path | None,
                today: dt.date) -> Path:
        """Records an approval of the response's current document; nothing is written if it does not build."""
        self._check_approver(name, title, date, today)
        recorded_name(response, self.layout.root)  # the approvals file names the response
        case = self.case(response)
        self.registration(case).raise_if_any()
        meeting = case.response.meeting
        if meeting and date > meeting:
            raise SourceError.at(Position(Path("--date")),
                                 t("{date} is after the nämnd's meeting ({meeting})", date=date, meeting=meeting),
                                 t("an approval comes before the meeting: give the day it was approved with --date YYYY-MM-DD"))
        self.check_pdf_text(response, self.document(response, fail_on_stale=False))
        verdict, _, binding = self.verdict(case)
        verdict.problems.raise_if_any()
        signature = None
        approval = Approval(name, title, date, binding.content, DOCUMENT_VERSION, tuple(sorted(binding.layout.items())),
                            text=text_digest(binding.text))
        if key is not None:
            signature = sign(key, signed_message(approval))
            approval = replace(approval, signature=signature)
            problem = verify(self.layout.approvals / ALLOWED_SIGNERS, approval)
            if problem:
                raise SourceError.at(Position(key), t("the signature {reason}", reason=problem),
                                     t("add the key's public half for \"{name}\" to {file}", name=name,
                                       file=self.layout.approvals / ALLOWED_SIGNERS))
        elif case.organisation.require_signed_approvals:
            raise SourceError.at(Position(response),
                                 t("{forvaltning} requires signed approvals", forvaltning=case.organisation.forvaltning),
                                 t("approve with --sign ~/.ssh/id_ed25519 (your private SSH key)"))

        self._check_final(case, response, [*verdict.valid, *verdict.legacy, approval])

        def refuse_repeated(existing: list[Approval]) -> None:
            mine = [a for a in existing if a.name == name]
            if mine and mine[-1].content == approval.content and mine[-1].layout == approval.layout:
                raise SourceError.at(Position(response), t("{name} has already approved this document", name=name),
                                     t("nothing was recorded"))

        return record(self.layout.approvals, response, self.layout.root, approval, binding, refuse_repeated)

    def migrate_approvals(self, response: Path) -> tuple[int, list[Approval]]:
        """Binds the response's approvals of earlier formats to today's fingerprints (see approvals.migrate)."""
        case = self.case(response)
        _, _, binding = self.verdict(case)
        return migrate(self.layout.approvals, response, self.layout.root, binding)

    def _check_final(self, case: Case, response: Path, approvals: list[Approval]) -> None:
        """The final documents these approvals would give must pass the final check, or nothing
        is recorded: an approval that no build could ever publish is refused now."""
        from generator.assemble.compose import assemble
        from generator.review.published import (
            check_published,  # reads PDFs: loaded only when approving
        )

        final = assemble(case, self.templates, approvals=tuple(approvals), draft=False)
        rendered = {name: FORMATS[name].render(final, self.layout, response) for name in ALL_FORMATS}
        check_published(final, rendered, response, self.suspects(case))

    def suspects(self, case: Case) -> Suspects:
        """The layout files that could explain a built file not showing the document's text, by
        format: those changed since the response's last approval; before any, those that differ
        from the templates utlatande ships. None: a difference is a bug in utlatande."""
        from generator.review.published import Suspects  # the readers of built files: loaded when reading

        _, _, binding = self.verdict(case)
        path = case.response.path
        recorded = [r for r in read_approvals(approvals_file(self.layout.approvals, path), self.layout.root, path) if r.layout]
        if recorded:
            changed = changed_layout(dict(recorded[-1].layout), binding.layout)
        else:
            changed = unlike_shipped(self.layout.root, binding.layout)
        return Suspects(tuple(file for file in changed if shapes(file, "docx")),
                        tuple(file for file in changed if shapes(file, "pdf")), since_approval=bool(recorded))

    def _check_approver(self, name: str, title: str, date: dt.date, today: dt.date) -> None:
        """What is recorded must build: text a document can hold and the fonts can show, a real date."""
        problems = Problems()
        fonts = self.layout.templates / FONTS
        for option, value, other_letters in (
            ("--name", name, N_("no font in {fonts} has it: write the name with other letters")),
            ("--title", title, N_("no font in {fonts} has it: write the title with other letters")),
        ):
            problem = approver_problem(value, option[2:])
            if problem:
                problems.add(Position(Path(option)), problem, t("write it on one line, with letters the document can show"))
                continue
            for char in missing(value, faces(fonts)):
                problems.add(Position(Path(option)),
                             t("the character '{char}' (U+{code}) cannot be shown in the PDF", char=char,
                               code=f"{ord(char):04X}"),
                             t(other_letters, fonts=fonts))
        if date > today + dt.timedelta(days=1):
            problems.add(Position(Path("--date")), t("{date} is in the future", date=date),
                         t("an approval records what has happened: give the day it was given"))
        problems.raise_if_any()

    def document(self, response: Path, draft: bool = False, fail_on_stale: bool = True) -> Document:
        """The document of one response as it is built (see `built`)."""
        return self.built(response, draft, fail_on_stale).document

    def built(self, response: Path, draft: bool = False, fail_on_stale: bool = True) -> Built:
        """The document of one response as it is built.

        It is final (no marking, with its approval table) when it has approvals and all of them
        hold for the current document. Without approvals, or with `draft`, it is marked UTKAST.
        A stale approval is an error naming who must approve again (StaleApproval), unless
        `draft`, when the document is built as a draft without it; or not `fail_on_stale`, when
        it is built as a draft too and `stale` says why, so that nothing is built twice for it.
        """
        from generator.assemble.compose import assemble, marked_draft

        case = self.case(response)
        if not approvals_file(self.layout.approvals, response).exists():
            # Never approved: a draft, and there is nothing to compare it with.
            return Built(marked_draft(self.content(case), self.templates), False)
        verdict, content, _ = self.verdict(case)
        recorded = verdict.valid + verdict.legacy + [stale.approval for stale in verdict.stale]
        verdict.problems.items.extend(date_problems(case.response, recorded).items)
        verdict.problems.raise_if_any()
        no_longer = [] if draft else [self._stale_problem(response, stale, content) for stale in verdict.stale]
        if no_longer and fail_on_stale:
            raise StaleApproval(no_longer)
        approvals = tuple(verdict.valid + verdict.legacy)
        final = bool(approvals) and not verdict.stale and not draft
        registration = self.registration(case) if final else Problems()
        registration.raise_if_any()
        if final:
            document = assemble(case, self.templates, approvals=approvals, draft=False)
        else:
            document = marked_draft(content, self.templates)
        legacy = [
            # Each approval read from its file knows its place there.
            Problem(a.at or Position(approvals_file(self.layout.approvals, response)),
                    t("the approval by {name} was recorded by an earlier version of utlatande: it covers the text, but "
                      "not yet the templates, fonts and profile", name=a.name),
                    t("bind it to them with: utlatande approvals migrate"), warning=True)
            for a in verdict.legacy
        ] if final else []
        return Built(document, final, (*verdict.problems.warnings, *registration.warnings, *legacy),
                     tuple(replace(problem, warning=True) for problem in no_longer))

    def registration(self, case: Case) -> Problems:
        """A final document needs its dnr: a tjänsteutlåtande that goes to a nämnd is registered
        (diariefört) before it is approved and published; a draft shows "[ej diariefört]"."""
        problems = Problems()
        response, organisation = case.response, case.organisation
        if response.dnr is None:
            year = response.date.year if response.date else "ÅÅÅÅ"
            hint = (t("write the dnr the registrar gave it, e.g. 'dnr: {prefix} {year}/123'; until then build it as a "
                      "draft: utlatande build --draft {response}", prefix=organisation.dnr_prefix, year=year,
                      response=relative_to_project(response.path, self.layout.root))
                    if organisation.dnr_prefix else
                    t("write the dnr the registrar gave it as 'dnr: PREFIX {year}/NUMBER', and the prefix as "
                      "'dnr_prefix' in {profile}", year=year, profile=relative_to_project(organisation.path, self.layout.root)))
            problems.report(rules.DNR_MISSING, response.at,
                            t("the response has no dnr: a final tjänsteutlåtande is registered before it is approved"), hint)
        return problems

    def _stale_problem(self, response: Path, stale: Stale, content: Document) -> Problem:
        approval = stale.approval
        draft_hint = t("to build it anyway as a draft: utlatande build --draft {response}", response=response)
        if not stale.content:
            return Problem(
                Position(response),
                tn("{files} has changed since {name} ({title}) approved the document on {date}: {name} must approve again",
                   "{files} have changed since {name} ({title}) approved the document on {date}: {name} must approve again",
                   len(stale.changed_files), files=", ".join(map(shown, stale.changed_files)), name=approval.name,
                   title=approval.title, date=approval.date),
                t("the templates, fonts and organisation profile decide what the document looks like, so they are part of "
                  "what was approved") + "\n    " + draft_hint,
            )
        return Problem(
            Position(response),
            t("the text has changed since {name} ({title}) approved it on {date}: {name} must approve again",
              name=approval.name, title=approval.title, date=approval.date),
            t("what changed:") + "\n"
            + what_changed(self.layout.approvals, self.layout.root, approval, content, stale.changed_files)
            + "\n    " + draft_hint,
        )

    def check_pdf_text(self, response: Path, document: Document) -> None:
        """Every character must be in a shipped font: PDF/A embeds each glyph it shows."""
        problems = [
            Problem(
                self._locate(response, found.char),
                t("the character '{char}' (U+{code}) in '{part}' cannot be shown in the PDF", char=found.char,
                  code=f"{ord(found.char):04X}", part=found.part),
                t("no font in {fonts} has it: replace the character, or add a font that has it",
                  fonts=self.layout.templates / FONTS),
            )
            for found in unshowable(document, self.layout.templates)
        ]
        if problems:
            raise SourceError(problems)

    def _locate(self, response: Path, char: str) -> Position:
        """The first place `char` is written: in the response, else in the shared sources."""
        shared = [self.layout.questions, self.layout.fragments, self.layout.organisations]
        for path in [response, *(p for folder in shared for p in yaml_files(folder))]:
            try:
                text = read_text(path, self.layout.root)
            except SourceError:
                continue
            index = text.find(char)
            if index >= 0:
                line = text.count("\n", 0, index) + 1
                return Position(path, line, index - (text.rfind("\n", 0, index) + 1) + 1)
        return Position(response)


#: How each status of `Session.status` is shown in the registers (translate with t()).
STATUS_LABELS = {"draft": N_("draft"), "approved": N_("approved"), "stale": N_("stale"), "unregistered": N_("not registered")}


def dnr_label(response: Response) -> str:
    """A response's dnr as every register shows it, or that it is not registered yet."""
    return str(response.dnr) if response.dnr else t("(not registered)")


#: The folders every response draws on: a file in them that leads out of the project stops every build.
SHARED_FOLDERS = ("fragments", "organisations", "programmes", "templates")


def _refuse_links_out(layout: Layout) -> None:
    """Every file in the shared folders must lie inside the project, links followed (the files
    of responses/, questions/ and approvals/ are checked as each is read)."""
    problems = Problems()
    for name in SHARED_FOLDERS:
        folder = layout.root / name
        if not folder.exists():
            continue
        try:
            require_inside(folder, layout.root)
        except SourceError as exc:
            problems.extend(exc)
            continue
        for path in sorted(folder.rglob("*")):
            try:
                require_inside(path, layout.root)
            except SourceError as exc:
                problems.extend(exc)
    problems.raise_if_any()


def all_responses(layout: Layout) -> list[Path]:
    return yaml_files(layout.responses)
