"""The one exception users can cause: a list of problems, each tied to a file, line and column."""

from __future__ import annotations

import difflib
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from generator.i18n import t
from generator.shown import shown, shown_lines


@dataclass(frozen=True)
class Position:
    """A place in a source file; line and column count from 1, 0 when unknown."""

    path: Path
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        where = shown(self.path)
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return where

    def shifted(self, lines: int, col: int = 0) -> Position:
        return Position(self.path, self.line + lines, col or self.col)


def position_in(text: str, index: int, at: Position) -> Position:
    """The file position of `text[index]`, for text that starts at `at` (lines at one indentation)."""
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    if line == 0:
        return Position(at.path, at.line, at.col + column if at.col else 0)
    return Position(at.path, at.line + line, (at.col or 1) + column)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the sources, and what to do about it; a warning does not stop a build."""

    at: Position
    message: str
    hint: str = ""
    warning: bool = False
    code: str = ""
    """The rule's code (checks/rules.py), for problems found by a declared rule."""

    def __str__(self) -> str:
        return problem_text(self)


#: The parts of a problem's first line that a terminal may colour: its place, the label of a
#: warning, and the message of an error.
Part = Literal["where", "warning", "error"]
#: Colours a part (report.py does, for a terminal): given the part and its text, the text to show.
Paint = Callable[[Part, str], str]


def problem_text(problem: Problem, *, code: bool = False, paint: Paint | None = None) -> str:
    """The one layout of a problem for people: `path:line:col: warning: message [code]`, then
    `    hint: …` on a line of its own, each part as `shown` makes text from files safe. The
    rule's code is shown when `code` asks for it; `paint` colours the parts of the first line."""
    def painted(part: Part, text: str) -> str:
        return paint(part, text) if paint else text

    label = painted("warning", t("warning: ")) if problem.warning else ""
    said = shown_lines(problem.message)
    message = said if problem.warning else painted("error", said)
    text = f"{painted('where', f'{problem.at}:')} {label}{message}"
    if code and problem.code:
        text += f" [{problem.code}]"
    if problem.hint:
        text += "\n    " + t("hint: {hint}", hint=shown_lines(problem.hint))
    return text


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that temporary files are removed; the exit status is 143."""


class SourceError(Exception):
    """Raised with every problem found, so one run reports them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, at: Position, message: str, hint: str = "") -> SourceError:
        return cls([Problem(at, message, hint)])


def _problem_order(problem: Problem) -> tuple:
    return (str(problem.at.path), problem.at.line, problem.at.col, problem.message)


# The project's levels for its rules (utlatande.toml), set once when the project is opened: the
# rules report from everywhere, like the language of messages.
_levels: dict[str, str] = {}


def configure_levels(levels: dict[str, str]) -> None:
    """Rule code → "error", "warning" or "ignore", for every problem reported from now on."""
    _levels.clear()
    _levels.update(levels)


class Rule(Protocol):
    """What a problem needs of a declared rule (checks/rules.py, which stands above this module)."""

    @property
    def code(self) -> str: ...

    @property
    def level(self) -> str: ...


class Problems:
    """Collects problems during a pass; `raise_if_any` turns them into one SourceError."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, at: Position, message: str, hint: str = "") -> None:
        self.items.append(Problem(at, message, hint))

    def warn(self, at: Position, message: str, hint: str = "") -> None:
        self.items.append(Problem(at, message, hint, warning=True))

    def report(self, rule: Rule, at: Position, message: str, hint: str = "") -> None:
        """A problem found by a declared rule, at the rule's level (checks/rules.py), or the
        level the project's settings give it; nothing when they turn the rule off."""
        level = _levels.get(rule.code, rule.level)
        if level != "ignore":
            self.items.append(Problem(at, message, hint, warning=level == "warning", code=rule.code))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def extend(self, error: SourceError) -> None:
        self.items.extend(error.problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        """Raises the errors (warnings alone do not raise)."""
        if self.errors:
            raise SourceError(self.errors)


def closest(word: str, choices: list[str] | set[str]) -> str | None:
    """The valid choice closest to `word`, if one is close enough to be what was meant."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def nearest(word: str, choices: list[str] | set[str]) -> str:
    """A hint naming the closest valid choice, or listing the choices when none is close."""
    options = sorted(choices)
    if (choice := closest(word, options)) is not None:
        return t("did you mean '{choice}'?", choice=choice)
    if not options:
        return ""
    listed = ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    return t("valid choices: {choices}", choices=listed)


def internal_error(exc: BaseException) -> str:
    """What is said of a bug in utlatande (never a user's mistake): its kind and reason, with
    the traceback printed first when UTLATANDE_DEBUG asks for it."""
    if os.environ.get("UTLATANDE_DEBUG"):
        traceback.print_exception(exc)
    return t("internal error (a bug in utlatande, not in your files): {kind}: {reason}", kind=type(exc).__name__,
             reason=shown_lines(exc))
