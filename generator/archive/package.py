"""A whole package as files: every path in it (below its root folder) with its bytes, each
written from the submission alone; the checksum list and METS.xml last, as they describe the
rest."""

from __future__ import annotations

from pathlib import Path

from generator.archive import paths
from generator.archive.documentation import checksums, readme
from generator.archive.erms import erms_xml
from generator.archive.mets import representation_mets, root_mets
from generator.archive.premis import premis_xml
from generator.archive.submission import Submission

SCHEMA_FOLDER = Path(__file__).resolve().parent / "schemas"
#: The schemas every package carries: METS with its XLink and the E-ARK extensions, ERMS, PREMIS.
SCHEMAS = ("DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd", "ERMS_v3.xsd", "mets.xsd", "premis-v3-0.xsd",
           "xlink.xsd")


def package_files(submission: Submission, response: str, signers: str | None, original_at: str | None) -> dict[str, bytes]:
    """Path → bytes, sorted by path. See documentation.readme for `response`, `signers` and
    `original_at`."""
    files: dict[str, bytes] = {}
    representations = paths.representations(submission)
    for representation, file in representations:
        files[paths.data(representation, file)] = file.data
    for path, data in submission.other:
        files[f"{paths.OTHER}/{path}"] = data
    for name in SCHEMAS:
        files[f"{paths.SCHEMAS}/{name}"] = (SCHEMA_FOLDER / name).read_bytes()
    files[paths.ERMS] = erms_xml(submission)
    files[paths.PREMIS] = premis_xml(submission)
    files[paths.README] = readme(submission, response, signers, original_at)
    described = {representation: representation_mets(submission, representation, file)
                 for representation, file in representations}
    for representation, data in described.items():
        files[f"{representation}/{paths.METS}"] = data
    files[paths.CHECKSUMS] = checksums(files)
    files[paths.METS] = root_mets(submission, files, described)
    return dict(sorted(files.items()))
