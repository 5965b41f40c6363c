"""Opens the built Word files in LibreOffice, as a user's office suite would.

LibreOffice is not needed for `make test`; these tests run where `soffice` is installed
(`apt-get install libreoffice-writer-nogui poppler-utils`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.commands.session import Session
from tests.conftest import EXAMPLE, KUNGSHOLMEN, SOF

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("lo")
    build(Session.open(EXAMPLE), [EXAMPLE / SOF, EXAMPLE / KUNGSHOLMEN], out, ["docx"])
    profile = out / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, sorted(out.glob("*.docx")))],
        check=True, capture_output=True, timeout=180,
    )
    return {p.stem: p for p in out.glob("*.pdf")}


def test_libreoffice_converts_every_response(pdfs):
    assert set(pdfs) == {"sof-2024-394-starkt-skydd", "kungsholmen-starkt-skydd"}
    assert all(p.stat().st_size > 10_000 for p in pdfs.values())


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_libreoffice_fills_in_page_x_of_y(pdfs):
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdfs["sof-2024-394-starkt-skydd"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} ({len(pages)})" in page
        assert "Dnr SOF 2024/394" in page
    assert "Förvaltningens synpunkter och förslag" in text


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_libreoffice_shows_the_city_line_on_page_one_and_the_footer_on_every_page(pdfs):
    text = subprocess.run([PDFTOTEXT, str(pdfs["sof-2024-394-starkt-skydd"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages[0].lstrip().startswith("Stockholms stad\nSocialförvaltningen")
    assert all("Stockholms stad\n" not in page for page in pages[1:])
    for page in pages:
        assert "Växel: 08-508 000 00 · Org.nr: 212000-0142 · start.stockholm" in " ".join(page.split())
