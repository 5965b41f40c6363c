"""The peers utlatande is measured against, on the same content, in the same run.

- Word: pandoc (from the pypandoc-binary wheel) converting each response's text, with our
  reference.docx for the styles; in one process: docxtpl filling a template made from it.
- PDF: Typst on our template with the same document data, as a Python process of its own per
  document (`typst_alone.py`), or with one compiler reused in one process.
- Per document as make would run them: a Makefile with one rule per output, run with -j.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import typst

from generator.model.data import canonical_json
from generator.model.document import Document
from generator.model.text import document_text

HERE = Path(__file__).resolve().parent
TYPST_ALONE = HERE / "typst_alone.py"


def pandoc() -> str | None:
    """The pandoc of the pypandoc-binary wheel, if it is installed."""
    try:
        import pypandoc
    except ImportError:
        return None
    return pypandoc.get_pandoc_path()


def write_sources(documents: dict[str, Document], folder: Path) -> None:
    """Each document's text (for pandoc) and its data (for Typst), under the response's name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, document in documents.items():
        (folder / f"{name}.md").write_text(document_text(document), encoding="utf-8")
        (folder / f"{name}.json").write_text(canonical_json(document), encoding="utf-8")


def write_makefile(folder: Path, templates: Path, pandoc_path: str) -> None:
    """make over the peers: pandoc for each .docx, a Typst process for each .pdf."""
    rules = f"""SOURCES := $(wildcard *.md)
all: $(SOURCES:%.md=out/%.docx) $(SOURCES:%.md=out/%.pdf)
out/%.docx: %.md
\t@mkdir -p out && {pandoc_path} $< -o $@ --reference-doc {templates / 'reference.docx'}
out/%.pdf: %.json
\t@mkdir -p out && {sys.executable} {TYPST_ALONE} {templates} $< $@
"""
    (folder / "Makefile").write_text(rules, encoding="utf-8")


def clean(folder: Path) -> None:
    shutil.rmtree(folder / "out", ignore_errors=True)


class InProcess:
    """docxtpl and one reused Typst compiler: the fastest way to make both files in Python."""

    def __init__(self, templates: Path, scratch: Path) -> None:
        import docx
        from docxtpl import DocxTemplate

        self.DocxTemplate = DocxTemplate
        word = docx.Document(str(templates / "reference.docx"))
        for tag in ("{%p for line in lines %}", "{{ line }}", "{%p endfor %}"):
            word.add_paragraph(tag)
        buffer = io.BytesIO()
        word.save(buffer)
        self.template = buffer.getvalue()
        self.compiler = typst.Compiler(str(templates / "tjansteutlatande.typ"), root=str(templates),
                                       font_paths=[str(templates / "fonts")], ignore_system_fonts=True)
        self.scratch = scratch

    def build(self, name: str, document: Document) -> None:
        template = self.DocxTemplate(io.BytesIO(self.template))
        template.render({"lines": document_text(document).splitlines()})
        template.save(str(self.scratch / f"{name}.docx"))
        pdf = self.compiler.compile(sys_inputs={"document": canonical_json(document)}, pdf_standards=["a-2a", "ua-1"])
        (self.scratch / f"{name}.pdf").write_bytes(pdf)
