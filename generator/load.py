"""Reads YAML source files safely into plain data that remembers where every value stood."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Position, Problems, SourceError

#: Anchors and aliases are allowed, but a document may not expand to more values than
#: this: it stops "billion laughs" files from exhausting memory.
MAX_VALUES = 50_000

#: Characters that cannot be stored in a Word (XML 1.0) document, and U+E000, which the
#: assembler reserves to mark where pre-built blocks go (see markdown_blocks.SLOT).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ue000\ufffe\uffff]")


class Invalid:
    """Stands for a value that was already reported as a problem, so it is not reported again."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


class YMap(dict):
    """A YAML mapping with the positions of its keys and values."""

    pos: Position
    key_pos: dict[str, Position]
    value_pos: dict[str, Position]


class YList(list):
    """A YAML sequence with the positions of its items."""

    pos: Position
    item_pos: list[Position]


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def read_text(path: Path) -> str:
    """The file's text; empty files and bytes that are not UTF-8 are errors with a position."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError.at(Position(path), "file not found") from None
    except IsADirectoryError:
        raise SourceError.at(Position(path), "is a folder, not a file") from None
    except OSError as exc:
        raise SourceError.at(Position(path), f"cannot read the file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError.at(
            Position(path, line, col),
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceError.at(Position(path, 1, 1), "the file is empty", "fill it in, or delete it")
    return text


def load_yaml(path: Path, problems: Problems) -> YMap:
    """Loads one YAML file whose top level is a mapping, with positions for every value.

    A file that cannot be read at all raises SourceError. A value that cannot be used (an
    impossible date, an unstorable character) is added to `problems` and becomes INVALID, so the
    rest of the file is still checked.
    """
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        raise SourceError.at(
            _position(path, mark), f"YAML syntax error: {message}", _syntax_hint(message)
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise SourceError.at(
            Position(path, line, col),
            f"character U+{code:04X} cannot be stored in a document",
            "delete it: control characters often come along when text is pasted from a PDF",
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError.at(Position(path), f"YAML error: {exc}") from None
    if node is None:
        raise SourceError.at(Position(path, 1, 1), "the file is empty", "fill it in, or delete it")
    converter = _Converter(path, problems)
    value = converter.convert(node)
    if not isinstance(value, YMap):
        raise SourceError.at(
            _position(path, node.start_mark),
            "the file must be a YAML mapping (key: value lines) at the top level",
        )
    return value


def unstorable_character(text: str) -> tuple[int, str] | None:
    """Index and character of the first character Word cannot store, if any."""
    match = _UNSTORABLE.search(text)
    return (match.start(), match.group()) if match else None


def _position(path: Path, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(path)
    return Position(path, mark.line + 1, mark.column + 1)


def _syntax_hint(message: str) -> str:
    if "tab" in message or "'\\t'" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted, or written as a block with '|'"
    if "could not find expected ':'" in message:
        return "check the indentation and that every key is followed by ':'"
    return "check the indentation and quoting on this line and the one before"


def _text_start(path: Path, node: yaml.Node) -> Position:
    """Where a scalar's text begins: for '|' and '>' blocks, the line after the indicator."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return Position(path, node.start_mark.line + 2, 1)
    return _position(path, node.start_mark)


class _Converter:
    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def convert(self, node: yaml.Node) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise SourceError.at(
                _position(self.path, node.start_mark),
                f"the document expands to more than {MAX_VALUES} values",
                "anchors and aliases ('&' and '*') may not multiply the document this much",
            )
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            self.problems.add(
                _position(self.path, node.start_mark), f"the tag '{node.tag}' is not allowed",
                "remove it: these files hold plain text, dates, lists and mappings only",
            )
            return INVALID
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            items.pos = _position(self.path, node.start_mark)
            items.item_pos = []
            for child in node.value:
                items.append(self.convert(child))
                items.item_pos.append(_text_start(self.path, child))
            return items
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode) -> YMap:
        result = YMap()
        result.pos = _position(self.path, node.start_mark)
        result.key_pos = {}
        result.value_pos = {}
        for key_node, value_node in node.value:
            key_at = _position(self.path, key_node.start_mark)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.add(key_at, "merge keys ('<<') are not supported", "write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(key_at, "a key must be a plain word")
                continue
            key = str(key_node.value)
            if key in result:
                self.problems.add(
                    key_at,
                    f"key '{key}' appears twice (first on line {result.key_pos[key].line})",
                    "remove one of them",
                )
                continue
            result[key] = self.convert(value_node)
            result.key_pos[key] = key_at
            result.value_pos[key] = _text_start(self.path, value_node)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        at = _position(self.path, node.start_mark)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.problems.add(at, f"'{node.value}' is not a real date", "write a date that exists as YYYY-MM-DD")
            else:
                self.problems.add(at, f"cannot read the value '{node.value}': {exc}", "quote it to make it text")
            return INVALID
        if isinstance(value, str):
            bad = unstorable_character(value)
            if bad:
                index, char = bad
                self.problems.add(
                    at,
                    f"character U+{ord(char):04X} at position {index + 1} of this text cannot be stored in a document",
                    "delete it: control characters often come along when text is pasted from a PDF",
                )
                return INVALID
        return value
