"""The program's entry point: installs the handling of Ctrl-C and SIGTERM, then loads and runs
the command line, ending quietly (exit status 130 or 143) when interrupted while it still loads."""

from __future__ import annotations

import sys

from generator import interrupts
from generator.errors import Terminated


def main() -> None:
    interrupts.install()
    try:
        from generator.cli import main as run
    except KeyboardInterrupt as exc:
        sys.exit(143 if isinstance(exc, Terminated) else 130)
    run()
