"""The assembler: derived wordings, overrides, the organisation's voice, and user text kept literal."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from generator.assemble.compose import assemble, marked_draft
from generator.commands.build import build
from generator.commands.session import Session
from generator.model.document import Heading, ListBlock, Paragraph, Table, plain
from generator.model.text import document_text
from tests.conftest import EXAMPLE, KUNGSHOLMEN, SOF, approve, edit

QUESTIONS = "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"


def text_of(project, response=SOF) -> str:
    return document_text(Session.open(project).document(project / response))


def test_derived_sentences(project):
    text = text_of(project)
    assert "Svar på skrivelse från Liberalerna" in text
    assert ("Jan Jönsson (L) har i en skrivelse från den 21 maj 2024 ställt frågor till socialnämnden "
            "om behovet av stärkt skydd och stöd för socialtjänsten.") in text
    assert ("Ärendet har beretts inom avdelningen för beredskap och administration samt avdelningen för strategi "
            "och utveckling. Förvaltningsgruppen har behandlat ärendet den 18 september 2024 och Rådet för "
            "funktionshinderfrågor har haft möjlighet att behandla ärendet den 19 september 2024.") in text
    assert "Förvaltningen föreslår att socialnämnden godkänner förvaltningens tjänsteutlåtande" in text


def test_several_authors_are_joined(project):
    edit(project / QUESTIONS, "  - Jan Jönsson\n", "  - Jan Jönsson\n  - Anna Svensson\n  - Lars Berg\n")
    assert "Jan Jönsson (L), Anna Svensson (L) och Lars Berg (L) har i en skrivelse" in text_of(project)


def test_decision_comes_from_the_organisation_profile(project):
    assert "Socialnämnden godkänner förvaltningens tjänsteutlåtande" in text_of(project)
    edit(project / KUNGSHOLMEN, "decision: >-\n  Stadsdelsnämnden godkänner förvaltningens svar på skrivelse om behovet av stärkt skydd och\n  stöd för socialtjänsten.\n", "")
    assert "\nStadsdelsnämnden godkänner förvaltningens tjänsteutlåtande som svar på skrivelsen.\n" in text_of(project, KUNGSHOLMEN)


def test_derived_values_can_be_overridden(project):
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2024/394\nsubtitle: Svar på skrivelse\ntitle: Annan titel\n"
         "summary: Egen sammanfattning.\nclosing: Eget förslag.")
    text = text_of(project)
    assert "\nAnnan titel\n\nSvar på skrivelse\n" in text
    assert "Egen sammanfattning." in text and "Jan Jönsson (L) har" not in text
    assert "\nEget förslag.\n" in text


def test_fragments_speak_with_the_organisations_voice(project):
    sof, kungsholmen = text_of(project), text_of(project, KUNGSHOLMEN)
    assert "hot och våld som riktas mot anställda bör utredas" in sof
    assert "hot och våld som riktas mot medarbetare ska rapporteras" in kungsholmen


def test_quotation_carries_its_citation_and_others_do_not(project):
    text = text_of(project)
    assert "att handla rätt. (Från Stockholms stads Trygghetsprogram 2024–2027)" in text
    assert "(Från Stockholms stads säkerhetsprogram" not in text


HOSTILE = r"Fråga *ett* _två_ # rubrik [länk](http://x) <b>fet</b> {{ namnd }} {% if %} \ 1. | ` & &amp; ~"


def test_text_from_yaml_is_printed_literally_everywhere(project):
    edit(project / QUESTIONS, "Har samtliga stadsdelar en kvalificerad heltidsanställd säkerhetssamordnare för att\n      hantera hot och våld mot medarbetare?",
         HOSTILE)
    edit(project / QUESTIONS, "title: Skrivelse om", 'title: "1. # Skrivelse *om*"\nxtitle: Skrivelse om')
    (project / QUESTIONS).write_text((project / QUESTIONS).read_text(encoding="utf-8").replace("\nxtitle:", "\n#"), encoding="utf-8")
    edit(project / SOF, "  - name: Lisa Cadenius", "  - name: \"Lisa | *Cadenius*\"")
    text = text_of(project)
    assert f"\n2. {HOSTILE}\n" in text, "the question in Ärendet"
    assert f"\n2. {HOSTILE}\n\nI säkerhetsprogrammet" in text, "the question as a heading"
    assert "\n1. # Skrivelse *om*\n" in text
    assert "\nLisa | *Cadenius*\n" in text


def test_markdown_in_answers_becomes_the_model(project):
    edit(project / SOF, "          Nej, i första hand", "          Se *särskilt* **detta** och [rutinen](https://example.se/rutin).\n\n"
         "          | Namn | Datum |\n          | --- | --- |\n          | A | 2024-01-01 |\n\n"
         "          3. tre\n          4. fyra\n              - inre\n\n          # Underrubrik\n\n          Nej, i första hand")
    document = Session.open(project).document(project / SOF)
    answer = document.body[next(i for i, b in enumerate(document.body) if isinstance(b, Heading) and plain(b.inlines).startswith("3.")) + 1:]
    assert plain(answer[0].inlines) == "Se särskilt detta och rutinen."
    assert isinstance(answer[1], Table) and plain(answer[1].header[1]) == "Datum"
    assert isinstance(answer[2], ListBlock) and answer[2].start == 3 and isinstance(answer[2].items[1][1], ListBlock)
    assert answer[3] == Heading(3, answer[3].inlines), "a user's '#' sits below the question heading"
    assert isinstance(answer[4], Paragraph)


def test_inline_formatting_and_links_reach_word(project, tmp_path):
    edit(project / SOF, "          Nej, i första hand", "          Se *särskilt* **detta** och [rutinen](https://example.se/rutin).\n\n          Nej, i första hand")
    build(Session.open(project), [project / SOF], tmp_path, ["docx"])
    word = docx.Document(str(tmp_path / "sof-2024-394-starkt-skydd.docx"))
    paragraph = next(p for p in word.paragraphs if p.text.startswith("Se särskilt"))
    runs = {r.text: (r.italic, r.bold) for r in paragraph.runs}
    assert runs["särskilt"] == (True, None) and runs["detta"] == (None, True)
    link = paragraph._p.find(qn("w:hyperlink"))
    assert word.part.rels[link.get(qn("r:id"))].target_ref == "https://example.se/rutin"


def test_approvals_table_with_header_row(project, tmp_path, cli):
    approve(cli, project, SOF)
    text = text_of(project)
    assert ("Attesterat av\n\nDetta dokument har godkänts digitalt av följande personer:\n\n"
            "Namn | Datum\nVeronica Wolgast Carstorp, Socialdirektör | 2024-06-12\n") in text
    build(Session.open(project), [project / SOF], tmp_path, ["docx"])
    table = docx.Document(str(tmp_path / "sof-2024-394-starkt-skydd.docx")).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Namn", "Datum"]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_several_attachments_make_a_bilagor_list(project):
    edit(project / SOF, "signatories:", "attachments:\n  - Handlingsplan för en hållbar arbetssituation\nsignatories:")
    assert "\nBilagor\n\n1. Skrivelse om stärkt skydd och stöd för socialtjänsten\n2. Handlingsplan för en hållbar arbetssituation\n" in text_of(project)


def test_two_questions_answered_together(project):
    edit(project / SOF, "  - questions: [polisanmalan-rutin]\n    parts:\n      - text: |\n          Nej,",
         "  - questions: [polisanmalan-rutin, nolltoleranspolicy]\n    parts:\n      - text: |\n          Nej,")
    edit(project / SOF, "  - questions: [nolltoleranspolicy]\n", "  - heading: Övrigt om polisanmälan\n")
    text = text_of(project)
    assert "\n3. Har Stockholm stads socialtjänst" in text and "\n4. Har socialtjänsten i Stockholms stad" in text
    assert "\nÖvrigt om polisanmälan\n" in text


@pytest.mark.parametrize("numbering, marker", [("bulleted", "• "), ("numbered", "1. ")])
def test_questions_keep_the_skrivelse_numbering(project, numbering, marker):
    edit(project / QUESTIONS, "numbering: numbered", f"numbering: {numbering}")
    assert f"\n{marker}Hur ser stadens arbete ut" in text_of(project)


@pytest.mark.parametrize("response", [SOF, KUNGSHOLMEN])
def test_a_draft_made_from_the_content_is_the_draft_assembled_in_full(response):
    session = Session.open(EXAMPLE)
    case = session.case(EXAMPLE / response)
    full = assemble(case, session.templates, approvals=(), draft=True)
    assert marked_draft(session.content(case), session.templates) == full
    assert full.header.marking == "UTKAST"
