"""Reads one source file into its typed record, through its declared format (formats.py).

Every problem inside the file is found in one pass. A record is still made when the keys it
cannot do without are valid, so that the checks across files (an unknown question id, say)
run too and report their problems together with the file's own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from generator.errors import Position, Problems, SourceError
from generator.i18n import t
from generator.sources import formats
from generator.sources.load import load_yaml, read_text
from generator.sources.logo import read_logo
from generator.sources.records import (
    INSIDE,
    NO_FULL_STOP,
    OUTSIDE,
    Answer,
    Approval,
    Beredning,
    CitationChoice,
    CitationForm,
    Council,
    Dnr,
    Footer,
    Fragment,
    FragmentRef,
    FragmentVersion,
    Handlaggare,
    Located,
    Logo,
    Markdown,
    Namnd,
    Organisation,
    Part,
    Party,
    Programme,
    Question,
    QuestionRef,
    Response,
    Signatory,
    Skrivelse,
    Source,
    TextPart,
)
from generator.sources.schema import Checker, Schema, Values
from generator.sources.topic import topic_from_title
from generator.text.inline import inline_uses

T = TypeVar("T")


@dataclass
class Read(Generic[T]):
    """A file's record (None when it cannot be made) and every problem found in the file."""

    record: T | None
    problems: Problems = field(default_factory=Problems)

    def strict(self) -> T:
        """The record, or a SourceError with the problems when there are any."""
        self.problems.raise_if_any()
        assert self.record is not None
        return self.record


def read_values(schema: Schema, path: Path, root: Path) -> tuple[Values, Problems]:
    """The file checked against its format; a file that cannot be read at all raises SourceError."""
    problems = Problems()
    data = load_yaml(path, problems, root)
    return schema.check_mapping(data, Checker(problems)), problems


def _read(schema: Schema, make: Callable[[Values, Path, Problems], T | None], path: Path, root: Path) -> Read[T]:
    values, problems = read_values(schema, path, root)
    return Read(make(values, path, problems), problems)


def read_skrivelse(path: Path, root: Path) -> Skrivelse:
    return _read(formats.SKRIVELSE, _skrivelse, path, root).strict()


def read_fragment(path: Path, root: Path) -> Fragment:
    return _read(formats.FRAGMENT, _fragment, path, root).strict()


def read_programme(path: Path, root: Path) -> Programme:
    return _read(formats.PROGRAMME, _programme, path, root).strict()


def read_organisation(path: Path, root: Path) -> Organisation:
    return _read(formats.ORGANISATION, functools.partial(_organisation, root=root), path, root).strict()


def read_response(path: Path, root: Path) -> Response:
    return read_response_partly(path, root).strict()


def read_response_partly(path: Path, root: Path) -> Read[Response]:
    """The response with the problems of its file, for checks across files to add theirs."""
    problems = Problems()
    data = load_yaml(path, problems, root)
    if "skrivelse" not in data and "answers" not in data:
        problems.add(data.pos, t("this file is not a response: it has neither 'skrivelse' nor 'answers'"),
                     t("give a file from responses/ (a skrivelse or a fragment cannot be built on its own)"))
        return Read(None, problems)
    values = formats.RESPONSE.check_mapping(data, Checker(problems))
    return Read(_response(values, path, problems), problems)


def read_approval_records(path: Path, root: Path) -> tuple[Values, list[Approval], Problems]:
    """The approvals file's top level and its records."""
    values, problems = read_values(formats.APPROVALS, path, root)
    return values, [record for entry in values["approvals"] or [] if (record := _approval(entry.value)) is not None], problems


def top_level_text(key: str, path: Path, root: Path) -> str | None:
    """The text of one top-level key, read fast and without positions (for the diary across all
    responses); None when it is absent, not text, or the file cannot be read. Every problem of
    the file is reported when it is loaded properly.

    Only the parser's events up to the key are looked at, and no value is built: most of the
    time is in building values, and `dnr` is near the top of a response. A key written twice is
    an error of the file, reported when it is loaded properly; here, as there, the first counts."""
    try:
        events = yaml.parse(read_text(path, root), Loader=_PLAIN_LOADER)
        return _top_level_scalar(key, events)
    except (SourceError, yaml.YAMLError, RecursionError, StopIteration):  # reported when loaded properly
        return None


def _top_level_scalar(key: str, events: Iterator[yaml.Event]) -> str | None:
    """The plain value of `key` in a stream whose document is a mapping, from its events (an
    alias stands for the text of its anchor)."""
    anchors: dict[str, str] = {}
    for event in events:
        if isinstance(event, yaml.MappingStartEvent):
            break
        if isinstance(event, yaml.NodeEvent):
            return None  # the document is not a mapping
    for event in events:
        if isinstance(event, yaml.MappingEndEvent):
            return None
        name = _text(_skip(event, events, anchors), anchors)
        value = _skip(next(events), events, anchors)
        if name == key:
            return _text(value, anchors)
    return None


def _skip(event: yaml.Event, events: Iterator[yaml.Event], anchors: dict[str, str]) -> yaml.Event:
    """Passes over the rest of the node that `event` begins, keeping the anchors of its texts;
    returns `event`."""
    depth = int(isinstance(event, yaml.CollectionStartEvent))
    current = event
    while True:
        if isinstance(current, yaml.ScalarEvent) and current.anchor is not None:
            anchors[current.anchor] = current.value
        if not depth:
            return event
        current = next(events)
        depth += isinstance(current, yaml.CollectionStartEvent) - isinstance(current, yaml.CollectionEndEvent)


def _text(event: yaml.Event, anchors: dict[str, str]) -> str | None:
    if isinstance(event, yaml.ScalarEvent):
        return str(event.value)
    if isinstance(event, yaml.AliasEvent):
        return anchors.get(event.anchor or "")
    return None


#: libyaml (when installed) with every value as text: no YAML 1.1 guesses at types.
_PLAIN_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def questions_leniently(path: Path, root: Path) -> list[tuple[str, str]]:
    """The (id, text) of each question whose id and text are valid, whatever else is wrong with
    the file: an imported skrivelse may still have TODOs when `suggest` runs."""
    values, _ = read_values(formats.SKRIVELSE, path, root)
    questions = [(q.value["id"], " ".join(q.value["text"].split())) for q in values["questions"] or []
                 if q.value["id"] and q.value["text"]]
    if not questions:
        raise SourceError.at(Position(path), t("no questions in this file"), t("give a skrivelse from questions/"))
    return questions


def about_leniently(path: Path, root: Path) -> str:
    """What the skrivelse as a whole says, its questions aside: title, topic, preamble and
    lead-in, as far as they are there (an imported skrivelse may still have TODOs)."""
    values, _ = read_values(formats.SKRIVELSE, path, root)
    said = [values[key] for key in ("title", "topic", "preamble", "lead_in")]
    return " ".join(" ".join(value.split()) for value in said if isinstance(value, str))


# The records -----------------------------------------------------------------------------------

def _texts(values: Values, key: str) -> tuple[str, ...]:
    return tuple(entry.value for entry in values[key] or [])


def _skrivelse(v: Values, path: Path, problems: Problems) -> Skrivelse | None:
    party = v["party"]
    if v["title"] is None or v["to"] is None or party is None or None in (party["name"], party["abbreviation"]):
        return None
    questions = tuple(Question(q.value["id"], " ".join(q.value["text"].split()), q.value.pos)
                      for q in v["questions"] or [] if q.value["id"] and q.value["text"])
    return Skrivelse(
        path=path,
        title=v["title"],
        topic=v["topic"] or _default_topic(v["title"]),
        party=Party(party["name"], party["abbreviation"]),
        authors=_texts(v, "authors"),
        and_others=v["and_others"],
        date=v["date"],
        addressee=v["to"],
        preamble=v["preamble"],
        lead_in=v["lead_in"],
        numbered=v["numbering"] != "bulleted",
        questions=questions,
        received=v["received"],
    )


def _default_topic(title: str) -> str:
    """The topic the title names; a title of no known form stands in whole (`import` writes a
    TODO for `topic` in that case, so an imported skrivelse rarely gets here)."""
    return topic_from_title(title) or title[:1].lower() + title[1:]


def _version(v: Values) -> FragmentVersion | None:
    if v["text"] is None:
        return None
    return FragmentVersion(v["version"] or 1, v["text"], v["variants"] or {}, v["changed"], v.pos, v["excerpts"] or {})


def _validity(v: Values) -> tuple[Any, Any]:
    valid = v["valid"]
    return (valid["from"], valid["to"]) if valid else (None, None)


def _fragment(v: Values, path: Path, problems: Problems) -> Fragment | None:
    current = _version(v)
    if v["id"] is None or current is None:
        return None
    source = v["source"]
    previous = tuple(version for entry in v["previous"] or [] if (version := _version(entry.value)) is not None)
    return Fragment(
        v["id"], path, v["title"],
        Source(source["programme"], source["period"], source["section"]) if source and source["programme"] else None,
        v["quotation"], *_validity(v), _texts(v, "organisations"), _texts(v, "keywords"), current, previous, v.pos,
        _texts(v, "proper_names"),
    )


def _programme(v: Values, path: Path, problems: Problems) -> Programme | None:
    if v["name"] is None:
        return None
    citation = v["citation"]
    form = CitationForm(citation["lead"], citation["dash"], _full_stop(citation["full_stop"])) if citation else CitationForm()
    return Programme(v["name"], v["period"], *_validity(v), v["replaces"], path, form)


def _full_stop(value: bool | str | None) -> str:
    """Where a citation's full stop stands; `true` as the first versions wrote it: inside."""
    return INSIDE if value is True else OUTSIDE if value == OUTSIDE else INSIDE if value == INSIDE else NO_FULL_STOP


def _citation_choice(v: Values | None) -> CitationChoice | None:
    """What a response or a use says of its citations; the keys it leaves out stay as before."""
    if v is None:
        return None
    return CitationChoice(v["lead"] if v.given("lead") else None, v["dash"] if v.given("dash") else None,
                          _full_stop(v["full_stop"]) if v.given("full_stop") else None)


def _signatories(v: Values, key: str) -> tuple[Signatory, ...]:
    return tuple(Signatory(s.value["name"], s.value["title"], s.value["organisation"])
                 for s in v[key] or [] if s.value["name"] and s.value["title"])


def _organisation(v: Values, path: Path, problems: Problems, root: Path) -> Organisation | None:
    namnd = v["namnd"]
    if v["id"] is None or v["forvaltning"] is None or namnd is None or None in (namnd["name"], namnd["in_text"]):
        return None
    if v["id"] != path.stem:
        problems.add(v.at("id"), t("the id '{id}' must match the file name '{name}'", id=v["id"], name=path.stem),
                     t("rename the file to {id}.yaml", id=v["id"]))
    return Organisation(v["id"], path, v["forvaltning"], _texts(v, "avdelningar"), v["dnr_prefix"],
                        Namnd(namnd["name"], namnd["in_text"]), v["stadsdel"], _signatories(v, "signatories"),
                        v["voice"] or {}, v["require_signed_approvals"], v["question_style"], v["city"],
                        _logo(v["logo"], root, problems), _footer(v["footer"]), v["phone_format"], v["klassificering"])


def _logo(v: Values | None, root: Path, problems: Problems) -> Logo | None:
    """The logo's file read and checked (logo.py); its problems go with the profile's."""
    if v is None or v["file"] is None or v["alt"] is None:
        return None
    try:
        return read_logo(v["file"], v["alt"], v.at("file"), root)
    except SourceError as exc:
        problems.extend(exc)
        return None


def _footer(v: Values | None) -> Footer | None:
    if v is None:
        return None
    return Footer(v["postal_address"], v["visiting_address"], _located(v, "switchboard"), v["org_nr"], v["website"])


def _located(v: Values, key: str) -> Located | None:
    return Located(v[key], v.at(key)) if v[key] is not None else None


def _part(v: Values, problems: Problems) -> Part | None:
    if v.given("fragment") == v.given("text"):
        return None
    if v["fragment"] is not None:
        return FragmentRef(v["fragment"], v["variant"], v["version"], v.at("fragment"),
                           citation=_citation_choice(v["citation"]))
    return _text_part(v["text"], v.pos, problems) if v["text"] is not None else None


def _text_part(text: Markdown, item: Position | None, problems: Problems) -> TextPart:
    uses = inline_uses(text.text, text.at, problems)
    return TextPart(text, item, tuple(FragmentRef(use.id, None, use.version, use.at, excerpt=use.excerpt, inline=True)
                                      for use in uses))


def _parts(entries: list, problems: Problems) -> tuple[Part, ...]:
    return tuple(part for entry in entries if (part := _part(entry.value, problems)) is not None)


def _parts_or_text(value: Any, problems: Problems) -> tuple[Part, ...] | None:
    if value is None:
        return None
    if isinstance(value, Markdown):
        return (_text_part(value, None, problems),)
    return _parts(value, problems)


def _question_refs(entries: list) -> tuple[QuestionRef, ...]:
    return tuple(QuestionRef(entry.value, entry.at) if isinstance(entry.value, str)
                 else QuestionRef(entry.value["id"], entry.at, entry.value["wording"])
                 for entry in entries if isinstance(entry.value, str) or entry.value["id"])


def _answer(v: Values, problems: Problems) -> Answer:
    return Answer(_question_refs(v["questions"] or []), v["heading"], _parts(v["parts"] or [], problems), v.pos)


def _beredning(v: Values | None) -> Beredning:
    if v is None:
        return Beredning()
    councils = tuple(Council(c.value["name"], c.value["date"]) for c in v["councils"] or [] if c.value["name"])
    units = tuple(Located(entry.value, entry.at) for entry in v["units"] or [])
    return Beredning(units, v["forvaltningsgrupp"], councils, v["text"])


def _response(v: Values, path: Path, problems: Problems) -> Response | None:
    if v["organisation"] is None or v["skrivelse"] is None:
        return None
    h = v["handlaggare"]
    return Response(
        path=path,
        dnr=Dnr.parse(v["dnr"], v.at("dnr")) if v["dnr"] else None,
        date=v["date"],
        organisation=Located(v["organisation"], v.at("organisation")),
        avdelning=_located(v, "avdelning"),
        handlaggare=Handlaggare(h["name"], _located(h, "phone"), h["email"], h["phone_format"]) if h and h["name"] else None,
        namnd=v["namnd"],
        meeting=v["meeting"],
        skrivelse=Located(v["skrivelse"], v.at("skrivelse")),
        title=v["title"],
        subtitle=v["subtitle"],
        decision=v["decision"],
        summary=_parts_or_text(v["summary"], problems),
        background=_parts_or_text(v["background"], problems),
        case_intro=_parts_or_text(v["case_intro"], problems),
        case_after=_parts_or_text(v["case_after"], problems),
        citation=_citation_choice(v["citation"]),
        case_questions=_question_refs(v["case_questions"] or []),
        question_style=v["question_style"],
        beredning=_beredning(v["beredning"]),
        answers=tuple(_answer(entry.value, problems) for entry in v["answers"] or []),
        closing=v["closing"],
        signatories=_signatories(v, "signatories") if v.given("signatories") else None,
        approval_order=_texts(v, "approval_order"),
        attach_skrivelse=v["attach_skrivelse"],
        attachments=_texts(v, "attachments"),
        complete=v.clean,
        at=v.pos,
    )


def _approval(v: Values) -> Approval | None:
    if None in (v["name"], v["title"], v["date"], v["content"]) or not v.clean:
        return None
    document = int(v["document"].rsplit("/", 1)[1])
    return Approval(v["name"], v["title"], v["date"], v["content"], document,
                    tuple(sorted((v["layout"] or {}).items())), v["signature"], v["migrated_from"], v.pos, v["text"])
