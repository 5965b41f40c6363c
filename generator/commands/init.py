"""A new project: folders, a profile, the templates, the Makefile, the files that make git,
editors and CI work with it (commands/skeleton.py), and where it installs utlatande from; then
a git repository with it all as the first commit, and `make git-setup` done.

The project installs the utlatande it was made with, in the same version and with the same
pinned dependencies, from a place its CI can reach: a git repository at the version's tag, or
the organisation's package index. Nothing in it names a path of the machine `init` ran on.
Nothing is overwritten: if any file to be written exists, nothing is written at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
import urllib.parse
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.commands.skeleton import PROGRAMS, project_files
from generator.errors import Position, Problem, Problems, SourceError
from generator.i18n import t
from generator.sources.layout import SHIPPED_CONSTRAINTS, SHIPPED_TEMPLATES
from generator.sources.write import Comment, Commented, Entry, yaml_text
from generator.text.inline import ID_PATTERN

FOLDERS = ("responses", "questions", "fragments", "programmes", "approvals")
#: What a diary number's prefix looks like (formats.py: PREFIX).
PREFIX_PATTERN = r"[A-ZÅÄÖ]{2,8}"


@dataclass(frozen=True)
class Profile:
    """What `init` is told about the förvaltning; what it is not told is left as TODO."""

    organisation: str
    forvaltning: str | None = None
    namnd: str | None = None
    namnd_in_text: str | None = None
    dnr_prefix: str | None = None
    avdelningar: tuple[str, ...] = ()
    signatories: tuple[tuple[str, str], ...] = ()
    """Name and title of each."""


@dataclass(frozen=True)
class Source:
    """Where the project installs utlatande from: a git repository (`git`, at the tag of this
    version) or a package index (`index`, this version by number)."""

    git: str | None = None
    index: str | None = None


@dataclass(frozen=True)
class Made:
    """What `init` did: the files written, and whether `make git-setup` could be run."""

    written: list[Path]
    git_setup: bool


def version() -> str:
    return metadata.version("utlatande")


def installed_from() -> Source:
    """Where this utlatande was installed from, if a project can install from there too: a git
    repository that pip was given by its URL (pip records it, PEP 610), not a folder here."""
    try:
        recorded = metadata.distribution("utlatande").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return Source()
    direct = json.loads(recorded) if recorded else {}
    url = direct.get("url", "")
    if direct.get("vcs_info", {}).get("vcs") == "git" and urllib.parse.urlsplit(url).scheme in ("https", "http", "ssh"):
        return Source(git=url)
    return Source()


def init(folder: Path, profile: Profile, source: Source) -> Made:
    """Makes the project in `folder`, its git repository and first commit."""
    problems = Problems()
    _check_given(profile, source, problems)
    if not SHIPPED_TEMPLATES.is_dir():
        problems.add(Position(SHIPPED_TEMPLATES), t("the templates to copy are not here"),
                     t("install utlatande again: its templates come with it"))
    git = shutil.which("git")
    if git is None:
        problems.add(Position(Path("git")), t("git is not installed; a project is kept in git"),
                     t("install git (https://git-scm.com), then run init again"))
    elif not _git_knows_who(git):
        problems.add(Position(Path("git")), t("git does not know your name and e-mail address, which the first commit needs"),
                     t("tell it: git config --global user.name \"Förnamn Efternamn\" and git config --global "
                       "user.email \"namn@exempel.se\""))
    problems.raise_if_any()
    assert git is not None, "refused above"
    files = _files(profile, source)
    copied = [(path, folder / "templates" / path.relative_to(SHIPPED_TEMPLATES))
              for path in sorted(SHIPPED_TEMPLATES.rglob("*")) if path.is_file()]
    targets = [folder / name for name in files] + [target for _, target in copied]
    existing = [path for path in targets if path.exists()]
    if existing:
        raise SourceError([_exists(path) for path in existing[:10]])
    written = _write(folder, files, copied)
    written.extend(_schemas(folder))
    git_setup = _repository(git, folder, profile.organisation)
    return Made(written, git_setup)


def _check_given(profile: Profile, source: Source, problems: Problems) -> None:
    if not re.fullmatch(ID_PATTERN, profile.organisation):
        problems.add(Position(Path("--organisation")), t("'{value}' is not a valid id", value=profile.organisation),
                     t("use lower-case letters a-z, digits, '-' and '_' (no spaces or å/ä/ö), e.g. 'sodermalm'"))
    if profile.dnr_prefix is not None and not re.fullmatch(PREFIX_PATTERN, profile.dnr_prefix):
        problems.add(Position(Path("--dnr-prefix")), t("'{value}' is not a diary number prefix", value=profile.dnr_prefix),
                     t("use capital letters, e.g. SOF"))
    for name, title in profile.signatories:
        if not name.strip() or not title.strip():
            problems.add(Position(Path("--signatory")), t("a signatory is given as name and title, e.g. "
                                                          "'Eva Ek, förvaltningschef'"))
    if source.git is not None and source.index is not None:
        problems.add(Position(Path("--git")), t("give either --git or --index, not both"))
    if source.git is None and source.index is None:
        problems.add(Position(Path("--git")), t("say where the project installs utlatande from"),
                     t("give --git with the URL of utlatande's git repository (it must have the tag v{version}), or "
                       "--index with the URL of a package index that has utlatande {version}", version=version()))
    for option, url in (("--git", source.git), ("--index", source.index)):
        if url is not None and urllib.parse.urlsplit(url).scheme not in ("https", "http", "ssh"):
            problems.add(Position(Path(option)), t("'{value}' is not an address CI can reach", value=url),
                         t("give an https:// (or ssh://) address; a folder of this machine is not one"))


def _git_knows_who(git: str) -> bool:
    """Whether git can name the author of a commit (from its settings or the environment)."""
    return subprocess.run([git, "var", "GIT_AUTHOR_IDENT"], capture_output=True, check=False).returncode == 0


def _exists(path: Path) -> Problem:
    return Problem(Position(path), t("this file already exists; nothing was written"),
                   t("init makes a new project: give an empty folder"))


def _files(profile: Profile, source: Source) -> dict[str, str]:
    files = project_files()
    files["requirements.txt"] = _requirements(source)
    files["constraints.txt"] = _constraints()
    files[f"organisations/{profile.organisation}.yaml"] = _profile(profile)
    return files


def _requirements(source: Source) -> str:
    """What `make` installs: this version of utlatande, from `source`, with the pinned versions."""
    comment = t("utlatande in the version this project was made with, and its dependencies in the versions it was "
                "tested with (constraints.txt). For a newer version, change the version here and replace "
                "constraints.txt with the one that version comes with.")
    lines = _comment_lines(comment)
    if source.git is not None:
        lines += ["-c constraints.txt", f"utlatande @ git+{source.git}@v{version()}"]
    else:
        lines += [f"--index-url {source.index}", "-c constraints.txt", f"utlatande=={version()}"]
    return "\n".join(lines) + "\n"


def _constraints() -> str:
    """The versions this utlatande is tested with, for the project's installs to use."""
    comment = t("The versions of utlatande's dependencies that utlatande {version} is tested with: make installs "
                "these, so that every machine and CI make the same documents, byte for byte.", version=version())
    pins = [line for line in SHIPPED_CONSTRAINTS.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return "\n".join([*_comment_lines(comment), *pins]) + "\n"


def _comment_lines(comment: str) -> list[str]:
    return textwrap.wrap(comment, width=96, initial_indent="# ", subsequent_indent="# ", break_long_words=False,
                         break_on_hyphens=False)


def in_running_text(namnd: str) -> str:
    """How a nämnd is named inside a sentence: a one-word name is a common noun there
    ("Socialnämnden" → "socialnämnden"), one of several words starts with a place's name and
    keeps its capital ("Södermalms stadsdelsnämnd")."""
    return namnd[:1].lower() + namnd[1:] if len(namnd.split()) == 1 else namnd


def _profile(profile: Profile) -> str:
    """The organisation profile: what `init` was told, the rest as TODO and comments."""
    namnd = profile.namnd or t("TODO: the nämnd's name")
    in_text = profile.namnd_in_text or (in_running_text(profile.namnd) if profile.namnd else t("TODO: the nämnd in running text"))
    signatories = [{"name": name.strip(), "title": title.strip()} for name, title in profile.signatories] or \
        [{"name": t("TODO: first name and surname"), "title": t("TODO: title")}]
    dnr_prefix = Entry("dnr_prefix", profile.dnr_prefix) if profile.dnr_prefix else \
        Commented(Entry("dnr_prefix", "ABC", t("(the registrar's prefix for this förvaltning; never guess it)")))
    return yaml_text("organisations", [
        Comment(t("The förvaltning that writes this project's tjänsteutlåtanden. Fill in what says TODO;")),
        Comment(t("the format is described in utlatande's README (Organisation profile).")),
        Entry("id", profile.organisation),
        Entry("forvaltning", profile.forvaltning or t("TODO: the förvaltning's name")),
        dnr_prefix,
        Entry("namnd", {"name": namnd, "in_text": in_text}),
        Entry("avdelningar", list(profile.avdelningar) or [t("TODO: an avdelning")]),
        Entry("signatories", signatories),
        Commented(Entry("question_style", "headings", t("# or bullets, grouped"))),
        Comment(t("The letterhead, when the documents should carry it (README: Organisation profile):")),
        Commented(Entry("city", "Stockholms stad")),
        Commented(Entry("logo", [Entry("file", "organisations/logo.svg", t("# SVG or PNG inside the project")),
                                 Entry("alt", t("what a reader who cannot see the logo is told"))])),
        Commented(Entry("footer", {"postal_address": "…", "switchboard": "…", "website": "…"})),
    ], Path(f"organisations/{profile.organisation}.yaml"))


def _write(folder: Path, files: dict[str, str], copied: list[tuple[Path, Path]]) -> list[Path]:
    for name in FOLDERS:
        (folder / name).mkdir(parents=True, exist_ok=True)
        keep = folder / name / ".gitkeep"
        if not any((folder / name).iterdir()):
            keep.write_bytes(b"")
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        if name in PROGRAMS:
            path.chmod(0o755)
        written.append(path)
    for source, target in copied:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written


def _schemas(folder: Path) -> list[Path]:
    """The JSON Schemas for editors, written as `utlatande schema` writes them."""
    from generator.commands.schemas import write_schemas
    from generator.commands.session import Session

    return write_schemas(Session.open(folder).library)


def _repository(git: str, folder: Path, organisation: str) -> bool:
    """A git repository of the project with its first commit, after `make git-setup` (when make
    is installed; returns whether it was). The first commit is not checked by the hook: the
    profile is still to be filled in, and utlatande not yet installed in the project."""
    def run(*command: str) -> None:
        subprocess.run(command, cwd=folder, check=True, capture_output=True, env={**os.environ, "LC_ALL": "C"})

    run(git, "init", "--quiet")
    make = shutil.which("make")
    if make is not None:
        run(make, "--no-print-directory", "--silent", "git-setup")
    run(git, "add", "--all")
    run(git, "commit", "--quiet", "--no-verify", "--message", t("A new utlatande project for {organisation} (utlatande init)",
                                                                  organisation=organisation))
    return make is not None
