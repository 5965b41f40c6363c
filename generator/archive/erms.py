"""The case as CITS ERMS 3.0 XML (metadata/descriptive/erms.xml): the ärende under its diary
number, with two records, the skrivelse received and the tjänsteutlåtande drawn up
(docs/archiving.md gives the mapping field by field)."""

from __future__ import annotations

from lxml import etree

from generator.archive import paths
from generator.archive.submission import Submission, moment
from generator.archive.xml import XSI, child, root, serialised

NAMESPACE = "https://DILCIS.eu/XML/ERMS"
SCHEMA = "ERMS_v3.xsd"


def erms_xml(submission: Submission) -> bytes:
    erms = root(NAMESPACE, "erms", {None: NAMESPACE, "xsi": XSI},
                {f"{{{XSI}}}schemaLocation": f"{NAMESPACE} ../../{paths.SCHEMAS}/{SCHEMA}"})
    _control(erms, submission)
    case = child(child(erms, "aggregations"), "aggregation",
                 attributes={"aggregationType": "caseFile", "systemIdentifier": submission.dnr})
    child(case, "objectId", submission.dnr)
    if submission.classification:
        child(case, "classification", submission.classification,
              {"classificationCode": submission.classification.split(" ", 1)[0]})
    child(case, "title", submission.title)
    # The förvaltning has prepared the case for the nämnd; the nämnd's decision closes it.
    child(case, "status", attributes={"value": "in_progress"})
    agents = child(case, "agents")
    _agent(agents, "owner", submission.namnd)
    if submission.handlaggare:
        _agent(agents, "responsible_person", submission.handlaggare.name, submission.forvaltning, submission.avdelning)
    if submission.meeting:
        child(child(case, "dates"), "date", moment(submission.meeting),
              {"dateType": "other", "otherDateType": "meeting"})
    _skrivelse(case, submission)
    _tjansteutlatande(case, submission)
    return serialised(erms)


def _control(erms: etree._Element, submission: Submission) -> None:
    control = child(erms, "control")
    child(control, "identification", f"{submission.software} {submission.software_version}",
          {"identificationType": "system"})
    maintenance = child(control, "maintenanceInformation")
    child(maintenance, "maintenanceStatus", attributes={"value": "new" if submission.previous is None else "revised"})
    child(child(maintenance, "maintenanceAgency"), "agencyName", submission.forvaltning)
    event = child(child(maintenance, "maintenanceHistory"), "maintenanceEvent")
    child(event, "eventType", attributes={"value": "created" if submission.previous is None else "revised"})
    child(event, "eventDateTime", moment(submission.final))
    child(child(event, "agent", attributes={"agentType": "creator"}), "name",
          f"{submission.software} {submission.software_version}")


def _skrivelse(case: etree._Element, submission: Submission) -> None:
    skrivelse = submission.skrivelse
    record = child(case, "record", attributes={"systemIdentifier": f"{submission.dnr} skrivelse",
                                                "recordType": "skrivelse", "recordPhysicalOrDigital": "digital"})
    child(record, "objectId", f"{submission.identifier}/skrivelse")
    child(record, "title", skrivelse.title)
    child(record, "status", attributes={"value": "received"})
    child(record, "direction", attributes={"directionDefinition": "incoming"})
    agents = child(record, "agents")
    party = f"{skrivelse.party} ({skrivelse.abbreviation})"
    for author in skrivelse.authors:
        _agent(agents, "sender", author, party)
    if not skrivelse.authors:
        _agent(agents, "sender", party)
    _agent(agents, "receiver", skrivelse.addressee)
    dates = [(kind, day) for kind, day in (("created", skrivelse.date), ("received", skrivelse.received)) if day]
    if dates:
        held = child(record, "dates")
        for kind, day in dates:
            child(held, "date", moment(day), {"dateType": kind})
    if skrivelse.original is not None:
        additional = child(record, "additionalInformation")
        child(additional, "appendix", attributes={"name": skrivelse.original.name,
                                                  "path": paths.data(paths.SKRIVELSE, skrivelse.original),
                                                  "fileFormat": skrivelse.original.media_type})


def _tjansteutlatande(case: etree._Element, submission: Submission) -> None:
    record = child(case, "record", attributes={"systemIdentifier": f"{submission.dnr} tjänsteutlåtande",
                                                "recordType": "tjänsteutlåtande", "recordPhysicalOrDigital": "digital"})
    child(record, "objectId", f"{submission.identifier}/tjansteutlatande")
    child(record, "title", submission.title)
    child(record, "status", attributes={"value": "prepared"})
    if submission.previous:
        child(record, "relation", submission.previous, {"relationType": "replaces"})
    # A tjänsteutlåtande goes from the förvaltning to its own nämnd, which decides on it.
    child(record, "direction", attributes={"directionDefinition": "internal_memo_for_follow-up"})
    agents = child(record, "agents")
    if submission.handlaggare:
        officer = _agent(agents, "creator", submission.handlaggare.name, submission.forvaltning, submission.avdelning,
                         role="Handläggare")
        contact = [("phonenumber", submission.handlaggare.phone), ("email", submission.handlaggare.email)]
        if any(value for _, value in contact):
            lines = child(officer, "addressContactInformation")
            for kind, value in contact:
                if value:
                    child(lines, "contactLine", value, {"contactType": kind})
    else:
        _agent(agents, "creator", submission.forvaltning)
    _agent(agents, "recipient", submission.namnd)
    child(child(record, "dates"), "date", moment(submission.date), {"dateType": "created"})
    for approval in submission.approvals:
        action = child(record, "action")
        child(action, "actionText", "Godkänt")
        child(action, "actionType", "approval")
        child(child(action, "dates"), "actionDate", moment(approval.date),
              {"dateType": "other", "otherDateType": "approval"})
        _agent(child(action, "agents"), "authorising_person", approval.name, submission.forvaltning, role=approval.title)
    signed = [approval for approval in submission.approvals if approval.signature]
    if signed:
        signatures = child(record, "eSignatures")
        for _ in signed:
            child(signatures, "eSignature", attributes={"present": "true"})
    additional = child(record, "additionalInformation")
    child(additional, "appendix", attributes={"name": submission.document.name,
                                              "path": paths.data(paths.DOCUMENT, submission.document),
                                              "fileFormat": submission.document.format_name or submission.document.media_type})


def _agent(parent: etree._Element, kind: str, name: str, organisation: str | None = None, unit: str | None = None,
           role: str | None = None) -> etree._Element:
    agent = child(parent, "agent", attributes={"agentType": kind})
    child(agent, "name", name)
    if organisation:
        child(agent, "organisation", organisation)
    if unit:
        child(agent, "unitName", unit)
    if role:
        child(agent, "role", role)
    return agent
