"""The material suggestions are drawn from: the fragment library and every earlier answer.

Responses are read through their declared format like everywhere else, and what matters for
retrieval is cached in .cache/utlatande/corpus.json by each file's size and modification time, so thousands
of responses are read once and then come from the cache. A response that cannot be read is
skipped (`check` reports it); suggestions never fail because of one broken file.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import SourceError
from generator.intake.retrieval import (
    TOKENISER,
    EarlierQuestion,
    FragmentEntry,
    Index,
    Suggestions,
    terms,
)
from generator.output import write_atomically
from generator.sources.boundary import named_path
from generator.sources.layout import Layout, yaml_files
from generator.sources.project import Library
from generator.sources.read import read_response, read_skrivelse
from generator.sources.records import FragmentRef, Part, Response, Skrivelse

CACHE = Path(".cache") / "utlatande" / "corpus.json"
#: A cache written in another format, or with other search terms, is read as empty and redone.
CACHE_FORMAT = f"corpus/4 {TOKENISER}"


def fragment_entries(library: Library) -> list[FragmentEntry]:
    entries = []
    for fid, fragment in sorted(library.fragments.items()):
        version = fragment.current
        wordings = [version.text.text, *(v.text for v in version.variants.values())]
        text = "\n".join([fragment.title or "", " ".join(fragment.keywords), *wordings])
        entries.append(FragmentEntry(fid, text, tuple(wordings), tuple(e.text for e in version.excerpts.values())))
    return entries


def earlier_questions(layout: Layout) -> list[EarlierQuestion]:
    cache_path = layout.root / CACHE
    cache = _read_cache(cache_path)
    fresh: dict[str, dict] = {}
    skrivelser: dict[str, Skrivelse] = {}
    stamps: dict[str, list[int] | None] = {}
    earlier: list[EarlierQuestion] = []
    changed = False
    for path in yaml_files(layout.responses):
        name, stat = path.name, path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = cache.get(name)
        if entry is None or entry["stamp"] != stamp or not _skrivelse_unchanged(layout, entry, stamps):
            entry = _entry(layout, path, stamp, skrivelser)
            changed = True
        fresh[name] = entry
        response = path.as_posix()
        earlier.extend(EarlierQuestion(response, entry["label"], q["id"], q["text"], tuple(q["fragments"]),
                                       q["prose"], tuple(q["terms"].split()))
                       for q in entry["questions"])
    if changed or len(fresh) != len(cache):
        document = {"format": CACHE_FORMAT, "responses": fresh}
        # ASCII: a response's file name may hold bytes that are not UTF-8, kept as \udcXX escapes.
        write_atomically(cache_path, json.dumps(document, sort_keys=True).encode("ascii"), durable=False)
    return earlier


def index(library: Library) -> Index:
    return Index(fragment_entries(library), earlier_questions(library.layout))


def _read_cache(path: Path) -> dict:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        return {}
    return document.get("responses") or {}


def _skrivelse_unchanged(layout: Layout, entry: dict, stamps: dict[str, list[int] | None]) -> bool:
    name = entry.get("skrivelse", "")
    if name not in stamps:
        try:
            stat = (layout.root / name).stat()
            stamps[name] = [stat.st_size, stat.st_mtime_ns]
        except OSError:
            stamps[name] = None
    if stamps[name] is None:
        return not entry["questions"]
    return entry.get("skrivelse_stamp") == stamps[name]


def with_answers(found: Suggestions, root: Path) -> Suggestions:
    """Fills in how each suggested earlier question was answered, read from its response now:
    the cache keeps only what ranking needs, so it stays small however long the answers are."""
    for suggestion in found.answers:
        earlier = suggestion.earlier
        try:
            response = read_response(Path(earlier.response), root)
        except SourceError:
            suggestion.parts = ()
            continue
        suggestion.parts = tuple(_part(p) for p in _answer_parts(response, earlier.question_id, earlier.prose))
    return found


def _answer_parts(response: Response, question_id: str, prose: bool) -> list[Part]:
    """The parts answering `question_id`; for a prose response, all its prose as one answer."""
    if prose:
        return [p for a in response.answers if not a.questions for p in a.parts]
    return next((list(a.parts) for a in response.answers if question_id in [r.id for r in a.questions]), [])


def _entry(layout: Layout, path: Path, stamp: list[int], skrivelser: dict[str, Skrivelse]) -> dict:
    entry: dict = {"stamp": stamp, "label": path.stem, "questions": [], "skrivelse": ""}
    try:
        response = read_response(path, layout.root)
        skrivelse_path = named_path(response.skrivelse.value, layout.root, response.skrivelse.at, "skrivelse")
        stat = skrivelse_path.stat()
        if response.skrivelse.value not in skrivelser:
            skrivelser[response.skrivelse.value] = read_skrivelse(skrivelse_path, layout.root)
    except (SourceError, OSError):
        return entry
    entry.update(label=str(response.dnr) if response.dnr else path.stem, skrivelse=response.skrivelse.value,
                 skrivelse_stamp=[stat.st_size, stat.st_mtime_ns])
    texts = {q.id: q.text for q in skrivelser[response.skrivelse.value].questions}
    in_prose: list[str] | None = None
    for answer in response.answers:
        used = [p.id for p in answer.parts if isinstance(p, FragmentRef)]
        if not answer.questions:
            in_prose = (in_prose or []) + used
        for ref in answer.questions:
            if ref.id in texts:
                entry["questions"].append(_question(ref.id, texts[ref.id], used, prose=False))
    answered = {q["id"] for q in entry["questions"]}
    if in_prose is not None:
        entry["questions"] += [_question(qid, text, in_prose, prose=True) for qid, text in texts.items() if qid not in answered]
    return entry


def _question(qid: str, text: str, fragments: list[str], prose: bool) -> dict:
    return {"id": qid, "text": text, "prose": prose, "terms": " ".join(terms(text)), "fragments": list(dict.fromkeys(fragments))}


def _part(part: Part) -> tuple[str, str]:
    if isinstance(part, FragmentRef):
        return "fragment", part.id
    return "text", part.text.text
