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

from generator.i18n import t, tn
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
#: A fragment ranked this high for a question counts as one of the best for it.
AMONG_THE_BEST = 3
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
    """What BM25 reads: title, keywords and every wording."""
    wordings: tuple[str, ...] = ()
    """The texts a response puts in whole (the text and its variants), for exact phrases."""
    excerpts: tuple[str, ...] = ()
    """The passages a sentence may use (`[[id#excerpt]]`), for exact phrases."""


#: An exact phrase is this many words in a row, the same in the query and the fragment.
PHRASE_WORDS = 4


def _shingles(text: str) -> list[tuple[str, ...]]:
    """Every run of PHRASE_WORDS words, lower case, stop words kept: the phrase as written."""
    tokens = _WORD.findall(text.lower())
    return [tuple(tokens[i:i + PHRASE_WORDS]) for i in range(len(tokens) - PHRASE_WORDS + 1)]


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
        #: Each phrase, and the fragments that hold it; and each fragment's whole wordings as phrases.
        self.phrases: dict[tuple[str, ...], set[int]] = defaultdict(set)
        self.wordings: list[list[frozenset[tuple[str, ...]]]] = []
        for index, entry in enumerate(fragments):
            wholes = [frozenset(_shingles(text)) for text in entry.wordings]
            self.wordings.append(wholes)
            for phrase in (*(p for whole in wholes for p in whole), *(p for e in entry.excerpts for p in _shingles(e))):
                self.phrases[phrase].add(index)

    def exact(self, text: str) -> dict[int, tuple[float, str]]:
        """Fragments holding phrases of `text` word for word: (score, the first phrase shared).
        The score is the share of the text's phrases the fragment holds, a little higher the more
        of one of its wordings the text holds, so that of two fragments quoting the same sentence
        the one that is that sentence comes first."""
        query = _shingles(text)
        if not query:
            return {}
        held: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in dict.fromkeys(query):
            for index in self.phrases.get(phrase, ()):
                held[index].append(phrase)
        found: dict[int, tuple[float, str]] = {}
        distinct = len(set(query))
        for index, phrases in held.items():
            shared = set(phrases)
            whole = max((len(shared & wording) / len(wording) for wording in self.wordings[index] if wording), default=0.0)
            found[index] = (len(shared) / distinct * (0.9 + 0.1 * whole), " ".join(phrases[0]))
        return found

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
        exact = self.exact(question)
        results = Suggestions()
        for index, entry in enumerate(self.fragments):
            own = direct.get(index, 0.0)
            backed, by = evidence.get(entry.id, (0.0, None))
            phrase_score, phrase = exact.get(index, (0.0, ""))
            score = max(DIRECT_WEIGHT * own + EVIDENCE_WEIGHT * backed, phrase_score)
            if score <= 0:
                continue
            reasons = []
            if phrase:
                reasons.append(t('its own words: "{phrase} …"', phrase=phrase))
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


    def suggest_whole(self, about: str, questions: list[str], top: int = 3) -> list[FragmentSuggestion]:
        """Standard texts for the parts of a response that answer the skrivelse as a whole (the
        summary, the background), which quote what the letter touches throughout: those that fit
        what it says besides its questions (`about`), fit its questions on average, and are among
        the best for many of them, each counting a third."""
        fits: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for question in questions:
            for rank, found in enumerate(self.suggest(question, top=len(self.fragments)).fragments):
                fits[found.fragment][0] += found.score / len(questions)
                fits[found.fragment][1] += rank < AMONG_THE_BEST
        for found in self.suggest(about, top=len(self.fragments)).fragments if about else []:
            fits[found.fragment][2] = found.score

        def score(fit: list[float]) -> float:
            questions_fit, among_best, about_fit = fit
            return (questions_fit + among_best / max(1, len(questions)) + about_fit) / 3

        ranked = sorted(fits.items(), key=lambda kv: (-score(kv[1]), kv[0]))[:top]
        return [FragmentSuggestion(round(score(fit), 3),
                                   tn("among the best for {count} of its {total} questions",
                                      "among the best for {count} of its {total} questions", int(fit[1]),
                                      total=len(questions)) if fit[1] else t("fits its text"),
                                   fragment=fragment)
                for fragment, fit in ranked]


def _rank(score: float, earlier: EarlierQuestion) -> tuple[float, str, str]:
    """Best first; equal scores in a stable order, so output never depends on file order."""
    return -score, earlier.label, earlier.question_id


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + " …"
