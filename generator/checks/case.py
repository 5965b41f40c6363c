"""Checks of one response beyond its file's format: references exist, every question is answered, its
Markdown holds only what a document can, the
dnr fits the profile, dates are in order, no TODO is left, phone numbers can be read. Each problem names its rule."""

from __future__ import annotations

import difflib

from generator.checks import rules
from generator.checks.phones import phone_problems
from generator.checks.skrivelser import namnd_key
from generator.checks.texts import text_problems
from generator.errors import Problems, SourceError, nearest
from generator.i18n import t
from generator.sources.placeholders import used_inlines
from generator.sources.project import Case
from generator.sources.records import (
    Dnr,
    FragmentRef,
    Organisation,
    QuestionRef,
    TextPart,
)


def check_case(case: Case) -> Problems:
    """Every cross-file problem of one response."""
    problems = Problems()
    _check_dnr(case, problems)
    _check_avdelning(case, problems)
    _check_answers(case, problems)
    _check_case_questions(case, problems)
    _check_fragments(case, problems)
    _check_dates(case, problems)
    _check_addressee(case, problems)
    _check_todo(case, problems)
    problems.items.extend(text_problems(case.response).items)
    problems.items.extend(phone_problems(case).items)
    response, organisation = case.response, case.organisation
    if response.signatories is None and not organisation.signatories and response.complete:
        problems.report(
            rules.SIGNATORIES, response.at,
            t("the response has no signatories, and the organisation profile names none"),
            t("add 'signatories:' to the response or to {profile}", profile=organisation.path),
        )
    return problems


def prefix_problem(dnr: Dnr, organisation: Organisation, organisations: dict[str, Organisation]) -> tuple[str, str] | None:
    """What is wrong with the dnr's prefix for `organisation`, and what to do; None if nothing.
    Without a prefix of its own in the profile, an organisation may not use another's."""
    own = organisation.dnr_prefix
    if own and dnr.prefix != own:
        return (t("the dnr prefix '{prefix}' does not belong to {forvaltning}", prefix=dnr.prefix,
                  forvaltning=organisation.forvaltning),
                t("{forvaltning} registers under '{own}', e.g. '{own} {year}/{serial}'", forvaltning=organisation.forvaltning,
                  own=own, year=dnr.year, serial=dnr.serial))
    owner = next((o for o in organisations.values() if o.id != organisation.id and o.dnr_prefix == dnr.prefix), None)
    if own is None and owner is not None:
        return (t("the dnr prefix '{prefix}' is {owner}'s ({profile}), not {forvaltning}'s", prefix=dnr.prefix,
                  owner=owner.forvaltning, profile=owner.path.name, forvaltning=organisation.forvaltning),
                t("use {forvaltning}'s own prefix (the registrar knows it) and add it to its profile as dnr_prefix",
                  forvaltning=organisation.forvaltning))
    return None


def _check_dnr(case: Case, problems: Problems) -> None:
    dnr = case.response.dnr
    if dnr is None:
        return
    wrong = prefix_problem(dnr, case.organisation, case.organisations)
    if wrong:
        problems.report(rules.DNR_PREFIX, dnr.at, *wrong)
    if case.response.date and dnr.year > case.response.date.year:
        problems.report(
            rules.DNR_YEAR, dnr.at,
            t("the dnr year {year} is after the date of the tjänsteutlåtande ({date})", year=dnr.year, date=case.response.date),
            t("check the dnr and the 'date'"),
        )


def _check_addressee(case: Case, problems: Problems) -> None:
    """A warning when the skrivelse went to another nämnd than the one the response is for."""
    to = case.response.namnd or case.organisation.namnd.name
    written = case.skrivelse.addressee
    if written and namnd_key(written) != namnd_key(to):
        problems.report(rules.ADDRESSEE, case.response.skrivelse.at,
                        t("the skrivelse is addressed to {written}, but this response goes to {to}", written=written, to=to),
                        t("check 'organisation' (or 'namnd') here, and 'to' in the skrivelse"))


def _check_dates(case: Case, problems: Problems) -> None:
    """Warnings for dates in an impossible order; each names both dates."""
    response, written = case.response, case.skrivelse.date
    if response.date is None:  # already reported
        return
    if written and written > response.date:
        problems.report(rules.DATE_ORDER, response.skrivelse.at,
                        t("the skrivelse is dated {written}, after the tjänsteutlåtande ({date})", written=written,
                          date=response.date),
                        t("check 'date' here and in the skrivelse"))
    if response.meeting is None:
        if response.complete:  # an invalid 'meeting' is already reported
            problems.report(rules.MEETING_MISSING, response.at,
                            t("no meeting date yet: the header says '[sammanträde ej bestämt]'"),
                            t("add 'meeting: YYYY-MM-DD' when the nämnd's meeting is known"))
        return
    if response.date > response.meeting:
        problems.report(rules.DATE_ORDER, response.at,
                        t("the tjänsteutlåtande is dated {date}, after the nämnd's meeting ({meeting})", date=response.date,
                          meeting=response.meeting),
                        t("check 'date' and 'meeting'"))
    fg = response.beredning.forvaltningsgrupp
    if fg and fg > response.meeting:
        problems.report(rules.DATE_ORDER, response.at,
                        t("the förvaltningsgrupp treated the case on {date}, after the nämnd's meeting ({meeting})", date=fg,
                          meeting=response.meeting),
                        t("check 'beredning.forvaltningsgrupp' and 'meeting'"))


def _check_todo(case: Case, problems: Problems) -> None:
    """Drafts from 'utlatande new' say TODO where the officer still has to write."""
    for part in case.response.parts():
        if isinstance(part, TextPart) and "TODO" in part.text.text:
            problems.report(rules.TODO, part.text.at.shifted(part.text.text[:part.text.text.index("TODO")].count("\n")),
                            t("the text still says TODO"), t("write the text, or remove the part"))
    for unit in case.response.beredning.units:
        if "TODO" in unit.value:
            problems.report(rules.TODO, unit.at, t("beredning.units still says TODO"), t("name the units that prepared the case"))


def _check_avdelning(case: Case, problems: Problems) -> None:
    avdelning, known = case.response.avdelning, case.organisation.avdelningar
    if avdelning and known and avdelning.value not in known:
        problems.report(
            rules.AVDELNING, avdelning.at,
            t("'{avdelning}' is not an avdelning of {forvaltning}", avdelning=avdelning.value,
              forvaltning=case.organisation.forvaltning),
            nearest(avdelning.value, set(known)),
        )


def _check_case_questions(case: Case, problems: Problems) -> None:
    """Questions Ärendet quotes in the officer's wording: each a question of the skrivelse,
    once, its wording shown against the skrivelse's."""
    asked = {q.id: q.text for q in case.skrivelse.questions}
    worded: dict[str, int] = {}
    for ref in case.response.case_questions:
        if ref.id not in asked:
            problems.report(rules.QUESTION_UNKNOWN, ref.at, t("the skrivelse has no question '{id}'", id=ref.id),
                            nearest(ref.id, set(asked)))
        elif ref.id in worded:
            problems.report(rules.QUESTION_TWICE, ref.at,
                            t("question '{id}' is already worded on line {line}", id=ref.id, line=worded[ref.id]),
                            t("give each question's wording once"))
        else:
            worded[ref.id] = ref.at.line
            _check_wording(ref, asked[ref.id], problems)


def _check_answers(case: Case, problems: Problems) -> None:
    skrivelse = case.skrivelse
    asked = {q.id: q.text for q in skrivelse.questions}
    answered: dict[str, int] = {}
    for answer in case.response.answers:
        for ref in answer.questions:
            if ref.id not in asked:
                problems.report(rules.QUESTION_UNKNOWN, ref.at, t("the skrivelse has no question '{id}'", id=ref.id),
                                nearest(ref.id, set(asked)))
            elif ref.id in answered:
                problems.report(rules.QUESTION_TWICE, ref.at,
                                t("question '{id}' is already answered on line {line}", id=ref.id, line=answered[ref.id]),
                                t("answer each question once"))
            else:
                answered[ref.id] = ref.at.line
                _check_wording(ref, asked[ref.id], problems)
        if case.question_style == "grouped" and answer.questions and not answer.heading and not skrivelse.numbered:
            problems.report(rules.ANSWER_HEADING, answer.at,
                            t("in the grouped question style this answer needs a 'heading': the skrivelse's questions "
                              "have no numbers to name them by"),
                            t("add heading: with a few words on what the questions are about"))
    if not answered or not case.response.complete:
        return
    for question in skrivelse.questions:
        if question.id not in answered:
            problems.report(
                rules.QUESTION_UNANSWERED, case.response.at,
                t("question '{id}' of the skrivelse is never answered", id=question.id),
                t("add an answer with 'questions: [{id}]', or answer it together with another question", id=question.id),
            )


def _check_wording(ref: QuestionRef, asked: str, problems: Problems) -> None:
    """An officer's wording of a question is shown against the skrivelse's, word by word, so
    that a changed meaning is seen in review."""
    if ref.wording is None:
        return
    ours, theirs = ref.wording.split(), asked.split()
    if ours == theirs:
        problems.report(rules.QUESTION_WORDING_SAME, ref.at,
                        t("question '{id}' is worded exactly as in the skrivelse", id=ref.id),
                        t("remove 'wording'"))
        return
    changes = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, theirs, ours, autojunk=False).get_opcodes():
        if op == "equal":
            changes.append(" ".join(theirs[a1:a2]))
        if op in ("replace", "delete"):
            changes.append("[-" + " ".join(theirs[a1:a2]) + "-]")
        if op in ("replace", "insert"):
            changes.append("{+" + " ".join(ours[b1:b2]) + "+}")
    problems.report(rules.QUESTION_REWORDED, ref.at,
                    t("question '{id}' is printed in the response's own words: {changes}", id=ref.id,
                      changes=" ".join(changes)),
                    t("check that the question still asks what the skrivelse asks"))


def _check_fragments(case: Case, problems: Problems) -> None:
    for part in case.response.parts():
        if isinstance(part, FragmentRef):
            fid = part.id
            fragment = case.fragments.get(fid)
            if fragment is None:
                problems.report(rules.FRAGMENT_UNKNOWN, part.at, t("unknown fragment '{id}'", id=fid),
                                nearest(fid, set(case.fragments)))
                continue
            version = fragment.version(part.version)
            if version is None:
                known = ", ".join(str(v.number) for v in sorted(fragment.versions, key=lambda v: v.number))
                problems.report(rules.FRAGMENT_VERSION, part.at,
                                t("fragment '{id}' has no version {version}", id=fid, version=part.version),
                                t("the versions there are: {versions}", versions=known))
            elif part.excerpt and part.excerpt not in version.excerpts:
                problems.report(
                    rules.FRAGMENT_EXCERPT, part.at,
                    t("fragment '{id}' has no excerpt '{excerpt}'", id=fid, excerpt=part.excerpt),
                    nearest(part.excerpt, set(version.excerpts)) or t("name the passage under 'excerpts:' in {path}",
                                                                       path=fragment.path.name),
                )
            elif part.inline:
                try:
                    used_inlines(part, fragment, case.organisation)
                except SourceError as exc:
                    problems.extend(exc)
            elif part.variant and part.variant not in version.variants:
                problems.report(
                    rules.FRAGMENT_VARIANT, part.at,
                    t("fragment '{id}' has no variant '{variant}' in version {version}", id=fid, variant=part.variant,
                      version=version.number) if part.version
                    else t("fragment '{id}' has no variant '{variant}'", id=fid, variant=part.variant),
                    nearest(part.variant, set(version.variants)) or t("this fragment has no variants"),
                )
