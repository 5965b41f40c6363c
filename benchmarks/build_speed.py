"""Build speed at 1, 100 and 1,000 responses, against peers measured in the same run.

Prints a table of medians (and peak memory); nothing here asserts a time. Run with `make bench`
(SIZES=1,100,1000,5000 for more; RUNS=N for more runs). The peers are in peers.py: pandoc and
Typst run by make for each document, docxtpl with a reused Typst compiler in one process.
The projects are copies of the example responses with distinct dnr (corpus.py).

Every command runs in its own process (UTLATANDE_SERVER=off), as before the resident build
server existed, except in the rows that say "build server running": those start one for the
project first (`utlatande server start`) and measure the commands it serves.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import peers  # noqa: E402
from corpus import make_project  # noqa: E402
from timing import median_seconds, peak_memory_mb, run  # noqa: E402

from generator.commands.build import build  # noqa: E402
from generator.commands.outputs import ALL_FORMATS  # noqa: E402
from generator.commands.parallel import default_jobs  # noqa: E402
from generator.commands.session import Session, all_responses  # noqa: E402

SIZES = [int(n) for n in os.environ.get("SIZES", "1,100,1000").split(",")]
RUNS = int(os.environ.get("RUNS", "3"))
UTLATANDE = str(Path(sys.executable).parent / "utlatande")
FRAGMENT = "fragments/sakerhetsprogrammet-ansvar.yaml"  # quoted by every Socialförvaltningen response
os.environ["UTLATANDE_SERVER"] = "off"
#: The environment of the rows with a build server.
SERVED = {k: v for k, v in os.environ.items() if k not in ("UTLATANDE_SERVER", "CI")}


@contextlib.contextmanager
def build_server(project: Path) -> Iterator[None]:
    subprocess.run([UTLATANDE, "server", "start"], cwd=project, check=True, env=SERVED, stdout=subprocess.DEVNULL)
    try:
        yield
    finally:
        subprocess.run([UTLATANDE, "server", "stop"], cwd=project, check=True, env=SERVED, stdout=subprocess.DEVNULL)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, operation: str, size: int | str, ours: float | None, peer: float | None = None,
            peer_name: str = "", unit: str = "s") -> None:
        def show(value: float | None) -> str:
            if value is None:
                return "—"
            return f"{value:.0f} MB" if unit == "MB" else (f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")
        ratio = f"{ours / peer:.2f}×" if ours and peer else "—"
        self.rows.append((operation, str(size), show(ours), f"{peer_name}: {show(peer)}" if peer_name else "—", ratio))
        print(" | ".join(self.rows[-1]), flush=True)

    def markdown(self) -> str:
        head = ("operation", "responses", "utlatande", "peer", "ratio")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), "")
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} processors ({default_jobs()} usable)"
            f"{', ' + model if model else ''}, Python {platform.python_version()}")


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def main() -> None:
    pandoc = peers.pandoc()
    jobs = default_jobs()
    print(f"machine: {machine()}; runs per figure: {RUNS} (medians); workers: {jobs}")
    if pandoc is None:
        print("pypandoc-binary and docxtpl are not installed: run `make bench`, which installs them")
        return
    table = Table()
    with tempfile.TemporaryDirectory() as scratch:
        for size in SIZES:
            measure_size(table, Path(scratch) / f"n{size}", size, pandoc, jobs)
        measure_one(table, Path(scratch) / "n1", pandoc)
    print()
    print(table.markdown())


def measure_size(table: Table, folder: Path, size: int, pandoc: str, jobs: int) -> None:
    project = make_project(folder / "project", size)
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO / name, project / name)  # copy2: older than the .venv stamp, so make installs nothing
    make_ours = ["make", "-s", "-C", str(project), f"VENV={REPO / '.venv'}"]
    session = Session.open(project)
    responses = all_responses(session.layout)
    documents = {r.stem: session.document(r) for r in responses}
    peer_folder = folder / "peers"
    peers.write_sources(documents, peer_folder)
    peers.write_makefile(peer_folder, project / "templates", pandoc)
    make_peer = ["make", "-s", f"-j{jobs}", "-C", str(peer_folder)]
    runs = RUNS if size <= 1000 else 1

    def clean_ours() -> None:
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)

    ours = median_seconds(lambda: run(make_ours, project), runs, before=clean_ours)
    peer = median_seconds(lambda: run(make_peer, peer_folder), runs, before=lambda: peers.clean(peer_folder))
    table.add(f"`make` from scratch (.docx + .pdf, ours + .html, {jobs} workers)", size, ours, peer,
              f"make -j{jobs}, pandoc + Typst per document")

    scratch = folder / "in-process"
    scratch.mkdir()
    ours = median_seconds(lambda: build(Session.open(project), responses, scratch, list(ALL_FORMATS), jobs=1), runs)
    in_process = peers.InProcess(project / "templates", scratch)
    peer = median_seconds(lambda: [in_process.build(name, d) for name, d in documents.items()], runs)
    table.add("one process building all (.docx + .pdf, ours + .html)", size, ours, peer, "docxtpl + one Typst compiler")

    ours = median_seconds(lambda: run(make_ours, project), RUNS)
    peer = median_seconds(lambda: run(make_peer, peer_folder), RUNS)
    table.add("`make` with nothing to do", size, ours, peer, "make over pandoc's and Typst's files")
    nothing_peer = peer

    first = responses[0]
    ours = median_seconds(lambda: run(make_ours, project), RUNS,
                          before=lambda: first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8"))
    source = peer_folder / f"{first.stem}.md"
    peer = median_seconds(lambda: run(make_peer, peer_folder), RUNS, before=lambda: os.utime(source))
    table.add("`make` after changing one response", size, ours, peer, "make, one pandoc + one Typst")
    one_changed_peer = peer

    if size >= 100:
        fragment = project / FRAGMENT
        original = fragment.read_text(encoding="utf-8")
        versions = iter(range(RUNS))
        ours = median_seconds(lambda: run(make_ours, project), RUNS, before=lambda: fragment.write_text(
            original.replace("säkerhetsarbetet", f"säkerhetsarbetet ({next(versions)})", 1), encoding="utf-8"))
        table.add(f"`make` after changing a fragment used by {(size + 1) // 2}", size, ours)

    table.add("`utlatande check`", size, median_seconds(lambda: run([UTLATANDE, "check"], project), RUNS))
    table.add("`utlatande list`", size, median_seconds(lambda: run([UTLATANDE, "list"], project), RUNS))

    with build_server(project):
        ours = median_seconds(lambda: run(make_ours, project, SERVED), RUNS)
        table.add("`make` with nothing to do, build server running", size, ours, nothing_peer,
                  "make over pandoc's and Typst's files")
        ours = median_seconds(lambda: run(make_ours, project, SERVED), RUNS, before=lambda: first.write_text(
            first.read_text(encoding="utf-8") + "\n", encoding="utf-8"))
        table.add("`make` after changing one response, build server running", size, ours, one_changed_peer,
                  "make, one pandoc + one Typst")
        table.add("`utlatande check`, build server running", size,
                  median_seconds(lambda: run([UTLATANDE, "check"], project, SERVED), RUNS))
        table.add("`utlatande list`, build server running", size,
                  median_seconds(lambda: run([UTLATANDE, "list"], project, SERVED), RUNS))
    clean_ours()
    table.add("peak memory, `utlatande build` from scratch", size,
              peak_memory_mb([UTLATANDE, "build", "--out", "build"], project), unit="MB")


def measure_one(table: Table, folder: Path, pandoc: str) -> None:
    """One response as a whole process: what an officer waits for after saving."""
    project = folder / "project"
    peer_folder = folder / "peers"
    if not project.exists():
        make_project(project, 1)
        session = Session.open(project)
        peers.write_sources({r.stem: session.document(r) for r in all_responses(session.layout)}, peer_folder)
    response = next((project / "responses").glob("*.yaml"))
    out = folder / "one"
    one = [UTLATANDE, "build", str(response), "--out", str(out), "--format"]
    ours = median_seconds(lambda: run([*one, "docx"], project), RUNS * 3)
    peer = median_seconds(lambda: run([pandoc, f"{response.stem}.md", "-o", str(out / "p.docx"), "--reference-doc",
                                       str(project / "templates/reference.docx")], peer_folder), RUNS * 3)
    table.add("one response, .docx, whole process", 1, ours, peer, "pandoc")
    pandoc_alone = peer
    ours = median_seconds(lambda: run([*one, "pdf"], project), RUNS * 3)
    peer = median_seconds(lambda: run([sys.executable, str(peers.TYPST_ALONE), str(project / "templates"),
                                       f"{response.stem}.json", str(out / "p.pdf")], peer_folder), RUNS * 3)
    table.add("one response, PDF, whole process", 1, ours, peer, "Python + Typst alone")
    typst_alone = peer
    with build_server(project):
        ours = median_seconds(lambda: run([*one, "docx"], project, SERVED), RUNS * 3)
        table.add("one response, .docx, whole process, build server running", 1, ours, pandoc_alone, "pandoc")
        ours = median_seconds(lambda: run([*one, "pdf"], project, SERVED), RUNS * 3)
        table.add("one response, PDF, whole process, build server running", 1, ours, typst_alone,
                  "Python + Typst alone")
    table.add("`utlatande --help`", "—", median_seconds(lambda: run([UTLATANDE, "--help"], project), RUNS * 3))


if __name__ == "__main__":
    main()
