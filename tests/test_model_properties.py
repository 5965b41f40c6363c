"""Every writer follows the model, and every reader gives back the model's text: over documents
generated from every kind of block and inline the model holds (lists of both kinds inside one
another to the depth limit with any of the model's markers, tables with and without caption and
header row, headings, line breaks, links, emphasis, Swedish letters, long words, an empty or
full letterhead). For each: Word, HTML and PDF are written, read back as a reader's software
shows them, and must equal the text projection; the final check (review/published.py) must
pass with no layout file to blame.

`make test` tries a few dozen documents (the same ones each run, see tests/conftest.py);
`make test-deep` ten times as many, new ones each run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.limits import MAX_LIST_DEPTH
from generator.model import lists
from generator.model.document import (
    Block,
    Document,
    Emph,
    Heading,
    Inline,
    Labelled,
    Letterhead,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    PageHeader,
    Paragraph,
    Picture,
    Signatures,
    Signer,
    Strong,
    Subtitle,
    Table,
    Text,
    Title,
)
from generator.model.text import document_text
from generator.readback.docx import docx_text
from generator.readback.html import html_text
from generator.render.docx import render_docx
from generator.render.html import render_html
from generator.render.pdf import render_pdf
from generator.review.published import Suspects, check_published
from tests.conftest import REPO, examples

TEMPLATES = REPO / "templates"
LOGO = Picture((REPO / "organisations/exempel-logo.svg").read_bytes(), "image/svg+xml", "Exempelstadens logotyp",
               Path("organisations/exempel-logo.svg"))

# Words a response may hold: Swedish letters, digits and the punctuation officers write, "|"
# and page-number look-alikes included; each a character every shipped font can show.
LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéüABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉ0123456789"
PUNCTUATION = ".,:;!?()-–—/&%§\"'|*#_[]<>{}+=@€$"
word = st.text(LETTERS, min_size=1, max_size=12) | st.text(LETTERS + PUNCTUATION, min_size=1, max_size=8) \
    | st.sampled_from(["Sida", "1", "(3)", "Dnr", "Tjänsteutlåtande", "|", "⟦x⟧", "https://start.stockholm/",
                       "arbetsmiljöutvecklingsprogramsöverenskommelseförhandlingsprotokoll" * 2])
words = st.lists(word, min_size=1, max_size=8).map(" ".join)
line = words


@st.composite
def inlines(draw, depth: int = 0, link: bool = False) -> tuple[Inline, ...]:
    """A run of inlines as the Markdown parser makes them: text between formatting, line breaks
    only between words, no spaces at either end or beside a break."""
    parts: list[Inline] = []
    for index in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "text", "emph", "strong", "link", "break"] if depth < 2 else ["text"]))
        if kind == "break" and index > 0:
            parts.append(LineBreak())
            parts.append(Text(draw(words)))
        elif kind == "emph":
            parts.append(Emph(draw(inlines(depth + 1, link))))
        elif kind == "strong":
            parts.append(Strong(draw(inlines(depth + 1, link))))
        elif kind == "link" and not link:
            url = draw(st.sampled_from(["https://start.stockholm/", "mailto:namn@exempel.se", "tel:+46850800000",
                                        "http://exempel.se/sida?a=1&b=2"]))
            parts.append(Link(url, draw(inlines(depth + 1, link=True))))
        else:
            parts.append(Text(draw(words)))
        if index + 1 < draw(st.integers(1, 4)):
            parts.append(Text(" "))
    return _joined(parts)


def _joined(parts: list[Inline]) -> tuple[Inline, ...]:
    """Adjacent texts as one, as the parser gives them; no space at either end."""
    out: list[Inline] = []
    for part in parts:
        if isinstance(part, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + part.text)
        else:
            out.append(part)
    while out and isinstance(out[-1], Text) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return tuple(part for part in out if not (isinstance(part, Text) and not part.text)) or (Text("ord"),)


def paragraph() -> st.SearchStrategy[Paragraph]:
    return inlines().map(Paragraph)


@st.composite
def a_list(draw, depth: int = 0) -> ListBlock:
    """A list `depth` lists deep, of either kind, with any marker the model has: writers must
    follow the marker, not the depth."""
    ordered = draw(st.booleans())
    marker = lists.NUMBER_SUFFIX if ordered else draw(st.sampled_from(lists.BULLETS))
    items = []
    for _ in range(draw(st.integers(1, 3))):
        item: list[Block] = [draw(paragraph())]
        for _ in range(draw(st.integers(0, 2))):
            if depth + 1 < MAX_LIST_DEPTH and draw(st.booleans()):
                item.append(draw(a_list(depth + 1)))
            else:
                item.append(draw(paragraph()))
        items.append(tuple(item))
    start = draw(st.integers(0, 12)) if ordered else 1
    return ListBlock(ordered, start, tuple(items), marker, keep_with_next=draw(st.booleans()))


@st.composite
def a_table(draw) -> Table:
    """A table whose rows fit a page (a taller one is refused: tests/test_pdf.py)."""
    columns = draw(st.integers(1, 4))
    cell = st.one_of(st.just(()), st.lists(word, min_size=1, max_size=6).map(lambda w: (Text(" ".join(w)),)))
    header = tuple(draw(cell) for _ in range(columns)) if draw(st.booleans()) else ()
    rows = tuple(tuple(draw(cell) for _ in range(columns)) for _ in range(draw(st.integers(1, 4))))
    caption = draw(inlines()) if draw(st.booleans()) else ()
    return Table(header, rows, caption)


@st.composite
def body(draw) -> tuple[Block, ...]:
    """A body as the assembler makes one: the title first (a tagged PDF's first heading), then
    headings that never skip a level (as the Markdown converter insists)."""
    blocks: list[Block] = [Title(draw(inlines()))]
    if draw(st.booleans()):
        blocks.append(Subtitle(draw(inlines())))
    level = 0
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["heading", "paragraph", "list", "table", "signatures"]))
        if kind == "heading":
            level = draw(st.integers(1, min(level + 1, 5)))
            blocks.append(Heading(level, draw(inlines())))
        elif kind == "paragraph":
            blocks.append(draw(paragraph()))
        elif kind == "list":
            blocks.append(draw(a_list()))
        elif kind == "table":
            blocks.append(draw(a_table()))
        else:
            people = st.builds(Signer, line, line, line)
            blocks.append(Signatures(tuple(draw(st.lists(people, min_size=1, max_size=4)))))
    return tuple(blocks)


@st.composite
def documents(draw) -> Document:
    labelled = st.builds(Labelled, line, st.lists(line, min_size=1, max_size=3).map(tuple))
    letterhead = draw(st.sampled_from([
        Letterhead(),
        Letterhead("Stockholms stad", LOGO, (("Postadress: Box 1, 100 01 Stockholm", "Besöksadress: Gatan 1"),
                                             ("Växel: 08-508 000 00", "start.stockholm"))),
    ]))
    header = PageHeader(
        forvaltning=draw(line), avdelning=draw(st.none() | line), kind=draw(st.sampled_from(["Tjänsteutlåtande", "Yttrande"])),
        dnr=draw(st.sampled_from(["Dnr SOF 2024/394", "Dnr [ej diariefört]"])), date=draw(st.sampled_from(["2024-06-10"])),
        page_label="Sida", marking=draw(st.sampled_from(["", "UTKAST"])), handlaggare=draw(st.none() | labelled),
        addressee=draw(labelled), letterhead=letterhead)
    meta = Metadata(draw(line), draw(line), "", "Tjänsteutlåtande", "sv-SE", dt.date(2024, 6, 10))
    return Document(meta, header, draw(body()))


#: One document with every decision the model holds, tried first by each property test: a
#: numbered list with a bulleted list inside it and a dashed one inside that, bullets of either
#: marker at the outer level, a list starting at 3, a captioned table with a header row, every
#: line of the page header (marking, kind, dnr, date, page number; handläggare and addressee).
SHOWCASE = Document(
    Metadata("Skrivelse om arbetsmiljön", "Socialförvaltningen", "SOF 2024/394", "Tjänsteutlåtande", "sv-SE",
             dt.date(2024, 6, 10)),
    PageHeader("Socialförvaltningen", "Avdelningen för beredskap och administration", "Tjänsteutlåtande",
               "Dnr SOF 2024/394", "2024-06-10", "Sida", "UTKAST",
               Labelled("Handläggare", ("Karin Karlung", "Telefon: 08-508 254 02")),
               Labelled("Till", ("Socialnämnden", "2024-09-24")), Letterhead("Stockholms stad", LOGO)),
    (
        Title((Text("Skrivelse om arbetsmiljön"),)),
        Heading(1, (Text("Ärendet"),)),
        ListBlock(True, 3, (
            (Paragraph((Text("Tredje frågan"),)),
             ListBlock(False, 1, ((Paragraph((Text("en punkt"),)),
                                   ListBlock(False, 1, ((Paragraph((Text("ett streck"),)),),), "–")),), "•")),
            (Paragraph((Text("Fjärde frågan"),)),),
        ), "."),
        ListBlock(False, 1, ((Paragraph((Text("ett streck ytterst"),)),),), "–"),
        ListBlock(False, 1, ((Paragraph((Text("en punkt ytterst"),)),),), "•"),
        Table(((Text("Namn"),), (Text("Datum"),)), (((Text("Anna Andersson, Socialdirektör"),), (Text("2024-11-20"),)),),
              (Text("Detta dokument har godkänts digitalt av följande personer:"),)),
    ),
)


@settings(max_examples=examples(25))
@example(SHOWCASE)
@given(documents())
def test_every_writer_gives_back_the_models_text(document):
    expected = document_text(document)
    rendered = {"docx": render_docx(document, TEMPLATES / "reference.docx"), "html": render_html(document),
                "pdf": render_pdf(document, TEMPLATES)}
    assert docx_text(rendered["docx"]) == expected
    assert html_text(rendered["html"]) == expected
    # The final check itself, with no layout file to blame: any difference would be a bug.
    check_published(document, rendered, Path("responses/svar.yaml"), Suspects())


@settings(max_examples=examples(200))
@example(SHOWCASE)
@given(documents())
def test_word_and_html_give_back_the_models_text(document):
    """The same without the PDF, which takes Typst about a tenth of a second: many more documents."""
    expected = document_text(document)
    assert docx_text(render_docx(document, TEMPLATES / "reference.docx")) == expected
    assert html_text(render_html(document)) == expected
