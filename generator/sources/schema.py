"""The vocabulary for declaring a source format: kinds of value and mappings of keys.

A format is declared once (`formats.py`) as a `Schema`: its keys, each with a kind of value,
whether it is required, a default, a description in Swedish for the officer, and an example.
From that one declaration come the checking of a loaded file (every problem at its position,
all of them in one pass, `check`) and its JSON Schema (draft 2020-12, `json_schema`). Like
MkDocs' configuration options, each kind of value checks itself and describes itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Position, Problems, nearest
from generator.i18n import N_, swedish, t
from generator.sources.load import INVALID, YList, YMap
from generator.sources.records import Markdown as MarkdownText

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Node:
    """One value of a loaded file: as read, its text as written (for plain scalars), and where."""

    value: Any
    raw: str | None
    at: Position
    key: str

    @property
    def text(self) -> str | None:
        """The value as text, when YAML read something else from a plain scalar (`0755`)."""
        if isinstance(self.value, str):
            return self.value
        return self.raw


class Checker:
    """Collects the problems of one file while its values are checked."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def add(self, at: Position, message: str, hint: str = "") -> Any:
        self.problems.add(at, message, hint)
        return INVALID

    def warn(self, at: Position, message: str, hint: str = "") -> None:
        self.problems.warn(at, message, hint)


class Kind:
    """A kind of value. `check` returns the typed value, or INVALID after adding a problem."""

    #: How a value of this kind is named in messages: "'date' must be {noun}".
    noun = N_("a value")

    def check(self, node: Node, checker: Checker) -> Any:
        raise NotImplementedError

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _wrong(self, node: Node, checker: Checker) -> Any:
        return checker.add(node.at, t("'{key}' must be {noun}, not {value}",
                                      key=node.key, noun=t(self.noun), value=describe(node.value)))


@dataclass(frozen=True)
class Text(Kind):
    """Text on one or more lines; a plain scalar YAML reads as a number or date keeps its text."""

    pattern: str | None = None
    problem: str = N_("'{value}' is not valid")
    hint: str = ""
    multiline: bool = True
    empty_hint: str = ""
    """What to write where the value is empty, when "write the <key>" would not say enough."""
    noun: str = N_("text")

    def check(self, node: Node, checker: Checker) -> Any:
        text = node.text
        if text is None or isinstance(node.value, (YMap, YList)):
            return self._wrong(node, checker)
        text = text.strip()
        if not text:
            return checker.add(node.at, t("'{key}' is empty", key=node.key),
                               t(self.empty_hint) if self.empty_hint else t("write the {key}", key=node.key))
        if self.pattern and not re.fullmatch(self.pattern, text):
            return checker.add(node.at, t(self.problem, value=text), _maybe(self.hint))
        return text if self.multiline else " ".join(text.split())

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        if self.pattern:
            # The editor's message when the text does not match, as `check` words it (its
            # value is not known here: "'{value}' is not …" becomes "This is not …").
            said = swedish(self.problem).replace("'{value}'", "Det här").replace("{value}", "det här")
            hint = swedish(self.hint) if self.hint else ""
            return _written_as(self.pattern, said + (f". {hint[:1].upper()}{hint[1:]}" if hint else ""))
        # YAML 1.2 reads `title: 2024` as a number; utlatande keeps what was written.
        return {"type": ["string", "number", "boolean"], "minLength": 1}


@dataclass(frozen=True)
class Markdown(Kind):
    """Markdown text, kept with the place where it starts (for messages about its lines)."""

    noun: str = N_("text")

    def check(self, node: Node, checker: Checker) -> Any:
        text = Text().check(node, checker)
        return text if text is INVALID else MarkdownText(text, node.at)

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": ["string", "number"], "minLength": 1}


@dataclass(frozen=True)
class Date(Kind):
    noun: str = N_("a date written YYYY-MM-DD")

    def check(self, node: Node, checker: Checker) -> Any:
        if isinstance(node.value, dt.date):
            return node.value
        if isinstance(node.value, str):
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
        shown = node.text if node.text is not None else describe(node.value)
        return checker.add(node.at, t("'{key}' must be a date written YYYY-MM-DD, not '{value}'", key=node.key, value=shown),
                           t("for example 2024-09-24"))

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN,
                "patternErrorMessage": swedish(N_("This is not a date that exists: write YYYY-MM-DD, for example "
                                                  "2024-09-24"))}


#: A date that exists, YYYY-MM-DD: each month's days, and 29 February in leap years only.
DATE_PATTERN = (r"^(?!0000)(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
                r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
                r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$")


def _written_as(pattern: str, mismatch: str) -> dict[str, Any]:
    """The JSON Schema of text that must match `pattern`; `mismatch` is what the editor says when
    it does not (patternErrorMessage: yaml-language-server and VS Code show it instead of their
    own English). YAML 1.2, as an editor reads it, makes a number of `phone: 0850833333` and
    true of `id: true`; `check` takes what was written, so the schema takes such a number (of the
    digits the pattern needs, a leading zero perhaps dropped) or flag wherever the pattern takes
    its text."""
    forms: list[dict[str, Any]] = [{"type": "string", "pattern": f"^(?:{pattern})$", "patternErrorMessage": mismatch}]
    digits = next((count for count in range(1, 20) if re.fullmatch(pattern, "1" * count)), None)
    if digits is not None:
        forms.append({"type": "integer", "minimum": 10 ** max(digits - 2, 0) if digits > 1 else 0})
    if re.fullmatch(pattern, "true") and re.fullmatch(pattern, "false"):
        forms.append({"type": "boolean"})
    return forms[0] if len(forms) == 1 else {"anyOf": forms}


@dataclass(frozen=True)
class Whole(Kind):
    """A whole number from `minimum`."""

    minimum: int = 1
    example: int = 2
    noun: str = N_("a whole number")

    def check(self, node: Node, checker: Checker) -> Any:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            return checker.add(node.at, t("'{key}' must be a whole number from {minimum}", key=node.key, minimum=self.minimum),
                               t("e.g. {key}: {example}", key=node.key, example=self.example))
        return value

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum}


@dataclass(frozen=True)
class Flag(Kind):
    noun: str = N_("true or false")

    def check(self, node: Node, checker: Checker) -> Any:
        if isinstance(node.value, bool):
            return node.value
        checker.add(node.at, t("'{key}' must be true or false, not {value}", key=node.key, value=describe(node.value)),
                    t("write true or false (yes and no are read as text)"))
        return INVALID

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Choice(Kind):
    choices: tuple[str, ...] = ()

    def check(self, node: Node, checker: Checker) -> Any:
        text = node.text
        if text is None or text.strip() not in self.choices:
            shown = text if text is not None else describe(node.value)
            named = [repr(choice) for choice in self.choices]
            choices = t("{choices} or {choice}", choices=", ".join(named[:-1]), choice=named[-1]) if len(named) > 1 else named[0]
            return checker.add(node.at, t("{key} must be {choices}, not '{value}'", key=node.key, choices=choices, value=shown),
                               nearest(shown, set(self.choices)) if text is not None else "")
        return text.strip()

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class Ref(Kind):
    """A name of something defined elsewhere in the project (a fragment, a profile): checked
    like its `kind`; the project's schema lists the names that exist, for completion."""

    kind: Text = field(default_factory=Text)
    project: str = ""

    def check(self, node: Node, checker: Checker) -> Any:
        return self.kind.check(node, checker)

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"$ref": f"project.schema.json#/$defs/{self.project}"}


@dataclass(frozen=True)
class ListOf(Kind):
    """A list; invalid items are left out (after their problem is reported)."""

    item: Kind = field(default_factory=Text)
    min_items: int = 0
    single: bool = False
    """A single value is accepted as a list of one (`authors: Jan Jönsson`)."""

    noun: str = N_("a list")

    def check(self, node: Node, checker: Checker) -> Any:
        value = node.value
        if self.single and not isinstance(value, (YList, YMap)):
            checked = self.item.check(node, checker)
            return [] if checked is INVALID else [Entry(checked, node.at)]
        if not isinstance(value, YList):
            return self._wrong(node, checker)
        if len(value) < self.min_items:
            return checker.add(node.at, t("'{key}' is an empty list", key=node.key),
                               t("add at least one item to '{key}'", key=node.key))
        out = []
        for index, item in enumerate(value):
            if item is INVALID:
                continue
            child = Node(item, value.raw.get(index), value.item_pos[index], node.key)
            if item is None:
                checker.add(child.at, t("an item of '{key}' has no value", key=node.key), t("fill it in or remove the '-' line"))
                continue
            checked = self.item.check(child, checker)
            if checked is not INVALID:
                out.append(Entry(checked, child.at))
        return out

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json(defs)}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.single:
            return {"anyOf": [self.item.json(defs), schema]}
        return schema


@dataclass(frozen=True)
class Entry:
    """A checked item of a list, with where it stood."""

    value: Any
    at: Position


@dataclass(frozen=True)
class Names(Kind):
    """A mapping of free names to values of one kind (a fragment's variants, a profile's voice)."""

    value: Kind = field(default_factory=Text)
    name: Text = field(default_factory=Text)
    noun: str = N_("a mapping")

    def check(self, node: Node, checker: Checker) -> Any:
        if not isinstance(node.value, YMap):
            return self._wrong(node, checker)
        data = node.value
        out: dict[str, Any] = {}
        for name, item in data.items():
            if self.name.check(Node(name, None, data.key_pos[name], node.key), checker) is INVALID or item is INVALID:
                continue
            child = Node(item, data.raw.get(name), data.value_pos[name], name)
            if item is None:
                checker.add(data.key_pos[name], t("'{key}' has no value", key=name),
                            t("fill in the {key}, or remove it", key=name))
                continue
            checked = self.value.check(child, checker)
            if checked is not INVALID:
                out[name] = checked
        return out

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        schema = {"type": "object", "additionalProperties": self.value.json(defs)}
        if self.name.pattern:
            schema["propertyNames"] = {"pattern": f"^(?:{self.name.pattern})$"}
        return schema


@dataclass(frozen=True)
class Either(Kind):
    """One of several kinds, chosen by the shape of the value (text or a list, say)."""

    alternatives: tuple[tuple[Callable[[Any], bool], Kind], ...] = ()
    noun: str = N_("a value")

    def check(self, node: Node, checker: Checker) -> Any:
        for fits, kind in self.alternatives:
            if fits(node.value):
                return kind.check(node, checker)
        return self._wrong(node, checker)

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [kind.json(defs) for _, kind in self.alternatives]}


@dataclass(frozen=True)
class Key:
    name: str
    kind: Kind
    description: str
    required: bool = False
    default: Any = None
    example: Any = None
    refused: str = ""
    """Why the key may not be used (kept so that the message can say so)."""
    refused_hint: str = N_("remove the line ('utlatande migrate' removes it for you)")
    empty_allowed: bool = False
    """A key that earlier versions wrote without a value is let be: it says nothing (the editor's
    schema allows it empty too)."""


Rule = Callable[["Values", Checker], None]


@dataclass(frozen=True)
class Schema(Kind):
    """A mapping with known keys; unknown keys are reported with the nearest valid one."""

    name: str = ""
    what: str = ""
    description: str = ""
    keys: tuple[Key, ...] = ()
    rules: tuple[Rule, ...] = ()
    noun: str = N_("a mapping")

    def key(self, name: str) -> Key:
        return next(k for k in self.keys if k.name == name)

    def check(self, node: Node, checker: Checker) -> Any:
        if not isinstance(node.value, YMap):
            if node.value is not INVALID:
                self._wrong(node, checker)
            return INVALID
        return self.check_mapping(node.value, checker)

    def check_mapping(self, data: YMap, checker: Checker) -> Values:
        errors_before = len(checker.problems.errors)
        known = {k.name: k for k in self.keys}
        values: dict[str, Any] = {}
        for name in data:
            key = known.get(name)
            if key is None:
                checker.add(data.key_pos[name], t("unknown key '{name}' in the {what}", name=name, what=_maybe(self.what)),
                            nearest(name, {k.name for k in self.keys if not k.refused}))
            elif key.refused and not (key.empty_allowed and data[name] is None):
                checker.add(data.key_pos[name], t("'{name}' cannot be used: {reason}", name=name, reason=t(key.refused)),
                            _maybe(key.refused_hint))
        for key in self.keys:
            if key.refused:
                continue
            if key.name not in data:
                if key.required:
                    checker.add(data.pos, t("{what}: required key '{key}' is missing", what=_maybe(self.what), key=key.name),
                                t("add '{key}:' to the {what}", key=key.name, what=_maybe(self.what)))
                values[key.name] = key.default
                continue
            value = data[key.name]
            if value is INVALID:
                values[key.name] = INVALID
                continue
            if value is None:
                if key.required:
                    checker.add(data.key_pos[key.name], t("'{key}' has no value", key=key.name),
                                t("fill in the {key} (see the TODO comment, if any)", key=key.name))
                values[key.name] = INVALID if key.required else key.default
                continue
            node = Node(value, data.raw.get(key.name), data.value_pos[key.name], key.name)
            values[key.name] = key.kind.check(node, checker)
        # A value the loader found unusable (an impossible date) was reported when it was read.
        clean = len(checker.problems.errors) == errors_before and INVALID not in values.values()
        checked = Values(self, data, values, clean=clean)
        for rule in self.rules:
            rule(checked, checker)
        return checked

    def json(self, defs: dict[str, Any]) -> dict[str, Any]:
        if self.name not in defs:
            defs[self.name] = {}
            defs[self.name] = self.object_schema(defs)
        return {"$ref": f"#/$defs/{self.name}"}

    def object_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        properties = {}
        for key in self.keys:
            if key.refused:
                if key.empty_allowed:
                    properties[key.name] = {"type": "null", "description": f"Används inte: {key.refused}."}
                continue
            schema = dict(key.kind.json(defs))
            if key.empty_allowed:
                schema = {"anyOf": [schema, {"type": "null"}]}
            schema["description"] = key.description
            if key.default is not None and not isinstance(key.default, (list, dict)):
                schema["default"] = key.default
            if key.example is not None:
                schema["examples"] = [key.example]
            properties[key.name] = schema
        out: dict[str, Any] = {"type": "object", "description": self.description, "properties": properties,
                               "additionalProperties": False}
        required = [k.name for k in self.keys if k.required]
        if required:
            out["required"] = required
        return out

    def walk_keys(self, prefix: str = "") -> Iterator[str]:
        """Every key path of the format ("answers.parts.fragment"), for the README's reference.
        Of a value of several shapes only a mapping shape is looked into (a question as an id or
        as id and wording), not a list (a summary in Markdown or as parts)."""
        for key in self.keys:
            if key.refused:
                continue
            path = f"{prefix}{key.name}"
            yield path
            for inner in _schemas_in(key.kind):
                yield from inner.walk_keys(path + ".")


def _schemas_in(kind: Kind) -> list[Schema]:
    if isinstance(kind, Schema):
        return [kind]
    if isinstance(kind, ListOf):
        return _schemas_in(kind.item)
    if isinstance(kind, Either):
        return [alternative for _, alternative in kind.alternatives if isinstance(alternative, Schema)]
    return []


class Values:
    """A checked mapping: each key's typed value (None when absent or invalid) and positions."""

    def __init__(self, schema: Schema, data: YMap, values: dict[str, Any], clean: bool) -> None:
        self.schema = schema
        self.data = data
        self._values = values
        self.clean = clean
        """No problem was found in the mapping or anything inside it."""

    def __getitem__(self, key: str) -> Any:
        value = self._values[key]
        return None if value is INVALID else value

    def invalid(self, key: str) -> bool:
        return self._values[key] is INVALID

    def given(self, key: str) -> bool:
        return key in self.data

    @property
    def pos(self) -> Position:
        return self.data.pos

    def at(self, key: str) -> Position:
        return self.data.value_pos.get(key, self.data.pos)

    def key_at(self, key: str) -> Position:
        return self.data.key_pos.get(key, self.data.pos)


def json_schema(schema: Schema, title: str, path_hint: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a format, its definitions inlined under $defs."""
    defs: dict[str, Any] = {}
    top = schema.object_schema(defs)
    out = {"$schema": JSON_SCHEMA, "title": title,
           "description": f"{schema.description} ({path_hint})", **{k: v for k, v in top.items() if k != "description"}}
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def describe(value: Any) -> str:
    """How a value is named in a message: "'date' must be a date …, not the number 5"."""
    if isinstance(value, bool):
        return t("true/false")
    if isinstance(value, YMap):
        return t("a mapping")
    if isinstance(value, YList):
        return t("a list")
    if isinstance(value, (int, float)):
        return t("the number {value}", value=value)
    if isinstance(value, dt.date):
        return t("the date {value}", value=value)
    return f"'{value}'"


def _maybe(message: str) -> str:
    """`message` translated, or "" for no message (gettext would give the catalog's header)."""
    return t(message) if message else ""


def is_flag(value: Any) -> bool:
    return isinstance(value, bool)


def is_text(value: Any) -> bool:
    return not isinstance(value, (YMap, YList))


def is_list(value: Any) -> bool:
    return isinstance(value, YList)


def is_mapping(value: Any) -> bool:
    return isinstance(value, YMap)
