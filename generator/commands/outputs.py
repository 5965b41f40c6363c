"""The output formats: their names and file suffixes, and the renderer of each, loaded only when
a document is rendered (so that `check`, `list` and `--help` never load python-docx or Typst);
and which folders documents may be written to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.i18n import t
from generator.render.reference import REFERENCE_DOCX
from generator.sources.boundary import SOURCE_FOLDERS

if TYPE_CHECKING:
    from generator.model.document import Document
    from generator.sources.layout import Layout



@dataclass(frozen=True)
class Format:
    name: str
    suffix: str

    def render(self, document: Document, layout: Layout, source: Path | None = None) -> bytes:
        """The file's bytes; a problem the document's text causes is said at `source`."""
        if self.name == "docx":
            from generator.render.docx import render_docx

            return render_docx(document, layout.templates / REFERENCE_DOCX)
        if self.name == "pdf":
            from generator.render.pdf import render_pdf

            return render_pdf(document, layout.templates, source)
        if self.name == "html":
            from generator.render.html import render_html

            return render_html(document)
        from generator.model.text import document_text

        return document_text(document).encode("utf-8")


FORMATS: dict[str, Format] = {name: Format(name, f".{name}") for name in ("docx", "pdf", "html", "txt")}

#: What `--format all` (the default, and so `make`) builds: HTML too, since it is what the web
#: needs and costs about a millisecond beside the PDF's tens (docs/design.md).
ALL_FORMATS = ["docx", "pdf", "html"]


def output_folder_problem(out: Path, root: Path) -> str | None:
    """Why documents may not be written to `out`, or None. Names are compared without case, as
    Windows and macOS do."""
    real, project = out.resolve(), root.resolve()
    for name in (*SOURCE_FOLDERS, ".git"):
        folder = project / name
        if _same_or_inside(real, folder):
            return t("'{out}' is the project's {folder}/ folder (or inside it); documents may not be written among the sources",
                     out=out, folder=name)
    return None


def _same_or_inside(path: Path, folder: Path) -> bool:
    candidates = [path, *path.parents]
    return any(str(c).casefold() == str(folder).casefold() for c in candidates)
