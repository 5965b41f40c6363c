"""Typed access to a loaded YAML mapping that collects every problem instead of stopping at one.

Each accessor records the key as known; `done()` then reports the keys nobody asked for as
unknown, with the nearest valid key as a hint. The key lists therefore live in one place: the
code that reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable, TypeVar

from generator.errors import Position, Problems, nearest
from generator.sources.load import INVALID, YList, YMap

T = TypeVar("T")

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}


class Fields:
    """Reads the keys of one mapping; `what` names the mapping in messages ("response")."""

    def __init__(self, data: YMap, what: str, problems: Problems) -> None:
        self.data = data
        self.what = what
        self.problems = problems
        self.known: set[str] = set()

    @property
    def pos(self) -> Position:
        return self.data.pos

    def key_at(self, key: str) -> Position:
        return self.data.key_pos.get(key, self.data.pos)

    def value_at(self, key: str) -> Position:
        return self.data.value_pos.get(key, self.data.pos)

    def has(self, key: str) -> bool:
        self.known.add(key)
        return self.data.get(key) is not None

    def _get(self, key: str, kind: type, required: bool) -> Any:
        self.known.add(key)
        value = self.data.get(key)
        if value is INVALID:
            return None
        if value is None:
            if required and key in self.data:
                self.problems.add(self.key_at(key), f"'{key}' has no value", f"fill in the {key} (see the TODO comment, if any)")
            elif required:
                self.problems.add(
                    self.data.pos, f"{self.what}: required key '{key}' is missing", f"add '{key}:' to the {self.what}"
                )
            return None
        if kind is str and not isinstance(value, str):
            # A plain scalar YAML would read as a number, date or true/false: keep what was written.
            value = self.data.raw.get(key, value)
        accepted: tuple[type, ...] = (kind,)
        if kind is list:
            accepted = (YList,)
        elif kind is dict:
            accepted = (YMap,)
        if isinstance(value, bool) and kind is not bool or not isinstance(value, accepted):
            self.problems.add(
                self.value_at(key),
                f"'{key}' must be {_TYPE_NAMES[kind]}, not {_describe(value)}",
            )
            return None
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, str, required)
        if value is None:
            return None
        text = str(value).strip()
        if not text and required:
            self.problems.add(self.value_at(key), f"'{key}' is empty", f"write the {key}")
            return None
        return text or None

    def markdown(self, key: str, required: bool = True) -> tuple[str, Position] | None:
        text = self.text(key, required)
        return (text, self.value_at(key)) if text is not None else None

    def flag(self, key: str, default: bool) -> bool:
        value = self._get(key, bool, False)
        return default if value is None else value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        self.known.add(key)
        value = self.data.get(key)
        if value is None or value is INVALID:
            return self._get(key, str, required)
        return parse_date(value, self.value_at(key), key, self.problems)

    def mapping(self, key: str, what: str, required: bool = True) -> Fields | None:
        value = self._get(key, dict, required)
        return Fields(value, what, self.problems) if value is not None else None

    def items(self, key: str, required: bool = True) -> list[tuple[Any, Position]]:
        value = self._get(key, list, required)
        if value is None:
            return []
        if not value and required:
            self.problems.add(self.value_at(key), f"'{key}' is an empty list", f"add at least one item to '{key}'")
        return list(zip(value, value.item_pos))

    def texts(self, key: str, required: bool = True) -> list[str]:
        """A list of text items; a single text is accepted as a list of one."""
        self.known.add(key)
        single = self.data.raw.get(key, self.data.get(key))
        if isinstance(single, str):
            return [single.strip()]
        out = []
        value = self.data.get(key)
        for index, (item, at) in enumerate(self.items(key, required)):
            item = value.raw.get(index, item)
            if isinstance(item, str):
                out.append(item.strip())
            elif item is not INVALID:
                self.problems.add(at, f"every item of '{key}' must be text, not {_describe(item)}")
        return out

    def records(self, key: str, what: str, read: Callable[[Fields], T | None], required: bool = True) -> list[T]:
        """Reads a list of mappings with `read`, reporting items that are not mappings."""
        out = []
        for item, at in self.items(key, required):
            if item is INVALID:
                continue
            if not isinstance(item, YMap):
                self.problems.add(at, f"every item of '{key}' must be a mapping ({what}), not {_describe(item)}")
                continue
            fields = Fields(item, what, self.problems)
            record = read(fields)
            fields.done()
            if record is not None:
                out.append(record)
        return out

    def done(self) -> None:
        for key in self.data:
            if key not in self.known:
                self.problems.add(
                    self.data.key_pos[key], f"unknown key '{key}' in the {self.what}", nearest(key, self.known)
                )


def parse_date(value: Any, at: Position, key: str, problems: Problems) -> dt.date | None:
    """A date from a YAML date or an ISO text; anything else is reported."""
    if isinstance(value, dt.datetime):
        problems.add(at, f"'{key}' must be a date without a time", "write YYYY-MM-DD")
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.add(at, f"'{key}' must be a date written YYYY-MM-DD, not '{value}'", "for example 2024-09-24")
    return None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value}"
    return f"'{value}'"
