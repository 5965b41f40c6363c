"""Pictures as Word can show them: an SVG drawn into a PNG by Typst, the same pixels on every build.

Word shows an SVG only beside a PNG of it, and LibreOffice and older Word only the PNG, so the
Word file carries a PNG. Typst, which draws the same SVG into the PDF, draws it here too: no
second SVG renderer, and its output depends only on the SVG and the pinned typst version.
"""

from __future__ import annotations

import functools
import json

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
    try:
        return _png(svg, height_mm)
    except typst.TypstError as exc:
        raise SourceError.at(source, t("the logo cannot be drawn: {reason}", reason=exc.message),
                             t("open the logo in an image editor and save it again as SVG or PNG")) from None


@functools.lru_cache(maxsize=8)
def _png(svg: bytes, height_mm: float) -> bytes:
    packages, cache = no_packages()
    return typst.compile(_PAGE.format(height=height_mm).encode("utf-8"), format="png", ppi=PPI,
                         sys_inputs={"svg": json.dumps(list(svg), separators=(",", ":"))},
                         ignore_system_fonts=True, package_path=packages, package_cache_path=cache)
