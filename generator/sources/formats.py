"""The six source formats, declared once: skrivelse, fragment, programme, organisation profile,
response and approvals file.

Each key has its kind of value, whether it is required, its default, a description in Swedish
(shown by the editor on hover) and an example. `check` in schema.py checks a loaded file
against these; `utlatande schema` writes them as JSON Schemas to schemas/; the README's format
reference is tested to name exactly these keys. Rules that tie keys of one mapping together
(a part is a fragment or a text, versions are numbered once) are declared here too.
"""

from __future__ import annotations

from generator.i18n import N_, t
from generator.limits import MAX_APPROVER_TEXT
from generator.sources.load import character_problem, unstorable_character
from generator.sources.placeholders import syntax_problems
from generator.sources.records import (
    DNR_PATTERN,
    FINGERPRINT_PATTERN,
    PHONE_PATTERN,
)
from generator.sources.schema import (
    Checker,
    Choice,
    Date,
    Either,
    Flag,
    Key,
    ListOf,
    Markdown,
    Names,
    Ref,
    Schema,
    Text,
    Values,
    Whole,
    is_flag,
    is_list,
    is_mapping,
    is_text,
)
from generator.text.inline import ID_PATTERN

ID = Text(pattern=ID_PATTERN, problem=N_("'{value}' is not a valid id"),
          hint=N_("use lower-case letters a-z, digits, '-' and '_' (no spaces or å/ä/ö), e.g. 'polisanmalan'"))
DNR = Text(pattern=DNR_PATTERN, problem=N_("'{value}' is not a diary number"),
           hint=N_("write it as PREFIX YEAR/NUMBER, e.g. 'SOF 2024/394' (or leave 'dnr' out while it is a draft)"))
PREFIX = Text(pattern=r"[A-ZÅÄÖ]{2,8}", problem=N_("'{value}' is not a diary number prefix"),
              hint=N_("use capital letters, e.g. SOF"))
PHONE = Text(pattern=PHONE_PATTERN, problem=N_("'{value}' is not a phone number"), hint=N_("e.g. 08-508 254 02"), multiline=False)
LINE = Text(multiline=False)
#: The hint of every problem in an approvals file: it is written by a command, not by hand.
BY_COMMAND = N_("approvals are recorded with 'utlatande approve'; do not edit them by hand")
FINGERPRINT = Text(pattern=FINGERPRINT_PATTERN, problem=N_("'{value}' is not a fingerprint: 'sha256:' and 64 hexadecimal digits"),
                   hint=BY_COMMAND)


def _validity_in_order(values: Values, checker: Checker) -> None:
    start, end = values["from"], values["to"]
    if start and end and start > end:
        checker.add(values.at("to"), t("the validity ends ({end}) before it starts ({start})", end=end, start=start))


VALIDITY = Schema(
    name="validity", what=N_("validity"), description="När texten eller programmet gäller.",
    keys=(
        Key("from", Date(), "Första dagen det gäller (ÅÅÅÅ-MM-DD).", example="2024-01-01"),
        Key("to", Date(), "Sista dagen det gäller (ÅÅÅÅ-MM-DD).", example="2027-12-31"),
    ),
    rules=(_validity_in_order,),
)

# Skrivelse -------------------------------------------------------------------------------------

PARTY = Schema(
    name="party", what=N_("party"), description="Partiet som står bakom skrivelsen.",
    keys=(
        Key("name", LINE, "Partiets namn, som i skrivelsen.", required=True, example="Liberalerna"),
        Key("abbreviation", LINE, "Partiets förkortning.", required=True, example="L"),
    ),
)

QUESTION = Schema(
    name="question", what=N_("question"), description="En fråga i skrivelsen.",
    keys=(
        Key("id", ID, "Kort namn på frågan som svaren hänvisar till: a–z, 0–9, '-' och '_'.", required=True,
            example="polisanmalan-rutin"),
        Key("text", Text(), "Frågan ordagrant, som i skrivelsen.", required=True,
            example="Har socialtjänsten en rutin för polisanmälan vid hot och våld?"),
    ),
)


def _questions_once(values: Values, checker: Checker) -> None:
    seen: dict[str, int] = {}
    for entry in values["questions"] or []:
        qid = entry.value["id"]
        if qid is None:
            continue
        if qid in seen:
            checker.add(entry.at, t("question id '{id}' is used twice (also on line {line})", id=qid, line=seen[qid]))
        seen.setdefault(qid, entry.at.line)


SKRIVELSE = Schema(
    name="skrivelse", what=N_("skrivelse"),
    description="En skrivelse: frågor från förtroendevalda till en nämnd.",
    keys=(
        Key("title", Text(), "Skrivelsens rubrik.", required=True,
            example="Skrivelse om stärkt skydd och stöd för socialtjänsten"),
        Key("topic", Text(), "Vad skrivelsen handlar om, som det står i sammanfattningen: \"… ställt frågor till nämnden om …\". "
            "Utelämnas den tas den från rubriken efter \"Skrivelse om\", \"Skrivelse angående\", \"gällande\", \"rörande\", "
            "\"kring\", \"beträffande\" eller \"avseende\", även med avsändare och mottagare emellan "
            "(\"Skrivelse från Liberalerna angående …\").", example="behovet av stärkt skydd för socialtjänsten"),
        Key("party", PARTY, "Partiet som står bakom skrivelsen.", required=True),
        Key("authors", ListOf(LINE, single=True), "De förtroendevalda som skrev skrivelsen, utan parti.",
            example=["Jan Jönsson"]),
        Key("and_others", Flag(), "true: skrivelsen är undertecknad av fler än de uppräknade, som \"Andrea Hedin (M) med "
            "flera\"; sammanfattningen skriver då \"med flera\" efter namnen.", default=False, example=False),
        Key("date", Date(), "Skrivelsens datum (ÅÅÅÅ-MM-DD); utelämnas om skrivelsen saknar datum.", example="2024-05-21"),
        Key("received", Date(), "Dagen skrivelsen kom in till nämnden (ÅÅÅÅ-MM-DD), som diariet anger; står i arkivpaketet.",
            example="2024-05-22"),
        Key("to", LINE, "Nämnden skrivelsen är ställd till.", required=True, example="Socialnämnden"),
        Key("preamble", Markdown(), "Skrivelsens inledande text före frågorna (Markdown). Trycks inte i "
            "tjänsteutlåtandet; 'utlatande new' visar den som underlag för bakgrunden."),
        Key("lead_in", Text(), "Meningen som leder in frågorna.",
            example="Med anledning av ovanstående vill Liberalerna ställa följande frågor:"),
        Key("numbering", Choice(("numbered", "bulleted")), "Hur frågorna är uppställda i skrivelsen: numbered "
            "(numrerade) eller bulleted (punktlista).", default="numbered", example="numbered"),
        Key("questions", ListOf(QUESTION, min_items=1), "Skrivelsens frågor, i ordning.", required=True),
    ),
    rules=(_questions_once,),
)

# Programme -------------------------------------------------------------------------------------

CITATION = Schema(
    name="citation", what=N_("citation"),
    description="Hur källan skrivs efter ett citat ur programmet: \"(Från <program> <period>)\".",
    keys=(
        Key("lead", LINE, "Ordet före programmets namn.", default="Från", example="Från"),
        Key("dash", Choice(("–", "-")), "Strecket mellan åren i perioden: – (tankstreck) eller - (bindestreck).",
            default="–", example="–"),
        Key("full_stop", Either(alternatives=((is_flag, Flag()), (is_text, Choice(("inside", "outside")))),
                                noun=N_("true, false, 'inside' or 'outside'")),
            "Punkt vid källan: inside (eller true) före slutparentesen, \"(Från … 2024–2027.)\"; outside efter den, "
            "\"(Från … 2024–2027).\"; false ingen.", default=False, example="outside"),
    ),
)

PROGRAMME = Schema(
    name="programme", what=N_("programme"), description="Ett av stadens program som standardtexterna citerar.",
    keys=(
        Key("name", LINE, "Programmets namn.", required=True, example="Stockholms stads Trygghetsprogram"),
        Key("period", LINE, "Programperioden, om programmet har en. Gissa aldrig.", example="2024–2027"),
        Key("valid", VALIDITY, "När programmet gäller."),
        Key("replaces", LINE, "Programmet som detta ersätter (namn och period). Standardtexter som fortfarande "
            "citerar det gamla programmet får en varning.", example="Stockholms stads Trygghetsprogram 2020–2023"),
        Key("citation", CITATION, "Hur citat ur programmet anger källan; utelämnas: \"(Från <program> <period>)\"."),
    ),
)

# Fragment --------------------------------------------------------------------------------------

SOURCE = Schema(
    name="source", what=N_("source"), description="Varifrån texten kommer.",
    keys=(
        Key("programme", LINE, "Programmets namn, som i programmes/.", required=True,
            example="Stockholms stads Trygghetsprogram"),
        Key("period", LINE, "Programperioden. Gissa aldrig.", example="2024–2027"),
        Key("section", LINE, "Avsnitt eller sida i programmet; skrivs ut i källhänvisningen efter ett citat.",
            example="avsnitt 3.2"),
    ),
)


def _wording_placeholders(values: Values, checker: Checker) -> None:
    for key in ("text",):
        if values[key] is not None:
            syntax_problems(values[key].text, values[key].at, checker.problems)
    for wording in (values["variants"] or {}).values():
        syntax_problems(wording.text, wording.at, checker.problems)
    text = values["text"]
    for name, excerpt in (values["excerpts"] or {}).items():
        syntax_problems(excerpt.text, excerpt.at, checker.problems)
        if text is not None and not word_for_word(excerpt.text, text.text):
            checker.add(excerpt.at, t("the excerpt '{name}' is not word for word in the text", name=name),
                        t("copy the passage from 'text' exactly, Markdown marks included"))


def word_for_word(excerpt: str, text: str) -> bool:
    """Whether `excerpt` stands in `text` word for word, line breaks aside and its first letter
    in either case (it takes its case from its place in a sentence: text/uses.py)."""
    wanted, within = " ".join(excerpt.split()), " ".join(text.split())
    return any(variant in within for variant in {wanted, wanted[:1].upper() + wanted[1:], wanted[:1].lower() + wanted[1:]})


def _version_fields(number_required: bool) -> tuple[Key, ...]:
    return (
        Key("version", Whole(example=2), "Versionens nummer. Svar kan låsa sig vid en version.",
            required=number_required, default=None if number_required else 1, example=2),
        Key("changed", Date(), "När denna version började gälla (ÅÅÅÅ-MM-DD); visas av 'utlatande fragments'.",
            example="2025-03-01"),
        Key("text", Markdown(), "Texten i Markdown. Platshållare som {{ namnd }} fylls i med organisationens ord.",
            required=True),
        Key("variants", Names(Markdown(), name=ID), "Namngivna varianter av texten, till exempel en kortare."),
        Key("excerpts", Names(Markdown(), name=ID), "Namngivna stycken ur texten, ordagrant, att använda inne i en "
            "egen mening: [[id#namn]].", example={"prioritering": "*Trygg och säker arbetsplats*"}),
    )


PREVIOUS = Schema(
    name="previous_version", what=N_("previous version"), description="En tidigare version av texten.",
    keys=_version_fields(number_required=True), rules=(_wording_placeholders,),
)


def _fragment_rules(values: Values, checker: Checker) -> None:
    _wording_placeholders(values, checker)
    if values["quotation"] and values["source"] is None and not values.given("source"):
        checker.add(values.key_at("quotation"), t("a quotation needs a 'source'"), t("add source: with the programme it quotes"))
    current = values["version"]
    numbers: dict[int, int] = {}
    if current is not None:
        numbers[current] = values.at("version").line
    for entry in values["previous"] or []:
        number = entry.value["version"]
        if number is None:
            continue
        if number in numbers:
            checker.add(entry.at, t("version {number} appears twice", number=number), t("number every version differently"))
        numbers.setdefault(number, entry.at.line)
    previous = [e.value["version"] for e in values["previous"] or [] if e.value["version"] is not None]
    if current is not None and any(number >= current for number in previous):
        checker.add(values.at("version") if values.given("version") else values.pos,
                    t("the current version ({current}) must be newer than every previous version", current=current),
                    t("give the current text the highest 'version' number"))


FRAGMENT = Schema(
    name="fragment", what=N_("fragment"),
    description="En standardtext: ett stycke som återkommer i många svar.",
    keys=(
        Key("id", ID, "Textens namn, som svaren hänvisar till med fragment: NAMN.", required=True,
            example="trygghetsprogrammet-arbetsmiljo"),
        Key("title", LINE, "En rubrik för biblioteket.", example="Arbetet mot hot och våld mot anställda"),
        Key("source", SOURCE, "Varifrån texten kommer."),
        Key("quotation", Flag(), "true: texten är ett ordagrant citat, och \"(Från <program> <period>)\" "
            "läggs till efter den.", default=False, example=True),
        Key("valid", VALIDITY, "När texten gäller; utelämnas gäller programmets giltighet."),
        Key("organisations", ListOf(Ref(ID, "organisation"), single=True),
            "Organisationerna vars röst texten passar; utelämnas passar den alla.", example=["socialforvaltningen"]),
        Key("keywords", ListOf(LINE, single=True), "Sökord som hjälper 'utlatande suggest' att hitta texten.",
            example=["hot", "våld"]),
        Key("proper_names", ListOf(LINE, single=True), "Namn som en text eller ett utdrag börjar med och som behåller "
            "sin stora bokstav när texten används inne i en mening ([[id]]). Förkortningar med versaler (SSR) "
            "behåller den ändå.", example=["Stockholms stad"]),
        *_version_fields(number_required=False),
        Key("previous", ListOf(PREVIOUS), "Tidigare versioner, kvar för svar som är låsta vid dem."),
    ),
    rules=(_fragment_rules,),
)

# Organisation profile --------------------------------------------------------------------------

QUESTION_STYLE = Choice(("headings", "bullets", "grouped"))
PHONE_FORMAT = Choice(("grouped", "as_written"))

NAMND = Schema(
    name="namnd", what=N_("nämnd"), description="Nämnden som förvaltningen svarar.",
    keys=(
        Key("name", LINE, "Nämndens namn, som under \"Till\" i sidhuvudet.", required=True, example="Socialnämnden"),
        Key("in_text", LINE, "Nämnden i löpande text: \"föreslår att socialnämnden godkänner …\".", required=True,
            example="socialnämnden"),
    ),
)

SIGNATORY = Schema(
    name="signatory", what=N_("signatory"), description="En person som undertecknar.",
    keys=(
        Key("name", LINE, "Namn.", required=True, example="Veronica Wolgast Carstorp"),
        Key("title", LINE, "Titel.", required=True, example="Socialdirektör"),
        Key("organisation", LINE, "Förvaltning, om en annan än profilens.", example="Socialförvaltningen"),
    ),
)

LOGO = Schema(
    name="logo", what=N_("logo"), noun=N_("a mapping with 'file' and 'alt'"),
    description="Organisationens logotyp, överst på första sidan.",
    keys=(
        Key("file", Text(multiline=False), "Bildfilen, SVG eller PNG, med sökväg från projektmappen. Den ska ligga i "
            "projektet och vara fristående (en SVG får inte hämta något utifrån).", required=True,
            example="organisations/exempel-logo.svg"),
        Key("alt", Text(multiline=False, empty_hint=N_("say in a few words what the logo shows, for a reader who cannot "
                                                       "see it, e.g. 'Stockholms stads logotyp'")),
            "Alternativtext: vad logotypen föreställer, för den som inte ser bilden.", required=True,
            example="Exempelstadens logotyp"),
    ),
)

FOOTER = Schema(
    name="footer", what=N_("footer"),
    description="Sidfoten: adresser och nummer som trycks med liten stil längst ner på varje sida.",
    keys=(
        Key("postal_address", LINE, "Postadress.", example="Box 1, 100 01 Exempelstad"),
        Key("visiting_address", LINE, "Besöksadress.", example="Exempelgatan 1"),
        Key("switchboard", PHONE, "Telefonväxelns nummer; skrivs ut grupperat som handläggarens telefon.",
            example="08-508 000 00"),
        Key("org_nr", Text(pattern=r"[0-9]{6}-[0-9]{4}", problem=N_("'{value}' is not an organisation number"),
                           hint=N_("write it as six digits, a hyphen and four digits, e.g. 212000-0142"), multiline=False),
            "Organisationsnummer.", example="212000-0142"),
        Key("website", Text(pattern=r"[^\s]+\.[^\s]+", problem=N_("'{value}' is not a web address"),
                            hint=N_("write the address without spaces, e.g. start.stockholm"), multiline=False),
            "Webbplatsens adress, som den ska stå.", example="start.stockholm"),
    ),
)

ORGANISATION = Schema(
    name="organisation", what=N_("organisation profile"),
    description="En förvaltning som skriver tjänsteutlåtanden: namn, nämnd, diarieprefix, röst, logotyp och sidfot.",
    keys=(
        Key("id", ID, "Profilens namn; samma som filnamnet.", required=True, example="socialforvaltningen"),
        Key("forvaltning", LINE, "Förvaltningens namn.", required=True, example="Socialförvaltningen"),
        Key("dnr_prefix", PREFIX, "Prefixet i diarienumret. Lämna ute tills registratorn bekräftat det; gissa aldrig.",
            example="SOF"),
        Key("namnd", NAMND, "Nämnden som förvaltningen svarar.", required=True),
        Key("stadsdel", LINE, "Stadsdelen, för stadsdelsförvaltningar.", example="Kungsholmen"),
        Key("avdelningar", ListOf(LINE, single=True), "Förvaltningens avdelningar; ett svars avdelning måste vara en av dem.",
            example=["Avdelningen för beredskap och administration"]),
        Key("signatories", ListOf(SIGNATORY), "Vilka som undertecknar, om svaret inte säger annat."),
        Key("voice", Names(LINE, name=Text(pattern=r"[A-Za-z_][A-Za-z0-9_]*",
                                           problem=N_("'{value}' cannot be a placeholder name"),
                                           hint=N_("use letters a-z, digits and '_'"))),
            "Ord som standardtexternas platshållare fylls i med, t.ex. personal: anställda.",
            example={"personal": "anställda"}),
        Key("require_signed_approvals", Flag(), "true: varje godkännande måste vara signerat med en SSH-nyckel.",
            default=False, example=False),
        Key("question_style", QUESTION_STYLE, "Hur svaren visar frågorna, om svaret inte säger annat: headings "
            "(numrerade rubriker), bullets (frågan som punkt före svaret) eller grouped (en rubrik per svar, "
            "frågorna som punkter under den).", default="headings", example="headings"),
        Key("city", LINE, "Raden ovanför förvaltningens namn på första sidan.", example="Stockholms stad"),
        Key("logo", LOGO, "Logotypen överst på första sidan: en fil och en alternativtext.", empty_allowed=True),
        Key("footer", FOOTER, "Sidfoten på varje sida."),
        Key("phone_format", PHONE_FORMAT, "Hur telefonnummer skrivs ut: grouped (grupperade som "
            "svensk standard, 08-508 254 02) eller as_written (som de är skrivna).", default="grouped", example="grouped"),
        Key("klassificering", LINE, "Klassen i förvaltningens klassificeringsstruktur som svar på skrivelser hör till, "
            "med koden först; står i arkivpaketet. Gissa aldrig.", example="1.2.3 Besvara skrivelser"),
    ),
)

# Response --------------------------------------------------------------------------------------


def _one_of_fragment_or_text(values: Values, checker: Checker) -> None:
    if values.given("fragment") == values.given("text"):
        checker.add(values.pos, t("a part is either 'fragment: ID' or 'text: …'"), t("write one of the two"))
    elif values.given("text") and (values.given("variant") or values.given("version") or values.given("citation")):
        key = next(k for k in ("variant", "version", "citation") if values.given(k))
        checker.add(values.key_at(key), t("'{key}' belongs to a fragment part", key=key), t("remove it, or use 'fragment:'"))


PART = Schema(
    name="part", what=N_("part"), description="En del av ett svar: en standardtext eller egen text.",
    keys=(
        Key("fragment", Ref(ID, "fragment"), "En standardtext ur fragments/, med sitt namn.",
            example="polisanmalan-och-incidentrapport"),
        Key("variant", ID, "En namngiven variant av standardtexten.", example="ansvar"),
        Key("version", Whole(example=1), "Lås svaret vid en version av standardtexten.", example=1),
        Key("citation", CITATION, "Källhänvisningen efter just detta citat, om den ska skrivas på annat sätt än "
            "svaret eller programmet säger; bara det som anges ändras."),
        Key("text", Markdown(), "Egen text i Markdown."),
    ),
    rules=(_one_of_fragment_or_text,),
)

PARTS_OR_TEXT = Either(alternatives=((is_text, Markdown()), (is_list, ListOf(PART))), noun=N_("text or a list of parts"))

QUESTION_USE = Schema(
    name="question_use", what=N_("question"),
    description="En fråga ur skrivelsen som svaret återger med egna ord.",
    keys=(
        Key("id", Ref(ID, "question"), "Frågans id i skrivelsen.", required=True, example="skyddsatgarder"),
        Key("wording", Text(), "Frågan som den ska stå i tjänsteutlåtandet; check visar skillnaden mot skrivelsen.",
            required=True, example="Vilka skyddsåtgärder finns i stadsdelsnämnderna?"),
    ),
)

ANSWER = Schema(
    name="answer", what=N_("answer"),
    description="Svar på en eller flera frågor, eller (utan frågor) ett avsnitt i löpande text.",
    keys=(
        Key("questions", ListOf(Either(alternatives=((is_text, Ref(ID, "question")), (is_mapping, QUESTION_USE)),
                                       noun=N_("a question id or a mapping with 'id' and 'wording'")),
                                single=True, min_items=1),
            "Frågorna som besvaras, med sina id ur skrivelsen (eller id och egen formulering).",
            example=["polisanmalan-rutin"]),
        Key("heading", LINE, "En egen rubrik, t.ex. för ett avsnitt utan frågor.", example="Övrigt"),
        Key("parts", ListOf(PART, min_items=1), "Svarets delar i ordning.", required=True),
    ),
)

COUNCIL = Schema(
    name="council", what=N_("council"), description="Ett råd som har kunnat behandla ärendet.",
    keys=(
        Key("name", LINE, "Rådets namn.", required=True, example="Rådet för funktionshinderfrågor"),
        Key("date", Date(), "När rådet kunde behandla ärendet.", example="2024-09-19"),
    ),
)


def _beredning_said(values: Values, checker: Checker) -> None:
    if not values.given("text") and not values.given("units") and values.clean:
        checker.add(values.pos, t("beredning needs 'units' (who prepared the case) or a 'text'"),
                    t("e.g. units: [avdelningen för strategi och utveckling]"))


BEREDNING = Schema(
    name="beredning", what=N_("beredning"), description="Hur ärendet har beretts.",
    keys=(
        Key("units", ListOf(LINE, single=True), "Avdelningarna som har berett ärendet.",
            example=["avdelningen för strategi och utveckling"]),
        Key("forvaltningsgrupp", Date(), "När förvaltningsgruppen behandlade ärendet.", example="2024-09-18"),
        Key("councils", ListOf(COUNCIL), "Råd som har kunnat behandla ärendet."),
        Key("text", Markdown(), "Egen text om beredningen, i stället för ovanstående."),
    ),
    rules=(_beredning_said,),
)

HANDLAGGARE = Schema(
    name="handlaggare", what=N_("handläggare"), description="Handläggaren som kan svara på frågor om ärendet.",
    keys=(
        Key("name", LINE, "Namn.", required=True, example="Karin Karlung"),
        Key("phone", PHONE, "Telefonnummer; skrivs ut grupperat: 08-508 254 02.", example="08-508 254 02"),
        Key("email", Text(pattern=r"[^@\s:]+@[^@\s:]+\.[^@\s:]+", problem=N_("'{value}' is not an e-mail address"),
                          hint=N_("e.g. fornamn.efternamn@stockholm.se"), multiline=False),
            "E-postadress; skrivs ut under telefonnumret.", example="karin.karlung@stockholm.se"),
        Key("phone_format", PHONE_FORMAT, "Hur just handläggarens nummer skrivs ut: grouped (grupperat, 08-508 254 02) "
            "eller as_written (som det är skrivet); utelämnas gäller profilens.", example="as_written"),
    ),
)

RESPONSE = Schema(
    name="response", what=N_("response"),
    description="Ett tjänsteutlåtande: förvaltningens svar på en skrivelse.",
    keys=(
        Key("dnr", DNR, "Diarienumret, PREFIX ÅR/NUMMER. Utelämnas så länge svaret är ett utkast.", example="SOF 2024/394"),
        Key("date", Date(), "Tjänsteutlåtandets datum (ÅÅÅÅ-MM-DD).", required=True, example="2024-06-10"),
        Key("organisation", Ref(ID, "organisation"), "Profilen i organisations/ som svarar.", required=True,
            example="socialforvaltningen"),
        Key("avdelning", LINE, "Avdelningen; en av profilens avdelningar.",
            example="Avdelningen för beredskap och administration"),
        Key("handlaggare", HANDLAGGARE, "Handläggaren."),
        Key("meeting", Date(), "Nämndens sammanträde (ÅÅÅÅ-MM-DD), när det är känt.", example="2024-09-24"),
        Key("namnd", LINE, "Nämnden, om en annan än profilens.", example="Socialnämnden"),
        Key("skrivelse", Text(), "Skrivelsen som besvaras: sökväg från projektmappen.", required=True,
            example="questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml"),
        Key("title", Text(), "Rubrik; utelämnas används skrivelsens."),
        Key("subtitle", Text(), "Underrubrik; utelämnas: \"Svar på skrivelse från <parti>\"."),
        Key("decision", Text(), "Förslaget till beslut; utelämnas: \"<Nämnden> godkänner förvaltningens tjänsteutlåtande …\"."),
        Key("summary", PARTS_OR_TEXT, "Sammanfattningen (Markdown eller delar); utelämnas skrivs den från skrivelsen."),
        Key("background", PARTS_OR_TEXT, "Bakgrunden (Markdown eller delar)."),
        Key("case_intro", PARTS_OR_TEXT, "Texten under Ärendet före frågorna (Markdown eller delar, ett eller flera "
            "stycken); utelämnas: \"I skrivelsen ställs följande frågor:\".", example="I skrivelsen ställs följande frågor:"),
        Key("case_after", PARTS_OR_TEXT, "Text under Ärendet efter frågorna (Markdown eller delar)."),
        Key("case_questions", ListOf(QUESTION_USE), "Frågor som Ärendet återger med egna ord, t.ex. med ett skrivfel "
            "rättat; de andra citeras ur skrivelsen. check visar skillnaden mot skrivelsen."),
        Key("question_style", QUESTION_STYLE, "Hur svaren visar frågorna: headings, bullets eller grouped; utelämnas "
            "gäller profilens.", example="bullets"),
        Key("beredning", BEREDNING, "Hur ärendet har beretts."),
        Key("answers", ListOf(ANSWER, min_items=1), "Svaren, i ordning.", required=True),
        Key("closing", Text(), "Förslaget i slutet; utelämnas: \"Förvaltningen föreslår att <nämnden> godkänner …\"."),
        Key("signatories", ListOf(SIGNATORY), "Vilka som undertecknar; utelämnas används profilens."),
        Key("citation", CITATION, "Källhänvisningen efter citaten i detta svar, om den ska skrivas på annat sätt än "
            "programmen säger; bara det som anges ändras, och programfilerna rörs inte."),
        Key("approval_order", ListOf(LINE, single=True), "Ordningen i tabellen över dem som har godkänt dokumentet, "
            "med namn; utelämnas står de i samma ordning som undertecknarna, och den som inte finns med efter dem, i "
            "datumordning.", example=["Veronica Wolgast Carstorp", "Lisa Cadenius"]),
        Key("attach_skrivelse", Flag(), "false: skrivelsen är inte Bilaga 1.", default=True, example=True),
        Key("attachments", ListOf(LINE, single=True), "Fler bilagor, i ordning.", example=["Handlingsplan för …"]),
        Key("approvals", LINE, "", refused=N_("approvals are not written in the response"),
            refused_hint=N_("record them with 'utlatande approve RESPONSE': they are kept in approvals/, bound to the document")),
    ),
)

# Approvals file --------------------------------------------------------------------------------

#: The problems of an approver's name and title, whole (Swedish declines the two differently).
_APPROVER_PROBLEMS = {
    "name": (N_("the name is empty"), N_("the name must be on one line, without tabs"),
             N_("the name contains the character U+{code}, which {problem}"),
             N_("the name is longer than {limit} characters")),
    "title": (N_("the title is empty"), N_("the title must be on one line, without tabs"),
              N_("the title contains the character U+{code}, which {problem}"),
              N_("the title is longer than {limit} characters")),
}


def approver_problem(text: str, what: str) -> str | None:
    """Why `text` cannot stand as an approver's `what` ("name" or "title") in a document, or None."""
    empty, lines, character, length = _APPROVER_PROBLEMS[what]
    if not text.strip():
        return t(empty)
    if any(c in text.strip() for c in "\n\r\t\x85\u2028\u2029"):
        return t(lines)
    bad = unstorable_character(text)
    if bad:
        return t(character, code=f"{ord(bad[1]):04X}", problem=character_problem(bad[1])[0])
    if len(text) > MAX_APPROVER_TEXT:
        return t(length, limit=MAX_APPROVER_TEXT)
    return None


def _approval_rules(values: Values, checker: Checker) -> None:
    for key in ("name", "title"):
        problem = approver_problem(values[key], key) if values[key] is not None else None
        if problem:
            checker.add(values.at(key), problem, t("record approvals with 'utlatande approve'; do not edit them by hand"))
    if values.given("document") and values["document"] != "utlatande-document/1" and values["layout"] is None:
        checker.add(values.pos, t("an approval of document format 2 or later needs its 'layout'"), t(BY_COMMAND))


APPROVAL = Schema(
    name="approval", what=N_("approval"), description="Ett godkännande, skrivet av 'utlatande approve'.",
    keys=(
        Key("name", LINE, "Den som godkände.", required=True),
        Key("title", LINE, "Titel.", required=True),
        Key("date", Date(), "Dagen för godkännandet.", required=True),
        Key("document", Text(pattern=r"utlatande-document/[0-9]{1,4}", problem=N_("'document' must be 'utlatande-document/N'")),
            "Versionen av dokumentets dataformat som fingeravtrycket gäller.", default="utlatande-document/1"),
        Key("content", FINGERPRINT, "Fingeravtrycket av dokumentets innehåll.", required=True),
        Key("text", FINGERPRINT, "Fingeravtrycket av den godkända texten i approvals/texts/, som binder den till "
            "godkännandet."),
        Key("layout", Names(FINGERPRINT,
                            name=Text(pattern=r"[^/\\].*", problem=N_("'{value}' is not a path inside the project"))),
            "Fingeravtrycken av filerna som bestämmer dokumentets utseende."),
        Key("migrated_from", FINGERPRINT, "Fingeravtrycket som signaturen gäller, för ett godkännande från en tidigare version."),
        Key("signature", Text(), "SSH-signatur över fingeravtrycken, namnet, titeln och datumet."),
    ),
    rules=(_approval_rules,),
)

APPROVALS = Schema(
    name="approvals", what=N_("approvals file"),
    description="Godkännanden av ett svar. Skrivs av 'utlatande approve'; redigera inte för hand.",
    keys=(
        Key("format", Whole(example=2), "Filens format.", default=1),
        Key("response", Text(), "Svaret som godkännandena gäller."),
        Key("approvals", ListOf(APPROVAL), "Godkännandena."),
    ),
)

#: The formats by the folder their files live in, for `utlatande schema` and editor settings.
FORMATS = {
    "responses": RESPONSE,
    "questions": SKRIVELSE,
    "fragments": FRAGMENT,
    "programmes": PROGRAMME,
    "organisations": ORGANISATION,
    "approvals": APPROVALS,
}

