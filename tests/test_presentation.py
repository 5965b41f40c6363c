"""Responses in the shapes real ones take: how answers show their questions, a question in the
officer's wording, Ärendet in prose, standard text inside a sentence, and how a quotation
names its programme."""

from __future__ import annotations

import shutil

import pytest

from generator.commands.session import Session
from generator.model.document import Emph, Heading, ListBlock, Paragraph, Text, plain
from generator.model.text import document_text
from tests.conftest import ARBETSMILJO, EXAMPLE, REPO, SOF, edit

PRIORITY = "Trygg och säker arbetsplats med fokus på ett proaktivt arbete för att motverka hot och våld"
FRAGMENT = "fragments/handlingsplan-socialtjansten.yaml"


def _use_at() -> str:
    """Line and column of the example's use inside a sentence, where its problems are reported."""
    lines = (EXAMPLE / ARBETSMILJO).read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if "[[" in text)
    return f"{line + 1}:{lines[line].index('[[') + 1}"


USE_AT = _use_at()


def document(project, response=ARBETSMILJO):
    return Session.open(project).document(project / response)


def answers_section(project, response=ARBETSMILJO):
    body = document(project, response).body
    start = next(i for i, b in enumerate(body) if isinstance(b, Heading) and plain(b.inlines).startswith("Förvaltningens syn"))
    return body[start + 1:]


# How the answers show their questions --------------------------------------------------------------

def test_headings_are_the_default_and_number_the_questions(project):
    section = answers_section(project, SOF)
    assert isinstance(section[0], Heading) and plain(section[0].inlines).startswith("1. Hur ser stadens arbete ut")


def test_bullets_quote_each_question_as_a_list_item_in_italics_before_its_answer(project):
    section = answers_section(project)
    first = section[0]
    assert isinstance(first, ListBlock) and not first.ordered
    (item,) = first.items
    assert isinstance(item[0].inlines[0], Emph)
    assert plain(item[0].inlines).startswith("Förekommer en löpande dialog")
    assert isinstance(section[1], Paragraph) and plain(section[1].inlines).startswith("Ja. Socialförvaltningen")
    assert [plain(b.inlines) for b in section if isinstance(b, Heading)] == ["Bilaga"], "no question is a heading"


def test_numbered_questions_keep_their_numbers_as_bullets(project):
    edit(project / SOF, "skrivelse: questions", "question_style: bullets\nskrivelse: questions")
    first = answers_section(project, SOF)[0]
    assert isinstance(first, ListBlock) and first.ordered and first.start == 1
    third = [b for b in answers_section(project, SOF) if isinstance(b, ListBlock) and b.ordered][2]
    assert third.start == 3


def test_grouped_gives_an_answer_one_heading_naming_its_questions(project):
    edit(project / SOF, "skrivelse: questions", "question_style: grouped\nskrivelse: questions")
    edit(project / SOF, "  - questions: [polisanmalan-rutin]", "  - questions: [polisanmalan-rutin, nolltoleranspolicy]")
    edit(project / SOF, "  - questions: [nolltoleranspolicy]\n", "  - heading: Nolltolerans\n")
    section = answers_section(project, SOF)
    headings = [plain(b.inlines) for b in section if isinstance(b, Heading)]
    assert headings == ["Fråga 1", "Fråga 2", "Frågorna 3 och 4", "Nolltolerans", "Bilaga"]
    after = section[section.index(next(b for b in section if isinstance(b, Heading) and plain(b.inlines) == "Frågorna 3 och 4")) + 1]
    assert isinstance(after, ListBlock) and plain(after.items[0][0].inlines).startswith("Har Stockholm stads")


def test_the_profile_gives_the_default_style_and_a_response_another(project):
    edit(project / "organisations/socialforvaltningen.yaml", "id: socialforvaltningen", "id: socialforvaltningen\nquestion_style: bullets")
    assert isinstance(answers_section(project, SOF)[0], ListBlock)
    edit(project / SOF, "skrivelse: questions", "question_style: headings\nskrivelse: questions")
    assert isinstance(answers_section(project, SOF)[0], Heading)


def test_grouped_needs_a_heading_where_the_skrivelse_has_no_numbers(project, cli):
    edit(project / ARBETSMILJO, "question_style: bullets", "question_style: grouped")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert f"{ARBETSMILJO}:44:5: in the grouped question style this answer needs a 'heading'" in result.err
    assert "[answer-heading-missing]" in result.err


def test_an_unknown_style_is_refused_with_the_choices(project, cli):
    edit(project / ARBETSMILJO, "question_style: bullets", "question_style: punkter")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert "question_style must be 'headings', 'bullets' or 'grouped', not 'punkter'" in result.err


# A question in the officer's wording ---------------------------------------------------------------

def test_the_answer_prints_the_officers_wording_and_arendet_the_skrivelses(project):
    text = document_text(document(project))
    assert "• Vilka skyddsåtgärder finns och används i stadsdelsnämnderna?\n\nI säkerhetsprogrammet" in text
    assert "• Vilka skyddsåtgärder finns och används på stadsdelsnämndsnivå?\n• Är alla" in text, "Ärendet quotes the skrivelse"


def test_check_shows_the_difference_word_by_word(project, cli):
    result = cli("check", "--output-format", "json", cwd=project)
    import json
    (problem,) = [p for p in json.loads(result.out) if p["code"] == "question-reworded" and "skyddsatgarder" in p["message"]]
    assert problem["level"] == "warning" and (problem["line"], problem["column"]) == (52, 9)
    assert problem["message"].endswith(": Vilka skyddsåtgärder finns och används [-på stadsdelsnämndsnivå?-] "
                                       "{+i stadsdelsnämnderna?+}")
    assert cli("check", "--strict", cwd=project).code == 1


def test_a_wording_that_changes_nothing_is_pointed_out(project, cli):
    edit(project / ARBETSMILJO, "finns och används i stadsdelsnämnderna?", "finns och används på stadsdelsnämndsnivå?")
    assert "question 'skyddsatgarder-stadsdelsniva' is worded exactly as in the skrivelse" in cli("check", cwd=project).err


def test_a_worded_question_still_names_a_question_of_the_skrivelse(project, cli):
    edit(project / ARBETSMILJO, "- id: skyddsatgarder-stadsdelsniva", "- id: skyddsatgarder")
    result = cli("check", cwd=project)
    assert result.code == 1 and "the skrivelse has no question 'skyddsatgarder'" in result.err


# Ärendet in prose ----------------------------------------------------------------------------------

def test_arendet_holds_paragraphs_before_and_after_the_questions(project):
    body = document(project).body
    start = next(i for i, b in enumerate(body) if isinstance(b, Heading) and plain(b.inlines) == "Ärendet")
    before_1, before_2, questions, after = body[start + 1:start + 5]
    assert plain(before_1.inlines).startswith("Moderaterna lyfter i skrivelsen")
    assert plain(before_2.inlines) == "I skrivelsen ställs följande frågor:"
    assert isinstance(questions, ListBlock) and len(questions.items) == 8
    assert plain(after.inlines).startswith("Frågorna besvaras nedan")


# Standard text inside a sentence ---------------------------------------------------------------------

def test_an_excerpt_stands_inside_the_officers_sentence_with_its_marks(project):
    """With its marks, and in lower case inside the sentence (the fragment writes "Trygg …")."""
    inside = PRIORITY[0].lower() + PRIORITY[1:]
    paragraph = next(b for b in answers_section(project) if isinstance(b, Paragraph) and "Cheferna" in plain(b.inlines))
    assert plain(paragraph.inlines).endswith(f"där en av prioriteringarna i det lokala arbetet är {inside}.")
    assert Emph((Text(inside),)) in paragraph.inlines


def test_a_use_inside_a_sentence_counts_as_a_use(project, cli):
    edit(project / SOF, "      - fragment: handlingsplan-socialtjansten\n", "")
    result = cli("where-used", "handlingsplan-socialtjansten", cwd=project)
    assert result.code == 0 and "Skrivelse om socialtjänstens arbetsmiljö" in result.out
    assert "Skrivelse om stärkt skydd" not in result.out
    assert "'handlingsplan-socialtjansten' is not used" not in cli("check", cwd=project).err


def test_a_changed_excerpt_follows_into_the_response(project):
    edit(project / FRAGMENT, "proaktivt arbete för att motverka hot och våld\n", "proaktivt arbete mot hot och våld\n")
    edit(project / FRAGMENT, "fokus på ett proaktivt arbete för att motverka hot och våld.", "fokus på ett proaktivt arbete mot hot och våld.")
    assert "med fokus på ett proaktivt arbete mot hot och våld." in document_text(document(project))


@pytest.mark.parametrize(("use", "message"), [
    ("[[handlingsplan-socialtjansten#trygg]]",
     "fragment 'handlingsplan-socialtjansten' has no excerpt 'trygg' [fragment-excerpt-unknown]"),
    ("[[handlingsplan#trygg-arbetsplats]]", "unknown fragment 'handlingsplan' [fragment-unknown]"),
    ("[[handlingsplan-socialtjansten@7#trygg-arbetsplats]]",
     "fragment 'handlingsplan-socialtjansten' has no version 7 [fragment-version-unknown]"),
    ("[[Trygg arbetsplats]]", "'[[Trygg arbetsplats]]' is not a use of a standard text"),
])
def test_a_wrong_use_is_reported_at_its_brackets(project, cli, use, message):
    edit(project / ARBETSMILJO, "[[handlingsplan-socialtjansten#trygg-arbetsplats]]", use)
    result = cli("check", cwd=project)
    assert result.code == 1
    assert f"{ARBETSMILJO}:{USE_AT}: {message}" in result.err


def test_check_reports_every_use_that_does_not_fit_with_the_other_problems(project, cli):
    edit(project / ARBETSMILJO, "[[handlingsplan-socialtjansten#trygg-arbetsplats]]", "[[handlingsplan-socialtjansten]]")
    edit(project / ARBETSMILJO, "Stadsdelsnämnderna övar", "[[sakerhetsprogrammet-ansvar]] Stadsdelsnämnderna övar")
    edit(project / ARBETSMILJO, "date: 2024-11-12", "date: 2024-11-31")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert "'handlingsplan-socialtjansten' is more than one paragraph" in result.err
    assert "'sakerhetsprogrammet-ansvar' is more than one paragraph" in result.err
    assert "'2024-11-31' is not a real date" in result.err


def test_a_fragment_of_several_paragraphs_does_not_fit_inside_a_sentence(project, cli):
    edit(project / ARBETSMILJO, "[[handlingsplan-socialtjansten#trygg-arbetsplats]]", "[[handlingsplan-socialtjansten]]")
    result = cli("build", ARBETSMILJO, "--draft", "--out", "ut", cwd=project)
    assert result.code == 1
    assert f"{ARBETSMILJO}:{USE_AT}: 'handlingsplan-socialtjansten' is more than one paragraph" in result.err
    assert not (project / "ut").exists() or not any((project / "ut").iterdir())


def test_an_excerpt_must_stand_word_for_word_in_the_text(project, cli):
    edit(project / FRAGMENT, "  trygg-arbetsplats: Trygg och säker arbetsplats", "  trygg-arbetsplats: Trygg och trevlig arbetsplats")
    result = cli("check", cwd=project)
    assert result.code == 1
    assert f"{FRAGMENT}:33:22: the excerpt 'trygg-arbetsplats' is not word for word in the text" in result.err


def test_free_text_repeating_an_excerpt_is_pointed_to_it(project, cli):
    edit(project / ARBETSMILJO, "*[[handlingsplan-socialtjansten#trygg-arbetsplats]]*", f"*{PRIORITY.lower()}*")
    result = cli("check", cwd=project)
    assert ("this sentence repeats the excerpt 'trygg-arbetsplats' of fragment 'handlingsplan-socialtjansten' "
            "word for word") in result.err
    assert "write [[handlingsplan-socialtjansten#trygg-arbetsplats]] in its place" in result.err


def test_the_token_character_cannot_be_written_into_a_source(project, cli):
    edit(project / ARBETSMILJO, "Stadsdelsnämnderna övar", "Stadsdelsnämnderna \ue0010\ue001 övar")
    result = cli("check", cwd=project)
    assert result.code == 1 and "U+E001" in result.err


def test_a_response_with_a_use_inside_a_sentence_is_rebuilt_when_the_fragment_changes(project, cli):
    assert cli("build", ARBETSMILJO, "--draft", cwd=project).code == 0
    before = (project / "build" / "sof-arbetsmiljo-socialtjansten.docx").read_bytes()
    edit(project / FRAGMENT, "proaktivt arbete för att motverka hot och våld\n", "proaktivt arbete mot hot och våld\n")
    edit(project / FRAGMENT, "fokus på ett proaktivt arbete för att motverka hot och våld.", "fokus på ett proaktivt arbete mot hot och våld.")
    assert cli("build", "--changed", "--draft", cwd=project).code == 0
    assert (project / "build" / "sof-arbetsmiljo-socialtjansten.docx").read_bytes() != before


# How a quotation names its programme ---------------------------------------------------------------

def test_the_default_citation_form(project):
    assert "att handla rätt. (Från Stockholms stads Trygghetsprogram 2024–2027)" in document_text(document(project, SOF))


def test_a_programme_chooses_its_citation_form(project):
    edit(project / "programmes/trygghetsprogram-2024-2027.yaml", "name: Stockholms stads Trygghetsprogram",
         "name: Stockholms stads Trygghetsprogram\ncitation:\n  lead: 'Källa:'\n  dash: '-'\n  full_stop: true")
    text = document_text(document(project, SOF))
    assert "att handla rätt. (Källa: Stockholms stads Trygghetsprogram 2024-2027.)" in text
    assert "(Från Stockholms stads Trygghetsprogram" not in text


# A quoted question stays with its answer ----------------------------------------------------------

def test_questions_answered_together_keep_their_own_numbers(project):
    edit(project / SOF, "skrivelse: questions", "question_style: bullets\nskrivelse: questions")
    edit(project / SOF, "  - questions: [arbete-skydd-och-stod]", "  - questions: [arbete-skydd-och-stod, polisanmalan-rutin]")
    edit(project / SOF, "  - questions: [polisanmalan-rutin]\n", "  - heading: Polisanmälan\n")
    first, second = answers_section(project, SOF)[:2]
    assert (first.start, second.start) == (1, 3), "3 stays 3, not 2"
    assert plain(second.items[0][0].inlines).startswith("Har Stockholm stads socialtjänst")


def test_a_quoted_question_is_kept_on_the_page_of_its_answer(project, cli):
    assert cli("build", ARBETSMILJO, "--draft", cwd=project).code == 0
    import docx
    import pypdf
    paragraphs = docx.Document(str(project / "build/sof-arbetsmiljo-socialtjansten.docx")).paragraphs
    question = next(p for p in paragraphs if p.text.startswith("Vilka skyddsåtgärder finns och används i"))
    assert question.paragraph_format.keep_with_next is True
    assert not any(p.paragraph_format.keep_with_next for p in paragraphs if p.text.startswith("Vilka skyddsåtgärder finns och används på"))
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(project / "build/sof-arbetsmiljo-socialtjansten.pdf")).pages]
    for question, answer in [(("Förekommer en löpande dialog mellan socialnämnden och stadsdelsnämndernas individ- och "
                               "familjeomsorg avseende skyddsåtgärder för personalen?"), "Ja. Socialförvaltningen har"),
                             ("Vilka skyddsåtgärder finns och används i stadsdelsnämnderna?", "I säkerhetsprogrammet slås fast")]:
        page = next(i for i, text in enumerate(pages) if question in text and "Förvaltningens synpunkter" in "".join(pages[:i + 1]))
        assert answer in pages[page], f"'{question[:30]}…' is on page {page + 1}, its answer is not"


@pytest.mark.parametrize("written", ["[handlingsplan-socialtjansten#trygg-arbetsplats]]",
                                     "[[handlingsplan-socialtjansten#trygg-arbetsplats]"])
def test_a_use_with_one_bracket_missing_is_not_printed_as_it_is(project, cli, written):
    edit(project / ARBETSMILJO, "[[handlingsplan-socialtjansten#trygg-arbetsplats]]", written)
    result = cli("check", cwd=project)
    assert result.code == 1
    half = "]]" if written.startswith("[h") else "[["
    line, column = USE_AT.split(":")
    column = int(column) + (written.index(half))
    assert f"{ARBETSMILJO}:{line}:{column}: '{half}' has no " in result.err


def test_a_bullet_inside_a_numbered_list_is_marked_alike_in_the_pdf_and_the_text(project, cli):
    edit(project / ARBETSMILJO, "          Nya medarbetare går igenom",
         "          1. första\n             - andra nivån\n               - tredje nivån\n          2. nästa\n\n"
         "          Nya medarbetare går igenom")
    assert cli("build", ARBETSMILJO, "--draft", "--format", "pdf", "--format", "txt", cwd=project).code == 0
    text = (project / "build/sof-arbetsmiljo-socialtjansten.txt").read_text(encoding="utf-8")
    assert "1. första\n   – andra nivån\n     • tredje nivån\n2. nästa" in text
    pdf = cli("text", "build/sof-arbetsmiljo-socialtjansten.pdf", cwd=project).out
    assert "1. första\n– andra nivån\n• tredje nivån\n2. nästa" in pdf


@pytest.mark.parametrize(("key", "change"), [
    ("question_style", None),
    ("case_after", ("question_style: bullets\n", "")),
])
def test_a_template_of_an_earlier_version_does_not_drop_a_newer_key_silently(project, cli, key, change):
    shutil.copy(REPO / "tests/fixtures/approvals-format-2/templates/tjansteutlatande.md.j2",
                project / "templates/tjansteutlatande.md.j2")
    if change:
        edit(project / ARBETSMILJO, *change)
    result = cli("check", cwd=project)
    assert result.code == 1
    assert f"{ARBETSMILJO}:9:1: '{key}' is used, but templates/tjansteutlatande.md.j2 does not read it" in result.err
    assert cli("build", SOF, "--draft", cwd=project).code == 0, "a response that does not use it still builds"


@pytest.mark.parametrize("written", [
    "`[[handlingsplan-socialtjansten#trygg-arbetsplats]]`",
    "\\[\\[handlingsplan-socialtjansten#trygg-arbetsplats]]",
])
def test_a_use_in_a_code_span_or_escaped_is_text(project, written):
    edit(project / ARBETSMILJO, "*[[handlingsplan-socialtjansten#trygg-arbetsplats]]*", written)
    assert "arbetet är [[handlingsplan-socialtjansten#trygg-arbetsplats]]" in document_text(document(project))


def test_markdown_brackets_that_are_no_use_are_left_alone(project, cli):
    edit(project / ARBETSMILJO, "Stadsdelsnämnderna övar", "Se [[PDF] Rapporten](https://start.stockholm/). Stadsdelsnämnderna övar")
    assert cli("check", cwd=project).code == 0
    assert "Se [PDF] Rapporten." in document_text(document(project))


def test_a_use_in_a_links_address_is_refused_at_the_use(project, cli):
    edit(project / ARBETSMILJO, "*[[handlingsplan-socialtjansten#trygg-arbetsplats]]*",
         "[se här](https://start.stockholm/[[handlingsplan-socialtjansten#trygg-arbetsplats]])")
    result = cli("check", cwd=project)
    assert result.code == 1 and "a standard text cannot be part of a link's address" in result.err


def test_a_key_read_by_an_included_template_counts_as_read(project, cli):
    template = project / "templates/tjansteutlatande.md.j2"
    text = template.read_text(encoding="utf-8")
    start, end = text.index("{% for answer in answers %}"), text.index("{% endfor %}\n\n{{ closing }}") + len("{% endfor %}")
    (project / "templates/svar.md.j2").write_text(text[start:end], encoding="utf-8")
    template.write_text(text[:start] + '{% include "svar.md.j2" %}' + text[end:], encoding="utf-8")
    assert cli("build", ARBETSMILJO, "--draft", "--format", "txt", cwd=project).code == 0
    assert document_text(document(project)) == (project / "build/sof-arbetsmiljo-socialtjansten.txt").read_text(encoding="utf-8")
