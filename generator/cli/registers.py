"""Commands that list: the register of responses, the standard-answer library, and where a
standard text is used."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence

import click

from generator.cli.group import cli
from generator.cli.options import common, open_project, output
from generator.cli.run import report
from generator.errors import Problems, nearest
from generator.i18n import N_, t, tn
from generator.shown import shown

#: How a missing value is shown in a table (a CSV cell is left empty).
NONE = "–"
_STATUS = {"draft": N_("draft"), "approved": N_("approved"), "stale": N_("stale")}


def no_dnr() -> str:
    """A response without a dnr, the same way in every list."""
    return t("(no dnr)")


@cli.command("list", help=t("Print the register: dnr, title, nämnd, meeting, status and approvals of every response."))
@click.option("--csv", "as_csv", is_flag=True,
              help=t("Write CSV for a spreadsheet (';'-separated, UTF-8 with BOM, as Excel in Swedish expects)."))
@common
def list_command(as_csv: bool) -> None:
    from generator.checks import library
    from generator.sources.boundary import relative_to_project

    session = open_project()
    root = session.layout.root
    problems = Problems()
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
                     t(_STATUS[status]), approvals or None, relative_to_project(response.path, root)))
    if as_csv:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows([heading, *[
            tuple(shown(cell or "") for cell in row) for row in rows]])
        click.echo("\ufeff" + buffer.getvalue(), nl=False)
    else:
        table([heading, *[(row[0] or no_dnr(), *(cell or NONE for cell in row[1:])) for row in rows]])
    if problems:
        report(problems.items)
        sys.exit(1)


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
        rows.append((str(response.dnr) if response.dnr else no_dnr(), library.response_title(usage.case),
                     str(response.date or NONE), t(_STATUS[session.status(usage.case)[0]]), usage.version_label,
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
