"""Writes source files: the one writer behind `new`, `import`, `fragment extract` and `approve`.

Values are written so that utlatande's loader reads back exactly what was meant: a text stays
plain only when it reads back as the same text, and is quoted otherwise (`0755`, `yes`, `a: b`,
a leading `#`); multi-line text becomes a `|` block. A file starts with the line that tells an
editor its schema. Before a file is written, it is read back: a file that would not load, or
with a key twice, is a bug in utlatande and is never written.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

from generator.errors import Problems, SourceError
from generator.i18n import t
from generator.sources.formats import FORMATS
from generator.sources.load import YList, YMap, parse_yaml

WIDTH = 92
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")


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
    if "\n" not in text and _PLAIN.fullmatch(text) and text == text.strip() and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: int) -> list[str]:
    """The lines of a `|` block's content: `text` indented, blank lines kept empty."""
    return [(" " * indent + line) if line.strip() else "" for line in text.strip("\n").split("\n")]


def wrapped(text: str, indent: int) -> list[str]:
    """Paragraphs of plain text as the lines of a `|` block, wrapped to the page's width (Markdown
    joins a paragraph's lines, so wrapping changes nothing in the document)."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        lines += textwrap.wrap(paragraph, WIDTH - indent, break_long_words=False, break_on_hyphens=False) + [""]
    return [(" " * indent + line) if line else "" for line in lines[:-1]]


def folded(text: str, indent: int) -> str:
    """A long text on several lines as a '>-' block when it reads back exactly, else quoted."""
    lines = textwrap.wrap(text, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    candidate = ">-\n" + "\n".join(" " * indent + line for line in lines)
    problems = Problems()
    try:
        value = parse_yaml("x: " + candidate + "\n", Path("value"), problems).get("x")
    except SourceError:
        value = None
    return candidate if value == text and not problems else scalar(text)


def comment(text: str) -> str:
    """Text for a comment: on one line, so that no part of it can become a line of YAML."""
    return " ".join(text.split())


def checked(text: str, path: Path) -> str:
    """`text`, after reading it back: a file utlatande writes must load without a problem."""
    problems = Problems()
    try:
        parse_yaml(text, path, problems)
    except SourceError as exc:
        problems.extend(exc)
    if problems.errors:
        raise AssertionError(t("utlatande wrote YAML that does not read back ({path}): {problem}",
                               path=path, problem=problems.errors[0]))
    return text


def _reads_back(text: str) -> bool:
    problems = Problems()
    try:
        data = parse_yaml(f"x: {text}\n", Path("value"), problems)
    except SourceError:
        return False
    value = data.get("x")
    return not problems and isinstance(value, str) and value == text and not isinstance(value, (YMap, YList))

