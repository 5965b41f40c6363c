"""The `utlatande` command line: parses arguments and calls the library; nothing else."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import build as builder
from generator.errors import Problem, SourceError
from generator.render.text import render_text
from generator.textread import docx_text

#: Show a progress bar from this many responses on.
PROGRESS_FROM = 5


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    count = len(problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)


def _fail(problems: list[Problem]) -> None:
    _report(problems)
    sys.exit(1)


root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
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
              show_default=True, help="Folder to write the documents to.")
@click.option("--format", "-f", "formats", type=click.Choice([*sorted(builder.FORMATS), "all"]), multiple=True,
              help="Output format; repeat for several. 'all' (the default) is docx and pdf.")
@root_option
def build(responses: tuple[Path, ...], out: Path, formats: tuple[str, ...], root: Path) -> None:
    """Build RESPONSES (all of responses/ when none are named) into --out.

    A response with problems is reported and not written; the others are still built. Each
    file is written whole or not at all, and the sources are never changed.
    """
    session = _open(root)
    paths = list(responses) or builder.all_responses(session.layout)
    if not paths:
        click.echo(f"No responses to build in {session.layout.responses}/.", err=True)
        return
    chosen = sorted({name for f in (formats or ("all",)) for name in (builder.ALL_FORMATS if f == "all" else [f])})
    if len(paths) >= PROGRESS_FROM:
        with click.progressbar(length=len(paths), label="Building", file=sys.stderr) as bar:
            report = builder.build(session, paths, out, chosen, progress=lambda _: bar.update(1))
    else:
        report = builder.build(session, paths, out, chosen)
    for path in report.written:
        click.echo(f"wrote {path}")
    if report.problems:
        _fail(report.problems.items)


@cli.command()
@root_option
def check(root: Path) -> None:
    """Validate every response, skrivelse, fragment and profile without building anything."""
    problems = builder.check(root)
    if problems:
        _fail(problems.items)
    click.echo("All sources are valid.")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@root_option
def text(file: Path, root: Path) -> None:
    """Print the text of a response (.yaml) or of a built Word file (.docx)."""
    if file.suffix.lower() == ".docx":
        click.echo(docx_text(file), nl=False)
        return
    session = _open(root)
    click.echo(render_text(session.document(file)), nl=False)


def _open(root: Path) -> builder.Session:
    return builder.Session.open(root)


def main() -> None:
    """Runs the command line; user errors become messages, never tracebacks."""
    try:
        cli(standalone_mode=True)
    except SourceError as exc:
        _fail(exc.problems)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("UTLATANDE_DEBUG"):
            raise
        click.echo(f"internal error (a bug in utlatande, not in your files): {type(exc).__name__}: {exc}", err=True)
        click.echo("Run again with UTLATANDE_DEBUG=1 to see where it happened, and report it.", err=True)
        sys.exit(2)
