"""`utlatande serve` over HTTP: what it serves and refuses, downloads built atomically into
build/, problems in place of a document, the reload within a second of a save, broken input
survived, sources never written, and the stop on Ctrl-C. (tests/test_browser.py drives it in
Chromium.)"""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import sys
import time
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.commands.session import Session
from generator.model.text import document_text
from generator.readback.html import html_text
from tests.conftest import ARBETSMILJO, KUNGSHOLMEN, SOF, edit
from tests.serving import Served

NAME = "sof-2024-394-starkt-skydd"


@pytest.fixture
def served(project: Path):
    server = Served.start(project)
    yield server
    status, out = server.stop()
    assert status == 0 and "Stopped." in out, (status, out, server.errors)
    assert not any("Traceback" in line or "internal error" in line for line in server.errors), server.errors


def _sources(project: Path) -> dict[str, str]:
    return {p.relative_to(project).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(project.rglob("*")) if p.is_file() and p.relative_to(project).parts[0] not in ("build", ".cache")}


def version_of(page: str) -> str:
    return re.search(r"version=([0-9a-f]+)", page).group(1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the listening sockets from /proc/net")
def test_listens_on_this_computer_only(served):
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.rsplit(":", 1)
            if state == "0A" and int(port, 16) == served.port:
                listening.append(address)
    assert listening == ["0100007F"], "127.0.0.1, and no other address"


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "/response/../../etc/passwd",
    "/response/..%2F..%2F..%2Fetc%2Fpasswd", "/response/%2E%2E", "/build/../../etc/passwd", "/build/..%2F..%2Fetc%2Fpasswd",
    "/build/", "/build", "/responses/", f"/responses/{NAME}.yaml", "/templates/", "/templates/tjansteutlatande.typ",
    "/response/", f"/response/{NAME}.yaml", f"/build/{NAME}.yaml", f"/build/{NAME}.txt", f"/build/{NAME}",
    "/response/nobody", "/build/nobody.pdf", "/events?page=../../etc/passwd", "/favicon.ico", "/.git/config",
    "//etc/passwd", "/%00", "/response/" + "x" * 5000,
])
def test_anything_but_the_project_documents_is_not_found(served, path):
    reply = served.get(path)
    assert reply.status == 404, path
    assert b"root:" not in reply.body and b"Index of" not in reply.body and b"<li><a" not in reply.body


def test_a_page_asked_for_by_another_host_name_is_not_found(served):
    """A web page elsewhere cannot read the documents by pointing a name of its own at 127.0.0.1."""
    assert served.get("/", {"Host": "evil.example"}).status == 404
    assert served.get(f"/response/{NAME}", {"Host": f"evil.example:{served.port}"}).status == 404
    assert served.get("/", {"Host": f"localhost:{served.port}"}).status == 200


def test_index_lists_every_response_with_dnr_title_status_and_problems(served):
    reply = served.get("/")
    assert reply.status == 200 and reply.headers["content-type"] == "text/html; charset=utf-8"
    page = reply.text
    for name in (NAME, "kungsholmen-starkt-skydd", "sof-arbetsmiljo-socialtjansten"):
        assert f'href="/response/{name}"' in page
    assert "SOF 2024/394" in page and "Skrivelse om stärkt skydd och stöd för socialtjänsten" in page
    assert "draft" in page and "2 warnings" in page  # the example's two reworded questions


def test_a_response_page_is_its_document_with_downloads(served, project):
    reply = served.get(f"/response/{NAME}")
    assert reply.status == 200 and reply.headers["cache-control"] == "no-store"
    document = Session.open(project).document(project / SOF)
    assert html_text(reply.body) == document_text(document), "the preview bar is no part of the document's text"
    for suffix in (".docx", ".pdf", ".html"):
        assert f'href="/build/{NAME}{suffix}"' in reply.text
    assert "UTKAST" in reply.text and "Draft (marked UTKAST)" in reply.text


@pytest.mark.parametrize("suffix,kind", [(".pdf", "application/pdf"), (".docx", "application/vnd.openxmlformats"),
                                         (".html", "text/html")])
def test_a_download_is_built_on_demand_into_build_as_build_would(served, project, tmp_path_factory, suffix, kind):
    before = _sources(project)
    reply = served.get(f"/build/{NAME}{suffix}")
    assert reply.status == 200 and reply.headers["content-type"].startswith(kind)
    assert reply.headers["content-disposition"] == f"attachment; filename=\"{NAME}{suffix}\"; filename*=UTF-8''{NAME}{suffix}"
    assert [p.name for p in (project / "build").iterdir()] == [NAME + suffix], "whole, no temporary file left"
    assert (project / "build" / (NAME + suffix)).read_bytes() == reply.body
    elsewhere = tmp_path_factory.mktemp("built")
    build(Session.open(project), [project / SOF], elsewhere, [suffix[1:]])
    assert (elsewhere / (NAME + suffix)).read_bytes() == reply.body, "the same bytes as utlatande build"
    assert _sources(project) == before


def test_a_broken_response_shows_its_problems_at_their_line_in_place_of_the_document(served, project, cli):
    edit(project / SOF, "dnr: SOF 2024/394", "dnr: SOF 2024/394\ndate: [oops")
    place = re.match(r"(\S+:\d+:\d+): ", cli("check", cwd=project).err).group(1)
    assert place.startswith(f"responses/{NAME}.yaml:")
    reply = served.get(f"/response/{NAME}")
    assert reply.status == 200 and f'<span class="place">{place}</span>' in reply.text, "where check says it is"
    assert "cannot be shown" in reply.text and "<main" in reply.text
    assert "Skrivelse om stärkt skydd" not in reply.text, "never the last good document"
    download = served.get(f"/build/{NAME}.pdf")
    assert download.status == 409 and place in download.text
    assert not (project / "build").exists() or not list((project / "build").iterdir())
    assert served.get("/").status == 200 and "1 error" in served.get("/").text


def test_a_stale_approval_is_shown_and_built_as_a_draft(served, project, cli):
    from tests.conftest import approve

    approve(cli, project, SOF)
    assert "Approved: the final document" in served.get(f"/response/{NAME}").text
    edit(project / SOF, "Nej, i första hand", "Nej, i allra första hand")
    time.sleep(0.5)
    page = served.get(f"/response/{NAME}").text
    assert "An approval no longer holds" in page and "must approve again" in page and "UTKAST" in page
    reply = served.get(f"/build/{NAME}.html")
    assert reply.status == 200 and b"UTKAST" in reply.body


def test_a_stale_response_is_assembled_judged_and_rendered_once_per_page_and_download(project, cli, monkeypatch):
    import generator.commands.session as session_module
    from generator.commands.outputs import Format
    from generator.serve.site import Download, Site
    from generator.serve.watch import Generations
    from tests.conftest import approve

    approve(cli, project, SOF)
    edit(project / SOF, "Nej, i första hand", "Nej, i allra första hand")
    calls: dict[str, int] = {}

    def counted(name, function):
        def counting(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            return function(*args, **kwargs)
        return counting

    import generator.assemble.compose as compose_module

    # The session imports the assembler where it uses it (list and fragments never load Jinja2).
    for module, name in ((compose_module, "assemble"), (compose_module, "marked_draft"), (session_module, "judge")):
        monkeypatch.setattr(module, name, counted(name, getattr(module, name)))
    monkeypatch.setattr(Format, "render", counted("render", Format.render))
    site = Site(project, Generations())

    page = site.page(NAME)
    assert page is not None and "An approval no longer holds" in page.html and "must approve again" in page.html
    assert calls == {"assemble": 1, "marked_draft": 1, "judge": 1}, "the page: the approvals judged, the draft made, once"
    calls.clear()
    download = site.download(NAME, ".html")
    assert isinstance(download, Download) and b"UTKAST" in download.data
    assert calls == {"assemble": 1, "marked_draft": 1, "judge": 1, "render": 1}, "the download: built once, as a draft"


def test_the_page_is_told_to_reload_within_a_second_of_a_save_to_any_file_it_depends_on(served, project):
    for path, old, new in [
        (SOF, "Karin Karlung", "Karin Karlung-Berg"),
        ("fragments/trygghetsprogrammet-arbetsmiljo.yaml", "det systematiska arbetsmiljöarbetet",
         "det systematiska arbetsmiljöarbetet, som"),
        ("questions/2024-05-21-liberalerna-starkt-skydd-socialtjansten.yaml", "Jan Jönsson", "Jan Jönson"),
        ("organisations/socialforvaltningen.yaml", "forvaltning: Socialförvaltningen", "forvaltning: Socialförv."),
        ("templates/phrases.j2", "UTKAST", "UTKAST!"),
    ]:
        page = served.get(f"/response/{NAME}").text
        stream = served.events(f"/events?page={NAME}&version={version_of(page)}")
        assert not stream.reloaded(0.3), "nothing changed yet"
        saved = time.monotonic()
        source = project / path
        source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert stream.reloaded(1.0), f"no reload within a second of saving {path.name}"
        print(f"{path}: reload {stream.reload_at - saved:.3f} s after the save")
        stream.close()


def test_a_save_that_changes_nothing_shown_does_not_reload(served, project):
    page = served.get(f"/response/{NAME}").text
    stream = served.events(f"/events?page={NAME}&version={version_of(page)}")
    with (project / SOF).open("a", encoding="utf-8") as file:
        file.write("# a comment\n")
    with (project / KUNGSHOLMEN).open("a", encoding="utf-8") as file:
        file.write("# another response's comment\n")
    assert not stream.reloaded(1.0)
    edit(project / SOF, "Karin Karlung", "Karin K.")
    assert stream.reloaded(1.0)


def test_a_page_that_changed_while_it_loaded_reloads_at_once(served, project):
    page = served.get(f"/response/{NAME}").text
    edit(project / SOF, "Karin Karlung", "Karin K.")
    time.sleep(0.5)
    assert served.events(f"/events?page={NAME}&version={version_of(page)}").reloaded(1.0)


def test_a_page_asked_for_right_after_a_save_is_the_saved_one(served, project):
    for attempt in range(5):
        assert "Karin Karlung" in served.get(f"/response/{NAME}").text
        edit(project / SOF, "Karin Karlung", "Karin Berg")
        page = served.get(f"/response/{NAME}").text  # before the watcher can have told of the save
        assert "Karin Berg" in page and "Karin Karlung" not in page, f"a stale page at attempt {attempt + 1}"
        edit(project / SOF, "Karin Berg", "Karin Karlung")


def test_a_response_that_goes_and_comes_back_is_shown_again(served, project):
    text = (project / SOF).read_bytes()
    (project / SOF).unlink()
    reply = served.get(f"/response/{NAME}")
    assert reply.status == 404 and f"responses/{NAME}.yaml does not exist" in reply.text
    stream = served.events(f"/events?page={NAME}&version={version_of(reply.text)}")
    (project / SOF).write_bytes(text)
    # A bound on waiting, not a speed: under a loaded machine the watcher and the build take longer.
    assert stream.reloaded(10.0), "the page follows the file back"
    assert served.get(f"/response/{NAME}").status == 200


def test_the_index_reloads_when_a_response_is_added(served, project):
    page = served.get("/").text
    stream = served.events(f"/events?version={version_of(page)}")
    (project / "responses" / "ny.yaml").write_bytes((project / ARBETSMILJO).read_bytes())
    assert stream.reloaded(1.0)
    assert 'href="/response/ny"' in served.get("/").text


def _aliases(project: Path) -> None:
    """Nine levels of ten aliases each: a billion values, if they were expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    (project / SOF).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _replaced(project: Path, by) -> None:
    (project / SOF).unlink()
    by(project / SOF)


BREAKAGES = [
    ("not UTF-8", lambda p: (p / SOF).write_bytes(b"dnr: \xff\xfe\x00\x00")),
    ("empty", lambda p: (p / SOF).write_bytes(b"")),
    ("binary", lambda p: (p / SOF).write_bytes(bytes(range(256)) * 64)),
    ("aliases", _aliases),
    ("a folder in its place", lambda p: _replaced(p, Path.mkdir)),
    ("a link out of the project", lambda p: _replaced(p, lambda path: path.symlink_to("/etc/passwd"))),
    ("gone", lambda p: (p / SOF).unlink()),
    ("settings broken", lambda p: (p / "utlatande.toml").write_text("[rules\n", encoding="utf-8")),
    ("template gone", lambda p: (p / "templates/tjansteutlatande.md.j2").unlink()),
    ("template broken", lambda p: (p / "templates/tjansteutlatande.md.j2").write_text("{% if %}", encoding="utf-8")),
    ("fragments gone", lambda p: [f.unlink() for f in (p / "fragments").iterdir()]),
    ("profile broken", lambda p: (p / "organisations/socialforvaltningen.yaml").write_text("- [", encoding="utf-8")),
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_survives_broken_input_and_shows_the_document_again_once_it_is_mended(served, project, tmp_path_factory,
                                                                            breakage):
    backup = shutil.copytree(project, tmp_path_factory.mktemp("backup") / "project", symlinks=True)
    breakage[1](project)
    time.sleep(0.4)
    for path in ("/", f"/response/{NAME}", f"/build/{NAME}.pdf", f"/response/{NAME}", f"/build/{NAME}.docx"):
        reply = served.get(path)
        assert reply.status in (200, 404, 409), (path, reply.status, reply.text[:300])
        assert "internal error" not in reply.text, reply.text
        if path.startswith("/response/"):
            assert "Skrivelse om stärkt skydd" not in reply.text, "never the last good document"
    assert served.process.poll() is None
    for folder in ("responses", "fragments", "organisations", "templates"):
        shutil.rmtree(project / folder)
        shutil.copytree(backup / folder, project / folder)
    (project / "utlatande.toml").unlink(missing_ok=True)
    time.sleep(0.4)
    assert "Skrivelse om stärkt skydd" in served.get(f"/response/{NAME}").text


def test_ctrl_c_stops_it_at_once_with_a_page_open(project):
    server = Served.start(project)
    page = server.get(f"/response/{NAME}").text
    stream = server.events(f"/events?page={NAME}&version={version_of(page)}")
    started = time.monotonic()
    status, out = server.stop()
    assert status == 0 and out.strip().endswith("Stopped.")
    assert time.monotonic() - started < 3
    stream.close()


@pytest.mark.both_languages
def test_a_port_in_use_is_said_with_what_to_do(cli, project, monkeypatch):
    monkeypatch.delenv("MAKELEVEL", raising=False)  # as when run by hand, even under `make test`
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port), cwd=project)
    assert result.code == 1 and f"--port: cannot listen on port {port}: the port is in use" in result.err
    assert "--port 0" in result.err


def test_under_make_the_hint_names_makes_port(cli, project, monkeypatch):
    monkeypatch.setenv("MAKELEVEL", "1")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = cli("serve", "--port", str(taken.getsockname()[1]), cwd=project)
    assert result.code == 1 and "make serve PORT=8001" in result.err


def test_the_pages_speak_the_language_of_messages_and_the_documents_stay_swedish(project):
    server = Served.start(project, "--lang", "sv")
    try:
        index = server.get("/").text
        page = server.get(f"/response/{NAME}").text
        missing = server.get("/nowhere").text
    finally:
        server.stop()
    assert '<html lang="sv">' in index and "Svar i " in index and "<th scope=\"col\">Rubrik</th>" in index
    assert '<html lang="sv-SE">' in page and "Ladda ner PDF (.pdf)" in page and "Utkast (märkt UTKAST)" in page
    assert "Sidan finns inte" in missing


def test_head_gives_the_headers_of_get_without_the_body(served):
    for path in ("/", f"/response/{NAME}", f"/build/{NAME}.pdf", "/response/nobody"):
        got, head = served.get(path), served.get(path, method="HEAD")
        assert (head.status, head.headers["content-length"]) == (got.status, got.headers["content-length"]), path
        assert head.body == b""
    assert served.get("/events", method="HEAD").status == 405
