"""Projects of any size for the benchmarks: the example project (tests/fixtures/example and the
repository's templates) with N responses, copies of the example responses with distinct dnr.
A test checks that such a project builds without a problem (test_resident.py uses one)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests" / "fixtures" / "example"
FOLDERS = ("organisations", "fragments", "programmes", "questions")
SOF = "sof-2024-394-starkt-skydd.yaml"
KUNGSHOLMEN = "kungsholmen-starkt-skydd.yaml"


def make_project(folder: Path, responses: int) -> Path:
    """`folder` as a project with `responses` responses: every other one Socialförvaltningen's
    (dnr SOF 2024/N), the rest Kungsholmen's (dnr EXEMPEL 2024/N)."""
    for name in FOLDERS:
        shutil.copytree(EXAMPLE / name, folder / name)
    shutil.copytree(REPO / "templates", folder / "templates")
    (folder / "responses").mkdir()
    sof = (EXAMPLE / "responses" / SOF).read_text(encoding="utf-8")
    kungsholmen = (EXAMPLE / "responses" / KUNGSHOLMEN).read_text(encoding="utf-8")
    for number in range(1, responses + 1):
        if number % 2:
            text = sof.replace("dnr: SOF 2024/394", f"dnr: SOF 2024/{number}")
            name = f"sof-2024-{number:05}.yaml"
        else:
            text = kungsholmen.replace("dnr: EXEMPEL 2024/123", f"dnr: EXEMPEL 2024/{number}")
            name = f"kungsholmen-{number:05}.yaml"
        (folder / "responses" / name).write_text(text, encoding="utf-8")
    return folder
