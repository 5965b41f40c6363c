"""The `utlatande` command line: parses arguments and calls the library; nothing else."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from generator.commands.session import Session

from generator.commands.outputs import ALL_FORMATS, FORMATS, REFERENCE_DOCX
from generator.errors import (
    Position,
    Problem,
    Problems,
    SourceError,
    Terminated,
    nearest,
)

# Each command imports what it needs when it runs: `--help` and the light commands (check, list,
# text of a response) never pay for loading python-docx, pypdf or Typst.

#: Show a progress bar from this many responses on.
PROGRESS_FROM = 5


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _report(problems: list[Problem]) -> None:
    problems = list(dict.fromkeys(problems))  # the same problem met by several responses is said once
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    summary = [_plural(errors, "problem")] if errors else []
    summary += [_plural(warnings, "warning")] if warnings else []
    click.echo(" and ".join(summary) + " found.", err=True)


def _fail(problems: list[Problem]) -> None:
    _report(problems)
    sys.exit(1)


def _project_folder(_context: click.Context, _parameter: click.Parameter, root: Path) -> Path:
    if not root.is_dir():
        raise SourceError.at(Position(root), "there is no such folder" if not root.exists() else "this is not a folder",
                             "give the project folder (the one with responses/ and templates/) with --root")
    return root


root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
    callback=_project_folder,
    help="The project folder (with responses/, questions/, fragments/, organisations/, templates/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="utlatande")
def cli() -> None:
    """Build Swedish tjänsteutlåtanden (Word and PDF/A) from YAML and Markdown.

    Typical use: `utlatande check`, then `utlatande build`. Paths inside the YAML files are
    relative to the project folder (--root, the current folder by default).
    """


@cli.command()
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder to write the documents to (not one of the source folders).")
@click.option("--format", "-f", "formats", type=click.Choice([*sorted(FORMATS), "all"]), multiple=True,
              help="Output format; repeat for several. 'all' (the default) is docx and pdf.")
@click.option("--draft", is_flag=True, help="Build as drafts (marked UTKAST), leaving out approvals that no longer hold.")
@click.option("--changed", is_flag=True,
              help="Only responses whose sources, templates or approvals changed since their documents were built (what make runs).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Build with N worker processes. Default: one per processor.")
@root_option
def build(responses: tuple[Path, ...], out: Path, formats: tuple[str, ...], draft: bool, changed: bool,
          jobs: int | None, root: Path) -> None:
    """Build RESPONSES (all of responses/ when none are named) into --out.

    A response with problems is reported and not written; the others are still built. Each
    file is written whole or not at all, and the sources are never changed. A response whose
    text changed after it was approved is refused until it is approved again (or --draft).
    """
    from generator.commands import incremental, parallel
    from generator.commands.outputs import output_folder_problem
    from generator.output import remove_leftovers
    from generator.sources.layout import Layout, yaml_files

    refused = output_folder_problem(out, root)
    if refused:
        raise SourceError.at(Position(out), refused, "use the default, --out build, or a folder outside the sources")
    layout = Layout(root)
    paths = list(responses) or yaml_files(layout.responses)
    if not paths:
        click.echo(f"No responses to build in {layout.responses}/.", err=True)
        return
    remove_leftovers(out)
    chosen = sorted({name for f in (formats or ("all",)) for name in (ALL_FORMATS if f == "all" else [f])})
    options = {"formats": chosen, "draft": draft}
    workers = jobs or parallel.default_jobs()

    digests: dict[str, str | None] = {}
    current = {p for p in paths if changed and incremental.up_to_date(p, out, root, options, digests)}
    if current and len(current) == len(set(paths)):
        # Decided from the records alone: the project is not even loaded (what most `make` runs are).
        click.echo(f"Nothing to build: the documents in {out}/ are up to date.")
        return
    from generator.commands import build as building

    session = _open(root)

    def skip(response: Path) -> bool:
        if response in current:
            return True
        incremental.forget(response, out, root)
        return False

    def built(response: Path, outputs: list[Path], sources: list[Path]) -> None:
        incremental.remember(response, sources, outputs, out, root, options)

    if len(paths) >= PROGRESS_FROM:
        with click.progressbar(length=len(paths), label="Building", file=sys.stderr) as bar:
            report = building.build(session, paths, out, chosen, progress=lambda _: bar.update(1), draft=draft,
                                   skip=skip, built=built, jobs=workers)
    else:
        report = building.build(session, paths, out, chosen, draft=draft, skip=skip, built=built, jobs=workers)
    for path in report.written:
        click.echo(f"wrote {path}")
    for response, exc in report.internal:
        if os.environ.get("UTLATANDE_DEBUG"):
            raise exc
        click.echo(f"{response}: internal error (a bug in utlatande, not in your files): {type(exc).__name__}: {exc}",
                   err=True)
    if changed and not report.written and not report.problems.errors:
        click.echo(f"Nothing to build: the documents in {out}/ are up to date.")
    if report.problems:
        _report(report.problems.items)
    if report.internal:
        click.echo("Run again with UTLATANDE_DEBUG=1 to see where it happened, and report it.", err=True)
        sys.exit(2)
    if report.problems.errors:
        sys.exit(1)


@cli.command()
@root_option
def check(root: Path) -> None:
    """Validate every response, skrivelse, fragment and profile without building anything."""
    from generator.commands import check as checking

    problems = checking.check(root)
    if problems.errors:
        _fail(problems.items)
    if problems.warnings:
        _report(problems.items)
        click.echo("All sources are valid (see the warnings above).")
        return
    click.echo("All sources are valid.")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--textconv", is_flag=True,
              help="For git's diff driver: never fail; print the file itself with a note when it cannot be read.")
@root_option
def text(file: Path, textconv: bool, root: Path) -> None:
    """Print the text of a response (.yaml), or of a Word (.docx) or PDF (.pdf) file.

    A response prints the text of the document it builds (a draft if its approvals no longer
    hold). Used by `make git-setup` as git's textconv driver, so `git diff` shows documents' text.
    """
    try:
        click.echo(_text_of(file, root, textconv), nl=False)
    except SourceError as exc:
        if not textconv:
            raise
        click.echo("[utlatande could not build this file's text: " + str(exc.problems[0]).splitlines()[0] + "]")
        click.echo(file.read_text(encoding="utf-8", errors="replace") if file.suffix == ".yaml" else "", nl=False)


def _text_of(file: Path, root: Path, textconv: bool) -> str:
    from generator.render.text import render_text
    from generator.render.textread import docx_text, pdf_text

    suffix = file.suffix.lower()
    if suffix == ".docx":
        return docx_text(file)
    if suffix == ".pdf":
        return pdf_text(file)
    from generator.commands.textconv import inside_project

    if not textconv:
        return render_text(_open(root).document(file, fail_on_stale=False))
    # For a diff, each version is shown as the text that is approved (no marking, no approval
    # table): what changed in it, whoever approved what.
    with inside_project(file, root) as response:
        session = _open(root, across_responses=response == file)
        return render_text(session.content(session.case(response)))


@cli.command()
@click.argument("response", type=click.Path(path_type=Path))
@click.option("--name", required=True, help="The approver's name, as in the approval table.")
@click.option("--title", required=True, help="The approver's title, e.g. Socialdirektör.")
@click.option("--date", "when", metavar="YYYY-MM-DD", help="The day of the approval. Default: today.")
@click.option("--sign", "key", type=click.Path(path_type=Path), metavar="KEY",
              help="Sign with this private SSH key (ssh-keygen -Y sign); approvals/allowed_signers must allow it.")
@root_option
def approve(response: Path, name: str, title: str, when: str | None, key: Path | None, root: Path) -> None:
    """Record that NAME approves the current text of RESPONSE.

    The approval holds for exactly this document: if anything a reader sees changes (in the
    response, a fragment it quotes, its skrivelse, the templates, fonts or the organisation
    profile), it no longer holds and the final build is refused until it is given again.
    """
    today = dt.date.today()
    try:
        date = dt.date.fromisoformat(when) if when else today
    except ValueError:
        raise SourceError.at(Position(Path("--date")), f"'{when}' is not a date", "write it as YYYY-MM-DD, e.g. 2024-06-12") from None
    path = _open(root).approve(response, name.strip(), title.strip(), date, key, today)
    click.echo(f"recorded: {name.strip()}, {title.strip()}, {date} in {path}")


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--out", "-o", type=click.Path(path_type=Path), required=True, help="The Word file to write.")
@click.option("--author", help="Name on the tracked changes. Default: git's user.name, else 'utlatande'.")
@click.option("--date", "when", metavar="YYYY-MM-DD", help="Date on the tracked changes. Default: NEW's date.")
@root_option
def redline(old: str, new: str, out: Path, author: str | None, when: str | None, root: Path) -> None:
    """Write a Word file showing the changes from OLD to NEW as tracked changes.

    OLD and NEW are response files or REV:path, e.g. HEAD~1:responses/x.yaml; a revision is
    built from the sources as they were at that revision. Accept or reject the changes in Word.
    """
    from generator.commands.outputs import output_folder_problem
    from generator.output import write_atomically
    from generator.review import revisions
    from generator.review.redline import render_redline

    refused = output_folder_problem(out.parent, root)
    if refused:
        raise SourceError.at(Position(out), refused, "write the redline to build/ or another folder outside the sources")
    documents = []
    for spec in (old, new):
        with revisions.locate(spec, root) as located:
            session = _open(located.root)
            # Marked UTKAST: a redline is a proposal, never to be taken for the final text.
            documents.append(session.document(located.response, draft=True))
    try:
        day = dt.date.fromisoformat(when) if when else documents[1].meta.date
    except ValueError:
        raise SourceError.at(Position(Path("--date")), f"'{when}' is not a date", "write it as YYYY-MM-DD") from None
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    data = render_redline(documents[0], documents[1], root / "templates" / REFERENCE_DOCX,
                          author or _git_user(root) or "utlatande", moment)
    write_atomically(out, data)
    click.echo(f"wrote {out}")


def _git_user(root: Path) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), "config", "user.name"], capture_output=True, text=True)
    except FileNotFoundError:
        return None
    return result.stdout.strip() or None


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), help="Where to write. Default: questions/<name>.yaml.")
@root_option
def import_command(file: Path, out: Path | None, root: Path) -> None:
    """Read a received skrivelse (.pdf, .docx or .txt) into questions/<name>.yaml.

    Title, party, authors, date, addressee, preamble and every question are taken from the
    text; whatever is not found is left as a TODO. An existing file is never overwritten.
    """
    from generator.intake.importer import read_skrivelse_text, slug
    from generator.intake.skrivelse_yaml import skrivelse_yaml
    from generator.intake.textsource import pages_of
    from generator.sources.write import checked, schema_line_for

    found = read_skrivelse_text(pages_of(file), file)
    name = "-".join(filter(None, [found.date.isoformat() if found.date else "", (found.party or "").lower(),
                                   slug(found.title or found.questions[0].text)]))
    target = out or root / "questions" / f"{name}.yaml"
    if target.exists():
        raise SourceError.at(Position(target), "this file already exists; nothing was written",
                             "import never overwrites: give another name with --out")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as stream:
        stream.write(checked(schema_line_for(skrivelse_yaml(found, file.name), target, root), target))
    tick = lambda value: value if value else "TODO"  # noqa: E731
    click.echo(f"wrote {target}")
    click.echo(f"  title:     {tick(found.title)}")
    click.echo(f"  party:     {tick(found.party)}")
    click.echo(f"  authors:   {', '.join(found.authors) or 'TODO'}")
    click.echo(f"  date:      {tick(found.date)}")
    click.echo(f"  to:        {tick(found.addressee)}")
    click.echo(f"  preamble:  {len(found.preamble)} paragraph{'s' if len(found.preamble) != 1 else ''}")
    kind = "numbered" if found.numbered else "bulleted"
    click.echo(f"  questions: {len(found.questions)} ({kind})")
    todo = sum(1 for v in (found.title, found.party, found.date, found.addressee) if not v) + (not found.authors)
    if todo:
        click.echo(f"Fill in the {todo} TODO{'s' if todo > 1 else ''} in {target}, then: utlatande new {target}")
    else:
        click.echo(f"Next: utlatande new {target}")


@cli.command()
@click.argument("questions", type=click.Path(path_type=Path))
@click.option("--top", default=3, show_default=True, help="How many suggestions of each kind per question.")
@root_option
def suggest(questions: Path, top: int, root: Path) -> None:
    """Print, per question of a skrivelse, the standard fragments and earlier answers that fit.

    Each line has a score (1.0: every word of the question matched) and why: which earlier
    question was answered with the fragment, and which words matched.
    """
    from generator.intake import corpus
    from generator.sources.read import questions_leniently

    session = _open(root)
    index = corpus.index(session.library)
    for number, (qid, text) in enumerate(questions_leniently(questions, root), start=1):
        click.echo(f"{number}. {text}  [{qid}]")
        found = index.suggest(text, top=top)
        for s in found.fragments:
            click.echo(f"   fragment  {s.fragment:<36} {s.score:4.2f}  {s.reason}")
        for s in found.answers:
            earlier = s.earlier
            where = f"{earlier.label} · {earlier.question_id}" + (" (prose)" if earlier.prose else "")
            click.echo(f"   earlier   {where:<36} {s.score:4.2f}  {s.reason}")
        if not found.fragments and not found.answers:
            click.echo("   nothing similar in the library or earlier responses")


@cli.command()
@click.argument("questions", type=click.Path(path_type=Path))
@click.option("--organisation", help="The profile (organisations/<id>.yaml) that answers. Default: the one whose nämnd the skrivelse is addressed to.")
@click.option("--dnr", help="The diary number, if already registered, e.g. 'SOF 2025/123'.")
@click.option("--meeting", metavar="YYYY-MM-DD", help="The nämnd's meeting, if known.")
@click.option("--date", "when", metavar="YYYY-MM-DD", help="The tjänsteutlåtande's date. Default: today.")
@click.option("--out", "-o", type=click.Path(path_type=Path), help="Where to write. Default: responses/<name>.yaml.")
@root_option
def new(questions: Path, organisation: str | None, dnr: str | None, meeting: str | None, when: str | None,
        out: Path | None, root: Path) -> None:
    """Start a response to the skrivelse QUESTIONS: derived parts filled in, an answer slot per
    question, and the best-matching standard answers and earlier answers as comments.

    Never overwrites a file. The draft builds at once: utlatande build responses/<name>.yaml
    """
    from generator.checks.case import prefix_problem
    from generator.intake import corpus, scaffold
    from generator.sources.boundary import relative_to_project
    from generator.sources.read import read_skrivelse
    from generator.sources.records import Dnr
    from generator.sources.write import checked, schema_line_for

    session = _open(root)
    skrivelse = read_skrivelse(questions, root)
    profile = _answering(session, skrivelse, organisation)
    if dnr is not None:
        parsed = Dnr.parse(dnr, Position(Path("--dnr")))
        if parsed is None:
            raise SourceError.at(Position(Path("--dnr")), f"'{dnr}' is not a diary number", "e.g. 'SOF 2025/123'")
        wrong = prefix_problem(parsed, profile, session.library.organisations)
        if wrong:
            raise SourceError.at(Position(Path("--dnr")), *wrong)
        users = session.diary().get(str(parsed), [])
        if users:
            raise SourceError.at(Position(Path("--dnr")), f"the dnr {parsed} is already used by "
                                 + ", ".join(relative_to_project(p, root) for p in users),
                                 "one diary number belongs to one response: check it with the registrar; nothing was written")
    dates = {}
    for option, value in (("--date", when), ("--meeting", meeting)):
        try:
            dates[option] = dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise SourceError.at(Position(Path(option)), f"'{value}' is not a date", "write it as YYYY-MM-DD") from None
    relative = relative_to_project(questions, root)
    target = out or root / "responses" / f"{scaffold.default_name(relative, dnr)}.yaml"
    if target.exists():
        raise SourceError.at(Position(target), "this file already exists; nothing was written",
                             "new never overwrites: give another name with --out")
    index = corpus.index(session.library)
    suggestions = [corpus.with_answers(index.suggest(q.text), root) for q in skrivelse.questions]
    text = scaffold.response_yaml(skrivelse, relative, profile, session.templates, suggestions,
                                  dates["--date"] or dt.date.today(), dnr and dnr.strip(), dates["--meeting"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as stream:
        stream.write(checked(schema_line_for(text, target, root), target))
    click.echo(f"wrote {target} ({len(skrivelse.questions)} answer slots, suggestions as comments)")
    click.echo(f"Next: write the answers, then: utlatande build {target}")


def _answering(session: Session, skrivelse, wanted: str | None):
    profiles = session.library.organisations
    if wanted:
        if wanted not in profiles:
            raise SourceError.at(Position(Path("--organisation")), f"unknown organisation '{wanted}'", nearest(wanted, set(profiles)))
        return profiles[wanted]
    matching = [p for p in profiles.values() if p.namnd.name.lower() == skrivelse.addressee.lower()]
    if len(matching) == 1:
        return matching[0]
    raise SourceError.at(Position(skrivelse.path), f"no organisation profile answers to '{skrivelse.addressee}'",
                         "say which one with --organisation: " + ", ".join(sorted(profiles)))


@cli.command("list")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV for a spreadsheet (';'-separated, UTF-8 with BOM, as Excel in Swedish expects).")
@root_option
def list_command(as_csv: bool, root: Path) -> None:
    """Print the register: dnr, title, nämnd, meeting, status and approvals of every response."""
    from generator.checks import library
    from generator.sources.boundary import relative_to_project

    session = _open(root)
    problems = Problems()
    rows = [("DNR", "TITLE", "NÄMND", "MEETING", "STATUS", "APPROVALS", "FILE")]
    for case in library.load_cases(session.library, problems):
        status, verdict = session.status(case)
        response = case.response
        valid = verdict.valid + verdict.legacy
        approvals = ", ".join(filter(None, [f"{len(valid)} valid" if valid else "",
                                            f"{len(verdict.stale)} stale" if verdict.stale else ""])) or "-"
        rows.append((str(response.dnr) if response.dnr else "-", library.response_title(case),
                     response.namnd or case.organisation.namnd.name, str(response.meeting or "-"), status, approvals,
                     relative_to_project(response.path, root)))
    if as_csv:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        click.echo("\ufeff" + buffer.getvalue(), nl=False)
    else:
        _table(rows)
    if problems:
        _report(problems.items)
        sys.exit(1)


@cli.command("fragments")
@root_option
def fragments_command(root: Path) -> None:
    """List the standard-answer library: id, version, source, validity and times used."""
    from generator.checks import library

    session = _open(root)
    problems = Problems()
    cases = library.load_cases(session.library, problems)
    used = library.usages(cases)
    rows = [("ID", "VERSION", "SOURCE", "VALID", "USED")]
    for fid, fragment in sorted(session.library.fragments.items()):
        start, end = library.validity(fragment, session.library)
        valid = f"{start or '…'} – {end or '…'}" if start or end else "-"
        source = fragment.source.name if fragment.source else "-"
        version = str(fragment.current.number) + (f" ({fragment.current.changed})" if fragment.current.changed else "")
        rows.append((fid, version, source, valid, str(len(used.get(fid, [])))))
    _table(rows)
    if problems:
        _report(problems.items)


@cli.command("where-used")
@click.argument("fragment_id", metavar="ID")
@root_option
def where_used(fragment_id: str, root: Path) -> None:
    """List the responses that use fragment ID: dnr, title, date, status and version."""
    from generator.checks import library
    from generator.sources.boundary import relative_to_project

    session = _open(root)
    known = session.library.fragments
    if fragment_id not in known:
        raise SourceError.at(Position(session.layout.fragments), f"unknown fragment '{fragment_id}'",
                             nearest(fragment_id, set(known)))
    problems = Problems()
    rows = [("DNR", "TITLE", "DATE", "STATUS", "VERSION", "FILE")]
    for usage in library.usages(library.load_cases(session.library, problems)).get(fragment_id, []):
        response = usage.case.response
        rows.append((str(response.dnr) if response.dnr else "(utkast)", library.response_title(usage.case),
                     str(response.date or ""), session.status(usage.case)[0], usage.version_label,
                     f"{relative_to_project(response.path, root)}:{usage.ref.at.line}"))
    if len(rows) == 1:
        click.echo(f"No response uses '{fragment_id}'.")
    else:
        _table(rows)
    if problems:
        _report(problems.items)


@cli.group()
def fragment() -> None:
    """Work on the standard-answer library."""


@fragment.command("extract")
@click.argument("response", type=click.Path(path_type=Path))
@click.option("--lines", "line_range", required=True, metavar="A-B",
              help="The response file's lines to lift out: whole paragraphs of one '- text: |' part.")
@click.option("--id", "new_id", required=True, help="The new fragment's id (and file name in fragments/).")
@root_option
def fragment_extract(response: Path, line_range: str, new_id: str, root: Path) -> None:
    """Move lines A-B of RESPONSE into a new fragment and reference it instead.

    The built document's text stays the same (checked; nothing changes if it would not).
    """
    from generator.intake.extract import extract
    from generator.render.text import render_text

    match = re.fullmatch(r"(\d+)-(\d+)", line_range.strip())
    if not match:
        raise click.BadParameter("write the range as A-B, e.g. 40-44", param_hint="--lines")
    session = _open(root)
    result = extract(
        response, int(match[1]), int(match[2]), new_id, root, session.layout.fragments,
        lambda path: render_text(_open(root).document(path)),
    )
    click.echo(f"wrote {result.fragment}")
    click.echo(f"updated {result.response}: lines {line_range} now refer to '{new_id}'")


@cli.command()
@root_option
def schema(root: Path) -> None:
    """Write the JSON Schemas of the source formats to schemas/, for editors.

    With the YAML extension of VS Code (or any editor using yaml-language-server), keys are
    completed and explained in Swedish, and mistakes are marked as you type. The project's
    fragment ids, profiles and question ids are completed too: run this again after adding
    one (`check` says when the schemas are out of date). Commit schemas/.
    """
    from generator.commands import schemas

    session = _open(root)
    written = schemas.write_schemas(session.library)
    for path in written:
        click.echo(f"wrote {path}")
    if not written:
        click.echo("The schemas in schemas/ are up to date.")


@cli.command("migrate")
@root_option
def migrate_command(root: Path) -> None:
    """Upgrade the sources to this version: remove keys it no longer accepts.

    Only those keys' lines are removed; comments and everything else stay as written. The
    approvals are upgraded separately: utlatande approvals migrate.
    """
    from generator.commands import migrate
    from generator.sources.layout import Layout

    changes = migrate.migrate(Layout(root))
    for change in changes:
        click.echo(f"updated {change.path}: removed '{change.removal.key}' ({change.removal.why})")
    if not changes:
        click.echo("The sources are up to date.")


@cli.group()
def approvals() -> None:
    """Work on recorded approvals."""


@approvals.command("migrate")
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@root_option
def approvals_migrate(responses: tuple[Path, ...], root: Path) -> None:
    """Bind approvals recorded by an earlier version to today's fingerprints.

    An approval from before document format 2 covers the text only. It is migrated when the
    document's text is still exactly the approved text: it then also covers the templates,
    fonts and organisation profile as they are now. Approvals whose text has changed are left
    as they are (stale). Signed approvals keep their signature.
    """
    from generator.commands.session import all_responses

    session = _open(root)
    paths = list(responses) or all_responses(session.layout)
    problems = Problems()
    total = 0
    for path in paths:
        try:
            migrated, stale = session.migrate_approvals(path)
        except SourceError as exc:
            problems.extend(exc)
            continue
        total += migrated
        if migrated:
            click.echo(f"migrated {_plural(migrated, 'approval')} of {path}")
        for approval in stale:
            problems.warn(approval.at, f"not migrated: the text has changed since {approval.name} approved it",
                          f"{approval.name} must approve again: utlatande approve {path} --name \"{approval.name}\" …")
    if not total:
        click.echo("No approvals to migrate.")
    if problems:
        _report(problems.items)
        if problems.errors:
            sys.exit(1)


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def _open(root: Path, across_responses: bool = True) -> Session:
    from generator.commands.session import Session

    return Session.open(root, across_responses)


def main() -> None:
    """Runs the command line; user errors become messages, never tracebacks.

    Exit status: 0 done, 1 problems in the sources, 2 wrong use of the command (or a bug in
    utlatande, said as such), 130 interrupted by Ctrl-C and 143 by SIGTERM (temporary files
    removed either way).
    """
    try:
        cli.main(standalone_mode=False, prog_name="utlatande")
    except SourceError as exc:
        _fail(exc.problems)
    except click.exceptions.Abort as exc:  # click turns Ctrl-C (and our SIGTERM) into Abort
        _interrupted(143 if isinstance(exc.__cause__, Terminated) else 130)
    except KeyboardInterrupt as exc:
        _interrupted(143 if isinstance(exc, Terminated) else 130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:
        if os.environ.get("UTLATANDE_DEBUG"):
            raise
        click.echo(f"internal error (a bug in utlatande, not in your files): {type(exc).__name__}: {exc}", err=True)
        click.echo("Run again with UTLATANDE_DEBUG=1 to see where it happened, and report it.", err=True)
        sys.exit(2)


def _interrupted(status: int) -> None:
    click.echo("Interrupted; nothing half-written was left behind.", err=True)
    sys.exit(status)
