"""How problems are shown: text for people (in colour on a terminal), or JSON, GitHub workflow
commands or GitLab Code Quality for CI, which then marks the lines in the review. Every path and
text passes `shown` on its way out, in the form its format needs."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, replace
from typing import TextIO

import click

from generator.errors import Part, Problem, problem_text
from generator.i18n import t, tn
from generator.shown import github_data, github_property, shown, shown_lines

FORMATS = ("text", "json", "github", "gitlab")
#: The code of a problem no declared rule found: a mistake in one file (a key, a value, YAML).
SOURCE_CODE = "source"


def wants_colour(stream: TextIO) -> bool:
    """NO_COLOR (https://no-color.org) turns colour off, FORCE_COLOR on; else a terminal has it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return stream.isatty()


@dataclass
class Output:
    """Where and how a command speaks: its format, how much it says, and the command to show in
    hints (the way utlatande was started here, so that a hint can be run as printed)."""

    format: str = "text"
    quiet: bool = False
    verbose: bool = False
    program: str = "utlatande"

    @property
    def machine(self) -> bool:
        return self.format != "text"

    def info(self, text: str) -> None:
        """What a command did ("wrote build/x.pdf"); kept off standard output when that carries
        JSON or workflow commands, and left out with -q."""
        if not self.quiet:
            click.echo(shown_lines(self.commands(text)), err=self.machine)

    def detail(self, text: str) -> None:
        """Said only with -v."""
        if self.verbose:
            click.echo(shown_lines(self.commands(text)), err=True)

    def commands(self, text: str) -> str:
        """`text` with each `utlatande …` command written the way it can be run here."""
        if self.program == "utlatande":
            return text
        return _COMMAND.sub(self.program + " ", text)

    def problems(self, problems: list[Problem]) -> None:
        problems = list(dict.fromkeys(problems))  # the same problem met by several responses is said once
        # Each file's problems together and in the order of its lines (the files in the order met),
        # however many checks found them.
        files: dict[str, int] = {}
        for problem in problems:
            files.setdefault(str(problem.at.path), len(files))
        problems.sort(key=lambda p: (files[str(p.at.path)], p.at.line, p.at.col))
        if self.format == "json":
            click.echo(json.dumps([self._record(p) for p in problems], ensure_ascii=False, indent=2))
        elif self.format == "github":
            for problem in problems:
                click.echo(_github(problem, self.commands(problem.message), self.commands(problem.hint)))
        elif self.format == "gitlab":
            click.echo(json.dumps([_gitlab(p) for p in problems], ensure_ascii=False, indent=2))
        else:
            self._text(problems)

    def _text(self, problems: list[Problem]) -> None:
        colour = wants_colour(sys.stderr)
        for problem in problems:
            if self.quiet and problem.warning:
                continue
            said = replace(problem, message=self.commands(problem.message), hint=self.commands(problem.hint))
            click.echo(problem_text(said, code=True, paint=_paint if colour else None), err=True, color=colour)
        errors = sum(1 for p in problems if not p.warning)
        warnings = len(problems) - errors
        if errors and warnings:
            summary = t("{problems} and {warnings} found.", problems=tn("{count} problem", "{count} problems", errors),
                        warnings=tn("{count} warning", "{count} warnings", warnings))
        elif errors:
            summary = tn("{count} problem found.", "{count} problems found.", errors)
        else:
            summary = tn("{count} warning found.", "{count} warnings found.", warnings)
        if errors or not self.quiet:
            click.echo(summary, err=True)

    def _record(self, problem: Problem) -> dict:
        return {
            "file": shown(problem.at.path), "line": problem.at.line or None, "column": problem.at.col or None,
            "code": problem.code or SOURCE_CODE, "level": "warning" if problem.warning else "error",
            "message": shown_lines(self.commands(problem.message)), "hint": shown_lines(self.commands(problem.hint)) or None,
        }


#: The commands a hint may name; tests/test_cli.py checks that these are all the commands.
COMMANDS = ("approvals", "approve", "archive", "build", "check", "fragment", "fragments", "import", "init", "list", "migrate",
            "new", "redline", "rules", "schema", "serve", "server", "suggest", "text", "where-used")
_COMMAND = re.compile(r"(?<![\w/.\\-])utlatande (?=(?:" + "|".join(COMMANDS) + r")\b)")


def _paint(part: Part, text: str) -> str:
    """A part of a problem's first line in a terminal's colours."""
    if part == "where":
        return click.style(text, bold=True)
    if part == "warning":
        return click.style(text, fg="yellow", bold=True)
    return click.style(text, fg="red")


def _github(problem: Problem, message: str, hint: str) -> str:
    """A workflow command: GitHub shows it on the line in the pull request."""
    kind = "warning" if problem.warning else "error"
    properties = [f"file={github_property(problem.at.path)}"]
    if problem.at.line:
        properties.append(f"line={problem.at.line}")
    if problem.at.col:
        properties.append(f"col={problem.at.col}")
    # A rule's code names it (and [rules] in utlatande.toml takes it); any other problem is the file's own.
    title = problem.code or (t("utlatande: warning") if problem.warning else t("utlatande: error"))
    properties.append(f"title={github_property(title)}")
    text = message + ("\n" + t("hint: {hint}", hint=hint) if hint else "")
    return f"::{kind} {','.join(properties)}::{github_data(text)}"


def _gitlab(problem: Problem) -> dict:
    """A GitLab Code Quality issue: GitLab shows it in the merge request."""
    code = problem.code or SOURCE_CODE
    path, message = shown(problem.at.path), shown_lines(problem.message)
    identity = f"{path}:{problem.at.line}:{code}:{message}".encode()
    return {
        "description": message + (f" ({shown_lines(problem.hint)})" if problem.hint else ""),
        "check_name": code,
        "fingerprint": hashlib.sha256(identity).hexdigest(),
        "severity": "minor" if problem.warning else "major",
        "location": {"path": path, "lines": {"begin": problem.at.line or 1}},
    }
