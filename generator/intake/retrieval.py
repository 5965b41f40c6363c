"""Finds standard fragments and earlier answers for a new question: BM25 with Swedish stemming.

Two indexes: the fragments' texts (title, keywords, every wording) and the questions that
earlier responses answered. A fragment scores by its own words and, more strongly, by how
similar the new question is to earlier questions that were answered with it. Scores are
normalised by what a perfect match would score, so 1.0 means "every word of the question".
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import snowballstemmer

from generator.i18n import t
from generator.intake.stopwords import SWEDISH

_STEMMER = snowballstemmer.stemmer("swedish")
#: Names how `terms` splits and stems; change it whenever that changes, so cached terms are redone.
TOKENISER = "snowball-swedish/stopwords-snowball/1"
_WORD = re.compile(r"[^\W\d_]+")

#: How much an earlier answer counts against the fragment's own words.
EVIDENCE_WEIGHT = 0.65
DIRECT_WEIGHT = 0.35
#: A response that answers in prose answers every question with all of it: weaker evidence.
PROSE_FACTOR = 0.5
#: Earlier answers less similar than this are not worth the officer's time.
MIN_SIMILARITY = 0.3


@functools.cache
def _stem(word: str) -> str:
    # Stemming is the pure-Python stemmer's slowest step and a corpus repeats its words endlessly.
    return _STEMMER.stemWord(word)


def words(text: str) -> list[tuple[str, str]]:
    """(stem, word) for every word that is not a stop word."""
    return [(_stem(word), word) for word in _WORD.findall(text.lower()) if word not in SWEDISH and len(word) > 1]


def terms(text: str) -> list[str]:
    return [stem for stem, _ in words(text)]


class BM25:
    """Okapi BM25 over tokenised documents: an inverted index whose weights are worked out per
    term on first use, since one run asks a handful of questions of thousands of documents."""

    def __init__(self, documents: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.lengths = [len(d) for d in documents]
        self.average = (sum(self.lengths) / len(documents)) if documents else 1.0
        self.counts: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for index, document in enumerate(documents):
            for term, count in Counter(document).items():
                self.counts[term].append((index, count))
        self.total = len(documents)
        self._postings: dict[str, dict[int, float]] = {}

    def idf(self, term: str) -> float:
        having = len(self.counts.get(term, ()))
        return math.log(1 + (self.total - having + 0.5) / (having + 0.5)) if having else 0.0

    def _weight(self, idf: float, count: int, length: float) -> float:
        return idf * count * (self.k1 + 1) / (count + self.k1 * (1 - self.b + self.b * length / self.average))

    def postings(self, term: str) -> dict[int, float]:
        """Each document holding `term`, with the term's weight in it."""
        if term not in self._postings:
            idf = self.idf(term)
            self._postings[term] = {i: self._weight(idf, count, self.lengths[i]) for i, count in self.counts.get(term, ())}
        return self._postings[term]

    def scores(self, query: list[str]) -> dict[int, float]:
        """Score per document that shares a word with the query."""
        found: dict[int, float] = defaultdict(float)
        for term in sorted(set(query)):
            for index, weight in self.postings(term).items():
                found[index] += weight
        return found

    def shares(self, query: list[str], index: int) -> dict[str, float]:
        """Each query term's part of document `index`'s score."""
        return {term: self.postings(term)[index] for term in sorted(set(query)) if index in self.postings(term)}

    def perfect(self, query: list[str]) -> float:
        """What a document consisting of exactly the query would score."""
        counts = Counter(query)
        return sum(self._weight(self.idf(term), 1, len(query)) for term in sorted(counts)) or 1.0


class EarlierQuestion(NamedTuple):
    """A question an earlier response answered, and how. A tuple, not a dataclass: a corpus
    has tens of thousands of them and they are made on every run."""

    response: str
    label: str
    question_id: str
    text: str
    fragments: tuple[str, ...]
    prose: bool = False
    """Answered in prose together with the skrivelse's other questions, not on its own."""
    terms: tuple[str, ...] = ()
    """The question's search terms, as `terms(text)` gives them (kept in the corpus cache)."""


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
    fragment: str


@dataclass
class AnswerSuggestion(Suggestion):
    earlier: EarlierQuestion
    parts: tuple[tuple[str, str], ...] = ()
    """How it was answered: ("fragment", id) or ("text", markdown), in order; see corpus.with_answers."""


@dataclass
class Suggestions:
    fragments: list[FragmentSuggestion] = field(default_factory=list)
    answers: list[AnswerSuggestion] = field(default_factory=list)


class Index:
    def __init__(self, fragments: list[FragmentEntry], earlier: list[EarlierQuestion]) -> None:
        self.fragments = fragments
        self.earlier = earlier
        self.fragment_index = BM25([terms(f.text) for f in fragments])
        self.question_index = BM25([list(q.terms) for q in earlier])

    def suggest(self, question: str, top: int = 3, excluding: str | None = None) -> Suggestions:
        """The best fragments and earlier answers for `question`; `excluding` leaves one response out."""
        query_words = words(question)
        query = [stem for stem, _ in query_words]
        spelled = dict(reversed(query_words))
        fragment_perfect = self.fragment_index.perfect(query)
        direct = {i: min(1.0, s / fragment_perfect) for i, s in self.fragment_index.scores(query).items()}
        question_perfect = self.question_index.perfect(query)
        similar = [
            (min(1.0, s / question_perfect), self.earlier[i])
            for i, s in self.question_index.scores(query).items()
            if self.earlier[i].response != excluding
        ]
        evidence: dict[str, tuple[float, EarlierQuestion]] = {}
        for similarity, earlier in similar:
            weight = similarity * (PROSE_FACTOR if earlier.prose else 1.0)
            for fid in earlier.fragments:
                if fid not in evidence or _rank(weight, earlier) < _rank(*evidence[fid]):
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
                values = {"response": by.label, "question": _short(by.text), "score": f"{backed:.2f}"}
                reasons.append(t('{response} in its prose answer to "{question}" with it ({score})', **values)
                               if by.prose else t('{response} answered "{question}" with it ({score})', **values))
            matched = sorted(self.fragment_index.shares(query, index).items(), key=lambda kv: (-kv[1], kv[0]))[:4]
            if matched:
                reasons.append(t("words: {words}", words=", ".join(spelled.get(term, term) for term, _ in matched)))
            results.fragments.append(FragmentSuggestion(round(score, 3), "; ".join(reasons), fragment=entry.id))
        results.fragments.sort(key=lambda s: (-s.score, s.fragment))
        results.fragments = results.fragments[:top]
        worth_reading = (pair for pair in similar if pair[0] >= MIN_SIMILARITY)
        for similarity, earlier in heapq.nsmallest(top, worth_reading, key=lambda pair: _rank(*pair)):
            results.answers.append(AnswerSuggestion(round(similarity, 3), f'"{_short(earlier.text)}"', earlier=earlier))
        return results


def _rank(score: float, earlier: EarlierQuestion) -> tuple[float, str, str]:
    """Best first; equal scores in a stable order, so output never depends on file order."""
    return -score, earlier.label, earlier.question_id


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + " …"
