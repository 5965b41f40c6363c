"""Commands that make or read documents: build, check, text, redline."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import click

from generator.cli.group import cli
from generator.cli.options import (
    common,
    date_option,
    open_project,
    output,
    project_root,
)
from generator.cli.run import INTERNAL_ERROR, internal_errors, report
from generator.commands.outputs import ALL_FORMATS, FORMATS
from generator.errors import Position, SourceError
from generator.i18n import t
from generator.render.reference import REFERENCE_DOCX
from generator.shown import shown_lines

#: Show a progress bar from this many responses on.
PROGRESS_FROM = 5


@cli.command(help=t("Build RESPONSES (all of responses/ when none are named) into --out.\n\n"
                    "A response with problems is reported and not written; the others are still built. Each file "
                    "is written whole or not at all, and the sources are never changed. A response whose text "
                    "changed after it was approved is refused until it is approved again (or --draft)."))
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              help=t("Folder to write the documents to (not one of the source folders). Default: the project's build/."))
@click.option("--format", "-f", "formats", type=click.Choice([*sorted(FORMATS), "all"]), multiple=True,
              help=t("Output format; repeat for several. 'all' (the default) is docx, pdf and html."))
@click.option("--draft", is_flag=True, help=t("Build as drafts (marked UTKAST), leaving out approvals that no longer hold."))
@click.option("--changed", is_flag=True,
              help=t("Only responses whose sources, templates or approvals changed since their documents were "
                     "built (what make runs)."))
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help=t("Build with N worker processes. Default: one per processor."))
@common
def build(responses: tuple[Path, ...], out: Path | None, formats: tuple[str, ...], draft: bool, changed: bool,
          jobs: int | None) -> None:
    from generator.commands import incremental, parallel
    from generator.commands.outputs import output_folder_problem
    from generator.output import remove_abandoned_folders, remove_leftovers
    from generator.sources.layout import Layout, yaml_files

    say = output()
    root = project_root()
    out = out or root / "build"
    refused = output_folder_problem(out, root)
    if refused:
        raise SourceError.at(Position(out), refused, t("use the default, --out build, or a folder outside the sources"))
    layout = Layout(root)
    paths = list(responses) or yaml_files(layout.responses)
    if not paths:
        say.info(t("No responses to build in {folder}/.", folder=layout.responses))
        return
    remove_leftovers(out)
    remove_abandoned_folders()
    chosen = sorted({name for f in (formats or ("all",)) for name in (ALL_FORMATS if f == "all" else [f])})
    options = {"formats": chosen, "draft": draft}
    workers = jobs or parallel.default_jobs()

    digests: dict[str, str | None] = {}
    dnrs: dict[Path, str | None] = {}
    current = {p for p in paths if changed and incremental.up_to_date(p, out, root, options, digests, dnrs)}
    if current and len(current) == len(set(paths)):
        # Decided from the records alone: the project is not even loaded (what most `make` runs are).
        say.info(t("Nothing to build: the documents in {folder}/ are up to date.", folder=out))
        if say.machine:  # a CI report says "nothing" too: []
            report([])
        return
    from generator.commands import build as building

    session = open_project()
    session.known_dnrs = dnrs

    def skip(response: Path) -> bool:
        if response in current:
            return True
        incremental.forget(response, out, root)
        return False

    def built(response: Path, outcome: building.Outcome) -> None:
        incremental.remember(response, outcome.sources, outcome.written, out, root, options, outcome.dnr)

    if len(paths) >= PROGRESS_FROM and not say.quiet and not say.machine:
        with click.progressbar(length=len(paths), label=t("Building"), file=sys.stderr) as bar:
            result = building.build(session, paths, out, chosen, progress=lambda _: bar.update(1), draft=draft,
                                    skip=skip, built=built, jobs=workers)
    else:
        result = building.build(session, paths, out, chosen, draft=draft, skip=skip, built=built, jobs=workers)
    for path in result.written:
        say.info(t("wrote {path}", path=path))
    if changed and not result.written and not result.problems.errors:
        say.info(t("Nothing to build: the documents in {folder}/ are up to date.", folder=out))
    internal_errors(result.internal)
    if result.problems or say.machine:
        report(result.problems.items)
    if result.internal:
        sys.exit(INTERNAL_ERROR)
    if result.problems.errors:
        sys.exit(1)


@cli.command(help=t("Validate every response, skrivelse, fragment and profile without building anything."))
@click.option("--strict", is_flag=True, help=t("Fail (exit status 1) on warnings too."))
@common
def check(strict: bool) -> None:
    from generator.commands import check as checking

    say = output()
    problems = checking.check(project_root())
    failed = bool(problems.errors or (strict and problems.warnings))
    if problems.items or say.machine:  # JSON and the others say "nothing" too: []
        report(problems.items)
    if failed:
        sys.exit(1)
    if not say.machine:
        say.info(t("All sources are valid (see the warnings above).") if problems.warnings else t("All sources are valid."))


@cli.command(help=t("Print the text of a response (.yaml), or of a Word (.docx), PDF (.pdf) or HTML (.html) file.\n\n"
                    "A response prints the text of the document it builds (a draft if its approvals no longer "
                    "hold). Used by 'make git-setup' as git's textconv driver, so 'git diff' shows documents' text."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--textconv", is_flag=True,
              help=t("For git's diff driver: never fail; print the file itself with a note when it cannot be read."))
@common
def text(file: Path, textconv: bool) -> None:
    try:
        # A Word, PDF or HTML file from anywhere may hold escape sequences: its text is shown safely.
        click.echo(shown_lines(_text_of(file, textconv)), nl=False)
    except (SourceError, click.UsageError) as exc:
        if not textconv:
            raise
        reason = str(exc.problems[0]).splitlines()[0] if isinstance(exc, SourceError) else exc.format_message()
        click.echo("[" + t("utlatande could not build this file's text: {reason}", reason=reason) + "]")
        click.echo(shown_lines(file.read_text(encoding="utf-8", errors="replace")) if file.suffix == ".yaml" else "", nl=False)


def _text_of(file: Path, textconv: bool) -> str:
    suffix = file.suffix.lower()
    if suffix in (".docx", ".pdf"):  # any Word or PDF file, in a project or not
        from generator.readback.docx import docx_text
        from generator.readback.pdf import pdf_text

        return docx_text(file) if suffix == ".docx" else pdf_text(file)
    if suffix == ".html":
        from generator.readback.html import html_text

        try:
            return html_text(file.read_bytes())
        except OSError as exc:
            raise SourceError.at(Position(file), t("cannot read this file: {error}", error=exc.strerror)) from None
    from generator.commands.textconv import inside_project
    from generator.model.text import document_text

    if not textconv:
        return document_text(open_project().document(file, fail_on_stale=False))
    # For a diff, each version is shown as the text that is approved (no marking, no approval
    # table): what changed in it, whoever approved what.
    with inside_project(file, project_root()) as response:
        session = open_project(across_responses=response == file)
        return document_text(session.content(session.case(response)))


@cli.command(help=t("Write a Word file showing the changes from OLD to NEW as tracked changes.\n\n"
                    "OLD and NEW are response files or REV:path, e.g. HEAD~1:responses/x.yaml; a revision is built "
                    "from the sources as they were at that revision. Accept or reject the changes in Word."))
@click.argument("old")
@click.argument("new")
@click.option("--out", "-o", type=click.Path(path_type=Path), required=True, help=t("The Word file to write."))
@click.option("--author", help=t("Name on the tracked changes. Default: git's user.name, else 'utlatande'."))
@click.option("--date", "when", metavar="YYYY-MM-DD", help=t("Date on the tracked changes. Default: NEW's date."))
@common
def redline(old: str, new: str, out: Path, author: str | None, when: str | None) -> None:
    from generator.commands.outputs import output_folder_problem
    from generator.commands.session import Session
    from generator.output import write_atomically
    from generator.review import revisions
    from generator.review.redline import render_redline
    from generator.sources.layout import Layout

    root = project_root()
    day = date_option(when, "--date")
    refused = output_folder_problem(out.parent, root)
    if refused:
        raise SourceError.at(Position(out), refused, t("write the redline to build/ or another folder outside the sources"))
    documents = []
    for spec in (old, new):
        with revisions.locate(spec, root) as located:
            session = Session.open(located.root)
            # Marked UTKAST: a redline is a proposal, never to be taken for the final text.
            documents.append(session.document(located.response, draft=True))
    moment = dt.datetime.combine(day or documents[1].meta.date, dt.time(), tzinfo=dt.UTC)
    data = render_redline(documents[0], documents[1], Layout(root).templates / REFERENCE_DOCX,
                          author or _git_user(root) or "utlatande", moment)
    write_atomically(out, data)
    output().info(t("wrote {path}", path=out))


def _git_user(root: Path) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), "config", "user.name"], capture_output=True, text=True,
                                env={**os.environ, "LANGUAGE": "C"})
    except FileNotFoundError:
        return None
    return result.stdout.strip() or None
