"""Finds standard fragments and earlier answers for a new question: BM25 with Swedish stemming.

Two indexes: the fragments' texts (title, keywords, every wording) and the questions that
earlier responses answered. A fragment scores by its own words and, more strongly, by how
similar the new question is to earlier questions that were answered with it. Scores are
normalised by what a perfect match would score, so 1.0 means "every word of the question".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import snowballstemmer

from generator.stopwords import SWEDISH

_STEMMER = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"[^\W\d_]+")

#: How much an earlier answer counts against the fragment's own words.
EVIDENCE_WEIGHT = 0.65
DIRECT_WEIGHT = 0.35
#: A response that answers in prose answers every question with all of it: weaker evidence.
PROSE_FACTOR = 0.5
#: Earlier answers less similar than this are not worth the officer's time.
MIN_SIMILARITY = 0.3


def words(text: str) -> list[tuple[str, str]]:
    """(stem, word) for every word that is not a stop word."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word not in SWEDISH and len(word) > 1:
            out.append((_STEMMER.stemWord(word), word))
    return out


def terms(text: str) -> list[str]:
    return [stem for stem, _ in words(text)]


class BM25:
    """Okapi BM25 over tokenised documents, with an inverted index for fast queries."""

    def __init__(self, documents: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in documents]
        self.average = (sum(self.lengths) / len(documents)) if documents else 1.0
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, document in enumerate(documents):
            for term, count in Counter(document).items():
                self.postings[term].append((index, count))
        total = len(documents)
        self.idf = {t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def _weight(self, term: str, count: int, length: float) -> float:
        return self.idf.get(term, 0.0) * count * (self.k1 + 1) / (count + self.k1 * (1 - self.b + self.b * length / self.average))

    def scores(self, query: list[str]) -> dict[int, tuple[float, dict[str, float]]]:
        """Score per matching document, with each query term's share of it."""
        found: dict[int, tuple[float, dict[str, float]]] = {}
        for term in sorted(set(query)):
            for index, count in self.postings.get(term, ()):
                share = self._weight(term, count, self.lengths[index])
                total, shares = found.get(index, (0.0, {}))
                shares[term] = share
                found[index] = (total + share, shares)
        return found

    def perfect(self, query: list[str]) -> float:
        """What a document consisting of exactly the query would score."""
        counts = Counter(query)
        return sum(self._weight(t, 1, len(query)) for t in sorted(counts)) or 1.0


@dataclass(frozen=True)
class EarlierQuestion:
    """A question an earlier response answered, and how."""

    response: str
    label: str
    question_id: str
    text: str
    fragments: tuple[str, ...]
    parts: tuple[tuple[str, str], ...]
    """("fragment", id) or ("text", markdown), in order."""
    prose: bool = False
    """Answered in prose together with the skrivelse's other questions, not on its own."""


@dataclass(frozen=True)
class FragmentEntry:
    id: str
    text: str


@dataclass
class Suggestion:
    score: float
    reason: str


@dataclass
class FragmentSuggestion(Suggestion):
    fragment: str = ""


@dataclass
class AnswerSuggestion(Suggestion):
    earlier: EarlierQuestion | None = None


@dataclass
class Suggestions:
    fragments: list[FragmentSuggestion] = field(default_factory=list)
    answers: list[AnswerSuggestion] = field(default_factory=list)


class Index:
    def __init__(self, fragments: list[FragmentEntry], earlier: list[EarlierQuestion]) -> None:
        self.fragments = fragments
        self.earlier = earlier
        self.fragment_index = BM25([terms(f.text) for f in fragments])
        self.question_index = BM25([terms(q.text) for q in earlier])

    def suggest(self, question: str, top: int = 3, excluding: str | None = None) -> Suggestions:
        """The best fragments and earlier answers for `question`; `excluding` leaves one response out."""
        query_words = words(question)
        query = [stem for stem, _ in query_words]
        spelled = {stem: word for stem, word in reversed(query_words)}
        direct = {i: min(1.0, s / self.fragment_index.perfect(query))
                  for i, (s, _) in self.fragment_index.scores(query).items()}
        shares = {i: sh for i, (_, sh) in self.fragment_index.scores(query).items()}
        similar = [
            (min(1.0, s / self.question_index.perfect(query)), self.earlier[i])
            for i, (s, _) in self.question_index.scores(query).items()
            if self.earlier[i].response != excluding
        ]
        similar.sort(key=lambda pair: (-pair[0], pair[1].label, pair[1].question_id))
        evidence: dict[str, tuple[float, EarlierQuestion]] = {}
        for similarity, earlier in similar:
            weight = similarity * (PROSE_FACTOR if earlier.prose else 1.0)
            for fid in earlier.fragments:
                if fid not in evidence or weight > evidence[fid][0]:
                    evidence[fid] = (weight, earlier)
        results = Suggestions()
        for index, entry in enumerate(self.fragments):
            own = direct.get(index, 0.0)
            backed, by = evidence.get(entry.id, (0.0, None))
            score = DIRECT_WEIGHT * own + EVIDENCE_WEIGHT * backed
            if score <= 0:
                continue
            reasons = []
            if by is not None:
                how = "in its prose answer to" if by.prose else "answered"
                reasons.append(f'{by.label} {how} "{_short(by.text)}" with it ({backed:.2f})')
            matched = sorted(shares.get(index, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:4]
            if matched:
                reasons.append("words: " + ", ".join(spelled.get(t, t) for t, _ in matched))
            results.fragments.append(FragmentSuggestion(round(score, 3), "; ".join(reasons), fragment=entry.id))
        results.fragments.sort(key=lambda s: (-s.score, s.fragment))
        results.fragments = results.fragments[:top]
        for similarity, earlier in [pair for pair in similar if pair[0] >= MIN_SIMILARITY][:top]:
            results.answers.append(AnswerSuggestion(round(similarity, 3), f'"{_short(earlier.text)}"', earlier=earlier))
        return results


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + " …"
