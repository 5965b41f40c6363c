"""The resident build server of one project: `utlatande server start`, or started by the first
command after the last one ended (client.py).

It loads utlatande and what it keeps of the project's templates once (warm.py), then listens on
`build/.utlatande-server.sock` (mode 0600, and only its own user's connections are served). For
each command it checks that the asker is the same interpreter, utlatande and flags, and that no
file of utlatande, the installed libraries or templates/ changed since it loaded them; a stale
server answers so, removes its socket and ends, and the command runs in its own process. A
fresh one forks: the copy takes the asker's descriptors, folder, environment, umask and
arguments, runs the command exactly as `utlatande` would, and sends back its exit status.

The server itself never runs a thread (fork copies only the thread that calls it) and reads no
source file but the organisation profiles, for their logos (kept by their content: warm.py); it
ends after 30 idle minutes, or when its socket file is removed.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import gc
import io
import os
import select
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from generator.resident import contract, signature

IDLE = 30 * 60
#: How often an idle server looks whether its socket is still there.
LOOK_EVERY = 5.0
#: How long a connection may take to send its request.
REQUEST_TIME = 5.0


def main(root_given: str) -> int:
    root = Path(root_given).resolve()
    folder = root / contract.FOLDER
    folder.mkdir(exist_ok=True)
    lock = os.open(folder / contract.LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return 0  # one runs already
    os.chdir(root)
    # Taken before loading: a change while loading makes the server stale at its first command.
    code, templates = signature.code(), signature.templates(root)
    # Bound before loading, which takes a second or two: where no socket can be made (a file
    # system without them), the server ends at once. Commands asking meanwhile are refused
    # (it listens once loaded) and run on their own.
    server = Server(root, code, templates, lock)
    began = time.time_ns()
    from generator.resident import warm

    warm.up()
    server.command_lines = warm.command_lines()
    server.modules = signature.loaded()
    if any(ctime >= began for _, _, _, ctime, _ in server.modules):
        server.close()
        return 1  # a module changed while it was loaded: the next command starts a fresh server
    if threading.active_count() != 1 or _threads() != 1:
        server.close()
        return 1  # something loaded started a thread: forking would copy a process missing it
    # What is loaded now lives as long as the server: the collector need not look at it again,
    # and in each command's process it would copy every page it looked at.
    gc.collect()
    gc.freeze()
    server.listener.listen(16)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    # The commands' processes are not waited for: the system removes them when they end.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        server.serve()
    finally:
        server.close()
    return 0


class Server:
    def __init__(self, root: Path, code: object, templates: object, lock: int) -> None:
        self.root = root
        self.lock = lock
        #: The command line loaded in each language (warm.command_lines), set once loaded.
        self.command_lines: dict[str, dict[str, ModuleType]] = {}
        #: The files of the modules loaded (signature.loaded), set once loaded.
        self.modules: tuple[signature.Entry, ...] = ()
        self.code = code
        self.templates = templates
        self.interpreter = contract.interpreter()
        self.requests = 0
        self.last = time.monotonic()
        self.path = Path(contract.socket_path(str(root)))
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # left by a server that was killed: the lock says none runs
        old = os.umask(0o177)
        try:
            with contract.address(str(self.path)) as name:
                self.listener.bind(name)
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        self.inode = self.path.stat().st_ino

    def serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.listener], [], [], LOOK_EVERY)
            if not ready:
                if time.monotonic() - self.last > IDLE or not self._socket_is_ours():
                    return
                continue
            try:
                connection, _ = self.listener.accept()
                with connection:
                    keep = self._answer(connection)
            except OSError:  # the asker went away, or no process could be made: it runs the command itself
                keep = True
            if not keep:
                return
            self.last = time.monotonic()

    def close(self) -> None:
        self.listener.close()
        if self._socket_is_ours():
            self.path.unlink()

    def _socket_is_ours(self) -> bool:
        try:
            return self.path.stat().st_ino == self.inode
        except OSError:
            return False

    def _answer(self, connection: socket.socket) -> bool:
        """Answers one connection; False when the server is to end."""
        connection.settimeout(REQUEST_TIME)
        if not _same_user(connection):
            return True
        try:
            request, fds = contract.receive(connection, fds=3)
        except OSError:
            return True
        try:
            if request is None or ("run" in request and len(fds) != 3):
                return True
            if "run" not in request:
                return self._question(connection, request)
            stale = self._stale(request)
            if stale:
                contract.send(connection, {"stale": stale})
                return stale == "the interpreter differs"
            self.requests += 1
            if os.fork() == 0:
                _run(connection, [self.listener.fileno(), self.lock], request, fds, self.command_lines)
        finally:
            for fd in fds:
                os.close(fd)
        return True

    def _question(self, connection: socket.socket, request: dict[str, Any]) -> bool:
        if request.get("ask") == "stop":
            contract.send(connection, {"stopped": os.getpid()})
            return False
        contract.send(connection, {"pid": os.getpid(), "root": str(self.root), "requests": self.requests,
                                   "idle": round(time.monotonic() - self.last), "threads": _threads(),
                                   "interpreter": self.interpreter})
        return True

    def _stale(self, request: dict[str, Any]) -> str:
        """Why this server cannot run the command, or ""."""
        if request.get("interpreter") != self.interpreter or request.get("root") != str(self.root):
            return "the interpreter differs"
        if signature.code() != self.code or signature.again(self.modules) != self.modules:
            return "utlatande or a library changed"
        if signature.templates(self.root) != self.templates:
            return "the templates changed"
        return ""


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _same_user(connection: socket.socket) -> bool:
    """Whether the other end runs as this server's user (the socket's mode says so too)."""
    return contract.peer_uid(connection) in (None, os.getuid())


def _run(connection: socket.socket, servers: list[int], request: dict[str, Any], fds: list[int],
         command_lines: dict[str, dict[str, ModuleType]]) -> None:
    """The command's process: becomes the asking process, runs the command, reports, ends.
    `servers` are the server's own descriptors (its socket, its lock), which it must not hold.

    Until it has said that it runs the command, anything that fails ends it without a word: the
    asking process then runs the command itself (its folder was removed, say)."""
    try:
        _become(connection, servers, request, fds, command_lines)
        contract.send(connection, {"pid": os.getpid()})
    except BaseException:  # noqa: BLE001 - the asking process runs the command itself and says what is wrong
        os._exit(1)
    threading.Thread(target=_end_with_the_asker, args=(connection,), daemon=True).start()
    status = 1
    try:
        status = _status(_command)
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        contract.send(connection, {"status": status})
    except BaseException:  # noqa: BLE001, S110 - the asking process went away: nobody to tell
        pass
    finally:
        os._exit(status)


def _become(connection: socket.socket, servers: list[int], request: dict[str, Any], fds: list[int],
            command_lines: dict[str, dict[str, ModuleType]]) -> None:
    """This process as the asking one: its signals' handling, descriptors, umask, folder,
    environment, arguments, path, streams, and the command line in its language."""
    from generator import interrupts

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    # As `utlatande` handles them from its first line; what the asker ignores (nohup), ignored.
    interrupts.install()
    for signum in request.get("ignored", []):
        signal.signal(signum, signal.SIG_IGN)
    if request.get("nice") is not None and os.getpriority(os.PRIO_PROCESS, 0) != request["nice"]:
        os.setpriority(os.PRIO_PROCESS, 0, int(request["nice"]))  # lower than the server's: refused, runs alone
    if request.get("cpus") is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, request["cpus"])
    for fd in servers:
        os.close(fd)
    connection.settimeout(None)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    os.umask(int(request["umask"]))
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["environ"])
    sys.argv = list(request["run"])
    if request.get("script") is not None:
        sys.path.insert(0, request["script"])
    _streams(request["streams"])
    atexit._clear()
    from generator.entry import language

    sys.modules.update(command_lines[language(sys.argv[1:])])


def _command() -> None:
    from generator.entry import in_process

    in_process()


def _end_with_the_asker(connection: socket.socket) -> None:
    """Ends the command as SIGTERM would (what is half-written is removed) when the asking
    process has gone (killed, say): it said nothing more, so the connection only ever ends."""
    with contextlib.suppress(OSError):
        while connection.recv(1):
            pass
    os.kill(os.getpid(), signal.SIGTERM)


def _status(command: Any) -> int:
    """The exit status of `command()`, as Python gives it for a program."""
    from generator.errors import Terminated

    try:
        command()
    except KeyboardInterrupt as exc:  # before the command line took over Ctrl-C and SIGTERM
        return 143 if isinstance(exc, Terminated) else 130
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code & 0xFF
        print(exc.code, file=sys.stderr)
        return 1
    return 0


def _streams(streams: list[dict[str, Any] | None]) -> None:
    """Standard input, output and error on descriptors 0, 1 and 2, encoded as the asker's are."""
    made: list[TextIO | None] = []
    for fd, spec in enumerate(streams):
        if spec is None:
            made.append(None)
            continue
        raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        made.append(io.TextIOWrapper(buffered, encoding=spec["encoding"], errors=spec["errors"],
                                     line_buffering=bool(spec["line_buffering"])))
    sys.stdin, sys.stdout, sys.stderr = made
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = made  # type: ignore[misc,assignment]
