"""Swedish all the way: under a Swedish locale every message that reaches the user is Swedish,
the YAML parser's, the Makefiles' and what `init` writes included. Each path is walked in both
languages; in Swedish no English word may be left (tests/conftest.py: ENGLISH)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import i18n
from generator.errors import Problems, SourceError
from generator.sources.load import parse_yaml
from tests.conftest import english_words

#: A text that makes libyaml report each problem it can report about a file like ours, with
#: libyaml's own words for it.
YAML_MISTAKES = {
    "a: b: c\n": "mapping values are not allowed in this context",
    "a: b\n'c\n  d'\n": "could not find expected ':'",
    "a: @b\n": "found character that cannot start any token",
    "a: {b: c}d\n": "did not find expected key",
    "- a\nb: c\n": "did not find expected '-' indicator",
    "a: 'b\n": "found unexpected end of stream",
    'a: "b\\qc"\n': "found unknown escape character",
    "a: - b\n": "block sequence entries are not allowed in this context",
    "a: ? b\n": "mapping keys are not allowed in this context",
    "a:\n  b: c\n\t  d: e\n": "found a tab character that violates indentation",
    "a: |\n\tb\n": "found a tab character where an indentation space is expected",
    "a: 'b\n---\nc'\n": "found unexpected document indicator",
    'a: "\\ud800"\n': "found invalid Unicode character escape code",
    'a: "\\xZZ"\n': "did not find expected hexdecimal number",
    "a: |0\n  b\n": "found an indentation indicator equal to 0",
    "a: | x\n  b\n": "did not find expected comment or line break",
    "a: &\n": "did not find expected alphabetic or numeric character",
    "a: [b, c\n": "did not find expected ',' or ']'",
    "a: {b: c\n": "did not find expected ',' or '}'",
    "a: [,]\n": "did not find expected node content",
    "a: b\n...\nc\n": "did not find expected <document start>",
    "%\n--- a\n": "could not find expected directive name",
    "%YAML x\n--- a\n": "did not find expected version number",
    "%YAML 1.1234567890\n--- a\n": "found extremely long version number",
    "%YAML 1.1\n%YAML 1.1\n--- a\n": "found duplicate %YAML directive",
    "%YAML 2.0\n--- a\n": "found incompatible YAML document",
    "%TAG !a! tag:%zz\n--- a\n": "did not find URI escaped octet",
    "%TAG a b\n--- a\n": "did not find expected '!'",
    "a: !<b\n": "did not find the expected '>'",
    "a: !x!y b\n": "found undefined tag handle",
}


def problem_of(text: str, language: str) -> str:
    i18n.use(language)
    try:
        with pytest.raises(SourceError) as caught:
            parse_yaml(text, Path("responses/svar.yaml"), Problems())
    finally:
        i18n.use("en")
    (problem,) = caught.value.problems
    return f"{problem.message}\n{problem.hint}"


@pytest.mark.parametrize("text, theirs", YAML_MISTAKES.items(), ids=list(YAML_MISTAKES.values()))
def test_every_problem_of_the_yaml_parser_is_said_in_our_words_in_both_languages(text, theirs):
    english, swedish = problem_of(text, "en"), problem_of(text, "sv")
    assert english.startswith("YAML syntax error: ") and theirs not in english, english
    assert swedish.startswith("syntaxfel i YAML: ") and english_words(swedish) == [], swedish
    assert "text that cannot be read as YAML" not in english, f"libyaml's '{theirs}' has words of its own here"
