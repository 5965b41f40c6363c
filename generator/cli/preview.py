"""The command that shows the documents in the browser while they are written: serve."""

from __future__ import annotations

import click

from generator.cli.group import cli
from generator.cli.options import common, output, project_root
from generator.errors import Terminated
from generator.i18n import t


@cli.command(help=t("Show the project's documents in the browser, and each again as soon as a file it is made from "
                    "is saved.\n\n"
                    "Listens on 127.0.0.1 only (this computer). A page shows a response's document as it is built, "
                    "or its problems in its place; its Word, PDF and HTML files are built into build/ when you "
                    "download them. Sources are never changed. Ctrl-C stops it."))
@click.option("--port", "-p", type=click.IntRange(min=0, max=65535), default=8000, show_default=True, metavar="N",
              help=t("The port to listen on; 0 for any free one."))
@common
def serve(port: int) -> None:
    from generator.serve.server import serve as serving

    say = output()
    root = project_root()

    def ready(url: str) -> None:
        # Printed even with -q: it is what the command is for.
        click.echo(t("Serving the documents at {url} (Ctrl-C stops)", url=url))

    try:
        serving(root, port, ready, verbose=say.verbose)
    except KeyboardInterrupt as exc:
        if isinstance(exc, Terminated):
            raise
        # Ctrl-C is how serve is meant to end: no document is left half-written (the server
        # waits for one being built), so it ends as done, with status 0.
        say.info(t("Stopped."))
