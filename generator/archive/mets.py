"""The package's METS documents, per E-ARK CSIP and SIP 2.1.0: the root METS.xml (header and
agents, descriptive and preservation metadata, documentation, schemas, one file group per
representation, the CSIP structural map) and each representation's own METS.xml."""

from __future__ import annotations

import hashlib
import re

from lxml import etree

from generator.archive import paths
from generator.archive.formats import media_type
from generator.archive.submission import CONTENT_INFORMATION_TYPE, PROFILE, DataFile, Submission, moment
from generator.archive.xml import XLINK, XSI, child, qualified, root, serialised

NAMESPACE = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
NSMAP: dict[str | None, str] = {"mets": NAMESPACE, "csip": CSIP, "sip": SIP, "xlink": XLINK, "xsi": XSI}
#: CSIP's content category for what a case file holds (its vocabulary, with its en dash).
CONTENT_CATEGORY = "Textual works – Digital"
_ID_UNSAFE = re.compile(r"[^\w.-]")


def root_mets(submission: Submission, files: dict[str, bytes], representation_mets: dict[str, bytes]) -> bytes:
    """The package's METS.xml; `files` are the package's other files by path (each representation's
    METS.xml among them), to be described with their sizes and checksums."""
    when = moment(submission.final)
    mets = _mets(submission.identifier, submission, "")
    header = _header(mets, submission)
    # The archival creator (SIP9-SIP12). The submitting agent (SIP15) is whoever delivers the
    # package: the registrar adds it, as docs/archiving.md says.
    _agent(header, "ARCHIVIST", "ORGANIZATION", submission.forvaltning)

    dmd = child(mets, "dmdSec", attributes={"ID": "dmd-erms", "CREATED": when, "STATUS": "CURRENT"})
    _reference(dmd, paths.ERMS, files[paths.ERMS], when, "OTHER", other="ERMS", version="3.0")
    amd = child(mets, "amdSec")
    administrative = ["amd-premis"]
    premis = child(amd, "digiprovMD", attributes={"ID": "amd-premis", "STATUS": "CURRENT"})
    _reference(premis, paths.PREMIS, files[paths.PREMIS], when, "PREMIS", version="3.0")
    for path in sorted(p for p in files if p.startswith(paths.OTHER + "/")):
        identifier = _id("amd", path)
        administrative.append(identifier)
        kept = child(amd, "digiprovMD", attributes={"ID": identifier, "STATUS": "CURRENT"})
        _reference(kept, path, files[path], when, "OTHER", other="utlatande")

    section = child(mets, "fileSec", attributes={"ID": "filesec"})
    groups = {
        "Documentation": sorted(p for p in files if p.startswith("documentation/")),
        "Schemas": sorted(p for p in files if p.startswith(paths.SCHEMAS + "/")),
    }
    for use, members in groups.items():
        group = child(section, "fileGrp", attributes={"ID": _id("grp", use), "USE": use})
        for path in members:
            _file(group, path, files[path], when)
    for representation in representation_mets:
        use = "Representations/" + representation.rsplit("/", 1)[1]
        group = child(section, "fileGrp", attributes={"ID": _id("grp", use), "USE": use,
                                                       qualified(CSIP, "CONTENTINFORMATIONTYPE"): CONTENT_INFORMATION_TYPE})
        _file(group, f"{representation}/{paths.METS}", representation_mets[representation], when)

    structure = child(mets, "structMap", attributes={"ID": "structmap-csip", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    package = child(structure, "div", attributes={"ID": "div-package", "LABEL": submission.identifier})
    child(package, "div", attributes={"ID": "div-metadata", "LABEL": "Metadata", "DMDID": "dmd-erms",
                                      "ADMID": " ".join(administrative)})
    for use in groups:
        division = child(package, "div", attributes={"ID": _id("div", use), "LABEL": use})
        child(division, "fptr", attributes={"FILEID": _id("grp", use)})
    if representation_mets:
        division = child(package, "div", attributes={"ID": "div-representations", "LABEL": "Representations"})
        for representation in representation_mets:
            child(division, "fptr", attributes={"FILEID": _id("grp", "Representations/" + representation.rsplit("/", 1)[1])})
        for representation in representation_mets:
            use = "Representations/" + representation.rsplit("/", 1)[1]
            item = child(division, "div", attributes={"ID": _id("div", use), "LABEL": use})
            child(item, "mptr", attributes={"LOCTYPE": "URL", qualified(XLINK, "type"): "simple",
                                            qualified(XLINK, "href"): f"{representation}/{paths.METS}",
                                            qualified(XLINK, "title"): _id("grp", use)})
    return serialised(mets)


def representation_mets(submission: Submission, representation: str, file: DataFile) -> bytes:
    """A representation's METS.xml: its one data file, described from inside its folder."""
    when = moment(submission.final)
    name = representation.rsplit("/", 1)[1]
    mets = _mets(f"{submission.identifier}/{name}", submission, "../../")
    _header(mets, submission)
    section = child(mets, "fileSec", attributes={"ID": "filesec"})
    group = child(section, "fileGrp", attributes={"ID": "grp-data", "USE": "Data"})
    _file(group, f"data/{file.name}", file.data, when, file)
    structure = child(mets, "structMap", attributes={"ID": "structmap-csip", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    division = child(structure, "div", attributes={"ID": "div-representation", "LABEL": name})
    data = child(division, "div", attributes={"ID": "div-data", "LABEL": "Data"})
    child(data, "fptr", attributes={"FILEID": "grp-data"})
    return serialised(mets)


def _mets(identifier: str, submission: Submission, up: str) -> etree._Element:
    locations = [(NAMESPACE, "mets.xsd"), (XLINK, "xlink.xsd"), (CSIP, "DILCISExtensionMETS.xsd"),
                 (SIP, "DILCISExtensionSIPMETS.xsd")]
    return root(NAMESPACE, "mets", NSMAP, {
        "OBJID": identifier,
        "LABEL": f"{submission.dnr}: {submission.title}",
        "TYPE": CONTENT_CATEGORY,
        qualified(CSIP, "CONTENTINFORMATIONTYPE"): CONTENT_INFORMATION_TYPE,
        "PROFILE": PROFILE,
        qualified(XSI, "schemaLocation"): " ".join(f"{ns} {up}{paths.SCHEMAS}/{name}" for ns, name in locations),
    })


def _header(mets: etree._Element, submission: Submission) -> etree._Element:
    when = moment(submission.final)
    header = child(mets, "metsHdr", attributes={"CREATEDATE": when, "LASTMODDATE": when,
                                                "RECORDSTATUS": "NEW" if submission.previous is None else "VERSION",
                                                qualified(CSIP, "OAISPACKAGETYPE"): "SIP"})
    software = _agent(header, "CREATOR", "OTHER", submission.software, other="SOFTWARE")
    child(software, "note", submission.software_version, {qualified(CSIP, "NOTETYPE"): "SOFTWARE VERSION"})
    return header


def _agent(header: etree._Element, role: str, kind: str, name: str, other: str | None = None) -> etree._Element:
    attributes = {"ROLE": role, "TYPE": kind} | ({"OTHERTYPE": other} if other else {})
    agent = child(header, "agent", attributes=attributes)
    child(agent, "name", name)
    return agent


def _reference(section: etree._Element, path: str, data: bytes, when: str, kind: str, other: str | None = None,
               version: str | None = None) -> None:
    attributes = {"LOCTYPE": "URL", qualified(XLINK, "type"): "simple", qualified(XLINK, "href"): path, "MDTYPE": kind}
    if other:
        attributes["OTHERMDTYPE"] = other
    if version:
        attributes["MDTYPEVERSION"] = version
    child(section, "mdRef", attributes=attributes | _described(path, data, when))


def _file(group: etree._Element, path: str, data: bytes, when: str, file: DataFile | None = None) -> None:
    attributes = {"ID": _id("file", path)} | _described(path, data, when)
    if file is not None:
        attributes["MIMETYPE"] = file.media_type
        for name, value in (("FILEFORMATNAME", file.format_name), ("FILEFORMATVERSION", file.format_version),
                            ("FORMATREGISTRY", "PRONOM" if file.pronom else None), ("FORMATREGISTRYKEY", file.pronom)):
            if value:
                attributes[qualified(SIP, name)] = value
    item = child(group, "file", attributes=attributes)
    child(item, "FLocat", attributes={"LOCTYPE": "URL", qualified(XLINK, "type"): "simple", qualified(XLINK, "href"): path})


def _described(path: str, data: bytes, when: str) -> dict[str, str]:
    return {"MIMETYPE": media_type(path), "SIZE": str(len(data)), "CREATED": when,
            "CHECKSUM": hashlib.sha256(data).hexdigest().upper(), "CHECKSUMTYPE": "SHA-256"}


def _id(kind: str, name: str) -> str:
    """An xml:id from a path or label, the same for the same name: "/" becomes "."; a name with
    other characters an id cannot hold gets a short hash of itself, so no two names share an id."""
    dotted = name.replace("/", ".")
    safe = _ID_UNSAFE.sub("_", dotted)
    if safe != dotted:
        safe += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{safe}"
