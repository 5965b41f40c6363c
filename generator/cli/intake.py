"""Commands that start and grow sources: import a skrivelse, suggest answers, start a response,
and lift a passage out into a standard text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.group import cli
from generator.cli.options import (
    common,
    date_option,
    open_project,
    output,
    project_root,
)
from generator.errors import Position, SourceError, nearest
from generator.i18n import t, tc, tn
from generator.shown import shown

if TYPE_CHECKING:
    from generator.commands.session import Session
    from generator.intake.retrieval import Suggestions
    from generator.sources.records import Organisation, Skrivelse


@cli.command("import", help=t("Read a received skrivelse (.pdf, .docx or .txt) into questions/<name>.yaml.\n\n"
                              "Title, topic, party, authors, date, addressee, preamble and every question are taken from "
                              "the text; whatever is not found is left as a TODO. An existing file is never overwritten, "
                              "and a skrivelse already in questions/ (the same questions to the same nämnd, whatever the "
                              "file is called) is not imported again unless --even-if-imported is given."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), help=t("Where to write. Default: questions/<name>.yaml."))
@click.option("--even-if-imported", is_flag=True,
              help=t("Write a new file even if questions/ already holds the same skrivelse."))
@common
def import_command(file: Path, out: Path | None, even_if_imported: bool) -> None:
    from generator.checks.skrivelser import filed, first_copy
    from generator.intake.importer import read_skrivelse_text, slug
    from generator.intake.skrivelse_yaml import skrivelse_yaml
    from generator.intake.textsource import pages_of
    from generator.output import OutputError, write_new
    from generator.sources.boundary import relative_to_project
    from generator.sources.layout import Layout
    from generator.sources.write import checked, schema_line_for

    say = output()
    root = project_root()
    found = read_skrivelse_text(pages_of(file), file)
    layout = Layout(root)
    name = "-".join(filter(None, [found.date.isoformat() if found.date else "", slug(found.party, words=3) if found.party else "",
                                   slug(found.topic or found.title or found.questions[0].text)]))
    target = _inside(out, root, layout.questions / f"{name}.yaml") if out else _free(layout.questions, name)
    copy = first_copy(filed(file, Position(file), [q.text for q in found.questions], found.addressee), layout)
    if copy is not None:
        where = relative_to_project(copy, root)
        if not even_if_imported:
            raise SourceError.at(Position(file), t("already imported as {path}; nothing was written", path=where),
                                 t("that file has the same questions: work on it; to import this one as well, add "
                                   "--even-if-imported"))
        say.info(t("note: {path} has the same questions; importing again as asked", path=where))
    exists = SourceError.at(Position(target), t("this file already exists; nothing was written"),
                            t("import never overwrites: give another name with --out"))
    if target.exists():
        raise exists
    text = checked(schema_line_for(skrivelse_yaml(found, file.name), target, root), target)
    try:
        write_new(target, text.encode("utf-8"))
    except FileExistsError:
        raise exists from None
    except OutputError as exc:
        raise SourceError.at(Position(target), t("cannot write the file: {reason}", reason=exc.reason), exc.hint) from None
    missing = "TODO"
    say.info(t("wrote {path}", path=target))
    if found.left_out:
        say.info(tn("note: left out {count} character that a document cannot hold ({characters}): control, "
                    "private-use or bidirectional characters in the letter's text",
                    "note: left out {count} characters that a document cannot hold ({characters}): control, "
                    "private-use or bidirectional characters in the letter's text", sum(found.left_out.values()),
                    characters=", ".join(f"U+{ord(char):04X}" for char in list(found.left_out)[:5])
                    + (", …" if len(found.left_out) > 5 else "")))
    say.info(t("  title:     {value}", value=found.title or missing))
    say.info(t("  topic:     {value} (read from the text: check it)", value=found.topic)
             if found.topic and not found.topic_in_title else t("  topic:     {value}", value=found.topic or missing))
    say.info(t("  party:     {value}", value=found.party or missing))
    say.info(t("  authors:   {value}", value=", ".join(found.authors) or missing))
    say.info(t("  date:      {value}", value=found.date or missing))
    say.info(t("  to:        {value}", value=found.addressee or missing))
    say.info(tn("  preamble:  {count} paragraph", "  preamble:  {count} paragraphs", len(found.preamble)))
    say.info(t("  questions: {count} (numbered)", count=len(found.questions)) if found.numbered
             else t("  questions: {count} (bulleted)", count=len(found.questions)))
    todo = sum(1 for v in (found.title, found.topic, found.party, found.date, found.addressee) if not v) + (not found.authors)
    if todo:
        say.info(tn("Fill in the {count} TODO in {path}, then: utlatande new {path}",
                    "Fill in the {count} TODOs in {path}, then: utlatande new {path}", todo, path=target))
    else:
        say.info(t("Next: utlatande new {path}", path=target))


def _inside(out: Path, root: Path, instead: Path) -> Path:
    """`--out` when it lies inside the project: `new`, `check` and `build` read sources only
    from there, so a file written elsewhere could not be used (the next step would fail)."""
    from generator.sources.boundary import real_root, relative_to_project

    if not out.resolve().is_relative_to(real_root(root)):
        raise SourceError.at(Position(Path("--out")),
                             t("'{path}' is outside the project folder {folder}: the next steps (new, build) read "
                               "sources only from inside it; nothing was written", path=out, folder=real_root(root)),
                             t("write it into the project, e.g. --out {example}, or leave --out out",
                               example=relative_to_project(instead, root)))
    return out


def _free(folder: Path, name: str) -> Path:
    """`folder/name.yaml`, or the first of name-2.yaml, name-3.yaml … that does not exist: two
    skrivelser from one party on one day about one topic each get a file of their own."""
    candidates = (folder / (f"{name}.yaml" if n == 1 else f"{name}-{n}.yaml") for n in range(1, 1000))
    return next((path for path in candidates if not path.exists()), folder / f"{name}.yaml")


@cli.command(help=t("Print, per question of a skrivelse, the standard fragments and earlier answers that fit, and "
                    "the standard texts that fit the skrivelse as a whole (for the summary and the background).\n\n"
                    "Each line has a score (1.0: every word of the question matched, or the fragment holds the text word "
                    "for word) and why: which earlier question was answered with the fragment, and which words matched. "
                    "With --text instead of QUESTIONS: what fits that text, e.g. a sentence about to be written."))
@click.argument("questions", type=click.Path(path_type=Path), required=False)
@click.option("--text", "wanted", metavar="TEXT", help=t("Suggest for this text instead of a skrivelse's questions."))
@click.option("--top", type=click.IntRange(min=1), default=3, show_default=True,
              help=t("How many suggestions of each kind per question."))
@common
def suggest(questions: Path | None, wanted: str | None, top: int) -> None:
    from generator.intake import corpus
    from generator.intake.retrieval import Suggestions
    from generator.sources.read import about_leniently, questions_leniently

    if (questions is None) == (wanted is None):
        raise click.UsageError(t("give a skrivelse (questions/<name>.yaml) or --text, one of them"))
    session = open_project()
    index = corpus.index(session.library)
    if wanted is not None:
        _print_suggestions(index.suggest(" ".join(wanted.split()), top=top))
        return
    assert questions is not None
    asked = questions_leniently(questions, session.layout.root)
    for number, (qid, text) in enumerate(asked, start=1):
        click.echo(shown(f"{number}. {text}  [{qid}]"))
        _print_suggestions(index.suggest(text, top=top))
    click.echo(t("The skrivelse as a whole (for the summary and the background):"))
    whole = index.suggest_whole(about_leniently(questions, session.layout.root), [text for _, text in asked], top=top)
    _print_suggestions(Suggestions(fragments=whole))


def _print_suggestions(found: Suggestions) -> None:
    fragment_label, earlier_label = tc("suggestion", "fragment"), tc("suggestion", "earlier")
    for entry in found.fragments:
        click.echo(shown(f"   {fragment_label:<9} {entry.fragment:<36} {entry.score:4.2f}  {entry.reason}"))
    for answer in found.answers:
        before = answer.earlier
        where = f"{before.label} · {before.question_id}" + (" " + t("(prose)") if before.prose else "")
        click.echo(shown(f"   {earlier_label:<9} {where:<36} {answer.score:4.2f}  {answer.reason}"))
    if not found.fragments and not found.answers:
        click.echo("   " + t("nothing similar in the library or earlier responses"))


@cli.command(help=t("Start a response to the skrivelse QUESTIONS: derived parts filled in, an answer slot per "
                    "question, and the best-matching standard answers and earlier answers as comments.\n\n"
                    "Never overwrites a file. The draft builds at once: utlatande build responses/<name>.yaml"))
@click.argument("questions", type=click.Path(path_type=Path))
@click.option("--organisation", help=t("The profile (organisations/<id>.yaml) that answers. Default: the one whose "
                                       "nämnd the skrivelse is addressed to."))
@click.option("--dnr", help=t("The diary number, if already registered, e.g. 'SOF 2025/123'."))
@click.option("--meeting", metavar="YYYY-MM-DD", help=t("The nämnd's meeting, if known."))
@click.option("--date", "when", metavar="YYYY-MM-DD", help=t("The tjänsteutlåtande's date. Default: today."))
@click.option("--out", "-o", type=click.Path(path_type=Path), help=t("Where to write. Default: responses/<name>.yaml."))
@common
def new(questions: Path, organisation: str | None, dnr: str | None, meeting: str | None, when: str | None,
        out: Path | None) -> None:
    from generator.checks.case import prefix_problem
    from generator.intake import corpus, scaffold
    from generator.output import OutputError, write_new
    from generator.sources.boundary import recorded_name, relative_to_project
    from generator.sources.read import read_skrivelse
    from generator.sources.records import Dnr
    from generator.sources.write import checked, schema_line_for

    say = output()
    date, meeting_date = date_option(when, "--date"), date_option(meeting, "--meeting")
    session = open_project()
    root = session.layout.root
    skrivelse = read_skrivelse(questions, root)
    profile = _answering(session, skrivelse, organisation)
    if dnr is not None:
        parsed = Dnr.parse(dnr, Position(Path("--dnr")))
        if parsed is None:
            raise click.BadParameter(t("'{value}' is not a diary number: write it as PREFIX YEAR/NUMBER, e.g. "
                                       "'SOF 2025/123'", value=dnr), param_hint="--dnr")
        wrong = prefix_problem(parsed, profile, session.library.organisations)
        if wrong:
            raise SourceError.at(Position(Path("--dnr")), *wrong)
        users = session.diary().get(str(parsed), [])
        if users:
            raise SourceError.at(Position(Path("--dnr")),
                                 t("the dnr {dnr} is already used by {files}", dnr=parsed,
                                   files=", ".join(relative_to_project(p, root) for p in users)),
                                 t("one diary number belongs to one response: check it with the registrar; nothing was "
                                   "written"))
    relative = recorded_name(questions, root)
    default = root / "responses" / f"{scaffold.default_name(relative, dnr)}.yaml"
    target = _inside(out, root, default) if out else default
    if target.exists():
        raise SourceError.at(Position(target), t("this file already exists; nothing was written"),
                             t("new never overwrites: give another name with --out"))
    index = corpus.index(session.library)
    suggestions = [corpus.with_answers(index.suggest(q.text), root) for q in skrivelse.questions]
    about = " ".join(filter(None, [skrivelse.title, skrivelse.topic, skrivelse.preamble.text if skrivelse.preamble else "",
                                   skrivelse.lead_in or ""]))
    whole = index.suggest_whole(about, [q.text for q in skrivelse.questions])
    text = scaffold.response_yaml(skrivelse, relative, profile, session.templates, suggestions,
                                  date or dt.date.today(), dnr and dnr.strip(), meeting_date, whole)
    written = checked(schema_line_for(text, target, root), target)
    try:
        write_new(target, written.encode("utf-8"))
    except FileExistsError:
        raise SourceError.at(Position(target), t("this file already exists; nothing was written"),
                             t("new never overwrites: give another name with --out")) from None
    except OutputError as exc:
        raise SourceError.at(Position(target), t("cannot write the file: {reason}", reason=exc.reason), exc.hint) from None
    say.info(tn("wrote {path} ({count} answer slot, suggestions as comments)",
                "wrote {path} ({count} answer slots, suggestions as comments)", len(skrivelse.questions), path=target))
    say.info(t("Next: write the answers, then: utlatande build {path}", path=target))


def _answering(session: Session, skrivelse: Skrivelse, wanted: str | None) -> Organisation:
    from generator.checks.skrivelser import namnd_key

    profiles = session.library.organisations
    if wanted:
        if wanted not in profiles:
            raise click.BadParameter(t("unknown organisation '{value}'", value=wanted) + "; "
                                     + nearest(wanted, set(profiles)), param_hint="--organisation")
        return profiles[wanted]
    matching = [p for p in profiles.values() if namnd_key(p.namnd.name) == namnd_key(skrivelse.addressee)]
    if len(matching) == 1:
        return matching[0]
    raise SourceError.at(Position(skrivelse.path), t("no organisation profile answers to '{addressee}'",
                                                     addressee=skrivelse.addressee),
                         t("say which one with --organisation: {choices}", choices=", ".join(sorted(profiles))))


@cli.group(help=t("Work on the standard-answer library."))
def fragment() -> None:
    pass


@fragment.command("extract", help=t("Move lines A-B of RESPONSE into a new fragment and reference it instead.\n\n"
                                    "The built document's text stays the same (checked; nothing changes if it would not)."))
@click.argument("response", type=click.Path(path_type=Path))
@click.option("--lines", "line_range", required=True, metavar="A-B",
              help=t("The response file's lines to lift out: whole paragraphs of one '- text: |' part."))
@click.option("--id", "new_id", required=True, help=t("The new fragment's id (and file name in fragments/)."))
@common
def fragment_extract(response: Path, line_range: str, new_id: str) -> None:
    from generator.intake.extract import extract
    from generator.model.text import document_text

    match = re.fullmatch(r"(\d+)-(\d+)", line_range.strip())
    if not match:
        raise click.BadParameter(t("write the range as A-B, e.g. 40-44"), param_hint="--lines")
    session = open_project()
    root = session.layout.root
    result = extract(
        response, int(match[1]), int(match[2]), new_id, root, session.layout.fragments,
        lambda path: document_text(open_project().document(path)),
    )
    say = output()
    say.info(t("wrote {path}", path=result.fragment))
    say.info(t("updated {path}: lines {lines} now refer to '{fragment}'", path=result.response, lines=line_range,
               fragment=new_id))
