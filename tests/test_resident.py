"""The resident build server (generator/resident): a command run in it prints, writes and exits
exactly as in its own process; a stale server (other templates, other code, another
interpreter) is never used; killing a command or the server mid-build leaves no partial file
and the next build succeeds; Ctrl-C reaches the command; the server runs no thread and its
socket is its user's alone; it ends when build/ is removed.

Each test starts its own server for its own project, as a user's command would, and stops it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.resident import client, contract, signature
from tests.conftest import ARBETSMILJO, KUNGSHOLMEN, SOF, copy_example, stop_build_servers

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import make_project  # noqa: E402

pytestmark = pytest.mark.skipif(not contract.supported(), reason="the build server needs Unix sockets and fork")
UTLATANDE = str(Path(sys.executable).parent / "utlatande")


def environment(language: str = "en", **more: str) -> dict[str, str]:
    """The environment of a user's shell: the server on (conftest turns it off), not in CI."""
    env = {k: v for k, v in os.environ.items() if k not in (contract.SWITCH, "CI", "LANGUAGE")}
    return {**env, "LANGUAGE": language, **more}


def run(project: Path, *arguments: str, language: str = "en", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([UTLATANDE, *arguments], cwd=project, capture_output=True, text=True,
                          env=environment(language, **env), timeout=300)


def served(project: Path) -> int:
    """How many commands the project's server has run (-1: none serves it)."""
    answer = client.ask(str(project.resolve()), "status")
    return -1 if answer is None else int(answer["requests"])


def server_pid(project: Path) -> int:
    answer = client.ask(str(project.resolve()), "status")
    assert answer is not None, "a server serves the project"
    return int(answer["pid"])


def gone(pid: int, within: float = 20.0) -> bool:
    waited = time.monotonic()
    while time.monotonic() - waited < within:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def serving(project: Path) -> Iterator[Path]:
    """`project` with a server started for it; every server of its folder stopped afterwards
    (also one a command started after the first had stopped: stale, or its socket removed)."""
    started = run(project, "server", "start")
    assert started.returncode == 0, started.stderr
    pid = server_pid(project)
    yield project
    client.ask(str(project.resolve()), "stop")
    if not gone(pid, 5.0):
        os.kill(pid, signal.SIGKILL)
    stop_build_servers(project.parent)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Path]:
    """The example project with a server started for it."""
    with serving(copy_example(tmp_path / "project")) as project:
        yield project


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_command_in_the_server_prints_writes_and_exits_as_in_its_own_process(server, language):
    broken = server / "responses" / "trasig.yaml"
    broken.write_text((server / SOF).read_text(encoding="utf-8").replace("dnr: SOF 2024/394", "dnr: SOF 2024/999")
                      .replace("title:", "title: [", 1), encoding="utf-8")
    commands = [
        ("build", "--out", "{out}"),
        ("build", SOF, "--out", "{out}", "--format", "docx"),
        ("check",),
        ("check", "--output-format", "json"),
        ("list",),
        ("text", ARBETSMILJO),
        ("where-used", "sakerhetsprogrammet-ansvar"),
        ("rules",),
        ("build", "no-such-file.yaml"),
    ]
    for number, command in enumerate(commands):
        before = served(server)
        ours = run(server, *[w.format(out=f"a{number}") for w in command], language=language)
        assert served(server) == before + 1, ("the server ran it", command)
        alone = run(server, *[w.format(out=f"b{number}") for w in command], "--no-server", language=language)
        assert served(server) == before + 1, ("--no-server ran it in its own process", command)
        assert (ours.returncode, ours.stdout, ours.stderr) == (
            alone.returncode, alone.stdout.replace(f"b{number}", f"a{number}"),
            alone.stderr.replace(f"b{number}", f"a{number}")), command
        if command[0] == "build" and (server / f"a{number}").exists():
            assert files(server / f"a{number}") == files(server / f"b{number}"), command
    assert run(server, "build", "--out", "a0").returncode == 1, "the broken response stops the build"
    assert (server / "a0" / f"{Path(KUNGSHOLMEN).stem}.pdf").exists(), "the others are built"


def test_a_server_whose_templates_changed_is_not_used_and_stops(server):
    pid = server_pid(server)
    phrases = server / "templates" / "phrases.j2"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace("Socialförvaltningen", "Socialförvaltningen ",
                                                                    1), encoding="utf-8")
    ours = run(server, "build", SOF, "--out", "a", "--format", "docx")
    alone = run(server, "build", SOF, "--out", "b", "--format", "docx", "--no-server")
    assert ours.returncode == alone.returncode == 0, ours.stderr
    assert (server / "a" / "sof-2024-394-starkt-skydd.docx").read_bytes() == \
        (server / "b" / "sof-2024-394-starkt-skydd.docx").read_bytes()
    assert gone(pid), "the stale server has stopped"


def test_a_server_is_stale_when_a_file_of_utlatande_or_a_library_changes(tmp_path, monkeypatch):
    package = tmp_path / "generator"
    (package / "render").mkdir(parents=True)
    (package / "render" / "docx.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(signature, "PACKAGE", str(package))
    libraries = tmp_path / "site-packages"
    libraries.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(libraries)])
    first = signature.code()
    assert signature.code() == first, "nothing changed"
    (package / "render" / "__pycache__").mkdir()
    (package / "render" / "__pycache__" / "docx.cpython-311.pyc").write_bytes(b"")
    assert signature.code() == first, "bytecode written by an import is not a change"
    os.utime(package / "render" / "docx.py")  # same text, touched
    touched = signature.code()
    assert touched != first
    (libraries / "python_docx-1.2.0.dist-info").mkdir()
    assert signature.code() != touched, "a library installed or upgraded"


def test_another_interpreter_or_other_flags_never_use_the_server(server):
    before = served(server)
    ours = subprocess.run([sys.executable, "-X", "dev", "-m", "generator", "list"], cwd=server, capture_output=True,
                          text=True, env=environment())
    assert ours.returncode == 0, ours.stderr
    assert served(server) == before, "run in its own process"
    assert run(server, "list").returncode == 0 and served(server) == before + 1, "the server still serves the rest"


def test_turned_off_the_server_runs_nothing(server):
    before = served(server)
    assert run(server, "list", UTLATANDE_SERVER="off").returncode == 0
    assert run(server, "--no-server", "check").returncode == 0
    assert served(server) == before


def test_the_server_runs_no_thread_and_only_its_user_can_reach_it(server):
    answer = client.ask(str(server.resolve()), "status")
    assert answer is not None and answer["threads"] == 1
    socket_file = server / contract.FOLDER / contract.SOCKET
    assert stat.S_IMODE(socket_file.stat().st_mode) == 0o600


def complete(folder: Path) -> None:
    """Every file in `folder` is whole, and no temporary file is left."""
    for path in folder.iterdir():
        assert not path.name.startswith(".utlatande."), f"a temporary file is left: {path.name}"
        data = path.read_bytes()
        if path.suffix == ".docx":
            assert zipfile.ZipFile(path).testzip() is None
        elif path.suffix == ".pdf":
            assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), path.name
        elif path.suffix == ".html":
            assert data.rstrip().endswith(b"</html>"), path.name


def started_building(project: Path, out: Path, **env: str) -> subprocess.Popen[str]:
    building = subprocess.Popen([UTLATANDE, "build", "--out", str(out)], cwd=project, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=environment(**env))
    waited = time.monotonic()
    while not (out.exists() and any(out.glob("*.pdf"))):
        assert building.poll() is None and time.monotonic() - waited < 120, "the build has started writing"
        time.sleep(0.01)
    return building


@pytest.fixture
def large(tmp_path: Path) -> Iterator[Path]:
    """A project of 24 responses with a server started for it."""
    with serving(make_project(tmp_path / "large", 24)) as project:
        yield project


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split() if entry.name.isdigit() else []
        except OSError:  # ended meanwhile
            continue
        if fields and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the command's process in /proc")
def test_killing_the_command_mid_build_leaves_no_partial_file_and_the_next_build_succeeds(large):
    out = large / "out"
    building = started_building(large, out)
    commands = children(server_pid(large))
    assert commands, "the command runs in a process of the server's"
    # The command and the workers it builds with, as `kill -9` of its process group would.
    doomed = [*commands, *(worker for pid in commands for worker in children(pid))]
    for pid in doomed:
        os.kill(pid, signal.SIGKILL)
    _, stderr = building.communicate(timeout=60)
    assert building.returncode == contract.STOPPED and "build server stopped" in stderr, stderr
    complete(out)
    again = run(large, "build", "--out", "out")
    assert again.returncode == 0, again.stderr
    complete(out)
    assert len(list(out.glob("*.docx"))) == 24


def test_killing_the_server_mid_build_lets_the_command_finish_and_the_next_run_alone(large):
    out = large / "out"
    building = started_building(large, out)
    os.kill(server_pid(large), signal.SIGKILL)
    _, stderr = building.communicate(timeout=300)
    assert building.returncode == 0, stderr
    complete(out)
    assert len(list(out.glob("*.docx"))) == 24
    after = run(large, "check", CI="true")
    assert after.returncode == 0, after.stderr
    assert served(large) == -1, "nothing serves the project; the command ran in its own process"


def test_ctrl_c_reaches_the_command_in_the_server(large):
    out = large / "out"
    building = started_building(large, out)
    building.send_signal(signal.SIGINT)
    building.communicate(timeout=60)
    assert building.returncode == 130
    complete(out)


def test_removing_build_stops_the_server(server):
    pid = server_pid(server)
    subprocess.run(["rm", "-rf", str(server / "build")], check=True)
    assert gone(pid), "the server has seen its socket go"
    assert run(server, "list").returncode == 0


def test_the_first_command_starts_a_server_except_in_ci(tmp_path):
    project = copy_example(tmp_path / "project")
    assert run(project, "build", SOF, "--format", "html", CI="true").returncode == 0
    time.sleep(0.5)
    assert served(project) == -1, "not in CI"
    shutil.rmtree(project / "build")
    assert run(project, "list").returncode == 0
    time.sleep(0.5)
    assert served(project) == -1 and not (project / "build").exists(), "a project never built gets no folder"
    assert run(project, "build", SOF, "--format", "html").returncode == 0
    waited = time.monotonic()
    while served(project) == -1:
        assert time.monotonic() - waited < 60, "a server has started"
        time.sleep(0.05)
    pid = server_pid(project)
    assert run(project, "list").returncode == 0 and served(project) == 1
    assert run(project, "server", "stop").returncode == 0
    assert gone(pid)
    stop_build_servers(tmp_path)


def test_a_socket_that_is_not_the_users_own_server_is_never_spoken_to(tmp_path):
    import socket as sockets

    project = copy_example(tmp_path / "project")
    (project / "build").mkdir()
    elsewhere = tmp_path / "elsewhere.sock"
    listener = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    listener.bind(str(elsewhere))
    listener.listen(1)
    listener.setblocking(False)
    try:
        for made in ("link", "open to all"):
            target = project / "build" / contract.SOCKET
            target.unlink(missing_ok=True)
            if made == "link":
                target.symlink_to(elsewhere)
                os.chmod(elsewhere, 0o600)
            else:
                os.link(elsewhere, target)
                os.chmod(target, 0o666)
            listed = run(project, "list", CI="true")
            assert listed.returncode == 0 and "SOF 2024/394" in listed.stdout, listed.stderr
            with pytest.raises(BlockingIOError):
                listener.accept()  # nothing connected: the command ran in its own process
    finally:
        listener.close()


def test_a_library_changed_in_place_makes_the_server_stale(tmp_path, monkeypatch):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "changing_library.py").write_text("WORD = 'before'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(library))
    import changing_library  # noqa: F401

    loaded = signature.loaded()
    assert any(name.endswith("changing_library.py") for name, *_ in loaded)
    assert signature.again(loaded) == loaded
    (library / "changing_library.py").write_text("WORD = 'after!'\n", encoding="utf-8")
    assert signature.again(loaded) != loaded
    monkeypatch.delitem(sys.modules, "changing_library")


def test_a_hangup_ignored_by_the_asker_is_ignored_by_the_command(large):
    out = large / "out"
    building = subprocess.Popen([UTLATANDE, "build", "--out", str(out)], cwd=large, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=environment(),
                                preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    waited = time.monotonic()
    while not (out.exists() and any(out.glob("*.pdf"))):
        assert building.poll() is None and time.monotonic() - waited < 120
        time.sleep(0.01)
    building.send_signal(signal.SIGHUP)  # as nohup's terminal going away
    _, stderr = building.communicate(timeout=300)
    assert building.returncode == 0, stderr
    assert len(list(out.glob("*.docx"))) == 24


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the command's process in /proc")
def test_a_command_whose_asker_is_killed_ends_and_leaves_no_partial_file(large):
    out = large / "out"
    building = started_building(large, out)
    commands = children(server_pid(large))
    assert commands
    building.kill()
    building.communicate(timeout=60)
    waited = time.monotonic()
    while any(Path(f"/proc/{pid}").exists() and "Z" not in (Path(f"/proc/{pid}/stat").read_text().split()[2:3] or [""])
              for pid in commands):
        assert time.monotonic() - waited < 60, "the command has ended with its asker"
        time.sleep(0.1)
    complete(out)
    assert len(list(out.glob("*.docx"))) < 24, "it stopped before the end"


def test_a_server_that_does_not_answer_is_given_up_on(server, tmp_path):
    pid = server_pid(server)
    os.kill(pid, signal.SIGSTOP)
    said = tmp_path / "said.txt"
    try:
        # Into a file, not a pipe: the descriptors handed to a stopped server stay open in its
        # socket's queue until it runs again (docs/design.md), so a pipe would not end.
        with said.open("w", encoding="utf-8") as output:
            listed = subprocess.run([UTLATANDE, "list"], cwd=server, stdout=output, stderr=subprocess.STDOUT,
                                    env=environment(), timeout=60)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert listed.returncode == 0 and "SOF 2024/394" in said.read_text(encoding="utf-8")
