"""A new, empty project: folders, a profile to fill in, the templates, the Makefile, and the
files that make git, editors, CI and pre-commit work with it (from generator/skeleton/).

Nothing is overwritten: if any file to be written exists, nothing is written at all.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import generator
from generator.errors import Position, Problem, Problems, SourceError
from generator.i18n import t
from generator.sources.write import Comment, Commented, Entry, yaml_text
from generator.text.inline import ID_PATTERN

SKELETON = Path(__file__).resolve().parent.parent / "skeleton"
#: The utlatande repository this program runs from: its templates/ are copied, and a new
#: project's requirements.txt installs utlatande from it.
SOURCE = Path(generator.__file__).resolve().parent.parent
FOLDERS = ("responses", "questions", "fragments", "programmes", "approvals")
#: Skeleton file → where it goes in the project.
FILES = {
    "Makefile": "Makefile",
    "gitignore": ".gitignore",
    "utlatande.toml": "utlatande.toml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "github/utlatande.yml": ".github/workflows/utlatande.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "vscode-settings.json": ".vscode/settings.json",
}


def init(folder: Path, organisation: str, forvaltning: str | None, namnd: str | None) -> list[Path]:
    """Makes the project in `folder`; returns the files written."""
    problems = Problems()
    if not re.fullmatch(ID_PATTERN, organisation):
        problems.add(Position(Path("--organisation")), t("'{value}' is not a valid id", value=organisation),
                     t("use lower-case letters a-z, digits, '-' and '_' (no spaces or å/ä/ö), e.g. 'sodermalm'"))
    templates = SOURCE / "templates"
    if not templates.is_dir():
        problems.add(Position(templates), t("the templates to copy are not here"),
                     t("run init with an utlatande installed from its repository (make there installs it so)"))
    problems.raise_if_any()
    files = _files(organisation, forvaltning, namnd)
    copied = [(path, folder / "templates" / path.relative_to(templates)) for path in sorted(templates.rglob("*"))
              if path.is_file()]
    targets = [folder / name for name in files] + [target for _, target in copied]
    existing = [path for path in targets if path.exists()]
    if existing:
        raise SourceError([_exists(path) for path in existing[:10]])
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
        written.append(path)
    for source, target in copied:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    written.extend(_schemas(folder))
    return written


def _exists(path: Path) -> Problem:
    return Problem(Position(path), t("this file already exists; nothing was written"),
                   t("init makes a new project: give an empty folder"))


def _files(organisation: str, forvaltning: str | None, namnd: str | None) -> dict[str, str]:
    files = {target: (SKELETON / source).read_text(encoding="utf-8") for source, target in FILES.items()}
    files["requirements.txt"] = (
        "# Where utlatande comes from: the repository `utlatande init` ran from. On another machine, or\n"
        "# in CI, give a place it can reach instead, e.g. a git URL:\n"
        "#   utlatande @ git+https://git.example.se/utlatande.git\n"
        f"-c {(SOURCE / 'constraints.txt').as_posix()}\n"
        f"-e {SOURCE.as_posix()}\n"
    )
    files[f"organisations/{organisation}.yaml"] = _profile(organisation, forvaltning, namnd)
    return files


def _profile(organisation: str, forvaltning: str | None, namnd: str | None) -> str:
    """The organisation profile to fill in: what `init` was told, the rest as TODO and comments."""
    return yaml_text("organisations", [
        Comment("The förvaltning that writes this project's tjänsteutlåtanden. Fill in the TODOs; the"),
        Comment("format is described in utlatande's README (Organisation profile)."),
        Entry("id", organisation),
        Entry("forvaltning", forvaltning or "TODO: förvaltningens namn"),
        Commented(Entry("dnr_prefix", "ABC", "(the registrar's prefix for this förvaltning; never guess it)")),
        Entry("namnd", {"name": namnd or "TODO: nämndens namn", "in_text": "nämnden"}),
        Entry("avdelningar", ["TODO: en avdelning"]),
        Entry("signatories", [{"name": "TODO: Förnamn Efternamn", "title": "TODO: titel"}]),
        Commented(Entry("question_style", "headings", "# or bullets, grouped")),
        Comment("The letterhead, when the documents should carry it (README: Organisation profile):"),
        Commented(Entry("city", "Stockholms stad")),
        Commented(Entry("logo", [Entry("file", "organisations/logo.svg", "# SVG or PNG inside the project"),
                                 Entry("alt", "what a reader who cannot see the logo is told")])),
        Commented(Entry("footer", {"postal_address": "…", "switchboard": "…", "website": "…"})),
    ], Path(f"organisations/{organisation}.yaml"))


def _schemas(folder: Path) -> list[Path]:
    """The JSON Schemas for editors, written as `utlatande schema` writes them."""
    from generator.commands.schemas import write_schemas
    from generator.commands.session import Session

    return write_schemas(Session.open(folder).library)
