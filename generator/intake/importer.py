"""Turns the text of a received skrivelse into the skrivelse YAML format, marking what it cannot find.

It copes with what real files do: questions numbered "1." or "1)" or bulleted ("•", "-", "–"),
questions wrapped over several lines, words hyphenated at line ends (soft and hard hyphens;
"individ- och" keeps its hyphen), page numbers, headers or footers repeated on every page, and
a line at the top with the addressee and the date ("Socialnämnden    2024-10-20").

A received letter is untrusted: characters a document cannot hold (control characters, the
private-use area, bidirectional controls) are left out and counted, and every pattern runs in
time linear in the letter's length, whatever it holds (tests/test_import.py measures it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator import swedish
from generator.errors import Position, SourceError
from generator.i18n import t
from generator.intake.stopwords import SWEDISH
from generator.limits import MAX_LETTER_CHARACTERS, MAX_LETTER_LINE
from generator.sources.topic import PREPOSITIONS, topic_from_title

PARTIES = {
    "Socialdemokraterna": "S", "Moderaterna": "M", "Sverigedemokraterna": "SD", "Centerpartiet": "C",
    "Vänsterpartiet": "V", "Kristdemokraterna": "KD", "Liberalerna": "L", "Miljöpartiet": "MP",
}
_PAGE_NUMBER = re.compile(r"^\s*(?:sida\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/)\s*\d{1,3})?\s*$"
                          r"|^\s*-\s*\d{1,3}\s*-\s*$", re.I)
_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^\s*[•\-–*▪◦·●]\s+(\S.*)$")
#: The phrase of the sentence that leads in to the questions ("… ställer vi följande frågor:").
_LEAD_IN = re.compile(r"följande fråg", re.I)
_KEEP_HYPHEN_BEFORE = {"och", "eller", "samt", "respektive", "resp", "till", "som"}
_ISO_DATE = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_WRITTEN_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(swedish.MONTHS) + r")\s+(20\d\d)\b", re.I)
#: After the authors' names: the skrivelse is signed by more than them ("… (M) med flera", "m.fl.").
_OTHERS = re.compile(r"\)\s*(?:med\s+flera|m\.\s?fl\.?)(?![a-zåäö])", re.IGNORECASE)
#: An author's party after the name: "Anna Andersson (L)". The name before it is read backwards
#: from there (`_authors`), never searched for, so that a long run of capitalised words costs
#: no more than its length.
_PARTY_AFTER_NAME = re.compile(r"\((" + "|".join(PARTIES.values()) + r")\)")
#: A name read backwards: "nossrednA annA", up to five words joined by a space or hyphen.
_NAME_BACKWARDS = re.compile(r"\s*((?:[a-zåäöéü]+[A-ZÅÄÖ][ -]){1,4}[a-zåäöéü]+[A-ZÅÄÖ])")
_STADSDELSNAMND = re.compile(r"(?<=\s)stadsdelsnämnd\b")
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ")
#: Characters a document cannot hold that a letter's text may bring: every one the loader refuses
#: (load.unstorable_character: control characters, U+E000 and U+E001, bidirectional controls,
#: U+FFFE …; a test checks that none is missed), and the rest of the private-use area and the
#: noncharacters.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069"
                         "\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff\U000f0000-\U0010ffff]")
#: Bullets drawn with the Symbol and Wingdings fonts reach the text as private-use characters.
#: Tabs, carriage returns and line separators inside a line are spaces.
_SYMBOL_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "•", "\uf076": "•", "\uf0d8": "•", "\uf0fc": "•",
                                 "\t": " ", "\r": " ", "\u2028": " ", "\u2029": " "})
#: An addressee-and-date line is short: a longer line is never one.
_HEAD_LINE_LENGTH = 120
_NAMND = re.compile(r"\b((?:social|äldre|utbildnings|kultur|idrotts|trafik|fastighets|stadsbyggnads|exploaterings|"
                    r"arbetsmarknads)nämnden|kommunstyrelsen)\b", re.I)
_LINE_DATE = r"(?:den\s+)?(?P<date>20\d\d-\d\d-\d\d|\d{1,2}\s+(?i:" + "|".join(swedish.MONTHS) + r")\s+20\d\d)"
_LINE_NAME = r"(?:[Tt]ill\s+)?(?P<to>[^\W\d][\w-]*(?:\s+[\w-]+){0,4}?)"
#: "Socialnämnden 2024-10-20", "Till Kungsholmens stadsdelsnämnd, 20 oktober 2024", or the date first.
_ADDRESSEE_LINES = (re.compile(rf"\s*{_LINE_NAME}\s*,?\s+{_LINE_DATE}\s*"),
                    re.compile(rf"\s*{_LINE_DATE}\s*,?\s+{_LINE_NAME}\s*"))
_COUNCIL = re.compile(r"(?:nämnd|nämnden|styrelse|styrelsen)\b", re.I)
#: An addressee-and-date line counts when it stands among this many first lines of text.
HEAD_LINES = 6


@dataclass
class Question:
    text: str


@dataclass
class Imported:
    """What the importer found; None where it found nothing (written as a TODO)."""

    title: str | None = None
    party: str | None = None
    authors: list[str] = field(default_factory=list)
    and_others: bool = False
    date: dt.date | None = None
    addressee: str | None = None
    preamble: list[str] = field(default_factory=list)
    lead_in: str | None = None
    numbered: bool = True
    questions: list[Question] = field(default_factory=list)
    #: The characters left out of the letter's text (`letter_lines`), the first of each kind
    #: first, and how many there were.
    left_out: dict[str, int] = field(default_factory=dict)
    #: What the text says the skrivelse is about, for a letter whose title names no topic.
    topic_in_text: str | None = None

    @property
    def topic_in_title(self) -> bool:
        """Whether the title names the topic, by the rule the loader uses too (then the YAML
        file leaves `topic` out and the loader derives it)."""
        return bool(self.title and topic_from_title(self.title))

    @property
    def topic(self) -> str | None:
        return (topic_from_title(self.title) if self.title else None) or self.topic_in_text


def read_skrivelse_text(pages: list[list[str]], source: Path) -> Imported:
    pages, left_out = letter_lines(pages, source)
    lines = _clean(pages)
    head = _addressee_line(lines)
    if head is not None:
        lines[head.index] = ""  # a paragraph break: the title below it stays a paragraph of its own
    blocks = _blocks(lines)
    found = Imported()
    found.title, rest = _title(blocks)
    lead = next(((i, phrase) for i, b in enumerate(rest) if b.kind == "para" and (phrase := _LEAD_IN.search(b.text))), None)
    question_at = next((i for i, b in enumerate(rest) if b.kind in ("numbered", "bullet")), None)
    if lead is not None:
        lead_at, phrase = lead
        before, found.lead_in = _split_lead_in(rest[lead_at].text, phrase.start())
        items_from = lead_at + 1
        found.preamble = [b.text for b in rest[:lead_at] if b.kind == "para"] + ([before] if before else [])
    elif question_at is not None:
        items_from = question_at
        found.preamble = [b.text for b in rest[:question_at] if b.kind == "para"]
    else:
        items_from = len(rest)
        found.preamble = [b.text for b in rest if b.kind == "para"]
    items = []
    for block in rest[items_from:]:
        if block.kind in ("numbered", "bullet"):
            items.append(block)
        elif items:
            break
    found.questions = [Question(b.text) for b in items]
    found.numbered = not items or items[0].kind == "numbered"
    if not found.questions:
        raise SourceError.at(
            Position(source), t("no questions found: this does not look like a skrivelse"),
            t("a skrivelse lists its questions as a numbered or bulleted list; check the file, "
              "or write questions/<name>.yaml by hand (see README)"),
        )
    text = "\n".join(lines)
    found.left_out = left_out
    found.party = _party(found.lead_in or "", text)
    found.authors = list(dict.fromkeys(name for name, _ in _authors(text)))
    found.and_others = bool(found.authors) and _OTHERS.search(text) is not None
    found.topic_in_text = topic_in_text(found.lead_in or "", found.preamble, [q.text for q in found.questions])
    # The line that says whom and when is better evidence than a nämnd or a date named in passing.
    found.date = head.date if head else _date(text)
    found.addressee = head.addressee if head else _addressee(text)
    return found


def letter_lines(pages: list[list[str]], source: Path) -> tuple[list[list[str]], dict[str, int]]:
    """The pages' lines as a document can hold them, and what was left out: every character the
    loader would refuse (control characters, bidirectional controls, U+FFFE …) and the rest of
    the private-use area, the Symbol and Wingdings fonts' bullets made "•", tabs,
    carriage returns and line separators made spaces, and each line cut into lines of at most
    MAX_LETTER_LINE characters (at a space where there is
    one). A letter longer than MAX_LETTER_CHARACTERS is refused."""
    if sum(len(line) + 1 for page in pages for line in page) > MAX_LETTER_CHARACTERS:
        raise SourceError.at(Position(source), t("the letter has more than {limit} characters of text",
                                                 limit=MAX_LETTER_CHARACTERS),
                             t("is it the right file? A skrivelse is a few pages"))
    left_out: dict[str, int] = {}
    out = []
    for page in pages:
        kept: list[str] = []
        for line in page:
            line = _without_unstorable(line.translate(_SYMBOL_BULLETS), left_out)
            kept.extend(_bounded(line, MAX_LETTER_LINE))
        out.append(kept)
    return out, left_out


def _without_unstorable(line: str, left_out: dict[str, int]) -> str:
    """`line` without the characters a document cannot hold, each counted in `left_out`."""
    def counted(match: re.Match[str]) -> str:
        left_out[match.group()] = left_out.get(match.group(), 0) + 1
        return ""
    return _UNSTORABLE.sub(counted, line)


def _bounded(line: str, length: int) -> list[str]:
    """`line` as lines of at most `length` characters, cut at the last space before the limit."""
    lines = []
    while len(line) > length:
        cut = line.rfind(" ", 0, length + 1)
        cut = cut if cut > 0 else length
        lines.append(line[:cut])
        line = line[cut:].lstrip(" ")
    return [*lines, line]


@dataclass(frozen=True)
class _Head:
    """The line at the top that gives the addressee and the date, and where it is."""

    index: int
    addressee: str
    date: dt.date


def _addressee_line(lines: list[str]) -> _Head | None:
    """The first line above the questions that consists of a nämnd and a date, in either order,
    standing among the first lines of the text or as a paragraph of its own (not a line that
    happens to wrap that way inside a paragraph)."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _starts_item(line):
            return None
        seen += 1
        alone = (index == 0 or not lines[index - 1].strip()) and (index + 1 == len(lines) or not lines[index + 1].strip())
        if (seen > HEAD_LINES and not alone) or len(line) > _HEAD_LINE_LENGTH:
            continue
        match = next(filter(None, (pattern.fullmatch(line) for pattern in _ADDRESSEE_LINES)), None)
        if match and _COUNCIL.search(match["to"]):
            date = _date(match["date"])
            if date is not None:
                return _Head(index, swedish.capitalised(" ".join(match["to"].split())), date)
    return None


#: "… följande frågor om hot och våld:": the lead-in names the topic after a preposition.
_LEAD_IN_TOPIC = re.compile(r"frågor?\s+(?:" + "|".join(PREPOSITIONS) + r")\s+(?P<topic>[^:.?!]{3,80}?)\s*[:.?!]?$",
                            re.IGNORECASE)
#: Finite verbs a letter's first sentence goes on with after its subject: Swedish puts the verb
#: second, so what stands before it ("Socialtjänstens arbetsmiljö har blivit …") is what the
#: letter is about.
_FINITE_VERBS = frozenset({"har", "hade", "är", "var", "blir", "blev", "kan", "kunde", "ska", "skall", "skulle",
                           "måste", "bör", "borde", "får", "fick", "kommer", "finns", "fanns", "behöver", "utgör",
                           "innebär", "visar", "präglas", "påverkar", "fortsätter", "saknas", "ökar", "minskar"})
#: A subject names the topic in at most this many words.
_TOPIC_WORDS = 5
_WORD_OF_TOPIC = re.compile(r"[^\W\d_][\w-]*")


def topic_in_text(lead_in: str, preamble: list[str], questions: list[str]) -> str | None:
    """What a letter without a titled topic is about, from its own words: the topic its lead-in
    names ("följande frågor om X:"), else the subject of its first sentence when that is a short
    noun phrase whose last word comes back in the questions or the rest of the letter
    ("Socialtjänstens arbetsmiljö har blivit …" and later "… socialsekreterares arbetsmiljö?").
    None when neither holds: a TODO is better than a wrong topic."""
    named = _LEAD_IN_TOPIC.search(" ".join(lead_in.split()))
    if named:
        return named["topic"]
    if not preamble:
        return None
    first, _, rest = " ".join(preamble[0].split()).partition(". ")
    words = first.split(" ")
    verb = next((i for i, word in enumerate(words[:_TOPIC_WORDS + 1]) if word.lower() in _FINITE_VERBS), None)
    if not verb:
        return None
    subject = words[:verb]
    if subject[0].lower() in SWEDISH or subject[0].lower() == "att" or not all(_WORD_OF_TOPIC.fullmatch(w) for w in subject):
        return None
    elsewhere = " ".join([rest, *preamble[1:], *questions])
    if not re.search(r"(?<![\w-])" + re.escape(subject[-1]) + r"(?![\w-])", elsewhere, re.IGNORECASE):
        return None
    first_word = subject[0]
    # A name keeps its capital ("Skärholmens …"): it is written so inside sentences too, as an
    # abbreviation is ("SSR"); any other word is a common one, in lower case inside the summary.
    is_name = first_word.isupper() or re.search(r"[\w,] " + re.escape(first_word) + r"(?![\w-])", elsewhere) is not None
    return " ".join([first_word if is_name else first_word[0].lower() + first_word[1:], *subject[1:]])


def _split_lead_in(text: str, phrase: int) -> tuple[str, str]:
    """A paragraph that ends with the lead-in, whose phrase (_LEAD_IN) starts at `phrase`: (the
    text before the lead-in sentence, the sentence)."""
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-ZÅÄÖ])", text)]
    start = max(s for s in starts if s <= phrase)
    return text[:start].strip(), text[start:].strip()


@dataclass
class _Block:
    kind: str  # "para", "numbered" or "bullet"
    text: str


def _clean(pages: list[list[str]]) -> list[str]:
    """One list of lines: repeated headers and footers and page numbers gone, hyphenation undone.

    Text runs on from one page to the next, so blank lines at the edges of a page are dropped.
    """
    repeated = _repeated_edges(pages)
    lines: list[str] = []
    for page in pages:
        kept = [line.replace("\u00a0", " ").rstrip() for line in page]
        kept = [line for line in kept if not _PAGE_NUMBER.match(line) and not (line.strip() and _shape(line) in repeated)]
        first = next((index for index, line in enumerate(kept) if line.strip()), len(kept))
        last = next((index for index in range(len(kept) - 1, first - 1, -1) if kept[index].strip()), first - 1)
        lines.extend(kept[first:last + 1])
    return _dehyphenate(lines)


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Lines that stand among the first or last three of most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        content = [line for line in page if line.strip()]
        counts.update({_shape(line) for line in content[:3] + content[-3:]})
    return {shape for shape, count in counts.items() if count >= max(2, (len(pages) + 1) // 2)}


def _dehyphenate(lines: list[str]) -> list[str]:
    """Joins words broken at line ends and decides every hyphen's fate the same way.

    A hyphen (or a soft hyphen, which some PDF producers use for every hyphen they draw) stays
    before a capital ("Hässelby-Vällingby") or after a capital or digit ("HR-avdelningen",
    "2024-2027"), stays with a space before "och", "eller" … ("individ- och familjeomsorg"), and
    otherwise was a break inside a word ("stadsdels-/förvaltningens") and goes.
    """
    # Each line's pieces are joined once at the end: joining as they come would copy a line
    # that many hyphenated lines make long again for every line added to it.
    out: list[list[str]] = []
    for line in lines:
        last = out[-1][-1] if out else ""
        if last.endswith(("-", "\u00ad")) and line.strip() and not _starts_item(line):
            following = line.lstrip()
            before = last[-2:-1] if len(last) > 1 else (out[-1][-2][-1:] if len(out[-1]) > 1 else "")
            out[-1][-1] = last[:-1] + _joint(before, following, line_end=True)
            out[-1].append(following)
            continue
        out.append([line])
    joined = ("".join(pieces) for pieces in out)
    return [_SOFT_INSIDE.sub(lambda m: m[1] + _joint(m[1], m[2], line_end=False) + m[2], line) for line in joined]


_SOFT_INSIDE = re.compile("(.?)\u00ad(.?)")


def _joint(before: str, following: str, line_end: bool) -> str:
    """What stands between the two halves where a (soft) hyphen was."""
    word = re.split(r"[^\wåäöÅÄÖ.]", following, maxsplit=1)[0].rstrip(".").lower()
    if word in _KEEP_HYPHEN_BEFORE:
        return "- "
    if following[:1] == " ":
        return "-"
    if following[:1].isupper() or before.isupper() or before.isdigit():
        return "-"
    return ""


def _starts_item(line: str) -> bool:
    return bool(_NUMBERED.match(line) or _BULLET.match(line))


def _blocks(lines: list[str]) -> list[_Block]:
    """Paragraphs and list items.

    A paragraph ends at a blank line. An item (a question) runs on over wrapped lines, and even
    over a blank line while it is unfinished (no "?" yet) and the text goes on in lower case; it
    ends at the next item, or where a line starting with a capital follows a finished question
    or a blank line.
    """
    blocks: list[_Block] = []
    # Each block's lines, joined once at the end (joining as they come is quadratic).
    parts: list[list[str]] = []
    after_blank = False
    for line in lines:
        text = line.strip()
        if not text:
            after_blank = True
            continue
        marker = _NUMBERED.match(line) or _BULLET.match(line)
        current = blocks[-1] if blocks else None
        if marker:
            blocks.append(_Block("numbered" if _NUMBERED.match(line) else "bullet", ""))
            parts.append([marker.groups()[-1].strip()])
        elif current is not None and current.kind != "para":
            ends = parts[-1][-1].endswith("?") or after_blank
            if ends and text[:1].isupper():
                blocks.append(_Block("para", ""))
                parts.append([text])
            else:
                parts[-1].append(text)
        elif current is not None and not after_blank:
            parts[-1].append(text)
        else:
            blocks.append(_Block("para", ""))
            parts.append([text])
        after_blank = False
    for block, lines_of in zip(blocks, parts, strict=True):
        block.text = " ".join(" ".join(lines_of).split())
    return blocks


def _title(blocks: list[_Block]) -> tuple[str | None, list[_Block]]:
    """The first paragraph if it is short and reads like a title ("Skrivelse om …")."""
    for index, block in enumerate(blocks[:4]):
        if block.kind == "para" and block.text.lower().startswith("skrivelse"):
            title = block.text
            sentence_end = re.search(r"(?<=[a-zåäö])\.\s+[A-ZÅÄÖ]", title)
            if sentence_end:
                rest = title[sentence_end.start() + 2:]
                title = title[:sentence_end.start()]
                return title, blocks[index + 1:] if not rest else [_Block("para", rest), *blocks[index + 1:]]
            if len(title) <= 160:
                return title, blocks[:index] + blocks[index + 1:]
            break
    return None, blocks


def _party(lead_in: str, text: str) -> str | None:
    for name in PARTIES:
        if name in lead_in:
            return name
    counts = Counter({name: text.count(name) for name in PARTIES})
    counts.update(PARTIES_BY_ABBREVIATION[a] for _, a in _authors(text))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] else None


PARTIES_BY_ABBREVIATION = {abbreviation: name for name, abbreviation in PARTIES.items()}


def _date(text: str) -> dt.date | None:
    for match in _ISO_DATE.finditer(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    written = _WRITTEN_DATE.search(text)
    if written:
        try:
            return dt.date(int(written[3]), swedish.MONTHS.index(written[2].lower()) + 1, int(written[1]))
        except ValueError:
            return None
    return None


def _authors(text: str) -> list[tuple[str, str]]:
    """Each (name, party abbreviation) written as "Anna Andersson (L)": two to five capitalised
    words before the party, read backwards from it within a bounded window."""
    found = []
    for party in _PARTY_AFTER_NAME.finditer(text):
        window = text[max(0, party.start() - 120):party.start()]
        name = _NAME_BACKWARDS.match(window[::-1])
        if name:
            found.append((name.group(1)[::-1], party.group(1)))
    return found


def _district_namnd(text: str) -> str | None:
    """The first "<Name> stadsdelsnämnd" the text names: the word before "stadsdelsnämnd", from
    the first place in it where a capital starts a word ("Hässelby-Vällingby"), found by
    stepping back from "stadsdelsnämnd" over at most 60 letters."""
    for match in _STADSDELSNAMND.finditer(text):
        end = match.start()
        while end > 0 and text[end - 1].isspace():
            end -= 1
        start = end
        while start > 0 and end - start < 60 and _in_word(text[start - 1]):
            start -= 1
        for index in range(start, end - 1):
            if text[index] in _CAPITALS and (index == 0 or not (text[index - 1].isalnum() or text[index - 1] == "_")):
                return text[index:match.end()]
    return None


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "_-"


def _addressee(text: str) -> str | None:
    """A nämnd the text names ("Kungsholmens stadsdelsnämnd", "socialnämnden"), as a name."""
    district = _district_namnd(text)
    if district:
        return district
    match = _NAMND.search(text)
    return swedish.capitalised(match.group(1).lower()) if match else None


def slug(text: str, words: int = 6) -> str:
    """ascii, lower case, hyphens: "Skrivelse om stärkt skydd" → "starkt-skydd"."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    parts = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in ("skrivelse", "om")]
    return "-".join(parts[:words]) or "skrivelse"
