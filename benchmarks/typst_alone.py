"""The PDF peer as a process: Typst alone (typst-py) on our template with one document's data.

Usage: python typst_alone.py TEMPLATES DOCUMENT.json OUT.pdf
"""

import sys
from pathlib import Path

import typst

templates, data, out = (Path(arg) for arg in sys.argv[1:4])
typst.compile(str(templates / "tjansteutlatande.typ"), output=str(out), root=str(templates),
              font_paths=[str(templates / "fonts")], ignore_system_fonts=True,
              sys_inputs={"document": data.read_text(encoding="utf-8")}, pdf_standards=["a-2a", "ua-1"])
