"""The formats declared once: every problem of a file in one run, the JSON Schemas for editors
(checked by an independent validator), and the README's reference of the formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

from generator.commands.schemas import FOLDER, PROJECT, schema_name, schema_texts
from generator.commands.session import Session
from generator.errors import Problems
from generator.model.data import VERSION
from generator.review.approvals import FILE_FORMAT
from generator.sources.formats import FORMATS
from generator.sources.read import read_values
from generator.sources.schema import ListOf, Names, Schema
from tests.conftest import EXAMPLE, REPO, SOF, edit

BAD = REPO / "tests/fixtures/bad-sources"
KINDS = {"response": "responses", "skrivelse": "questions", "fragment": "fragments", "programme": "programmes",
         "organisation": "organisations", "approvals": "approvals"}


class _Independent(yaml.SafeLoader):
    """PyYAML's own loader, with dates left as text as JSON has them: not utlatande's loader."""


_Independent.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


#: The example project's schemas: the formats' (as committed) and its names (project.schema.json).
SCHEMAS = schema_texts(Session.open(EXAMPLE).library)


def validator(folder: str) -> jsonschema.Draft202012Validator:
    schemas = EXAMPLE / FOLDER
    registry = Registry().with_resources(
        ((schemas / name).resolve().as_uri(), Resource.from_contents(json.loads(text))) for name, text in SCHEMAS.items())
    uri = (schemas / schema_name(folder)).resolve().as_uri()
    return jsonschema.Draft202012Validator({"$ref": uri}, registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_errors(path: Path, folder: str) -> list[str]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Independent)
    return [error.message for error in validator(folder).iter_errors(data)]


def loader_errors(path: Path, folder: str) -> list[str]:
    _, problems = read_values(FORMATS[folder], path, path.parent)
    return [str(p) for p in problems.errors]


def test_the_schemas_of_the_formats_in_the_repository_are_up_to_date():
    # project.schema.json lists the names in the users' own sources: 'check' says when it is stale.
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / FOLDER).glob("*.json") if p.name != PROJECT}
    assert committed == {name: text for name, text in SCHEMAS.items() if name != PROJECT}, \
        "run 'utlatande schema' and commit schemas/"


@pytest.mark.parametrize("folder", sorted(set(FORMATS) - {"approvals"}))
def test_every_source_of_the_example_is_valid_by_its_schema(folder):
    files = sorted((EXAMPLE / folder).glob("*.yaml"))
    assert files
    for path in files:
        assert schema_errors(path, folder) == [], path


@pytest.mark.parametrize("fixture", sorted(p.name for p in BAD.glob("*.yaml")))
def test_a_bad_file_is_refused_by_the_loader_and_by_the_schema(fixture):
    folder = KINDS[fixture.split("-")[0]]
    assert loader_errors(BAD / fixture, folder), "utlatande refuses it"
    assert schema_errors(BAD / fixture, folder), "an independent validator refuses it with the schema"


def test_the_editor_knows_which_schema_each_folder_uses():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert settings == {f"./{FOLDER}/{schema_name(folder)}": [f"{folder}/*.yaml"] for folder in FORMATS}
    for schema in settings:
        assert (REPO / schema).is_file()


# Every problem of a file in one run -----------------------------------------------------------

def test_five_problems_in_a_response_are_reported_together(cli, project):
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 24/394")
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-02-30")
    edit(project / SOF, "avdelning: Avdelningen", "avdelnin: Avdelningen")
    edit(project / SOF, "questions: [sakerhetssamordnare]", "questions: [sakerhetsamordnare]")
    edit(project / SOF, "handlaggare:\n  name: Karin Karlung\n  phone: \"08-50825402\"", "handlaggare: Karin Karlung")
    result = cli("check", cwd=project)
    lines = [line for line in result.err.splitlines() if line.startswith(SOF)]
    for message in ("'SOF 24/394' is not a diary number", "'2024-02-30' is not a real date", "unknown key 'avdelnin'",
                    "the skrivelse has no question 'sakerhetsamordnare'", "'handlaggare' must be a mapping"):
        assert any(message in line for line in lines), message
    assert len(lines) == 5, lines


FILE_PROBLEMS = {
    "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml": [
        ("  - id: anstallda-fortrogna", "  - id: Anställda"), ("to: ", "tilll: "), ("numbering: ", "numbering: romerska\nxnumbering: "),
        ("party:\n", "date: igår\nparty:\n"), ("title: ", "title: [en, lista]\nxtitle: "),
    ],
    "fragments/polisanmalan-och-incidentrapport.yaml": [
        ("id: polisanmalan-och-incidentrapport", "id: Polisanmälan"), ("quotation: false", "quotation: nej"),
        ("riktas mot {{ personal }}", "riktas mot {{ personal() }}"), ("keywords:", "nyckelord: x\nkeywords:"),
        ("version: 1", "version: 0"),
    ],
    "organisations/kungsholmen.yaml": [
        ("stadsdel: Kungsholmen", "stadsdel: [Kungsholmen]"), ("  name: Kungsholmens stadsdelsnämnd\n", ""),
        ("avdelningar:", "avdelningarna:"), ("voice:", "röst: x\nvoice:"), ("forvaltning:", "forvaltning: [x]\nxforvaltning:"),
    ],
    "programmes/trygghetsprogram-2024-2027.yaml": [
        ("name: ", "namn: x\nname: "), ("period: ", "period: [2024]\nxperiod: "), ("  from: 2024-01-01", "  from: 2024-13-01"),
        ("  to: 2027-12-31", "  till: 2027-12-31"), ("replaces: ", "replaces: [x]\nxreplaces: "),
    ],
}


@pytest.mark.parametrize("path", sorted(FILE_PROBLEMS))
def test_five_problems_in_a_file_are_reported_together(cli, project, path):
    for old, new in FILE_PROBLEMS[path]:
        edit(project / path, old, new)
    result = cli("check", cwd=project)
    lines = [line for line in result.err.splitlines() if line.startswith(path) and ": warning:" not in line]
    assert len(lines) >= 5, result.err
    assert len({line.split(":")[1] for line in lines}) >= 4, "at their own lines"


def test_five_problems_in_an_approvals_file_are_reported_together(cli, project):
    from tests.conftest import approve

    approve(cli, project, SOF)
    path = project / "approvals/sof-2024-394-starkt-skydd.yaml"
    for old, new in ((f"format: {FILE_FORMAT}", "format: två"), ("title: Socialdirektör", "title: [Socialdirektör]"),
                     ("date: 2024-06-12", "date: 2024-06-31"), ("    content: sha256:", "    innehall: x\n    content: sha256:"),
                     (f"document: utlatande-document/{VERSION}", "document: version-3")):
        edit(path, old, new)
    result = cli("check", cwd=project)
    lines = [line for line in result.err.splitlines() if line.startswith("approvals/")]
    assert len(lines) == 5, result.err


# The README's reference of the formats ----------------------------------------------------------

SECTIONS = {
    "### Skrivelse (`questions/*.yaml`)": "questions",
    "### Standard answer fragment (`fragments/*.yaml`)": "fragments",
    "### Programme (`programmes/*.yaml`)": "programmes",
    "### Organisation profile (`organisations/<id>.yaml`)": "organisations",
    "### Response (`responses/*.yaml`)": "responses",
    "### Approvals file (`approvals/<response>.yaml`)": "approvals",
}


def readme_example(heading: str) -> list[object]:
    """The YAML examples of one section of the README (up to the next heading)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading) + len(heading):]
    section = re.split(r"\n#{2,3} ", section)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert blocks, heading
    return [yaml.safe_load(block) for block in blocks]


def keys_of(value: object, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            out.add(prefix + key)
            out |= keys_of(inner, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            out |= keys_of(item, prefix)
    return out


@pytest.mark.parametrize("heading", sorted(SECTIONS))
def test_the_readme_shows_every_key_of_each_format_and_no_other(heading):
    schema: Schema = FORMATS[SECTIONS[heading]]
    shown = keys_of(readme_example(heading))
    named = set(names_of(schema))
    free = {path for path in shown if any(path.startswith(f"{name}.") for name in named)}
    assert shown - free == set(schema.walk_keys())


def names_of(schema: Schema, prefix: str = ""):
    """The paths of keys whose own keys are free names (a fragment's variants, a profile's voice)."""
    for key in schema.keys:
        kind = key.kind.item if isinstance(key.kind, ListOf) else key.kind
        if isinstance(kind, Names):
            yield prefix + key.name
        elif isinstance(kind, Schema):
            yield from names_of(kind, f"{prefix}{key.name}.")


def test_problems_are_collected_not_stopped_at(tmp_path):
    path = tmp_path / "svar.yaml"
    path.write_text("date: 2024-02-30\norganisation: [x]\nokand: 1\nanswers: 3\n", encoding="utf-8")
    _, problems = read_values(FORMATS["responses"], path, tmp_path)
    assert isinstance(problems, Problems) and len(problems.errors) == 5


def test_every_kind_of_mistake_in_a_response_is_reported_in_one_run(cli, project):
    edit(project / SOF, "date: 2024-06-10", "date: 2024-06-31")
    edit(project / SOF, "avdelning: Avdelningen", "avdelnign: Avdelningen")
    edit(project / SOF, "questions: [sakerhetssamordnare]", "questions: [sakerhetssamordnar]")
    edit(project / SOF, "fragment: handlingsplan-socialtjansten", "fragment: handlingsplan-socialtjanst")
    edit(project / SOF, "rör medarbetare finns", "rör medarbetare ![bild](x.png) finns [länk](javascript:alert(1)) och <b>fet</b>")
    edit(project / SOF, "Bakgrunden till skrivelsen", "Se [sidan](file:///etc/passwd). Bakgrunden till skrivelsen")
    result = cli("check", cwd=project)
    lines = [line for line in result.err.splitlines() if line.startswith(SOF)]
    for message in ("'2024-06-31' is not a real date", "unknown key 'avdelnign'", "no question 'sakerhetssamordnar'",
                    "unknown fragment 'handlingsplan-socialtjanst'", "images are not supported", "not 'javascript:' addresses",
                    "HTML ('<b>')", "not 'file:' addresses"):
        assert any(message in line for line in lines), (message, result.err)
    text = (project / SOF).read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(text, 1) if "![bild]" in line)
    assert f"{SOF}:{row}:{text[row - 1].index('![bild]') + 1}: images are not supported" in result.err


# The editor's schemas say what check says ------------------------------------------------------

class _Yaml12(_Independent):
    """YAML 1.2's core schema, as yaml-language-server reads a file: `0850833333` is a number."""


_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:int"]
    for first, resolvers in _Independent.yaml_implicit_resolvers.items()
}
_Yaml12.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node)))
for _first in "-+0123456789":
    _Yaml12.yaml_implicit_resolvers.setdefault(_first, []).insert(0, ("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$")))


@pytest.mark.parametrize("line, accepted", [
    ("  phone: 0850833333", True), ("  phone: +46850833333", True), ('  phone: "08-508 333 33"', True),
    ("  phone: 08-508 333 33", True), ("  phone: 0850833", True), ("  phone: 12345", False), ("  phone: 08-50", False),
    ("date: 2024-02-29", True), ("date: 2000-02-29", True), ("date: 2025-12-31", True), ("date: 2025-02-30", False),
    ("date: 2025-02-29", False), ("date: 2100-02-29", False), ("date: 2025-04-31", False), ("date: 2025-13-01", False),
    ('date: "2025-06-31"', False),
])
def test_the_editor_accepts_what_check_accepts_and_refuses_what_it_refuses(tmp_path, line, accepted):
    """A phone number written as digits is a number to the editor (YAML 1.2) and a phone number
    to check; a date that does not exist is refused by both, 29 February outside leap years too."""
    text = (EXAMPLE / SOF).read_text(encoding="utf-8")
    key = line.split(":")[0]
    old = next(row for row in text.splitlines() if row.startswith(key + ":"))
    path = tmp_path / "responses" / "svar.yaml"
    path.parent.mkdir()
    path.write_text(text.replace(old, line, 1), encoding="utf-8")
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12)
    in_editor = [error.message for error in validator("responses").iter_errors(data)]
    assert (not loader_errors(path, "responses")) is accepted, loader_errors(path, "responses")
    assert (not in_editor) is accepted, in_editor


def _patterned(schema: object) -> list[dict]:
    """Every subschema with a pattern for a value (not for key names)."""
    found = []
    if isinstance(schema, dict):
        if "pattern" in schema and schema.get("type") == "string":
            found.append(schema)
        for key, value in schema.items():
            if key != "propertyNames":
                found += _patterned(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _patterned(value)
    return found


def test_the_editor_says_in_swedish_what_is_wrong_with_a_value_written_wrongly():
    from tests.conftest import english_words

    patterned = [p for path in sorted((REPO / FOLDER).glob("*.schema.json"))
                 for p in _patterned(json.loads(path.read_text(encoding="utf-8")))]
    assert len(patterned) >= 10
    for schema in patterned:
        said = schema.get("patternErrorMessage", "")
        assert said.startswith(("Det här", "'")), schema
        assert english_words(said) == [], said
