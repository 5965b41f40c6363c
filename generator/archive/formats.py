"""What each kind of file in a package is: its media type (IANA) and, for the documents, the
format PRONOM knows it by. Decided by the file's name, as the files are the project's own."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.archive.submission import DataFile

#: Suffix → media type, for the files kept beside the documents and the received skrivelse.
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".yaml": "application/yaml",
    ".xml": "text/xml",
    ".xsd": "text/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ttf": "font/ttf",
    ".sig": "text/plain",
    ".sha256": "text/plain",
    ".j2": "text/plain",
    ".typ": "text/plain",
    ".toml": "text/plain",
}
#: Suffix → (format name, version, PRONOM key) of a received document whose format is plain from
#: its name; a PDF or Word file's exact version is not, so only the family is named.
_RECEIVED = {
    ".pdf": ("Portable Document Format", None, None),
    ".docx": ("Microsoft Word for Windows", "2007 onwards", "fmt/412"),
    ".txt": ("Plain Text File", None, "x-fmt/111"),
}


def media_type(path: str) -> str:
    return MEDIA_TYPES.get(PurePosixPath(path).suffix.lower(), "application/octet-stream")


def archived_pdf(name: str, data: bytes) -> DataFile:
    """The tjänsteutlåtande as built: PDF/A-2a (ISO 19005-2, level a), PRONOM fmt/476."""
    return DataFile(name, data, "application/pdf", "PDF/A-2a", "2a", "fmt/476")


def received(name: str, data: bytes) -> DataFile:
    """A file as it was received, named for what its suffix says it is."""
    suffix = PurePosixPath(name).suffix.lower()
    format_name, version, key = _RECEIVED.get(suffix, (None, None, None))
    return DataFile(name, data, media_type(name), format_name, version, key)
