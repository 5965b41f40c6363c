"""Reads YAML source files safely into plain data that remembers where every value stood.

The values are built from libyaml's event stream, not by PyYAML's constructor, for three
reasons: nesting is counted (and limited) as it is read, without recursion; only the plain
types of YAML 1.2's core schema are recognised (`0755`, `1:20`, `1_000`, `0x1F`, `.inf` and
`yes` stay text, unlike YAML 1.1); and the text of every scalar is kept, so a value where a
format expects text is exactly what was written (`title: 3.10` is "3.10", not 3.1).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Position, Problems, SourceError
from generator.i18n import N_, t
from generator.limits import MAX_EXPANDED_CHARACTERS, MAX_NESTING, MAX_SOURCE_BYTES, MAX_VALUES, MAX_WORD_LENGTH
from generator.sources.boundary import require_inside
from generator.sources.limited import Limited, read_limited

_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Characters that cannot be stored in a Word (XML 1.0) document, and U+E000 and U+E001, which
#: the assembler reserves to mark where pre-built blocks and standard text inside a sentence go
#: (see markdown.SLOT and inline.token).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000\ue001\ufffe\uffff]")
#: Bidirectional embeddings, overrides and isolates reorder what follows them as it is printed,
#: so the printed text would not read as the approved text. (The marks U+200E and U+200F,
#: which only say which way a neutral character faces, are allowed.)
_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: YAML 1.2 core schema, without the forms nobody writes on purpose in these files (hex, octal,
#: .inf, .nan). Everything else in plain style is text.
_NULL = re.compile(r"(?:~|null|Null|NULL|)")
_TRUE = re.compile(r"(?:true|True|TRUE)")
_FALSE = re.compile(r"(?:false|False|FALSE)")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_LENGTH + 1},}}")
_TRAILING_TAB = re.compile(r"[ \t]*\t[ \t]*$", re.MULTILINE)

#: A source file: YAML, refused whole when larger than MAX_SOURCE_BYTES.
SOURCE_FILE = Limited(
    MAX_SOURCE_BYTES, MAX_SOURCE_BYTES // 1_000_000,
    N_("the file is larger than {size} MB, the limit for a source file"),
    N_("is it the right file? A response is usually a few kilobytes; split very long texts into fragments"),
)

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {None, "!", _STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class Invalid:
    """Stands for a value that was already reported as a problem, so it is not reported again."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = Invalid()


class YMap(dict):
    """A YAML mapping with the positions of its keys and values, and the text of plain scalars."""

    pos: Position
    key_pos: dict[str, Position]
    value_pos: dict[str, Position]
    raw: dict[str, str]


class YList(list):
    """A YAML sequence with the positions of its items, and the text of plain scalars."""

    pos: Position
    item_pos: list[Position]
    raw: dict[int, str]


def read_text(path: Path, root: Path) -> str:
    """The text of a source file inside the project `root`.

    Refused, with a position: a file outside the project (also through a link), a file larger
    than the limit (decided before reading it), an empty file, and bytes that are not UTF-8.
    """
    require_inside(path, root)
    data = read_limited(path, SOURCE_FILE, Position(path), large_at=Position(path, 1, 1))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
        raise SourceError.at(
            Position(path, line, col),
            t("the file is not UTF-8 (byte 0x{byte})", byte=f"{data[exc.start]:02x}"),
            t("save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)"),
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SourceError.at(Position(path, 1, 1), t("the file is empty"), t("fill it in, or delete it"))
    return text


def load_yaml(path: Path, problems: Problems, root: Path) -> YMap:
    """Loads one YAML file of the project `root` whose top level is a mapping, with positions.

    A file that cannot be read at all raises SourceError. A value that cannot be used (an
    impossible date, an unstorable character) is added to `problems` and becomes INVALID, so the
    rest of the file is still checked.
    """
    return parse_yaml(read_text(path, root), path, problems)


def parse_yaml(text: str, path: Path, problems: Problems) -> YMap:
    """`text` (the content of `path`) as a mapping with positions; see `load_yaml`."""
    # YAML 1.2 allows a tab after a value; libyaml does not. Removing it changes no value.
    text = _TRAILING_TAB.sub("", text)
    try:
        value = _Builder(path, problems).build(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context
        raise SourceError.at(
            _position(path, mark),
            t("YAML syntax error: {problem}", problem=_problem_text(message or "")),
            _syntax_hint(message or "", text, mark),
        ) from None
    except yaml.reader.ReaderError as exc:
        index = _character_index(text, exc.position)
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise SourceError.at(
            Position(path, line, col),
            t("character U+{code} cannot be stored in a document", code=f"{code:04X}"),
            t(_UNSTORABLE_HINT),
        ) from None
    except yaml.YAMLError:
        raise SourceError.at(Position(path), t("YAML syntax error: {problem}", problem=t(_YAML_PROBLEM)),
                             t("check the indentation and quoting")) from None
    if value is None:
        raise SourceError.at(Position(path, 1, 1), t("the file is empty"), t("fill it in, or delete it"))
    if not isinstance(value, YMap):
        raise SourceError.at(Position(path, 1, 1), t("the file must be a YAML mapping (key: value lines) at the top level"))
    return value


def unstorable_character(text: str) -> tuple[int, str] | None:
    """Index and character of the first character a document cannot hold as written: one Word
    cannot store, or one that reorders the text around it (a bidirectional override), if any."""
    match = _UNSTORABLE.search(text) or _REORDERING.search(text)
    return (match.start(), match.group()) if match else None


_UNSTORABLE_HINT = N_("delete it: control characters often come along when text is pasted from a PDF")


def character_problem(char: str) -> tuple[str, str]:
    """What is wrong with a character `unstorable_character` found, and what to do. The first is
    said of the character: "character U+202E … {problem}", "… contains U+202E, which {problem}"."""
    if _REORDERING.match(char):
        return (t("would reorder the printed text (a bidirectional override)"),
                t("delete it: right-to-left words are printed in their direction without it"))
    return t("cannot be stored in a document"), t(_UNSTORABLE_HINT)


def _character_index(text: str, position: int) -> int:
    """libyaml counts a reader error's position in bytes of UTF-8, PyYAML in characters."""
    if _PARSER is yaml.SafeLoader:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))


def _position(path: Path, mark: Any) -> Position:
    if mark is None:
        return Position(path)
    return Position(path, mark.line + 1, mark.column + 1)


#: Each problem libyaml can report (its scanner's and parser's words, which are English), in
#: ours, and so in Swedish too. The first whose words are in libyaml's message is said; a
#: problem not listed here (none is known) is said in the last, general words.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", N_("a ':' where no value may start")),
    ("could not find expected ':'", N_("a line without the ':' after its key")),
    ("that cannot start any token", N_("a character that cannot start a value here")),
    ("did not find expected key", N_("a line where a key was expected")),
    ("did not find expected '-' indicator", N_("a line where a list item ('- ') was expected")),
    ("found unexpected end of stream", N_("the file ends inside quotation marks")),
    ("found unknown escape character", N_("an unknown escape with '\\' inside double quotes")),
    ("block sequence entries are not allowed", N_("a list item ('- ') where no list may start")),
    ("mapping keys are not allowed", N_("a '?' where no key may start")),
    ("found a tab character", N_("a tab character in the indentation")),
    ("found unexpected document indicator", N_("a line '---' or '...' inside quotation marks")),
    ("found invalid Unicode character escape code", N_("an escape '\\u' or '\\U' that is no character")),
    ("did not find expected hexdecimal number", N_("an escape '\\x', '\\u' or '\\U' without its hexadecimal digits")),
    ("found an indentation indicator equal to 0", N_("'|' or '>' with the indentation 0")),
    ("did not find expected comment or line break", N_("text where the line should end")),
    ("did not find expected alphabetic or numeric character", N_("an anchor or alias ('&' or '*') without a name")),
    ("did not find expected ',' or ']'", N_("a list in '[ ]' that is not closed, or items without ',' between them")),
    ("did not find expected ',' or '}'", N_("a mapping in '{ }' that is not closed, or keys without ',' between them")),
    ("did not find expected node content", N_("a place where a value was expected")),
    ("did not find expected <document start>", N_("text after the end of the document ('...')")),
    ("Maximum nesting level", N_("the values are nested too deep")),
    # Directives ('%YAML', '%TAG') and tags ('!…'): nothing these files need.
    *((words, N_("a YAML directive ('%…') or tag ('!…') that cannot be read")) for words in (
        "directive", "non-alphabetical", "digit or", "version number", "found incompatible YAML document", "tag", "URI",
        "UTF-8 octet", "did not find expected whitespace", "did not find expected '!'", "did not find the expected '>'")),
)
_YAML_PROBLEM = N_("text that cannot be read as YAML")


def _problem_text(message: str) -> str:
    return t(next((ours for theirs, ours in _YAML_PROBLEMS if theirs in message), _YAML_PROBLEM))


def _syntax_hint(message: str, text: str, mark: Any) -> str:
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "tab" in message:
        return t("indent with spaces, not tabs")
    if "mapping values are not allowed" in message:
        return t("a value containing ': ' must be quoted, or written as a block with '|'; or the line is indented "
                 "differently from the keys around it")
    if "could not find expected ':'" in message:
        return t("check the indentation and that every key is followed by ':'")
    return t("check the indentation and quoting on this line and the one before")


class _Frame:
    """A mapping or list being read, and (for a mapping) the key whose value comes next."""

    __slots__ = ("anchor", "characters", "container", "key", "skip", "start")

    def __init__(self, container: YMap | YList, anchor: str | None, start: int, characters: int) -> None:
        self.container = container
        self.anchor = anchor
        self.start = start
        #: The characters of text read before it: what it holds is counted from there.
        self.characters = characters
        #: The key whose value comes next, and where it stands.
        self.key: tuple[str, Position] | None = None
        #: Whether the value that comes next belongs to a key that was refused.
        self.skip = False


class _Builder:
    """Builds YMap/YList values from parser events, iteratively, with positions and limits."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.count = 0
        #: Characters of text, aliases expanded (MAX_EXPANDED_CHARACTERS).
        self.characters = 0
        #: Anchor → its value, the values and characters it holds, and its text as written.
        self.anchors: dict[str, tuple[Any, int, int, str | None]] = {}

    def build(self, text: str) -> Any:
        self.lines = text.split("\n")
        root: Any = None
        stack: list[_Frame] = []
        documents = 0
        for event in yaml.parse(text, Loader=_PARSER):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise SourceError.at(_position(self.path, event.start_mark), t("a second YAML document ('---') in the file"),
                                         t("keep one document per file: remove the '---' line and what follows, "
                                           "or move it to a file of its own"))
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                at = _position(self.path, event.start_mark)
                if len(stack) >= MAX_NESTING:
                    raise SourceError.at(at, t("the values are nested more than {limit} levels deep", limit=MAX_NESTING),
                                         t("a response needs far fewer levels: check the indentation"))
                self._count(at, 1)
                container: YMap | YList
                if isinstance(event, yaml.MappingStartEvent):
                    container = YMap()
                    container.key_pos, container.value_pos = {}, {}
                else:
                    container = YList()
                    container.item_pos = []
                container.pos, container.raw = at, {}
                if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                    self._refuse_tag(event.tag, at)
                stack.append(_Frame(container, event.anchor, self.count, self.characters))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                value = frame.container
                if frame.anchor:
                    self.anchors[frame.anchor] = (value, self.count - frame.start + 1, self.characters - frame.characters, None)
                if stack:
                    self._place(stack[-1], value, value.pos, None, event)
                else:
                    root = value
            elif isinstance(event, yaml.ScalarEvent):
                at = _position(self.path, event.start_mark)
                self._count(at, 1, len(event.value))
                start = self._block_start(at) if event.style in ("|", ">") else at
                value, raw = self._scalar(event, start if event.style == "|" else at)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1, len(event.value), raw)
                if stack:
                    self._place(stack[-1], value, start, raw, event)
                else:
                    root = value
            elif isinstance(event, yaml.AliasEvent):
                at = _position(self.path, event.start_mark)
                if event.anchor not in self.anchors:
                    raise SourceError.at(at, t("the alias '*{anchor}' refers to no anchor before it", anchor=event.anchor),
                                         t("define '&name' before using '*name' (and not inside itself)"))
                value, size, characters, raw = self.anchors[event.anchor]
                self._count(at, size, characters)
                if stack:
                    self._place(stack[-1], value, at, raw, event)
                else:
                    root = value
        return root

    def _block_start(self, at: Position) -> Position:
        """Where the text of a '|' or '>' block begins: the line after the indicator, at the
        indentation of the block's lines (so a column within the text maps to the file)."""
        indent = next((len(line) - len(line.lstrip(" ")) for line in self.lines[at.line:] if line.strip()), 0)
        return Position(self.path, at.line + 1, indent + 1)

    def _count(self, at: Position, size: int, characters: int = 0) -> None:
        self.count += size
        self.characters += characters
        if self.characters > MAX_EXPANDED_CHARACTERS:
            # Only aliases can: a file within its size limit holds fewer characters than this.
            raise SourceError.at(at, t("the aliases expand the file's text to more than {limit} characters",
                                       limit=MAX_EXPANDED_CHARACTERS),
                                 t("anchors and aliases ('&' and '*') may not multiply the text this much: write each "
                                   "value once"))
        if self.count > MAX_VALUES:
            if self.anchors:
                raise SourceError.at(at, t("the document expands to more than {limit} values", limit=MAX_VALUES),
                                     t("anchors and aliases ('&' and '*') may not multiply the document this much"))
            raise SourceError.at(at, t("the file has more than {limit} values", limit=MAX_VALUES),
                                 t("is it a source file? A response has a few hundred"))

    def _refuse_tag(self, tag: str, at: Position) -> None:
        self.problems.add(at, t("the tag '{tag}' is not allowed", tag=tag),
                          t("remove it: these files hold plain text, numbers, dates, lists and mappings only"))

    def _scalar(self, event: yaml.ScalarEvent, at: Position) -> tuple[Any, str | None]:
        """The value of a scalar and, for a plain scalar read as something else than text, its text.

        `at` is where the text starts; for a '|' block, a place in the text maps to its line and
        column in the file, so a problem is reported exactly there.
        """
        text = event.value
        bad = unstorable_character(text)
        if bad:
            index, char = bad
            what, hint = character_problem(char)
            self.problems.add(self._within(text, index, at, event),
                              t("character U+{code} at position {position} of this text {problem}",
                                code=f"{ord(char):04X}", position=index + 1, problem=what), hint)
            return INVALID, None
        long_word = _LONG_WORD.search(text)
        if long_word:
            self.problems.add(
                self._within(text, long_word.start(), at, event),
                t("a word of {length} characters; words may have at most {limit}",
                  length=len(long_word.group()), limit=MAX_WORD_LENGTH),
                t("add spaces: a word this long cannot be set on a page"),
            )
            return INVALID, None
        if event.tag not in (None, "!"):
            if event.tag != _STR_TAG:
                self._refuse_tag(event.tag, at)
                return INVALID, None
            return text, None
        if not event.implicit[0]:
            return text, None
        value = self._plain(text, at)
        return value, (text if not isinstance(value, str) else None)

    @staticmethod
    def _within(text: str, index: int, at: Position, event: yaml.ScalarEvent) -> Position:
        if event.style != "|":
            return at
        line = text.count("\n", 0, index)
        return Position(at.path, at.line + line, at.col + index - (text.rfind("\n", 0, index) + 1))

    def _plain(self, text: str, at: Position) -> Any:
        if _NULL.fullmatch(text):
            return None
        if _TRUE.fullmatch(text):
            return True
        if _FALSE.fullmatch(text):
            return False
        if _INT.fullmatch(text):
            return int(text) if len(text) <= 30 else text
        if _FLOAT.fullmatch(text):
            return float(text)
        date = _DATE.fullmatch(text)
        if date:
            try:
                return dt.date(int(date[1]), int(date[2]), int(date[3]))
            except ValueError:
                self.problems.add(at, t("'{value}' is not a real date", value=text), t("write a date that exists as YYYY-MM-DD"))
                return INVALID
        return text

    def _place(self, frame: _Frame, value: Any, start: Position, raw: str | None, event: yaml.Event) -> None:
        container = frame.container
        if isinstance(container, YList):
            if raw is not None:
                container.raw[len(container)] = raw
            container.append(value)
            container.item_pos.append(start)
            return
        if frame.skip:
            frame.skip = False
            return
        if frame.key is None:
            self._take_key(frame, container, value, event)
            return
        (key, key_at), frame.key = frame.key, None
        container[key] = value
        container.key_pos[key] = key_at
        container.value_pos[key] = start
        if raw is not None:
            container.raw[key] = raw

    def _take_key(self, frame: _Frame, container: YMap, value: Any, event: yaml.Event) -> None:
        at = _position(self.path, event.start_mark)
        if not isinstance(event, yaml.ScalarEvent) or value is INVALID:
            if value is not INVALID:
                self.problems.add(at, t("a key must be a plain word"))
            frame.skip = True
            return
        key = event.value
        if key == "<<" and event.implicit[0]:
            self.problems.add(at, t("merge keys ('<<') are not supported"), t("write the keys out"))
            frame.skip = True
        elif key in container:
            self.problems.add(at, t("key '{key}' appears twice (first on line {line})", key=key,
                                    line=container.key_pos[key].line),
                              t("remove one of them"))
            frame.skip = True
        else:
            frame.key = (key, at)
