"""Build speed: medians of repeated runs, and ratios against peers measured in the same run.

Prints figures only; nothing here asserts a time. Run with `make bench`.

Measured:
- assemble + render one response to .docx and to PDF/A, in-process (what `make` pays);
- `utlatande build --format pdf` of one response as a whole process (what an officer waits for);
- the peer: LibreOffice converting our .docx to PDF (`soffice --headless --convert-to pdf`),
  where installed — the usual way officers get a PDF today.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from timing import median_seconds  # noqa: E402

from generator.commands.session import FORMATS, Session, all_responses  # noqa: E402

RUNS = 15


def main() -> None:
    session = Session.open(REPO)
    responses = all_responses(session.layout)
    print(f"responses: {len(responses)}; runs per figure: {RUNS} (medians)")
    per_response = {}
    for name in ("docx", "pdf"):
        render = FORMATS[name].render
        total = median_seconds(lambda: [render(session.document(r), session.layout) for r in responses], RUNS)
        per_response[name] = total / len(responses)
        print(f"{name:4}, in-process:           {per_response[name] * 1000:8.1f} ms per response")

    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "generator", "build", str(responses[0]), "--out", out, "--format", "all"]
        subprocess.run(command, cwd=REPO, check=True, capture_output=True)
        pdf_only = command[:-1] + ["pdf"]
        process = median_seconds(lambda: subprocess.run(pdf_only, cwd=REPO, check=True, capture_output=True), runs=7)
        print(f"pdf, `utlatande build` 1:   {process * 1000:8.1f} ms per process (includes Python start-up)")

        soffice = shutil.which("soffice")
        if soffice is None:
            print("LibreOffice not installed: no peer figure")
            return
        built = Path(out) / (responses[0].stem + ".docx")
        profile = Path(out) / "lo-profile"
        convert = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", out, str(built)]
        subprocess.run(convert, check=True, capture_output=True)  # first start creates the profile
        peer = median_seconds(lambda: subprocess.run(convert, check=True, capture_output=True), runs=5)
        print(f"peer: soffice docx→pdf:     {peer * 1000:8.1f} ms per document")
        print(f"ratio soffice / our whole PDF build process: {peer / process:5.1f}×")
        print(f"ratio soffice / our in-process PDF render:   {peer / per_response['pdf']:5.1f}×")


if __name__ == "__main__":
    main()
