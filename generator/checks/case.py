"""Checks of one response beyond its file's format: references exist, every question is answered, its
Markdown holds only what a document can, the
dnr fits the profile, dates are in order, no TODO is left. Each problem names its rule."""

from __future__ import annotations

from generator.checks import rules
from generator.checks.texts import text_problems
from generator.errors import Problems, nearest
from generator.sources.project import Case
from generator.sources.records import Dnr, FragmentRef, Organisation, TextPart


def check_case(case: Case) -> Problems:
    """Every cross-file problem of one response."""
    problems = Problems()
    _check_dnr(case, problems)
    _check_avdelning(case, problems)
    _check_answers(case, problems)
    _check_fragments(case, problems)
    _check_dates(case, problems)
    _check_addressee(case, problems)
    _check_todo(case, problems)
    problems.items.extend(text_problems(case.response).items)
    response, organisation = case.response, case.organisation
    if response.signatories is None and not organisation.signatories and response.complete:
        problems.report(
            rules.SIGNATORIES, response.at,
            "the response has no signatories, and the organisation profile names none",
            f"add 'signatories:' to the response or to {organisation.path}",
        )
    return problems


def prefix_problem(dnr: Dnr, organisation: Organisation, organisations: dict[str, Organisation]) -> tuple[str, str] | None:
    """What is wrong with the dnr's prefix for `organisation`, and what to do; None if nothing.
    Without a prefix of its own in the profile, an organisation may not use another's."""
    own = organisation.dnr_prefix
    if own and dnr.prefix != own:
        return (f"the dnr prefix '{dnr.prefix}' does not belong to {organisation.forvaltning}",
                f"{organisation.forvaltning} registers under '{own}', e.g. '{own} {dnr.year}/{dnr.serial}'")
    owner = next((o for o in organisations.values() if o.id != organisation.id and o.dnr_prefix == dnr.prefix), None)
    if own is None and owner is not None:
        return (f"the dnr prefix '{dnr.prefix}' is {owner.forvaltning}'s ({owner.path.name}), not {organisation.forvaltning}'s",
                f"use {organisation.forvaltning}'s own prefix (the registrar knows it) and add it to its profile as dnr_prefix")
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
            f"the dnr year {dnr.year} is after the date of the tjänsteutlåtande ({case.response.date})",
            "check the dnr and the 'date'",
        )


def _check_addressee(case: Case, problems: Problems) -> None:
    """A warning when the skrivelse went to another nämnd than the one the response is for."""
    to = case.response.namnd or case.organisation.namnd.name
    written = case.skrivelse.addressee

    def plain(name: str) -> str:
        return " ".join(name.casefold().removeprefix("till ").split())

    if written and plain(written) != plain(to):
        problems.report(rules.ADDRESSEE, case.response.skrivelse.at,
                        f"the skrivelse is addressed to {written}, but this response goes to {to}",
                        "check 'organisation' (or 'namnd') here, and 'to' in the skrivelse")


def _check_dates(case: Case, problems: Problems) -> None:
    """Warnings for dates in an impossible order; each names both dates."""
    response, written = case.response, case.skrivelse.date
    if response.date is None:  # already reported
        return
    if written and written > response.date:
        problems.report(rules.DATE_ORDER, response.skrivelse.at,
                        f"the skrivelse is dated {written}, after the tjänsteutlåtande ({response.date})",
                        "check 'date' here and in the skrivelse")
    if response.meeting is None:
        if response.complete:  # an invalid 'meeting' is already reported
            problems.report(rules.MEETING_MISSING, response.at, "no meeting date yet: the header says '[sammanträde ej bestämt]'",
                            "add 'meeting: YYYY-MM-DD' when the nämnd's meeting is known")
        return
    if response.date > response.meeting:
        problems.report(rules.DATE_ORDER, response.at,
                        f"the tjänsteutlåtande is dated {response.date}, after the nämnd's meeting ({response.meeting})",
                        "check 'date' and 'meeting'")
    fg = response.beredning.forvaltningsgrupp
    if fg and fg > response.meeting:
        problems.report(rules.DATE_ORDER, response.at,
                        f"the förvaltningsgrupp treated the case on {fg}, after the nämnd's meeting ({response.meeting})",
                        "check 'beredning.forvaltningsgrupp' and 'meeting'")


def _check_todo(case: Case, problems: Problems) -> None:
    """Drafts from 'utlatande new' say TODO where the officer still has to write."""
    for part in case.response.parts():
        if isinstance(part, TextPart) and "TODO" in part.text.text:
            problems.report(rules.TODO, part.text.at.shifted(part.text.text[:part.text.text.index("TODO")].count("\n")),
                            "the text still says TODO", "write the text, or remove the part")
    for unit in case.response.beredning.units:
        if "TODO" in unit.value:
            problems.report(rules.TODO, unit.at, "beredning.units still says TODO", "name the units that prepared the case")


def _check_avdelning(case: Case, problems: Problems) -> None:
    avdelning, known = case.response.avdelning, case.organisation.avdelningar
    if avdelning and known and avdelning.value not in known:
        problems.report(
            rules.AVDELNING, avdelning.at,
            f"'{avdelning.value}' is not an avdelning of {case.organisation.forvaltning}",
            nearest(avdelning.value, set(known)),
        )


def _check_answers(case: Case, problems: Problems) -> None:
    skrivelse = case.skrivelse
    ids = {q.id for q in skrivelse.questions}
    answered: dict[str, int] = {}
    for answer in case.response.answers:
        for ref in answer.questions:
            if ref.id not in ids:
                problems.report(rules.QUESTION_UNKNOWN, ref.at, f"the skrivelse has no question '{ref.id}'", nearest(ref.id, ids))
            elif ref.id in answered:
                problems.report(rules.QUESTION_TWICE, ref.at,
                                f"question '{ref.id}' is already answered on line {answered[ref.id]}", "answer each question once")
            else:
                answered[ref.id] = ref.at.line
    if not answered or not case.response.complete:
        return
    for question in skrivelse.questions:
        if question.id not in answered:
            problems.report(
                rules.QUESTION_UNANSWERED, case.response.at,
                f"question '{question.id}' of the skrivelse is never answered",
                f"add an answer with 'questions: [{question.id}]', or answer it together with another question",
            )


def _check_fragments(case: Case, problems: Problems) -> None:
    for part in case.response.parts():
        if isinstance(part, FragmentRef):
            fid = part.id
            fragment = case.fragments.get(fid)
            if fragment is None:
                problems.report(rules.FRAGMENT_UNKNOWN, part.at, f"unknown fragment '{fid}'", nearest(fid, set(case.fragments)))
                continue
            version = fragment.version(part.version)
            if version is None:
                known = ", ".join(str(v.number) for v in sorted(fragment.versions, key=lambda v: v.number))
                problems.report(rules.FRAGMENT_VERSION, part.at, f"fragment '{fid}' has no version {part.version}",
                                f"its versions are {known}")
            elif part.variant and part.variant not in version.variants:
                problems.report(
                    rules.FRAGMENT_VARIANT, part.at,
                    f"fragment '{fid}' has no variant '{part.variant}'"
                    + (f" in version {version.number}" if part.version else ""),
                    nearest(part.variant, set(version.variants)) or "this fragment has no variants",
                )
