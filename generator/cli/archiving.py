"""The command that hands a final response to the registrar: archive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.group import cli
from generator.cli.options import common, open_project, output, project_root
from generator.cli.run import report
from generator.errors import Position, Problems, SourceError
from generator.i18n import t


@cli.command(help=t("Make the registrar's package of each approved, final response with a dnr: an E-ARK SIP "
                    "(FGS Paketstruktur 2.0) with the PDF/A, the skrivelse, CITS ERMS and PREMIS metadata and the "
                    "sources, as a folder and a .zip in OUT/archive/.\n\n"
                    "Without RESPONSES, every response that is final and has a dnr; the others are named and left "
                    "out. A package is never replaced by a different one (see --new-version)."))
@click.argument("responses", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path),
              help=t("The folder whose archive/ the packages go to (not one of the source folders). Default: the "
                     "project's build/."))
@click.option("--new-version", is_flag=True,
              help=t("When the document changed since its package was made: make a new package, which names the "
                     "earlier one it replaces."))
@common
def archive(responses: tuple[Path, ...], out: Path | None, new_version: bool) -> None:
    from generator.commands import archive as archiving
    from generator.commands.outputs import output_folder_problem
    from generator.commands.session import all_responses

    say = output()
    root = project_root()
    out = out or root / "build"
    refused = output_folder_problem(out, root)
    if refused:
        raise SourceError.at(Position(out), refused, t("use the default, --out build, or a folder outside the sources"))
    session = open_project()
    problems = Problems()
    paths = list(responses)
    if not paths:
        for response in all_responses(session.layout):
            try:
                why = archiving.ready(session, response)
            except SourceError as exc:
                problems.extend(exc)
                continue
            if why is None:
                paths.append(response)
            else:
                say.info(t("left out {response}: {why}", response=response, why=why))
    for response in paths:
        try:
            made = archiving.archive(session, response, out, new_version)
        except SourceError as exc:
            problems.extend(exc)
            continue
        problems.items.extend(made.warnings)
        if made.written:
            say.info(t("wrote {folder}/ and {zip}", folder=made.folder, zip=made.zip))
        else:
            say.info(t("{zip} is up to date", zip=made.zip))
    if problems or say.machine:
        report(problems.items)
    if problems.errors:
        sys.exit(1)
    if not paths and not problems:
        say.info(t("No response is final with a dnr: nothing to archive."))
