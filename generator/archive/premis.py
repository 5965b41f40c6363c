"""Preservation metadata as PREMIS 3 (metadata/preservation/premis.xml): each document file with
its format and fixity, the build that made the tjänsteutlåtande, every approval (who, when, the
fingerprints it binds, its signature) and the making of the package, with their agents."""

from __future__ import annotations

import hashlib

from lxml import etree

from generator.archive import paths
from generator.archive.submission import DataFile, Submission
from generator.archive.xml import XSI, child, root, serialised

NAMESPACE = "http://www.loc.gov/premis/v3"
SCHEMA = "premis-v3-0.xsd"
#: The identifier types used: a file by its path in the package, an event or agent by a local name.
PATH, LOCAL = "filepath", "local"


def premis_xml(submission: Submission) -> bytes:
    premis = root(NAMESPACE, "premis", {"premis": NAMESPACE, "xsi": XSI},
                  {"version": "3.0", f"{{{XSI}}}schemaLocation": f"{NAMESPACE} ../../{paths.SCHEMAS}/{SCHEMA}"})
    files = paths.representations(submission)
    for representation, file in files:
        _object(premis, paths.data(representation, file), file)
    document = paths.data(paths.DOCUMENT, submission.document)
    software = f"{submission.software} {submission.software_version}"
    when = submission.final.isoformat()
    _event(premis, "creation", "creation", when,
           f"{software} byggde tjänsteutlåtandet som PDF/A-2a från källorna i metadata/other/. Innehållets "
           f"fingeravtryck: {submission.content}. Layoutens fingeravtryck (mallar, typsnitt och profil): "
           f"{submission.layout_digest}.",
           [(software, "executing program"), (submission.forvaltning, "implementer")], [(document, "outcome")])
    for number, approval in enumerate(submission.approvals, 1):
        signed = (f"Godkännandet är signerat med en SSH-nyckel: {paths.OTHER}/{approval.signature}."
                  if approval.signature else "Godkännandet är inte signerat.")
        _event(premis, f"approval-{number}", "approval", approval.date.isoformat(),
               f"{approval.name} ({approval.title}) godkände dokumentet med innehållets fingeravtryck {approval.content} "
               f"och layoutens fingeravtryck {approval.layout}. {signed}",
               [(approval.name, "authorizer")], [(document, "source")], outcome="godkänt")
    _event(premis, "package", "information package creation", when,
           f"{software} satte samman paketet {submission.identifier}"
           + (f", en ny version som ersätter {submission.previous}." if submission.previous else "."),
           [(software, "executing program")], [(paths.data(r, f), "source") for r, f in files])
    _agent(premis, software, "software", name=submission.software, version=submission.software_version)
    _agent(premis, submission.forvaltning, "organization")
    for approval in submission.approvals:
        _agent(premis, approval.name, "person", note=approval.title)
    return serialised(premis)


def _object(premis: etree._Element, path: str, file: DataFile) -> None:
    item = child(premis, "object", attributes={f"{{{XSI}}}type": "premis:file"})
    identifier = child(item, "objectIdentifier")
    child(identifier, "objectIdentifierType", PATH)
    child(identifier, "objectIdentifierValue", path)
    characteristics = child(item, "objectCharacteristics")
    child(characteristics, "compositionLevel", "0")
    fixity = child(characteristics, "fixity")
    child(fixity, "messageDigestAlgorithm", "SHA-256")
    child(fixity, "messageDigest", hashlib.sha256(file.data).hexdigest())
    child(characteristics, "size", str(len(file.data)))
    form = child(characteristics, "format")
    designation = child(form, "formatDesignation")
    child(designation, "formatName", file.format_name or file.media_type)
    if file.format_version:
        child(designation, "formatVersion", file.format_version)
    if file.pronom:
        registry = child(form, "formatRegistry")
        child(registry, "formatRegistryName", "PRONOM")
        child(registry, "formatRegistryKey", file.pronom)
    child(item, "originalName", file.name)


def _event(premis: etree._Element, name: str, kind: str, when: str, detail: str, agents: list[tuple[str, str]],
           objects: list[tuple[str, str]], outcome: str | None = None) -> None:
    event = child(premis, "event")
    identifier = child(event, "eventIdentifier")
    child(identifier, "eventIdentifierType", LOCAL)
    child(identifier, "eventIdentifierValue", name)
    child(event, "eventType", kind)
    child(event, "eventDateTime", when)
    child(child(event, "eventDetailInformation"), "eventDetail", detail)
    if outcome:
        child(child(event, "eventOutcomeInformation"), "eventOutcome", outcome)
    for agent, role in agents:
        link = child(event, "linkingAgentIdentifier")
        child(link, "linkingAgentIdentifierType", LOCAL)
        child(link, "linkingAgentIdentifierValue", agent)
        child(link, "linkingAgentRole", role)
    for path, role in objects:
        link = child(event, "linkingObjectIdentifier")
        child(link, "linkingObjectIdentifierType", PATH)
        child(link, "linkingObjectIdentifierValue", path)
        child(link, "linkingObjectRole", role)


def _agent(premis: etree._Element, identifier_value: str, kind: str, name: str | None = None, version: str | None = None,
           note: str | None = None) -> None:
    agent = child(premis, "agent")
    identifier = child(agent, "agentIdentifier")
    child(identifier, "agentIdentifierType", LOCAL)
    child(identifier, "agentIdentifierValue", identifier_value)
    child(agent, "agentName", name or identifier_value)
    child(agent, "agentType", kind)
    if version:
        child(agent, "agentVersion", version)
    if note:
        child(agent, "agentNote", note)
