"""The markup of `serve`'s pages: the preview bar over a document, the index of responses, the
problems shown in place of a document, and the short pages for errors.

Every text (from sources, problems and messages alike) is escaped here; the pages are in the
language of messages, the documents in Swedish. Each page's version is a hash of its markup, so
the live preview reloads exactly when what it shows would change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlencode

from generator.errors import Problem
from generator.i18n import language, t, tn
from generator.model.document import Document
from generator.render.html import Extra, attribute_html, html_page, policy, text_html
from generator.sources.boundary import relative_to_project

#: What the pages of the preview add to the document's style: the bar, the index, problems.
STYLE = """
.preview { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; background: #1f3a5f;
  color: #fff; padding: 0.6rem 1rem; display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; align-items: baseline; }
.preview p { margin: 0; }
.preview a { color: #fff; }
.preview .live { flex-basis: 100%; background: #ffe8a3; color: #000; padding: 0.3rem 0.5rem; font-weight: bold; }
.preview details { flex-basis: 100%; }
.preview summary { cursor: pointer; }
.preview ul { margin: 0.4rem 0 0; }
.tool { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4;
  max-width: 60rem; margin: 1.5rem auto; padding: 1.5rem 2rem; background: #fff; color: #000; }
.tool table { border-collapse: collapse; width: 100%; }
.tool .scroll { overflow-x: auto; }
.tool caption { text-align: left; padding-bottom: 0.6rem; }
.tool th, .tool td { border: 1px solid #808080; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
.tool a { color: #0b4f9c; }
.place { font-family: "Liberation Mono", "Courier New", monospace; }
.problems li { margin-bottom: 0.8rem; }
.hint { display: block; margin-left: 1.5rem; white-space: pre-line; }
.error { color: #a00000; font-weight: bold; }
@media print { .preview { display: none; } }
/* On a phone the index is a list of responses, each cell named by its column: a table of five
   columns cannot fit, and a table scrolled sideways cuts its caption. */
@media (max-width: 40rem) {
  .tool { margin: 0; padding: 1rem; overflow-wrap: anywhere; }
  .tool table, .tool caption, .tool tbody, .tool tr, .tool td { display: block; }
  .tool thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .tool tr { border: 1px solid #808080; margin-bottom: 0.8rem; padding: 0.3rem 0; }
  .tool td { border: none; padding: 0.15rem 0.5rem; }
  .tool td::before { content: attr(data-label) ": "; font-weight: bold; }
}
"""

#: Reloads the page when the server says what it shows has changed, and says so when the
#: server can no longer be reached, so that no page passes for current when it may not be.
SCRIPT = """
(function () {
  "use strict";
  var bar = document.querySelector("[data-events]");
  var live = document.getElementById("live");
  var source = new EventSource(bar.getAttribute("data-events"));
  source.addEventListener("reload", function () { source.close(); window.location.reload(); });
  source.addEventListener("error", function () {
    live.textContent = live.getAttribute("data-lost");
    live.hidden = false;
  });
  source.addEventListener("open", function () { live.hidden = true; live.textContent = ""; });
})();
"""


@dataclass(frozen=True)
class Page:
    """A page as sent: its HTTP status, its markup and the version the live preview compares."""

    status: int
    html: str
    version: str


def versioned(status: int, compose: Callable[[str], str]) -> Page:
    """A page whose markup names its own version: `compose(version)` is made twice, the version
    being the hash of the markup made without it."""
    version = hashlib.sha256(compose("").encode("utf-8")).hexdigest()[:16]
    return Page(status, compose(version), version)


def response_url(name: str) -> str:
    return "/response/" + quote(name, safe="")


def download_url(name: str, suffix: str) -> str:
    return "/build/" + quote(name + suffix, safe="")


def events_url(name: str | None, version: str) -> str:
    query = {"page": name, "version": version} if name is not None else {"version": version}
    return "/events?" + urlencode(query)


def bar(name: str | None, version: str, items: Sequence[str] = (), notices: Sequence[Problem] = (),
        root: Path = Path(".")) -> str:
    """The preview bar: back to the index, `items` (trusted markup), the notices, and the place
    where the script says that the server is gone."""
    label = t("Preview")
    # In the language of messages, which a document's page (lang="sv-SE") may not be in.
    parts = [(f'<nav class="preview" lang="{language()}" aria-label="{attribute_html(label)}" '
              f'data-events="{attribute_html(events_url(name, version))}">')]
    if name is not None:
        parts.append(_home())
    parts.extend(f"<p>{item}</p>" for item in items)
    if notices:
        summary = tn("{count} warning", "{count} warnings", len(notices))
        # Open: who must approve again, or a TODO left, is what the officer needs to see first.
        parts.append(f"<details open><summary>{text_html(summary)}</summary>{problem_list(notices, root)}</details>")
    lost = t("The preview server cannot be reached: this page may not show the current sources. "
             "Start 'utlatande serve' again and reload.")
    parts.append(f'<p id="live" class="live" role="status" hidden data-lost="{attribute_html(lost)}"></p>')
    parts.append("</nav>")
    return "".join(parts)


def document_page(document: Document, name: str, status: str, notices: Sequence[Problem], root: Path) -> Page:
    """A response's document as it is built, under the preview bar with its downloads."""
    downloads = [f'<a href="{attribute_html(download_url(name, suffix))}">{text_html(label)}</a>'
                 for suffix, label in ((".docx", t("Download Word (.docx)")), (".pdf", t("Download PDF (.pdf)")),
                                       (".html", t("Download HTML (.html)")))]
    items = [text_html(status), " · ".join(downloads)]
    return versioned(200, lambda version: html_page(document, Extra(
        before=bar(name, version, items, notices, root), style=STYLE, script=SCRIPT, connect=True)))


def problems_page(name: str | None, file: str, problems: Sequence[Problem], root: Path, live: bool = True) -> Page:
    """The problems that keep a document (or the index) from being shown, in its place; `live`
    when the page is shown again as soon as the sources change (not for a download, which
    would be built again and again)."""
    count = len([p for p in problems if not p.warning])
    title = t("{file} cannot be shown", file=file) if live else t("{file} cannot be built", file=file)
    intro = tn("{count} problem must be corrected first. This page shows the document as soon as it is corrected "
               "and saved.",
               "{count} problems must be corrected first. This page shows the document as soon as they are corrected "
               "and saved.", count) if live else \
        tn("{count} problem must be corrected first.", "{count} problems must be corrected first.", count)
    main = [f"<h1>{text_html(title)}</h1>", f"<p>{text_html(intro)}</p>", problem_list(problems, root)]
    if not live:
        back = response_url(name) if name is not None else "/"
        main.append(_link(back, t("Back to the document")))
        return versioned(409, lambda _: tool_page(title, "", main))
    return versioned(200, lambda version: tool_page(title, bar(name, version), main, live=True))


@dataclass(frozen=True)
class Row:
    """A response in the index: its file's name, and what `utlatande list` and `check` say of it."""

    name: str
    dnr: str
    title: str
    status: str
    approvals: str
    errors: int
    warnings: int


def missing_page(name: str) -> Page:
    """The page of a response whose file is not there (renamed, or gone for a moment while a
    branch is switched): it says so, and is shown again as soon as the file is back."""
    title = t("responses/{name}.yaml does not exist", name=name)
    again = t("This page shows the document as soon as the file is there again.")
    main = [f"<h1>{text_html(title)}</h1>", f"<p>{text_html(again)}</p>"]
    return versioned(404, lambda version: tool_page(title, bar(name, version), main, live=True))


def index_page(project: str, rows: Sequence[Row]) -> Page:
    """The responses of the project, each linked to its page."""
    title = t("Responses in {project}", project=project)
    heads = (t("Dnr"), t("Title"), t("Status"), t("Approvals"), t("Problems"))
    caption = t("Every response in responses/, with what would stop it from being built.")
    none = t("There are no responses yet.")
    table = [
        # Scrolls on its own on a narrow screen; focusable, so that a keyboard can scroll it.
        f'<div class="scroll" role="region" tabindex="0" aria-label="{attribute_html(caption)}">',
        f"<table><caption>{text_html(caption)}</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{text_html(head)}</th>' for head in heads) + "</tr></thead><tbody>",
        *(_row(row, heads) for row in rows),
        "</tbody></table></div>",
    ]
    main = [f"<h1>{text_html(title)}</h1>", *(table if rows else [f"<p>{text_html(none)}</p>"])]
    note = text_html(t("Each page here is shown again as soon as a file it is made from is saved."))
    return versioned(200, lambda version: tool_page(title, bar(None, version, [note]), main, live=True))


def _row(row: Row, heads: Sequence[str]) -> str:
    found = [tn("{count} error", "{count} errors", row.errors) if row.errors else "",
             tn("{count} warning", "{count} warnings", row.warnings) if row.warnings else ""]
    problems = ", ".join(filter(None, found)) or "–"
    cells = [text_html(row.dnr), f'<a href="{attribute_html(response_url(row.name))}">{text_html(row.title)}</a>',
             text_html(row.status), text_html(row.approvals),
             f'<span class="error">{text_html(problems)}</span>' if row.errors else text_html(problems)]
    # Each cell names its column, which a phone shows before it (STYLE).
    return "<tr>" + "".join(f'<td data-label="{attribute_html(head)}">{cell}</td>'
                            for head, cell in zip(heads, cells, strict=True)) + "</tr>"


def message_page(status: int, title: str, text: str) -> Page:
    """A short page: not found, an internal error, a download that could not be built."""
    main = [f"<h1>{text_html(title)}</h1>", f"<p>{text_html(text)}</p>", _home()]
    return versioned(status, lambda _: tool_page(title, "", main))


def tool_page(title: str, top: str, main: list[str], live: bool = False) -> str:
    """A page of the preview itself (not a document), in the language of messages."""
    script = SCRIPT if live else ""
    extra = Extra(style=STYLE, script=script, connect=live)
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{language()}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{attribute_html(policy([STYLE], extra))}">',
        f"<title>{text_html(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>", top,
        '<main class="tool">', *main, "</main>", *([f"<script>{script}</script>"] if script else []), "</body>",
        "</html>", ""])


def problem_list(problems: Sequence[Problem], root: Path) -> str:
    """Each problem at its place (file:line:column from the project folder), with its hint."""
    items = []
    for problem in problems:
        label = _span("error", t("error: ")) if not problem.warning else text_html(t("warning: "))
        hint = _span("hint", t("hint: {hint}", hint=problem.hint)) if problem.hint else ""
        items.append(f'<li><span class="place">{text_html(place(problem, root))}</span>: {label}'
                     f"{text_html(problem.message)}{hint}</li>")
    return '<ul class="problems">' + "".join(items) + "</ul>"


def place(problem: Problem, root: Path) -> str:
    """Where a problem is, as file:line:column from the project folder."""
    return str(replace(problem.at, path=Path(relative_to_project(problem.at.path, root))))


def _home() -> str:
    return _link("/", t("All responses"))


def _link(href: str, text: str) -> str:
    return f'<p><a href="{attribute_html(href)}">{text_html(text)}</a></p>'


def _span(css_class: str, text: str) -> str:
    return f'<span class="{css_class}">{text_html(text)}</span>'

