"""What every command shares: the options that may stand before or after the command name
(--root, -q, -v, --output-format, --lang, --no-server), the project they work on, and parsing of dates."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator import i18n
from generator.i18n import t
from generator.report import FORMATS, Output
from generator.where import NotAProject, find_project, is_project

if TYPE_CHECKING:
    from generator.commands.session import Session


def _remember(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(context: click.Context, _parameter: click.Parameter, value: Any) -> Any:
        if value not in (None, False):
            context.find_root().ensure_object(dict)[name] = value
        return value
    return callback


def _common_options() -> list[Callable]:
    """Made anew for each command, so that each shows them in its --help."""
    return [
        click.option("--root", type=click.Path(path_type=Path), expose_value=False, callback=_remember("root"),
                     help=t("The project folder. Default: the folder with utlatande.toml, here or above.")),
        click.option("--output-format", type=click.Choice(FORMATS), expose_value=False, callback=_remember("format"),
                     help=t("How problems are printed: text, json, github (workflow commands) or gitlab (Code Quality).")),
        click.option("-q", "--quiet", is_flag=True, default=None, expose_value=False, callback=_remember("quiet"),
                     help=t("Print only errors.")),
        click.option("-v", "--verbose", is_flag=True, default=None, expose_value=False, callback=_remember("verbose"),
                     help=t("Print more about what is done.")),
        click.option("--lang", type=click.Choice(i18n.LANGUAGES), expose_value=False, callback=_remember("lang"),
                     help=t("The language of messages: sv or en. Default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG.")),
        # Read by the entry point before the command line is parsed (generator.resident.client).
        click.option("--no-server", is_flag=True, expose_value=False,
                     help=t("Run the command in its own process, not in the project's build server (or set "
                            "UTLATANDE_SERVER=off).")),
    ]


def common(function: Callable) -> Callable:
    for option in reversed(_common_options()):
        function = option(function)
    return function


def _given() -> dict:
    context = click.get_current_context(silent=True)
    return context.find_root().ensure_object(dict) if context else {}


def output() -> Output:
    given = _given()
    return Output(format=given.get("format", "text"), quiet=bool(given.get("quiet")),
                  verbose=bool(given.get("verbose")), program=program())


def project_root() -> Path:
    """The project folder: --root, else found from the current folder. Not a project: a usage
    error (exit status 2)."""
    root = _given().get("root")
    if root is not None:
        if not root.is_dir():
            raise click.UsageError(t("{path}: there is no such folder", path=root) if not root.exists()
                                   else t("{path}: this is not a folder", path=root))
        if not is_project(root):
            raise click.UsageError(t("{path} is not an utlatande project: it has no utlatande.toml (nor responses/ "
                                     "and templates/)", path=root))
        return root
    try:
        found = find_project(Path.cwd())
    except NotAProject as exc:
        raise click.UsageError(t("{path} is not inside an utlatande project (no utlatande.toml here or in a folder "
                                 "above): go to the project folder, give --root, or make one with "
                                 "'utlatande init'", path=exc.start)) from None
    return _relative(found)


def _relative(folder: Path) -> Path:
    """The project folder as a user would write it from here: '.' when it is the current folder."""
    here = Path.cwd().resolve()
    if folder == here:
        return Path(".")
    try:
        return Path(os.path.relpath(folder, here))
    except ValueError:  # another drive, on Windows
        return folder


def open_project(across_responses: bool = True) -> Session:
    from generator.commands.session import Session

    return Session.open(project_root(), across_responses)


def date_option(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option's date; anything else is a usage error (exit status 2)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(t("'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2024-06-12", value=value),
                                 param_hint=option) from None


def program() -> str:
    """The command that started this process, as it can be typed here: `utlatande` when that is
    on PATH, else its path (`.venv/bin/utlatande`), or `python -m generator`."""
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("utlatande")
    if started.name == "__main__.py":
        return f"{_typed(Path(sys.executable))} -m generator"
    on_path = shutil.which("utlatande")
    if started.name in ("utlatande", "utlatande.exe") and (str(started) == "utlatande" or (
            on_path and Path(on_path).resolve() == started.resolve())):
        return "utlatande"
    return _typed(started)


def _typed(path: Path) -> str:
    try:
        relative = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return str(path)
    return str(relative) if os.sep in str(relative) else f".{os.sep}{relative}"
