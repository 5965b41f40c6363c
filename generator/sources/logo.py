"""An organisation's logo: a PNG or SVG file inside the project, read and checked when its profile is.

The documents carry the logo's bytes, so they are checked here, where a problem can still be
named at its place: the file must be inside the project, not too large, really a PNG or an SVG
by its bytes (not only by its name), and self-contained. An SVG that refers to anything outside
itself (an image or stylesheet by address, a DTD, entities) could show something else when the
PDF is made than what was approved, or reach outside the project, so it is refused.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from generator.errors import Position, SourceError
from generator.i18n import N_, t
from generator.limits import MAX_LOGO_BYTES, MAX_LOGO_PIXELS
from generator.sources.boundary import named_path
from generator.sources.limited import Limited, read_limited
from generator.sources.records import Logo

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
#: A reference that stays inside the picture: to one of its own elements, or data written into it.
_INSIDE = ("#", "data:")
#: CSS references, in attributes and <style>: url(…) and @import.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<target>[^'")]*)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
_SELF_CONTAINED = N_("a logo must be self-contained: remove the reference, or write the picture into the file "
                     "(an image editor's 'embed images' option does that)")
_SAVE_AGAIN = N_("open the logo in an image editor and save it again as SVG or PNG")
#: A logo file, read where its profile names it.
LOGO_FILE = Limited(
    MAX_LOGO_BYTES, MAX_LOGO_BYTES // 1000,
    N_("the logo is larger than {size} kB, the limit for a logo"),
    N_("a logo is a few kilobytes as SVG: save it as SVG, or as a smaller PNG"),
    missing=N_("the logo '{file}' does not exist"),
    missing_hint=N_("give the path from the project folder, e.g. organisations/logo.svg"),
    folder=N_("the logo '{file}' is a folder, not a file"),
    unreadable=N_("cannot read the logo '{file}': {reason}"),
)


def read_logo(file: str, alt: str, at: Position, root: Path) -> Logo:
    """The logo named by `file` (written at `at` in the profile), with its alt text; a
    SourceError at the profile's line, or inside the SVG, when it cannot serve."""
    path = named_path(file, root, at, N_("logo"), "organisations/logo.svg")
    # Beside the profiles: what shapes a document lives in the folders that are watched (serve)
    # and fingerprinted like them.
    if PurePosixPath(file.replace("\\", "/")).parts[:1] != ("organisations",) or len(PurePosixPath(file).parts) < 2:
        raise SourceError.at(at, t("the logo must be in organisations/, beside the profiles"),
                             t("move the file there and write its path, e.g. organisations/logo.svg"))
    media_type = MEDIA_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise SourceError.at(at, t("'{file}' is not an SVG or PNG file", file=file),
                             t("save the logo as SVG (sharp at every size) or PNG, and name the file .svg or .png"))
    data = read_limited(path, LOGO_FILE, at, large_at=Position(path), file=file)
    if media_type == MEDIA_TYPES[".png"]:
        _check_png(data, path)
    else:
        _check_svg(data, path)
    return Logo(path, data, media_type, alt)


def _check_png(data: bytes, path: Path) -> None:
    """A whole PNG: the signature, chunks whose checksums hold, a header first and an end last."""
    if not data.startswith(PNG_SIGNATURE):
        raise SourceError.at(Position(path), t("the file is named .png but is not a PNG picture"), t(_SAVE_AGAIN))
    offset, first, last = len(PNG_SIGNATURE), None, None
    while offset < len(data):
        if offset + 12 > len(data):
            break
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        end = offset + 12 + length
        if end > len(data) or zlib.crc32(data[offset + 4:end - 4]) != struct.unpack(">I", data[end - 4:end])[0]:
            break
        first = first or (kind, data[offset + 8:offset + 8 + length])
        last = kind
        offset = end
    if first is None or first[0] != b"IHDR" or len(first[1]) != 13 or last != b"IEND" or offset != len(data):
        raise SourceError.at(Position(path), t("the PNG picture is damaged or incomplete"), t(_SAVE_AGAIN))
    width, height = struct.unpack(">II", first[1][:8])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise SourceError.at(Position(path), t("the PNG picture is {width} × {height} pixels; a logo may have at most "
                                               "{limit} on each side", width=width, height=height, limit=MAX_LOGO_PIXELS),
                             t("save it smaller: 600 pixels high is sharp in print"))


def _check_svg(data: bytes, path: Path) -> None:
    """An SVG document (XML whose root is the SVG namespace's <svg>) that refers to nothing outside itself."""
    parser = expat.ParserCreate(namespace_separator=" ")
    root: list[str] = []  # the outermost element's name, once read
    #: The text of the <style> being read, in the pieces expat gives, each with where it starts.
    style: list[tuple[int, int, str]] | None = None

    def here() -> Position:
        return Position(path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def refuse(at: Position, message: str, hint: str = _SELF_CONTAINED) -> None:
        raise SourceError.at(at, message, t(hint))

    def outside(text: str) -> re.Match | None:
        """The first url(…) in `text` that leads outside the picture."""
        return next((m for m in _CSS_URL.finditer(text) if not m["target"].strip().lower().startswith(_INSIDE)), None)

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal style
        if not root:
            root.append(name)
        if name == f"{SVG_NAMESPACE} style":
            style = []
        for attribute, value in attributes.items():
            href = attribute.rsplit(" ", 1)[-1] == "href" and not value.strip().lower().startswith(_INSIDE)
            match = outside(value)
            target = value.strip() if href else match["target"] if match else None
            if target is not None:
                refuse(here(), t("the logo refers to '{target}' outside itself", target=target[:80]))

    def text(content: str) -> None:
        if style is not None:
            style.append((parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, content))

    def end(name: str) -> None:
        nonlocal style
        if name != f"{SVG_NAMESPACE} style" or style is None:
            return
        whole = "".join(piece for _, _, piece in style)
        match = outside(whole)
        found = match or _CSS_IMPORT.search(whole)
        if found:
            refuse(_place(path, style, found.start()),
                   t("the logo's style refers to '{target}' outside itself", target=match["target"][:80]) if match
                   else t("the logo's style imports another stylesheet"))
        style = None

    def doctype(*_: object) -> None:
        refuse(here(), t("the logo has a document type declaration (DOCTYPE), which can bring in entities and other files"),
               N_("remove the <!DOCTYPE …> line: an SVG needs none"))

    def instruction(target: str, _data: str) -> None:
        refuse(here(), t("the logo has a processing instruction <?{target} …?>, which can bring in a stylesheet",
                         target=target), N_("remove the <?…?> line"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise SourceError.at(Position(path, exc.lineno, exc.offset + 1),
                             t("the file is named .svg but is not a readable SVG picture: {reason}",
                               reason=expat.ErrorString(exc.code)), t(_SAVE_AGAIN)) from None
    if root != [f"{SVG_NAMESPACE} svg"]:
        raise SourceError.at(Position(path, 1, 1), t("the file is named .svg but is not an SVG picture: its outermost "
                                                      "element is not <svg> of the SVG namespace"),
                             t("an SVG starts with <svg xmlns=\"http://www.w3.org/2000/svg\" …>"))


def _place(path: Path, pieces: list[tuple[int, int, str]], offset: int) -> Position:
    """Where the character at `offset` of the joined `pieces` of text stands in the file."""
    for line, column, piece in pieces:
        if offset < len(piece):
            before = piece[:offset]
            if "\n" in before:
                return Position(path, line + before.count("\n"), offset - before.rfind("\n"))
            return Position(path, line, column + offset)
        offset -= len(piece)
    return Position(path, pieces[-1][0] if pieces else 0)
