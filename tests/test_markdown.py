"""Markdown into the document model: CommonMark with tables, what it may hold, and where what it
cannot hold is written (the assembler's user_blocks and template_blocks, without a project)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import i18n
from generator.assemble.templates import markdown_escape
from generator.errors import Position, SourceError
from generator.model import lists
from generator.model.document import (
    Emph,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Subtitle,
    Table,
    Text,
    Title,
)
from generator.text.markdown import BlockSlots, template_blocks, user_blocks

#: A text that starts on line 10 of a response, in a YAML block indented by 10 spaces.
AT = Position(Path("responses/svar.yaml"), 10, 11)
TEMPLATE = Position(Path("templates/tjansteutlatande.md.j2"))


@pytest.fixture(autouse=True)
def english():
    i18n.use("en")


def P(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def bullets(*items, depth: int = 0) -> ListBlock:
    """A bulleted list `depth` lists deep, marked as the model's rule marks it ("•", "–", …)."""
    return ListBlock(False, 1, tuple(_item(i) for i in items), lists.marker(False, depth))


def numbered(start: int, *items, depth: int = 0) -> ListBlock:
    return ListBlock(True, start, tuple(_item(i) for i in items), lists.marker(True, depth))


def _item(item) -> tuple:
    """An item given as its text, or as a tuple of blocks (texts become paragraphs)."""
    if isinstance(item, str):
        return (P(item),)
    return tuple(P(b) if isinstance(b, str) else b for b in item)


def blocks(text: str):
    return user_blocks(text, AT)


def problems(text: str) -> list[str]:
    """Each problem of `text` as 'line:column: message'."""
    with pytest.raises(SourceError) as caught:
        blocks(text)
    return [f"{p.at.line}:{p.at.col}: {p.message}" for p in caught.value.problems]


# Lists ------------------------------------------------------------------------------------------

def test_bullets_nested_with_two_spaces():
    assert blocks("- a\n  - b\n  - c\n- d") == (bullets(("a", bullets("b", "c", depth=1)), "d"),)


def test_bullets_nested_with_four_spaces():
    assert blocks("- a\n    - b") == (bullets(("a", bullets("b", depth=1))),)


def test_a_bullet_under_a_numbered_item_is_nested_not_joined_to_its_text():
    assert blocks("1. a\n   - b") == (numbered(1, ("a", bullets("b", depth=1))),)


def test_a_numbered_list_keeps_its_start():
    assert blocks("3. tre\n4. fyra") == (numbered(3, "tre", "fyra"),)


def test_tight_items_are_one_paragraph_each():
    assert blocks("- a\n- b") == (bullets("a", "b"),)


def test_loose_items_hold_their_paragraphs():
    assert blocks("- a\n\n  mer om a\n\n- b") == (bullets(("a", "mer om a"), "b"),)


def test_three_levels_of_numbers_and_bullets():
    assert blocks("1. a\n   1. b\n      - c\n2. d") == (
        numbered(1, ("a", numbered(1, ("b", bullets("c", depth=2)), depth=1)), "d"),)


def test_markers_go_by_depth_counting_numbered_lists():
    nested = blocks("- a\n  1. b\n     - c\n       - d")[0]
    markers = []
    while isinstance(nested, ListBlock):
        markers.append(nested.marker)
        nested = nested.items[0][-1]
    assert markers == ["•", ".", "•", "–"]


# The CommonMark specification's examples for lists (version 0.31.2), as the model holds them.
SPEC_LISTS = [
    # 301: a new bullet character starts a new list
    ("- foo\n- bar\n+ baz", (bullets("foo", "bar"), bullets("baz"))),
    # 302: so does a new delimiter after a number
    ("1. foo\n2. bar\n3) baz", (numbered(1, "foo", "bar"), numbered(3, "baz"))),
    # 303: a list can interrupt a paragraph
    ("Foo\n- bar\n- baz", (P("Foo"), bullets("bar", "baz"))),
    # 304: but a numbered one only when it starts at 1
    ("The number of windows in my house is\n14.  The number of doors is 6.",
     (P("The number of windows in my house is 14. The number of doors is 6."),)),
    # 307: items at up to three spaces' indentation are siblings
    ("- a\n - b\n  - c\n   - d\n  - e\n - f\n- g", (bullets("a", "b", "c", "d", "e", "f", "g"),)),
    # 308: and stay siblings when loose
    ("1. a\n\n  2. b\n\n   3. c", (numbered(1, "a", "b", "c"),)),
    # 309: four spaces continue the item before (a lazy line)
    ("- a\n - b\n  - c\n   - d\n    - e", (bullets("a", "b", "c", "d - e"),)),
    # 294: nested with the indentation of the item's text
    ("- foo\n  - bar\n    - baz\n      - boo",
     (bullets(("foo", bullets(("bar", bullets(("baz", bullets("boo", depth=3)), depth=2)), depth=1))),)),
    # 296: under a number, with its width
    ("10) foo\n    - bar", (numbered(10, ("foo", bullets("bar", depth=1))),)),
    # 306: a blank line between items makes the list loose
    ("- a\n- b\n\n- c", (bullets("a", "b", "c"),)),
    # 280: an item can hold paragraphs after blank lines
    ("- foo\n\n\n  bar", (bullets(("foo", "bar")),)),
    # 265, 266: at most nine digits
    ("123456789. ok", (numbered(123456789, "ok"),)),
    ("1234567890. not ok", (P("1234567890. not ok"),)),
    # 267, 268: a list may start at 0, and leading zeros are the number
    ("0. ok", (numbered(0, "ok"),)),
    ("003. ok", (numbered(3, "ok"),)),
    # 269: no negative numbers
    ("-1. not ok", (P("-1. not ok"),)),
    # 261: a marker needs a space after it
    ("-one\n\n2.two", (P("-one"), P("2.two"))),
]


@pytest.mark.parametrize("text, expected", SPEC_LISTS)
def test_commonmark_lists(text, expected):
    assert blocks(text) == expected


# Tables and inlines -----------------------------------------------------------------------------

def test_a_table_with_formatting_and_an_escaped_bar():
    assert blocks("| Namn | Datum |\n| --- | ---: |\n| *A* \\| B | 2024-01-01 |\n| C |") == (
        Table(((Text("Namn"),), (Text("Datum"),)),
              (((Emph((Text("A"),)), Text(" | B")), (Text("2024-01-01"),)), ((Text("C"),), ()))),)


@pytest.mark.parametrize("text", ["rad ett  \nrad två", "rad ett\\\nrad två"])
def test_a_hard_line_break(text):
    assert blocks(text) == (Paragraph((Text("rad ett"), LineBreak(), Text("rad två"))),)


def test_a_soft_line_break_is_a_space():
    assert blocks("rad ett\n   rad två") == (P("rad ett rad två"),)


def test_emphasis_strong_and_links():
    assert blocks("Se *särskilt* **detta** och [rutinen](https://example.se/rutin).") == (Paragraph((
        Text("Se "), Emph((Text("särskilt"),)), Text(" "), Strong((Text("detta"),)), Text(" och "),
        Link("https://example.se/rutin", (Text("rutinen"),)), Text("."))),)


def test_entities_and_backslash_escapes_print_their_characters():
    assert blocks("Ett \\<b> och &lt;3, \\*inte kursiv\\*, &amp; &copy; &nbsp;x `kod`") == (
        P("Ett <b> och <3, *inte kursiv*, & © \xa0x kod"),)


def test_a_links_address_is_kept_as_written():
    assert blocks("[sidan](https://sv.wikipedia.org/wiki/Tjänsteutlåtande?a=1&amp;b=2)") == (Paragraph((
        Link("https://sv.wikipedia.org/wiki/Tjänsteutlåtande?a=1&b=2", (Text("sidan"),)),)),)


def test_autolinks_and_reference_links():
    assert blocks("<https://start.stockholm/> och [här][rutin]\n\n[rutin]: mailto:a@stockholm.se") == (Paragraph((
        Link("https://start.stockholm/", (Text("https://start.stockholm/"),)), Text(" och "),
        Link("mailto:a@stockholm.se", (Text("här"),)))),)


@pytest.mark.parametrize("text", ["[x](javascript:alert(1))", "<javascript:alert(1)>", "[x][r]\n\n[r]: file:///etc/passwd"])
def test_a_forbidden_address_is_refused_not_printed_as_text(text):
    assert len(problems(text)) == 1


def test_a_heading_under_the_heading_above_the_text():
    assert user_blocks("# Ett\n\n## Två", AT, heading_base=2) == (Heading(3, (Text("Ett"),)), Heading(4, (Text("Två"),)))


# What the model cannot hold: refused where it is written (line 10 + n, column 11 + n) ---------

@pytest.mark.parametrize("text, expected", [
    ("Text\n\n    kod", "12:15: indented text becomes a code block"),
    ("Text\n\n```\nkod\n```", "12:11: code blocks ('```' or '~~~') are not supported"),
    ("- a\n\n  ~~~\n  kod\n  ~~~", "12:13: code blocks ('```' or '~~~') are not supported"),
    ("Text\n![karta](karta.png)", "11:11: images are not supported in the text"),
    ("Se kartan ![karta](karta.png) och\n![plan](plan.png)", "10:21: images are not supported in the text"),
    ("Text\n\n---", "12:11: horizontal rules ('---', '***') are not supported"),
    ("Text\n\n- a\n  > citat", "13:13: '>' quotations are not supported"),
    ("Text\n\n<div>\nx\n</div>", "12:11: HTML ('<div>') is not supported in the text"),
    ("Text med\nen <b>fet</b> rad", "11:14: HTML ('<b>') is not supported in the text"),
    ("Text <!-- kommentar -->", "10:16: HTML ('<!-- kommentar -->') is not supported in the text"),
    ("# Ett\n\n### Tre", "12:11: the heading '### Tre' skips a level"),
    ("- a\n\n  #### Fyra", "12:13: the heading '#### Fyra' skips a level"),
    ("Se\n[riktlinjerna](file:///etc/passwd).", ("11:12: links may only lead to https:, http:, mailto: or tel: "
                                                "addresses, not 'file:' addresses")),
    ("Nej, [x]() i första hand", "10:17: the link has no address"),
    ("- 1\n  - 2\n    - 3\n      - 4\n        1. 5", "14:19: lists are nested more than 4 levels deep"),
    ("Text\n\n" + "*a " * 11 + "x" + " b*" * 11, "12:11: emphasis and links are nested more than 10 levels deep"),
])
def test_what_the_model_cannot_hold_is_refused_at_its_line_and_column(text, expected):
    assert any(p.startswith(expected) for p in problems(text)), problems(text)


@pytest.mark.parametrize("text, expected", [
    ("- a\n-\n- c", "11:11: the list item is empty"),
    ("- - a\n- b", "10:11: the list item starts with another list"),
    ("1. a\n\n   | x | y |\n   | - | - |\n   | 1 | 2 |", "10:11: a table cannot stand inside a list item"),
    ("- a\n\n  # Rubrik", "10:11: a heading cannot stand inside a list item"),
])
def test_what_word_and_the_web_cannot_show_inside_a_list_item_is_refused(text, expected):
    """Word, the PDF and a browser number and indent paragraphs and lists inside a list item
    alike; a heading or a table there, an empty item or one without its own text, not."""
    assert any(p.startswith(expected) for p in problems(text)), problems(text)


def test_a_paragraph_that_leads_into_a_table_is_its_caption():
    text = "Detta är fördelningen:\n\n| Namn | Antal |\n| --- | --- |\n| A | 1 |\n\nSlut."
    table, end = blocks(text)
    assert isinstance(table, Table) and table.caption == (Text("Detta är fördelningen:"),) and end == P("Slut.")
    assert blocks("Ingen rubrik.\n\n| A |\n| - |\n| 1 |")[1] == Table(((Text("A"),),), (((Text("1"),),),))


def test_a_text_is_parsed_once_and_its_problems_placed_where_each_use_of_it_is_written(monkeypatch):
    """Checks and the assembler ask for the same text: it is parsed once per process, and a
    problem is reported at each place the text stands."""
    from generator.text import markdown

    parsed = []
    parse = markdown._parser().parse
    monkeypatch.setattr(markdown._parser(), "parse", lambda text: parsed.append(text) or parse(text))
    text = "Ett stycke unikt för detta test.\n\n---"
    first = Position(Path("fragments/a.yaml"), 5, 9)
    second = Position(Path("responses/b.yaml"), 40, 11)
    for at in (first, second, first):
        with pytest.raises(SourceError) as caught:
            user_blocks(text, at)
        assert [str(p.at) for p in caught.value.problems] == [str(at.shifted(2, at.col))]
    assert parsed == [text]


def test_problems_are_in_the_language_asked_for_each_time():
    text = "Text på svenska och engelska.\n\n---"
    i18n.use("sv")
    swedish = problems(text)
    i18n.use("en")
    assert problems(text) != swedish and "horizontal rules" in problems(text)[0]


def test_every_problem_of_a_text_is_reported():
    assert [p.split(": ")[0] for p in problems("    kod\n\n![a](b)\n\n---\n\n> c\n\n<b>d</b>")] == [
        "10:15", "12:11", "14:11", "16:11", "18:11", "18:15"]


@pytest.mark.parametrize("depth", [20, 200])
def test_lists_far_too_deep_are_refused_and_not_cut_short(depth):
    text = "\n".join("    " * level + "- punkt" for level in range(depth))
    assert any("lists are nested more than 4 levels deep" in p for p in problems(text))


def test_emphasis_far_too_deep_is_refused_without_an_error_of_its_own():
    assert problems("*a " * 3000 + "x" + " b*" * 3000)


def test_four_levels_of_lists_are_allowed():
    assert blocks("- 1\n  - 2\n    - 3\n      - 4") == (
        bullets(("1", bullets(("2", bullets(("3", bullets("4", depth=3)), depth=2)), depth=1))),)


# The document template --------------------------------------------------------------------------

def test_the_template_marks_title_subtitle_sections_and_questions():
    assert template_blocks("# Titel\n\nSvar på skrivelse\n{: .subtitle }\n\n## Ärendet\n\n### 1. Fråga\n", TEMPLATE,
                           BlockSlots()) == (
        Title((Text("Titel"),)), Subtitle((Text("Svar på skrivelse"),)), Heading(1, (Text("Ärendet"),)),
        Heading(2, (Text("1. Fråga"),)))


@pytest.mark.parametrize("marker", ["{: .subtitle }", "{:.subtitle}", "  {: .subtitle }  "])
def test_the_subtitle_marker_as_written_in_copies_of_the_template(marker):
    assert template_blocks(f"Svar på\nskrivelse\n{marker}\n", TEMPLATE, BlockSlots()) == (
        Subtitle((Text("Svar på skrivelse"),)),)


def test_a_subtitle_marker_in_a_users_text_is_text():
    assert blocks("Svar\n{: .subtitle }") == (P("Svar {: .subtitle }"),)


def test_slots_are_replaced_by_their_blocks():
    slots = BlockSlots()
    text = "# Titel\n" + slots.add((P("förbyggt"), bullets("a"))) + "Slut\n" + slots.add(())
    assert template_blocks(text, TEMPLATE, slots) == (Title((Text("Titel"),)), P("förbyggt"), bullets("a"), P("Slut"))


def test_a_problem_in_the_template_names_the_template_not_a_rendered_line():
    with pytest.raises(SourceError) as caught:
        template_blocks("# Titel\n\n    kod\n", TEMPLATE, BlockSlots())
    assert [str(p.at) for p in caught.value.problems] == ["templates/tjansteutlatande.md.j2"]


@pytest.mark.parametrize("value", ["~~~ Slut ~~~", "```", "===", "---", "1) ett", "1. ett", "- ett", "+ ett", "# ett",
                                   "> ett", "<b>ett</b>", "&amp; &lt;", "| a | b |", "*a* _b_ `c`", "[a](https://x.se)",
                                   "{: .subtitle }", "ett \\", "<https://x.se>", "![a](b)", "a  \nb"])
def test_a_value_printed_by_the_template_stays_text(value):
    assert template_blocks(markdown_escape(value) + "\n", TEMPLATE, BlockSlots()) == (P(" ".join(value.split())),)


def test_a_value_under_a_line_of_the_template_stays_text():
    assert template_blocks("Före\n" + markdown_escape("===") + "\n", TEMPLATE, BlockSlots()) == (P("Före ==="),)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ue000"), min_size=1)
       .filter(lambda value: value.split()))
def test_any_value_printed_by_the_template_stays_text(value):
    assert template_blocks(markdown_escape(value) + "\n", TEMPLATE, BlockSlots()) == (P(" ".join(value.split())),)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("-*+>#|`~_=[]()!<>&;\\:{}. \n\t1aé")), max_size=60))
def test_any_text_gives_blocks_or_problems_with_a_place(text):
    try:
        blocks(text)
    except SourceError as error:
        assert all(p.at.line >= AT.line and p.at.col >= 1 for p in error.problems)
