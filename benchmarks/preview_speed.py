"""`make bench`: how fast the live preview (`utlatande serve`) follows the officer.

Prints medians over RUNS saves, in a project of SIZE responses made as build_speed.py makes
them: the time from saving a response to the reload event the page receives, from saving a
fragment used by half of them to the event on one of their pages, and how long a response's
page takes to make after a save (the first request) and once made (a second one). The peer is
the PDF the same save would otherwise need before the officer sees anything: `utlatande build`
of that one response as a process. Figures only, no asserts.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from corpus import make_project  # noqa: E402
from timing import median_seconds, run  # noqa: E402

from tests.serving import Served  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))
SIZE = 100
FRAGMENT = "fragments/sakerhetsprogrammet-ansvar.yaml"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = make_project(Path(scratch) / "project", SIZE)
        response = next(p for p in sorted((project / "responses").glob("*.yaml"))
                        if "Karin Karlung" in p.read_text(encoding="utf-8"))
        name = response.stem
        served = Served.start(project)
        try:
            figures = measure(served, project, response, name)
        finally:
            served.stop()
        build = median_seconds(lambda: run([str(REPO / ".venv/bin/utlatande"), "build", str(response.relative_to(project)),
                                            "--format", "pdf", "--draft", "--out", "peer"], project), RUNS)
    print(f"live preview, {SIZE} responses, medians of {RUNS}:")
    print(f"save a response → reload event:                  {figures['response'] * 1000:7.0f} ms")
    print(f"save a fragment used by half → reload event:     {figures['fragment'] * 1000:7.0f} ms")
    print(f"a page after a save (made anew):                 {figures['fresh'] * 1000:7.0f} ms")
    print(f"a page asked for again (kept):                   {figures['kept'] * 1000:7.0f} ms")
    print(f"peer: `utlatande build` of that response's PDF:  {build * 1000:7.0f} ms "
          f"(ratio save→reload / build: {figures['response'] / build:.2f}×)")


def measure(served: Served, project: Path, response: Path, name: str) -> dict[str, float]:
    found: dict[str, list[float]] = {"response": [], "fragment": [], "fresh": [], "kept": []}
    for number in range(RUNS):
        # Each save changes what the page shows: the handläggare's name, or the fragment's wording.
        for kind, path, old in (("response", response, "Karin Karlung"), ("fragment", project / FRAGMENT, "långtgående")):
            page = served.get(f"/response/{name}").text
            version = page.split("version=", 1)[1].split('"', 1)[0]
            stream = served.events(f"/events?page={name}&version={version}")
            changed = path.read_text(encoding="utf-8").replace(old, f"{old} {number}", 1)
            saved = time.monotonic()
            path.write_text(changed, encoding="utf-8")
            if stream.reloaded(5.0) and stream.reload_at is not None:
                found[kind].append(stream.reload_at - saved)
            stream.close()
        start = time.perf_counter()
        served.get(f"/response/{name}")
        found["kept"].append(time.perf_counter() - start)
        response.write_text(response.read_text(encoding="utf-8") + f"# touched {number}\n", encoding="utf-8")
        start = time.perf_counter()
        served.get(f"/response/{name}")
        found["fresh"].append(time.perf_counter() - start)
    return {kind: statistics.median(values) if values else float("nan") for kind, values in found.items()}


if __name__ == "__main__":
    main()
