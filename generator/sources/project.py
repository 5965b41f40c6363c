"""Finds and loads a project's sources: organisation profiles, fragments, skrivelser, responses.

A project is a folder with `responses/`, `questions/`, `fragments/`, `organisations/` and
`templates/`. Loading collects every problem in every file before reporting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problems, SourceError, nearest
from generator.i18n import N_, t
from generator.sources.boundary import named_path
from generator.sources.layout import Layout, yaml_files
from generator.sources.read import (
    read_fragment,
    read_organisation,
    read_programme,
    read_response_partly,
    read_skrivelse,
)
from generator.sources.records import (
    GROUPED,
    Fragment,
    Organisation,
    Programme,
    Response,
    Skrivelse,
)


@dataclass
class Library:
    """The shared sources every response draws on, loaded once."""

    layout: Layout
    organisations: dict[str, Organisation] = field(default_factory=dict)
    fragments: dict[str, Fragment] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)
    skrivelser: dict[Path, Skrivelse] = field(default_factory=dict)

    def skrivelse(self, path: Path) -> Skrivelse:
        key = path.resolve()
        if key not in self.skrivelser:
            self.skrivelser[key] = read_skrivelse(path, self.layout.root)
        return self.skrivelser[key]


def load_library(layout: Layout) -> Library:
    """Loads all organisation profiles and fragments, reporting the problems of all of them."""
    problems = Problems()
    library = Library(layout)
    for path in yaml_files(layout.organisations):
        try:
            organisation = read_organisation(path, layout.root)
            library.organisations[organisation.id] = organisation
        except SourceError as exc:
            problems.extend(exc)
    for path in yaml_files(layout.programmes):
        try:
            programme = read_programme(path, layout.root)
            library.programmes[programme.full_name] = programme
        except SourceError as exc:
            problems.extend(exc)
    for path in yaml_files(layout.fragments):
        try:
            fragment = read_fragment(path, layout.root)
        except SourceError as exc:
            problems.extend(exc)
            continue
        if fragment.id in library.fragments:
            other = library.fragments[fragment.id]
            problems.add(fragment.at, t("fragment id '{id}' is also used by {path}", id=fragment.id, path=other.path),
                         t("give one of them another id"))
            continue
        library.fragments[fragment.id] = fragment
    problems.raise_if_any()
    return library


@dataclass(frozen=True)
class Case:
    """One response together with the sources it draws on."""

    response: Response
    skrivelse: Skrivelse
    organisation: Organisation
    fragments: dict[str, Fragment]
    #: Every profile of the project: a dnr prefix another organisation registers under is refused.
    organisations: dict[str, Organisation] = field(default_factory=dict)
    #: Every programme by its full name: how each wants to be cited.
    programmes: dict[str, Programme] = field(default_factory=dict)

    @property
    def handlaggare_phone_grouped(self) -> bool:
        """The handläggare's number is printed grouped the Swedish way: as the handläggare's
        `phone_format` says, else as the profile's does."""
        own = self.response.handlaggare.phone_format if self.response.handlaggare else None
        return own == GROUPED if own else self.organisation.groups_phones

    @property
    def question_style(self) -> str:
        """How the answers show their questions: the response's choice, else its profile's."""
        return self.response.question_style or self.organisation.question_style


@dataclass
class Loaded:
    """A response with its sources (None when they cannot all be found), and the problems of the
    response's file and of its references."""

    case: Case | None
    problems: Problems


def load_case(path: Path, library: Library) -> Loaded:
    """Loads a response and what it refers to; missing references are reported with a hint."""
    read = read_response_partly(path, library.layout.root)
    problems, response = read.problems, read.record
    if response is None:
        return Loaded(None, problems)
    organisation = library.organisations.get(response.organisation.value)
    if organisation is None:
        problems.add(
            response.organisation.at,
            t("unknown organisation '{name}'", name=response.organisation.value),
            nearest(response.organisation.value, set(library.organisations))
            or t("add a profile to {folder}/", folder=library.layout.organisations),
        )
    skrivelse = _skrivelse_of(response, library, problems)
    if organisation is None or skrivelse is None:
        return Loaded(None, problems)
    return Loaded(Case(response, skrivelse, organisation, library.fragments, library.organisations, library.programmes),
                  problems)


def _skrivelse_of(response: Response, library: Library, problems: Problems) -> Skrivelse | None:
    """The skrivelse the response names: a file inside the project, readable and valid."""
    root = library.layout.root
    try:
        path = named_path(response.skrivelse.value, root, response.skrivelse.at, N_("skrivelse"))
        if path.is_file():
            return library.skrivelse(path)
    except SourceError as exc:
        problems.extend(exc)
        return None
    known = [str(p.relative_to(root)) for p in yaml_files(library.layout.questions)]
    problems.add(
        response.skrivelse.at,
        t("the skrivelse '{path}' does not exist", path=response.skrivelse.value),
        nearest(response.skrivelse.value, known) or t("give the path from the project folder, e.g. questions/x.yaml"),
    )
    return None
