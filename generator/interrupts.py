"""Ctrl-C (SIGINT) and SIGTERM: acted on at once, or, while a batch is built, at the next safe point.

Raising from a signal handler at an arbitrary moment can land inside a finaliser (`__del__`),
where Python swallows the exception, so a build could carry on after SIGTERM. While `deferred()`
is active the handler only notes the signal; the build checks (`check`) between documents and
stops there, leaving no temporary file. A second signal is acted on at once.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

from generator.errors import Terminated

# Signal handlers are process-wide by nature: this is the one piece of state they need.
_state = {"deferring": 0, "pending": 0}


def install() -> None:
    signal.signal(signal.SIGINT, _handle)
    signal.signal(signal.SIGTERM, _handle)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    _state["deferring"] += 1
    try:
        yield
    finally:
        _state["deferring"] -= 1


def check() -> None:
    """Raises the interruption noted while deferred, if any."""
    pending, _state["pending"] = _state["pending"], 0
    if pending:
        _raise(pending)


def _handle(signum: int, frame: FrameType | None) -> None:
    if _state["deferring"] and not _state["pending"]:
        _state["pending"] = signum
        return
    _raise(signum)


def _raise(signum: int) -> None:
    if signum == signal.SIGTERM:
        raise Terminated
    raise KeyboardInterrupt
