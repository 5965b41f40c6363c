"""`utlatande serve` started as a user starts it, for the tests that talk to it."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Served:
    """A running `utlatande serve --port 0` in `project`."""

    project: Path
    process: subprocess.Popen
    url: str
    errors: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, project: Path, *options: str) -> Served:
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0", *options], cwd=project,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env={**os.environ, "LANGUAGE": "en"})
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, (line, process.stderr.read() if process.poll() is not None else "")
        served = cls(project, process, found.group(0))
        threading.Thread(target=lambda: served.errors.extend(process.stderr), daemon=True).start()
        return served

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def get(self, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Reply:
        """GET (or `method`) `path` exactly as written (no client tidies a '..' away)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def events(self, path: str) -> Events:
        return Events(self.port, path)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a user stops it: the exit status and what it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("serve did not stop within 20 s of Ctrl-C") from None
        return self.process.returncode, out


class Events:
    """An open event stream, read in the background: `reloaded(within)` says whether the server
    told the page to reload within `within` seconds, and when."""

    def __init__(self, port: int, path: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", path)
        self.response = self.connection.getresponse()
        assert self.response.status == 200 and self.response.getheader("Content-Type") == "text/event-stream"
        self.reload_at: float | None = None
        self._reloaded = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self.response:
                if line.strip() == b"event: reload":
                    self.reload_at = time.monotonic()
                    self._reloaded.set()
                    return
        except (OSError, ValueError):
            return

    def reloaded(self, within: float) -> bool:
        return self._reloaded.wait(within)

    def close(self) -> None:
        self.connection.close()
