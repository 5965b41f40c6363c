"""A package as one .zip that unpacks to its root folder (E-ARK CSIP): entries sorted by path,
each with the package's date and the same attributes, so the same files give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

#: The earliest time a zip entry can carry.
_EPOCH = dt.date(1980, 1, 1)


def zipped(folder: str, files: dict[str, bytes], day: dt.date) -> bytes:
    day = max(day, _EPOCH)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            # The attributes of a regular file readable by all, whatever system made the zip.
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[path])
    return stream.getvalue()
