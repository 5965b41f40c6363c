"""Every line of a real response as its officer wrote it (issue 21): the beredning in one
sentence, a question of Ärendet in the officer's wording, "med flera", standard text that takes
the case of its place in the sentence, the citation form chosen at the use. Each asserted in the
text Word, the PDF and HTML show (read back as their readers show them)."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from generator.intake.importer import topic_in_text
from tests.conftest import ARBETSMILJO, REPO, SOF, edit, printed

MODERATERNA = "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml"
LIBERALERNA = "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"


def shows(cli, project, response: str, *texts: str) -> None:
    """Each of `texts` stands in the Word, PDF and HTML files of `response`, built as a draft
    (the PDF's text joined into one line, as it wraps where the text has none)."""
    result = cli("build", response, "--draft", cwd=project)
    assert result.code == 0, result.err
    for suffix, shown in printed(cli, project, response).items():
        flat = " ".join(shown.split())
        for text in texts:
            assert text in flat, (suffix, text)


def absent(cli, project, response: str, *texts: str) -> None:
    for suffix, shown in printed(cli, project, response).items():
        for text in texts:
            assert text not in " ".join(shown.split()), (suffix, text)


# Ärendets beredning ---------------------------------------------------------------------------------

def test_the_beredning_is_one_sentence_with_the_council_joined_by_och(cli, project):
    shows(cli, project, SOF, "Ärendet har beretts inom avdelningen för beredskap och administration samt avdelningen för "
          "strategi och utveckling. Förvaltningsgruppen har behandlat ärendet den 18 september 2024 och Rådet för "
          "funktionshinderfrågor har haft möjlighet att behandla ärendet den 19 september 2024.")


def test_a_councils_name_keeps_the_case_it_is_written_in(cli, project):
    """Written "funktionshinderrådet", as the sentence needs it: in lower case inside the
    sentence, and with a capital where the council starts the sentence."""
    edit(project / SOF, "    - name: Rådet för funktionshinderfrågor", "    - name: funktionshinderrådet")
    shows(cli, project, SOF, "den 18 september 2024 och funktionshinderrådet har haft möjlighet att behandla ärendet den "
          "19 september 2024.")
    edit(project / SOF, "  forvaltningsgrupp: 2024-09-18\n", "")
    edit(project / SOF, "      date: 2024-09-19\n", "")
    edit(project / SOF, "  councils:\n    - name: funktionshinderrådet\n",
         "  councils:\n    - name: funktionshinderrådet\n    - name: pensionärsrådet\n      date: 2024-09-20\n")
    shows(cli, project, SOF, "och utveckling. Funktionshinderrådet har haft möjlighet att ta del av ärendet och "
          "pensionärsrådet har haft möjlighet att behandla ärendet den 20 september 2024.")


def test_a_beredning_of_its_own_words_keeps_the_dates_for_the_checks(cli, project):
    """`text` instead of the sentences, with the dates still given: they are checked (a
    förvaltningsgrupp after the meeting is pointed out) but not printed."""
    edit(project / SOF, "  forvaltningsgrupp: 2024-09-18\n",
         "  forvaltningsgrupp: 2024-09-30\n  text: |\n    Ärendet har beretts vid avdelningen för beredskap och administration.\n")
    shows(cli, project, SOF, "Ärendet har beretts vid avdelningen för beredskap och administration.")
    absent(cli, project, SOF, "Förvaltningsgruppen har behandlat")
    assert "the förvaltningsgrupp treated the case on 2024-09-30, after the nämnd's meeting" in cli("check", cwd=project).err


def test_a_phrases_file_of_an_earlier_version_prints_the_beredning_as_it_did(cli, project):
    """A project keeps its templates after an upgrade: its documents, and their approvals, stay."""
    shutil.copy(REPO / "tests/fixtures/legacy-approvals/templates/phrases.j2", project / "templates/phrases.j2")
    shows(cli, project, SOF, "Förvaltningsgruppen har behandlat ärendet den 18 september 2024. Rådet för "
          "funktionshinderfrågor har haft möjlighet att behandla ärendet den 19 september 2024.")


# A question of Ärendet in the officer's wording ------------------------------------------------------

def test_arendet_quotes_a_question_in_the_officers_wording(cli, project):
    """The example corrects the skrivelse's "övningscenarier" in Ärendet, and so before its answer."""
    shows(cli, project, ARBETSMILJO, "• Förekommer övningsscenarier inom varje stadsdelsnämnd")
    absent(cli, project, ARBETSMILJO, "övningscenarier")
    result = cli("check", cwd=project)
    assert (f"{ARBETSMILJO}:31:5: warning: question 'ovningsscenarier' is printed in the response's own words: "
            "Förekommer [-övningscenarier-] {+övningsscenarier+} inom varje stadsdelsnämnd") in result.err
    edit(project / ARBETSMILJO, "  - id: ovningsscenarier", "  - id: ovningsscenario")
    assert "the skrivelse has no question 'ovningsscenario'" in cli("check", cwd=project).err


# "med flera" -----------------------------------------------------------------------------------------

def test_authors_with_med_flera_flow_into_the_derived_summary(cli, project):
    edit(project / LIBERALERNA, "authors:", "and_others: true\nauthors:")
    shows(cli, project, SOF, "Jan Jönsson (L) med flera har i en skrivelse från den 21 maj 2024 ställt frågor till "
          "socialnämnden")


def test_med_flera_with_a_phrases_file_that_cannot_say_it_is_refused(cli, project):
    edit(project / LIBERALERNA, "authors:", "and_others: true\nauthors:")
    shutil.copy(REPO / "tests/fixtures/legacy-approvals/templates/phrases.j2", project / "templates/phrases.j2")
    result = cli("build", SOF, "--draft", cwd=project)
    assert result.code == 1
    assert f"{LIBERALERNA}: 'and_others' is used, but templates/phrases.j2 does not read it" in result.err


# Standard text inside a sentence takes the case of its place -------------------------------------------

PRIORITY = "rygg och säker arbetsplats med fokus på ett proaktivt arbete för att motverka hot och våld"
FRAGMENT = "fragments/handlingsplan-socialtjansten.yaml"
USE = "*[[handlingsplan-socialtjansten#trygg-arbetsplats]]*"


def test_standard_text_inside_a_sentence_is_in_lower_case_and_starts_one_with_a_capital(cli, project):
    shows(cli, project, ARBETSMILJO, f"där en av prioriteringarna i det lokala arbetet är t{PRIORITY}.")
    edit(project / ARBETSMILJO, f"arbetet är {USE}.", f"arbetet är följande. {USE}: en prioritering.")
    shows(cli, project, ARBETSMILJO, f"arbetet är följande. T{PRIORITY}: en prioritering.")


def test_an_excerpt_written_in_lower_case_is_word_for_word(cli, project):
    edit(project / FRAGMENT, "  trygg-arbetsplats: Trygg och säker", "  trygg-arbetsplats: trygg och säker")
    assert cli("check", cwd=project).code == 0
    shows(cli, project, ARBETSMILJO, f"arbetet är t{PRIORITY}.")
    edit(project / ARBETSMILJO, f"arbetet är {USE}.", f"arbetet är gott. {USE}.")
    shows(cli, project, ARBETSMILJO, f"arbetet är gott. T{PRIORITY}.")


def test_an_abbreviation_or_a_proper_name_keeps_its_capitals(cli, project):
    edit(project / FRAGMENT, "  trygg-arbetsplats: Trygg och säker", "  trygg-arbetsplats: SSR:s trygga och säkra")
    edit(project / FRAGMENT, "Trygg och säker arbetsplats med fokus", "SSR:s trygga och säkra arbetsplats med fokus")
    shows(cli, project, ARBETSMILJO, "i det lokala arbetet är SSR:s trygga och säkra arbetsplats")
    for old in ("  trygg-arbetsplats: SSR:s", "SSR:s trygga och säkra arbetsplats med fokus"):
        edit(project / FRAGMENT, old, old.replace("SSR:s", "Stockholms stads"))
    shows(cli, project, ARBETSMILJO, "i det lokala arbetet är stockholms stads trygga")
    edit(project / FRAGMENT, "keywords:", "proper_names: [Stockholms stad]\nkeywords:")
    shows(cli, project, ARBETSMILJO, "i det lokala arbetet är Stockholms stads trygga")


# The citation form, chosen at the use --------------------------------------------------------------------

def test_a_use_chooses_its_citation_form_without_touching_the_programme(cli, project):
    """The example's last answer writes "(Från … 2024-2027)." as the real document does; the same
    programme's other quotations keep the programme's form."""
    shows(cli, project, ARBETSMILJO, "i egenskap av arbetsgivare. (Från Stockholms stads Trygghetsprogram 2024-2027).")
    shows(cli, project, SOF, "(Från Stockholms stads Trygghetsprogram 2024–2027)")
    absent(cli, project, SOF, "2024-2027")


def test_a_response_chooses_the_form_of_all_its_quotations(cli, project):
    edit(project / SOF, "signatories:", "citation:\n  lead: Ur\n  full_stop: inside\nsignatories:")
    shows(cli, project, SOF, "(Ur Stockholms stads Trygghetsprogram 2024–2027.)")
    absent(cli, project, SOF, "(Från Stockholms stads")
    shows(cli, project, ARBETSMILJO, "(Från Stockholms stads Trygghetsprogram 2024-2027).")


def test_a_full_stop_outside_with_a_phrases_file_that_cannot_print_it_is_refused(cli, project):
    shutil.copy(REPO / "tests/fixtures/legacy-approvals/templates/phrases.j2", project / "templates/phrases.j2")
    edit(project / MODERATERNA, "and_others: true\n", "")
    result = cli("build", ARBETSMILJO, "--draft", cwd=project)
    assert result.code == 1
    assert "'full_stop_outside' is used, but templates/phrases.j2 does not read it" in result.err


def test_citation_belongs_to_a_fragment_part(cli, project):
    edit(project / SOF, "      - text: |\n          I de fall", "      - citation: {dash: '-'}\n        text: |\n          I de fall")
    assert "'citation' belongs to a fragment part" in cli("check", cwd=project).err


# 9. Intake -----------------------------------------------------------------------------------------

SEED_002 = REPO / "tests/fixtures/seeds/002-skrivelse-moderaterna.txt"
ARBETSMILJO_SKRIVELSE = "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml"


@pytest.mark.parametrize("command, folder", [(("import", str(SEED_002), "--even-if-imported"), "questions"),
                                             (("new", ARBETSMILJO_SKRIVELSE), "responses")])
def test_out_outside_the_project_is_refused_with_the_way_in(cli, project, tmp_path_factory, command, folder):
    """The next step (new, build) reads only inside the project: a file written outside it would
    be a dead end, so nothing is written and the hint names a place inside."""
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "elsewhere.yaml"
    result = cli(*command, "--out", str(elsewhere), cwd=project)
    assert result.code == 1, result.err
    assert f"--out: '{elsewhere}' is outside the project folder" in result.err
    assert f"hint: write it into the project, e.g. --out {folder}/" in result.err
    assert not elsewhere.exists() and "note:" not in result.out


def test_a_skrivelse_without_a_title_is_named_and_given_its_topic_from_its_text(cli, project):
    """Seed 002 lost its title line: its first sentence names what it is about, and the last
    question says it again ("… socialsekreterares arbetsmiljö?")."""
    result = cli("import", str(SEED_002), "--even-if-imported", cwd=project)
    assert result.code == 0, result.err
    assert "  topic:     socialtjänstens arbetsmiljö (read from the text: check it)" in result.out
    target = project / "questions/socialtjanstens-arbetsmiljo.yaml"
    assert f"wrote {target.relative_to(project)}" in result.out
    written = target.read_text(encoding="utf-8")
    assert "\ntopic: socialtjänstens arbetsmiljö   # read from the letter's text: check it" in written
    assert yaml.safe_load(written)["topic"] == "socialtjänstens arbetsmiljö"


@pytest.mark.parametrize("lead_in, preamble, topic", [
    ("Vi ställer därför följande frågor om hot och våld mot socialsekreterare:", [], "hot och våld mot socialsekreterare"),
    ("Vi vill ställa följande frågor:", ["Skärholmens socialtjänst har stora problem. Vi ser att det blir värre."],
     None),  # "socialtjänst" does not come back: not shown to be the topic
    ("Vi vill ställa följande frågor:", ["Skärholmens socialtjänst har stora problem."], "Skärholmens socialtjänst"),
    ("Vi vill ställa följande frågor:", ["Med anledning av det som hänt vill vi veta mer."], None),
    ("Vi vill ställa följande frågor:", ["Att vara socialsekreterare är svårt."], None),
])
def test_the_topic_read_from_a_letters_text(lead_in, preamble, topic):
    questions = ["Vad gör Skärholmens socialtjänst åt detta?"] if topic == "Skärholmens socialtjänst" else ["Hur?"]
    assert topic_in_text(lead_in, preamble, questions) == topic


def test_an_exact_phrase_finds_its_fragment_first(cli, project):
    """The sentence the real answer quotes is the whole of one fragment and an excerpt of another:
    the fragment that is that sentence comes first, the one that holds it second."""
    result = cli("suggest", "--text", "Trygg och säker arbetsplats med fokus på ett proaktivt arbete för att motverka "
                 "hot och våld.", cwd=project)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["fragment", "handlingsplan-prioritering-hot-och-vald", "1.00"]
    assert 'its own words: "trygg och säker arbetsplats …"' in lines[0]
    assert lines[1].split()[:2] == ["fragment", "handlingsplan-socialtjansten"]


def test_suggest_and_new_propose_standard_texts_for_the_skrivelse_as_a_whole(cli, project):
    """The real response quotes the trygghets- and säkerhetsprogram in its summary and background:
    with the example library and answers, those two come first (the example response to this
    skrivelse is part of the evidence, as an earlier answer to similar questions would be)."""
    result = cli("suggest", ARBETSMILJO_SKRIVELSE, cwd=project)
    assert result.code == 0, result.err
    whole = result.out.split("The skrivelse as a whole (for the summary and the background):\n")[1].splitlines()
    assert {line.split()[1] for line in whole[:2]} == {"trygghetsprogrammet-arbetsmiljo", "sakerhetsprogrammet-ansvar"}
    assert all(re.search(r" 0\.\d\d  among the best for \d of its 8 questions$", line) for line in whole), whole
    assert cli("new", ARBETSMILJO_SKRIVELSE, "--date", "2024-11-01", "--out", "responses/ny.yaml", cwd=project).code == 0
    path = project / "responses/ny.yaml"
    text = path.read_text(encoding="utf-8")
    assert "# Standard texts that fit the skrivelse as a whole, for the background or the summary" in text
    assert "#     - fragment: sakerhetsprogrammet-ansvar   # 0." in text
    path.write_text(text.replace("background: |\n  TODO: bakgrunden till skrivelsen.\n",
                                 "background:\n  - fragment: sakerhetsprogrammet-ansvar\n"), encoding="utf-8")
    built = cli("text", "responses/ny.yaml", cwd=project)
    assert built.code == 0, built.err
    background = built.out.split("Bakgrund")[1]
    assert "I säkerhetsprogrammet slås fast att stadsdelsnämnderna" in background
