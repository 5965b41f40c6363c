"""The JSON Schemas of the source formats, for editors: one per kind, and one of the project's names.

`utlatande schema` writes them to schemas/ (committed). An editor with the YAML extension
(yaml-language-server) then completes keys, shows each key's Swedish description on hover and
marks mistakes while the officer types; .vscode/settings.json says which folder uses which
schema. project.schema.json lists the fragment ids, organisation profiles and question ids of
the project, so that those are completed too; `check` says when it is out of date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import Position, Problems, SourceError
from generator.i18n import t
from generator.output import write_atomically
from generator.sources.formats import FORMATS
from generator.sources.layout import yaml_files
from generator.sources.project import Library
from generator.sources.read import read_skrivelse
from generator.sources.records import Skrivelse
from generator.sources.schema import JSON_SCHEMA, json_schema
from generator.text.inline import ID_PATTERN

FOLDER = "schemas"
PROJECT = "project.schema.json"

#: The title of each format's schema, as an editor shows it.
TITLES = {
    "responses": "Tjänsteutlåtande (utlatande)",
    "questions": "Skrivelse (utlatande)",
    "fragments": "Standardtext (utlatande)",
    "programmes": "Program (utlatande)",
    "organisations": "Organisationsprofil (utlatande)",
    "approvals": "Godkännanden (utlatande)",
}


def schema_name(folder: str) -> str:
    return f"{FORMATS[folder].name}.schema.json"


def schema_texts(library: Library) -> dict[str, str]:
    """File name → content of every schema of the project."""
    texts = {schema_name(folder): _dump(json_schema(schema, TITLES[folder], f"{folder}/*.yaml"))
             for folder, schema in FORMATS.items()}
    texts[PROJECT] = _dump(project_schema(library))
    return texts


def project_schema(library: Library) -> dict[str, Any]:
    """The names a source may refer to in this project: fragment ids, profiles, question ids."""
    questions = sorted({q.id for s in _skrivelser(library) for q in s.questions})

    def names(values: list[str], description: str) -> dict[str, Any]:
        if not values:
            return {"type": "string", "pattern": f"^(?:{ID_PATTERN})$", "description": description}
        return {"enum": values, "description": description}

    return {
        "$schema": JSON_SCHEMA,
        "title": "Projektets namn (utlatande)",
        "description": "Namnen som finns i projektet; skrivs av 'utlatande schema'.",
        "$defs": {
            "fragment": names(sorted(library.fragments), "En standardtext i fragments/."),
            "organisation": names(sorted(library.organisations), "En organisationsprofil i organisations/."),
            "question": names(questions, "En fråga i en skrivelse i questions/."),
        },
    }


def write_schemas(library: Library) -> list[Path]:
    """Writes every schema that differs from what is in schemas/; returns the files written."""
    folder = library.layout.root / FOLDER
    written = []
    for name, text in schema_texts(library).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text.encode("utf-8"))
            written.append(path)
    return written


def stale_schemas(library: Library) -> Problems:
    """A warning for each file in schemas/ that `utlatande schema` would change."""
    problems = Problems()
    folder = library.layout.root / FOLDER
    if not folder.is_dir():
        return problems
    for name, text in schema_texts(library).items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            problems.warn(Position(path), t("the editor's schema is out of date (completion and hints may be wrong)"),
                          t("write it anew: utlatande schema"))
    return problems


def _skrivelser(library: Library) -> Iterator[Skrivelse]:
    """Every skrivelse that can be read (the others' problems are reported by `check`)."""
    for path in yaml_files(library.layout.questions):
        try:
            yield read_skrivelse(path, library.layout.root)
        except SourceError:
            continue


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
