"""Swedish all the way: under a Swedish locale every message that reaches the user is Swedish,
the YAML parser's, the Makefiles' and what `init` writes included. Each path is walked in both
languages; in Swedish no English word may be left (tests/conftest.py: ENGLISH)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import i18n
from generator.errors import Problems, SourceError
from generator.sources.load import parse_yaml
from tests.conftest import REPO, english_words

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


# What init writes, the Makefiles, the help ------------------------------------------------------

UTLATANDE = REPO / ".venv" / "bin" / "utlatande"


def in_language(language: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env["LANG"] = "sv_SE.UTF-8" if language == "sv" else "C"
    return env


def comments(text: str) -> str:
    """The comments and the Makefile's helps of a file, and its YAML comments' text."""
    return "\n".join(match[1] for match in re.finditer(r"(?:^|\s)#+ (.*)$", text, re.M))


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("language", ["en", "sv"])
def test_what_init_writes_and_says_is_in_the_language_of_messages(tmp_path, language):
    folder = tmp_path / "ny"
    made = subprocess.run([str(UTLATANDE), "init", str(folder), "--organisation", "ny", "--index", "https://pypi.exempel.se/simple"],
                          cwd=tmp_path, capture_output=True, text=True, env=in_language(language))
    assert made.returncode == 0, made.stderr
    skipped = {".git", "templates", "schemas"}
    written = {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*"))
               if path.is_file() and not skipped & set(path.relative_to(folder).parts)}
    said = {name: comments(text) for name, text in written.items()}
    said["(init)"] = made.stdout + made.stderr
    assert len([text for text in said.values() if text.strip()]) >= 8, sorted(said)
    english = {name: english_words(text) for name, text in said.items()}
    if language == "sv":
        assert {name: words for name, words in english.items() if words} == {}, said
    else:
        assert all(english[name] for name in ("Makefile", ".gitlab-ci.yml", "organisations/ny.yaml", "(init)")), english


def old_python(tmp_path: Path) -> Path:
    """A python3 that says it is 3.10."""
    fake = tmp_path / "python3"
    fake.write_text(f"#!{sys.executable}\nimport sys\nsys.version_info = (3, 10, 0)\nexec(sys.argv[2])\n", encoding="utf-8")
    fake.chmod(0o755)
    return fake


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("makefile", ["Makefile", "generator/skeleton/Makefile"])
def test_the_makefiles_say_python_is_too_old_in_the_language_of_messages(tmp_path, makefile):
    for name in ("pyproject.toml", "constraints.txt", "requirements.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    shutil.copyfile(REPO / makefile, tmp_path / "Makefile")
    said = {}
    for language in ("en", "sv"):
        made = subprocess.run(["make", ".venv/.installed-stamp", f"PYTHON={old_python(tmp_path)}"], cwd=tmp_path,
                              capture_output=True, text=True, env=in_language(language))
        assert made.returncode != 0 and not (tmp_path / ".venv").exists(), made.stderr
        # make's own words about the recipe that failed are make's, in its language.
        # Under another make (CI's `make test`) they start "make[1]: ".
        said[language] = "\n".join(line for line in made.stderr.splitlines()
                                    if not re.match(r"make(\[\d+\])?: ", line))
    assert "utlatande needs Python 3.11 or newer" in said["en"]
    assert "utlatande behöver Python 3.11 eller senare" in said["sv"] and english_words(said["sv"]) == [], said["sv"]


def test_the_help_of_every_command_is_swedish_under_a_swedish_locale():
    from generator.cli import cli

    for name in ["", *sorted(cli.commands)]:
        helped = subprocess.run([str(UTLATANDE), *([name] if name else []), "--help"], capture_output=True, text=True,
                                env=in_language("sv"))
        assert helped.returncode == 0, helped.stderr
        # The list of commands starts each line with a command's name.
        listed = re.sub(rf"^  (?:{'|'.join(map(re.escape, cli.commands))}) ", "  ", helped.stdout, flags=re.M)
        assert english_words(listed) == [], (name, helped.stdout)
