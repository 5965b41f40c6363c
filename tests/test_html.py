"""Reads the built HTML back: its text is the text renderer's, and its structure is what the web
needs (WCAG 2.1 AA): language, title, the header block, headings without skipped levels, real
lists with the document's numbers, tables with header cells and a caption, signatures, the
approval table, the draft mark; self-contained, and every text escaped."""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from pathlib import Path

import pytest

from generator.commands.session import Session, all_responses
from generator.model.document import (
    Document,
    Heading,
    ListBlock,
    Signatures,
    Title,
    plain,
)
from generator.model.text import document_text
from generator.readback.html import Element, html_text, parse
from generator.render.html import render_html
from tests.conftest import ARBETSMILJO, EXAMPLE, SOF, approve, edit

RESPONSES = all_responses(Session.open(EXAMPLE).layout)


def html_of(project: Path, response: str | Path) -> tuple[Document, bytes]:
    document = Session.open(project).document(project / response)
    return document, render_html(document)


def everything(element: Element, tag: str) -> list[Element]:
    found = []
    for child in element.elements():
        if child.tag == tag:
            found.append(child)
        found.extend(everything(child, tag))
    return found


def in_order(element: Element, tags: set[str]) -> list[Element]:
    found = []
    for child in element.elements():
        if child.tag in tags:
            found.append(child)
        found.extend(in_order(child, tags))
    return found


@pytest.mark.parametrize("response", RESPONSES, ids=lambda p: p.stem)
def test_html_text_equals_the_text_renderer(response):
    document, data = html_of(EXAMPLE, response.relative_to(EXAMPLE))
    assert html_text(data) == document_text(document)


@pytest.mark.parametrize("response", RESPONSES, ids=lambda p: p.stem)
def test_structure_of_each_example_response(response):
    document, data = html_of(EXAMPLE, response.relative_to(EXAMPLE))
    root = parse(data)
    html = root.find("html")
    assert data.startswith(b"<!DOCTYPE html>\n") and html.attributes["lang"] == "sv-SE"
    assert root.find("title").text() == document.meta.title
    assert root.find("meta").attributes == {"charset": "utf-8"}
    # The header block, in the text's reading order; the draft mark as in the Word and PDF files.
    header = root.find("header", "first-page")
    assert [p.text() for p in header.find("div", "identity").elements()] == [
        "UTKAST", "Tjänsteutlåtande", document.header.dnr, document.header.date]
    assert "marking" in header.find("div", "identity").elements()[0].classes()
    assert next(p.text() for p in header.find("div", "sender").elements()) == document.header.forvaltning
    groups = [dl for dl in everything(header, "dl") if "labelled" in dl.classes()]
    assert [item.tag for item in groups[-1].elements()] == ["dt", *["dd"] * len(document.header.addressee.lines)]
    assert [item.text() for item in groups[-1].elements()] == [
        document.header.addressee.label, *document.header.addressee.lines]
    # Headings: one h1, the title; the rest h2 and h3 as the model's levels, none skipped.
    main = root.find("main")
    headings = in_order(main, {"h1", "h2", "h3", "h4", "h5", "h6"})
    levels = [int(h.tag[1]) for h in headings]
    assert levels.count(1) == 1 and levels[0] == 1 and set(levels) <= {1, 2, 3}
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    model = [b for b in document.body if isinstance(b, (Title, Heading))]
    assert [h.text() for h in headings] == [plain(b.inlines) for b in model]
    assert levels == [1 if isinstance(b, Title) else b.level + 1 for b in model]
    # Lists: real ol/ul, each ol starting at the number the document shows.
    lists = [b for b in document.body if isinstance(b, ListBlock)]
    top = [e for e in main.elements() if e.tag in ("ol", "ul")]
    assert [(e.tag == "ol", int(e.attributes.get("start", 1)), len(e.elements())) for e in top] == [
        (b.ordered, b.start, len(b.items)) for b in lists]
    assert all(child.tag == "li" for e in top for child in e.elements())
    # The signature block: every signatory, name, title and förvaltning on lines of their own.
    signers = main.find("div", "signatures").elements()
    model_signers = next(b for b in document.body if isinstance(b, Signatures)).signatories
    assert [s.text().split("\n") for s in signers] == [[m.name, m.title, m.organisation] for m in model_signers]
    # Self-contained: no script, nothing loaded from elsewhere; the only picture, the logo, is inside.
    assert not everything(root, "script") and not everything(root, "link")
    assert all(img.attributes["src"].startswith("data:image/") for img in everything(root, "img"))
    assert b"url(" not in data and b"@import" not in data
    assert len(re.findall(rb"src=", data)) == len(everything(root, "img"))


def test_the_numbering_the_document_shows(project):
    """With the questions as list items, each answer's question is an ol starting at its number."""
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2024/394\nquestion_style: bullets")
    document, data = html_of(project, SOF)
    starts = [int(e.attributes.get("start", 1)) for e in everything(parse(data).find("main"), "ol")]
    assert starts == [1, 1, 2, 3, 4, 1]  # Ärendet's questions, each answer's question, the Bilaga
    assert "\n3. Har Stockholm stads socialtjänst" in html_text(data)
    assert html_text(data) == document_text(document)


def test_nested_bullets_are_marked_as_the_model_marks_them():
    document, data = html_of(EXAMPLE, ARBETSMILJO)
    nested = next(ul for ul in everything(parse(data).find("main"), "ul") if ul.find("ul") is None
                  and "larm" in ul.text())
    assert [(li.attributes["data-marker"], li.text()) for li in nested.elements()] == [
        ("–", "larm och passerkontroll,"), ("–", "mötesrum med två utgångar;")]
    assert "  – larm och passerkontroll," in html_text(data) and html_text(data) == document_text(document)


def test_style_is_allowed_by_the_pages_own_policy_and_nothing_else():
    _, data = html_of(EXAMPLE, SOF)
    root = parse(data)
    policy = next(m.attributes["content"] for m in everything(root, "meta")
                  if m.attributes.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src" not in policy and "connect-src" not in policy
    style = root.find("style").text()
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy, "a browser would not apply the style sheet"
    assert "@media print" in style and "@page" in style


def test_approval_table_has_header_cells_scope_and_its_lead_in_as_caption(cli, project):
    approve(cli, project, SOF)
    document, data = html_of(project, SOF)
    assert not document.header.marking
    root = parse(data)
    assert root.find("p", "marking") is None, "a final document has no draft mark"
    table = root.find("main").find("table")
    assert table.find("caption").text() == "Detta dokument har godkänts digitalt av följande personer:"
    heads = everything(table.find("thead"), "th")
    assert [(th.text(), th.attributes.get("scope")) for th in heads] == [("Namn", "col"), ("Datum", "col")]
    assert [td.text() for td in everything(table.find("tbody"), "td")] == [
        "Veronica Wolgast Carstorp, Socialdirektör", "2024-06-12"]
    headings = [h.text() for h in in_order(root.find("main"), {"h2"})]
    assert headings[-1] == "Attesterat av"
    assert html_text(data) == document_text(document)


def test_a_table_without_lead_in_is_named_by_its_section(project):
    edit(project / SOF, "          Nej, i första hand", "          | År | Anmälningar |\n          | --- | --- |\n"
         "          | 2023 | 12 |\n\n          Nej, i första hand")
    document, data = html_of(project, SOF)
    table = parse(data).find("main").find("table")
    assert table.find("caption") is None and table.attributes["aria-label"].startswith("3. Har Stockholm stads")
    assert [th.attributes["scope"] for th in everything(table, "th")] == ["col", "col"]
    assert html_text(data) == document_text(document)


HOSTILE = [
    '<script>alert("x")</script> <img src=x onerror=alert(1)> &amp; &lt;b&gt; </p></main><h1>falsk</h1>',
    "\" ' ` <!-- kommentar --> <![CDATA[ x ]]> <?php ?> {{ x }} ${x} </style><style>*{display:none}</style>",
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=["markup", "attributes-and-style"])
def test_text_from_sources_is_data_never_markup(project, hostile):
    quoted = hostile.replace("\\", "\\\\").replace('"', '\\"')
    edit(project / SOF, "dnr: SOF 2024/394", f'dnr: SOF 2024/394\ntitle: "{quoted}"\nclosing: "{quoted}"')
    edit(project / SOF, "  - name: Lisa Cadenius", f'  - name: "{quoted}"')
    document, data = html_of(project, SOF)
    root = parse(data)
    assert root.find("title").text() == hostile and root.find("h1").text() == hostile
    assert not everything(root, "script") and [img.attributes["class"] for img in everything(root, "img")] == ["logo"]
    assert len(everything(root, "style")) == 1 and len(everything(root, "h1")) == 1
    assert html_text(data) == document_text(document)
    assert document_text(document).count(hostile) == 3, "the title, the closing and a signatory, each printed literally"


def test_a_link_is_a_link_with_its_address_escaped(project):
    edit(project / SOF, "          Nej, i första hand",
         "          Se [programmet](https://example.se/a?b=1&c=\"2\") och <mailto:a@example.se>.\n\n          Nej, i första hand")
    document, data = html_of(project, SOF)
    links = everything(parse(data).find("main"), "a")
    assert [(a.attributes["href"], a.text()) for a in links] == [
        ('https://example.se/a?b=1&c="2"', "programmet"), ("mailto:a@example.se", "mailto:a@example.se")]
    assert b'href="https://example.se/a?b=1&amp;c=&quot;2&quot;"' in data
    assert html_text(data) == document_text(document)


def test_same_sources_give_the_same_html_bytes():
    assert html_of(EXAMPLE, SOF)[1] == html_of(EXAMPLE, SOF)[1]


def test_build_writes_html_beside_word_and_pdf_and_text_reads_it(cli, project):
    result = cli("build", "--format", "html", SOF, cwd=project)
    assert result.code == 0, result.err
    built = project / "build" / "sof-2024-394-starkt-skydd.html"
    assert [p.name for p in (project / "build").iterdir()] == [built.name]
    text = cli("text", "build/sof-2024-394-starkt-skydd.html", cwd=project)
    assert text.code == 0 and text.out == cli("text", SOF, cwd=project).out
    assert re.search(r"wrote .*sof-2024-394-starkt-skydd\.html", result.out)


def test_text_of_an_html_file_that_is_not_there_is_a_user_error(cli, project):
    result = cli("text", "nowhere.html", cwd=project)
    assert result.code == 1 and "nowhere.html" in result.err and "Traceback" not in result.err


def test_the_letterhead_carries_the_logo_inside_the_file_and_stays_out_of_the_text(project):
    document, data = html_of(project, ARBETSMILJO)
    root = parse(data)
    (logo,) = everything(root, "img")
    assert logo.attributes["alt"] == document.header.letterhead.logo.alt
    assert logo.attributes["src"] == "data:image/svg+xml;base64," + base64.b64encode(
        (project / "organisations/exempel-logo.svg").read_bytes()).decode("ascii"), "the page fetches nothing"
    policy = next(m.attributes["content"] for m in everything(root, "meta")
                  if m.attributes.get("http-equiv") == "Content-Security-Policy")
    assert "img-src data:" in policy and "img-src *" not in policy
    header = root.find("header", "first-page")
    assert header.find("p", "city").text() == "Stockholms stad"
    footer = root.find("footer", "letterhead-footer")
    assert [p.text() for p in footer.elements()] == [
        "Postadress: Box 1, 100 01 Exempelstad  ·  Besöksadress: Exempelgatan 1",
        "Växel: 08-508 000 00  ·  Org.nr: 212000-0142  ·  start.stockholm"]
    assert html_text(data) == document_text(document), "page furniture, as in Word and the PDF"
    kungsholmen = parse(html_of(project, "responses/kungsholmen-starkt-skydd.yaml")[1])
    assert not everything(kungsholmen, "img") and kungsholmen.find("footer") is None
