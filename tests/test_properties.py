"""Property-based tests: the example responses mutated at random (types, deletions, any Unicode
including control characters, deep nesting, huge values, damaged YAML text) never meet an
internal error or a traceback, never leave a partial output, and never change a source; files
named with any bytes at all are printed safely in every output format; a received letter with
any text imports or is refused cleanly; and an officer's text in every shape Markdown allows can
be approved and built final, each file reading back as the approved text.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import pypdf
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.commands.session import Session
from generator.limits import MAX_LIST_DEPTH
from generator.model.text import document_text
from tests.conftest import EXAMPLE, KUNGSHOLMEN, SOF, SOURCE_FOLDERS, copy_example, examples

EXAMPLES = [SOF, KUNGSHOLMEN]
SETTINGS = settings(max_examples=examples(40))

texts = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["\x00", "\x0c", "\ue000", "\u202e", "{{ 7*7 }}", "[x](javascript:alert(1))", "<b>", "# rubrik", "- a\n  - b",
     "0755", "1:20", ".inf", "2024-02-30", "../../../etc/passwd", "/etc/passwd", "漢字", "x" * 400]
)
scalars = texts | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none() | st.dates().map(str)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                      max_leaves=8)


def paths(data, prefix=()):
    """Every path to a value in nested dicts and lists."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths(value, (*prefix, index))


def replaced(data, path, value):
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = replaced(data[head], rest, value)
    return copy


def deleted(data, path):
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    if rest:
        copy[head] = deleted(data[head], rest)
    else:
        del copy[head]
    return copy


@st.composite
def mutated_response(draw):
    """(response path, new YAML text): one example response changed in one of several ways."""
    response = draw(st.sampled_from(EXAMPLES))
    text = (EXAMPLE / response).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    inner = [p for p in paths(data) if p]
    kind = draw(st.sampled_from(["replace", "delete", "nest", "huge", "damage"]))
    if kind == "damage":
        position = draw(st.integers(0, len(text)))
        return response, text[:position] + draw(texts) + text[position:]
    path = draw(st.sampled_from(inner))
    if kind == "replace":
        data = replaced(data, path, draw(values))
    elif kind == "delete":
        data = deleted(data, path)
    elif kind == "nest":
        depth = draw(st.integers(30, 600))
        data = replaced(data, path, None)
        return response, yaml.safe_dump(data, allow_unicode=True).replace("null", "[" * depth + "]" * depth, 1)
    else:
        data = replaced(data, path, draw(st.sampled_from(["ord " * 200_000, "x" * 300_000, "- a\n" * 50_000])))
    return response, yaml.safe_dump(data, allow_unicode=True, width=10**9)


def run(project: Path, *args: str) -> tuple[int, str]:
    """`utlatande ARGS` in `project`, in this process: its exit status and what it said on stderr."""
    code, _, err = run_with_output(project, *args)
    return code, err


def run_with_output(project: Path, *args: str) -> tuple[int, str, str]:
    """`utlatande ARGS` in `project`, in this process: its exit status, stdout and stderr."""
    err, out = io.StringIO(), io.StringIO()
    cwd, argv = os.getcwd(), sys.argv
    os.chdir(project)
    sys.argv = ["utlatande", *args]
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(cwd)
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def fingerprint(project: Path) -> dict[str, str]:
    return {str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in SOURCE_FOLDERS for p in sorted((project / folder).rglob("*")) if p.is_file()}


def assert_whole(document: Path) -> None:
    if document.suffix == ".pdf":
        assert pypdf.PdfReader(str(document)).pages
    elif document.suffix == ".docx":
        with zipfile.ZipFile(document) as package:
            assert package.testzip() is None


@SETTINGS
@given(mutated_response())
def test_mutated_responses_are_refused_cleanly_or_built_whole(case):
    response, text = case
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in SOURCE_FOLDERS:
            shutil.copytree(EXAMPLE / name, project / name)
        (project / response).write_text(text, encoding="utf-8")
        before = fingerprint(project)
        for command in (["check"], ["build", "--format", "docx", "--format", "pdf"]):
            code, err = run(project, *command)
            assert code in (0, 1), err
            assert "Traceback" not in err and "internal error" not in err, err
        assert fingerprint(project) == before, "a build never changes a source"
        outputs = list((project / "build").iterdir()) if (project / "build").exists() else []
        assert not [p for p in outputs if p.name.endswith(".tmp")]
        for document in outputs:
            assert_whole(document)
        stem = Path(response).stem
        mine = {p.suffix for p in outputs if p.stem == stem}
        assert mine in (set(), {".docx", ".pdf"}), "a response's documents are written all together or not at all"
        if mine:
            errors = [line for line in err.splitlines() if line.startswith(f"{response}:") and ": warning:" not in line]
            assert not errors, "a response with problems is not written"


@SETTINGS
@given(st.sampled_from(["questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml",
                        "fragments/polisanmalan-och-incidentrapport.yaml", "organisations/socialforvaltningen.yaml"]),
       st.integers(0, 10_000), texts)
def test_damaged_shared_sources_are_refused_cleanly(path, position, inserted):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in SOURCE_FOLDERS:
            shutil.copytree(EXAMPLE / name, project / name)
        text = (project / path).read_text(encoding="utf-8")
        position %= len(text) + 1
        (project / path).write_text(text[:position] + inserted + text[position:], encoding="utf-8")
        before = fingerprint(project)
        code, err = run(project, "build")
        assert code in (0, 1), err
        assert "Traceback" not in err and "internal error" not in err, err
        assert fingerprint(project) == before


# Hostile file names and hostile letters (issue 23) -------------------------------------------------

#: Any bytes a file name may hold (all but '/' and NUL), and the ones an attacker would choose.
NAME_BYTES = st.binary(min_size=1, max_size=30).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")) | st.sampled_from(
    [b"\n::add-mask::X\n", b"\x1b]0;T\x07", b"\x1b]52;c;eA==\x07", b"\xe2\x80\xae", b"\xff\xfe", b"::stop-commands::t",
     b"\r::error::x", b"\x1b[2J", b"\xc2\x9b31m", b"\t::warning::y"])
#: What may never reach the output raw, and the one kind of line that may start with "::".
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
OWN_COMMAND = re.compile(r"::(error|warning) file=[^:,\n]*(,line=\d+)?(,col=\d+)?,title=[\w-]+::")


@settings(max_examples=examples(25))
@given(st.lists(NAME_BYTES, min_size=1, max_size=3), st.sampled_from(["text", "json", "github", "gitlab"]),
       st.sampled_from([("check",), ("build", "--format", "html"), ("list",)]))
def test_files_named_with_any_bytes_are_printed_safely(names, format, command):
    with tempfile.TemporaryDirectory() as folder:
        project = copy_example(Path(folder) / "p")
        response = (project / KUNGSHOLMEN).read_bytes()
        for name in names:
            with contextlib.suppress(OSError):  # a name the file system will not take
                (project / "responses" / os.fsdecode(b"r-" + name[:200] + b".yaml")).write_bytes(response)
        code, out, err = run_with_output(project, *command, "--output-format", format)
        assert code in (0, 1), err
        assert "Traceback" not in err and "internal error" not in err, err
        for stream in (out, err):
            stream.encode("utf-8")
            assert not RAW.search(stream), repr(stream)
            for line in stream.splitlines():
                if line.lstrip().startswith("::"):
                    assert format == "github" and OWN_COMMAND.match(line), line
        if format in ("json", "gitlab") and command[0] != "list":
            json.loads(out)


@settings(max_examples=examples(30))
@given(st.text(st.characters(codec="utf-8"), max_size=300), st.sampled_from(["title", "question", "preamble"]))
def test_any_text_in_a_letter_imports_or_is_refused_cleanly(text, where):
    """Never an internal error, never a partial file: the YAML always reads back."""
    with tempfile.TemporaryDirectory() as folder:
        project = copy_example(Path(folder) / "p")
        for name in ("hasselby-vallingby-liberalerna-starkt-skydd.yaml",):
            (project / "questions" / name).unlink()
        lines = {"title": [f"Skrivelse om {text}", "", "Vi undrar.", "", "1. Hur?"],
                 "question": ["Skrivelse om något", "", "Vi undrar.", "", f"1. Hur {text}?", "2. Var?"],
                 "preamble": ["Skrivelse om något", "", text, "", "1. Hur?"]}[where]
        letter = Path(folder) / "brev.txt"
        letter.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        before = {p.name for p in (project / "questions").iterdir()}
        code, err = run(project, "import", str(letter))
        assert code in (0, 1), err
        after = {p.name for p in (project / "questions").iterdir()}
        if code == 1:
            assert after == before, err
        for name in after - before:
            assert (project / "questions" / name).stat().st_size > 0


# An officer's text in every shape ---------------------------------------------------------------

WORD = st.text("abcdefghijklmnopqrstuvwxyzåäöéABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÉ0123456789", min_size=1, max_size=10) \
    | st.sampled_from(["och", "i", "–", "2024-2027", "(se ovan)", "t.ex.", "§ 3", "50 %", "1 500 kr", "Sida 1 (3)",
                       "https://start.stockholm/om-stockholms-stad/politik-och-demokrati/styrdokument/",
                       "arbetsmiljöutvecklingsprogramsöverenskommelseförhandlingsprotokoll"])
USE = "[[handlingsplan-socialtjansten#trygg-arbetsplats]]"


@st.composite
def sentence(draw) -> str:
    """Words, with emphasis, a link, a line break or standard text inside a sentence among them;
    the first a word of letters, as a sentence starts (a number and a full stop would be a list)."""
    parts = [draw(st.text("abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", min_size=1, max_size=10))]
    for _ in range(draw(st.integers(1, 6))):
        words = " ".join(draw(st.lists(WORD, min_size=1, max_size=5)))
        kind = draw(st.sampled_from(["plain", "plain", "emph", "strong", "link", "use", "break"]))
        parts.append({"plain": words, "emph": f"*{words}*", "strong": f"**{words}**",
                      "link": f"[{words}](https://start.stockholm/)", "use": f"en {USE} med fokus",
                      "break": f"{words}\\\n{words}"}[kind])
    return " ".join(parts) + draw(st.sampled_from([".", ".", ":", "?", ""]))


def indented(text: str, by: int) -> str:
    return "\n".join((" " * by + line) if line else "" for line in text.split("\n"))


@st.composite
def a_list(draw, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    start = draw(st.integers(1, 12))
    items = []
    for index in range(draw(st.integers(1, 3))):
        marker = f"{start + index}." if ordered else "-"
        body = draw(sentence())
        if depth + 1 < MAX_LIST_DEPTH and draw(st.integers(0, 2)) == 0:
            inner = draw(a_list(depth + 1))
            # CommonMark: only a list that starts at 1 may follow a line of text directly; "12." there
            # continues the sentence, as the officer would see in any Markdown editor.
            body += ("\n\n" if re.match(r"(?:[2-9]|1\d)\.", inner) else "\n") + inner
        if draw(st.integers(0, 3)) == 0:
            body += "\n\n" + draw(sentence())
        lines = body.split("\n")
        items.append(f"{marker} {lines[0]}" + ("\n" + indented("\n".join(lines[1:]), len(marker) + 1) if lines[1:] else ""))
    return "\n".join(items)


@st.composite
def a_table(draw) -> str:
    columns = draw(st.integers(1, 4))
    row = lambda: "| " + " | ".join(" ".join(draw(st.lists(WORD, min_size=0, max_size=4))) for _ in range(columns)) + " |"  # noqa: E731
    lead = draw(sentence()).rstrip(".:?") + ":\n\n" if draw(st.booleans()) else ""
    rows = [row() for _ in range(draw(st.integers(1, 3)))]
    return lead + "\n".join([row(), "| " + " | ".join(["---"] * columns) + " |", *rows])


@st.composite
def officers_text(draw) -> str:
    """Markdown as an officer writes it: paragraphs, lists of both kinds inside one another to the
    depth limit, tables with and without a lead-in, headings that never skip a level."""
    blocks, level = [], 0
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["paragraph", "paragraph", "list", "table", "heading"]))
        if kind == "heading":
            level = draw(st.integers(1, min(level + 1, 3)))
            blocks.append("#" * level + " " + " ".join(draw(st.lists(WORD, min_size=1, max_size=4))))
        else:
            blocks.append(draw({"paragraph": sentence(), "list": a_list(), "table": a_table()}[kind]))
    return "\n\n".join(blocks)


def _with_texts(response: str, background: str | None, answer: str) -> str:
    """The example response with its background and one answer's text replaced."""
    before, rest = response.split("background: |\n", 1)
    rest = rest[rest.index("\nberedning:"):]
    text = before + (f"background: |\n{indented(background, 2)}\n" if background is not None else "") + rest
    old = ("      - text: |\n          Nej, i första hand ska polisanmälan upprättas av den enskilde socialsekreteraren, då\n"
           "          polisanmälan kräver en målsägande för att förundersökning eller utredning ska göras. Om\n"
           "          det inte bedöms lämpligt kan arbetsgivaren i vissa fall stå för anmälan.\n")
    assert old in text
    return text.replace(old, f"      - text: |\n{indented(answer, 10)}\n")


@settings(max_examples=examples(15))
@given(st.none() | officers_text(), officers_text())
def test_any_officers_text_can_be_approved_and_built_final(background, answer):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in SOURCE_FOLDERS:
            shutil.copytree(EXAMPLE / name, project / name)
        (project / SOF).write_text(_with_texts((EXAMPLE / SOF).read_text(encoding="utf-8"), background, answer),
                                   encoding="utf-8")
        code, err = run(project, "approve", SOF, "--name", "Anna Andersson", "--title", "Socialdirektör",
                        "--date", "2024-06-12")
        assert code == 0, err
        code, err = run(project, "build", SOF)
        assert code == 0, err
        built = Session.open(project).built(project / SOF)
        assert built.final
        text = document_text(built.document)
        for suffix in ("docx", "html"):
            assert run_with_output(project, "text", f"build/{Path(SOF).stem}.{suffix}")[1:] == (text, ""), suffix
