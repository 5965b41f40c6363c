"""PDF rendering of the document model with Typst: PDF/A-2a and PDF/UA-1, tagged, fonts embedded.

The model goes to the Typst template as its versioned JSON data (`document_json.py`), and the
letterhead beside it (`letterhead_json`), never as Typst source, so no text from the YAML can
run as Typst code. Characters no shipped font can
show are found before Typst runs (`unshowable`). A Typst error or a font Typst cannot find
after that lies in the template or the fonts, and is reported at the template's line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typst

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.model.data import (
    VERSION,
    VERSIONS,
    canonical,
    canonical_json,
)
from generator.model.document import Block, Document, Letterhead, sections
from generator.render.fonts import FONTS, faces

if TYPE_CHECKING:
    from typst import PDFStandard

TEMPLATE = "tjansteutlatande.typ"
STANDARDS: list[PDFStandard] = ["a-2a", "ua-1"]


#: Where a Typst diagnostic points: "┌─ templates/tjansteutlatande.typ:15:13".
_DIAGNOSTIC_AT = re.compile(r"┌─ (?P<path>.+?):(?P<line>\d+):(?P<col>\d+)")
#: The check by which a template says which version of the document data it reads.
_READS_VERSION = re.compile(r"doc\.version\s*==\s*([0-9]+)")
#: A Typst package spec in a string ("@preview/cetz:0.3.0"): packages come from outside the project.
_PACKAGE = re.compile(r'"@[A-Za-z]')


#: What the template says (with Typst's `assert`) of a table row that cannot stand on one page:
#: the document's text, not the template, is to be changed.
_ROW_TOO_TALL = "utlatande: table row taller than a page"


def render_pdf(document: Document, templates: Path, source: Path | None = None) -> bytes:
    """The PDF bytes of `document`, laid out by templates/tjansteutlatande.typ.

    A failure is a SourceError at the template's line: the template (or a font) is the only
    thing besides the checked document data that Typst reads. The one exception is a table row
    too tall for a page, which the text must change for: it is said at `source`, the file the
    document was made from.
    """
    faces(templates / FONTS)
    _refuse_packages(templates)
    if not (templates / TEMPLATE).is_file():
        raise SourceError.at(Position(templates / TEMPLATE), t("the PDF template is missing"),
                             t("put it back: git checkout -- {path}", path=templates / TEMPLATE))
    try:
        pdf, warnings = _compile(document, templates)
    except typst.TypstError as exc:
        part = _failing_part(document, templates)
        if _ROW_TOO_TALL in exc.message:
            raise SourceError.at(
                Position(source or templates / TEMPLATE),
                t("a table in the part '{part}' has a row too tall for one page of the PDF", part=part),
                t("shorten the text in the row's cells, or split it into more rows, or write it as paragraphs"),
            ) from None
        raise SourceError.at(
            _diagnostic_position(exc, templates),
            t("Typst could not lay out the document (in the part '{part}'): {reason}", part=part, reason=exc.message)
            if part else t("Typst could not lay out the document: {reason}", reason=exc.message),
            t("if the template was changed, the change is the likely cause (git diff templates/); "
              "otherwise this is a bug in utlatande: please report it with this message"),
        ) from None
    fonts = [w for w in warnings if "font" in w.message]
    if fonts:
        raise SourceError.at(
            _diagnostic_position(fonts[0], templates), t("Typst: {warning}", warning=fonts[0].message),
            t("the template names a font that is not in {folder}: add the font files, or name a shipped font",
              folder=templates / FONTS),
        )
    return pdf


def _data_version(templates: Path) -> int:
    """The version of the document data the template reads, from its `doc.version == N` check
    (a template made for an earlier version of utlatande keeps working as it was)."""
    path = templates / TEMPLATE
    match = _READS_VERSION.search(path.read_text(encoding="utf-8", errors="replace"))
    version = int(match.group(1)) if match else VERSION
    if version not in VERSIONS:
        text = path.read_text(encoding="utf-8", errors="replace")
        raise SourceError.at(Position(path, text.count("\n", 0, match.start()) + 1 if match else 0),
                             t("the template reads version {version} of the document data, which this utlatande "
                               "cannot give", version=version),
                             t("versions {versions} can be given: see docs/document-format.md",
                               versions=", ".join(map(str, VERSIONS))))
    return version


def _refuse_packages(templates: Path) -> None:
    """Typst packages are read from outside the project (a user folder, or downloaded): refused."""
    for path in sorted(templates.rglob("*.typ")):
        text = path.read_text(encoding="utf-8", errors="replace")
        match = _PACKAGE.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            raise SourceError.at(
                Position(path, line, match.start() - text.rfind("\n", 0, match.start())),
                t("the template uses a Typst package: packages come from outside the project"),
                t("copy the package's files into templates/ and import them by their path"),
            )


def no_packages() -> tuple[str, str]:
    """A package folder and a package cache that cannot exist, paths through this very file,
    so that no package can be found or downloaded, however a template names it. Nothing is
    made for them, so nothing is left behind, however the process ends."""
    return str(Path(__file__) / "packages"), str(Path(__file__) / "package-cache")


def _compile(document: Document, templates: Path) -> tuple[bytes, list[typst.TypstWarning]]:
    moment = calendar.timegm(dt.datetime.combine(document.meta.date, dt.time()).timetuple())
    pdf, warnings = _compiler(templates.resolve(), _font_files(templates)).compile_with_warnings(
        sys_inputs={"document": canonical_json(document, _data_version(templates)),
                    "letterhead": letterhead_json(document.header.letterhead)},
        pdf_standards=STANDARDS,
        timestamp=moment,
    )
    assert isinstance(pdf, bytes), "a PDF compiled without an output file is one file's bytes"
    return pdf, warnings


def letterhead_json(letterhead: Letterhead) -> str:
    """The letterhead as the template reads it (docs/document-format.md): page furniture, given
    beside the document data rather than in it, as approvals bind it through the layout files.
    The logo's bytes are a list of numbers: Typst's inputs are text, and it makes bytes of a list."""
    logo = letterhead.logo
    data = {
        "city": letterhead.city,
        "logo": {"format": logo.media_type.removeprefix("image/").removesuffix("+xml"), "bytes": list(logo.data)}
        if logo else None,
        "footer": [list(line) for line in letterhead.footer],
    }
    return canonical(data)


def _font_files(templates: Path) -> tuple[tuple[str, int, int], ...]:
    """The font files as they are now, so that a compiler is made anew when a font changes."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                        for p in (templates / FONTS).iterdir() if p.is_file()))


@functools.lru_cache(maxsize=4)
def _compiler(templates: Path, fonts: tuple[tuple[str, int, int], ...]) -> typst.Compiler:
    """One Typst compiler per templates folder and set of fonts: the fonts are read once and
    Typst keeps what it laid out before (2.6 ms a document against 6.4 ms with a new compiler,
    the same bytes). It reads the template files again on every compile, so a changed
    template is seen."""
    packages, cache = no_packages()
    return typst.Compiler(
        str(templates / TEMPLATE),
        root=str(templates),
        font_paths=[str(templates / FONTS)],
        ignore_system_fonts=True,
        package_path=packages,
        package_cache_path=cache,
    )


def _failing_part(document: Document, templates: Path) -> str:
    """The title of the first section whose addition makes Typst fail, or "" if there is none."""
    body: list[Block] = []
    for title, blocks in [("", []), *sections(document.body)]:
        body.extend(blocks)
        try:
            _compile(replace(document, body=tuple(body)), templates)
        except typst.TypstError:
            return title
    return ""


def _diagnostic_position(diagnostic: typst.TypstError | typst.TypstWarning, templates: Path) -> Position:
    """The first place a Typst diagnostic points to, else the template file."""
    match = _DIAGNOSTIC_AT.search(getattr(diagnostic, "diagnostic", None) or "")
    if not match:
        return Position(templates / TEMPLATE)
    path = Path(match["path"])
    if not path.is_absolute() and not path.exists() and (templates / path.name).exists():
        path = templates / path.name
    return Position(path, int(match["line"]), int(match["col"]) + 1)
