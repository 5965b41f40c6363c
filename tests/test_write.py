"""The one YAML writer: each value in the style of its kind, reading back exactly as it was given,
comments that stay comments, commented-out YAML that reads back once uncommented, and the
format's order of keys kept."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.commands.init import Profile, _profile
from generator.errors import Problems
from generator.limits import MAX_WORD_LENGTH
from generator.review.approvals import approvals_yaml, read_approvals
from generator.sources.formats import ORGANISATION
from generator.sources.load import parse_yaml, unstorable_character
from generator.sources.write import (
    BLANK,
    Comment,
    Commented,
    Entry,
    Item,
    Styled,
    schema_line,
    yaml_text,
)
from tests.conftest import REPO

#: Text that YAML reads as something else when it is written plain.
MISREAD = ["0755", "yes", "no", "on", "null", "~", "true", "a: b", "# x", "- x", "? x", "[a]", "{a: b}", "a, b", "a #b",
           "'q'", '"q"', "2024-01-01", "12:30", "1_000", ".inf", "3.10", "*alias", "&anchor", "!tag", "|", ">", "%x", "@x",
           "`x`", "ends with a colon:", " leading space", "trailing space ", "tab\tinside", "åäö ÅÄÖ é ü — “citat” 😀",
           "two\nlines", "line\u2028separator", "carriage\rreturn", "byte\ufefforder mark", "a\\b", ""]


def read(text: str) -> dict:
    problems = Problems()
    data = parse_yaml(text, Path("x.yaml"), problems)
    assert not problems, problems.items
    return data


def fragment(**values) -> str:
    return yaml_text("fragments", [Entry("id", "x"), *(Entry(key, value) for key, value in values.items())],
                     Path("fragments/x.yaml"))


@pytest.mark.parametrize("text", MISREAD)
def test_a_text_yaml_would_misread_reads_back_exactly(text):
    written = fragment(title=text, text=text)
    assert read(written)["title"] == text
    assert read(written)["text"] == text


def test_texts_are_plain_where_they_read_back_and_quoted_where_not():
    written = fragment(title="0755", keywords=["yes", "a: b", "# x", "- x", "null", "2024-01-01", "Karin Karlung"])
    assert 'title: "0755"\n' in written
    assert '  - yes\n  - "a: b"\n  - "# x"\n  - "- x"\n  - "null"\n  - "2024-01-01"\n  - Karin Karlung\n' in written


def test_markdown_is_a_block_that_keeps_its_blank_lines_and_final_line_break():
    text = "Första stycket, med: kolon.\n\n- en punkt\n- # ingen rubrik\n\n    kod\n"
    written = fragment(text=text)
    assert "text: |\n  Första stycket, med: kolon.\n\n  - en punkt\n  - # ingen rubrik\n\n      kod\n" in written
    assert read(written)["text"] == text
    assert read(fragment(text="utan radbrytning"))["text"] == "utan radbrytning"
    assert "text: |-\n  utan radbrytning\n" in fragment(text="utan radbrytning")
    assert read(fragment(text="två\n\n\n"))["text"] == "två\n\n\n"


def test_markdown_starting_with_spaces_says_its_indentation():
    text = "    indraget\n- inte indraget\n"
    written = fragment(text=text)
    assert "text: |2\n      indraget\n  - inte indraget\n" in written
    assert read(written)["text"] == text


def test_a_text_a_block_cannot_hold_is_quoted():
    for text in ("rad\r\nrad\n", "rad\u2028rad\n", "x\n  \ny\n", "\n"):
        assert read(fragment(text=text))["text"] == text


def test_every_kind_of_value_is_written_as_its_kind():
    written = yaml_text("fragments", {
        "id": "trygghet",                                           # Text with a pattern
        "title": "Arbetet mot hot",                                 # a line
        "source": {"programme": "Trygghetsprogrammet", "period": "2024–2027"},   # a nested mapping
        "quotation": True,                                          # a flag
        "valid": {"from": dt.date(2024, 1, 1), "to": dt.date(2027, 12, 31)},    # dates
        "organisations": "socialforvaltningen",                     # a list given as one value
        "keywords": ["hot", "våld"],                                # a list
        "version": 2,                                               # a whole number
        "text": "Texten.\n",                                        # Markdown
        "excerpts": {"kort": "Texten."},                            # names
    }, Path("fragments/trygghet.yaml"))
    assert written == (
        schema_line("fragments") + "\n"
        "id: trygghet\n"
        "title: Arbetet mot hot\n"
        "source:\n  programme: Trygghetsprogrammet\n  period: 2024–2027\n"
        "quotation: true\n"
        "valid:\n  from: 2024-01-01\n  to: 2027-12-31\n"
        "organisations: socialforvaltningen\n"
        "keywords:\n  - hot\n  - våld\n"
        "version: 2\n"
        "text: |\n  Texten.\n"
        "excerpts:\n  kort: |-\n    Texten.\n"
    )
    assert read(written)["valid"]["from"] == dt.date(2024, 1, 1)
    assert read(written)["quotation"] is True


def test_a_value_of_several_kinds_is_written_as_the_kind_its_shape_says():
    written = yaml_text("responses", [
        Entry("date", dt.date(2024, 6, 10)),
        Entry("organisation", "sof"),
        Entry("skrivelse", "questions/s.yaml"),
        Entry("summary", "Kort.\n"),
        Entry("background", [{"fragment": "bakgrund"}, {"text": "Mer.\n"}]),
        Entry("answers", [{"questions": [{"id": "q1", "wording": "Hur?"}, "q2"], "parts": [{"fragment": "svar", "version": 1}]}]),
        Entry("attach_skrivelse", False),
    ], Path("responses/r.yaml"))
    assert "summary: |\n  Kort.\n" in written
    assert "background:\n  - fragment: bakgrund\n  - text: |\n      Mer.\n" in written
    assert ("answers:\n  - questions:\n      - id: q1\n        wording: Hur?\n      - q2\n"
            "    parts:\n      - fragment: svar\n        version: 1\n") in written
    assert "attach_skrivelse: false\n" in written


def test_a_layout_path_is_quoted_as_a_key_where_it_must_be():
    approval = {"name": "Anna", "title": "Chef", "date": dt.date(2024, 1, 2), "content": "sha256:" + "a" * 64,
                "layout": {"templates/a: b.docx": "sha256:" + "b" * 64, "#x": "sha256:" + "c" * 64}}
    written = yaml_text("approvals", {"format": 2, "response": "responses/r.yaml", "approvals": [approval]}, Path("a.yaml"))
    assert '      "templates/a: b.docx": sha256:' in written
    assert list(read(written)["approvals"][0]["layout"]) == ["templates/a: b.docx", "#x"]


def test_comments_stay_on_one_line():
    written = yaml_text("fragments", [
        Comment("Första raden\nid: kapad\n# och mer"),
        Comment("mellanrum   kvar"),
        Comment("vertikal\u2028tabb\x85och\rvagnretur"),
        Comment("styrtecken\x01kvar"),
        Comment(""),
        Entry("id", "x", "# not\nbroken"),
        Entry("title", None, "# TODO:\ntitle: kapad"),
    ], Path("fragments/x.yaml"))
    assert written.splitlines()[1:] == [
        "# Första raden id: kapad # och mer",
        "# mellanrum   kvar",
        "# vertikal tabb och vagnretur",
        "# styrtecken\ufffdkvar",
        "#",
        "id: x   # not broken",
        "title:  # TODO: title: kapad",
    ]
    assert read(written) == {"id": "x", "title": None}


def test_commented_out_yaml_is_written_as_it_would_be_live_and_reads_back():
    written = yaml_text("organisations", [
        Entry("id", "sof"),
        Commented(Entry("forvaltning", "Avdelning: ett", "(one of: …)")),
        Entry("namnd", Commented({"name": "Socialnämnden", "in_text": "socialnämnden"}), "# TODO: the nämnd"),
        Entry("signatories", [{"name": "Anna", "title": "Chef"},
                              Commented(Item({"name": "Bo", "title": "Chef"}, "# or Bo")),
                              Comment("en kommentar i listan"), BLANK]),
        Commented(Entry("logo", [Entry("file", "logo.svg", "# SVG or PNG"), Entry("alt", "Logotypen")])),
    ], Path("organisations/sof.yaml"))
    assert written.splitlines()[1:] == [
        "id: sof",
        '# forvaltning: "Avdelning: ett"   (one of: …)',
        "namnd:  # TODO: the nämnd",
        "#  name: Socialnämnden",
        "#  in_text: socialnämnden",
        "signatories:",
        "  - name: Anna",
        "    title: Chef",
        "  # - name: Bo   # or Bo",
        "  #   title: Chef",
        "  # en kommentar i listan",
        "",
        "# logo:",
        "#   file: logo.svg   # SVG or PNG",
        "#   alt: Logotypen",
    ]
    assert read(written) == {"id": "sof", "namnd": None, "signatories": [{"name": "Anna", "title": "Chef"}]}
    lines = written.splitlines()
    assert read(lines[2].removeprefix("# ").removesuffix("   (one of: …)") + "\n") == {"forvaltning": "Avdelning: ett"}
    assert read("\n".join([lines[3], *(line.removeprefix("#") for line in lines[4:6])]) + "\n") == {
        "namnd": {"name": "Socialnämnden", "in_text": "socialnämnden"}}
    assert read("\n".join(["signatories:", *(line.replace("# ", "", 1) for line in lines[9:11])]) + "\n") == {
        "signatories": [{"name": "Bo", "title": "Chef"}]}


def test_a_line_separator_stays_inside_its_quotes_in_a_key_and_in_commented_out_yaml():
    written = yaml_text("organisations", [
        Entry("id", "sof"),
        Entry("forvaltning", "rad\u2028rad"),
        Commented(Entry("stadsdel", "rad\u2029rad")),
        Entry("voice", {"a\u2028b": "c"}),
    ], Path("organisations/sof.yaml"))
    assert '# stadsdel: "rad\\u2029rad"\n' in written
    assert read(written) == {"id": "sof", "forvaltning": "rad\u2028rad", "voice": {"a\u2028b": "c"}}


def test_styles_asked_for_are_taken_where_they_read_back():
    long = "Förekommer en löpande dialog mellan socialnämnden och stadsdelsnämndernas individ- och familjeomsorg?"
    written = yaml_text("questions", [Entry("questions", [
        {"id": "a", "text": Styled(long, "folded")},
        {"id": "b", "text": Styled("kort", "folded")},
        {"id": "c", "text": Styled("två  mellanrum " * 8, "folded")},
    ])], Path("questions/q.yaml"))
    assert "    text: >-\n      Förekommer en löpande dialog mellan socialnämnden och stadsdelsnämndernas individ- och\n" in written
    assert "    text: >-\n      kort\n" in written
    assert '    text: "två  mellanrum' in written, "folding would lose the double spaces"
    assert [q["text"] for q in read(written)["questions"]] == [long, "kort", "två  mellanrum " * 8]
    flow = yaml_text("responses", [Entry("date", dt.date(2024, 1, 1)), Entry("answers", [
        {"questions": Styled(["q1", "2024", "a, b"], "flow"), "parts": [{"fragment": "f"}]}])], Path("r.yaml"))
    assert '  - questions: [q1, "2024", "a, b"]\n' in flow
    assert read(flow)["answers"][0]["questions"] == ["q1", "2024", "a, b"]


def test_a_key_out_of_the_formats_order_or_unknown_or_of_the_wrong_kind_is_a_bug():
    with pytest.raises(AssertionError, match="order"):
        yaml_text("fragments", [Entry("title", "T"), Entry("id", "x")], Path("f.yaml"))
    with pytest.raises(AssertionError, match="order"):
        yaml_text("fragments", [Entry("id", "x"), Commented(Entry("id", "y"))], Path("f.yaml"))
    with pytest.raises(AssertionError, match="not a key"):
        yaml_text("fragments", [Entry("id", "x"), Entry("titel", "T")], Path("f.yaml"))
    with pytest.raises(AssertionError, match="cannot be written"):
        yaml_text("responses", [Entry("date", "2024-01-01")], Path("r.yaml"))
    with pytest.raises(AssertionError, match="cannot be written"):
        yaml_text("fragments", [Entry("id", "x"), Entry("quotation", "yes")], Path("f.yaml"))
    with pytest.raises(AssertionError, match="is not one of"):
        yaml_text("questions", [Entry("numbering", "numrerade")], Path("q.yaml"))


def test_a_value_that_would_read_back_as_something_else_is_never_written(monkeypatch):
    from generator.sources import write

    monkeypatch.setattr(write, "scalar", lambda text: text)  # a writer that forgot to quote
    with pytest.raises(AssertionError, match=r"'title' reads back as 755, not as '0755'"):
        fragment(title="0755")
    with pytest.raises(AssertionError, match=r"'keywords\[1\]' reads back as True"):
        fragment(keywords=["ja", "true"])


def test_a_value_the_loader_refuses_is_never_written():
    with pytest.raises(AssertionError, match="does not read back"):
        fragment(title="styrtecken\x0c")


def test_the_profile_init_writes_has_its_keys_in_the_formats_order():
    profile = _profile(Profile("sodermalm"))
    keys = [match[1] for line in profile.splitlines() if (match := re.match(r"#? ?([a-z_]+):", line))]
    order = [key.name for key in ORGANISATION.keys]
    assert keys == sorted(keys, key=order.index)
    assert "question_style" in keys


def test_an_approvals_file_is_written_byte_for_byte_as_before():
    project = REPO / "tests/fixtures/approved-examples-format-3"
    for path in sorted((project / "approvals").glob("*.yaml")):
        records = read_approvals(path, project, project / "responses" / path.name)
        assert approvals_yaml(f"responses/{path.name}", records) == path.read_bytes()


# Any text reads back ------------------------------------------------------------------------------

TRICKY = st.sampled_from(["0755", "yes", "null", "- ", "# ", " #", ": ", ":", "? ", "[", "]", "{", ",", "'", '"', "|", ">",
                          "\\", "\n", "\n\n", " ", "  ", "\t", "\r", "\u2028", "\u2029", "\ufeff", "2024-01-01", "…", "å",
                          "&a", "*a", "!a", "%", "@", "`"])
TEXTS = st.lists(st.one_of(TRICKY, st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)),
                 max_size=12).map("".join)
#: Anything at all, for comments: a character YAML cannot hold is shown as U+FFFD there.
ANYTHING = st.lists(st.one_of(TRICKY, st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)),
                    max_size=12).map("".join)


def writable(text: str) -> bool:
    """What the loader takes as text at all: no character a document cannot hold, no word too long."""
    return unstorable_character(text) is None and not re.search(rf"\S{{{MAX_WORD_LENGTH + 1},}}", text)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_any_text_written_for_a_text_or_markdown_key_reads_back_exactly(text):
    assume(writable(text))
    data = read(yaml_text("responses", [
        Entry("date", dt.date(2024, 1, 1)), Entry("skrivelse", text), Entry("title", Styled(text, "folded")),
        Entry("subtitle", Styled(text, "quoted")), Entry("summary", text),
        Entry("answers", [{"questions": Styled([text, text], "flow"), "heading": text, "parts": [{"text": text}]}]),
        Entry("closing", Styled(text, "literal")),
    ], Path("responses/r.yaml")))
    assert [data["skrivelse"], data["title"], data["subtitle"], data["summary"], data["closing"]] == [text] * 5
    answer = data["answers"][0]
    assert [*answer["questions"], answer["heading"], answer["parts"][0]["text"]] == [text] * 4


@settings(max_examples=200, deadline=None)
@given(ANYTHING, ANYTHING)
def test_any_comment_stays_a_comment(comment_text, note):
    written = yaml_text("fragments", [Comment(comment_text), Entry("id", "x", "# " + note), Comment(note, indent=2),
                                      Entry("title", None, "# " + comment_text)], Path("f.yaml"))
    assert read(written) == {"id": "x", "title": None}
