"""What the resident server loads before it serves: every module of utlatande, the command line
once in each language (it translates its help as it is imported), libphonenumber's Swedish data,
what the writers keep of the project's templates while they are unchanged (compiled Jinja2
templates, the fonts' tables, the Word template's styles), and the fingerprint of utlatande's
own code that each build's record holds.

What it reads comes from templates/, utlatande's folder and the installed libraries, whose
signatures the server compares before each command. The paths are the ones a command run in the
project folder uses, so that such a command finds them in the same caches.

Nothing here may start a thread (the server forks), so Typst, which starts its own, is not run.
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
from generator.errors import SourceError
from generator.render import docx, fonts
from generator.render.reference import REFERENCE_DOCX
from generator.sources.layout import Layout
from generator.swedish import grouped_phone

#: Not loaded ahead: the command line and the program's entry as a module.
_LEFT = frozenset({"generator.cli", "generator.__main__"})


def up() -> None:
    """Loads ahead, in the project folder (the current folder)."""
    _load(generator.__path__, "generator.")
    grouped_phone("08-508 000 00")
    tool_identity()
    templates = Layout(Path(".")).templates
    try:
        Templates(templates).compile()
        fonts.faces(templates / fonts.FONTS)
        docx.prepare(templates / REFERENCE_DOCX)
    except SourceError:
        pass  # a mistake in the templates: each command reports it where it is


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
