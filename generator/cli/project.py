"""Commands about the project itself: make one (init), its JSON Schemas, upgrading its sources,
and the rules its checks apply."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.group import cli
from generator.cli.options import common, open_project, output, project_root
from generator.i18n import t


@cli.command(help=t("Make a new, empty project in DIR (default: the current folder) for the förvaltning ORGANISATION.\n\n"
                    "It gets the folders, a profile to fill in (organisations/ORGANISATION.yaml), the templates, a "
                    "Makefile (make builds, make test checks), .gitignore, editor settings, and CI and pre-commit "
                    "files. Nothing that already exists is overwritten: a folder with any of these files is refused."))
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--organisation", required=True, metavar="ID",
              help=t("The profile's id: lower-case letters, digits and '-', e.g. 'sodermalm'."))
@click.option("--forvaltning", help=t("The förvaltning's name, e.g. 'Södermalms stadsdelsförvaltning'."))
@click.option("--namnd", help=t("The nämnd it answers to, e.g. 'Södermalms stadsdelsnämnd'."))
@common
def init(folder: Path, organisation: str, forvaltning: str | None, namnd: str | None) -> None:
    from generator.commands import init as initialising

    say = output()
    written = initialising.init(folder, organisation, forvaltning, namnd)
    for path in written:
        say.detail(t("wrote {path}", path=path))
    say.info(t("Made a project in {folder} ({count} files).", folder=folder, count=len(written)))
    profile = folder / "organisations" / f"{organisation}.yaml"
    say.info(t("Next: fill in {profile}, then run make (it installs utlatande in .venv and builds) and make test.",
               profile=profile))


@cli.command(help=t("Write the JSON Schemas of the source formats to schemas/, for editors.\n\n"
                    "With the YAML extension of VS Code (or any editor using yaml-language-server), keys are completed "
                    "and explained in Swedish, and mistakes are marked as you type. The project's fragment ids, "
                    "profiles and question ids are completed too: run this again after adding one ('check' says when "
                    "the schemas are out of date). Commit schemas/."))
@common
def schema() -> None:
    from generator.commands import schemas

    say = output()
    written = schemas.write_schemas(open_project().library)
    for path in written:
        say.info(t("wrote {path}", path=path))
    if not written:
        say.info(t("The schemas in schemas/ are up to date."))


@cli.command("migrate", help=t("Upgrade the sources to this version: remove keys it no longer accepts.\n\n"
                               "Only those keys' lines are removed; comments and everything else stay as written. The "
                               "approvals are upgraded separately: utlatande approvals migrate."))
@common
def migrate_command() -> None:
    from generator.commands import migrate
    from generator.sources.layout import Layout

    say = output()
    changes = migrate.migrate(Layout(project_root()))
    for change in changes:
        say.info(t("updated {path}: removed '{key}' ({reason})", path=change.path, key=change.removal.key,
                   reason=change.removal.why))
    if not changes:
        say.info(t("The sources are up to date."))


@cli.command(help=t("List the rules the checks apply: code, level and what each asks. A project changes a rule's "
                    "level, or turns it off, in utlatande.toml."))
@click.option("--markdown", is_flag=True, help=t("Print a Markdown table (as in the README)."))
@common
def rules(markdown: bool) -> None:
    from generator.checks.rules import RULES

    levels = {"error": t("error"), "warning": t("warning")}
    rows = [(rule.code, levels[rule.level], t(rule.summary)) for rule in RULES.values()]
    if markdown:
        heading = (t("code"), t("level"), t("rule"))
        click.echo("| " + " | ".join(heading) + " |\n|---|---|---|")
        for code, level, summary in rows:
            click.echo(f"| `{code}` | {level} | {summary} |")
        return
    width = max(len(code) for code, _, _ in rows)
    for code, level, summary in rows:
        click.echo(f"{code:<{width}}  {level:<8}  {summary}")
