"""The standard-answer library seen as a whole: where each fragment is used, and what to warn about.

Warnings do not stop a build: a fragment quoted after its programme expired, a fragment nobody
uses, free text that repeats a fragment, a source programme the registry does not know, a
fragment meant for another organisation, pinned versions that the newest would change, and a
skrivelse filed twice in questions/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.checks import rules
from generator.checks.case import check_case
from generator.checks.paste import contains, shared
from generator.checks.skrivelser import duplicate_skrivelser
from generator.errors import Position, Problems, SourceError, nearest
from generator.i18n import t
from generator.sources.layout import yaml_files
from generator.sources.load import YList, YMap, load_yaml
from generator.sources.placeholders import fragment_text
from generator.sources.project import Case, Library, load_case
from generator.sources.records import Fragment, FragmentRef, Markdown, TextPart
from generator.text.inline import inline_uses


@dataclass(frozen=True)
class Usage:
    """One reference to a fragment from a response."""

    case: Case
    ref: FragmentRef

    @property
    def version_label(self) -> str:
        current = self.case.fragments[self.ref.id].current.number
        if self.ref.version is None:
            return t("{version} (newest)", version=current)
        if self.ref.version != current:
            return t("{version} (pinned; newest {newest})", version=self.ref.version, newest=current)
        return t("{version} (pinned)", version=current)


def load_cases(library: Library, problems: Problems) -> list[Case]:
    """Every response that loads and passes its checks; the others' problems go to `problems`."""
    cases = []
    for path in yaml_files(library.layout.responses):
        try:
            loaded = load_case(path, library)
        except SourceError as exc:
            problems.extend(exc)
            continue
        found = loaded.problems
        if loaded.case is not None:
            found.items.extend(check_case(loaded.case).items)
        if found.errors or loaded.case is None:
            problems.items.extend(found.errors)
        else:
            cases.append(loaded.case)
    return cases


def usages(cases: list[Case]) -> dict[str, list[Usage]]:
    found: dict[str, list[Usage]] = {}
    for case in cases:
        for part in case.response.parts():
            if isinstance(part, FragmentRef) and part.id in case.fragments:
                found.setdefault(part.id, []).append(Usage(case, part))
    return found


def validity(fragment: Fragment, library: Library) -> tuple[dt.date | None, dt.date | None]:
    """The fragment's own validity, or else that of the programme it quotes."""
    if fragment.valid_from or fragment.valid_to:
        return fragment.valid_from, fragment.valid_to
    programme = library.programmes.get(fragment.source.name) if fragment.source else None
    return (programme.valid_from, programme.valid_to) if programme else (None, None)


def library_warnings(library: Library, cases: list[Case], all_loaded: bool) -> Problems:
    """The warnings about the library; "never used" only when every response could be read."""
    warnings = Problems()
    used = usages(cases)
    for fragment in library.fragments.values():
        if all_loaded and fragment.id not in used:
            warnings.report(rules.FRAGMENT_UNUSED, fragment.at, t("fragment '{id}' is not used by any response", id=fragment.id),
                            t("delete it if it is no longer needed, or keep it for future answers"))
        if fragment.source:
            _check_programme(fragment, fragment.source.name, library, warnings)
    for references in used.values():
        for usage in references:
            _check_usage(usage, library, warnings)
    for case in cases:
        _check_pastes(case, warnings)
    warnings.items.extend(duplicate_skrivelser(library.layout).items)
    for organisation in library.organisations.values():
        _check_profile_todos(organisation.path, library.layout.root, warnings)
    warnings.items.extend(uses_inside_fragments(library.fragments.values()).items)
    return warnings


def _check_profile_todos(path: Path, root: Path, warnings: Problems) -> None:
    """A value `init` left as TODO (a signatory, an avdelning) would be printed on every document."""
    pending: list[tuple[str, object, Position]] = [("", load_yaml(path, Problems(), root), Position(path))]
    while pending:
        key, value, at = pending.pop()
        if isinstance(value, YMap):
            pending.extend((f"{key}.{name}" if key else name, value[name], value.value_pos[name]) for name in reversed(value))
        elif isinstance(value, YList):
            pending.extend((key, item, place) for item, place in reversed(list(zip(value, value.item_pos, strict=True))))
        elif isinstance(value, str) and "TODO" in value:
            warnings.report(rules.PROFILE_TODO, at, t("the profile still says TODO in '{key}'", key=key),
                            t("replace the TODO with what belongs in '{key}'", key=key))


def uses_inside_fragments(fragments: Iterable[Fragment]) -> Problems:
    """A use of a standard text (`[[id]]`) written in a fragment's own text: only an officer's
    text is read for uses, so it would be printed as written (and a fragment that used others
    could multiply a document beyond every limit)."""
    problems = Problems()
    for fragment in fragments:
        for version in fragment.versions:
            for text in (version.text, *version.variants.values()):
                for use in inline_uses(text.text, text.at, Problems()):
                    problems.report(rules.FRAGMENT_USE_INSIDE, use.at,
                                    t("fragment '{id}' uses '{use}' inside its text, where it would be printed as written",
                                      id=fragment.id, use=use.id),
                                    t("write the wording here, or let the response use both fragments, one after the other"))
    return problems


def _check_programme(fragment: Fragment, programme: str, library: Library, warnings: Problems) -> None:
    """Warnings when the programme a fragment quotes is not in programmes/, or another replaces it."""
    if programme not in library.programmes:
        warnings.report(
            rules.PROGRAMME_UNKNOWN, fragment.at,
            t("fragment '{id}' quotes '{programme}', which is not in programmes/", id=fragment.id, programme=programme),
            nearest(programme, set(library.programmes))
            or t("add {folder}/<name>.yaml with the programme's name, period and validity", folder=library.layout.programmes),
        )
    replaced_by = next((p for p in library.programmes.values() if p.replaces == programme), None)
    if replaced_by:
        warnings.report(rules.PROGRAMME_REPLACED, fragment.at,
                        t("fragment '{id}' quotes '{programme}', which '{replacement}' replaces", id=fragment.id,
                          programme=programme, replacement=replaced_by.full_name),
                        t("check the wording against the new programme, and update the fragment's source"))


def _check_usage(usage: Usage, library: Library, warnings: Problems) -> None:
    response, ref = usage.case.response, usage.ref
    fragment = library.fragments[ref.id]
    start, end = validity(fragment, library)
    if end and response.date and response.date > end:
        if fragment.source:
            expired = t("the response is dated {date}, after '{programme}' stopped being valid ({end})", date=response.date,
                        programme=fragment.source.name, end=end)
        else:
            expired = t("the response is dated {date}, after fragment '{id}' stopped being valid ({end})", date=response.date,
                        id=fragment.id, end=end)
        warnings.report(rules.FRAGMENT_EXPIRED, ref.at, expired,
                        t("check whether a newer programme replaces it, and update the fragment or the answer"))
    if start and response.date and response.date < start:
        if fragment.source:
            early = t("the response is dated {date}, before '{programme}' is valid ({start})", date=response.date,
                      programme=fragment.source.name, start=start)
        else:
            early = t("the response is dated {date}, before fragment '{id}' is valid ({start})", date=response.date,
                      id=fragment.id, start=start)
        warnings.report(rules.FRAGMENT_EXPIRED, ref.at, early)
    organisation = response.organisation.value
    if fragment.organisations and organisation not in fragment.organisations:
        warnings.report(rules.FRAGMENT_ORGANISATION, ref.at,
                        t("fragment '{id}' is meant for {organisations}, not {organisation}", id=fragment.id,
                          organisations=", ".join(fragment.organisations), organisation=organisation),
                        t("add {organisation} to its 'organisations' if the wording fits", organisation=organisation))
    if ref.version is not None and ref.version != fragment.current.number:
        organisation_profile = usage.case.organisation
        pinned = fragment_text(fragment, ref, organisation_profile)
        newest = fragment_text(fragment, FragmentRef(ref.id, ref.variant, None, ref.at), organisation_profile)
        if " ".join(pinned.split()) != " ".join(newest.split()):
            warnings.report(rules.PINNED_VERSION, ref.at,
                            t("pinned to version {version} of '{id}': moving to version {newest} would change this "
                              "response's text",
                              version=ref.version, id=fragment.id, newest=fragment.current.number),
                            t("keep the pin for a response that is approved or sent; otherwise review and remove 'version'"))


def _check_pastes(case: Case, warnings: Problems) -> None:
    wordings = {fid: _wordings(fragment, case) for fid, fragment in case.fragments.items()}
    excerpts = _excerpts(case)
    for part in case.response.parts():
        if not isinstance(part, TextPart):
            continue
        for fid, texts in wordings.items():
            matches = [m for m in (shared(part.text.text, text) for text in texts) if m]
            if matches:
                match = max(matches, key=lambda m: m.common)
                warnings.report(
                    rules.PASTE, _at(part.text, match.start),
                    t("this text repeats fragment '{id}' ({count} words in common): reference it instead", id=fid,
                      count=match.common),
                    t("replace the passage with '- fragment: {id}' (or lift it out with 'utlatande fragment extract')", id=fid),
                )
        for fid, name, excerpt in excerpts:
            start = contains(part.text.text, excerpt)
            if start is not None:
                warnings.report(
                    rules.PASTE, _at(part.text, start),
                    t("this sentence repeats the excerpt '{name}' of fragment '{id}' word for word", name=name, id=fid),
                    t("write [[{id}#{name}]] in its place, so that it follows the fragment", id=fid, name=name),
                )


def _excerpts(case: Case) -> list[tuple[str, str, str]]:
    """The excerpts of the fragments' current versions as they read for this organisation."""
    found = []
    for fid, fragment in case.fragments.items():
        for name in fragment.current.excerpts:
            try:
                text = fragment_text(fragment, FragmentRef(fid, None, None, fragment.at, name), case.organisation)
            except SourceError:
                continue
            found.append((fid, name, text))
    return found


def _wordings(fragment: Fragment, case: Case) -> list[str]:
    """Every wording of the fragment (versions and variants), as it reads for this organisation."""
    texts = []
    for version in fragment.versions:
        for variant in (None, *version.variants):
            ref = FragmentRef(fragment.id, variant, version.number, fragment.at)
            try:
                texts.append(fragment_text(fragment, ref, case.organisation))
            except SourceError:
                texts.append(version.wording(variant).text)
    return texts


def _at(text: Markdown, offset: int) -> Position:
    return text.at.shifted(text.text.count("\n", 0, offset))


def response_title(case: Case) -> str:
    return case.response.title or case.skrivelse.title
