"""One reader, one writer: what the commands write reads back exactly, every key means something,
the rules across files run the same in build, check and new, and `migrate` upgrades sources."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Position, Problems, SourceError
from generator.i18n import N_
from generator.sources.limited import Limited, read_limited
from generator.sources.load import parse_yaml, read_text
from generator.sources.logo import read_logo
from generator.sources.write import scalar, schema_line
from tests.conftest import ARBETSMILJO, KUNGSHOLMEN, REPO, SOF, approve, edit

SOF_QUESTIONS = "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"
PROFILE = "organisations/socialforvaltningen.yaml"


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co")), min_size=1, max_size=60))
def test_a_written_value_reads_back_exactly(text):
    problems = Problems()
    data = parse_yaml(f"x: {scalar(text)}\n", Path("x.yaml"), problems)
    if not problems:
        assert data["x"] == text
    else:
        assert all("word of" in p.message or "reorder" in p.message or "cannot be stored" in p.message
                   for p in problems.items), problems.items


def test_values_yaml_1_1_would_change_are_quoted():
    assert [scalar(t) for t in ("0755", "yes", "1:20", "a: b", "# x", "Karin")] == \
           ['"0755"', "yes", "1:20", '"a: b"', '"# x"', "Karin"]


def test_every_file_utlatande_writes_names_its_schema(cli, project, tmp_path):
    text = tmp_path / "skrivelse.txt"
    text.write_text((Path(__file__).parent / "fixtures/seeds/002-skrivelse-moderaterna.txt").read_text(encoding="utf-8"),
                    encoding="utf-8")
    # The example project holds this skrivelse already; the file written is what counts here.
    result = cli("import", str(text), "--out", "questions/ny.yaml", "--even-if-imported", cwd=project)
    assert result.code == 0, result.err
    assert (project / "questions/ny.yaml").read_text(encoding="utf-8").startswith(schema_line("questions") + "\n")
    result = cli("new", SOF_QUESTIONS, "--date", "2024-06-10", "--out", "responses/ny.yaml", cwd=project)
    assert result.code == 0, result.err
    assert (project / "responses/ny.yaml").read_text(encoding="utf-8").startswith(schema_line("responses") + "\n")
    approve(cli, project, SOF)
    assert (project / "approvals/sof-2024-394-starkt-skydd.yaml").read_text(encoding="utf-8").startswith(
        schema_line("approvals") + "\n")
    source = (project / KUNGSHOLMEN).read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(source, 1) if "Medarbetare som blivit utsatta" in line)
    last = next(n for n, line in enumerate(source[first - 1:], first) if not line.strip()) - 1
    result = cli("fragment", "extract", KUNGSHOLMEN, "--lines", f"{first}-{last}", "--id", "stod", cwd=project)
    assert result.code == 0, result.err
    assert (project / "fragments/stod.yaml").read_text(encoding="utf-8").startswith(schema_line("fragments") + "\n")


# Every key means something ------------------------------------------------------------------------

def test_a_source_section_is_printed_in_the_citation(cli, project):
    edit(project / "fragments/trygghetsprogrammet-arbetsmiljo.yaml", "  period: 2024–2027",
         "  period: 2024–2027\n  section: avsnitt 3.2")
    assert "(Från Stockholms stads Trygghetsprogram 2024–2027, avsnitt 3.2)" in cli("text", SOF, cwd=project).out


def test_the_date_a_version_changed_is_listed(cli, project):
    edit(project / "fragments/sakerhetsprogrammet-ansvar.yaml", "text: ", "changed: 2025-03-01\ntext: ")
    assert re.search(r"\nsakerhetsprogrammet-ansvar +1 \(2025-03-01\) ", cli("fragments", cwd=project).out)


def test_a_fragment_quoting_a_replaced_programme_is_warned_about(cli, project):
    path = project / "fragments/trygghetsprogrammet-arbetsmiljo.yaml"
    edit(path, "  period: 2024–2027", "  period: 2020–2023")
    (project / "programmes/trygghetsprogram-2020-2023.yaml").write_text(
        "name: Stockholms stads Trygghetsprogram\nperiod: 2020–2023\n", encoding="utf-8")
    assert ("warning: fragment 'trygghetsprogrammet-arbetsmiljo' quotes 'Stockholms stads Trygghetsprogram 2020–2023', "
            "which 'Stockholms stads Trygghetsprogram 2024–2027' replaces") in cli("check", cwd=project).err


def test_new_offers_the_skrivelses_preamble_for_the_background(cli, project):
    result = cli("new", SOF_QUESTIONS, "--date", "2024-06-10", "--out", "responses/ny.yaml", cwd=project)
    assert result.code == 0, result.err
    text = (project / "responses/ny.yaml").read_text(encoding="utf-8")
    assert "# The skrivelse's preamble, as a basis for the background:\n#   Socialtjänsten är en" in text
    assert "Socialtjänsten är en" not in cli("text", "responses/ny.yaml", cwd=project).out, "a comment, not text"


KUNGSHOLMEN_PROFILE = "organisations/kungsholmen.yaml"


def test_a_logo_written_as_text_is_refused_and_migrate_removes_it_keeping_comments(cli, project):
    """Earlier versions accepted `logo: <text>` and never used it; a logo is now `file` and `alt`."""
    path = project / KUNGSHOLMEN_PROFILE
    path.write_text(path.read_text(encoding="utf-8") + "logo:\n", encoding="utf-8")
    assert cli("check", cwd=project).code == 0, "an empty logo, as earlier versions wrote it, says nothing"
    schema = json.loads((REPO / "schemas/organisation.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)  # and the editor agrees
    path.write_text(path.read_text(encoding="utf-8").replace("logo:\n", "# Logotypen kommer senare.\nlogo: bilder/logo.svg   # en kommentar\n"),
                    encoding="utf-8")
    result = cli("check", cwd=project)
    assert result.code == 1 and "'logo' must be a mapping with 'file' and 'alt', not 'bilder/logo.svg'" in result.err
    result = cli("migrate", cwd=project)
    assert result.code == 0 and f"updated {KUNGSHOLMEN_PROFILE}: removed 'logo'" in result.out
    text = path.read_text(encoding="utf-8")
    assert "logo:" not in text and "en kommentar" not in text and "# Logotypen kommer senare." in text
    assert cli("check", cwd=project).code == 0
    assert cli("migrate", cwd=project).out == "The sources are up to date.\n", "a logo in today's form is kept"
    assert "  file: organisations/exempel-logo.svg" in (project / PROFILE).read_text(encoding="utf-8")


# The same rules everywhere --------------------------------------------------------------------------

def test_build_refuses_two_responses_with_the_same_dnr(cli, project):
    edit(project / KUNGSHOLMEN, "dnr: EXEMPEL 2024/123", "dnr: SOF 2024/394")
    edit(project / KUNGSHOLMEN, "organisation: kungsholmen", "organisation: socialforvaltningen")
    result = cli("build", cwd=project)
    assert result.code == 1
    assert f"{SOF}:4:6: the dnr SOF 2024/394 is also used by {KUNGSHOLMEN}" in result.err
    assert f"the dnr SOF 2024/394 is also used by {SOF}" in result.err


@pytest.mark.parametrize(("text", "dnr"), [
    ("# a comment\ndnr: SOF 2024/1\ndate: 2024-06-10\n", "SOF 2024/1"),
    ("x:\n  dnr: nested\n  y: [1, {dnr: deeper}]\ndnr: 'SOF 2024/2'\n", "SOF 2024/2"),
    ("ref: &number SOF 2024/3\ndnr: *number\n", "SOF 2024/3"),
    ("dnr: SOF 2024/4\ndnr: SOF 2024/5\n", "SOF 2024/4"),  # as the loader reads it (and refuses it)
    ("dnr: SOF 2024/6\nlater: [unclosed\n", "SOF 2024/6"),
    ("dnr: [SOF 2024/7]\n", None),
    ("- dnr: SOF 2024/8\n", None),
    ("title: no dnr\n", None),
    ("dnr: {unclosed\n", None),
])
def test_the_diary_reads_the_dnr_as_the_loader_does(tmp_path, text, dnr):
    from generator.sources.read import top_level_text

    (tmp_path / "response.yaml").write_text(text, encoding="utf-8")
    assert top_level_text("dnr", tmp_path / "response.yaml", tmp_path) == dnr
    if dnr is not None and "unclosed" not in text:
        assert parse_yaml(text, Path("response.yaml"), Problems())["dnr"] == dnr


def test_make_takes_the_dnr_of_an_unchanged_response_from_its_record_and_reads_a_changed_one(cli, project):
    """`build --changed` knows the dnr of a response whose file is as it was built from its build
    record, without reading it; a response changed since is read again."""
    assert cli("build", "--changed", "-f", "html", cwd=project).code == 0
    records = list((project / ".cache/utlatande/builds").glob("*/*.json"))
    assert {json.loads(r.read_text(encoding="utf-8"))["dnr"] for r in records} >= {"SOF 2024/394", "EXEMPEL 2024/123"}
    edit(project / KUNGSHOLMEN, "dnr: EXEMPEL 2024/123", "dnr: SOF 2024/394")
    edit(project / KUNGSHOLMEN, "organisation: kungsholmen", "organisation: socialforvaltningen")
    result = cli("build", "--changed", "-f", "html", cwd=project)
    assert result.code == 1 and f"the dnr SOF 2024/394 is also used by {SOF}" in result.err
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2024/395")
    result = cli("build", "--changed", "-f", "html", cwd=project)
    assert "is also used by" not in result.err and "wrote build/sof-2024-394-starkt-skydd.html" in result.out


def test_new_refuses_a_dnr_in_use_and_writes_nothing(cli, project):
    result = cli("new", SOF_QUESTIONS, "--dnr", "SOF 2024/394", "--date", "2024-06-10", cwd=project)
    assert result.code == 1 and f"--dnr: the dnr SOF 2024/394 is already used by {SOF}" in result.err
    assert sorted(p.name for p in (project / "responses").iterdir()) == [Path(KUNGSHOLMEN).name, Path(SOF).name,
                                                                                 Path(ARBETSMILJO).name]


def test_a_todo_in_the_units_is_reported_at_its_line(cli, project):
    edit(project / SOF, "    - avdelningen för strategi och utveckling", "    - TODO avdelningen för …")
    line = next(n for n, text in enumerate((project / SOF).read_text(encoding="utf-8").splitlines(), 1) if "TODO avd" in text)
    assert f"{SOF}:{line}:7: warning: beredning.units still says TODO" in cli("check", cwd=project).err


def test_the_size_limited_reader_reads_up_to_its_limit_and_says_each_failure_its_kind_s_way(tmp_path):
    kind = Limited(4, 4, N_("larger than {size} bytes"), "", missing=N_("'{file}' does not exist"))
    at = Position(tmp_path / "profile.yaml", 7, 9)

    def refused(path: Path) -> str:
        with pytest.raises(SourceError) as error:
            read_limited(path, kind, at, large_at=Position(path, 1, 1), file="x.bin")
        return str(error.value)

    (tmp_path / "four").write_bytes(b"1234")
    (tmp_path / "five").write_bytes(b"12345")
    assert read_limited(tmp_path / "four", kind, at, large_at=at) == b"1234"
    assert refused(tmp_path / "five") == f"{tmp_path / 'five'}:1:1: larger than 4 bytes"
    assert refused(tmp_path / "none") == f"{at}: 'x.bin' does not exist"
    assert refused(tmp_path) == f"{at}: is a folder, not a file"
    assert refused(tmp_path / ("x" * 300)) == f"{at}: the file name is too long\n    hint: use a shorter name"


def test_a_folder_where_a_logo_or_a_source_file_should_be_is_named_as_each_is(tmp_path):
    (tmp_path / "organisations" / "mapp.svg").mkdir(parents=True)
    profile = Position(tmp_path / "organisations" / "profil.yaml", 7, 9)
    with pytest.raises(SourceError) as error:
        read_logo("organisations/mapp.svg", "En sköld", profile, tmp_path)
    assert str(error.value) == f"{profile}: the logo 'organisations/mapp.svg' is a folder, not a file"
    with pytest.raises(SourceError) as error:
        read_text(tmp_path / "organisations", tmp_path)
    assert str(error.value) == f"{tmp_path / 'organisations'}: is a folder, not a file"
