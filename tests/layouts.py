"""Makes PDF and Word versions of a skrivelse in varied layouts, the way real files arrive."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import docx
import typst
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"


@dataclass(frozen=True)
class Skrivelse:
    title: str
    paragraphs: list[str]
    lead_in: str
    questions: list[str]
    numbered: bool


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
#text(size: 13pt, weight: "bold", s.title)
#for p in s.paragraphs [#par(p)]
#par(s.lead_in)
#if s.numbered { enum(..s.questions) } else { list(..s.questions) }
"""


def pdf(skrivelse: Skrivelse, layout: str, path: Path) -> Path:
    source = path.with_suffix(".typ")
    source.write_text(PDF_LAYOUTS[layout] + BODY, encoding="utf-8")
    data = json.dumps(skrivelse.__dict__, ensure_ascii=False)
    path.write_bytes(typst.compile(str(source), font_paths=[str(FONTS)], ignore_system_fonts=True,
                                   sys_inputs={"skrivelse": data}))
    return path


def word(skrivelse: Skrivelse, path: Path, numbering: str) -> Path:
    """numbering: "style" (Word's List Number / List Bullet styles), "direct" (numPr on each
    paragraph) or "typed" (the numbers typed as "1)" in the text)."""
    document = docx.Document()
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
