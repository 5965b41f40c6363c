"""Suggestions: the evaluation on the seeds, the suggest command, and new responses."""

from __future__ import annotations

import json

import yaml

from generator.intake import corpus
from generator.intake.corpus import fragment_entries, index
from generator.intake.retrieval import BM25, Index, terms
from generator.sources.layout import Layout
from generator.sources.project import load_library
from tests.conftest import EXAMPLE, REPO

LABELS = yaml.safe_load((REPO / "tests/fixtures/suggest-labels.yaml").read_text(encoding="utf-8"))
SKRIVELSE = LABELS["skrivelse"]


def recall_at_3(suggestions: Index) -> tuple[int, int, list]:
    questions = {q["id"]: q["text"] for q in yaml.safe_load((EXAMPLE / SKRIVELSE).read_text(encoding="utf-8"))["questions"]}
    hits = total = 0
    misses = []
    for qid, wanted in LABELS["labels"].items():
        top = [s.fragment for s in suggestions.suggest(" ".join(questions[qid].split()), top=3).fragments]
        for fragment in wanted:
            total += 1
            if fragment in top:
                hits += 1
            else:
                misses.append((qid, fragment, top))
    return hits, total, misses


def test_recall_at_3_on_the_seeds(capsys):
    """For the questions of 000, the fragments that 001 and 003 used rank in the top 3.

    Also printed, not asserted: the same with the fragments' own words only (no earlier
    responses), to show what the earlier answers add."""
    library = load_library(Layout(EXAMPLE))
    hits, total, misses = recall_at_3(index(library))
    alone, _, _ = recall_at_3(Index(fragment_entries(library), []))
    with capsys.disabled():
        print(f"\nsuggestion evaluation (seed 000, labels from 001 and 003): recall@3 = {hits}/{total} = {hits / total:.2f}"
              f" (fragments' own words only: {alone}/{total} = {alone / total:.2f}; {len(library.fragments)} fragments)")
    assert not misses, misses


def test_stemming_and_stop_words():
    assert terms("socialtjänstens medarbetare och socialtjänsten") == ["socialtjänst", "medarbet", "socialtjänst"]
    assert terms("Hur ser det ut?") == ["ser"]


def test_bm25_prefers_the_rarer_shared_word():
    bm25 = BM25([terms("hot och våld mot medarbetare"), terms("nolltoleranspolicy mot hot"), terms("arbetsmiljö")])
    scores = bm25.scores(terms("nolltoleranspolicy och hot"))
    assert max(scores, key=scores.get) == 1
    assert 2 not in scores


def test_suggest_command(cli, project):
    result = cli("suggest", SKRIVELSE, cwd=project)
    assert result.code == 0, result.err
    blocks = result.out.split("\n2. ")
    first = blocks[0].splitlines()
    assert first[0].startswith("1. Hur ser stadsdelsförvaltningens arbete ut") and first[0].endswith("[arbete-skydd-och-stod]")
    assert first[1].split()[:2] == ["fragment", "trygghetsprogrammet-arbetsmiljo"]
    assert 'SOF 2024/394 answered "Hur ser stadens arbete ut' in first[1] and "words:" in first[1]
    assert any(line.split()[:2] == ["earlier", "SOF"] for line in first)


def test_suggest_output_is_the_same_every_time(cli, project):
    runs = {cli("suggest", SKRIVELSE, cwd=project).out for _ in range(3)}
    assert len(runs) == 1


def test_suggest_uses_the_cache_and_sees_changes(cli, project):
    assert cli("suggest", SKRIVELSE, cwd=project).code == 0
    cache = project / ".cache/utlatande/corpus.json"
    assert cache.is_file()
    path = project / "responses/sof-2024-394-starkt-skydd.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - questions: [sakerhetssamordnare]\n    parts:\n      - fragment: sakerhetsprogrammet-ansvar\n",
                                                         "  - questions: [sakerhetssamordnare]\n    parts:\n      - fragment: handlingsplan-prioritering-hot-och-vald\n"), encoding="utf-8")
    out = cli("suggest", SKRIVELSE, cwd=project).out
    second = out.split("\n2. ")[1].split("\n3. ")[0]
    assert "handlingsplan-prioritering-hot-och-vald" in second.splitlines()[1]


def test_a_cache_in_another_format_is_redone(cli, project):
    cache = project / ".cache/utlatande/corpus.json"
    cache.parent.mkdir(parents=True)
    cache.write_text(json.dumps({"format": "corpus/0", "responses": {"sof-2024-394-starkt-skydd.yaml": {"junk": True}}}), encoding="utf-8")
    result = cli("suggest", SKRIVELSE, cwd=project)
    assert result.code == 0, result.err
    assert "SOF 2024/394 answered" in result.out
    assert json.loads(cache.read_text(encoding="utf-8"))["format"] == corpus.CACHE_FORMAT


def test_new_writes_a_response_that_builds_as_a_draft(cli, project):
    result = cli("new", SKRIVELSE, "--organisation", "kungsholmen", "--date", "2024-11-01", cwd=project)
    assert result.code == 0, result.err
    path = project / "responses/hasselby-vallingby-liberalerna-starkt-skydd.yaml"
    text = path.read_text(encoding="utf-8")
    assert "#   subtitle: Svar på skrivelse från Liberalerna" in text
    assert "#   decision: Stadsdelsnämnden godkänner förvaltningens tjänsteutlåtande som svar på skrivelsen." in text
    assert "#   Bilaga 1: Skrivelse om behovet av stärkt skydd och stöd för socialtjänstens medarbetare" in text
    data = yaml.safe_load(text)
    assert [a["questions"] for a in data["answers"]] == [["arbete-skydd-och-stod"], ["sakerhetssamordnare"],
                                                         ["polisanmalan-rutin"], ["nolltoleranspolicy"]]
    assert "      # - fragment: trygghetsprogrammet-arbetsmiljo   # 0." in text
    assert "      # SOF 2024/394 answered" in text
    third = text.split("  - questions: [polisanmalan-rutin]")[1].split("  - questions:")[0]
    assert "      # - text: |\n      #     Nej, i första hand ska polisanmälan upprättas av den enskilde" in third
    assert "      # EXEMPEL 2024/123 answered in prose" in text
    build = cli("build", "responses/hasselby-vallingby-liberalerna-starkt-skydd.yaml", cwd=project)
    assert build.code == 0, build.err
    check = cli("check", cwd=project)
    assert "the text still says TODO" in check.err and "no meeting date yet" in check.err


def test_new_with_a_suggestion_uncommented_builds_the_fragment(cli, project):
    assert cli("new", SKRIVELSE, "--organisation", "kungsholmen", "--date", "2024-11-01", "--meeting", "2024-12-12",
               cwd=project).code == 0
    path = project / "responses/hasselby-vallingby-liberalerna-starkt-skydd.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      # - fragment: sakerhetsprogrammet-ansvar   #", "      - fragment: sakerhetsprogrammet-ansvar   #", 1), encoding="utf-8")
    result = cli("text", "responses/hasselby-vallingby-liberalerna-starkt-skydd.yaml", cwd=project)
    assert result.code == 0, result.err
    assert "I säkerhetsprogrammet slås fast att stadsdelsnämnderna" in result.out
    assert "2024-12-12" in result.out


def test_new_is_deterministic_and_never_overwrites(cli, project):
    # Written outside responses/: a new response there joins the corpus and rightly shifts scores.
    args = ("new", SKRIVELSE, "--organisation", "kungsholmen", "--date", "2024-11-01")
    assert cli(*args, "--out", "drafts/a.yaml", cwd=project).code == 0
    assert cli(*args, "--out", "drafts/b.yaml", cwd=project).code == 0
    assert (project / "drafts/a.yaml").read_bytes() == (project / "drafts/b.yaml").read_bytes()
    before = (project / "drafts/a.yaml").read_bytes()
    result = cli(*args, "--out", "drafts/a.yaml", cwd=project)
    assert result.code == 1 and "this file already exists; nothing was written" in result.err
    assert (project / "drafts/a.yaml").read_bytes() == before


def test_new_finds_the_organisation_from_the_addressee(cli, project):
    result = cli("new", "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml", "--dnr", "SOF 2025/123",
                 "--date", "2025-01-10", cwd=project)
    assert result.code == 0, result.err
    path = project / "responses/sof-2025-123-liberalerna-starkt-skydd-socialtjansten.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["organisation"] == "socialforvaltningen" and data["dnr"] == "SOF 2025/123"


def test_new_bad_input(cli, project):
    result = cli("new", SKRIVELSE, cwd=project)
    assert result.code == 1 and "no organisation profile answers to 'Hässelby-Vällingby stadsdelsnämnd'" in result.err
    result = cli("new", SKRIVELSE, "--organisation", "socialforvaltningen", "--dnr", "KS 2025/1", cwd=project)
    assert result.code == 1 and "the dnr prefix 'KS' does not belong to Socialförvaltningen" in result.err
    result = cli("new", SKRIVELSE, "--organisation", "kungsholm", cwd=project)
    assert result.code == 2 and "unknown organisation 'kungsholm'; did you mean 'kungsholmen'?" in result.err
    assert not (project / "responses/hasselby-vallingby-liberalerna-starkt-skydd.yaml").exists()
