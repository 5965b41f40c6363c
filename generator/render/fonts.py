"""The fonts shipped in templates/fonts/: which faces there are, and which characters they show.

PDF/A requires every glyph to be embedded, so a character that no shipped font has would make
Typst fail; checking coverage first turns that into a clear message about the user's text. A
damaged font file, or a family without its regular face (Typst would silently set every text
in another face), is refused naming the file. Tables are read with fontTools.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Position, Problem, SourceError
from generator.i18n import N_, t
from generator.model.document import Document, sections
from generator.model.text import block_lines, header_lines

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

FONT_SUFFIXES = (".ttf", ".otf")
#: The folder of templates/ that holds the fonts.
FONTS = "fonts"


@dataclass(frozen=True)
class Face:
    """One font file: its family, weight and slant, and the code points it has glyphs for."""

    path: Path
    family: str
    weight: int
    italic: bool
    covered: frozenset[int]

    @property
    def regular(self) -> bool:
        return not self.italic and self.weight < 600

    @property
    def bold_italic(self) -> bool:
        return self.italic and self.weight >= 600


def faces(folder: Path) -> list[Face]:
    """Every font in `folder`, in name order; a damaged one is a SourceError naming its file."""
    found, problems = [], []
    for path in sorted(p for p in folder.glob("*") if p.suffix.lower() in FONT_SUFFIXES):
        stat = path.stat()
        try:
            found.append(_face(path, stat.st_size, stat.st_mtime_ns))
        except SourceError as exc:
            problems.extend(exc.problems)
    problems.extend(_incomplete_families(found))
    if not found and not problems:
        problems.append(Problem(Position(folder), t("there are no fonts in this folder"),
                                t("put back the fonts from the repository: git checkout -- templates/fonts")))
    if problems:
        raise SourceError(problems)
    return found


@dataclass(frozen=True)
class Unshowable:
    char: str
    part: str


def unshowable(document: Document, templates: Path) -> list[Unshowable]:
    """Characters of the document that none of the fonts in templates/fonts/ can show."""
    fonts = faces(templates / FONTS)
    found = []
    seen: set[str] = set()
    for part, text in _texts_by_part(document):
        for char in missing(text, fonts):
            if char not in seen:
                seen.add(char)
                found.append(Unshowable(char, part))
    return found


def _texts_by_part(document: Document) -> Iterator[tuple[str, str]]:
    """The document's text, by the part of it a problem names."""
    yield t("first-page block"), "\n".join([*header_lines(document.header), document.header.page_label])
    yield t("document title"), document.meta.title + document.meta.author + document.meta.subject
    for title, blocks in sections(document.body):
        yield title, "\n".join(line for b in blocks for line in block_lines(b))


def missing(text: str, fonts: list[Face]) -> list[str]:
    """The distinct characters of `text` that none of `fonts` can show, in order of appearance."""
    covered = _coverage(tuple(fonts))
    return [char for char in dict.fromkeys(text) if ord(char) not in covered and not _needs_no_glyph(char)]


@functools.lru_cache(maxsize=8)
def _coverage(fonts: tuple[Face, ...]) -> frozenset[int]:
    """Every character some font of `fonts` has, made once per set of fonts."""
    return frozenset().union(*(face.covered for face in fonts))


@functools.lru_cache(maxsize=32)
def _face(path: Path, size: int, mtime_ns: int) -> Face:
    from fontTools.ttLib import TTFont  # loaded when a font is read, not by every command

    try:
        data = path.read_bytes()
        font = TTFont(path, lazy=True, fontNumber=0)
        _check_tables(font, len(data))
        os2 = font["OS/2"]
        family = font["name"].getBestFamilyName()
        covered = frozenset(font.getBestCmap() or {})
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds for a damaged file
        raise SourceError.at(
            Position(path),
            t("cannot read this font: it is damaged or not a TrueType/OpenType font ({error})", error=type(exc).__name__),
            t("put back the original file (git checkout -- {path}), or remove it", path=path),
        ) from None
    if not family or not covered:
        raise SourceError.at(Position(path), t("this font has no family name or no Unicode characters"),
                             t("use a font made for text, such as the Liberation Sans files shipped in the repository"))
    return Face(path, family, int(os2.usWeightClass), bool(os2.fsSelection & 1), covered)


def _check_tables(font: TTFont, size: int) -> None:
    """A truncated file can still open; its tables must lie wholly inside it."""
    for tag, entry in font.reader.tables.items():
        if entry.offset + entry.length > size:
            raise ValueError(f"table {tag} ends after the end of the file")
    for tag in ("cmap", "name", "OS/2", "head"):
        if tag not in font:
            raise ValueError(f"no {tag} table")


def _incomplete_families(found: list[Face]) -> list[Problem]:
    """A family needs a regular face; one with bold italic needs all four (regular, bold, italic)."""
    problems = []
    families: dict[str, list[Face]] = {}
    for face in found:
        families.setdefault(face.family, []).append(face)
    for family, members in sorted(families.items()):
        have = {"regular": any(f.regular for f in members),
                "bold": any(not f.italic and f.weight >= 600 for f in members),
                "italic": any(f.italic and f.weight < 600 for f in members)}
        needed = ["regular"] + (["bold", "italic"] if any(f.bold_italic for f in members) else [])
        absent = [t(_FACE_NAMES[name]) for name in needed if not have[name]]
        if absent:
            faces_absent = absent[0]
            for other in absent[1:]:
                faces_absent = t("{faces} and no {face}", faces=faces_absent, face=other)
            problems.append(Problem(
                Position(members[0].path.parent),
                t("the font family '{family}' has no {faces} face", family=family, faces=faces_absent),
                t("without it the PDF would be set in another face; put back the missing file "
                  "(git checkout -- templates/fonts) or remove the whole family"),
            ))
    return problems


#: The faces a family needs, as a problem names them.
_FACE_NAMES = {"regular": N_("regular"), "bold": N_("bold"), "italic": N_("italic")}


def _needs_no_glyph(char: str) -> bool:
    """Line breaks and invisible format characters (direction marks, joiners) are not drawn."""
    return char in "\n\r\t" or unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F
