"""The project: where it is, and its settings file (utlatande.toml).

Every command finds the project by walking up from the current folder, as git does
(`generator.where`). The settings file changes the level of a rule or turns it off:

    [rules]
    todo = "error"        # "error", "warning" or "ignore"; the codes: utlatande rules
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks.rules import RULES
from generator.errors import (
    Position,
    Problems,
    SourceError,
    configure_levels,
    nearest,
    position_in,
)
from generator.i18n import t
from generator.where import FILE

LEVELS = ("error", "warning", "ignore")


@dataclass(frozen=True)
class Settings:
    path: Path | None
    levels: dict[str, str] = field(default_factory=dict)


def load(root: Path) -> Settings:
    """The project's settings (none when it has no settings file); every mistake in the file at
    its line."""
    path = root / FILE
    if not path.is_file():
        return Settings(None)
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = _decode_position(str(exc))
        raise SourceError.at(Position(path, line, col),
                             t("the settings file is not valid TOML: {reason}", reason=_reason(str(exc))),
                             t("see the example in the README, section 'The settings file'")) from None
    problems = Problems()
    for key in data:
        if key != "rules":
            problems.add(_position(path, text, key), t("unknown section or key '{key}' in the settings file", key=key),
                         nearest(key, {"rules"}))
    rules = data.get("rules", {})
    levels: dict[str, str] = {}
    if not isinstance(rules, dict):
        problems.add(_position(path, text, "rules"), t("'rules' must be a table: [rules]"))
        rules = {}
    for code, level in rules.items():
        at = _position(path, text, code)
        if code not in RULES:
            problems.add(at, t("there is no rule '{code}'", code=code), nearest(code, set(RULES)))
        elif level not in LEVELS:
            problems.add(at, t("the level of '{code}' must be \"error\", \"warning\" or \"ignore\"", code=code))
        elif RULES[code].fixed and level != RULES[code].level:
            problems.add(at, t("the level of '{code}' cannot be changed: what it refuses cannot be made", code=code),
                         t("remove the line"))
        else:
            levels[code] = level
    problems.raise_if_any()
    return Settings(path, levels)


def apply(settings: Settings) -> None:
    """The levels of the rules for this process (and the worker processes it starts)."""
    configure_levels(settings.levels)


def _position(path: Path, text: str, key: str) -> Position:
    """Where `key` is set (TOML's parser gives no positions for values)."""
    match = re.search(rf'^[ \t]*(?P<key>\[?"?{re.escape(key)}"?)[ \t]*(?:=|\])', text, re.M)
    return position_in(text, match.start("key"), Position(path, 1, 1)) if match else Position(path)


def _decode_position(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match[1]), int(match[2])) if match else (0, 0)


def _reason(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
