"""Pictures as Word can show them: an SVG drawn into a PNG by Typst, the same pixels on every build.

Word shows an SVG only beside a PNG of it, and LibreOffice and older Word only the PNG, so the
Word file carries a PNG. Typst, which draws the same SVG into the PDF, draws it here too: no
second SVG renderer, and its output depends only on the SVG and the pinned typst version.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

import typst

from generator.errors import Position, SourceError
from generator.i18n import t
from generator.render.pdf import no_packages

#: Pixels per inch of the PNG: print quality at the size the logo is printed.
PPI = 300

#: A page exactly as large as the picture, transparent, with the picture at the printed height.
_PAGE = ('#set page(width: auto, height: auto, margin: 0pt, fill: none)\n'
         '#image(bytes(json(bytes(sys.inputs.svg))), format: "svg", height: {height}mm)\n')


def png_of_svg(svg: bytes, height_mm: float, source: Position) -> bytes:
    """The SVG drawn `height_mm` high at PPI; a SourceError at `source` (the SVG file) if Typst
    cannot draw it."""
    key = (svg, height_mm)
    if key not in _drawn:
        try:
            png = _draw(svg, height_mm)
        except typst.TypstError as exc:
            raise SourceError.at(source, t("the logo cannot be drawn: {reason}", reason=exc.message),
                                 t("open the logo in an image editor and save it again as SVG or PNG")) from None
        _keep(key, png)
    return _drawn[key]


def draw_ahead(svgs: Iterable[bytes], height_mm: float) -> None:
    """Draws each SVG, as `png_of_svg` will be asked to, in a process of its own, and keeps the
    PNGs in this one: the build server's way, since Typst starts threads, which a process that
    forks must never have. One that cannot be drawn is left to the command, which says why."""
    for svg in svgs:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the drawing process: only ever ends here
            status = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as stream:
                    stream.write(_draw(svg, height_mm))
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        with os.fdopen(read, "rb") as stream:
            png = stream.read()
        if os.waitpid(pid, 0)[1] == 0 and png:
            _keep((svg, height_mm), png)


#: The PNGs drawn in this process (or ahead, by the server), by SVG and height.
_drawn: dict[tuple[bytes, float], bytes] = {}
#: At most this many are kept; then the store starts again.
_KEPT = 8


def _keep(key: tuple[bytes, float], png: bytes) -> None:
    if len(_drawn) >= _KEPT:
        _drawn.clear()
    _drawn[key] = png


def _draw(svg: bytes, height_mm: float) -> bytes:
    packages, cache = no_packages()
    return typst.compile(_PAGE.format(height=height_mm).encode("utf-8"), format="png", ppi=PPI,
                         sys_inputs={"svg": json.dumps(list(svg), separators=(",", ":"))},
                         ignore_system_fonts=True, package_path=packages, package_cache_path=cache)
