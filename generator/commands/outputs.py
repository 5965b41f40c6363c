"""The output formats: their names and file suffixes, and the renderer of each, loaded only when
a document is rendered (so that `check`, `list` and `--help` never load python-docx or Typst)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.assemble.document import Document
    from generator.sources.project import Layout

REFERENCE_DOCX = "reference.docx"


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str

    def render(self, document: Document, layout: Layout) -> bytes:
        if self.name == "docx":
            from generator.render.docx import render_docx

            return render_docx(document, layout.templates / REFERENCE_DOCX)
        if self.name == "pdf":
            from generator.render.pdf import render_pdf

            return render_pdf(document, layout.templates)
        from generator.render.text import render_text

        return render_text(document).encode("utf-8")


FORMATS: dict[str, Format] = {name: Format(name, f".{name}") for name in ("docx", "pdf", "txt")}

#: What `--format all` (the default) builds.
ALL_FORMATS = ["docx", "pdf"]
