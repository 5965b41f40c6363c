"""The package's documentation/ folder: a short README in Swedish (what the package is, what it
holds, how to check it) and the SHA-256 list its first check runs. The package is Swedish
whatever the language of messages, like the documents it holds."""

from __future__ import annotations

import hashlib
import textwrap

from generator.archive import paths
from generator.archive.submission import Submission

#: Where the project's sources and the approvals are kept under metadata/other/.
PROJECT = "projekt"
SIGNATURES = "signaturer"
#: The namespace `utlatande approve --sign` signs in (review/approvals.py's NAMESPACE).
SIGNATURE_NAMESPACE = "utlatande-approval"
#: Who made each schema in schemas/ and on what terms (generator/archive/schemas/README.md).
SCHEMA_CREDITS = (
    "mets.xsd: METS 1.12, Digital Library Federation och Library of Congress, CC0 1.0.",
    "xlink.xsd: METS XLink Schema v. 2, Library of Congress.",
    "DILCISExtensionMETS.xsd, DILCISExtensionSIPMETS.xsd: E-ARK CSIP och SIP, DILCIS Board, CC BY 4.0.",
    "ERMS_v3.xsd: E-ARK CITS ERMS 3.0, DILCIS Board, CC BY 4.0.",
    "premis-v3-0.xsd: PREMIS 3.0, Library of Congress och PREMIS Editorial Committee.",
)


def checksums(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c` lines for every file but METS.xml, which lists this file's own checksum."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())
             if path not in (paths.METS, paths.CHECKSUMS)]
    return "".join(lines).encode("utf-8")


def readme(submission: Submission, response: str, signers: str | None, original_at: str | None) -> bytes:
    """LASMIG.txt; `response` is the response's path in the project, `signers` the allowed
    signers file's path under metadata/other/ when there is one, `original_at` where the received
    skrivelse lies in the project."""
    identifier = submission.identifier
    document = paths.data(paths.DOCUMENT, submission.document)
    original = submission.skrivelse.original
    lines = [
        f"Arkivpaket {identifier}",
        "=" * len(f"Arkivpaket {identifier}"),
        "",
        *_wrapped(f"Det här är tjänsteutlåtandet i ärende {submission.dnr}, \"{submission.title}\", från "
                  f"{submission.forvaltning} till {submission.namnd}, som ett informationspaket för arkivet: E-ARK SIP "
                  "2.1.0, som Riksarkivet har fastställt som FGS Paketstruktur 2.0. Ärendet och handlingarna beskrivs "
                  "enligt CITS ERMS 3.0, bevarandet enligt PREMIS 3."),
        *_wrapped(f"Paketet gjordes av {submission.software} {submission.software_version}. Alla datum i det kommer "
                  "från källorna, så samma källor ger samma paket, byte för byte, vilken dag det än görs."),
    ]
    if submission.previous:
        lines += ["", *_wrapped(f"Paketet är en ny version av handlingen och ersätter paketet {submission.previous}.")]
    lines += [
        "",
        "Innehåll",
        "--------",
        f"{paths.METS:<44} paketets innehållsförteckning (METS) med varje fils storlek och SHA-256",
        f"{document:<44} tjänsteutlåtandet som PDF/A-2a: arkivformatet",
    ]
    if original is not None:
        lines.append(f"{paths.data(paths.SKRIVELSE, original):<44} skrivelsen som den kom in")
    lines += [
        f"{paths.ERMS:<44} ärendet och handlingarna (CITS ERMS 3.0)",
        f"{paths.PREMIS:<44} format, kontrollsummor, tillkomst och godkännanden (PREMIS 3)",
        f"{paths.OTHER + '/' + PROJECT + '/':<44} källorna dokumentet byggdes av, och godkännandena",
        f"{paths.SCHEMAS + '/':<44} XML-scheman för filerna ovan (se Scheman nedan)",
        f"{paths.CHECKSUMS:<44} SHA-256 för varje fil utom METS.xml och sig själv",
        "",
        "Godkännanden",
        "------------",
    ]
    for approval in submission.approvals:
        signed = "signerat" if approval.signature else "inte signerat"
        lines.append(f"{approval.date}  {approval.name}, {approval.title} ({signed})")
    lines += [
        "",
        f"Innehållets fingeravtryck: {submission.content}",
        f"Layoutens fingeravtryck:   {submission.layout_digest}",
        *_wrapped("Godkännandena gäller exakt den text som har de fingeravtrycken, och mallarna, typsnitten och "
                  "profilen som ger layoutens."),
        "",
        "Så kontrollerar du paketet",
        "--------------------------",
        "1. Att ingen fil har ändrats. Stå i paketets mapp och kör:",
        "",
        f"     sha256sum -c {paths.CHECKSUMS}",
        "",
        f"   (på macOS: shasum -a 256 -c {paths.CHECKSUMS}). Varje fil ska få \"OK\". En fil som har",
        "   ändrats får \"FAILED\" och kommandot slutar med en felkod. METS.xml, som inte står i listan, har",
        "   samma kontrollsummor för varje fil, och listans egen.",
    ]
    signed_approvals = [a for a in submission.approvals if a.signature]
    if signed_approvals and signers:
        lines += [
            "",
            "2. Att godkännandena är signerade av rätt personer. För varje signerat godkännande:",
            "",
        ]
        for approval in signed_approvals:
            message = (approval.signature or "").removesuffix(".sig") + ".txt"
            lines += [
                f"     ssh-keygen -Y verify -f {paths.OTHER}/{signers} -I \"{approval.name}\" \\",
                f"       -n {SIGNATURE_NAMESPACE} -s {paths.OTHER}/{approval.signature} < {paths.OTHER}/{message}",
                "",
            ]
        lines += [
            "   \"Good signature\" betyder att personen med den nyckel som allowed_signers anger för namnet har",
            "   signerat texten i .txt-filen: fingeravtrycken, namnet, titeln och datumet.",
        ]
    else:
        lines += ["", "2. Godkännandena i paketet är inte signerade: det finns inga signaturer att kontrollera."]
    copy = [f"     mkdir kontroll && cp -r <utlatande {submission.software_version}>/templates kontroll/",
            f"     cp -r {paths.OTHER}/{PROJECT}/. kontroll/"]
    if original is not None and original_at:
        copy.append(f"     cp {paths.data(paths.SKRIVELSE, original)} kontroll/{original_at}")
    lines += [
        "",
        f"3. Att paketet är det som källorna ger. Installera {submission.software} {submission.software_version} (från",
        "   dess förråd), lägg källorna i en mapp ovanpå programmets egna mallar och gör paketet igen:",
        "",
        *copy,
        f"     cd kontroll && utlatande archive {response} --out ../omgjort",
        "",
        f"   Zip-filen omgjort/archive/{identifier}.zip ska vara identisk, byte för byte, med paketets zip-fil",
        f"   (eller jämför mapparna: diff -r omgjort/archive/{identifier} <det här paketet>). Mallfiler som är",
        "   desamma som programmets egna ligger inte i paketet; deras kontrollsummor står i godkännandena.",
        "",
        "Scheman",
        "-------",
        *SCHEMA_CREDITS,
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _wrapped(paragraph: str) -> list[str]:
    return textwrap.wrap(paragraph, width=100, break_long_words=False, break_on_hyphens=False)
