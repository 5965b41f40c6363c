"""What an approval is bound to: the document's content and every file that lays it out.

The content fingerprint is the SHA-256 of the document's canonical JSON (`document_json.py`,
format and version included), so YAML formatting, comments and the order of keys do not change
it, and a changed word, heading, list or date does, wherever it came from (the response, a
fragment, the skrivelse, a template). The layout is the SHA-256 of each file that decides how
the content looks: everything in templates/ (the Typst layout, reference.docx, the fonts, the
Jinja2 wordings), the organisation profile and the files it names (its logo). The letterhead
(logo, city line, footer) is not in the content's data: it is the profile's, so these cover it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.digest import PREFIX, file_hash
from generator.model.data import (
    VERSION,
    canonical,
    canonical_json,
    document_data,
)
from generator.model.document import Document
from generator.render.reference import REFERENCE_DOCX
from generator.sources.boundary import recorded_name
from generator.sources.layout import SHIPPED_TEMPLATES, template_files

#: The folder of the layout files that templates are (project-relative).
TEMPLATES = "templates"


def content_fingerprint(document: Document) -> str:
    """The fingerprint of the document's canonical data in today's version."""
    return PREFIX + hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def layout_fingerprints(root: Path, templates: Path, *profile: Path) -> dict[str, str]:
    """Project-relative POSIX path → SHA-256 of every file that lays the document out: the
    templates, and the profile with the files it names (`Organisation.files`)."""
    files = template_files(templates) + list(profile)
    return {recorded_name(p, root): file_hash(p) for p in sorted(files)}


def unlike_shipped(root: Path, layout: dict[str, str]) -> tuple[str, ...]:
    """The project's template files (of `layout`) that are not the ones utlatande ships."""
    differing = []
    for path, digest in sorted(layout.items()):
        if not path.startswith(f"{TEMPLATES}/"):
            continue
        shipped = SHIPPED_TEMPLATES / path.removeprefix(f"{TEMPLATES}/")
        if not shipped.is_file() or file_hash(shipped) != digest:
            differing.append(path)
    return tuple(differing)


def shapes(path: str, format: str) -> bool:
    """Whether the layout file `path` (project-relative) lays out the `format` files: Word's
    look is the reference document's; the PDF's is the Typst template's and whatever it reads
    under templates/ (the fonts and any file beside it), the Jinja2 wordings aside."""
    if not path.startswith(f"{TEMPLATES}/"):
        return False
    if format == "docx":
        return path == f"{TEMPLATES}/{REFERENCE_DOCX}"
    return format == "pdf" and path != f"{TEMPLATES}/{REFERENCE_DOCX}" and not path.endswith(".j2")


def layout_digest(layout: dict[str, str]) -> str:
    """One fingerprint for a whole layout, for signatures: a hash of its sorted "path hash" lines."""
    lines = "".join(f"{path} {digest}\n" for path, digest in sorted(layout.items()))
    return PREFIX + hashlib.sha256(lines.encode("utf-8")).hexdigest()


def content_fingerprints(document: Document) -> dict[int, str]:
    """The document's content fingerprint in every version of the document data there has been.

    An approval names the fingerprint of the version it was recorded with. Each earlier
    version's data is made from today's (with the names it used written out), so such an
    approval is checked exactly against the current document, never against a stored text that
    anyone could edit. A new version of the data adds its conversion here.
    """
    v2 = document_data(document, 2)
    return {1: _data_hash(_v1(v2)), 2: _data_hash(v2), 3: _data_hash(document_data(document, 3)),
            VERSION: content_fingerprint(document)}


def _data_hash(data: dict) -> str:
    return PREFIX + hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


_V1_BLOCKS = {"title": "Title", "subtitle": "Subtitle", "heading": "Heading", "paragraph": "Paragraph",
              "list": "ListBlock", "table": "Table", "signatures": "Signatures"}
_V1_INLINES = {"text": "Text", "emph": "Emph", "strong": "Strong", "link": "Link", "break": "LineBreak"}


def _v1(data: dict) -> dict:
    """Version 1 hashed the Python dataclasses of the model, class and field names included."""
    meta, header = data["meta"], data["header"]
    lines = lambda items: [{"kind": "HeaderLine", **item} for item in items]  # noqa: E731
    return {
        "kind": "Document",
        "meta": {"kind": "Metadata", "title": meta["title"], "author": meta["author"], "subject": meta["subject"],
                 "keywords": ", ".join(meta["keywords"]), "language": meta["language"], "date": meta["date"]},
        "header": {"kind": "PageHeader", **{k: header[k] for k in ("organisation", "kind", "dnr", "page_label", "marking")},
                   **{k: lines(header[k]) for k in ("first_left", "first_right", "addressee_left", "addressee_right")}},
        "body": [_v1_block(block) for block in data["body"]],
    }


def _v1_block(block: dict) -> dict:
    kind = block["type"]
    out: dict = {"kind": _V1_BLOCKS[kind]}
    if kind == "heading":
        out["level"] = block["level"]
    if kind in ("title", "subtitle", "heading", "paragraph"):
        out["inlines"] = [_v1_inline(i) for i in block["inlines"]]
    elif kind == "list":
        out.update(ordered=block["ordered"], start=block["start"],
                   items=[[_v1_block(b) for b in item] for item in block["items"]])
    elif kind == "table":
        out.update(header=[[_v1_inline(i) for i in cell] for cell in block["header"]],
                   rows=[[[_v1_inline(i) for i in cell] for cell in row] for row in block["rows"]])
    elif kind == "signatures":
        out["signatories"] = [{"kind": "Signatory", **s} for s in block["signatories"]]
    return out


def _v1_inline(inline: dict) -> dict:
    kind = inline["type"]
    out: dict = {"kind": _V1_INLINES[kind]}
    if kind == "text":
        out["text"] = inline["text"]
    elif kind == "link":
        out.update(url=inline["url"], children=[_v1_inline(i) for i in inline["content"]])
    elif kind in ("emph", "strong"):
        out["children"] = [_v1_inline(i) for i in inline["content"]]
    return out
