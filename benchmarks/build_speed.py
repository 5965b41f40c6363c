"""Build speed: medians of repeated runs, and ratios against peers measured in the same run.

Prints figures only; nothing here asserts a time. Run with `make bench`.

Measured:
- assemble + render one response to .docx, in-process (what `make` pays per response);
- `utlatande build` of one response as a whole process (what an officer waits for);
- the peer: LibreOffice converting our .docx (`soffice --headless --convert-to`), where
  installed — the usual way officers get a PDF today, and the yardstick for the PDF issue.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import FORMATS, Session, all_responses  # noqa: E402

RUNS = 15


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    session = Session.open(REPO)
    responses = all_responses(session.layout)
    docx = FORMATS["docx"]
    in_process = median_seconds(lambda: [docx.render(session.document(r), session.layout) for r in responses])
    per_response = in_process / len(responses)
    print(f"responses: {len(responses)}; runs per figure: {RUNS} (medians)")
    print(f"docx, in-process:           {per_response * 1000:8.1f} ms per response")

    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "generator", "build", str(responses[0]), "--out", out]
        process = median_seconds(lambda: subprocess.run(command, cwd=REPO, check=True, capture_output=True), runs=7)
        print(f"docx, `utlatande build` 1:  {process * 1000:8.1f} ms per process (includes Python start-up)")

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
        print(f"ratio soffice / our whole build process: {peer / process:5.1f}×")
        print(f"ratio soffice / our in-process build:    {peer / per_response:5.1f}×")


if __name__ == "__main__":
    main()
