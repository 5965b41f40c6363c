"""Every kind of bad input a user can cause: the message they see, its position, exit status 1."""

from __future__ import annotations

import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest

from tests.conftest import ARBETSMILJO, KUNGSHOLMEN, SOF, edit, printed

pytestmark = pytest.mark.both_languages

SOF_QUESTIONS = "questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"


def line_of(path: Path, text: str) -> int:
    """The 1-based line where `text` first occurs in `path`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def check(cli, project):
    result = cli("check", cwd=project)
    assert result.code == 1, result
    assert "Traceback" not in result.err
    return result.err


def test_yaml_syntax_error_names_line_and_column(cli, project):
    path = project / SOF
    edit(path, "meeting: 2024-09-24", "meeting: [2024-09-24")
    err = check(cli, project)
    assert f"{SOF}:" in err and "YAML syntax error" in err
    assert "hint:" in err


def test_a_line_indented_wrongly_is_said_in_our_words(cli, project):
    path = project / SOF
    edit(path, "  name: Karin Karlung", "name: Karin Karlung")
    edit(path, '  phone: "08-50825402"', '  phone: "08-50825402"\n  extra: x')
    err = check(cli, project)
    assert "YAML syntax error: a ':' where no value may start" in err
    assert "or the line is indented differently from the keys around it" in err


def test_tab_indentation_gets_a_hint(cli, project):
    path = project / SOF
    edit(path, "  name: Karin Karlung", "\tname: Karin Karlung")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, 'Karin Karlung')}:1: YAML syntax error" in err
    assert "indent with spaces, not tabs" in err


def test_unknown_key_suggests_the_nearest(cli, project):
    path = project / SOF
    edit(path, "meeting: 2024-09-24", "meeting: 2024-09-24\nbakground: x")
    err = check(cli, project)
    line = line_of(path, "bakground")
    assert f"{SOF}:{line}:1: unknown key 'bakground' in the response" in err
    assert "did you mean 'background'?" in err


def test_unknown_key_in_a_nested_mapping(cli, project):
    path = project / SOF
    edit(path, "  phone: ", "  telefon: ")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, 'telefon')}:3: unknown key 'telefon' in the handläggare" in err


def test_missing_required_key(cli, project):
    path = project / SOF
    edit(path, "date: 2024-06-10\n", "")
    err = check(cli, project)
    assert "response: required key 'date' is missing" in err
    assert "add 'date:' to the response" in err


def test_key_without_a_value(cli, project):
    path = project / SOF
    edit(path, "date: 2024-06-10", "date:")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, 'date:')}:1: 'date' has no value" in err


def test_wrong_type(cli, project):
    path = project / SOF
    edit(path, "answers:\n", "answers: 12\nxanswers:\n")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, 'answers: 12')}:10: 'answers' must be a list, not the number 12" in err


def test_impossible_date(cli, project):
    path = project / SOF
    edit(path, "meeting: 2024-09-24", "meeting: 2024-02-30")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, '2024-02-30')}:10: '2024-02-30' is not a real date" in err


def test_date_that_is_not_a_date(cli, project):
    path = project / SOF
    edit(path, "meeting: 2024-09-24", "meeting: nästa tisdag")
    err = check(cli, project)
    assert "'meeting' must be a date written YYYY-MM-DD, not 'nästa tisdag'" in err


def test_unknown_question_id_suggests_the_nearest(cli, project):
    path = project / SOF
    edit(path, "questions: [sakerhetssamordnare]", "questions: [sakerhetsamordnare]")
    err = check(cli, project)
    line = line_of(path, "sakerhetsamordnare")
    assert f"{SOF}:{line}:17: the skrivelse has no question 'sakerhetsamordnare'" in err
    assert "did you mean 'sakerhetssamordnare'?" in err


def test_unanswered_question(cli, project):
    path = project / SOF
    edit(path, "  - questions: [polisanmalan-rutin]\n", "  - heading: Övrigt\n")
    err = check(cli, project)
    assert "question 'polisanmalan-rutin' of the skrivelse is never answered" in err


def test_unknown_fragment_suggests_the_nearest(cli, project):
    path = project / SOF
    edit(path, "fragment: sakerhetsprogrammet-ansvar", "fragment: sakerhetsprogramet-ansvar")
    err = check(cli, project)
    line = line_of(path, "sakerhetsprogramet-ansvar")
    assert f"{SOF}:{line}:19: unknown fragment 'sakerhetsprogramet-ansvar'" in err
    assert "did you mean 'sakerhetsprogrammet-ansvar'?" in err


def test_unknown_fragment_variant(cli, project):
    path = project / SOF
    edit(path, "variant: ansvar-och-rutiner", "variant: ansvar-rutiner")
    err = check(cli, project)
    assert "fragment 'trygghetsprogrammet-arbetsmiljo' has no variant 'ansvar-rutiner'" in err
    assert "did you mean 'ansvar-och-rutiner'?" in err


@pytest.mark.parametrize("dnr", ["SOF2024/394", "SOF 24/394", "sof 2024/394", "SOF 2024-394"])
def test_malformed_dnr(cli, project, dnr):
    path = project / SOF
    edit(path, "dnr: SOF 2024/394", f"dnr: {dnr}")
    err = check(cli, project)
    assert f"{SOF}:1:" not in err
    assert f"{SOF}:{line_of(path, 'dnr: ')}:6: '{dnr}' is not a diary number" in err
    assert "PREFIX YEAR/NUMBER" in err


def test_dnr_prefix_must_belong_to_the_organisation(cli, project):
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: KS 2024/394")
    err = check(cli, project)
    assert "the dnr prefix 'KS' does not belong to Socialförvaltningen" in err
    assert "registers under 'SOF'" in err


def test_dnr_year_after_the_response_date(cli, project):
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2025/394")
    err = check(cli, project)
    assert "the dnr year 2025 is after the date of the tjänsteutlåtande (2024-06-10)" in err


def test_unknown_organisation(cli, project):
    edit(project / SOF, "organisation: socialforvaltningen", "organisation: socialforvaltning")
    err = check(cli, project)
    assert "unknown organisation 'socialforvaltning'" in err and "did you mean 'socialforvaltningen'?" in err


def test_unknown_avdelning(cli, project):
    edit(project / SOF, "avdelning: Avdelningen för beredskap och administration",
         "avdelning: Avdelningen för beredskap och admin")
    err = check(cli, project)
    assert "'Avdelningen för beredskap och admin' is not an avdelning of Socialförvaltningen" in err
    assert "did you mean 'Avdelningen för beredskap och administration'?" in err


def test_missing_skrivelse_file(cli, project):
    edit(project / SOF, "skrivelse: questions/2024-05-21", "skrivelse: questions/2024-05-12")
    err = check(cli, project)
    assert "the skrivelse 'questions/2024-05-12-liberalerna-starkt-skydd-socialtjansten.yaml' does not exist" in err
    assert "did you mean 'questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml'?" in err


def test_control_character_pasted_from_a_pdf(cli, project):
    path = project / SOF
    edit(path, "Bakgrunden till skrivelsen", "Bakgrunden\x0c till skrivelsen")
    err = check(cli, project)
    line = line_of(path, "Bakgrunden")
    assert f"{SOF}:{line}:13: character U+000C cannot be stored in a document" in err
    assert "pasted from a PDF" in err


def test_escaped_control_character_in_a_quoted_string(cli, project):
    path = project / SOF
    edit(path, 'phone: "08-50825402"', 'phone: "08-508\\x0b25402"')
    err = check(cli, project)
    assert "character U+000B at position 7 of this text cannot be stored in a document" in err


def test_reserved_slot_character_is_refused(cli, project):
    edit(project / SOF, "title: Socialdirektör", "title: \"Social\\ue000slot0\\ue000direktör\"")
    err = check(cli, project)
    assert "character U+E000 at position 7 of this text cannot be stored in a document" in err


def test_file_that_is_not_utf8(cli, project):
    path = project / SOF
    path.write_bytes(b"dnr: SOF 2024/394\ndate: 2024-06-10\navdelning: Avdelningen f\xf6r beredskap\n")
    err = check(cli, project)
    assert f"{SOF}:3:25: the file is not UTF-8 (byte 0xf6)" in err
    assert "save the file as UTF-8" in err


def test_empty_file(cli, project):
    (project / SOF).write_text("\n  \n", encoding="utf-8")
    err = check(cli, project)
    assert f"{SOF}:1:1: the file is empty" in err


def test_top_level_must_be_a_mapping(cli, project):
    (project / SOF).write_text("- a\n- b\n", encoding="utf-8")
    err = check(cli, project)
    assert f"{SOF}:1:1: the file must be a YAML mapping" in err


def test_python_tags_are_refused(cli, project):
    (project / SOF).write_text("date: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    err = check(cli, project)
    assert f"{SOF}:1:7: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in err


def test_alias_expansion_is_bounded(cli, project):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [{', '.join(['*' + previous] * 10)}]")
    (project / SOF).write_text("\n".join(bomb) + "\n", encoding="utf-8")
    err = check(cli, project)
    assert "the document expands to more than 50000 values" in err


def test_duplicate_key(cli, project):
    path = project / SOF
    edit(path, "meeting: 2024-09-24", "meeting: 2024-09-24\nmeeting: 2024-09-25")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, 'meeting: 2024-09-25')}:1: key 'meeting' appears twice" in err


def test_indented_markdown_becomes_a_code_block_error(cli, project):
    path = project / SOF
    edit(path, "  Skrivelsen hänvisar till", "\n      Skrivelsen hänvisar till")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, 'Skrivelsen hänvisar till')}:7: indented text becomes a code block" in err


def test_raw_html_in_markdown(cli, project):
    path = project / SOF
    edit(path, "Bakgrunden till skrivelsen", "<b>Bakgrunden</b> till skrivelsen")
    err = check(cli, project)
    assert f"{SOF}:{line_of(path, '<b>')}:3: HTML ('<b>') is not supported in the text" in err
    assert "to show '<' literally, write '\\<'" in err


def test_bad_phone_number(cli, project):
    edit(project / SOF, 'phone: "08-50825402"', "phone: ring mig")
    err = check(cli, project)
    assert "'ring mig' is not a phone number" in err


def test_unquoted_phone_number_is_kept_as_written(cli, project):
    edit(project / SOF, 'phone: "08-50825402"', "phone: 0701234567")
    result = cli("text", SOF, cwd=project)
    assert result.code == 0, result.err
    assert "Telefon: 070-123 45 67" in result.out, "read as the digits written, not as the number 701234567"


def test_part_with_both_fragment_and_text(cli, project):
    path = project / SOF
    edit(path, "      - fragment: sakerhetsprogrammet-ansvar\n",
         "      - fragment: sakerhetsprogrammet-ansvar\n        text: och mer\n")
    err = check(cli, project)
    assert "a part is either 'fragment: ID' or 'text: …'" in err


def test_many_problems_are_reported_in_one_run(cli, project):
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-02-30\nbakground: x")
    edit(project / KUNGSHOLMEN, "organisation: kungsholmen", "organisation: kungsholm")
    err = check(cli, project)
    assert "'2024-02-30' is not a real date" in err
    assert "unknown key 'bakground'" in err
    assert "unknown organisation 'kungsholm'" in err
    assert "is not used by any response" not in err, "unknown while a response cannot be read"
    assert err.endswith("3 problems and 2 warnings found.\n"), "and the warnings of the response that can be read"


def test_problem_in_a_skrivelse_is_reported_by_check(cli, project):
    path = project / "questions/moderaterna-socialtjanstens-arbetsmiljo.yaml"
    edit(path, "  - id: anstallda-fortrogna", "  - id: anställda-förtrogna")
    err = check(cli, project)
    assert "'anställda-förtrogna' is not a valid id" in err


def test_duplicate_question_id(cli, project):
    path = project / SOF_QUESTIONS
    edit(path, "  - id: nolltoleranspolicy", "  - id: polisanmalan-rutin")
    err = check(cli, project)
    assert "question id 'polisanmalan-rutin' is used twice" in err


def test_duplicate_fragment_id(cli, project):
    source = project / "fragments/sakerhetsprogrammet-ansvar.yaml"
    (project / "fragments/kopia.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    err = check(cli, project)
    assert "fragment id 'sakerhetsprogrammet-ansvar' is also used by" in err


def test_fragment_placeholder_unknown_variable(cli, project):
    path = project / "fragments/polisanmalan-och-incidentrapport.yaml"
    edit(path, "riktas mot {{ personal }} bör", "riktas mot {{ persnal }} bör")
    err = check(cli, project)
    line = line_of(path, "persnal")
    assert f"fragments/polisanmalan-och-incidentrapport.yaml:{line}:46: fragment 'polisanmalan-och-incidentrapport': 'persnal' is undefined" in err
    assert "did you mean 'personal'?" in err
    assert "the placeholders you can use are:" in err


@pytest.mark.parametrize("expression, column", [
    ("{{ 7*7 }}", 46), ("{{ personal.upper() }}", 46), ("{{ 7**(7**10) }}", 46), ("{{ personal*300000000 }}", 46),
    ("{{ ''.__class__.__mro__ }}", 46), ("{{personal }}x{{ namnd|upper }}", 60),
])
def test_a_fragment_placeholder_is_a_name_never_an_expression(cli, project, expression, column):
    path = project / "fragments/polisanmalan-och-incidentrapport.yaml"
    edit(path, "riktas mot {{ personal }} bör", f"riktas mot {expression} bör")
    started = time.perf_counter()
    err = check(cli, project)
    assert time.perf_counter() - started < 30, "refused, not evaluated"
    line = line_of(path, expression)
    assert f"fragments/polisanmalan-och-incidentrapport.yaml:{line}:{column}: '{{{{" in err
    assert "is not a placeholder: a placeholder is a name between {{ and }}" in err
    assert "1 problem" in err


def test_fragment_statements_are_refused_at_their_place(cli, project):
    path = project / "fragments/polisanmalan-och-incidentrapport.yaml"
    edit(path, "riktas mot {{ personal }} bör", "riktas mot {% include 'x' %} bör")
    err = check(cli, project)
    line = line_of(path, "{% include")
    assert f"fragments/polisanmalan-och-incidentrapport.yaml:{line}:46: '{{% include 'x' %}} bör utredas ': fragments may not include" in err


def test_template_error_names_the_template(cli, project):
    path = project / "templates/tjansteutlatande.md.j2"
    edit(path, "{{ decision }}", "{{ decison }}")
    err = check(cli, project)
    assert f"templates/tjansteutlatande.md.j2:{line_of(path, 'decison')}: template error: 'decison' is undefined" in err


def test_build_reports_the_same_problems_and_exits_1(cli, project):
    edit(project / SOF, "meeting: 2024-09-24", "meeting: 2024-02-30")
    result = cli("build", cwd=project)
    assert result.code == 1
    assert "'2024-02-30' is not a real date" in result.err
    assert "Traceback" not in result.err


# The organisation's logo and phone numbers ------------------------------------------------------

PROFILE = "organisations/socialforvaltningen.yaml"
BAD_LOGOS = Path(__file__).parent / "fixtures" / "bad-logos"


def with_logo(project: Path, name: str) -> Path:
    """The example profile's logo replaced by the bad logo `name` from the fixtures."""
    shutil.copy(BAD_LOGOS / name, project / "organisations" / name)
    edit(project / PROFILE, "file: organisations/exempel-logo.svg", f"file: organisations/{name}")
    return project / "organisations" / name


BAD_LOGO_MESSAGES = [
    ("image-from-the-web.svg", 3, 3, "the logo refers to 'https://example.org/logo.png' outside itself"),
    ("file-by-xlink.svg", 4, 5, "the logo refers to '../../secret.svg#part' outside itself"),
    ("doctype-entities.svg", 2, 15, "the logo has a document type declaration (DOCTYPE)"),  # where its entities start
    ("stylesheet-instruction.svg", 2, 1, "the logo has a processing instruction <?xml-stylesheet …?>"),
    ("style-url.svg", 3, 3, "the logo refers to 'https://example.org/pattern.svg#p' outside itself"),
    ("style-import.svg", 3, 5, "the logo's style imports another stylesheet"),
    ("style-element-url.svg", 4, 33, "the logo's style refers to 'https://example.org/tracker.png' outside itself"),
    ("not-xml.svg", 3, 3, "the file is named .svg but is not a readable SVG picture: mismatched tag"),
    ("html-not-svg.svg", 1, 1, "the file is named .svg but is not an SVG picture"),
    ("gif-named-png.png", 0, 0, "the file is named .png but is not a PNG picture"),
    ("truncated.png", 0, 0, "the PNG picture is damaged or incomplete"),
]


@pytest.mark.parametrize("name, line, column, message", BAD_LOGO_MESSAGES, ids=[m[0] for m in BAD_LOGO_MESSAGES])
def test_a_logo_that_is_not_what_it_says_or_reaches_outside_is_refused_at_its_place(cli, project, name, line, column, message):
    with_logo(project, name)
    err = check(cli, project)
    place = f"organisations/{name}" + (f":{line}:{column}" if line else "")
    assert f"{place}: {message}" in err
    assert "hint: " in err and "1 problem found" in err
    assert cli("build", SOF, cwd=project).code == 1, "nothing is built with it"


def test_a_logo_outside_the_project_is_refused(cli, project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "logo.svg"
    shutil.copy(project / "organisations/exempel-logo.svg", outside)
    line = line_of(project / PROFILE, "file: organisations/exempel-logo.svg")
    edit(project / PROFILE, "file: organisations/exempel-logo.svg", "file: ../elsewhere/logo.svg")
    err = check(cli, project)
    assert f"{PROFILE}:{line}:9: '../elsewhere/logo.svg' goes up out of its folder with '..'" in err
    edit(project / PROFILE, "file: ../elsewhere/logo.svg", f"file: {outside}")
    assert f"{PROFILE}:{line}:9: '{outside}' is an absolute path" in check(cli, project)
    (project / "organisations/link.svg").symlink_to(outside)
    edit(project / PROFILE, f"file: {outside}", "file: organisations/link.svg")
    assert f"organisations/link.svg: 'organisations/link.svg' is a link to {outside.resolve()}, which is outside the project" \
        in check(cli, project)
    (project / "organisations/link.svg").unlink()
    (project / "bilder").mkdir()
    shutil.copy(project / "organisations/exempel-logo.svg", project / "bilder/logo.svg")
    edit(project / PROFILE, "file: organisations/link.svg", "file: bilder/logo.svg")
    assert f"{PROFILE}:{line}:9: the logo must be in organisations/, beside the profiles" in check(cli, project)


def test_a_missing_logo_a_picture_of_another_kind_and_a_missing_alt_text(cli, project):
    line = line_of(project / PROFILE, "file: organisations/exempel-logo.svg")
    edit(project / PROFILE, "file: organisations/exempel-logo.svg", "file: organisations/exempel-logga.svg")
    err = check(cli, project)
    assert f"{PROFILE}:{line}:9: the logo 'organisations/exempel-logga.svg' does not exist" in err
    edit(project / PROFILE, "exempel-logga.svg", "exempel-logo.gif")
    assert f"{PROFILE}:{line}:9: 'organisations/exempel-logo.gif' is not an SVG or PNG file" in check(cli, project)
    edit(project / PROFILE, "exempel-logo.gif", "exempel-logo.svg")
    edit(project / PROFILE, "  alt: Exempellogotyp, en sköld med en sol över vågor\n", "  alt: ''\n")
    assert "'alt' is empty\n    hint: say in a few words what the logo shows" in check(cli, project)
    edit(project / PROFILE, "  alt: ''\n", "")
    assert f"{PROFILE}:{line}:3: logo: required key 'alt' is missing" in check(cli, project)


def test_a_logo_too_large_is_refused_from_its_size(cli, project):
    logo = project / "organisations/exempel-logo.svg"
    logo.write_bytes(logo.read_bytes().replace(b"</svg>", b"<!--" + b"x" * 1_000_000 + b"--></svg>"))
    assert "organisations/exempel-logo.svg: the logo is larger than 1000 kB, the limit for a logo" in check(cli, project)


def test_a_png_logo_with_too_many_pixels_is_refused(cli, project):
    logo = project / "organisations/exempel-logo.png"
    logo.write_bytes(png(5000, 10))
    edit(project / PROFILE, "exempel-logo.svg", "exempel-logo.png")
    assert ("organisations/exempel-logo.png: the PNG picture is 5000 × 10 pixels; a logo may have at most 4000 on each side"
            in check(cli, project))


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of `width` × `height` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_a_phone_number_that_cannot_exist_is_printed_as_written_with_a_warning(cli, project):
    edit(project / SOF, 'phone: "08-50825402"', 'phone: "08-5082"')
    result = cli("check", cwd=project)
    assert result.code == 0, result.err
    line = line_of(project / SOF, "08-5082")
    assert (f"{SOF}:{line}:10: warning: '08-5082' cannot be read as a phone number, so it is printed as written "
            "[phone-unreadable]") in result.err
    assert "Telefon: 08-5082\n" in cli("text", SOF, cwd=project).out
    edit(project / PROFILE, "  switchboard: 08-508 000 00", "  switchboard: 08-508 000 000 0")
    line = line_of(project / PROFILE, "08-508 000 000 0")
    assert f"{PROFILE}:{line}:16: warning: '08-508 000 000 0' cannot be read as a phone number" in cli("check", cwd=project).err
    assert cli("check", "--strict", cwd=project).code == 1


def test_phone_format_as_written_prints_numbers_as_they_are_written(cli, project):
    edit(project / SOF, 'phone: "08-50825402"', 'phone: "08-5082"')
    edit(project / PROFILE, "voice:", "phone_format: as_written\nvoice:")
    result = cli("check", cwd=project)
    assert result.code == 0 and "phone-unreadable" not in result.err, result.err
    assert "Telefon: 08-5082\n" in cli("text", SOF, cwd=project).out
    edit(project / SOF, 'phone: "08-5082"', 'phone: "08-50825402"')
    assert "Telefon: 08-50825402\n" in cli("text", SOF, cwd=project).out
    edit(project / PROFILE, "phone_format: as_written", "phone_format: som skrivet")
    assert "phone_format must be 'grouped' or 'as_written', not 'som skrivet'" in check(cli, project)


def test_a_handlaggare_may_have_the_number_printed_as_written_whatever_the_profile_says(cli, project):
    """Phone written as the person writes it: per handläggare, beside the profile's default."""
    edit(project / SOF, '  phone: "08-50825402"', '  phone: "08-50825402"\n  phone_format: as_written')
    assert cli("build", SOF, "--draft", cwd=project).code == 0
    for suffix, text in printed(cli, project, SOF).items():
        assert "Telefon: 08-50825402" in text and "Telefon: 08-508 254 02" not in text, suffix
    footer = (project / "build/sof-2024-394-starkt-skydd.html").read_text(encoding="utf-8")
    assert "Växel: 08-508 000 00" in footer, "the profile's own numbers stay grouped"
    edit(project / PROFILE, "voice:", "phone_format: as_written\nvoice:")
    edit(project / SOF, "  phone_format: as_written", "  phone_format: grouped")
    assert cli("build", SOF, "--draft", cwd=project).code == 0
    for suffix, text in printed(cli, project, SOF).items():
        assert "Telefon: 08-508 254 02" in text, suffix
    edit(project / SOF, 'phone: "08-50825402"', 'phone: "08-5082"')
    assert "phone-unreadable" in cli("check", cwd=project).err, "a number the handläggare wants grouped is checked"


@pytest.mark.parametrize("written", ["karin.karlung", "mailto:karin.karlung@exempel.se"])
def test_a_bad_email_address(cli, project, written):
    edit(project / SOF, '  phone: "08-50825402"', f'  phone: "08-50825402"\n  email: {written}')
    err = check(cli, project)
    assert f"{SOF}:{line_of(project / SOF, 'email:')}:10: '{written}' is not an e-mail address" in err


def test_a_bad_org_nr_and_website(cli, project):
    edit(project / PROFILE, "org_nr: 212000-0142", "org_nr: 2120000142")
    edit(project / PROFILE, "website: start.stockholm", "website: start stockholm")
    err = check(cli, project)
    assert f"{PROFILE}:{line_of(project / PROFILE, 'org_nr:')}:11: '2120000142' is not an organisation number" in err
    assert f"{PROFILE}:{line_of(project / PROFILE, 'website:')}:12: 'start stockholm' is not a web address" in err


# The shapes of real responses (issue 15) ---------------------------------------------------------

_USE = "[[handlingsplan-socialtjansten#trygg-arbetsplats]]"


@pytest.mark.parametrize(("old", "new", "message"), [
    (_USE, "[[handlingsplan-socialtjansten#trygg]]", "fragment 'handlingsplan-socialtjansten' has no excerpt 'trygg'"),
    (_USE, "[[handlingsplan-socialtjansten#trygg-arbetsplats]", "'[[' has no ']]'"),
    (_USE, "[[Trygg arbetsplats]]", "'[[Trygg arbetsplats]]' is not a use of a standard text"),
    (_USE, "[[handlingsplan-socialtjansten]]", "'handlingsplan-socialtjansten' is more than one paragraph"),
    ("question_style: bullets", "question_style: punkter", "question_style must be 'headings', 'bullets' or 'grouped'"),
    ("question_style: bullets", "question_style: grouped", "in the grouped question style this answer needs a 'heading'"),
    ("- id: skyddsatgarder-stadsdelsniva", "- id: skyddsatgarder", "the skrivelse has no question 'skyddsatgarder'"),
    ("        wording: Vilka", "        wordin: Vilka", "unknown key 'wordin'"),
])
def test_a_mistake_in_the_shapes_of_a_response_is_shown_at_its_place(cli, project, old, new, message):
    edit(project / ARBETSMILJO, old, new)
    err = check(cli, project)
    assert f"{ARBETSMILJO}:" in err and message in err


@pytest.mark.parametrize(("new", "message"), [
    ("  dash: '—'", "dash must be '–' or '-', not '—'"),
    ("  full_stop: kanske", "full_stop must be 'inside' or 'outside', not 'kanske'"),
    ("  leed: Ur", "unknown key 'leed'"),
])
def test_a_mistake_in_a_programmes_citation_form(cli, project, new, message):
    path = project / "programmes/trygghetsprogram-2024-2027.yaml"
    edit(path, "name: Stockholms stads Trygghetsprogram", f"name: Stockholms stads Trygghetsprogram\ncitation:\n{new}")
    err = check(cli, project)
    assert "programmes/trygghetsprogram-2024-2027.yaml:" in err and message in err
