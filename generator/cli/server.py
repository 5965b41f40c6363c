"""`utlatande server`: start, stop and look at the project's resident build server."""

from __future__ import annotations

import time

import click

from generator.cli.group import cli
from generator.cli.options import common, output, project_root
from generator.i18n import t, tn
from generator.resident import client, contract

#: How long `server start` waits for the server to load before it says it is still loading.
READY_WITHIN = 60.0


@cli.group(help=t("The project's build server: a process that keeps utlatande loaded, so that 'build', 'check', "
                  "'list', 'text' and the other everyday commands start at once. The first such command starts it; it stops "
                  "by itself after 30 idle minutes, when utlatande or the templates change, or with 'make clean'. "
                  "UTLATANDE_SERVER=off or --no-server runs a command without it."))
def server() -> None:
    pass


@server.command(help=t("Start the project's build server and wait until it serves."))
@common
def start() -> None:
    root = str(project_root().resolve())
    say = output()
    if not contract.supported():
        raise click.UsageError(t("the build server needs Unix sockets and fork: every command runs in its own "
                                 "process here"))
    if not client.running(root):
        client.start(root)
        waited = time.monotonic()
        while not client.running(root):
            if time.monotonic() - waited > READY_WITHIN:
                raise click.ClickException(t("the build server has not started within {seconds} seconds",
                                             seconds=int(READY_WITHIN)))
            time.sleep(0.05)
    status = client.ask(root, "status") or {}
    say.info(t("The build server serves {root} (process {pid}).", root=root, pid=status.get("pid", "?")))


@server.command(help=t("Stop the project's build server."))
@common
def stop() -> None:
    root = str(project_root().resolve())
    answer = client.ask(root, "stop")
    say = output()
    if answer is None:
        say.info(t("No build server serves {root}.", root=root))
    else:
        say.info(t("The build server has stopped (process {pid}).", pid=answer.get("stopped", "?")))


@server.command(help=t("Say whether a build server serves the project, and how long it has been idle."))
@common
def status() -> None:
    root = str(project_root().resolve())
    answer = client.ask(root, "status")
    if answer is None:
        click.echo(t("No build server serves {root}.", root=root))
        return
    click.echo(tn("The build server serves {root}: process {pid}, {count} command run, idle {idle} s.",
                  "The build server serves {root}: process {pid}, {count} commands run, idle {idle} s.",
                  int(answer.get("requests", 0)), root=root, pid=answer.get("pid"), idle=answer.get("idle")))
