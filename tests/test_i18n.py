"""Messages in Swedish and English: the catalog complete and in step with the code, placeholders
kept, the language chosen from the environment or --lang. (tests/test_bad_input.py runs every
bad-input case in both languages.)"""

from __future__ import annotations

import re
import string
import subprocess

import pytest
from babel.messages.pofile import read_po

from generator import i18n
from scripts import translations
from tests.conftest import REPO, SOF, edit

UTLATANDE = REPO / ".venv" / "bin" / "utlatande"
_PERCENT = re.compile(r"%\([a-z_]+\)s")


def placeholders(text: str) -> set[str]:
    """The {names} a message is formatted with (as str.format reads them), and click's %(names)s.
    A message shown without values may hold a literal brace, and has none."""
    try:
        fields = {f"{{{field}}}" for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        fields = set()
    return fields | set(_PERCENT.findall(text))


def catalog():
    with open(translations.CATALOG, "rb") as stream:
        return read_po(stream, locale="sv")


def test_every_message_of_the_code_has_its_swedish_and_nothing_else_is_in_the_catalog():
    updated, missing = translations.update()
    assert missing == [], "run `make translations` and write the Swedish of these"
    assert translations.po_text(updated) == translations.CATALOG.read_bytes(), \
        "the catalog is not in step with the code: run `make translations` and commit it"


def test_no_translation_is_fuzzy_and_each_keeps_exactly_its_placeholders():
    for message in catalog():
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = placeholders(ids[-1]) | placeholders(ids[0])
        for translated in strings:
            assert translated, message.id
            assert placeholders(translated) <= wanted, (message.id, translated)
            if len(ids) == 1:
                assert placeholders(translated) == wanted, (message.id, translated)


def test_the_compiled_catalog_is_the_catalog():
    assert translations.compiled(catalog()) == translations.CATALOG.with_suffix(".mo").read_bytes(), \
        "run `make translations`"


@pytest.mark.parametrize("environment, language", [
    ({"LANG": "sv_SE.UTF-8"}, "sv"), ({"LANG": "C"}, "en"), ({"LC_ALL": "sv_SE.UTF-8", "LANG": "en_GB.UTF-8"}, "sv"),
    ({"LANGUAGE": "en", "LANG": "sv_SE.UTF-8"}, "en"), ({"LANGUAGE": "sv:en"}, "sv"), ({}, "en"),
])
def test_the_language_comes_from_the_environment_as_gettext_reads_it(monkeypatch, environment, language):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.from_environment() == language


def run(*args: str, cwd, **environment: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "UTLATANDE_SERVER": "off", **environment}
    return subprocess.run([str(UTLATANDE), *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_a_problem_and_the_help_in_swedish_and_in_english(project):
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-09-31")
    swedish = run("check", cwd=project, LANG="sv_SE.UTF-8")
    assert swedish.returncode == 1
    assert "'2024-09-31' är inte ett datum som finns" in swedish.stderr and "tips:" in swedish.stderr
    english = run("check", cwd=project, LANG="C")
    assert "'2024-09-31' is not a real date" in english.stderr and "hint:" in english.stderr
    assert run("check", "--lang", "en", cwd=project, LANG="sv_SE.UTF-8").stderr == english.stderr
    assert run("--lang=sv", "check", cwd=project, LANG="C").stderr == swedish.stderr
    help_text = run("build", "--help", cwd=project, LANG="sv_SE.UTF-8").stdout
    assert "Användning:" in help_text and "Alternativ:" in help_text and "Visa den här hjälpen och avsluta." in help_text


def test_a_usage_error_of_click_is_said_in_swedish(project):
    result = run("build", "--nosuch", cwd=project, LANG="sv_SE.UTF-8")
    assert result.returncode == 2
    assert "Fel: Alternativet '--nosuch' finns inte." in result.stderr


def test_worker_processes_speak_the_language_of_the_command(project):
    text = (project / SOF).read_text(encoding="utf-8")
    for number in range(9):
        (project / f"responses/kopia-{number}.yaml").write_text(
            text.replace("SOF 2024/394", f"SOF 2024/{500 + number}").replace("date: 2024-06-10", "date: 2024-06-31"),
            encoding="utf-8")
    result = run("build", "-j", "2", cwd=project, LANG="sv_SE.UTF-8")
    assert result.returncode == 1
    assert result.stderr.count("är inte ett datum som finns") == 9, result.stderr


def test_no_message_is_hidden_inside_an_f_string_where_extraction_cannot_see_it():
    """Babel reads a call to t() in an f-string's braces as part of the string, so the message
    would never reach the catalog and be printed in English to a Swedish reader."""
    import io
    import tokenize

    hidden = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            prefix = token.string[:3].lower()
            if token.type == tokenize.STRING and "f" in prefix.split('"')[0].split("'")[0] \
                    and re.search(r"\{[^{}]*\b(t|tn|tc)\(", token.string):
                hidden.append(f"{path.relative_to(REPO)}:{token.start[0]}")
    assert hidden == []
