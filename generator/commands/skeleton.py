"""The files `init` writes into every new project (generator/skeleton/), in the language of messages.

They are written in English, and their comments and the Makefile's one-line helps are
translated with the other messages (`make translations` extracts them with `messages`). A
comment paragraph is a run of comment lines at one indentation ('# ' and text), up to a line
that is not one; it is translated if it ends a sentence ('.' or ':'), so that a commented-out
setting (`# todo = "error"`) stays as it is, and wrapped anew at the width of the original.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.i18n import t

SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
#: Skeleton file → where it goes in the project.
FILES = {
    "Makefile": "Makefile",
    "gitignore": ".gitignore",
    "utlatande.toml": "utlatande.toml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "github/utlatande.yml": ".github/workflows/utlatande.yml",
    "githooks/pre-commit": ".githooks/pre-commit",
    "vscode-settings.json": ".vscode/settings.json",
}
#: The files that are programs, written executable.
PROGRAMS = {".githooks/pre-commit"}
#: The narrowest a translated comment is wrapped at (a short English line may grow in Swedish).
WIDTH = 96

_COMMENT = re.compile(r"(?P<prefix>[ \t]*#+ )(?P<text>\S.*)")
_HELP = re.compile(r"(?P<prefix>[a-z-]+:[^#\n]*## )(?P<text>\S.*)")


@dataclass(frozen=True)
class _Message:
    """A message among the lines of a file: a comment paragraph or a target's help."""

    prefix: str
    text: str
    width: int
    comment: bool


def project_files() -> dict[str, str]:
    """Where each skeleton file goes in a new project → its text in the language of messages."""
    return {target: translated((SKELETON / source).read_text(encoding="utf-8")) for source, target in FILES.items()}


def translated(text: str) -> str:
    """`text` with its comments and helps in the language of messages."""
    out: list[str] = []
    for part in _parts(text):
        if isinstance(part, str):
            out.append(part)
        elif part.comment:
            out.extend(textwrap.wrap(t(part.text), width=max(part.width, WIDTH), initial_indent=part.prefix,
                                     subsequent_indent=part.prefix, break_long_words=False, break_on_hyphens=False))
        else:
            out.append(part.prefix + t(part.text))
    return "\n".join(out)


def messages(text: str) -> list[str]:
    """The messages of a skeleton file, for the catalog."""
    return [part.text for part in _parts(text) if isinstance(part, _Message)]


def _parts(text: str) -> Iterator[str | _Message]:
    """The file's lines, each kept as it is (a string) or part of a message."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        help_text = _HELP.fullmatch(line)
        comment = _COMMENT.fullmatch(line)
        if help_text:
            yield _Message(help_text["prefix"], help_text["text"], len(line), comment=False)
            index += 1
            continue
        if not comment:
            yield line
            index += 1
            continue
        end = index + 1
        while end < len(lines) and (following := _COMMENT.fullmatch(lines[end])) and following["prefix"] == comment["prefix"]:
            end += 1
        block = lines[index:end]
        paragraph = " ".join(line[len(comment["prefix"]):] for line in block)
        if paragraph.endswith((".", ":")):
            yield _Message(comment["prefix"], paragraph, max(len(line) for line in block), comment=True)
        else:
            yield from block
        index = end
