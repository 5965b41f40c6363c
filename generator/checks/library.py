"""The standard-answer library seen as a whole: where each fragment is used, and what to warn about.

Warnings do not stop a build: a fragment quoted after its programme expired, a fragment nobody
uses, free text that repeats a fragment, a source programme the registry does not know, a
fragment meant for another organisation, and pinned versions that the newest would change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.checks import rules
from generator.checks.case import check_case
from generator.checks.paste import shared
from generator.errors import Problems, SourceError, nearest
from generator.sources.layout import yaml_files
from generator.sources.placeholders import fragment_text
from generator.sources.project import Case, Library, load_case
from generator.sources.records import Fragment, FragmentRef, Markdown, TextPart


@dataclass(frozen=True)
class Usage:
    """One reference to a fragment from a response."""

    case: Case
    ref: FragmentRef

    @property
    def version_label(self) -> str:
        current = self.case.fragments[self.ref.id].current.number
        if self.ref.version is None:
            return f"{current} (newest)"
        return f"{self.ref.version} (pinned; newest {current})" if self.ref.version != current else f"{current} (pinned)"


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
            warnings.report(rules.FRAGMENT_UNUSED, fragment.at, f"fragment '{fragment.id}' is not used by any response",
                          "delete it if it is no longer needed, or keep it for future answers")
        if fragment.source and fragment.source.name not in library.programmes:
            warnings.report(
                rules.PROGRAMME_UNKNOWN, fragment.at, f"fragment '{fragment.id}' quotes '{fragment.source.name}', which is not in programmes/",
                nearest(fragment.source.name, set(library.programmes))
                or f"add {library.layout.programmes}/<name>.yaml with the programme's name, period and validity",
            )
        replaced_by = next((p for p in library.programmes.values() if fragment.source and p.replaces == fragment.source.name), None)
        if replaced_by:
            warnings.report(rules.PROGRAMME_REPLACED, fragment.at,
                            f"fragment '{fragment.id}' quotes '{fragment.source.name}', which '{replaced_by.full_name}' replaces",
                            "check the wording against the new programme, and update the fragment's source")
    for references in used.values():
        for usage in references:
            _check_usage(usage, library, warnings)
    for case in cases:
        _check_pastes(case, warnings)
    return warnings


def _check_usage(usage: Usage, library: Library, warnings: Problems) -> None:
    response, ref = usage.case.response, usage.ref
    fragment = library.fragments[ref.id]
    start, end = validity(fragment, library)
    what = f"'{fragment.source.name}'" if fragment.source else f"fragment '{fragment.id}'"
    if end and response.date and response.date > end:
        warnings.report(rules.FRAGMENT_EXPIRED, ref.at, f"the response is dated {response.date}, after {what} stopped being valid ({end})",
                      "check whether a newer programme replaces it, and update the fragment or the answer")
    if start and response.date and response.date < start:
        warnings.report(rules.FRAGMENT_EXPIRED, ref.at, f"the response is dated {response.date}, before {what} is valid ({start})")
    organisation = response.organisation.value
    if fragment.organisations and organisation not in fragment.organisations:
        warnings.report(rules.FRAGMENT_ORGANISATION, ref.at, f"fragment '{fragment.id}' is meant for {', '.join(fragment.organisations)}, not {organisation}",
                      f"add {organisation} to its 'organisations' if the wording fits")
    if ref.version is not None and ref.version != fragment.current.number:
        organisation_profile = usage.case.organisation
        pinned = fragment_text(fragment, ref, organisation_profile)
        newest = fragment_text(fragment, FragmentRef(ref.id, ref.variant, None, ref.at), organisation_profile)
        if " ".join(pinned.split()) != " ".join(newest.split()):
            warnings.report(rules.PINNED_VERSION, ref.at, f"pinned to version {ref.version} of '{fragment.id}': moving to version "
                          f"{fragment.current.number} would change this response's text",
                          "keep the pin for a response that is approved or sent; otherwise review and remove 'version'")


def _check_pastes(case: Case, warnings: Problems) -> None:
    wordings = {fid: _wordings(fragment, case) for fid, fragment in case.fragments.items()}
    for part in case.response.parts():
        if not isinstance(part, TextPart):
            continue
        for fid, texts in wordings.items():
            matches = [m for m in (shared(part.text.text, text) for text in texts) if m]
            if matches:
                match = max(matches, key=lambda m: m.common)
                warnings.report(
                    rules.PASTE, _at(part.text, match.start),
                    f"this text repeats fragment '{fid}' ({match.common} words in common): reference it instead",
                    f"replace the passage with '- fragment: {fid}' (or lift it out with 'utlatande fragment extract')",
                )


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


def _at(text: Markdown, offset: int):
    return text.at.shifted(text.text.count("\n", 0, offset))


def response_title(case: Case) -> str:
    return case.response.title or case.skrivelse.title
