"""Checks templates/reference.docx, the Word document whose styles give the look, without opening
it in python-docx (so that `check` stays light): a Word package that holds every style the
writer uses (styles.py) and both list definitions."""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from generator.errors import Position, Problem, SourceError
from generator.i18n import N_, t
from generator.render import styles

#: The Word document in templates/ whose styles give the look.
REFERENCE_DOCX = "reference.docx"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The hint for a Word template that cannot serve: translate it with t() where it is shown.
REGENERATE = N_("put back the shipped file (git checkout -- templates/reference.docx) or regenerate it: make reference")
#: abstractNum ids in templates/reference.docx: a numbered and a bulleted list.
NUMBERED_ABSTRACT = 0
BULLETED_ABSTRACT = 1


def check_reference(path: Path) -> None:
    """Raises a SourceError naming `path` when it cannot serve as the Word writer's reference."""
    if not path.is_file():
        raise SourceError.at(Position(path), t("the Word template is missing"), t(REGENERATE))
    stat = path.stat()
    _check(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _check(path: Path, size: int, mtime_ns: int) -> None:
    """The check, done once per version of the file in a process (SourceErrors are not kept)."""
    try:
        with zipfile.ZipFile(path) as package:
            style_xml = ElementTree.fromstring(package.read("word/styles.xml"))
            numbering_xml = ElementTree.fromstring(package.read("word/numbering.xml"))
            package.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError) as exc:
        raise SourceError.at(Position(path), t("cannot open the Word template: it is damaged or not a .docx file "
                                               "({error})", error=type(exc).__name__), t(REGENERATE)) from None
    names = {name.get(f"{_W}val", "").casefold() for name in style_xml.iter(f"{_W}name")}
    problems = [Problem(Position(path), t("the Word template has no style named '{name}'", name=name),
                        t("keep the style names when you change the look; {regenerate}", regenerate=t(REGENERATE)))
                for name in styles.REQUIRED if name.casefold() not in names]
    abstract = {a.get(f"{_W}abstractNumId") for a in numbering_xml.iter(f"{_W}abstractNum")}
    problems += [Problem(Position(path), t("the Word template has no list definition {number} (numbering.xml)",
                                           number=number), t(REGENERATE))
                 for number in (NUMBERED_ABSTRACT, BULLETED_ABSTRACT) if str(number) not in abstract]
    if problems:
        raise SourceError(problems)
