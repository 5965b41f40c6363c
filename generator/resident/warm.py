"""What the resident server loads before it serves: every module of utlatande, the command line
once in each language (it translates its help as it is imported), libphonenumber's Swedish data,
what the writers keep of the project's templates while they are unchanged (compiled Jinja2
templates, the fonts' tables, the Word template's styles and a copy of it parsed), the hashes of
the templates' files and the fingerprint of utlatande's own code that each build's record holds.

What it reads comes from templates/, utlatande's folder and the installed libraries, whose
signatures the server compares before each command. The paths are the ones a command run in the
project folder uses, so that such a command finds them in the same caches. The only sources it
reads are the organisation profiles, for their logos: the PNG the Word letterhead shows of an
SVG logo is drawn ahead (14 ms a build) and kept by the SVG's content, so a command whose logo
differs draws its own.

Nothing here may start a thread (the server forks): Typst, which starts its own, draws the logos
in a process of its own (raster.draw_ahead).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import generator
from generator import i18n
from generator.assemble.templates import Templates
from generator.commands.incremental import tool_identity
from generator.digest import file_hash
from generator.errors import SourceError
from generator.render import docx, fonts
from generator.render.reference import REFERENCE_DOCX
from generator.sources.layout import Layout, template_files, yaml_files
from generator.sources.read import read_organisation
from generator.swedish import grouped_phone

#: Not loaded ahead: the command line and the program's entry as a module.
_LEFT = frozenset({"generator.cli", "generator.__main__"})


def up() -> None:
    """Loads ahead, in the project folder (the current folder)."""
    _load(generator.__path__, "generator.")
    grouped_phone("08-508 000 00")
    tool_identity()
    layout = Layout(Path("."))
    templates = layout.templates
    for path in template_files(templates):
        file_hash(path)  # every build's record holds them: the fonts are megabytes
    try:
        Templates(templates).compile()
        fonts.faces(templates / fonts.FONTS)
        docx.prepare(templates / REFERENCE_DOCX)
    except SourceError:
        pass  # a mistake in the templates: each command reports it where it is
    docx.prepare_logos(_logos(layout))


def _logos(layout: Layout) -> list[tuple[bytes, str]]:
    """The logos (bytes, media type) of the organisation profiles that can be read (a command
    reports the others' problems). What is drawn of them is kept by their content, never by
    their name."""
    logos = []
    for path in yaml_files(layout.organisations):
        try:
            logo = read_organisation(path, layout.root).logo
        except SourceError:
            continue
        if logo is not None:
            logos.append((logo.data, logo.media_type))
    return logos


def command_lines() -> dict[str, dict[str, ModuleType]]:
    """The command line loaded once in each language of messages (its help is translated as it
    is loaded), to be put in place in a command's process for the language it asks for."""
    before = os.environ.get("LANGUAGE")
    loaded = {}
    for language in i18n.LANGUAGES:
        i18n.use(language)
        importlib.import_module("generator.cli")
        loaded[language] = {name: sys.modules.pop(name) for name in list(sys.modules)
                            if name == "generator.cli" or name.startswith("generator.cli.")}
    if before is None:
        os.environ.pop("LANGUAGE", None)
    else:
        os.environ["LANGUAGE"] = before
    return loaded


def _load(path: Iterable[str], prefix: str) -> None:
    """Imports the modules and packages in `path`, except those left (pkgutil.walk_packages
    would import a package to look inside it)."""
    for module in pkgutil.iter_modules(path, prefix):
        if module.name in _LEFT:
            continue
        loaded = importlib.import_module(module.name)
        if module.ispkg:
            _load(loaded.__path__, module.name + ".")
