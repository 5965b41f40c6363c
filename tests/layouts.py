"""Makes PDF, Word and text versions of a skrivelse in varied layouts, the way real files arrive."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import docx
import typst
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"


@dataclass(frozen=True)
class Head:
    """The line above the title with the addressee and the date ("Socialnämnden    2024-10-20")."""

    addressee: str
    date: str
    #: The date pushed to the right margin (a tab in Word, spaces in text) rather than one space after.
    wide: bool


@dataclass(frozen=True)
class Skrivelse:
    title: str
    paragraphs: list[str]
    lead_in: str
    questions: list[str]
    numbered: bool
    head: Head | None = None


PDF_LAYOUTS = {
    # Narrow, justified, two columns, Swedish hyphenation: many words break at line ends.
    "narrow-columns": """
#set page(width: 13cm, height: 22cm, margin: 1cm, columns: 2)
#set text(font: "Liberation Sans", size: 8.5pt, lang: "sv", hyphenate: true)
#set par(justify: true)""",
    # Two pages with a running header and "Sida x av y" in the footer.
    "two-pages": """
#set page(width: 16cm, height: 13cm, margin: (x: 1.5cm, y: 2cm),
  header: [Liberalerna · Stockholms stad #h(1fr) Skrivelse],
  footer: context [#h(1fr) Sida #counter(page).display() av #counter(page).final().first()])
#set text(font: "Liberation Sans", size: 10pt, lang: "sv")""",
}

BODY = """
#let s = json(bytes(sys.inputs.skrivelse))
#if s.head != none {
  // Across both columns where there are two, as a letterhead line is.
  place(top, scope: "parent", float: true, block(width: 100%,
    if s.head.wide [#s.head.addressee #h(1fr) #s.head.date] else [#s.head.addressee #s.head.date]))
}
#text(size: 13pt, weight: "bold", s.title)
#for p in s.paragraphs [#par(p)]
#par(s.lead_in)
#if s.numbered { enum(..s.questions) } else { list(..s.questions) }
"""


def pdf(skrivelse: Skrivelse, layout: str, path: Path) -> Path:
    source = path.with_suffix(".typ")
    source.write_text(PDF_LAYOUTS[layout] + BODY, encoding="utf-8")
    data = json.dumps(dataclasses.asdict(skrivelse), ensure_ascii=False)
    path.write_bytes(typst.compile(str(source), font_paths=[str(FONTS)], ignore_system_fonts=True,
                                   sys_inputs={"skrivelse": data}))
    return path


def word(skrivelse: Skrivelse, path: Path, numbering: str) -> Path:
    """numbering: "style" (Word's List Number / List Bullet styles), "direct" (numPr on each
    paragraph) or "typed" (the numbers typed as "1)" in the text)."""
    document = docx.Document()
    if skrivelse.head:
        head = skrivelse.head
        line = document.add_paragraph(f"{head.addressee}{chr(9) if head.wide else ' '}{head.date}")
        line.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    document.add_paragraph(skrivelse.title, style="Title")
    for paragraph in skrivelse.paragraphs:
        document.add_paragraph(paragraph)
    document.add_paragraph(skrivelse.lead_in)
    for number, question in enumerate(skrivelse.questions, start=1):
        if numbering == "typed":
            document.add_paragraph(f"{number}) {question}" if skrivelse.numbered else f"– {question}")
        elif numbering == "style":
            document.add_paragraph(question, style="List Number" if skrivelse.numbered else "List Bullet")
        else:
            paragraph = document.add_paragraph(question)
            num_pr = OxmlElement("w:numPr")
            for tag, value in (("w:ilvl", "0"), ("w:numId", _num_id(document, skrivelse.numbered))):
                element = OxmlElement(tag)
                element.set(qn("w:val"), value)
                num_pr.append(element)
            paragraph._p.get_or_add_pPr().append(num_pr)
    document.save(str(path))
    return path


def text(skrivelse: Skrivelse, path: Path) -> Path:
    """A plain-text file as a mail program or "Save as text" writes it: paragraphs apart by blank lines."""
    lines = []
    if skrivelse.head:
        head = skrivelse.head
        lines += [f"{head.addressee}{' ' * 12 if head.wide else ' '}{head.date}", ""]
    lines += [skrivelse.title, ""]
    for paragraph in skrivelse.paragraphs:
        lines += [paragraph, ""]
    lines += [skrivelse.lead_in, ""]
    for number, question in enumerate(skrivelse.questions, start=1):
        lines.append(f"{number}. {question}" if skrivelse.numbered else f"• {question}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _num_id(document, numbered: bool) -> str:
    """The numId whose first level is decimal (or a bullet) in python-docx's default template."""
    numbering = document.part.numbering_part.element
    formats = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        level = abstract.find(qn("w:lvl"))
        formats[abstract.get(qn("w:abstractNumId"))] = level.find(qn("w:numFmt")).get(qn("w:val"))
    wanted = "decimal" if numbered else "bullet"
    for num in numbering.findall(qn("w:num")):
        if formats.get(num.find(qn("w:abstractNumId")).get(qn("w:val"))) == wanted:
            return num.get(qn("w:numId"))
    raise AssertionError(f"no {wanted} numbering in the default template")
