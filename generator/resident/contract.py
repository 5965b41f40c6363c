"""What the resident build server and its clients agree on: where its socket is, which commands
it runs, how it is turned off, how messages travel, and what makes the interpreter asking the
same as the server's (a server of another Python, another utlatande or other flags is never
used).

The client reads this module before anything else of utlatande, in every command, so it uses
only modules that Python has loaded at start or that load in microseconds: `_socket` rather than
`socket` (10 ms of enums), marshal rather than json (which loads `re`), strings rather than
pathlib. Both ends are the same interpreter (`interpreter()`), so marshal's format is theirs.
"""

from __future__ import annotations

import _socket
import marshal
import os
import stat
import sys

# typing costs 5 ms to load; type checkers read a constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

#: The folder of the project that holds the socket and the lock (the build output's default).
FOLDER = "build"
SOCKET = ".utlatande-server.sock"
LOCK = ".utlatande-server.lock"
#: The environment variable that turns the server off ("off"); CI turns off starting one.
SWITCH = "UTLATANDE_SERVER"
OFF = frozenset({"off", "0", "no", "false"})
#: The option that runs one command in its own process.
NO_SERVER = "--no-server"
#: The commands a server runs: those that read the project and write into build/ or print,
#: never ask anything and end by themselves.
ROUTED = frozenset({"build", "check", "list", "text", "schema", "fragments", "where-used", "rules"})
#: The options before a command that take a value (the rest are flags).
VALUED = frozenset({"--root", "--output-format", "--lang"})
#: The exit status when the server's process ended before the command did (EX_TEMPFAIL).
STOPPED = 75
#: The largest message either end reads (the environment is the bulk of a request).
MAX_MESSAGE = 4 << 20
PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LENGTH = 4
Connection = _socket.socket
#: Seconds a client waits for one step of a server (connecting, sending, a message once begun).
PATIENCE = 5.0


def supported() -> bool:
    """Unix sockets that carry file descriptors, and fork: Linux and the BSDs; not Windows."""
    return hasattr(_socket, "AF_UNIX") and hasattr(_socket, "SCM_RIGHTS") and hasattr(os, "fork")


def turned_off(environ: Mapping[str, str]) -> bool:
    return environ.get(SWITCH, "").strip().lower() in OFF


def socket_path(root: str) -> str:
    return os.path.join(root, FOLDER, SOCKET)


def command_of(arguments: list[str]) -> str | None:
    """The command named on the command line: the first word that is neither an option nor the
    value of one."""
    words = iter(arguments)
    for word in words:
        if word == "--":
            return None
        if word in VALUED:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def options(arguments: list[str]) -> list[str]:
    """The words before `--`, where options are."""
    return arguments[: arguments.index("--")] if "--" in arguments else arguments


def given_root(arguments: list[str]) -> str | None:
    """The value of --root, if given (the last one, as the command line takes it)."""
    words = options(arguments)
    found = None
    for index, word in enumerate(words):
        if word.startswith("--root="):
            found = word.removeprefix("--root=")
        elif word == "--root" and index + 1 < len(words):
            found = words[index + 1]
    return found


def interpreter() -> dict[str, Any]:
    """What makes a Python process run utlatande exactly as another does.

    sys.path without its first entry, which is the script's folder (the server starts with -P
    and puts the client's first in each command's process)."""
    import _locale  # the locale's encoding without `locale`, which loads `re`

    names = type(sys.flags).__match_args__
    return {
        "executable": sys.executable,
        "version": sys.version,
        "path": sys.path[1:] if sys.path and not sys.flags.safe_path else list(sys.path),
        "flags": {name: getattr(sys.flags, name) for name in names if name != "safe_path"},
        "warnoptions": list(sys.warnoptions),
        "xoptions": {str(k): str(v) for k, v in sys._xoptions.items()},
        "filesystem": [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()],
        "locale": _locale.getencoding(),
        "package": PACKAGE,
    }


#: The size of a C int, in which descriptors pass (array, which knows it, costs 3 ms to load).
_INT = 4


def send(connection: _socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    """Sends `message` (and the descriptors `fds` with its first bytes)."""
    data = marshal.dumps(message)
    data = len(data).to_bytes(_LENGTH, "big") + data
    sent = 0
    if fds:
        numbers = b"".join(fd.to_bytes(_INT, sys.byteorder, signed=True) for fd in fds)
        sent = connection.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, numbers)])
    while sent < len(data):
        sent += connection.send(data[sent:])


def receive(connection: _socket.socket, fds: int = 0) -> tuple[dict[str, Any] | None, list[int]]:
    """The next message and the descriptors that came with it; None when the other side has
    closed the connection, or sent what is not a message."""
    received: list[int] = []
    if fds:
        head, ancillary, _flags, _address = connection.recvmsg(_LENGTH, _socket.CMSG_SPACE(fds * _INT))
        for level, kind, data in ancillary:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                received += [int.from_bytes(data[i:i + _INT], sys.byteorder, signed=True)
                             for i in range(0, len(data) - _INT + 1, _INT)]
    else:
        head = _exactly(connection, _LENGTH)
    try:
        head += _exactly(connection, _LENGTH - len(head))
        length = int.from_bytes(head, "big") if len(head) == _LENGTH else -1
        body = _exactly(connection, length) if 0 <= length <= MAX_MESSAGE else b""
    except BaseException:  # a time limit, a reset: the descriptors that came are not kept
        for fd in received:
            os.close(fd)
        raise
    try:
        message = marshal.loads(body) if length >= 0 and len(body) == length else None
    except (EOFError, ValueError, TypeError):
        message = None
    return (message if isinstance(message, dict) else None), received


def _exactly(connection: _socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = connection.recv(size - len(data))
        if not more:
            break
        data += more
    return data


def connect(path: str) -> _socket.socket:
    """A connection to this user's server at `path`: the path must be a socket of this user's,
    not a link to one, and (where the system says) the process listening must run as this user.
    Anything else is refused as no server: the command runs on its own."""
    found = os.lstat(path)
    if not stat.S_ISSOCK(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
        raise PermissionError(f"{path} is not this user's build server")
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    # No step may wait on a server that does not answer (stopped, say): connecting, sending and
    # each read give up after this long, and the command runs on its own.
    connection.settimeout(PATIENCE)
    try:
        with address(path) as name:
            connection.connect(name)
        if peer_uid(connection) not in (None, os.getuid()):
            raise PermissionError(f"{path} is served by another user")
    except BaseException:
        connection.close()
        raise
    return connection


def peer_uid(connection: _socket.socket) -> int | None:
    """The user id of the process at the other end (Linux: SO_PEERCRED), or None if unknown."""
    if not hasattr(_socket, "SO_PEERCRED"):
        return None
    credentials = connection.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)  # pid, uid, gid
    return int.from_bytes(credentials[4:8], sys.byteorder)


class address:  # used as a function: `with address(path) as name`
    """The address to bind or connect to for `path`: itself, or its name while the current
    folder is its folder (an address holds 108 bytes on Linux; a project may lie deeper).
    A class, not a contextmanager: contextlib costs the client 6 ms to load."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.back: int | None = None

    def __enter__(self) -> str:
        if len(os.fsencode(self.path)) < 100:
            return self.path
        self.back = os.open(".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.chdir(os.path.dirname(self.path))
        except OSError:
            self.__exit__()
            raise
        return os.path.basename(self.path)

    def __exit__(self, *_: object) -> None:
        if self.back is not None:
            os.fchdir(self.back)
            os.close(self.back)
            self.back = None
