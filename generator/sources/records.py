"""Typed records for what the YAML sources say: skrivelser, fragments, organisations, responses."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Position

#: The patterns of the formats' values, as regular expressions without anchors (a name's is
#: text/inline.py's ID_PATTERN: it is written inside [[…]]).
DNR_PATTERN = r"[A-ZÅÄÖ]{2,8} [0-9]{4}/[0-9]{1,6}"
PHONE_PATTERN = r"\+?[0-9][0-9 -]{5,}[0-9]"
FINGERPRINT_PATTERN = r"sha256:[0-9a-f]{64}"


@dataclass(frozen=True)
class Dnr:
    """A diary number, PREFIX YEAR/SERIAL ("SOF 2024/394"), with where it was written."""

    prefix: str
    year: int
    serial: int
    at: Position = field(compare=False)

    @classmethod
    def parse(cls, text: str, at: Position) -> Dnr | None:
        match = re.fullmatch(r"(?P<prefix>[A-ZÅÄÖ]{2,8}) (?P<year>[0-9]{4})/(?P<serial>[0-9]{1,6})", text.strip())
        if not match:
            return None
        return cls(match["prefix"], int(match["year"]), int(match["serial"]), at)

    def __str__(self) -> str:
        return f"{self.prefix} {self.year}/{self.serial}"


@dataclass(frozen=True)
class Markdown:
    """Text the user wrote in Markdown, with where it starts (for error messages)."""

    text: str
    at: Position


@dataclass(frozen=True)
class Party:
    name: str
    abbreviation: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    at: Position


@dataclass(frozen=True)
class Skrivelse:
    path: Path
    title: str
    topic: str
    party: Party
    authors: tuple[str, ...]
    and_others: bool
    """The skrivelse is signed by more than its named authors ("med flera")."""
    date: dt.date | None
    addressee: str
    preamble: Markdown | None
    lead_in: str | None
    numbered: bool
    questions: tuple[Question, ...]
    received: dt.date | None = None
    """The day it came in, as the diarium says (for the archive package)."""

    def number(self, qid: str) -> int:
        return [q.id for q in self.questions].index(qid) + 1


@dataclass(frozen=True)
class Source:
    """Where a standard passage comes from, e.g. Stockholms stads Trygghetsprogram 2024–2027."""

    programme: str
    period: str | None = None
    section: str | None = None

    @property
    def name(self) -> str:
        return f"{self.programme} {self.period}" if self.period else self.programme


@dataclass(frozen=True)
class Programme:
    """A city programme that fragments quote, with the period it is in force."""

    name: str
    period: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    replaces: str | None
    path: Path
    citation: CitationForm = field(default_factory=lambda: CitationForm())

    @property
    def full_name(self) -> str:
        return Source(self.name, self.period).name


#: Where a citation's full stop stands: none, "(Från … 2024–2027.)" or "(Från … 2024–2027).".
NO_FULL_STOP, INSIDE, OUTSIDE = "", "inside", "outside"


@dataclass(frozen=True)
class CitationForm:
    """How a quotation of a programme names its source: "(Från Trygghetsprogram 2024–2027)"."""

    lead: str = "Från"
    dash: str = "–"
    """The dash between the years of the period as printed."""
    full_stop: str = NO_FULL_STOP
    """NO_FULL_STOP, INSIDE or OUTSIDE the closing parenthesis."""


@dataclass(frozen=True)
class CitationChoice:
    """A response's or a use's own citation form: only what it says (None: as before it)."""

    lead: str | None = None
    dash: str | None = None
    full_stop: str | None = None

    def over(self, form: CitationForm) -> CitationForm:
        """`form` with what this choice says in its place."""
        return CitationForm(self.lead if self.lead is not None else form.lead,
                            self.dash if self.dash is not None else form.dash,
                            self.full_stop if self.full_stop is not None else form.full_stop)


@dataclass(frozen=True)
class FragmentVersion:
    """One version of a fragment's wording; responses may pin it so that later edits pass them by."""

    number: int
    text: Markdown
    variants: dict[str, Markdown]
    changed: dt.date | None
    at: Position
    excerpts: dict[str, Markdown] = field(default_factory=dict)
    """Named passages of the text, word for word, for use inside an officer's sentence."""

    def wording(self, variant: str | None) -> Markdown:
        return self.variants[variant] if variant else self.text


@dataclass(frozen=True)
class Fragment:
    id: str
    path: Path
    title: str | None
    source: Source | None
    quotation: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    organisations: tuple[str, ...]
    keywords: tuple[str, ...]
    current: FragmentVersion
    previous: tuple[FragmentVersion, ...]
    at: Position
    proper_names: tuple[str, ...] = ()
    """Names and abbreviations that start a wording and keep their capitals inside a sentence."""

    @property
    def versions(self) -> tuple[FragmentVersion, ...]:
        return (self.current, *self.previous)

    def version(self, number: int | None) -> FragmentVersion | None:
        """The pinned version, or the current one when `number` is None."""
        if number is None:
            return self.current
        return next((v for v in self.versions if v.number == number), None)


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str
    organisation: str | None = None


@dataclass(frozen=True)
class Namnd:
    name: str
    in_text: str


@dataclass(frozen=True)
class Logo:
    """The organisation's logotype: its file in the project, its checked bytes and its alt text."""

    path: Path
    data: bytes
    media_type: str
    """"image/svg+xml" or "image/png", as its bytes show."""
    alt: str


@dataclass(frozen=True)
class Footer:
    """What the organisation prints small at the foot of every page; each part optional."""

    postal_address: str | None = None
    visiting_address: str | None = None
    switchboard: Located | None = None
    org_nr: str | None = None
    website: str | None = None


#: How phone numbers are printed: grouped as Swedish convention writes them, or as written.
GROUPED, AS_WRITTEN = "grouped", "as_written"


@dataclass(frozen=True)
class Organisation:
    id: str
    path: Path
    forvaltning: str
    avdelningar: tuple[str, ...]
    dnr_prefix: str | None
    namnd: Namnd
    stadsdel: str | None
    signatories: tuple[Signatory, ...]
    voice: dict[str, str]
    require_signed_approvals: bool = False
    question_style: str = "headings"
    city: str | None = None
    """The line above the förvaltning on page 1, e.g. "Stockholms stad"."""
    logo: Logo | None = None
    footer: Footer | None = None
    phone_format: str = GROUPED
    klassificering: str | None = None
    """The class of the förvaltning's klassificeringsstruktur its responses belong to."""

    @property
    def groups_phones(self) -> bool:
        """Phone numbers are printed grouped the Swedish way, not as written."""
        return self.phone_format == GROUPED

    @property
    def files(self) -> tuple[Path, ...]:
        """The profile and every file it names: what its documents' look depends on."""
        return (self.path, self.logo.path) if self.logo else (self.path,)


@dataclass(frozen=True)
class FragmentRef:
    id: str
    variant: str | None
    version: int | None
    at: Position
    excerpt: str | None = None
    """Set for a use inside a sentence, `[[id#excerpt]]`: that named passage only."""
    inline: bool = False
    citation: CitationChoice | None = None
    """This use's own citation form, where the response says one."""


@dataclass(frozen=True)
class TextPart:
    text: Markdown
    item: Position | None = field(default=None, compare=False)
    """Where the part's mapping starts (the 'text' key of "- text: |"), for `fragment extract`."""
    uses: tuple[FragmentRef, ...] = ()
    """The fragments used inside its sentences (`[[id]]`), in order."""


Part = FragmentRef | TextPart


@dataclass(frozen=True)
class QuestionRef:
    id: str
    at: Position
    wording: str | None = None
    """The question as the response prints it, where the officer words it differently."""


@dataclass(frozen=True)
class Answer:
    """Answers to one or more questions, or (with no questions) a prose section."""

    questions: tuple[QuestionRef, ...]
    heading: str | None
    parts: tuple[Part, ...]
    at: Position


@dataclass(frozen=True)
class Council:
    name: str
    date: dt.date | None


@dataclass(frozen=True)
class Beredning:
    units: tuple[Located, ...] = ()
    forvaltningsgrupp: dt.date | None = None
    councils: tuple[Council, ...] = ()
    text: Markdown | None = None


@dataclass(frozen=True)
class Approval:
    """An approval recorded by `utlatande approve`: who approved which document, bound to its
    content fingerprint and (from document format 2 on) the fingerprints of its layout files."""

    name: str
    title: str
    date: dt.date
    content: str = ""
    document: int = 1
    layout: tuple[tuple[str, str], ...] = ()
    signature: str | None = None
    migrated_from: str | None = None
    at: Position | None = field(default=None, compare=False)
    #: The SHA-256 of the approved text stored under approvals/texts/, which binds it to the
    #: approval (inside the signature, where signed); None in approvals of earlier versions.
    text: str | None = None


@dataclass(frozen=True)
class Handlaggare:
    name: str
    phone: Located | None
    email: str | None = None
    phone_format: str | None = None
    """How this person's number is printed (GROUPED or AS_WRITTEN); None: as the profile says."""


@dataclass(frozen=True)
class Located:
    """A value from the sources with the place it was written."""

    value: str
    at: Position


@dataclass(frozen=True)
class Response:
    path: Path
    dnr: Dnr | None
    #: None only in a response whose date is wrong: its other problems are still checked.
    date: dt.date | None
    organisation: Located
    avdelning: Located | None
    handlaggare: Handlaggare | None
    namnd: str | None
    meeting: dt.date | None
    skrivelse: Located
    title: str | None
    subtitle: str | None
    decision: str | None
    summary: tuple[Part, ...] | None
    background: tuple[Part, ...] | None
    case_intro: tuple[Part, ...] | None
    case_after: tuple[Part, ...] | None
    citation: CitationChoice | None
    """The citation form of the response's quotations, where it says one."""
    case_questions: tuple[QuestionRef, ...]
    """Questions Ärendet quotes in the officer's wording (a typo corrected); the others as asked."""
    question_style: str | None
    """How the answers present their questions; None: as the organisation's profile says."""
    beredning: Beredning
    answers: tuple[Answer, ...]
    closing: str | None
    signatories: tuple[Signatory, ...] | None
    approval_order: tuple[str, ...]
    """The approval table's order, by name; empty: as the signatories stand."""
    attach_skrivelse: bool
    attachments: tuple[str, ...]
    complete: bool
    """No problem was found in the response's own file (checks that would only repeat one skip)."""
    at: Position = field(compare=False)

    def parts(self) -> list[Part]:
        """Every part of the response, wherever it stands, each fragment used inside a text's
        sentence right after that text."""
        found = [p for a in self.answers for p in a.parts]
        texts = (list(self.summary or ()) + list(self.background or ()) + list(self.case_intro or ())
                 + list(self.case_after or ()) + found)
        return [use for part in texts for use in (part, *(part.uses if isinstance(part, TextPart) else ()))]
