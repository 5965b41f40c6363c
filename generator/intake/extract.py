"""Lifts a passage of a response into the fragment library and puts a reference in its place.

The passage must be whole paragraphs of a part written as `- text: |`. The command writes the
new fragment (never over an existing file), rewrites the response, then checks that the
document's text is unchanged; if it is not, both files are put back as they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.output import write_atomically
from generator.sources.load import read_text
from generator.sources.read import read_response
from generator.sources.records import TextPart
from generator.sources.write import Comment, Entry, checked, comment, yaml_text
from generator.text.inline import ID_PATTERN


@dataclass(frozen=True)
class Extraction:
    fragment: Path
    response: Path


def extract(response: Path, first: int, last: int, new_id: str, root: Path, fragments: Path,
            text_of: Callable[[Path], str]) -> Extraction:
    """Moves lines `first`–`last` of `response` into fragments/<new_id>.yaml.

    `text_of(path)` returns the built text of a response; it is compared before and after.
    """
    if not re.fullmatch(ID_PATTERN, new_id):
        raise SourceError.at(Position(response), t("'{id}' is not a valid fragment id", id=new_id),
                             t("use lower-case letters a-z, digits, '-' and '_', e.g. 'rutin-hot-och-vald'"))
    target = fragments / f"{new_id}.yaml"
    if target.exists():
        raise SourceError.at(Position(target), t("a fragment file with this name already exists"),
                             t("choose another --id; extract never overwrites a file"))
    original = read_text(response, root)
    lines = original.split("\n")
    item, start, end = _enclosing_text_part(response, root, first, last, lines)
    indent = lines[item][:len(lines[item]) - len(lines[item].lstrip(" "))]
    before = _trim(lines[start - 1:first - 1])
    passage = lines[first - 1:last]
    after = _trim(lines[last:end])
    body = "\n".join(passage)
    if "{{" in body or "{%" in body:
        raise SourceError.at(Position(response, first), t("the passage contains '{{' or '{%'"),
                             t("in a fragment these would become placeholders; rewrite them first"))
    replacement = []
    if before:
        replacement += [lines[item], *before]
    replacement.append(f"{indent}- fragment: {new_id}")
    if after:
        replacement += [f"{indent}- text: |", *after]
    rewritten = "\n".join(lines[:item] + replacement + lines[end:])

    expected = text_of(response)
    fragment = _fragment_yaml(new_id, response, first, last, passage, target)
    with open(target, "x", encoding="utf-8") as stream:
        stream.write(fragment)
    try:
        write_atomically(response, checked(rewritten, response).encode("utf-8"))
        if text_of(response) != expected:
            raise SourceError.at(Position(response, first),
                                 t("lifting these lines out would change the document's text"),
                                 t("choose whole paragraphs (not part of a list that continues), then try again"))
    except BaseException:
        write_atomically(response, original.encode("utf-8"))
        target.unlink(missing_ok=True)
        raise
    return Extraction(target, response)


def _enclosing_text_part(response: Path, root: Path, first: int, last: int, lines: list[str]) -> tuple[int, int, int]:
    """The index of the `- text: |` line, and the content's line range (1-based start, exclusive end index)."""
    if first < 1 or last < first:
        raise SourceError.at(Position(response),
                             t("--lines {first}-{last} is not a range of lines", first=first, last=last),
                             t("e.g. --lines 40-44"))
    for part in read_response(response, root).parts():
        if not isinstance(part, TextPart) or part.item is None or part.text.at.line != part.item.line + 1:
            continue  # only a part written as a '|' block, its text on the lines after "- text: |"
        item = part.item.line - 1
        start = item + 2
        end = _block_end(lines, item)
        if start <= first and last <= end:
            if lines[first - 2].strip() and first != start:
                break
            if last < end and lines[last].strip():
                break
            if not any(line.strip() for line in lines[first - 1:last]):
                break
            return item, start, end
    raise SourceError.at(
        Position(response, first),
        t("lines {first}-{last} are not whole paragraphs of one '- text: |' part", first=first, last=last),
        t("pick lines that start and end a paragraph inside a part written as '- text: |'"),
    )


def _block_end(lines: list[str], item: int) -> int:
    """The index after the last line of the block scalar that follows line `item`."""
    content_indent = None
    end = item + 1
    for index in range(item + 1, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if content_indent is None:
            content_indent = indent
        if indent < content_indent:
            break
        end = index + 1
    return end


def _trim(block: list[str]) -> list[str]:
    while block and not block[0].strip():
        block = block[1:]
    while block and not block[-1].strip():
        block = block[:-1]
    return block


def _fragment_yaml(new_id: str, response: Path, first: int, last: int, passage: list[str], target: Path) -> str:
    margin = min(len(line) - len(line.lstrip(" ")) for line in passage if line.strip())
    text = "\n".join(line[margin:] if line.strip() else "" for line in _trim(passage)) + "\n"
    return yaml_text("fragments", [
        Comment(t("Lifted from {file} (lines {first}-{last}) by 'utlatande fragment extract'.",
                  file=comment(response.name), first=first, last=last)),
        Comment(t("Add a title, its source and keywords.")),
        Entry("id", new_id),
        Entry("quotation", False),
        Entry("version", 1),
        Entry("text", text),
    ], target)
