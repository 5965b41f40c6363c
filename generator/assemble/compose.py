"""Builds the document model of one response from its sources and the templates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from generator import swedish
from generator.assemble.templates import (
    DOCUMENT_TEMPLATE,
    PHRASES_TEMPLATE,
    Raw,
    Templates,
    markdown_escape,
)
from generator.errors import Position, SourceError
from generator.i18n import t
from generator.limits import MAX_BLOCKS, MAX_DOCUMENT_BYTES, MAX_WORDS
from generator.model import lists
from generator.model.document import (
    Block,
    Document,
    Emph,
    Inline,
    Labelled,
    Letterhead,
    ListBlock,
    Metadata,
    PageHeader,
    Paragraph,
    Picture,
    Signatures,
    Signer,
    Text,
    Title,
    count_blocks,
    plain,
)
from generator.sources.placeholders import fragment_text, referenced, used_inlines
from generator.sources.project import Case
from generator.sources.records import (
    INSIDE,
    OUTSIDE,
    Answer,
    Approval,
    CitationForm,
    Footer,
    Fragment,
    FragmentRef,
    Markdown,
    Part,
    Signatory,
    Source,
    TextPart,
)
from generator.text.inline import tokenised
from generator.text.markdown import BlockSlots, template_blocks, user_blocks
from generator.text.uses import Placed, spliced

LANGUAGE = "sv-SE"

#: Heading level of a question under "Förvaltningens synpunkter och förslag" (a level-1 section).
QUESTION_LEVEL = 2


def assemble(case: Case, templates: Templates, approvals: tuple[Approval, ...] = (), draft: bool = True) -> Document:
    """The document model of `case`: header, body blocks and metadata.

    `approvals` are the valid ones, shown in the "Attesterat av" table; a `draft` is marked
    UTKAST. Both are left out of the fingerprint that approvals are bound to.
    """
    response, skrivelse, organisation = case.response, case.skrivelse, case.organisation
    assert response.date is not None, "a response is assembled only when its checks pass"
    phrase = templates.phrase
    namnd = organisation.namnd
    slots = BlockSlots()

    # The derived summary is made of the skrivelse's words: escaped, so they stay text.
    summary = response.summary or (TextPart(Markdown(markdown_escape(phrase("summary", skrivelse, namnd)), response.at)),)
    # Ärendet quotes the skrivelse's questions, each in the officer's wording where one is given.
    worded = {ref.id: ref.wording for ref in response.case_questions if ref.wording}
    questions = [{"id": q.id, "number": i + 1, "text": worded.get(q.id, q.text)} for i, q in enumerate(skrivelse.questions)]
    style = case.question_style
    _template_knows(templates, (
        (DOCUMENT_TEMPLATE, "question_style", style != "headings",
         response.at if response.question_style else Position(organisation.path)),
        (DOCUMENT_TEMPLATE, "case_after", bool(response.case_after), response.at),
        (PHRASES_TEMPLATE, "and_others", skrivelse.and_others and not response.summary, Position(skrivelse.path)),
    ))
    answers = [_answer_context(answer, case, templates, slots, style) for answer in response.answers]
    title = response.title or skrivelse.title
    context = {
        "title": title,
        "subtitle": response.subtitle or phrase("subtitle", skrivelse.party),
        "decision": response.decision or phrase("decision", namnd),
        "summary_blocks": Raw(slots.add(_parts_blocks(summary, case, templates, 1))),
        "background_blocks": Raw(slots.add(_parts_blocks(response.background, case, templates, 1)))
        if response.background else Raw(""),
        "case_intro": Raw(slots.add(_parts_blocks(response.case_intro, case, templates, 1)
                                    if response.case_intro else (Paragraph((Text(phrase("case_intro", skrivelse)),)),))),
        "case_after": Raw(slots.add(_parts_blocks(response.case_after, case, templates, 1)))
        if response.case_after else Raw(""),
        "numbered": skrivelse.numbered,
        "question_style": case.question_style,
        "questions": questions,
        "beredning_blocks": Raw(slots.add(_beredning(case, templates))),
        "answers": answers,
        "closing": response.closing or phrase("closing", namnd),
        "signature_blocks": Raw(slots.add((_signatures(case),))),
        "attachments": _attachments(case),
        "approvals": [
            {"name": a.name, "title": a.title, "date": swedish.iso_date(a.date)} for a in _approval_order(case, approvals)
        ],
    }
    _within_limits((context, slots.blocks), response.at)
    body = template_blocks(templates.document(context), Position(templates.folder / DOCUMENT_TEMPLATE), slots)
    blocks = count_blocks(body)
    if blocks > MAX_BLOCKS:
        raise SourceError.at(
            response.at,
            t("the document would have {blocks} paragraphs, list items and table rows; at most {limit} can be built",
              blocks=blocks, limit=MAX_BLOCKS),
            t("a tjänsteutlåtande has about a hundred: is a text pasted many times, or a list of data that belongs "
              "in an attachment (Bilaga)?"))
    title = next((plain(b.inlines) for b in body if isinstance(b, Title)), title)
    dnr_text = phrase("dnr", str(response.dnr) if response.dnr else "")
    return Document(
        meta=Metadata(
            title=title,
            author=organisation.forvaltning,
            subject=str(response.dnr) if response.dnr else "",
            keywords=", ".join(filter(None, ["Tjänsteutlåtande", dnr_text, response.namnd or namnd.name])),
            language=LANGUAGE,
            date=response.date,
        ),
        header=_page_header(case, templates, dnr_text, templates.phrase("draft") if draft else ""),
        body=body,
    )


def _within_limits(expanded: object, at: Position) -> None:
    """Refuses a document whose text, with every fragment and every use of one inside a sentence
    put in, has more words or bytes than a document may (limits.py), before the template and
    the writers make it. Counting stops at the limit, so a text that would expand to gigabytes
    is refused as fast as one just over it."""
    words = size = 0
    for text in _texts(expanded):
        words += len(text.split())
        size += len(text.encode("utf-8", "surrogatepass"))
        if words > MAX_WORDS or size > MAX_DOCUMENT_BYTES:
            said = (t("the document would have more than {limit} words once its fragments are put in", limit=MAX_WORDS)
                    if words > MAX_WORDS else
                    t("the document's text would be larger than {limit} MB once its fragments are put in",
                      limit=MAX_DOCUMENT_BYTES // 1_000_000))
            raise SourceError.at(at, said, t("a tjänsteutlåtande has a few thousand words: is a fragment used many times "
                                             "inside sentences, or a text pasted many times?"))


def _texts(value: object) -> Iterator[str]:
    """Every text in `value`: blocks, inlines, and the mappings and lists of the template's context."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif (fields := getattr(type(item), "__dataclass_fields__", None)) is not None:  # a block or an inline
            stack.extend(getattr(item, name) for name in fields)


def _template_knows(templates: Templates, wanted: tuple[tuple[str, str, bool, Position], ...]) -> None:
    """Refuses a key the sources use (at `Position`) that the template (the document's, or the
    phrases') does not read, instead of leaving it out of the document without a word."""
    for template, key, used, at in wanted:
        if used and not (templates.reads(key) if template == DOCUMENT_TEMPLATE else templates.mentions(key)):
            raise SourceError.at(
                at, t("'{key}' is used, but {template} does not read it", key=key,
                      template=f"{templates.folder.name}/{template}"),
                t("templates copied by an earlier version of utlatande lack what was added since: 'utlatande init' "
                  "in an empty folder writes today's, to copy from"))


def marked_draft(content: Document, templates: Templates) -> Document:
    """The draft of a document assembled without approvals: the same, marked in the page
    header (what `assemble(…, approvals=(), draft=True)` gives, without assembling again)."""
    return replace(content, header=replace(content.header, marking=templates.phrase("draft")))


def _page_header(case: Case, templates: Templates, dnr_text: str, marking: str) -> PageHeader:
    response, organisation = case.response, case.organisation
    assert response.date is not None, "a response is assembled only when its checks pass"
    phrase = templates.phrase
    handlaggare = None
    if response.handlaggare:
        person = response.handlaggare
        lines = [person.name]
        if person.phone:
            lines.append(phrase("telefon", swedish.phone(person.phone.value, case.handlaggare_phone_grouped)))
        if person.email:
            lines.append(phrase("epost", person.email))
        handlaggare = Labelled(phrase("handlaggare"), tuple(lines))
    return PageHeader(
        forvaltning=organisation.forvaltning,
        avdelning=response.avdelning.value if response.avdelning else None,
        kind=phrase("kind"),
        dnr=dnr_text,
        date=swedish.iso_date(response.date),
        page_label=phrase("page"),
        marking=marking,
        handlaggare=handlaggare,
        addressee=Labelled(phrase("till"), (response.namnd or organisation.namnd.name, phrase("meeting", response.meeting))),
        letterhead=_letterhead(case, templates),
    )


def _letterhead(case: Case, templates: Templates) -> Letterhead:
    """The profile's identity as printed: the logo's bytes, the city line, the footer's lines
    (the addresses on one, the numbers and the website on the next)."""
    organisation, phrase = case.organisation, templates.phrase
    logo = organisation.logo
    picture = Picture(logo.data, logo.media_type, logo.alt, logo.path) if logo else None
    footer = organisation.footer or Footer()
    switchboard = swedish.phone(footer.switchboard.value, organisation.groups_phones) if footer.switchboard else None
    lines: tuple[tuple[str | None, ...], ...] = (
        (footer.postal_address and phrase("footer_postal", footer.postal_address),
         footer.visiting_address and phrase("footer_visiting", footer.visiting_address)),
        (switchboard and phrase("footer_switchboard", switchboard),
         footer.org_nr and phrase("footer_org_nr", footer.org_nr), footer.website),
    )
    return Letterhead(organisation.city, picture, tuple(items for line in lines if (items := tuple(filter(None, line)))))


def _answer_context(answer: Answer, case: Case, templates: Templates, slots: BlockSlots, style: str) -> dict:
    """An answer as the template shows it: its questions (in the officer's wording where one is
    given: the answer's own, else Ärendet's), its heading, and its blocks. In the "grouped" style
    an answer to questions always has a heading: its own, or one naming the questions' numbers."""
    skrivelse = case.skrivelse
    texts = {question.id: question.text for question in skrivelse.questions}  # each reference is checked to be there
    texts.update({ref.id: ref.wording for ref in case.response.case_questions if ref.wording})
    questions = [
        {"id": ref.id, "number": skrivelse.number(ref.id), "text": ref.wording or texts[ref.id]}
        for ref in answer.questions
    ]
    heading = answer.heading
    if style == "grouped" and questions and not heading:
        heading = templates.phrase("question_group", [q["number"] for q in questions])
    base = QUESTION_LEVEL if questions or heading else QUESTION_LEVEL - 1
    blocks = _parts_blocks(answer.parts, case, templates, base)
    return {"questions": questions, "heading": heading, "blocks": Raw(slots.add(blocks)),
            "question_list": Raw(slots.add(_question_list(questions, skrivelse.numbered))) if questions else Raw("")}


def _question_list(questions: list[dict], numbered: bool) -> tuple[ListBlock, ...]:
    """An answer's questions quoted in italics before it, kept on the page of the answer. Each
    numbered question is a list of its own, so it keeps its number in the skrivelse (3 and 5)."""
    def item(question: dict) -> tuple[Paragraph, ...]:
        return (Paragraph((Emph((Text(question["text"]),)),)),)
    if numbered:
        return tuple(ListBlock(True, q["number"], (item(q),), lists.marker(True, 0), keep_with_next=True) for q in questions)
    return (ListBlock(False, 1, tuple(item(q) for q in questions), lists.marker(False, 0), keep_with_next=True),)


def _parts_blocks(parts: tuple[Part, ...], case: Case, templates: Templates, base: int) -> tuple[Block, ...]:
    """The blocks of fragment references and free Markdown, in order; headings below `base`."""
    blocks: list[Block] = []
    for part in parts:
        if isinstance(part, FragmentRef):
            blocks.extend(_fragment_blocks(case.fragments[part.id], part, case, templates, base))
        elif part.uses:
            text = user_blocks(tokenised(part.text.text), part.text.at, base)
            blocks.extend(spliced(text, [Placed(use.at, use.id, _use_inlines(use, case, base),
                                                case.fragments[use.id].proper_names) for use in part.uses]))
        else:
            blocks.extend(user_blocks(part.text.text, part.text.at, base))
    return tuple(blocks)


def _use_inlines(use: FragmentRef, case: Case, base: int) -> tuple[Inline, ...]:
    """The wording a use inside a sentence stands for: one paragraph's inlines."""
    return used_inlines(use, case.fragments[use.id], case.organisation, base)


def _fragment_blocks(fragment: Fragment, ref: FragmentRef, case: Case, templates: Templates,
                     base: int) -> list[Block]:
    source = referenced(fragment, ref)
    blocks = list(user_blocks(fragment_text(fragment, ref, case.organisation), source.at, base))
    if fragment.quotation and fragment.source:
        citation = Text(templates.phrase("citation", _citation(fragment.source, case, ref, templates)))
        if blocks and isinstance(blocks[-1], Paragraph):
            blocks[-1] = Paragraph((*blocks[-1].inlines, Text(" "), citation))
        else:
            blocks.append(Paragraph((citation,)))
    return blocks


def _citation(source: Source, case: Case, ref: FragmentRef, templates: Templates) -> dict:
    """What the citation macro prints of a quoted programme: in the form its programme asks,
    unless the response, or this use, asks another (for its own quotations only)."""
    programme = case.programmes.get(source.name)
    form = programme.citation if programme else CitationForm()
    for choice in (case.response.citation, ref.citation):
        if choice is not None:
            form = choice.over(form)
    _template_knows(templates, ((PHRASES_TEMPLATE, "full_stop_outside", form.full_stop == OUTSIDE, ref.at),))
    return {"name": source.name.replace("–", form.dash) if source.period else source.name,
            "section": source.section, "lead": form.lead, "full_stop": form.full_stop == INSIDE,
            "full_stop_outside": form.full_stop == OUTSIDE}


def _beredning(case: Case, templates: Templates) -> tuple[Block, ...]:
    """Ärendets beredning: the officer's own text, else one paragraph from the `beredning` phrase;
    with a phrases.j2 copied before that macro, as that version printed it (so its documents,
    and their approvals, stay as they were)."""
    beredning = case.response.beredning
    if beredning.text:
        return user_blocks(beredning.text.text, beredning.text.at, 1)
    phrase = templates.phrase
    if templates.has_phrase("beredning"):
        text = phrase("beredning", [unit.value for unit in beredning.units], beredning.forvaltningsgrupp,
                      beredning.councils)
        return (Paragraph((Text(text),)),) if text else ()
    sentences = []
    if beredning.units:
        sentences.append(phrase("beredning_units", [unit.value for unit in beredning.units]))
    if beredning.forvaltningsgrupp:
        sentences.append(phrase("beredning_forvaltningsgrupp", beredning.forvaltningsgrupp))
    blocks: list[Block] = [Paragraph((Text(" ".join(sentences)),))] if sentences else []
    blocks.extend(Paragraph((Text(phrase("beredning_council", c)),)) for c in beredning.councils)
    return tuple(blocks)


def _signatories(case: Case) -> tuple[Signatory, ...]:
    """Who signs: the response's signatories, else its profile's."""
    response = case.response
    return response.signatories if response.signatories is not None else case.organisation.signatories


def _signatures(case: Case) -> Signatures:
    return Signatures(tuple(
        Signer(s.name, s.title, s.organisation or case.organisation.forvaltning) for s in _signatories(case)
    ))


def _approval_order(case: Case, approvals: tuple[Approval, ...]) -> list[Approval]:
    """The approval table's order: as the response's `approval_order` names them, else as the
    signatories stand (the response's, else the profile's); anyone not named after them, by the
    date of their approval, then by name."""
    order = case.response.approval_order or tuple(s.name for s in _signatories(case))
    rank = {name: index for index, name in enumerate(order)}
    return sorted(approvals, key=lambda a: (rank.get(a.name, len(rank)), a.date, a.name))


def _attachments(case: Case) -> list[str]:
    attachments = [case.skrivelse.title] if case.response.attach_skrivelse else []
    return attachments + list(case.response.attachments)
