"""`utlatande archive`: the registrar's package, checked by tools that did not write it.

eark-validator (E-ARK's validator) judges each package against the CSIP and SIP 2.1.0 profiles;
it reads four CSIP vocabularies from the web when it is imported, which is served here from
tests/fixtures/eark-vocabularies/ (nothing reaches the network). lxml checks METS, PREMIS and ERMS
against their XML Schemas, and the package's own README is followed to find a tampered file and
to rebuild the package byte for byte.
"""

from __future__ import annotations

import csv
import email.message
import hashlib
import io
import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
import urllib.response
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from generator.sources.layout import SHIPPED_TEMPLATES
from tests.conftest import ARBETSMILJO, KUNGSHOLMEN, REPO, SOF, edit

VOCABULARIES = REPO / "tests/fixtures/eark-vocabularies"
SCHEMAS = REPO / "generator/archive/schemas"
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"
#: Each example response with the dnr it is archived under: its own, or this one if it has none.
EXAMPLES = {SOF: "SOF 2024/394", ARBETSMILJO: "SOF 2024/612", KUNGSHOLMEN: "KUN 2024/77"}
ssh = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen (OpenSSH client) is not installed")


# The independent checks -------------------------------------------------------------------------

class _Vocabularies(urllib.request.BaseHandler):
    """Serves the CSIP vocabularies eark-validator asks earkcsip.dilcis.eu for; refuses anything else."""

    handler_order = 100  # before urllib's own http(s) handlers

    def https_open(self, request: urllib.request.Request) -> urllib.response.addinfourl:
        name = request.full_url.rsplit("/", 1)[-1]
        if not request.full_url.startswith("https://earkcsip.dilcis.eu/schema/") or not (VOCABULARIES / name).is_file():
            raise urllib.error.URLError(f"the tests do not reach the network: {request.full_url}")
        response = urllib.response.addinfourl(io.BytesIO((VOCABULARIES / name).read_bytes()), email.message.Message(),
                                              request.full_url, 200)
        response.msg = "OK"
        return response

    http_open = https_open


@pytest.fixture(scope="module")
def validator():
    """eark-validator's package validation, imported with the vocabularies served locally."""
    previous = urllib.request._opener  # type: ignore[attr-defined]
    urllib.request.install_opener(urllib.request.build_opener(_Vocabularies()))
    try:
        from eark_validator import packages
        from eark_validator.specifications.specification import SpecificationVersion
    finally:
        urllib.request._opener = previous  # type: ignore[attr-defined]
    return lambda path: packages.PackageValidator(Path(path), SpecificationVersion.V2_1_0).validation_report


def verdict(report) -> dict:
    """What eark-validator found: the structure's status, the METS schema's, and every error."""
    results = report.metadata
    return {
        "structure": report.structure.status.value,
        "structure errors": [m.rule_id for m in report.structure.messages if m.severity.value == "Error"],
        "schema": results.schema_results.status.value,
        "schema errors": [m.message for m in results.schema_results.messages],
        "errors": sorted(m.rule_id for m in results.schematron_results.messages if m.severity.value == "Error"),
    }


def valid(package: Path) -> dict:
    """What eark-validator 1.1.3 reports for a valid package: two of its rules contradict what
    they check, so no package can pass them (docs/archiving.md, "What eark-validator says"):
    - CSIP63 as written (`@X = 'OTHER' and @OTHERX) or (@X != 'OTHER' and not(@X))`) fails every
      file group whose csip:CONTENTINFORMATIONTYPE is not OTHER, with or without the attribute;
      the specification asks only that OTHER come with csip:OTHERCONTENTINFORMATIONTYPE.
    - SIP14 asks every CREATOR agent's note for an unqualified @NOTETYPE="IDENTIFICATIONCODE",
      which METS does not allow on <note>, while CSIP15-16 require the software agent (a CREATOR)
      to have one note, with csip:NOTETYPE="SOFTWARE VERSION". The specification's SIP14 is about
      the archival creator's note.
    Everything else must pass: the structure, the METS schema and every other rule."""
    groups = len(etree.parse(str(package / "METS.xml")).findall(f"{METS}fileSec/{METS}fileGrp"))
    return {"structure": "WellFormed", "structure errors": [], "schema": "VALID", "schema errors": [],
            "errors": sorted(["CSIP63"] * groups + ["SIP14"])}


class _Local(etree.Resolver):
    """Schema imports by URL (mets.xsd imports http://www.loc.gov/standards/xlink/xlink.xsd) read from SCHEMAS."""

    def resolve(self, url, pubid, context):
        name = url.rsplit("/", 1)[-1]
        return self.resolve_filename(str(SCHEMAS / name), context) if (SCHEMAS / name).is_file() else None


def _schema(text: str) -> etree.XMLSchema:
    parser = etree.XMLParser()
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.fromstring(text.encode(), parser))


@pytest.fixture(scope="module")
def xsd() -> dict[str, etree.XMLSchema]:
    """METS with the E-ARK extensions (their attributes checked too), PREMIS 3 and CITS ERMS 3."""
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{SCHEMAS / name}"/>' for ns, name in (
        ("http://www.loc.gov/METS/", "mets.xsd"), ("https://DILCIS.eu/XML/METS/CSIPExtensionMETS", "DILCISExtensionMETS.xsd"),
        ("https://DILCIS.eu/XML/METS/SIPExtensionMETS", "DILCISExtensionSIPMETS.xsd")))
    return {
        "mets": _schema(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">{imports}</xs:schema>'),
        "premis": _schema((SCHEMAS / "premis-v3-0.xsd").read_text(encoding="utf-8")),
        "erms": _schema((SCHEMAS / "ERMS_v3.xsd").read_text(encoding="utf-8")),
    }


def invalid(schema: etree.XMLSchema, path: Path) -> list[str]:
    schema.validate(etree.parse(str(path)))
    return [f"{path.name}:{e.line}: {e.message}" for e in schema.error_log]


def described(package: Path) -> dict[str, tuple[int, str]]:
    """Every file METS.xml and the representations' METS describe: package path → (size, SHA-256)."""
    found = {}
    for mets in [package / "METS.xml", *sorted(package.glob("representations/*/METS.xml"))]:
        base = mets.parent.relative_to(package)
        for element in etree.parse(str(mets)).iter(f"{METS}file", f"{METS}mdRef"):
            href = element.get(f"{XLINK}href") if element.tag == f"{METS}mdRef" else element.find(f"{METS}FLocat").get(f"{XLINK}href")
            assert element.get("CHECKSUMTYPE") == "SHA-256"
            found[(base / href).as_posix()] = (int(element.get("SIZE")), element.get("CHECKSUM").lower())
    return found


def actual(package: Path) -> dict[str, tuple[int, str]]:
    """Every file of the package but METS.xml, which describes the others: path → (size, SHA-256)."""
    return {p.relative_to(package).as_posix(): (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in package.rglob("*") if p.is_file() and p != package / "METS.xml"}


# Making packages ----------------------------------------------------------------------------------

def approved(cli, project: Path, response: str, dnr: str | None = None, date: str | None = None, *options: str) -> str:
    """The response given `dnr` (if it has none) and approved on its own date; its dnr."""
    path = project / response
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    if dnr and "dnr" not in written:
        path.write_text(f"dnr: {dnr}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("approve", response, "--name", "Anna Andersson", "--title", "Socialdirektör",
                 "--date", date or str(written["date"]), *options, cwd=project)
    assert result.code == 0, result.err
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["dnr"])


def package_of(project: Path, dnr: str, version: int = 1, out: str = "build") -> Path:
    return project / out / "archive" / f"{dnr.replace(' ', '-').replace('/', '-')}-TU-{version}"


def without_dnr(project: Path, response: str) -> None:
    """The response's dnr line taken out (after its approval, as approve asks for one)."""
    path = project / response
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("dnr:")), encoding="utf-8")


def problems(result) -> list[dict]:
    return json.loads(result.out)


# Every example archives to a valid package ---------------------------------------------------------

@pytest.mark.parametrize("response", list(EXAMPLES), ids=[Path(r).stem for r in EXAMPLES])
def test_every_example_response_archives_to_a_valid_package(cli, project, validator, xsd, response):
    dnr = approved(cli, project, response, EXAMPLES[response])
    result = cli("archive", response, cwd=project)
    assert result.code == 0, result.err
    package = package_of(project, dnr)
    assert f"wrote {package.relative_to(project)}/" in result.out
    for form in (package, package.with_suffix(".zip")):
        assert verdict(validator(form)) == valid(package), form
    for mets in [package / "METS.xml", *package.glob("representations/*/METS.xml")]:
        assert invalid(xsd["mets"], mets) == []
    assert invalid(xsd["premis"], package / "metadata/preservation/premis.xml") == []
    assert invalid(xsd["erms"], package / "metadata/descriptive/erms.xml") == []
    # METS names every file of the package, with its size and SHA-256 as they are.
    assert described(package) == actual(package)
    with zipfile.ZipFile(package.with_suffix(".zip")) as zipped:
        names = zipped.namelist()
        assert names == sorted(names) and all(n.startswith(package.name + "/") for n in names)
        assert {n.removeprefix(package.name + "/"): zipped.read(n) for n in names} == {
            p.relative_to(package).as_posix(): p.read_bytes() for p in package.rglob("*") if p.is_file()}


def test_the_validator_and_the_schemas_do_catch_a_broken_package(cli, project, validator, xsd):
    """The checks above can fail: with this lxml, eark-validator reports what is wrong, and the
    checksums and schemas do too."""
    approved(cli, project, SOF, EXAMPLES[SOF])
    assert cli("archive", SOF, cwd=project).code == 0
    package = package_of(project, EXAMPLES[SOF])
    mets = package / "METS.xml"
    edit(mets, ' csip:OAISPACKAGETYPE="SIP"', "")
    edit(mets, 'LABEL="CSIP"', 'LABEL="Other"')
    found = verdict(validator(package))
    assert {"CSIP9", "CSIP82"} <= set(found["errors"]), found
    edit(mets, '<mets:structMap ID="structmap-csip"', '<mets:structMap SHAPE="round" ID="structmap-csip"')
    assert verdict(validator(package))["schema"] == "INVALID"
    assert invalid(xsd["mets"], mets)
    premis = package / "metadata/preservation/premis.xml"
    edit(premis, "<premis:eventType>", "<premis:eventKind>")
    edit(premis, "</premis:eventType>", "</premis:eventKind>")
    assert invalid(xsd["premis"], premis)
    pdf = next(package.glob("representations/rep1/data/*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%")
    assert described(package) != actual(package)


# What the package says -----------------------------------------------------------------------------

def test_the_package_holds_the_case_the_approvals_and_the_sources(cli, project):
    approved(cli, project, SOF, EXAMPLES[SOF])
    assert cli("archive", SOF, cwd=project).code == 0
    package = package_of(project, EXAMPLES[SOF])
    files = {p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()}
    assert {"METS.xml", "representations/rep1/METS.xml", "representations/rep1/data/sof-2024-394-starkt-skydd.pdf",
            "metadata/descriptive/erms.xml", "metadata/preservation/premis.xml", "documentation/LASMIG.txt",
            "documentation/kontrollsummor.sha256", "metadata/other/projekt/responses/sof-2024-394-starkt-skydd.yaml",
            "metadata/other/projekt/approvals/sof-2024-394-starkt-skydd.yaml",
            "metadata/other/projekt/questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml",
            "metadata/other/projekt/organisations/socialforvaltningen.yaml", "schemas/ERMS_v3.xsd"} <= files
    # The PDF is the final document: approved, unmarked, PDF/A.
    pdf = (package / "representations/rep1/data/sof-2024-394-starkt-skydd.pdf").read_bytes()
    assert b"pdfaid:part" in pdf
    ns = {"e": "https://DILCIS.eu/XML/ERMS", "p": "http://www.loc.gov/premis/v3", "m": METS[1:-1]}
    erms = etree.parse(str(package / "metadata/descriptive/erms.xml"))
    assert erms.findtext(".//e:aggregation/e:objectId", namespaces=ns) == "SOF 2024/394"
    records = erms.findall(".//e:record", ns)
    assert [r.find("e:direction", ns).get("directionDefinition") for r in records] == ["incoming", "internal_memo_for_follow-up"]
    assert [a.findtext("e:name", namespaces=ns) for a in records[0].findall("e:agents/e:agent[@agentType='sender']", ns)] == ["Jan Jönsson"]
    assert records[1].findtext("e:agents/e:agent[@agentType='creator']/e:name", namespaces=ns) == "Karin Karlung"
    assert records[1].findtext("e:action/e:agents/e:agent/e:name", namespaces=ns) == "Anna Andersson"
    assert erms.findtext(".//e:aggregation/e:dates/e:date", namespaces=ns) == "2024-09-24T00:00:00"
    premis = etree.parse(str(package / "metadata/preservation/premis.xml"))
    approvals = yaml.safe_load((project / "approvals/sof-2024-394-starkt-skydd.yaml").read_text(encoding="utf-8"))
    fingerprint = approvals["approvals"][0]["content"]
    events = {e.findtext("p:eventType", namespaces=ns): e.findtext("p:eventDetailInformation/p:eventDetail", namespaces=ns)
              for e in premis.findall("p:event", ns)}
    assert set(events) == {"creation", "approval", "information package creation"}
    assert fingerprint in events["creation"] and fingerprint in events["approval"] and "Anna Andersson" in events["approval"]
    assert premis.findtext("p:object/p:objectCharacteristics/p:fixity/p:messageDigest", namespaces=ns) == hashlib.sha256(pdf).hexdigest()
    assert premis.findtext("p:object//p:formatRegistryKey", namespaces=ns) == "fmt/476"
    header = etree.parse(str(package / "METS.xml")).find("m:metsHdr", ns)
    agents = [(a.get("ROLE"), a.get("TYPE"), a.findtext("m:name", namespaces=ns)) for a in header.findall("m:agent", ns)]
    assert agents == [("CREATOR", "OTHER", "utlatande"), ("ARCHIVIST", "ORGANIZATION", "Socialförvaltningen")]


def test_the_received_skrivelse_and_the_classification_go_into_the_package(cli, project, validator, xsd):
    seed = (REPO / "tests/fixtures/seeds/002-skrivelse-moderaterna.txt").read_bytes()
    received = project / "questions/moderaterna-socialtjanstens-arbetsmiljo.txt"
    received.write_bytes(seed)
    edit(project / "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml", "\nto:", "\nreceived: 2024-10-21\nto:")
    edit(project / "organisations/socialforvaltningen.yaml", "\nvoice:", "\nklassificering: 1.2.3 Besvara skrivelser\nvoice:")
    dnr = approved(cli, project, ARBETSMILJO, EXAMPLES[ARBETSMILJO])
    result = cli("archive", ARBETSMILJO, cwd=project)
    assert result.code == 0 and "archive-skrivelse-original" not in result.err, result.err
    package = package_of(project, dnr)
    assert (package / "representations/rep2/data" / received.name).read_bytes() == seed
    assert verdict(validator(package)) == valid(package)
    assert invalid(xsd["mets"], package / "representations/rep2/METS.xml") == []
    assert invalid(xsd["erms"], package / "metadata/descriptive/erms.xml") == []
    erms = (package / "metadata/descriptive/erms.xml").read_text(encoding="utf-8")
    assert '<date dateType="received">2024-10-21T00:00:00</date>' in erms
    assert 'classificationCode="1.2.3">1.2.3 Besvara skrivelser</classification>' in erms
    assert f'path="representations/rep2/data/{received.name}"' in erms
    assert described(package) == actual(package)


def test_without_the_skrivelse_as_received_the_package_says_so(cli, project):
    approved(cli, project, SOF, EXAMPLES[SOF])
    result = cli("archive", SOF, cwd=project)
    assert result.code == 0
    assert "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml: warning: the skrivelse as it was received" in result.err
    assert "[archive-skrivelse-original]" in result.err
    assert not (package_of(project, EXAMPLES[SOF]) / "representations/rep2").exists()
    # A project that wants it in every package makes the rule an error.
    (project / "utlatande.toml").write_text('[rules]\narchive-skrivelse-original = "error"\n', encoding="utf-8")
    shutil.rmtree(project / "build")
    assert cli("archive", SOF, cwd=project).code == 1
    assert not (project / "build/archive").exists() or not any((project / "build/archive").iterdir())


# Same sources, same bytes; and the package's own checks --------------------------------------------

def test_archiving_twice_gives_the_same_bytes(cli, project, tmp_path):
    approved(cli, project, SOF, EXAMPLES[SOF])
    assert cli("archive", SOF, cwd=project).code == 0
    again = cli("archive", SOF, cwd=project)
    assert again.code == 0 and "is up to date" in again.out
    moved = shutil.copytree(project, tmp_path / "elsewhere" / "project")
    shutil.rmtree(moved / "build")
    assert cli("archive", SOF, "--out", str(tmp_path / "other"), cwd=moved).code == 0
    first, second = package_of(project, EXAMPLES[SOF]), tmp_path / "other/archive" / package_of(project, EXAMPLES[SOF]).name
    assert first.with_suffix(".zip").read_bytes() == second.with_suffix(".zip").read_bytes()
    assert sorted(p.relative_to(first) for p in first.rglob("*")) == sorted(p.relative_to(second) for p in second.rglob("*"))


def _commands(readme: str, start: str) -> list[str]:
    """The indented command lines of a numbered step of the README (with its continuation lines joined)."""
    step = readme.split(start, 1)[1].split("\n\n", 1)[1]
    step = re.split(r"\n\d\. ", step)[0]
    text = step.replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.startswith("     ") and line.strip()]


def test_a_tampered_file_is_caught_by_the_packages_own_instructions(cli, project):
    approved(cli, project, SOF, EXAMPLES[SOF])
    assert cli("archive", SOF, cwd=project).code == 0
    package = package_of(project, EXAMPLES[SOF])
    readme = (package / "documentation/LASMIG.txt").read_text(encoding="utf-8")
    [command] = _commands(readme, "1. Att ingen fil har ändrats")
    if shutil.which("sha256sum") is None:
        command = command.replace("sha256sum", "shasum -a 256")  # as the README says for macOS
    fine = subprocess.run(command, shell=True, cwd=package, capture_output=True, text=True)
    assert fine.returncode == 0 and fine.stdout.count(": OK") > 20, fine.stdout + fine.stderr
    for path in ["representations/rep1/data/sof-2024-394-starkt-skydd.pdf", "metadata/descriptive/erms.xml",
                 "metadata/other/projekt/approvals/sof-2024-394-starkt-skydd.yaml"]:
        data = (package / path).read_bytes()
        (package / path).write_bytes(data.replace(b"a", b"b", 1))
        caught = subprocess.run(command, shell=True, cwd=package, capture_output=True, text=True)
        assert caught.returncode != 0 and f"{path}: FAILED" in caught.stdout, path
        (package / path).write_bytes(data)


def test_the_package_rebuilds_byte_for_byte_as_its_instructions_say(cli, project, tmp_path):
    """Step 3 of the README: the sources in the package, on utlatande's own templates, give the
    same package again (the instructions' shell lines, with utlatande's folder filled in)."""
    approved(cli, project, SOF, EXAMPLES[SOF])
    assert cli("archive", SOF, cwd=project).code == 0
    package = package_of(project, EXAMPLES[SOF])
    commands = _commands((package / "documentation/LASMIG.txt").read_text(encoding="utf-8"), "3. Att paketet är")
    *copying, rebuild = commands
    work = tmp_path / "checking"
    work.mkdir()
    for line in copying:
        line = re.sub(r"<utlatande [^>]+>/templates", str(SHIPPED_TEMPLATES), line)
        line = line.replace(" metadata/", f" {package}/metadata/").replace(" representations/", f" {package}/representations/")
        assert subprocess.run(line, shell=True, cwd=work).returncode == 0, line
    folder, arguments = rebuild.split(" && ")
    assert folder == "cd kontroll"
    _, *args = arguments.split()
    assert cli(*args, cwd=work / "kontroll").code == 0
    rebuilt = work / "omgjort/archive" / package.name
    assert rebuilt.with_suffix(".zip").read_bytes() == package.with_suffix(".zip").read_bytes()


@ssh
def test_a_signed_approval_is_checked_by_the_packages_own_instructions(cli, project, tmp_path):
    key = tmp_path / "anna"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", str(key)], check=True)
    (project / "approvals").mkdir()
    public = " ".join(key.with_suffix(".pub").read_text().split()[:2])
    (project / "approvals/allowed_signers").write_text(f'"Anna Andersson" {public}\n', encoding="utf-8")
    approved(cli, project, SOF, EXAMPLES[SOF], None, "--sign", str(key))
    assert cli("archive", SOF, cwd=project).code == 0
    package = package_of(project, EXAMPLES[SOF])
    assert "(signerat)" in (package / "documentation/LASMIG.txt").read_text(encoding="utf-8")
    [command] = _commands((package / "documentation/LASMIG.txt").read_text(encoding="utf-8"), "2. Att godkännandena")
    good = subprocess.run(command, shell=True, cwd=package, capture_output=True, text=True)
    assert good.returncode == 0 and "Good" in good.stdout + good.stderr, good.stderr
    message = package / "metadata/other/signaturer/1.txt"
    message.write_text(message.read_text(encoding="utf-8").replace("Socialdirektör", "Stadsdirektör"), encoding="utf-8")
    assert subprocess.run(command, shell=True, cwd=package, capture_output=True).returncode != 0


# Refusals ----------------------------------------------------------------------------------------

pytestmark_languages = pytest.mark.both_languages


@pytestmark_languages
def test_a_draft_is_refused(cli, project):
    result = cli("--output-format", "json", "archive", SOF, cwd=project)
    assert result.code == 1
    [problem] = problems(result)
    assert problem["code"] == "archive-unapproved" and problem["file"] == SOF and problem["hint"]
    assert not (project / "build/archive").exists()


@pytestmark_languages
def test_a_stale_approval_is_refused(cli, project):
    approved(cli, project, SOF, EXAMPLES[SOF])
    edit(project / SOF, "i vissa fall", "ibland")
    result = cli("--output-format", "json", "archive", SOF, cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    [problem] = problems(result)
    assert problem["code"] == "archive-stale" and "Anna Andersson" in problem["message"]


@pytestmark_languages
def test_a_response_without_a_dnr_is_refused(cli, project):
    approved(cli, project, KUNGSHOLMEN, EXAMPLES[KUNGSHOLMEN])
    without_dnr(project, KUNGSHOLMEN)
    result = cli("--output-format", "json", "archive", KUNGSHOLMEN, cwd=project)
    assert result.code == 1
    found = problems(result)
    assert "archive-dnr" in [p["code"] for p in found]
    [problem] = [p for p in found if p["code"] == "archive-dnr"]
    assert problem["file"] == KUNGSHOLMEN and problem["line"] >= 1 and "dnr" in problem["hint"]
    assert not (project / "build/archive").exists()


def test_the_archives_refusals_cannot_be_turned_down(cli, project):
    (project / "utlatande.toml").write_text('[rules]\narchive-dnr = "warning"\n', encoding="utf-8")
    result = cli("archive", SOF, cwd=project)
    assert result.code == 1 and "utlatande.toml:2:1: the level of 'archive-dnr' cannot be changed" in result.err


def test_a_different_earlier_package_is_never_overwritten_a_new_version_names_it(cli, project):
    approved(cli, project, SOF, EXAMPLES[SOF])
    assert cli("archive", SOF, cwd=project).code == 0
    first = package_of(project, EXAMPLES[SOF])
    before = first.with_suffix(".zip").read_bytes()
    edit(project / SOF, "i vissa fall", "ibland")
    approved(cli, project, SOF, None, "2024-06-11")
    refused = cli("--output-format", "json", "archive", SOF, cwd=project)
    assert refused.code == 1
    [problem] = problems(refused)
    assert problem["code"] == "archive-overwrite" and "--new-version" in problem["hint"]
    assert "representations/rep1/data/sof-2024-394-starkt-skydd.pdf" in problem["message"]
    assert first.with_suffix(".zip").read_bytes() == before
    result = cli("archive", "--new-version", SOF, cwd=project)
    assert result.code == 0, result.err
    second = package_of(project, EXAMPLES[SOF], 2)
    assert first.with_suffix(".zip").read_bytes() == before
    assert 'RECORDSTATUS="VERSION"' in (second / "METS.xml").read_text(encoding="utf-8")
    assert '<relation relationType="replaces">SOF-2024-394-TU-1</relation>' in (second / "metadata/descriptive/erms.xml").read_text(encoding="utf-8")
    # The new version is now the one that is up to date.
    assert "is up to date" in cli("archive", SOF, cwd=project).out


def test_without_responses_archive_takes_the_final_ones_and_names_the_others(cli, project):
    approved(cli, project, SOF, EXAMPLES[SOF])
    result = cli("archive", cwd=project)
    assert result.code == 0, result.err
    assert package_of(project, EXAMPLES[SOF]).with_suffix(".zip").is_file()
    assert f"left out {ARBETSMILJO}: " in result.out and f"left out {KUNGSHOLMEN}: " in result.out
    assert len(list((project / "build/archive").glob("*.zip"))) == 1


# The register for the diarium ----------------------------------------------------------------------

def test_the_register_export_gives_the_osl_fields_and_the_approvals(cli, project):
    approved(cli, project, SOF, EXAMPLES[SOF])
    table = cli("list", cwd=project).out
    assert table.splitlines()[0].split() == ["DNR", "TITLE", "NÄMND", "MEETING", "STATUS", "APPROVALS", "FILE"]
    entries = json.loads(cli("list", "--format", "json", cwd=project).out)
    [sof] = [e for e in entries if e["file"] == SOF]
    assert sof == {
        "dnr": "SOF 2024/394", "title": "Skrivelse om stärkt skydd och stöd för socialtjänsten", "date": "2024-06-10",
        "forvaltning": "Socialförvaltningen", "avdelning": "Avdelningen för beredskap och administration",
        "handlaggare": "Karin Karlung", "recipient": "Socialnämnden", "meeting": "2024-09-24",
        "skrivelse_title": "Skrivelse om stärkt skydd och stöd för socialtjänsten", "skrivelse_sender": "Jan Jönsson (L)",
        "skrivelse_party": "Liberalerna", "skrivelse_date": "2024-05-21", "skrivelse_received": None, "classification": None,
        "status": "approved", "approvals": [{"name": "Anna Andersson", "title": "Socialdirektör", "date": "2024-06-10", "holds": True}],
        "file": SOF}
    edit(project / SOF, "i vissa fall", "ibland")
    exported = cli("list", "--format", "csv", cwd=project).out
    assert exported.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == len(entries)
    [row] = [r for r in rows if r["file"] == SOF]
    assert row["status"] == "stale" and row["approvals"] == "Anna Andersson, Socialdirektör, 2024-06-10 (stale)"
    assert row["dnr"] == "SOF 2024/394" and row["date"] == "2024-06-10" and row["skrivelse_sender"] == "Jan Jönsson (L)"
