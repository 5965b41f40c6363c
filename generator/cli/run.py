"""Running a command: problems reported in the chosen format, and the exit status, the same for
every command: 0 done, 1 problems in the sources (or warnings with --strict), 2 wrong use of
the command (also: not in a project), 130 interrupted by Ctrl-C, 143 by SIGTERM, 70 a bug in
utlatande (said as such)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from generator.cli.options import output
from generator.errors import Problem, SourceError, Terminated, internal_error
from generator.i18n import N_, t
from generator.shown import shown, shown_lines

INTERNAL_ERROR = 70
_AGAIN = N_("Run again with UTLATANDE_DEBUG=1 to see where it happened, and report it.")


def report(problems: list[Problem]) -> None:
    output().problems(problems)


def fail(problems: list[Problem]) -> None:
    report(problems)
    sys.exit(1)


def internal_errors(errors: list[tuple[Path, Exception]]) -> None:
    """Bugs met while building some responses (the others were built)."""
    for response, exc in errors:
        if os.environ.get("UTLATANDE_DEBUG"):
            raise exc
        click.echo(f"{shown(response)}: {internal_error(exc)}", err=True)
    if errors:
        click.echo(t(_AGAIN), err=True)


def run(command: click.Group) -> None:
    """Runs the command line; user errors become messages, never tracebacks."""
    stdout = sys.stdout
    try:
        command.main(standalone_mode=False, prog_name="utlatande")
    except SourceError as exc:
        fail(exc.problems)
    except click.exceptions.Abort as exc:  # click turns Ctrl-C (and our SIGTERM) into Abort
        _interrupted(143 if isinstance(exc.__cause__, Terminated) else 130)
    except KeyboardInterrupt as exc:
        _interrupted(143 if isinstance(exc, Terminated) else 130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        # click's messages repeat what was typed (a file name, an unknown option): shown safely.
        said = io.StringIO()
        exc.show(file=said)
        click.echo(shown_lines(said.getvalue()), err=True, nl=False)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        _reader_left()
    except SystemExit:
        # click ends with status 1 when the reader leaves while a command writes, after
        # replacing sys.stdout with a wrapper that hides the broken pipe; the reader leaving is
        # no error here.
        if sys.stdout is not stdout:
            _reader_left()
        raise
    except Exception as exc:
        if os.environ.get("UTLATANDE_DEBUG"):
            raise
        click.echo(internal_error(exc), err=True)
        click.echo(t(_AGAIN), err=True)
        sys.exit(INTERNAL_ERROR)


def _interrupted(status: int) -> None:
    click.echo(t("Interrupted; nothing half-written was left behind."), err=True)
    sys.exit(status)


def _reader_left() -> None:
    """The program reading our output stopped (`utlatande list | head -1`): that is no error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)
