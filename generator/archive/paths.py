"""Where each file stands in a package (E-ARK CSIP's folders), said once for every writer."""

from __future__ import annotations

from generator.archive.submission import DataFile, Submission

METS = "METS.xml"
ERMS = "metadata/descriptive/erms.xml"
PREMIS = "metadata/preservation/premis.xml"
OTHER = "metadata/other"
SCHEMAS = "schemas"
README = "documentation/LASMIG.txt"
CHECKSUMS = "documentation/kontrollsummor.sha256"
#: The tjänsteutlåtande's representation, and the received skrivelse's (when the project has it).
DOCUMENT = "representations/rep1"
SKRIVELSE = "representations/rep2"


def data(representation: str, file: DataFile) -> str:
    return f"{representation}/data/{file.name}"


def representations(submission: Submission) -> list[tuple[str, DataFile]]:
    """Each representation's folder with its one file, in order."""
    found = [(DOCUMENT, submission.document)]
    if submission.skrivelse.original is not None:
        found.append((SKRIVELSE, submission.skrivelse.original))
    return found
