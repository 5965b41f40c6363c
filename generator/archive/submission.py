"""What an archive package says, as plain data: the case, its two documents, the approvals and
the files kept beside them. The command gathers it from the session; the writers read only it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: The E-ARK profile the package follows (METS @PROFILE).
PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
#: CITS ERMS 3.0 (csip:CONTENTINFORMATIONTYPE).
CONTENT_INFORMATION_TYPE = "citserms_v3_0"


@dataclass(frozen=True)
class DataFile:
    """A document's file as it goes into the package, with what identifies its format."""

    name: str
    data: bytes
    media_type: str
    format_name: str | None = None
    format_version: str | None = None
    #: PRONOM's key for the format, where it is known exactly.
    pronom: str | None = None


@dataclass(frozen=True)
class Approver:
    """One approval that holds for the document, as recorded by `utlatande approve`."""

    name: str
    title: str
    date: dt.date
    content: str
    """The content fingerprint the approval binds."""
    layout: str
    """One fingerprint for the layout files it binds (review/fingerprint.py's layout_digest)."""
    signature: str | None = None
    """Where the SSH signature is kept in the package, when the approval is signed."""


@dataclass(frozen=True)
class Incoming:
    """The skrivelse the response answers: a record received from its authors."""

    title: str
    party: str
    abbreviation: str
    authors: tuple[str, ...]
    date: dt.date | None
    received: dt.date | None
    addressee: str
    original: DataFile | None
    """The file as it was received, when the project keeps it."""


@dataclass(frozen=True)
class Officer:
    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Submission:
    """Everything one package holds and says."""

    dnr: str
    version: int
    previous: str | None
    """The identifier of the package this one replaces (a new version of the document)."""
    title: str
    forvaltning: str
    avdelning: str | None
    namnd: str
    classification: str | None
    date: dt.date
    """The tjänsteutlåtande's date."""
    meeting: dt.date | None
    handlaggare: Officer | None
    approvals: tuple[Approver, ...]
    skrivelse: Incoming
    document: DataFile
    content: str
    """The document's content fingerprint (what the approvals bind)."""
    layout: tuple[tuple[str, str], ...]
    """Every layout file (project-relative path) with its SHA-256."""
    layout_digest: str
    software: str
    software_version: str
    other: tuple[tuple[str, bytes], ...]
    """The files kept under metadata/other/ (path below it → bytes), for rebuilding and checking."""

    @property
    def identifier(self) -> str:
        return package_id(self.dnr, self.version)

    @property
    def final(self) -> dt.date:
        """The day the document became final: its last approval. Every date the package gives
        itself is this one, so the same sources give the same package on any day."""
        return max(approval.date for approval in self.approvals)


def package_id(dnr: str, version: int) -> str:
    """The package's identifier and folder name: "SOF 2024/394", version 1 → "SOF-2024-394-TU-1"."""
    return f"{re.sub(r'[ /]', '-', dnr)}-TU-{version}"


def moment(day: dt.date) -> str:
    """A date as xs:dateTime, at the start of the day, without a time zone the sources do not give."""
    return f"{day.isoformat()}T00:00:00"
