"""The standard-answer library: versions and pins, where-used, validity, pastes, extract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.checks.paste import shared
from generator.commands.session import Session
from generator.model.text import document_text
from tests.conftest import ARBETSMILJO, EXAMPLE, KUNGSHOLMEN, REPO, SOF, edit

R1 = "fragments/trygghetsprogrammet-arbetsmiljo.yaml"
R6 = "fragments/polisanmalan-och-incidentrapport.yaml"
SEEDS = REPO / "tests/fixtures/seeds"


def text_of(project: Path, response: str) -> str:
    return document_text(Session.open(project).document(project / response))


def new_version_of_r6(project: Path) -> None:
    """Version 2 of R6 with new wording; version 1 kept under 'previous'."""
    path = project / R6
    old = path.read_text(encoding="utf-8")
    body = old[old.index("text: |"):]
    indented = "\n".join(("    " + line) if line.strip() else line for line in body.splitlines())
    head = old[:old.index("version: 1")]
    new = (head + "version: 2\nchanged: 2025-03-01\n"
           "text: |\n  Varje hot och varje våldshändelse mot {{ personal }} ska polisanmälas.\n"
           "variants:\n  i-samrad: |\n    Alla hot mot {{ personal }} polisanmäls i samråd med den som utsatts.\n"
           "previous:\n  - version: 1\n" + indented.replace("    text: |", "    text: |", 1) + "\n")
    path.write_text(new, encoding="utf-8")


def test_a_pinned_response_keeps_its_text_when_the_fragment_changes(project, cli):
    edit(project / SOF, "      - fragment: polisanmalan-och-incidentrapport\n",
         "      - fragment: polisanmalan-och-incidentrapport\n        version: 1\n")
    sof_before, kungsholmen_before = text_of(project, SOF), text_of(project, KUNGSHOLMEN)
    new_version_of_r6(project)
    assert text_of(project, SOF) == sof_before, "pinned to version 1"
    kungsholmen_after = text_of(project, KUNGSHOLMEN)
    assert kungsholmen_after != kungsholmen_before, "not pinned: takes the newest version"
    assert "Alla hot mot medarbetare polisanmäls i samråd med den som utsatts." in kungsholmen_after
    result = cli("check", cwd=project)
    assert result.code == 0
    assert ("warning: pinned to version 1 of 'polisanmalan-och-incidentrapport': moving to version 2 "
            "would change this response's text") in result.err
    assert f"{SOF}:" in result.err.split("pinned to version 1")[0].splitlines()[-1]


def test_unknown_version_is_an_error(project, cli):
    edit(project / SOF, "      - fragment: polisanmalan-och-incidentrapport\n",
         "      - fragment: polisanmalan-och-incidentrapport\n        version: 3\n")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert "fragment 'polisanmalan-och-incidentrapport' has no version 3" in result.err
    assert "the versions there are: 1" in result.err


def test_versions_must_be_distinct_and_the_current_newest(project, cli):
    new_version_of_r6(project)
    edit(project / R6, "version: 2\n", "version: 1\n")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert "version 1 appears twice" in result.err
    assert "the current version (1) must be newer than every previous version" in result.err


def test_nested_references_are_refused(project, cli):
    edit(project / R6, "bör utredas om det ska", "bör utredas {% include 'trygghetsprogrammet-arbetsmiljo' %} om det ska")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert f"{R6}:" in result.err
    assert "fragments may not include other fragments or use template statements" in result.err


def test_where_used_lists_dnr_title_date_status_and_version(project, cli):
    edit(project / SOF, "        variant: ansvar-och-rutiner\n", "        variant: ansvar-och-rutiner\n        version: 1\n")
    result = cli("where-used", "trygghetsprogrammet-arbetsmiljo", cwd=project)
    assert result.code == 0
    rows = [re.split(r"\s{2,}", line) for line in result.out.splitlines()]
    assert rows[0] == ["DNR", "TITLE", "DATE", "STATUS", "VERSION", "FILE"]
    assert rows[1] == ["EXEMPEL 2024/123", "Skrivelse om behovet av stärkt skydd och stöd för socialtjänsten", "2024-09-30",
                       "draft", "1 (newest)", f"{KUNGSHOLMEN}:48"]
    assert rows[2] == ["SOF 2024/394", "Skrivelse om stärkt skydd och stöd för socialtjänsten", "2024-06-10",
                       "draft", "1 (newest)", f"{SOF}:34"]
    assert rows[3][3:] == ["draft", "1 (pinned)", f"{SOF}:54"]
    used_at = (project / ARBETSMILJO).read_text(encoding="utf-8").splitlines().index(
        "      - fragment: trygghetsprogrammet-arbetsmiljo") + 1
    assert rows[4][3:] == ["draft", "1 (newest)", f"{ARBETSMILJO}:{used_at}"]
    assert len(rows) == 5


def test_where_used_for_an_unused_and_an_unknown_fragment(project, cli):
    result = cli("where-used", "handlingsplan-prioritering-hot-och-vald", cwd=project)
    assert (result.code, result.out) == (0, "No response uses 'handlingsplan-prioritering-hot-och-vald'.\n")
    result = cli("where-used", "polisanmalan", cwd=project)
    assert result.code == 2, "a wrong argument is a usage error"
    assert "there is no fragment 'polisanmalan'; valid choices: " in result.err and "polisanmalan-och-incidentrapport" in result.err


def test_fragments_lists_the_library(project, cli):
    result = cli("fragments", cwd=project)
    assert result.code == 0
    rows = {row[0]: row[1:] for row in (re.split(r"\s{2,}", line) for line in result.out.splitlines())}
    assert rows.pop("ID") == ["VERSION", "SOURCE", "VALID", "USED"]
    assert len(rows) == 6
    assert rows["trygghetsprogrammet-arbetsmiljo"] == ["1", "Stockholms stads Trygghetsprogram 2024–2027",
                                                       "2024-01-01 – 2027-12-31", "4"]
    assert rows["handlingsplan-prioritering-hot-och-vald"][-1] == "0"
    assert rows["polisanmalan-och-incidentrapport"] == ["1", "–", "–", "3"]


def test_response_dated_after_the_programme_expired(project, cli):
    edit(project / SOF, "date: 2024-06-10", "date: 2028-02-01")
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2028/394")
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2028-03-01")
    result = cli("check", cwd=project)
    assert result.code == 0
    assert ("warning: the response is dated 2028-02-01, after 'Stockholms stads Trygghetsprogram 2024–2027' "
            "stopped being valid (2027-12-31)") in result.err
    assert result.err.count("stopped being valid") == 2


def test_a_fragments_own_validity_wins(project, cli):
    edit(project / R6, "version: 1\n", "valid:\n  from: 2024-08-01\nversion: 1\n")
    result = cli("check", cwd=project)
    assert "the response is dated 2024-06-10, before fragment 'polisanmalan-och-incidentrapport' is valid (2024-08-01)" in result.err


def test_unknown_source_programme_and_organisation_fit(project, cli):
    edit(project / "fragments/sakerhetsprogrammet-ansvar.yaml", "programme: Stockholms stads säkerhetsprogram",
         "programme: Stockholms stads säkerhetsprogam")
    edit(project / R6, "version: 1\n", "organisations: [kungsholmen]\nversion: 1\n")
    result = cli("check", cwd=project)
    assert "quotes 'Stockholms stads säkerhetsprogam', which is not in programmes/" in result.err
    assert "did you mean 'Stockholms stads säkerhetsprogram'?" in result.err
    assert "fragment 'polisanmalan-och-incidentrapport' is meant for kungsholmen, not socialforvaltningen" in result.err


@pytest.mark.parametrize("seed, paste", [
    ("001-fraga-4.txt", True),
    ("003-synpunkter.txt", True),
    ("003-sammanfattning.txt", False),
])
def test_paste_detection_on_the_seeds(seed, paste):
    r1 = Session.open(EXAMPLE).library.fragments["trygghetsprogrammet-arbetsmiljo"].current.text.text
    match = shared((SEEDS / seed).read_text(encoding="utf-8"), r1)
    assert (match is not None) == paste


def test_paste_detection_ignores_unrelated_text():
    library = Session.open(EXAMPLE).library
    preamble = (EXAMPLE / "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml").read_text(encoding="utf-8")
    for fragment in library.fragments.values():
        assert shared(preamble, fragment.current.text.text) is None, fragment.id


def test_check_warns_about_a_paste_at_its_line(project, cli):
    pasted = (SEEDS / "001-fraga-4.txt").read_text(encoding="utf-8")
    indented = "".join("          " + line + "\n" for line in pasted.splitlines())
    edit(project / SOF, "          Nej, i första hand", indented + "\n          Nej, i första hand")
    result = cli("check", cwd=project)
    line = next(n for n, text in enumerate((project / SOF).read_text(encoding="utf-8").splitlines(), 1)
                if text.strip() == "Stadens arbete med att förebygga otillåten påverkan och hot, våld")
    # R1's first three sentences: 20 + 13 + 28 words; the sentence before them is R6's.
    assert (f"{SOF}:{line}:11: warning: this text repeats fragment 'trygghetsprogrammet-arbetsmiljo' "
            "(61 words in common): reference it instead") in result.err
    assert "replace the passage with '- fragment: trygghetsprogrammet-arbetsmiljo'" in result.err
    # R6 as it reads for Socialförvaltningen ("{{ personal }}" → "anställda"): all 27 words.
    assert (f"{SOF}:{line - 3}:11: warning: this text repeats fragment 'polisanmalan-och-incidentrapport' "
            "(27 words in common)") in result.err


def test_extract_round_trips_the_built_text(project, cli):
    before = text_of(project, KUNGSHOLMEN)
    source = (project / KUNGSHOLMEN).read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(source, 1) if "Medarbetare som blivit utsatta" in line)
    last = next(n for n, line in enumerate(source, 1) if line.strip() == "aktuella åtgärder.")
    result = cli("fragment", "extract", KUNGSHOLMEN, "--lines", f"{first}-{last}", "--id", "medarbetarstod", cwd=project)
    assert result.code == 0, result.err
    assert "wrote" in result.out and "medarbetarstod" in result.out
    assert text_of(project, KUNGSHOLMEN) == before
    fragment = (project / "fragments/medarbetarstod.yaml").read_text(encoding="utf-8")
    assert "id: medarbetarstod\n" in fragment and "  Medarbetare som blivit utsatta" in fragment
    assert "      - fragment: medarbetarstod\n" in (project / KUNGSHOLMEN).read_text(encoding="utf-8")
    assert cli("check", cwd=project).code == 0


def test_extract_refuses_part_of_a_paragraph_and_changes_nothing(project, cli):
    before = {p: p.read_bytes() for p in (project / "fragments").iterdir()} | {KUNGSHOLMEN: (project / KUNGSHOLMEN).read_bytes()}
    source = (project / KUNGSHOLMEN).read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(source, 1) if "Medarbetare som blivit utsatta" in line)
    result = cli("fragment", "extract", KUNGSHOLMEN, "--lines", f"{first + 1}-{first + 3}", "--id", "halv", cwd=project)
    assert result.code == 1
    assert f"{KUNGSHOLMEN}:{first + 1}: lines {first + 1}-{first + 3} are not whole paragraphs" in result.err
    after = {p: p.read_bytes() for p in (project / "fragments").iterdir()} | {KUNGSHOLMEN: (project / KUNGSHOLMEN).read_bytes()}
    assert after == before


def test_extract_never_overwrites_a_fragment(project, cli):
    existing = (project / R6).read_bytes()
    result = cli("fragment", "extract", KUNGSHOLMEN, "--lines", "57-62", "--id", "polisanmalan-och-incidentrapport", cwd=project)
    assert result.code == 1
    assert "a fragment file with this name already exists" in result.err
    assert (project / R6).read_bytes() == existing


def test_extract_that_would_change_the_text_is_rolled_back(project, cli):
    edit(project / SOF, "          Nej, i första hand", "          - punkt ett\n\n          - punkt två\n\n          Nej, i första hand")
    before = (project / SOF).read_bytes()
    source = (project / SOF).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(source, 1) if "- punkt två" in text)
    result = cli("fragment", "extract", SOF, "--lines", f"{line}-{line}", "--id", "punkt", cwd=project)
    assert result.code == 1
    assert "lifting these lines out would change the document's text" in result.err
    assert (project / SOF).read_bytes() == before
    assert not (project / "fragments/punkt.yaml").exists()
