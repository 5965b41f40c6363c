"""Turns the text of a received skrivelse into the skrivelse YAML format, marking what it cannot find.

It copes with what real files do: questions numbered "1." or "1)" or bulleted ("•", "-", "–"),
questions wrapped over several lines, words hyphenated at line ends (soft and hard hyphens;
"individ- och" keeps its hyphen), page numbers, headers or footers repeated on every page, and
a line at the top with the addressee and the date ("Socialnämnden    2024-10-20").
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
from generator.sources.topic import topic_from_title

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
_AUTHOR = re.compile(r"([A-ZÅÄÖ][a-zåäöéü]+(?:[ -][A-ZÅÄÖ][a-zåäöéü]+)+)\s*\((" + "|".join(PARTIES.values()) + r")\)")
_DISTRICT_NAMND = re.compile(r"\b([A-ZÅÄÖ][\w-]+\s+stadsdelsnämnd)\b")
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

    @property
    def topic(self) -> str | None:
        """What the title says the skrivelse is about, by the rule the loader uses too."""
        return topic_from_title(self.title) if self.title else None


def read_skrivelse_text(pages: list[list[str]], source: Path) -> Imported:
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
    found.party = _party(found.lead_in or "", text)
    found.authors = list(dict.fromkeys(name for name, _ in _AUTHOR.findall(text)))
    found.and_others = bool(found.authors) and _OTHERS.search(text) is not None
    # The line that says whom and when is better evidence than a nämnd or a date named in passing.
    found.date = head.date if head else _date(text)
    found.addressee = head.addressee if head else _addressee(text)
    return found


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
        if seen > HEAD_LINES and not alone:
            continue
        match = next(filter(None, (pattern.fullmatch(line) for pattern in _ADDRESSEE_LINES)), None)
        if match and _COUNCIL.search(match["to"]):
            date = _date(match["date"])
            if date is not None:
                return _Head(index, swedish.capitalised(" ".join(match["to"].split())), date)
    return None


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
        while kept and not kept[0].strip():
            kept.pop(0)
        while kept and not kept[-1].strip():
            kept.pop()
        lines.extend(kept)
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
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith(("-", "\u00ad")) and line.strip() and not _starts_item(line):
            previous, following = out[-1], line.lstrip()
            out[-1] = previous[:-1] + _joint(previous[-2:-1], following, line_end=True) + following
            continue
        out.append(line)
    return [_SOFT_INSIDE.sub(lambda m: m[1] + _joint(m[1], m[2], line_end=False) + m[2], line) for line in out]


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
    current: _Block | None = None
    after_blank = False
    for line in lines:
        text = line.strip()
        if not text:
            after_blank = True
            continue
        marker = _NUMBERED.match(line) or _BULLET.match(line)
        if marker:
            current = _Block("numbered" if _NUMBERED.match(line) else "bullet", marker.groups()[-1].strip())
            blocks.append(current)
        elif current is not None and current.kind != "para":
            ends = current.text.endswith("?") or after_blank
            if ends and text[:1].isupper():
                current = _Block("para", text)
                blocks.append(current)
            else:
                current.text += " " + text
        elif current is not None and not after_blank:
            current.text += " " + text
        else:
            current = _Block("para", text)
            blocks.append(current)
        after_blank = False
    for block in blocks:
        block.text = " ".join(block.text.split())
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
    counts.update(PARTIES_BY_ABBREVIATION[a] for _, a in _AUTHOR.findall(text))
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


def _addressee(text: str) -> str | None:
    """A nämnd the text names ("Kungsholmens stadsdelsnämnd", "socialnämnden"), as a name."""
    district = _DISTRICT_NAMND.search(text)
    if district:
        return district.group(1)
    match = _NAMND.search(text)
    return swedish.capitalised(match.group(1).lower()) if match else None


def slug(text: str, words: int = 6) -> str:
    """ascii, lower case, hyphens: "Skrivelse om stärkt skydd" → "starkt-skydd"."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    parts = [w for w in re.findall(r"[a-z0-9]+", folded) if w not in ("skrivelse", "om")]
    return "-".join(parts[:words]) or "skrivelse"
