"""The material suggestions are drawn from: the fragment library and every earlier answer.

Responses are read with libyaml (no positions needed here) and what matters for retrieval is
cached in .cache/utlatande/corpus.json by each file's size and modification time, so thousands
of responses are read once and then come from the cache. A response that cannot be read is
skipped (`check` reports it); suggestions never fail because of one broken file.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.output import write_atomically
from generator.project import Layout, Library, yaml_files
from generator.retrieval import EarlierQuestion, FragmentEntry, Index

CACHE = Path(".cache") / "utlatande" / "corpus.json"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fragment_entries(library: Library) -> list[FragmentEntry]:
    entries = []
    for fid, fragment in sorted(library.fragments.items()):
        version = fragment.current
        wordings = [version.text.text, *(v.text for v in version.variants.values())]
        text = "\n".join([fragment.title or "", " ".join(fragment.keywords), *wordings])
        entries.append(FragmentEntry(fid, text))
    return entries


def earlier_questions(layout: Layout) -> list[EarlierQuestion]:
    cache_path = layout.root / CACHE
    cache = _read_cache(cache_path)
    fresh: dict[str, dict] = {}
    skrivelser: dict[str, dict] = {}
    earlier: list[EarlierQuestion] = []
    for path in yaml_files(layout.responses):
        stat = path.stat()
        key, stamp = path.name, [stat.st_size, stat.st_mtime_ns]
        entry = cache.get(key)
        if entry is None or entry["stamp"] != stamp or not _skrivelse_unchanged(layout, entry):
            entry = _entry(layout, path, stamp, skrivelser)
        fresh[key] = entry
        earlier.extend(EarlierQuestion(path.as_posix(), entry["label"], q["id"], q["text"], tuple(q["fragments"]),
                                       tuple(tuple(p) for p in q["parts"]), q["prose"]) for q in entry["questions"])
    if fresh != cache:
        write_atomically(cache_path, json.dumps(fresh, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return earlier


def index(library: Library) -> Index:
    return Index(fragment_entries(library), earlier_questions(library.layout))


def _read_cache(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _skrivelse_unchanged(layout: Layout, entry: dict) -> bool:
    path = layout.root / entry.get("skrivelse", "")
    try:
        stat = path.stat()
    except OSError:
        return not entry["questions"]
    return entry.get("skrivelse_stamp") == [stat.st_size, stat.st_mtime_ns]


def _entry(layout: Layout, path: Path, stamp: list[int], skrivelser: dict[str, dict]) -> dict:
    entry = {"stamp": stamp, "label": path.stem, "questions": [], "skrivelse": ""}
    try:
        response = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        entry["label"] = str(response.get("dnr") or path.stem)
        entry["skrivelse"] = str(response["skrivelse"])
        skrivelse_path = layout.root / entry["skrivelse"]
        stat = skrivelse_path.stat()
        entry["skrivelse_stamp"] = [stat.st_size, stat.st_mtime_ns]
        if entry["skrivelse"] not in skrivelser:
            skrivelser[entry["skrivelse"]] = yaml.load(skrivelse_path.read_text(encoding="utf-8"), Loader=_LOADER)
        texts = {q["id"]: " ".join(str(q["text"]).split()) for q in skrivelser[entry["skrivelse"]]["questions"]}
        prose: list[list[str]] = []
        for answer in response.get("answers") or []:
            parts = [_part(p) for p in answer.get("parts") or []]
            if not answer.get("questions"):
                prose.extend(parts)
            for qid in answer.get("questions") or []:
                if qid in texts:
                    entry["questions"].append(_question(qid, texts[qid], parts, prose=False))
        answered = {q["id"] for q in entry["questions"]}
        if prose:
            entry["questions"] += [_question(qid, text, prose, prose=True) for qid, text in texts.items() if qid not in answered]
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        entry["questions"] = []
    return entry


def _question(qid: str, text: str, parts: list[list[str]], prose: bool) -> dict:
    return {"id": qid, "text": text, "parts": parts, "prose": prose,
            "fragments": list(dict.fromkeys(value for kind, value in parts if kind == "fragment"))}


def _part(part: dict) -> list[str]:
    if "fragment" in part:
        return ["fragment", str(part["fragment"])]
    return ["text", str(part.get("text", ""))]
