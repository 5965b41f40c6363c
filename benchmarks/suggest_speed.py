"""Suggestion speed with a large corpus: medians, and ratios against a peer measured in the same run.

Prints figures only; nothing here asserts a time. Run with `make bench`.

A temporary project gets the example project's fragments, profiles and skrivelser plus 5,000
synthetic responses (and the skrivelser they answer), written from the seeds' vocabulary with a
fixed random seed, so every run measures the same corpus. Measured:
- building the index cold (no cache: every response and skrivelse parsed);
- building it warm (what every later `suggest`/`new` pays: the cache is read);
- one question's suggestions once the index is built;
- `utlatande suggest` on a real skrivelse as a whole process, warm;
- the peer: `grep -rli` for the question's rarest word over the same files — what an officer
  does today to find earlier answers, and which only finds files, not ranked answers.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests" / "fixtures" / "example"
sys.path.insert(0, str(REPO))

from timing import median_seconds  # noqa: E402

from generator.commands.session import Session  # noqa: E402
from generator.intake import corpus  # noqa: E402
from generator.intake.retrieval import words  # noqa: E402
from generator.sources.read import questions_leniently  # noqa: E402

RESPONSES = 5000
QUESTIONS_PER_SKRIVELSE = (2, 6)
RESPONSES_PER_SKRIVELSE = 3
RUNS = 7
COPIED = ("organisations", "fragments", "programmes", "templates", "questions")
PROBE = "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"


def vocabulary() -> list[str]:
    """Words of the real skrivelser and fragments, so synthetic questions look like real ones."""
    found: list[str] = []
    for folder in ("questions", "fragments"):
        for path in sorted((EXAMPLE / folder).glob("*.yaml")):
            found += [word for _, word in words(path.read_text(encoding="utf-8"))]
    return sorted(set(found))


def synthesise(root: Path, fragment_ids: list[str]) -> None:
    rng = random.Random(394)
    vocab = vocabulary()
    (root / "responses").mkdir()
    number = 0
    while number < RESPONSES:
        skrivelse = f"questions/synthetic-{number // RESPONSES_PER_SKRIVELSE:05}.yaml"
        questions = [{"id": f"q{i}", "text": f"Hur arbetar nämnden med {' '.join(rng.choices(vocab, k=rng.randint(8, 20)))}?"}
                     for i in range(1, rng.randint(*QUESTIONS_PER_SKRIVELSE) + 1)]
        (root / skrivelse).write_text(yaml.safe_dump({
            "title": "Skrivelse", "party": {"name": "Liberalerna", "abbreviation": "L"}, "authors": ["Jan Jönsson"],
            "date": "2024-05-21", "to": "Socialnämnden", "questions": questions,
        }, allow_unicode=True), encoding="utf-8")
        for _ in range(RESPONSES_PER_SKRIVELSE):
            answers = [{"questions": [q["id"]], "parts": [
                {"fragment": rng.choice(fragment_ids)} if rng.random() < 0.6
                else {"text": " ".join(rng.choices(vocab, k=rng.randint(60, 300)))}
            ]} for q in questions]
            (root / "responses" / f"synthetic-{number:05}.yaml").write_text(yaml.safe_dump({
                "dnr": f"SOF 2024/{number}", "organisation": "socialforvaltningen", "date": "2024-09-18",
                "skrivelse": skrivelse, "answers": answers,
            }, allow_unicode=True), encoding="utf-8")
            number += 1


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in COPIED:
            shutil.copytree((REPO if name == "templates" else EXAMPLE) / name, root / name)
        library = Session.open(root).library
        synthesise(root, sorted(library.fragments))
        cache = root / corpus.CACHE
        print(f"corpus: {RESPONSES} synthetic responses, {len(list((root / 'questions').glob('*.yaml')))} skrivelser, "
              f"{len(library.fragments)} fragments; runs per figure: {RUNS} (medians)")

        def cold() -> None:
            cache.unlink(missing_ok=True)
            corpus.index(library)

        print(f"index, cold (no cache):       {median_seconds(cold, runs=3) * 1000:8.1f} ms")
        index = corpus.index(library)
        print(f"index, warm (cache):          {median_seconds(lambda: corpus.index(library), RUNS) * 1000:8.1f} ms")
        print(f"  earlier questions indexed:  {len(index.earlier):8}")

        probe = [text for _, text in questions_leniently(root / PROBE, root)]
        per_query = median_seconds(lambda: [index.suggest(text) for text in probe], runs=25) / len(probe)
        print(f"one question's suggestions:   {per_query * 1000:8.2f} ms")

        command = [sys.executable, "-m", "generator", "suggest", PROBE, "--root", str(root)]
        process = median_seconds(lambda: subprocess.run(command, cwd=root, check=True, capture_output=True), RUNS)
        print(f"`utlatande suggest` process:  {process * 1000:8.1f} ms for {len(probe)} questions (includes Python start-up)")

        rarest = min((word for text in probe for _, word in words(text)),
                     key=lambda w: (sum(w in q.text.lower() for q in index.earlier), w))
        grep = ["grep", "-rli", rarest, "responses", "questions"]
        peer = median_seconds(lambda: subprocess.run(grep, cwd=root, capture_output=True), RUNS) * len(probe)
        print(f"peer: grep -rli, one word × {len(probe)}: {peer * 1000:8.1f} ms (files only, unranked)")
        print(f"ratio grep / our whole suggest process: {peer / process:5.2f}×")
        print(f"ratio grep / our per-question lookup:   {peer / len(probe) / per_query:5.0f}×")


if __name__ == "__main__":
    main()
