"""Writes source files: the one YAML writer behind `new`, `import`, `fragment extract`, `init`
and `approve`.

A command gives a file's content as data, and `yaml_text` writes it in the format of its folder
(formats.py): the keys of a mapping with their values, in the order the format declares them,
and where it wants them, comments (`Comment`), keys or items to uncomment (`Commented`) and
blank lines (`BLANK`). A mapping is a dict, or a list of those parts when it has comments.

Each value is written as its kind in the format calls for: Markdown as a `|` block; other text
on one line, plain when it reads back as the same text and quoted otherwise (`0755`, `yes`,
`a: b`, a leading `#`, a line break); dates as YYYY-MM-DD, flags as true or false, lists and
mappings indented. A command may ask for another style (`Styled`: a long text folded, a block
of lines as a `|` block, a short list on one line, a text quoted); it is taken where the value
reads back exactly. Comments stay on one line, so that no part of one can become a line of YAML.

A file starts with the line that tells an editor its schema. Before its text is returned it is
read back: a file that would not load, whose values read back differently from what was given,
or whose commented-out YAML would not read back as given once uncommented, is a bug in
utlatande and is never written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.errors import Problems, SourceError
from generator.i18n import t
from generator.sources.formats import FORMATS
from generator.sources.load import YList, YMap, parse_yaml
from generator.sources.schema import (
    Choice,
    Date,
    Either,
    Flag,
    Kind,
    ListOf,
    Markdown,
    Names,
    Ref,
    Schema,
    Text,
    Whole,
)

WIDTH = 92
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")
#: What YAML reads as the end of a line, in a comment too.
_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
#: What a YAML file cannot hold as it is (outside YAML's printable characters).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: What a double-quoted value escapes beyond JSON's escapes: what YAML cannot hold, and what
#: libyaml takes for a line break (U+0085 always; U+2028 and U+2029 after a space, and in a key).
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_FLOW_INDICATORS = re.compile(r"[,\[\]{}]")


@dataclass(frozen=True)
class Entry:
    """A key of a mapping and its value. None leaves the key empty (a gap to fill in); a
    `Commented` value follows the key commented out. A `note` ends the key's line: a comment
    ("# …"), or in commented-out YAML any text."""

    key: str
    value: Any
    note: str = ""


@dataclass(frozen=True)
class Item:
    """An item of a list with a `note` at the end of its first line."""

    value: Any
    note: str = ""


@dataclass(frozen=True)
class Comment:
    """A comment line where it stands, at the indentation of what is around it; `indent` more
    spaces after its '# '. An empty text is a line with only '#'."""

    text: str
    indent: int = 0


@dataclass(frozen=True)
class Commented:
    """YAML to uncomment: an `Entry` of a mapping, an item of a list, or the value of an Entry.
    It is written as it would be live, each line behind '# ' (a value: behind '#' at the margin,
    so that deleting the '#' puts it in place), and must read back as given once uncommented."""

    content: Any


@dataclass(frozen=True)
class Styled:
    """A value in a style other than its kind's: "quoted" (a text in double quotes), "folded"
    (a long text on several lines, '>-'), "literal" (a text as a '|' block, as Markdown is) or
    "flow" (a list on one line, `[a, b]`)."""

    value: Any
    style: Literal["quoted", "folded", "literal", "flow"]


class _Blank:
    def __repr__(self) -> str:
        return "BLANK"


#: An empty line.
BLANK = _Blank()


def yaml_text(folder: str, content: Any, path: Path) -> str:
    """The text of a file of the source folder `folder` holding `content`, read back; `path` is
    where it will be written (for the message if it does not read back)."""
    schema = FORMATS[folder]
    writer = _Writer()
    text = "\n".join([schema_line(folder), *writer.mapping(schema, content, 0, notes=True)]) + "\n"
    _compare(_read_back(text, path), _expected(schema, content), "", path)
    for live, expected in writer.commented:
        _compare(_read_back(live, path), expected, "", path)
    return text


def schema_line(folder: str) -> str:
    """The comment that tells yaml-language-server which schema a file of `folder` follows."""
    return f"# yaml-language-server: $schema=../schemas/{FORMATS[folder].name}.schema.json"


def schema_line_for(text: str, target: Path, root: Path) -> str:
    """`text` with its schema comment pointing from `target`'s folder to the project's schemas/
    (written for a file in a source folder), or without it when `target` is outside the project."""
    first, _, rest = text.partition("\n")
    prefix = "# yaml-language-server: $schema=../schemas/"
    if not first.startswith(prefix):
        return text
    folder, project = target.parent.resolve(), root.resolve()
    if not folder.is_relative_to(project):
        return rest
    schema = Path(os.path.relpath(project / "schemas" / first.removeprefix(prefix), folder)).as_posix()
    return f"# yaml-language-server: $schema={schema}\n{rest}"


def scalar(text: str) -> str:
    """`text` as a YAML value on one line that reads back as exactly `text`."""
    if "\n" not in text and _PLAIN.fullmatch(text) and text == text.strip() and _reads_back(f" {text}", [], text):
        return text
    return _quoted(text)


def wrapped(text: str, indent: int) -> str:
    """Paragraphs of plain text wrapped to the page's width at `indent` (Markdown joins a
    paragraph's lines, so wrapping changes nothing in the document)."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        lines += [*textwrap.wrap(paragraph, WIDTH - indent, break_long_words=False, break_on_hyphens=False), ""]
    return "\n".join(lines[:-1])


def comment(text: str) -> str:
    """Text for a comment: on one line, its spaces and line breaks as single spaces."""
    return " ".join(text.split())


def checked(text: str, path: Path) -> str:
    """`text`, after reading it back: a file utlatande writes must load without a problem."""
    _read_back(text, path)
    return text


class _Writer:
    """Writes the lines of a mapping, keeping the commented-out YAML to read back."""

    def __init__(self) -> None:
        self.commented: list[tuple[str, Any]] = []
        """Each commented-out piece, uncommented, as a file of its own, and what it must read as."""

    def mapping(self, kind: Schema | Names, content: Any, indent: int, notes: bool) -> list[str]:
        lines: list[str] = []
        last = -1
        for part in _parts(content):
            if isinstance(part, Comment):
                lines.append(_comment_line(part, indent))
            elif part is BLANK:
                lines.append("")
            elif isinstance(part, Entry) or (isinstance(part, Commented) and isinstance(part.content, Entry)):
                entry = part if isinstance(part, Entry) else part.content
                value_kind, last = _key_kind(kind, entry.key, last)
                if isinstance(part, Entry):
                    lines += self.entry(entry, value_kind, indent, notes)
                    continue
                lines += _commented_out(self.entry(entry, value_kind, indent, notes), indent)
                self.uncommented(self.entry(entry, value_kind, indent, notes=False), indent,
                                 {entry.key: _expected(value_kind, entry.value)})
            else:
                raise AssertionError(f"not a part of a mapping: {part!r}")
        return lines

    def uncommented(self, live: list[str], indent: int, expected: Any, under: str = "") -> None:
        """Keeps commented-out YAML, as it would be live at `indent` (under the key `under`), to
        read back as `expected`."""
        lines = [f"{under}:"] if under else []
        self.commented.append(("\n".join([*lines, *(line[indent:] for line in live)]) + "\n", expected))

    def entry(self, entry: Entry, kind: Kind, indent: int, notes: bool) -> list[str]:
        head, rest, gap = " " * indent + _key(entry.key) + ":", [], "   "
        if entry.value is None or isinstance(entry.value, Commented):
            gap = "  "
            if isinstance(entry.value, Commented):
                inline, live = self.value(kind, entry.value.content, indent, notes)
                if inline or not live:
                    raise AssertionError(f"only a list or a mapping can follow its key commented out: {entry!r}")
                rest = ["#" + line for line in live]
                self.uncommented(self.value(kind, entry.value.content, indent, notes=False)[1], indent,
                                 {"x": _expected(kind, entry.value.content)}, under="x")
        else:
            inline, rest = self.value(kind, entry.value, indent, notes)
            head += inline
        if notes and entry.note:
            head += gap + _one_line(entry.note)
        return [head, *rest]

    def value(self, kind: Kind, value: Any, indent: int, notes: bool) -> tuple[str, list[str]]:
        """What follows a key at `indent` (or a list's '-' there) on its line, and the lines
        after it."""
        style = None
        if isinstance(value, Styled):
            style, value = value.style, value.value
        kind = _resolve(kind, value)
        if isinstance(kind, (Schema, Names)):
            _refuse_style(style, kind, value)
            lines = self.mapping(kind, value, indent + 2, notes)
            return ("", lines) if lines else (" {}", [])
        if isinstance(kind, ListOf):
            if not isinstance(value, (list, tuple)):
                return self.value(kind.item, Styled(value, style) if style else value, indent, notes)
            if style == "flow":
                flow = _flow(kind, value)
                if flow is not None:
                    return flow, []
            else:
                _refuse_style(style, kind, value)
            lines = self.sequence(kind.item, value, indent + 2, notes)
            return ("", lines) if lines else (" []", [])
        return _scalar_value(kind, value, style, indent)

    def sequence(self, kind: Kind, items: Sequence[Any], indent: int, notes: bool) -> list[str]:
        lines: list[str] = []
        for part in items:
            if isinstance(part, Comment):
                lines.append(_comment_line(part, indent))
            elif part is BLANK:
                lines.append("")
            elif isinstance(part, Commented):
                lines += _commented_out(self.item(kind, part.content, indent, notes), indent)
                self.uncommented(self.item(kind, part.content, indent, notes=False), indent,
                                 {"x": [_expected(kind, part.content)]}, under="x")
            else:
                lines += self.item(kind, part, indent, notes)
        return lines

    def item(self, kind: Kind, item: Any, indent: int, notes: bool) -> list[str]:
        note = ""
        if isinstance(item, Item):
            item, note = item.value, item.note
        inline, rest = self.value(kind, item, indent, notes)
        pad = " " * indent
        if inline or not rest or not rest[0].startswith(pad + "  ") or rest[0][indent + 2:indent + 3] in (" ", "#"):
            head = pad + "-" + inline
        else:
            head, rest = pad + "- " + rest[0][indent + 2:], rest[1:]
        if notes and note:
            head += "   " + _one_line(note)
        return [head, *rest]


def _parts(content: Any) -> Sequence[Any]:
    if isinstance(content, Mapping):
        return [Entry(key, value) for key, value in content.items()]
    return content


def _is_mapping(value: Any) -> bool:
    """A dict, or a list of a mapping's parts (it has an Entry, live or commented out)."""
    if isinstance(value, Mapping):
        return True
    return isinstance(value, (list, tuple)) and any(
        isinstance(part, Entry) or (isinstance(part, Commented) and isinstance(part.content, Entry)) for part in value)


def _resolve(kind: Kind, value: Any) -> Kind:
    """The kind a value is written as: a reference as its text, one of several kinds by the
    shape of the value (text, a list or a mapping)."""
    while isinstance(kind, (Ref, Either)):
        if isinstance(kind, Ref):
            kind = kind.kind
            continue
        fitting = [alternative for _, alternative in kind.alternatives if _fits(alternative, value)]
        if not fitting:
            raise AssertionError(f"{value!r} fits none of the kinds of {kind!r}")
        kind = fitting[0]
    return kind


def _fits(kind: Kind, value: Any) -> bool:
    if isinstance(value, Styled):
        value = value.value
    if isinstance(kind, (Ref, Either)):
        try:
            kind = _resolve(kind, value)
        except AssertionError:
            return False
    if isinstance(kind, (Schema, Names)):
        return _is_mapping(value)
    if isinstance(kind, ListOf):
        return isinstance(value, (list, tuple)) and not _is_mapping(value)
    return not isinstance(value, (list, tuple, Mapping))


def _key_kind(kind: Schema | Names, key: str, last: int) -> tuple[Kind, int]:
    """The kind of `key`'s value, and where the key stands in the format (after `last`)."""
    if isinstance(kind, Names):
        return kind.value, last
    index = next((i for i, known in enumerate(kind.keys) if known.name == key and not known.refused), None)
    if index is None:
        raise AssertionError(f"'{key}' is not a key of the {kind.name} format")
    if index <= last:
        raise AssertionError(f"'{key}' stands out of the {kind.name} format's order, or twice")
    return kind.keys[index].kind, index


def _refuse_style(style: str | None, kind: Kind, value: Any) -> None:
    if style is not None:
        raise AssertionError(f"a value of {type(kind).__name__} cannot be written {style}: {value!r}")


def _key(name: str) -> str:
    key = scalar(name)
    return _quoted(name) if key == "<<" else key


def _scalar_value(kind: Kind, value: Any, style: str | None, indent: int) -> tuple[str, list[str]]:
    if isinstance(kind, Flag) and isinstance(value, bool):
        _refuse_style(style, kind, value)
        return (" true" if value else " false"), []
    if isinstance(kind, Whole) and isinstance(value, int) and not isinstance(value, bool):
        _refuse_style(style, kind, value)
        return f" {value}", []
    if isinstance(kind, Date) and type(value) is dt.date:
        _refuse_style(style, kind, value)
        return " " + value.isoformat(), []
    if not isinstance(kind, (Text, Markdown, Choice)) or not isinstance(value, str) or style == "flow":
        raise AssertionError(f"{value!r} cannot be written as {kind!r}")
    if isinstance(kind, Choice) and value not in kind.choices:
        raise AssertionError(f"{value!r} is not one of {kind.choices}")
    if style == "quoted":
        return " " + _quoted(value), []
    if style == "folded":
        candidate = _folded(value, indent + 2)
    elif style == "literal" or isinstance(kind, Markdown):
        candidate = _literal(value, indent + 2)
    else:
        return " " + scalar(value), []
    inline, lines = candidate
    if _reads_back(inline, [line[indent:] for line in lines], value):
        return candidate
    return " " + scalar(value), []


def _literal(text: str, indent: int) -> tuple[str, list[str]]:
    """A '|' block of `text`, its lines at `indent`: '|-' without a line break at its end, '|'
    with one, '|+' with more; '|2' when its first line starts with a space."""
    body = text.rstrip("\n")
    ends = len(text) - len(body)
    chomping = "-" if ends == 0 else "" if ends == 1 else "+"
    first = next((line for line in body.split("\n") if line), "")
    indicator = "2" if first.startswith(" ") else ""
    lines = [(" " * indent + line) if line else "" for line in body.split("\n")]
    return f" |{indicator}{chomping}", [*lines, *[""] * max(ends - 1, 0)]


def _folded(text: str, indent: int) -> tuple[str, list[str]]:
    """A '>-' block of a long text on one line, wrapped to the page's width at `indent`."""
    lines = textwrap.wrap(text, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    return " >-", [" " * indent + line for line in lines]


def _flow(kind: ListOf, items: Sequence[Any]) -> str | None:
    """A list of texts on one line, `[a, b]`, when it reads back as given."""
    texts = [_unwrap(item) for item in items]
    if not all(isinstance(text, str) and isinstance(_resolve(kind.item, text), (Text, Choice)) for text in texts):
        return None
    shown = [_quoted(text) if _FLOW_INDICATORS.search(text) else scalar(text) for text in texts]
    inline = " [" + ", ".join(shown) + "]"
    return inline if _reads_back(inline, [], texts) else None


def _quoted(text: str) -> str:
    """`text` in double quotes, escaped as JSON (a subset of YAML) and where YAML needs more."""
    return _ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(text, ensure_ascii=False))


def _comment_line(part: Comment, indent: int) -> str:
    text = _one_line(part.text)
    return " " * indent + "#" + (" " + " " * part.indent + text if text else "")


def _commented_out(lines: list[str], indent: int) -> list[str]:
    pad = " " * indent
    return [pad + "# " + line[indent:] if line else pad + "#" for line in lines]


def _one_line(text: str) -> str:
    """Text for a comment as it is, unless YAML would end the line inside it."""
    if _BREAK.search(text):
        text = comment(text)
    return _UNPRINTABLE.sub("\ufffd", text)


def _unwrap(value: Any) -> Any:
    while isinstance(value, (Styled, Item)):
        value = value.value
    return value


def _expected(kind: Kind, value: Any) -> Any:
    """What the loader reads from `value` written as `kind`: the plain values, no comments."""
    value = _unwrap(value)
    if value is None or isinstance(value, Commented):
        return None
    kind = _resolve(kind, value)
    if isinstance(kind, (Schema, Names)):
        out: dict[str, Any] = {}
        last = -1
        for part in _parts(value):
            if isinstance(part, Entry):
                value_kind, last = _key_kind(kind, part.key, last)
                out[part.key] = _expected(value_kind, part.value)
        return out
    if isinstance(kind, ListOf):
        if not isinstance(value, (list, tuple)):
            return _expected(kind.item, value)
        return [_expected(kind.item, item) for item in value if not isinstance(item, (Comment, Commented, _Blank))]
    return value


def _read_back(text: str, path: Path) -> YMap:
    problems = Problems()
    try:
        data = parse_yaml(text, path, problems)
    except SourceError as exc:
        problems.extend(exc)
    if problems.errors:
        raise AssertionError(t("utlatande wrote YAML that does not read back ({path}): {problem}",
                               path=path, problem=problems.errors[0]))
    return data


def _compare(read: Any, expected: Any, where: str, path: Path) -> None:
    """Nothing when `read` is `expected`, value for value and of the same types."""
    if isinstance(expected, dict) and isinstance(read, dict) and list(read) == list(expected):
        for key, value in expected.items():
            _compare(read[key], value, f"{where}.{key}" if where else key, path)
        return
    if isinstance(expected, list) and isinstance(read, list) and len(read) == len(expected):
        for index, value in enumerate(expected):
            _compare(read[index], value, f"{where}[{index}]", path)
        return
    if not isinstance(expected, (dict, list)) and type(read) is type(expected) and read == expected:
        return
    raise AssertionError(t("utlatande wrote YAML that does not read back ({path}): {problem}", path=path,
                           problem=t("'{key}' reads back as {read}, not as {written}",
                                     key=where or ".", read=repr(_plain(read)), written=repr(_plain(expected)))))


def _plain(value: Any) -> Any:
    if isinstance(value, YMap):
        return dict(value)
    if isinstance(value, YList):
        return list(value)
    return value


def _reads_back(inline: str, lines: list[str], value: Any) -> bool:
    """Whether a value written as `inline` after its key, then `lines` (indented for a key at
    the margin), reads back as exactly `value`."""
    problems = Problems()
    try:
        data = parse_yaml("\n".join([f"x:{inline}", *lines]) + "\n", Path("value"), problems)
    except SourceError:
        return False
    if problems:
        return False
    read = data.get("x")
    if isinstance(value, list):
        return isinstance(read, list) and len(read) == len(value) and all(
            type(a) is str and a == b for a, b in zip(read, value, strict=True))
    return type(read) is str and read == value
