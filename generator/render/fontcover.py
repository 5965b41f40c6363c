"""Which characters a set of TrueType fonts can show, read from their cmap tables.

PDF/A requires every glyph to be embedded, so a character that no shipped font has would make
Typst fail. Checking coverage first turns that into a clear message about the user's text.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from pathlib import Path


@functools.lru_cache(maxsize=16)
def covered(font: Path) -> frozenset[int]:
    """The code points `font` maps to glyphs (from its Unicode cmap subtable)."""
    data = font.read_bytes()
    tables = _table_directory(data)
    if b"cmap" not in tables:
        return frozenset()
    base = tables[b"cmap"]
    _version, count = struct.unpack_from(">HH", data, base)
    subtables = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * index)
        subtables[(platform, encoding)] = base + offset
    for key in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3), (0, 1), (0, 0)):
        if key in subtables:
            return frozenset(_read_subtable(data, subtables[key]))
    return frozenset()


def missing(text: str, fonts: list[Path]) -> list[str]:
    """The distinct characters of `text` that none of `fonts` can show, in order of appearance."""
    available: set[int] = set()
    for font in fonts:
        available |= covered(font)
    seen: dict[str, None] = {}
    for char in text:
        if char in seen or ord(char) in available or _needs_no_glyph(char):
            continue
        seen[char] = None
    return list(seen)


def _needs_no_glyph(char: str) -> bool:
    """Line breaks and invisible format characters (direction marks, joiners) are not drawn."""
    return char in "\n\r\t" or unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F


def _table_directory(data: bytes) -> dict[bytes, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for index in range(count):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag] = offset
    return tables


def _read_subtable(data: bytes, offset: int):
    fmt = struct.unpack_from(">H", data, offset)[0]
    if fmt == 4:
        yield from _format4(data, offset)
    elif fmt == 12:
        groups = struct.unpack_from(">I", data, offset + 12)[0]
        for index in range(groups):
            start, end, _glyph = struct.unpack_from(">III", data, offset + 16 + 12 * index)
            yield from range(start, end + 1)


def _format4(data: bytes, offset: int):
    segments = struct.unpack_from(">H", data, offset + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, offset + 14)
    starts = struct.unpack_from(f">{segments}H", data, offset + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, offset + 16 + 4 * segments)
    range_base = offset + 16 + 6 * segments
    range_offsets = struct.unpack_from(f">{segments}H", data, range_base)
    for index in range(segments):
        for code in range(starts[index], ends[index] + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[index] == 0:
                glyph = (code + deltas[index]) & 0xFFFF
            else:
                address = range_base + 2 * index + range_offsets[index] + 2 * (code - starts[index])
                glyph = struct.unpack_from(">H", data, address)[0]
                if glyph:
                    glyph = (glyph + deltas[index]) & 0xFFFF
            if glyph:
                yield code
