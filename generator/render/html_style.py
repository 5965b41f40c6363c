"""The style sheet of the HTML documents, for screen and print, in step with the PDF's layout.

It is utlatande's, not the project's: a file in templates/ would be part of what every approval
is bound to, and a style sheet there could hide text that the final check would then have to
find. Kept as Python so that a change to it rebuilds the documents (incremental.py hashes the
package's code).
"""

from __future__ import annotations

STYLE = """
:root { color-scheme: light; }
html { background: #f2f2f2; color: #000; }
body { margin: 0; font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.3;
  overflow-wrap: anywhere; }
.sheet { box-sizing: border-box; max-width: 21cm; margin: 1.5rem auto; padding: 1.5cm 2.5cm 2.5cm; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
p { margin: 0 0 0.9em; }
.first-page { display: grid; grid-template-columns: 55% 45%; row-gap: 1.2cm; margin-bottom: 0.8cm; }
.first-page p, .first-page dl, .first-page dd { margin: 0; }
.letterhead { grid-column: 1 / -1; margin-bottom: -0.8cm; }
.letterhead .logo { display: block; height: 15mm; width: auto; margin-bottom: 0.3em; }
.letterhead .city { font-size: 9pt; font-weight: bold; }
.letterhead-footer { margin-top: 2.5em; padding-top: 0.6em; border-top: 0.5pt solid #808080; font-size: 8pt;
  text-align: center; color: #333; }
.letterhead-footer p { margin: 0; }
.sender, .identity p, .labelled dt { font-size: 9pt; }
.identity .kind { font-size: 12pt; font-weight: bold; }
.identity .marking { font-size: 14pt; font-weight: bold; color: #c00000; }
.labelled dt { font-weight: bold; }
h1, h2, h3, h4, h5, h6 { margin: 1.1em 0 0.3em; line-height: 1.2; }
h1 { font-size: 16pt; margin-top: 0; }
h2 { font-size: 13pt; }
h3, h5, h6 { font-size: 11pt; }
h4 { font-size: 11pt; font-style: italic; }
.subtitle { font-size: 12pt; margin: 0.2em 0 1.2em; }
ul, ol { margin: 0.5em 0 0.9em; padding-left: 1.4em; }
li { margin: 0 0 0.2em; }
li > p { margin: 0 0 0.2em; }
li > ul, li > ol { margin: 0.2em 0; }
li::marker { content: attr(data-marker) " "; }
a { color: #0563c1; text-decoration: underline; }
table { border-collapse: collapse; margin: 0.8em 0 0.9em; width: 100%; table-layout: fixed; }
caption { text-align: left; caption-side: top; padding-bottom: 0.6em; width: max-content;
  max-width: min(16cm, calc(100vw - 2rem)); }
th, td { border: 0.5pt solid #808080; padding: 4pt 5pt; text-align: left; vertical-align: top; }
.signatures { display: grid; grid-template-columns: 55% 45%; row-gap: 2em; margin-top: 3em; }
.signer { margin: 0; }
@media (max-width: 40rem) {
  .sheet { margin: 0; padding: 1rem; box-shadow: none; }
  .first-page, .signatures { grid-template-columns: 100%; row-gap: 1em; }
  .letterhead { margin-bottom: 0; }
}
@media print {
  @page { size: A4; margin: 2.5cm; }
  html, .sheet { background: none; }
  .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  tr, .signer { break-inside: avoid; }
  a { color: inherit; }
}
"""
