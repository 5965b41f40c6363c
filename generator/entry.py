"""The program's entry point: hands the command to the project's resident build server when
one serves it (generator.resident), or runs it here: installs the handling of Ctrl-C and
SIGTERM, chooses the language of messages (before the command line is loaded, so that its help
is in that language too), then loads and runs the command line, ending quietly (exit status 130
or 143) when interrupted while it still loads.

Only the server's client is imported before it is known where the command runs."""

from __future__ import annotations

import sys

from generator.resident import client


def main() -> None:
    """`utlatande`: the command in the project's resident build server when one serves it,
    else in this process (and then a server is started for the next command)."""
    arguments = sys.argv[1:]
    served = client.forward(arguments)
    if served is not None:
        sys.exit(served)
    status: int | str | None = 0
    try:
        in_process()
    except SystemExit as exc:
        status = exc.code
    # Not after an interruption (KeyboardInterrupt goes on up).
    client.start_if_wanted(arguments)
    sys.exit(status)


def in_process() -> None:
    """The command run in this process (the resident server's copies run it too)."""
    from generator import i18n, interrupts
    from generator.errors import Terminated

    interrupts.install()
    i18n.use(language(sys.argv[1:]))
    try:
        from generator.cli import main as run
    except KeyboardInterrupt as exc:
        sys.exit(143 if isinstance(exc, Terminated) else 130)
    run()


def language(arguments: list[str]) -> str:
    """The language of messages: --lang, else the environment's."""
    from generator import i18n

    return requested_language(arguments) or i18n.from_environment()


def requested_language(arguments: list[str]) -> str | None:
    """The language `--lang` asks for, read before the command line is parsed (the parser then
    checks the option like any other)."""
    from generator import i18n

    for index, argument in enumerate(arguments):
        if argument == "--":
            return None
        value = argument.removeprefix("--lang=") if argument.startswith("--lang=") else (
            arguments[index + 1] if argument == "--lang" and index + 1 < len(arguments) else None)
        if value in i18n.LANGUAGES:
            return value
    return None
