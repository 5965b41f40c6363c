"""The program's entry point: installs the handling of SIGTERM, then loads and runs the command
line, ending quietly (exit status 130) when interrupted while it still loads."""

from __future__ import annotations

import signal
import sys

from generator.errors import Terminated


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from generator.cli import main as run
    except KeyboardInterrupt as exc:
        sys.exit(143 if isinstance(exc, Terminated) else 130)
    run()


def _terminate(signum, frame) -> None:
    raise Terminated
