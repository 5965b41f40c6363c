"""The HTTP side of `serve`: the standard library's threading server on 127.0.0.1 only, four
kinds of address, server-sent events for the live reload, and a clean stop on Ctrl-C.

    /                     the index of the project's responses
    /response/NAME        the document of responses/NAME.yaml (or its problems)
    /build/NAME.SUFFIX    its .docx, .pdf or .html, built on demand into build/
    /events?page=NAME&version=V   tells the page to reload once it would no longer be V

Every other address is 404: no file is ever served by its path, so no path can lead out of the
project's documents, and no folder is ever listed.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from generator.errors import Position, SourceError, internal_error
from generator.i18n import t
from generator.serve import pages
from generator.serve.site import Download, Site
from generator.serve.watch import Generations, Watcher
from generator.shown import shown

HOST = "127.0.0.1"
#: How often an idle event stream sends a comment: a closed page is noticed and its thread ends.
KEEPALIVE = 15.0
#: Seconds a connection may take to send its request (a browser opens some that never do).
REQUEST_TIMEOUT = 10
_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".pdf": "application/pdf", ".html": "text/html; charset=utf-8"}


class _Server(ThreadingHTTPServer):
    # Each request in a thread of its own that does not hold up the end: whatever writes a
    # file does so under the site's lock, which the stop waits for (Site.close).
    daemon_threads = True

    def __init__(self, port: int, site: Site, verbose: bool) -> None:
        self.site = site
        self.verbose = verbose
        super().__init__((HOST, port), _Handler)

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: tuple[str, int]) -> None:
        """A browser that leaves in the middle of an answer is no error; anything else is a bug
        in utlatande, said as such (the server goes on with the next request)."""
        error = sys.exception()
        if error is None or isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(internal_error(error), file=sys.stderr, flush=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    # One request per connection: no connection stays open between requests.
    protocol_version = "HTTP/1.0"
    timeout = REQUEST_TIMEOUT

    #: Set while answering HEAD: the same status and headers as GET, no body.
    head_only = False

    def do_HEAD(self) -> None:
        if urlsplit(self.path).path == "/events":
            return self._page(pages.message_page(405, t("Not allowed"), t("The events are only sent to GET.")))
        self.head_only = True
        try:
            self.do_GET()
        finally:
            self.head_only = False  # a kept-alive connection's next request may be a GET

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        site = self.server.site
        if not self._from_this_machine():
            return self._page(_not_found())
        if url.path == "/":
            return self._page(site.page(None) or _not_found())
        if url.path.startswith("/response/"):
            return self._page(site.page(unquote(url.path.removeprefix("/response/"))) or _not_found())
        if url.path.startswith("/build/"):
            name, dot, suffix = unquote(url.path.removeprefix("/build/")).rpartition(".")
            result = site.download(name, dot + suffix) if dot else None
            if isinstance(result, Download):
                return self._file(result)
            return self._page(result or _not_found())
        if url.path == "/events":
            query = parse_qs(url.query)
            page = query["page"][0] if "page" in query else None
            version = query.get("version", [""])[0]
            if page is not None and site.page(page) is None:
                return self._page(_not_found())
            return self._events(page, version)
        return self._page(_not_found())

    def _from_this_machine(self) -> bool:
        """The Host the browser asked for is this server by its address or as localhost: a web
        page elsewhere cannot reach it through a name of its own that points here."""
        host = self.headers.get("Host")
        port = self.server.server_address[1]
        names = {f"{HOST}:{port}", f"localhost:{port}"} | ({HOST, "localhost"} if port == 80 else set())
        return host is None or host.lower() in names

    def _headers(self, status: int, kind: str, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.send_header("X-Frame-Options", "DENY")

    def _page(self, page: pages.Page) -> None:
        data = page.html.encode("utf-8")
        self._headers(page.status, "text/html; charset=utf-8", len(data))
        self.end_headers()
        if not self.head_only:
            self.wfile.write(data)

    def _file(self, download: Download) -> None:
        name = download.path.name
        fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
        self._headers(200, _TYPES[download.path.suffix], len(download.data))
        self.send_header("Content-Disposition", f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}")
        self.end_headers()
        if not self.head_only:
            self.wfile.write(download.data)

    def _events(self, name: str | None, version: str) -> None:
        """Server-sent events: `reload` as soon as the page would differ from `version` (at
        once, if it already does: a save may have come while the page loaded)."""
        self._headers(200, "text/event-stream")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        generations, seen = self.server.site.generations, -1
        while True:
            number = generations.wait(seen, KEEPALIVE)
            if number is None:
                return
            if number == seen:
                self.wfile.write(b": still here\n\n")
            else:
                seen = number
                page = self.server.site.page(name)
                if page is None or page.version != version:
                    self.wfile.write(b"event: reload\ndata: \n\n")
                    self.wfile.flush()
                    return
            self.wfile.flush()

    def version_string(self) -> str:
        return "utlatande"

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:  # a request's path is anyone's text: shown safely
            super().log_message(format, *(shown(arg) if isinstance(arg, str) else arg for arg in args))


def _not_found() -> pages.Page:
    return pages.message_page(404, t("Not found"), t("There is no such page: the preview shows the documents of "
                                                     "the project's responses, nothing else."))


def serve(root: Path, port: int, ready: Callable[[str], None], verbose: bool = False) -> None:
    """Serves the project in `root` on 127.0.0.1:`port` (any free port for 0) until Ctrl-C;
    `ready(url)` is called once it listens. Waits, when stopped, for a document being written."""
    generations = Generations()
    site = Site(root, generations)
    try:
        server = _Server(port, site, verbose)
    except OSError as exc:
        reason = t("the port is in use") if exc.errno == errno.EADDRINUSE else exc.strerror or type(exc).__name__
        raise SourceError.at(Position(Path("--port")), t("cannot listen on port {port}: {reason}", port=port, reason=reason),
                             # Under `make serve` (make sets MAKELEVEL) the port is make's PORT=.
                             t("choose another port: make serve PORT=8001") if os.environ.get("MAKELEVEL")
                             else t("choose another port with --port N, or --port 0 for any free one")) from None
    watcher = Watcher(root, generations)
    watcher.start()
    loop = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="serve", daemon=True)
    try:
        loop.start()
        ready(f"http://{HOST}:{server.server_address[1]}/")
        while loop.is_alive():
            loop.join(0.5)
    finally:
        server.shutdown()
        generations.close()
        watcher.stop()
        site.close()
        server.server_close()
