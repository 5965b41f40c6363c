"""The side of the resident build server that every `utlatande` runs first.

When the project has a server of this very interpreter and utlatande, the command runs there:
this process hands over its arguments, folder, environment and its standard input, output and
error themselves (the descriptors, so colours, pipes and terminals behave as they would here),
passes on Ctrl-C, SIGTERM and SIGHUP, and exits with the command's status. In every other case
it answers None and the command runs in this process as it always did. After such a run it
starts a server for the next command (not in CI, nor when turned off).

It loads only what `contract` does, and the C half of `signal` (`signal` itself loads enum,
10 ms): a few milliseconds before the command.
"""

from __future__ import annotations

import os
import sys

from generator.resident import contract
from generator.where import is_project, project_folder

# typing costs 5 ms to load; type checkers read a constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import signal
    import subprocess
    from types import FrameType
    from typing import Any, TextIO
else:
    # The same functions and numbers, without the enums `signal` wraps them in.
    import _signal as signal

_FORWARDED = (signal.SIGINT, signal.SIGTERM) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())


def wanted(arguments: list[str]) -> bool:
    """Whether this command line may run in a server."""
    return (contract.supported() and not contract.turned_off(os.environ)
            and contract.NO_SERVER not in contract.options(arguments)
            and contract.command_of(arguments) in contract.ROUTED)


def project_of(arguments: list[str]) -> str | None:
    """The project the command works on, as an absolute path without links, or None (the
    command says why when it runs)."""
    given = contract.given_root(arguments)
    try:
        if given is not None:
            root = os.path.realpath(given)
            return root if is_project(root) else None
        return project_folder(os.getcwd())
    except OSError:
        return None


def forward(arguments: list[str]) -> int | None:
    """The exit status of the command run in the project's server, or None to run it here."""
    if not wanted(arguments) or not _streams_open():
        return None
    root = project_of(arguments)
    if root is None:
        return None
    try:
        connection = contract.connect(contract.socket_path(root))
    except OSError:
        return None
    # A signal this process was told to ignore (nohup) is ignored by the command too.
    ignored = [int(s) for s in _FORWARDED if signal.getsignal(s) == signal.SIG_IGN]
    pending = _Pending()
    previous = {signum: signal.signal(signum, pending.handle) for signum in _FORWARDED if signum not in ignored}
    try:
        try:
            contract.send(connection, _request(root, arguments, ignored), fds=[0, 1, 2])
        except OSError:  # the server went away: run here
            return None
        started = _reply(connection, pending, STARTED_WITHIN)
        if started is None or "pid" not in started:
            return pending.status() if pending.signals else None
        pending.start(int(started["pid"]))
        ended = _reply(connection, pending, None)
    except _GaveUp:
        return pending.status()
    finally:
        connection.close()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if ended is None or "status" not in ended:
        from generator.i18n import t

        sys.stderr.write(t("utlatande: the build server stopped before the command had finished; run the command "
                           "again (it then runs without the server if need be)") + "\n")
        return contract.STOPPED
    return int(ended["status"])


#: How long a server may take to start the command (it answers in milliseconds when it runs).
STARTED_WITHIN = 10.0
#: How long the command may take to end after a signal was passed on, before this process ends
#: without it (a server stopped with SIGSTOP, say); a second signal ends it at once.
ENDS_WITHIN = 5.0


class _GaveUp(Exception):
    """Signalled, and the command did not end in time: this process ends with the signal's status."""


def _reply(connection: contract.Connection, pending: _Pending, within: float | None) -> dict[str, Any] | None:
    """The server's next message; None when it has gone, or has said nothing `within` seconds."""
    import select
    import time

    began = time.monotonic()
    while True:
        try:
            readable, _, _ = select.select([connection], [], [], 0.25)
        except OSError:
            return None
        if readable:
            return _receive(connection)
        if pending.overdue(ENDS_WITHIN):
            raise _GaveUp
        if within is not None and time.monotonic() - began > within:
            return None


def _streams_open() -> bool:
    """Whether standard input, output and error are open: a closed one's number would be taken
    by the connection itself."""
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
    except OSError:
        return False
    return True


def start_if_wanted(arguments: list[str]) -> None:
    """Starts the project's server after a command ran in this process, for the next one: not
    in CI (each job is a fresh machine), not when turned off, not when one already runs, and only
    in a project that has been built (its build/ this user's): `check` in a fresh clone makes no
    folder, and `sudo` no folder of root's in someone's project."""
    if not wanted(arguments) or os.environ.get("CI"):
        return
    root = project_of(arguments)
    if root is None or running(root):
        return
    try:
        if os.stat(os.path.join(root, contract.FOLDER)).st_uid != os.getuid():
            return
    except OSError:
        return
    try:
        start(root)
    except OSError:
        return  # a read-only project, say: the commands run in their own processes


def running(root: str) -> bool:
    try:
        contract.connect(contract.socket_path(root)).close()
    except OSError:
        return False
    return True


def start(root: str) -> subprocess.Popen[bytes]:
    """Starts a server for `root` in a session of its own, detached from this terminal. It ends
    by itself when it is idle, stale or its socket is removed (`make clean`)."""
    import subprocess

    folder = os.path.join(root, contract.FOLDER)
    os.makedirs(folder, exist_ok=True)
    # -P: the project folder is never on the server's sys.path (a docx.py there is not a library).
    return subprocess.Popen(
        [sys.executable, *subprocess._args_from_interpreter_flags(), "-P", "-c",  # type: ignore[attr-defined]
         "import sys; from generator.resident.server import main; sys.exit(main(sys.argv[1]))", root],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=folder, start_new_session=True, close_fds=True)


def ask(root: str, question: str) -> dict[str, Any] | None:
    """The server's answer to a question of the `server` command ("status", "stop"), or None
    when none runs."""
    try:
        connection = contract.connect(contract.socket_path(root))
    except OSError:
        return None
    try:
        contract.send(connection, {"ask": question})
        return _receive(connection)
    finally:
        connection.close()


def _receive(connection: contract.Connection) -> dict[str, Any] | None:
    try:
        return contract.receive(connection)[0]
    except OSError:
        return None


def _request(root: str, arguments: list[str], ignored: list[int]) -> dict[str, Any]:
    umask = os.umask(0o022)
    os.umask(umask)
    return {
        "ignored": ignored,
        "nice": os.getpriority(os.PRIO_PROCESS, 0) if hasattr(os, "getpriority") else None,
        "cpus": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "run": [sys.argv[0], *arguments],
        "root": root,
        "cwd": os.getcwd(),
        "environ": dict(os.environ),
        "umask": umask,
        "script": sys.path[0] if sys.path and not sys.flags.safe_path else None,
        "streams": [_stream(sys.stdin), _stream(sys.stdout), _stream(sys.stderr)],
        "interpreter": contract.interpreter(),
    }


def _stream(stream: TextIO | None) -> dict[str, Any] | None:
    if stream is None:
        return None
    return {"encoding": stream.encoding, "errors": stream.errors, "line_buffering": stream.line_buffering}


class _Pending:
    """Passes the signals this process receives on to the command's process, keeping those
    that come before it is known."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.signals: list[int] = []
        self.first: float | None = None

    def overdue(self, grace: float) -> bool:
        """A second signal came, or the first more than `grace` seconds ago."""
        import time

        return len(self.signals) > 1 or (self.first is not None and time.monotonic() - self.first > grace)

    def start(self, pid: int) -> None:
        self.pid = pid
        for signum in self.signals:
            self._send(signum)

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        import time

        self.signals.append(signum)
        self.first = self.first or time.monotonic()
        self._send(signum)

    def status(self) -> int:
        """The status of a command ended by a signal here: 143 for SIGTERM, 129 for SIGHUP, else 130."""
        return {signal.SIGTERM: 143, getattr(signal, "SIGHUP", -1): 129}.get(self.signals[0], 130) \
            if self.signals else 130

    def _send(self, signum: int) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signum)
            except (ProcessLookupError, PermissionError):
                return  # it has ended
