"""Commands that list: the register of responses, the standard-answer library, and where a
standard text is used."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from generator.cli.group import cli
from generator.cli.options import common, open_project, output
from generator.cli.run import report
from generator.errors import Problems, nearest
from generator.i18n import t, tn
from generator.shown import shown

if TYPE_CHECKING:
    from generator.commands.session import Session
    from generator.review.approvals import Verdict
    from generator.sources.project import Case

#: How a missing value is shown in a table (a CSV cell is left empty).
NONE = "–"


#: The register export's fields, for the diarium (the keys of `list --format json` and the header
#: of `--format csv`): what OSL 5 kap. 2 § asks to be registered (date, dnr, sender or recipient,
#: what it is about) for the tjänsteutlåtande and the skrivelse it answers, and the approvals.
EXPORT = ("dnr", "title", "date", "forvaltning", "avdelning", "handlaggare", "recipient", "meeting", "skrivelse_title",
          "skrivelse_sender", "skrivelse_party", "skrivelse_date", "skrivelse_received", "classification", "status",
          "approvals", "file")


@cli.command("list", help=t("Print the register: dnr, title, nämnd, meeting, status and approvals of every response."))
@click.option("--csv", "as_csv", is_flag=True,
              help=t("Write CSV for a spreadsheet (';'-separated, UTF-8 with BOM, as Excel in Swedish expects)."))
@click.option("--format", "export", type=click.Choice(["text", "csv", "json"]), default="text",
              help=t("text: the table (the default); csv or json: the register for the diarium, with the dates, "
                     "sender and recipient, the skrivelse and the approvals of each response (docs/archiving.md)."))
@common
def list_command(as_csv: bool, export: str) -> None:
    from generator.checks import library
    from generator.commands.session import STATUS_LABELS
    from generator.sources.boundary import relative_to_project

    session = open_project()
    root = session.layout.root
    problems = Problems()
    if export != "text":
        entries = [_entry(session, case) for case in library.load_cases(session.library, problems)]
        if export == "json":
            click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
            writer.writerow(EXPORT)
            writer.writerows([_cell(entry[key]) for key in EXPORT] for entry in entries)
            click.echo("\ufeff" + buffer.getvalue(), nl=False)
        if problems:
            report(problems.items)
            sys.exit(1)
        return
    heading = (t("DNR"), t("TITLE"), t("NÄMND"), t("MEETING"), t("STATUS"), t("APPROVALS"), t("FILE"))
    rows: list[tuple[str | None, ...]] = []
    for case in library.load_cases(session.library, problems):
        status, verdict = session.status(case)
        response = case.response
        valid = verdict.valid + verdict.legacy
        approvals = ", ".join(filter(None, [tn("{count} valid", "{count} valid", len(valid)) if valid else "",
                                            tn("{count} stale", "{count} stale", len(verdict.stale)) if verdict.stale else ""]))
        rows.append((str(response.dnr) if response.dnr else None, library.response_title(case),
                     response.namnd or case.organisation.namnd.name, str(response.meeting) if response.meeting else None,
                     t(STATUS_LABELS[status]), approvals or None, relative_to_project(response.path, root)))
    if as_csv:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([heading, *[
            tuple(shown(cell or "") for cell in row) for row in rows]])
        click.echo("\ufeff" + buffer.getvalue(), nl=False)
    else:
        table([heading, *[(row[0] or t("(not registered)"), *(cell or NONE for cell in row[1:])) for row in rows]])
    if problems:
        report(problems.items)
        sys.exit(1)


def _entry(session: Session, case: Case) -> dict[str, Any]:
    """One response in the register export: plain values (dates as YYYY-MM-DD), none translated."""
    from generator.checks import library
    from generator.sources.boundary import relative_to_project

    status, verdict = session.status(case)
    response, skrivelse, organisation = case.response, case.skrivelse, case.organisation
    authors = ", ".join(skrivelse.authors)
    return {
        "dnr": str(response.dnr) if response.dnr else None,
        "title": library.response_title(case),
        "date": _day(response.date),
        "forvaltning": organisation.forvaltning,
        "avdelning": response.avdelning.value if response.avdelning else None,
        "handlaggare": response.handlaggare.name if response.handlaggare else None,
        "recipient": response.namnd or organisation.namnd.name,
        "meeting": _day(response.meeting),
        "skrivelse_title": skrivelse.title,
        "skrivelse_sender": f"{authors} ({skrivelse.party.abbreviation})" if authors else skrivelse.party.name,
        "skrivelse_party": skrivelse.party.name,
        "skrivelse_date": _day(skrivelse.date),
        "skrivelse_received": _day(skrivelse.received),
        "classification": organisation.klassificering,
        "status": status,
        "approvals": _approvals(verdict),
        "file": relative_to_project(response.path, session.layout.root),
    }


def _approvals(verdict: Verdict) -> list[dict[str, Any]]:
    """Each person's latest approval: who, when, and whether it holds for the document as it is."""
    found = [(a, True) for a in verdict.valid + verdict.legacy] + [(s.approval, False) for s in verdict.stale]
    return [{"name": a.name, "title": a.title, "date": a.date.isoformat(), "holds": holds}
            for a, holds in sorted(found, key=lambda pair: (pair[0].date, pair[0].name))]


def _day(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _cell(value: Any) -> str:
    """A CSV cell: an approval as "name, title, date" (and "(stale)" when it no longer holds), joined by "; "."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(f"{a['name']}, {a['title']}, {a['date']}" + ("" if a["holds"] else " (stale)") for a in value)
    return str(value)


@cli.command("fragments", help=t("List the standard-answer library: id, version, source, validity and times used."))
@common
def fragments_command() -> None:
    from generator.checks import library

    session = open_project()
    problems = Problems()
    cases = library.load_cases(session.library, problems)
    used = library.usages(cases)
    rows = [(t("ID"), t("VERSION"), t("SOURCE"), t("VALID"), t("USED"))]
    for fid, fragment in sorted(session.library.fragments.items()):
        start, end = library.validity(fragment, session.library)
        valid = f"{start or '…'} – {end or '…'}" if start or end else NONE
        source = fragment.source.name if fragment.source else NONE
        version = str(fragment.current.number) + (f" ({fragment.current.changed})" if fragment.current.changed else "")
        rows.append((fid, version, source, valid, str(len(used.get(fid, [])))))
    table(rows)
    if problems:
        report(problems.items)


@cli.command("where-used", help=t("List the responses that use fragment ID: dnr, title, date, status and version."))
@click.argument("fragment_id", metavar="ID")
@common
def where_used(fragment_id: str) -> None:
    from generator.checks import library
    from generator.commands.session import STATUS_LABELS, dnr_label
    from generator.sources.boundary import relative_to_project

    session = open_project()
    known = session.library.fragments
    if fragment_id not in known:
        raise click.BadParameter(t("there is no fragment '{fragment}'", fragment=fragment_id) + "; "
                                 + nearest(fragment_id, set(known)), param_hint="ID")
    problems = Problems()
    rows = [(t("DNR"), t("TITLE"), t("DATE"), t("STATUS"), t("VERSION"), t("FILE"))]
    for usage in library.usages(library.load_cases(session.library, problems)).get(fragment_id, []):
        response = usage.case.response
        rows.append((dnr_label(response), library.response_title(usage.case),
                     str(response.date or NONE), t(STATUS_LABELS[session.status(usage.case)[0]]), usage.version_label,
                     f"{relative_to_project(response.path, session.layout.root)}:{usage.ref.at.line}"))
    if len(rows) == 1:
        output().info(t("No response uses '{fragment}'.", fragment=fragment_id))
    else:
        table(rows)
    if problems:
        report(problems.items)


def table(rows: Sequence[tuple[str, ...]]) -> None:
    """The rows in columns; every cell (a title, a file's name) shown safely."""
    rows = [tuple(shown(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
