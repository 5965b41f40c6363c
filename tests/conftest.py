"""Shared fixtures: the example project (read-only, and throwaway copies), and a way to run the CLI in-process."""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from generator import i18n
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

# The commands the tests run as processes run in them, not in a resident build server, and
# start none for the throwaway projects (test_resident.py turns it on where it is tested).
os.environ["UTLATANDE_SERVER"] = "off"

# The property tests' profiles: "ci" (the default, what `make test` and CI run) derives each
# test's examples from the test itself, so a failure in CI is the same failure on a laptop;
# "deep" (`make test-deep`) tries ten times as many, each run new ones.
settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("deep", deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"


def examples(count: int) -> int:
    """How many generated examples a property test tries: `count`, ten times as many in "deep"."""
    return count * 10 if DEEP else count
SOURCE_FOLDERS = ("organisations", "fragments", "programmes", "questions", "responses", "templates")
SOF = "responses/sof-2024-394-starkt-skydd.yaml"
#: The example in the shapes real responses take (bulleted questions, one in the officer's words).
ARBETSMILJO = "responses/sof-arbetsmiljo-socialtjansten.yaml"
#: The example library's fragment that no response uses, on purpose (a warning).
UNUSED_FRAGMENT = "fragments/handlingsplan-prioritering-hot-och-vald.yaml"
KUNGSHOLMEN = "responses/kungsholmen-starkt-skydd.yaml"


def stop_build_servers(under: Path) -> None:
    """Ends every build server of a project inside `under` (SIGTERM: it removes its socket)."""
    import signal

    proc = Path("/proc")
    if not proc.is_dir():
        return
    for entry in proc.iterdir():
        try:
            words = (entry / "cmdline").read_bytes().decode("utf-8", "replace").split("\0") if entry.name.isdigit() else []
        except OSError:  # ended meanwhile
            continue
        words = [w for w in words if w]
        if any("generator.resident.server" in w for w in words) and words[-1].startswith(str(under)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGTERM)


@pytest.fixture(scope="session", autouse=True)
def _no_build_server_outlives_the_tests(tmp_path_factory):
    """The tests that run commands as a user would (test_resident, test_new_project) start
    projects' build servers; none outlives the run."""
    yield
    stop_build_servers(tmp_path_factory.getbasetemp())


def copy_example(destination: Path) -> Path:
    """The example project in `destination`: the sources in tests/fixtures/example with the
    repository's templates. Tests never read the repository's own responses/, questions/ and
    fragments/, which are the users' to change, so a project in use keeps passing its tests."""
    for folder in SOURCE_FOLDERS:
        shutil.copytree(EXAMPLE_SOURCES / folder if folder != "templates" else REPO / folder, destination / folder)
    return destination


def _example() -> Path:
    """One copy of the example project for tests that only read it."""
    folder = Path(tempfile.mkdtemp(prefix="utlatande-example-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return copy_example(folder)


EXAMPLE_SOURCES = REPO / "tests" / "fixtures" / "example"
EXAMPLE = _example()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project that a test may change freely."""
    return copy_example(tmp_path)


@dataclass
class Result:
    code: int
    out: str
    err: str


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module with `pytestmark = pytest.mark.both_languages` runs each test in English and in
    Swedish (see `cli`)."""
    if metafunc.definition.get_closest_marker("both_languages") and "cli" in metafunc.fixturenames:
        metafunc.fixturenames.append("message_language")
        metafunc.parametrize("message_language", ["en", "sv"])


@pytest.fixture
def cli(request, capsys, monkeypatch, tmp_path_factory):
    """Runs `utlatande ARGS` in `cwd` exactly as the console script does, in English.

    In a test that runs in both languages, Swedish's turn first runs each command in Swedish in a
    copy of the folder as it is, and checks that it ends the same way and reports the same
    places, each with a message of its own (not the English one); then the English run, which
    the test's own assertions read.
    """

    def once(args: tuple[str, ...], cwd: Path, language: str) -> Result:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["utlatande", *args])
        i18n.use(language)
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            i18n.use("en")
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def run(*args: str, cwd: Path) -> Result:
        swedish = None
        callspec = getattr(request.node, "callspec", None)
        if callspec is not None and callspec.params.get("message_language") == "sv":
            copy = tmp_path_factory.mktemp("svenska") / "project"
            shutil.copytree(cwd, copy, symlinks=True)
            swedish = once(args, copy, "sv")
        english = once(args, cwd, "en")
        if swedish is not None:
            assert_said_in_swedish(english, swedish)
        return english

    return run


_PLACE = re.compile(r"^(?P<place>[^\s:][^:]*(?::\d+){0,2}): (?P<message>.+)$")


#: Words that are English and never Swedish, as a message would use them: a Swedish message
#: with one of them (outside quotation marks, paths and options) is English left untranslated.
ENGLISH = frozenset(["the", "and", "not", "must", "is", "are", "was", "were", "been", "of", "to", "with", "without", "from", "found", "expected", "did", "does", "could", "cannot", "should", "would", "this", "that", "these", "those", "which", "where", "when", "while", "what", "please", "only", "every", "each", "any", "has", "have", "than", "then", "there", "here", "violates", "indentation", "scanning", "parsing", "character", "token", "stream", "allowed", "invalid", "unknown", "missing", "needs", "newer", "file", "files", "line", "value", "values", "key", "keys", "error", "errors", "warning", "warnings", "hint", "problems", "nothing", "written", "use", "write", "add", "remove", "check", "run", "your", "you"])
_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|‘[^’\n]*’|“[^”\n]*”|«[^»\n]*»")
_NOT_WORDS = re.compile(r"\S*[/\\.=:_@<>{}\[\]$#|]\S*|--?[\w-]+|\b(?:make|utlatande|git) [\w-]+|\b\w+(?:-\w+)+")


def english_words(text: str) -> list[str]:
    """The words of `text` that are English (see ENGLISH), leaving out what is quoted, paths,
    addresses, options, commands and code: those are the user's and the program's, not the
    message's."""
    words = re.findall(r"[A-Za-zÅÄÖåäöé]+", _NOT_WORDS.sub(" ", _QUOTED.sub(" ", text)))
    return [word for word in words if word.lower() in ENGLISH and not word.isupper()]


def assert_said_in_swedish(english: Result, swedish: Result) -> None:
    """The Swedish run ends as the English one did, at the same places, and says each thing in
    Swedish."""
    assert swedish.code == english.code, (english.err, swedish.err)
    in_english = [_PLACE.match(line) for line in english.err.splitlines() if not line.startswith(" ")]
    in_swedish = [_PLACE.match(line) for line in swedish.err.splitlines() if not line.startswith(" ")]
    assert [m["place"] for m in in_english if m] == [m["place"] for m in in_swedish if m], (english.err, swedish.err)
    for en, sv in zip([m for m in in_english if m], [m for m in in_swedish if m], strict=True):
        assert en["message"] != sv["message"], f"not translated: {en['message']}"
    assert "hint:" not in swedish.err and "Traceback" not in swedish.err, swedish.err
    assert english_words(swedish.err) == [], swedish.err


def edit(path: Path, old: str, new: str) -> None:
    """Replaces `old` (which must be there) with `new` in a test's copy of a source file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def without_warnings(project: Path) -> None:
    """The example project less the things it has on purpose for `check` to warn about: a
    fragment no response uses, and questions in the officer's own wording (an answer's, and
    Ärendet's with a typo corrected)."""
    (project / UNUSED_FRAGMENT).unlink()
    edit(project / ARBETSMILJO, "      - id: skyddsatgarder-stadsdelsniva\n"
         "        wording: Vilka skyddsåtgärder finns och används i stadsdelsnämnderna?\n",
         "      - skyddsatgarder-stadsdelsniva\n")
    edit(project / ARBETSMILJO, "case_questions:\n  - id: ovningsscenarier\n    wording: Förekommer övningsscenarier inom "
         "varje stadsdelsnämnd för att bibehålla en beredskap\n      kring potentiella särskilda händelser?\n", "")


def approve(cli, project: Path, response: str, name: str = "Veronica Wolgast Carstorp",
            title: str = "Socialdirektör", date: str = "2024-06-12", *extra: str) -> Result:
    """Records an approval the way a user does, and insists that it worked."""
    result = cli("approve", response, "--name", name, "--title", title, "--date", date, *extra, cwd=project)
    assert result.code == 0, result.err
    return result


def printed(cli, project: Path, response: str) -> dict[str, str]:
    """What each built file of `response` shows, read back as its reader's software shows it:
    Word, PDF (line by line as laid out) and HTML."""
    stem = Path(response).stem
    return {suffix: cli("text", f"build/{stem}.{suffix}", cwd=project).out for suffix in ("docx", "pdf", "html")}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """With UTLATANDE_NO_SKIPS=1 (set by .ci/run once it has installed every program the tests
    use) a skipped test fails: there, a skip can only hide a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("UTLATANDE_NO_SKIPS") == "1":
        report.outcome = "failed"
        report.longrepr = f"skipped where nothing may be: {report.longrepr}"
