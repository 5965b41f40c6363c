"""The program's entry point: installs the handling of Ctrl-C and SIGTERM, chooses the language
of messages (before the command line is loaded, so that its help is in that language too), then
loads and runs the command line, ending quietly (exit status 130 or 143) when interrupted while
it still loads."""

from __future__ import annotations

import sys

from generator import i18n, interrupts
from generator.errors import Terminated


def main() -> None:
    interrupts.install()
    i18n.use(requested_language(sys.argv[1:]) or i18n.from_environment())
    try:
        from generator.cli import main as run
    except KeyboardInterrupt as exc:
        sys.exit(143 if isinstance(exc, Terminated) else 130)
    run()


def requested_language(arguments: list[str]) -> str | None:
    """The language `--lang` asks for, read before the command line is parsed (the parser then
    checks the option like any other)."""
    for index, argument in enumerate(arguments):
        if argument == "--":
            return None
        value = argument.removeprefix("--lang=") if argument.startswith("--lang=") else (
            arguments[index + 1] if argument == "--lang" and index + 1 < len(arguments) else None)
        if value in i18n.LANGUAGES:
            return value
    return None
