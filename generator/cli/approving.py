"""Commands that record approvals: approve, and approvals migrate after an upgrade."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.cli.group import cli
from generator.cli.options import common, date_option, open_project, output
from generator.cli.run import report
from generator.errors import Position, Problems, SourceError
from generator.i18n import t, tn


@cli.command(help=t("Record that NAME approves the current text of RESPONSE.\n\n"
                    "The approval holds for exactly this document: if anything a reader sees changes (in the "
                    "response, a fragment it quotes, its skrivelse, the templates, fonts or the organisation "
                    "profile), it no longer holds and the final build is refused until it is given again."))
@click.argument("response", type=click.Path(path_type=Path))
@click.option("--name", required=True, help=t("The approver's name, as in the approval table."))
@click.option("--title", required=True, help=t("The approver's title, e.g. Socialdirektör."))
@click.option("--date", "when", metavar="YYYY-MM-DD", help=t("The day of the approval. Default: today."))
@click.option("--sign", "key", type=click.Path(path_type=Path), metavar="KEY",
              help=t("Sign with this private SSH key (ssh-keygen -Y sign); approvals/allowed_signers must allow it."))
@common
def approve(response: Path, name: str, title: str, when: str | None, key: Path | None) -> None:
    today = dt.date.today()
    date = date_option(when, "--date") or today
    path = open_project().approve(response, name.strip(), title.strip(), date, key, today)
    output().info(t("recorded: {name}, {title}, {date} in {file}", name=name.strip(), title=title.strip(), date=date,
                    file=path))


@cli.group(help=t("Work on recorded approvals."))
def approvals() -> None:
    pass


@approvals.command("migrate", help=t(
    "Bind approvals recorded by an earlier version to today's fingerprints.\n\n"
    "An approval from before document format 2 covers the text only. It is migrated when the document's text is "
    "still exactly the approved text: it then also covers the templates, fonts and organisation profile as they are "
    "now. Approvals whose text has changed are left as they are (stale). Signed approvals keep their signature."))
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@common
def approvals_migrate(responses: tuple[Path, ...]) -> None:
    from generator.commands.session import all_responses

    say = output()
    session = open_project()
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
            say.info(tn("migrated {count} approval of {file}", "migrated {count} approvals of {file}", migrated, file=path))
        for approval in stale:
            # Read from the approvals file, so each has its place there; the response is the fallback.
            problems.warn(approval.at or Position(path),
                          t("not migrated: the text has changed since {name} approved it", name=approval.name),
                          t("{name} must approve again: utlatande approve {file} --name \"{name}\" …",
                            name=approval.name, file=path))
    if not total:
        say.info(t("No approvals to migrate."))
    if problems:
        report(problems.items)
        if problems.errors:
            sys.exit(1)
