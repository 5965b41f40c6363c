"""Turns one loaded YAML file into a typed record, reporting every problem inside that file."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Problems
from generator.sources.fields import Fields
from generator.sources.load import load_yaml
from generator.sources.placeholders import syntax_problems
from generator.sources.records import (
    Answer,
    Beredning,
    Council,
    Fragment,
    FragmentRef,
    FragmentVersion,
    Handlaggare,
    Located,
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

DNR_PATTERN = re.compile(r"^(?P<prefix>[A-ZÅÄÖ]{2,8}) (?P<year>\d{4})/(?P<serial>\d{1,6})$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 -]{5,}[0-9]$")


def _read(path: Path, root: Path, what: str, reader):
    problems = Problems()
    data = load_yaml(path, problems, root)
    fields = Fields(data, what, problems)
    record = reader(fields, path)
    fields.done()
    problems.raise_if_any()
    return record


def read_skrivelse(path: Path, root: Path) -> Skrivelse:
    return _read(path, root, "skrivelse", _skrivelse)


def read_fragment(path: Path, root: Path) -> Fragment:
    return _read(path, root, "fragment", _fragment)


def read_organisation(path: Path, root: Path) -> Organisation:
    return _read(path, root, "organisation profile", _organisation)


def read_response(path: Path, root: Path) -> Response:
    return _read(path, root, "response", _response)


def _id(fields: Fields, key: str = "id") -> str | None:
    value = fields.text(key)
    if value is not None and not ID_PATTERN.match(value):
        fields.problems.add(
            fields.value_at(key),
            f"'{value}' is not a valid id",
            "use lower-case letters a-z, digits, '-' and '_' (no spaces or å/ä/ö), e.g. 'polisanmalan'",
        )
    return value


def _skrivelse(f: Fields, path: Path) -> Skrivelse | None:
    title = f.text("title")
    topic = f.text("topic", required=False)
    party_fields = f.mapping("party", "party")
    party = None
    if party_fields:
        name, abbreviation = party_fields.text("name"), party_fields.text("abbreviation")
        party_fields.done()
        if name and abbreviation:
            party = Party(name, abbreviation)
    authors = tuple(f.texts("authors", required=False))
    date = f.date("date", required=False)
    addressee = f.text("to")
    preamble = f.markdown("preamble", required=False)
    lead_in = f.text("lead_in", required=False)
    numbering = f.text("numbering", required=False) or "numbered"
    if numbering not in ("numbered", "bulleted"):
        f.problems.add(f.value_at("numbering"), f"numbering must be 'numbered' or 'bulleted', not '{numbering}'")
    questions = f.records("questions", "question", _question)
    seen: dict[str, Question] = {}
    for q in questions:
        if q.id in seen:
            f.problems.add(q.at, f"question id '{q.id}' is used twice (also on line {seen[q.id].at.line})")
        seen.setdefault(q.id, q)
    if title is None or party is None or addressee is None:
        return None
    return Skrivelse(
        path=path,
        title=title,
        topic=topic or _topic_from_title(title),
        party=party,
        authors=authors,
        date=date,
        addressee=addressee,
        preamble=Markdown(*preamble) if preamble else None,
        lead_in=lead_in,
        numbered=numbering != "bulleted",
        questions=tuple(questions),
    )


def _topic_from_title(title: str) -> str:
    """"Skrivelse om stärkt skydd" → "stärkt skydd", for "ställt frågor … angående …"."""
    match = re.match(r"(?i)skrivelse\s+om\s+(.+)", title)
    return match.group(1) if match else title[:1].lower() + title[1:]


def _question(f: Fields) -> Question | None:
    qid, text = _id(f), f.text("text")
    if qid is None or text is None:
        return None
    return Question(qid, " ".join(text.split()), f.pos)


def _fragment(f: Fields, path: Path) -> Fragment | None:
    fid = _id(f)
    title = f.text("title", required=False)
    source = None
    source_fields = f.mapping("source", "source", required=False)
    if source_fields:
        programme = source_fields.text("programme")
        period = source_fields.text("period", required=False)
        section = source_fields.text("section", required=False)
        source_fields.done()
        if programme:
            source = Source(programme, period, section)
    quotation = f.flag("quotation", default=False)
    if quotation and source is None and not f.has("source"):
        f.problems.add(f.key_at("quotation"), "a quotation needs a 'source'", "add source: with the programme it quotes")
    valid_from, valid_to = _validity(f)
    organisations = tuple(f.texts("organisations", required=False))
    keywords = tuple(f.texts("keywords", required=False))
    current = _fragment_version(f, default_number=1)
    previous = tuple(f.records("previous", "previous version", lambda v: _fragment_version(v, None), required=False))
    numbers: dict[int, FragmentVersion] = {}
    for version in (current, *previous):
        if version is None:
            continue
        if version.number in numbers:
            f.problems.add(version.at, f"version {version.number} appears twice", "number every version differently")
        numbers[version.number] = version
    if current and previous and any(v.number >= current.number for v in previous):
        f.problems.add(f.value_at("version") if f.has("version") else f.pos,
                       f"the current version ({current.number}) must be newer than every previous version",
                       "give the current text the highest 'version' number")
    if fid is None or current is None:
        return None
    return Fragment(fid, path, title, source, quotation, valid_from, valid_to, organisations, keywords,
                    current, previous, f.pos)


def _fragment_version(f: Fields, default_number: int | None) -> FragmentVersion | None:
    number = f.data.get("version", default_number)
    f.known.add("version")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        f.problems.add(f.value_at("version") if "version" in f.data else f.pos,
                       "'version' must be a whole number from 1", "e.g. version: 2")
        number = None
    changed = f.date("changed", required=False)
    text = f.markdown("text")
    variants = {name: Markdown(*value) for name, value in _named(f, "variants", Fields.markdown).items()}
    main = Markdown(*text) if text else None
    for wording in ([main] if main else []) + list(variants.values()):
        syntax_problems(wording.text, wording.at, f.problems)
    if number is None or main is None:
        return None
    return FragmentVersion(number, main, variants, changed, f.pos)


def _validity(f: Fields):
    valid = f.mapping("valid", "validity", required=False)
    if valid is None:
        return None, None
    start, end = valid.date("from", required=False), valid.date("to", required=False)
    valid.done()
    if start and end and start > end:
        valid.problems.add(valid.value_at("to"), f"the validity ends ({end}) before it starts ({start})")
    return start, end


def read_programme(path: Path, root: Path) -> Programme:
    return _read(path, root, "programme", _programme)


def _programme(f: Fields, path: Path) -> Programme | None:
    name = f.text("name")
    period = f.text("period", required=False)
    valid_from, valid_to = _validity(f)
    replaces = f.text("replaces", required=False)
    return Programme(name, period, valid_from, valid_to, replaces, path) if name else None


def _named(f: Fields, key: str, read) -> dict:
    """A mapping of free names to values, such as a fragment's variants or a profile's voice."""
    fields = f.mapping(key, key, required=False)
    if fields is None:
        return {}
    values = {name: read(fields, name) for name in list(fields.data)}
    fields.done()
    return {name: value for name, value in values.items() if value}


def _signatory(f: Fields) -> Signatory | None:
    name, title = f.text("name"), f.text("title")
    organisation = f.text("organisation", required=False)
    return Signatory(name, title, organisation) if name and title else None


def _organisation(f: Fields, path: Path) -> Organisation | None:
    oid = _id(f)
    forvaltning = f.text("forvaltning")
    avdelningar = tuple(f.texts("avdelningar", required=False))
    prefix = f.text("dnr_prefix", required=False)
    if prefix and not re.fullmatch(r"[A-ZÅÄÖ]{2,8}", prefix):
        f.problems.add(f.value_at("dnr_prefix"), f"'{prefix}' is not a diary number prefix", "use capital letters, e.g. SOF")
    namnd = None
    namnd_fields = f.mapping("namnd", "nämnd")
    if namnd_fields:
        name, in_text = namnd_fields.text("name"), namnd_fields.text("in_text")
        namnd_fields.done()
        if name and in_text:
            namnd = Namnd(name, in_text)
    stadsdel = f.text("stadsdel", required=False)
    signatories = tuple(f.records("signatories", "signatory", _signatory, required=False))
    voice = _named(f, "voice", Fields.text)
    logo = f.text("logo", required=False)
    require_signed = f.flag("require_signed_approvals", default=False)
    if oid is None or forvaltning is None or namnd is None:
        return None
    if oid != path.stem:
        f.problems.add(f.value_at("id"), f"the id '{oid}' must match the file name '{path.stem}'", f"rename the file to {oid}.yaml")
    return Organisation(oid, path, forvaltning, avdelningar, prefix, namnd, stadsdel, signatories, voice, logo,
                        require_signed)


def _located(f: Fields, key: str, required: bool = True) -> Located | None:
    value = f.text(key, required)
    return Located(value, f.value_at(key)) if value is not None else None


def _response(f: Fields, path: Path) -> Response | None:
    if "skrivelse" not in f.data and "answers" not in f.data:
        f.problems.add(f.pos, "this file is not a response: it has neither 'skrivelse' nor 'answers'",
                       "give a file from responses/ (a skrivelse or a fragment cannot be built on its own)")
        f.known.update(f.data)
        return None
    dnr = _located(f, "dnr", required=False)
    if dnr and not DNR_PATTERN.match(dnr.value):
        f.problems.add(
            dnr.at,
            f"'{dnr.value}' is not a diary number",
            "write it as PREFIX YEAR/NUMBER, e.g. 'SOF 2024/394' (or leave 'dnr' out while it is a draft)",
        )
    date = f.date("date")
    organisation = _located(f, "organisation")
    avdelning = _located(f, "avdelning", required=False)
    handlaggare = None
    h = f.mapping("handlaggare", "handläggare", required=False)
    if h:
        name = h.text("name")
        phone = h.text("phone", required=False)
        if phone and not PHONE_PATTERN.match(phone):
            h.problems.add(h.value_at("phone"), f"'{phone}' is not a phone number", "e.g. 08-508 254 02")
        h.done()
        handlaggare = Handlaggare(name, phone) if name else None
    namnd = f.text("namnd", required=False)
    meeting = f.date("meeting", required=False)
    skrivelse = _located(f, "skrivelse")
    beredning = _beredning(f.mapping("beredning", "beredning", required=False))
    answers = tuple(f.records("answers", "answer", _answer))
    signatories = f.records("signatories", "signatory", _signatory, required=False) if f.has("signatories") else None
    attach_skrivelse = f.flag("attach_skrivelse", default=True)
    attachments = tuple(f.texts("attachments", required=False))
    if f.has("approvals"):
        f.problems.add(
            f.key_at("approvals"), "approvals are not written in the response",
            f"record them with 'utlatande approve {path}': they are kept in approvals/{path.stem}.yaml, bound to the text",
        )
    record = dict(
        title=f.text("title", required=False),
        subtitle=f.text("subtitle", required=False),
        decision=f.text("decision", required=False),
        summary=_parts_or_text(f, "summary"),
        background=_parts_or_text(f, "background"),
        case_intro=f.text("case_intro", required=False),
        closing=f.text("closing", required=False),
    )
    if None in (date, organisation, skrivelse):
        return None
    return Response(
        path=path,
        dnr=dnr,
        date=date,
        organisation=organisation,
        avdelning=avdelning,
        handlaggare=handlaggare,
        namnd=namnd,
        meeting=meeting,
        skrivelse=skrivelse,
        beredning=beredning,
        answers=answers,
        signatories=tuple(signatories) if signatories is not None else None,
        attach_skrivelse=attach_skrivelse,
        attachments=attachments,
        at=f.pos,
        **record,
    )


def _markdown(f: Fields, key: str) -> Markdown | None:
    value = f.markdown(key, required=False)
    return Markdown(*value) if value else None


def _parts_or_text(f: Fields, key: str) -> tuple[Part, ...] | None:
    """Markdown text, or a list of parts like an answer's (to quote fragments)."""
    f.known.add(key)
    if isinstance(f.data.get(key), list):
        return tuple(f.records(key, "part", _part))
    text = _markdown(f, key)
    return (TextPart(text),) if text else None


def _beredning(f: Fields | None) -> Beredning:
    if f is None:
        return Beredning()
    units = tuple(f.texts("units", required=False))
    forvaltningsgrupp = f.date("forvaltningsgrupp", required=False)
    councils = tuple(f.records("councils", "council", _council, required=False))
    text = _markdown(f, "text")
    f.done()
    if text is None and not units:
        f.problems.add(f.pos, "beredning needs 'units' (who prepared the case) or a 'text'", "e.g. units: [avdelningen för strategi och utveckling]")
    return Beredning(units, forvaltningsgrupp, councils, text)


def _council(f: Fields) -> Council | None:
    name = f.text("name")
    date = f.date("date", required=False)
    return Council(name, date) if name else None


def _answer(f: Fields) -> Answer | None:
    refs = []
    if f.has("questions"):
        for qid, at in _id_list(f, "questions"):
            refs.append(QuestionRef(qid, at))
    heading = f.text("heading", required=False)
    parts = f.records("parts", "part", _part)
    return Answer(tuple(refs), heading, tuple(parts), f.pos)


def _id_list(f: Fields, key: str):
    single = f.data.raw.get(key, f.data.get(key))
    if isinstance(single, str):
        return [(single, f.value_at(key))]
    items = f.data.get(key)
    return [(str(items.raw.get(index, item)), at) for index, (item, at) in enumerate(f.items(key))]


def _part(f: Fields) -> Part | None:
    has_fragment, has_text = f.has("fragment"), f.has("text")
    if has_fragment == has_text:
        f.problems.add(f.pos, "a part is either 'fragment: ID' or 'text: …'", "write one of the two")
        f.known.update({"fragment", "text", "variant", "version"})
        return None
    if has_fragment:
        fid = _id(f, "fragment")
        variant = f.text("variant", required=False)
        version = f.data.get("version")
        f.known.add("version")
        if version is not None and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
            f.problems.add(f.value_at("version"), "'version' must be a whole number from 1", "e.g. version: 1")
            version = None
        return FragmentRef(fid, variant, version, f.value_at("fragment")) if fid else None
    text = f.markdown("text")
    return TextPart(Markdown(*text)) if text else None
