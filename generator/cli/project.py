"""Commands about the project itself: make one (init), its JSON Schemas, upgrading its sources,
and the rules its checks apply."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.group import cli
from generator.cli.options import common, open_project, output, project_root
from generator.i18n import t


@cli.command(help=t("Make a new project in DIR (default: the current folder) for the förvaltning ORGANISATION.\n\n"
                    "It gets the folders, a profile (organisations/ORGANISATION.yaml) with what the options say and "
                    "TODO for the rest, the templates, a Makefile (make builds, make test checks), the editor's "
                    "settings and schemas, CI files for GitLab and GitHub, and requirements.txt: this version of "
                    "utlatande from --git or --index, with the versions of its dependencies it was tested with. Then "
                    "a git repository with the project as its first commit, and make git-setup done. Nothing that "
                    "already exists is overwritten: a folder with any of these files is refused."))
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--organisation", required=True, metavar="ID",
              help=t("The profile's id: lower-case letters, digits and '-', e.g. 'sodermalm'."))
@click.option("--forvaltning", metavar="NAME", help=t("The förvaltning's name, e.g. 'Södermalms stadsdelsförvaltning'."))
@click.option("--namnd", metavar="NAME", help=t("The nämnd it answers to, e.g. 'Södermalms stadsdelsnämnd'."))
@click.option("--namnd-in-text", metavar="NAME",
              help=t("The nämnd inside a sentence (default: its name; a one-word name in lower case, 'socialnämnden')."))
@click.option("--dnr-prefix", metavar="PREFIX", help=t("The registrar's prefix of its diary numbers, e.g. 'SDS'."))
@click.option("--avdelning", "avdelningar", metavar="NAME", multiple=True, help=t("An avdelning (again for each)."))
@click.option("--signatory", "signatories", metavar="'NAME, TITLE'", multiple=True,
              help=t("Who signs, e.g. 'Eva Ek, stadsdelsdirektör' (again for each)."))
@click.option("--git", metavar="URL", help=t("Install utlatande from this git repository, at the tag of this version "
                                             "(e.g. https://git.exempel.se/utlatande.git)."))
@click.option("--index", metavar="URL", help=t("Install utlatande from this package index, where the organisation "
                                               "publishes the wheel that make dist builds (e.g. "
                                               "https://pypi.exempel.se/simple)."))
@common
def init(folder: Path, organisation: str, forvaltning: str | None, namnd: str | None, namnd_in_text: str | None,
         dnr_prefix: str | None, avdelningar: tuple[str, ...], signatories: tuple[str, ...], git: str | None,
         index: str | None) -> None:
    from generator.commands import init as initialising

    say = output()
    profile = initialising.Profile(organisation, forvaltning, namnd, namnd_in_text, dnr_prefix, avdelningar,
                                   tuple(_name_and_title(signatory) for signatory in signatories))
    source = initialising.Source(git, index) if git or index else initialising.installed_from()
    made = initialising.init(folder, profile, source)
    for path in made.written:
        say.detail(t("wrote {path}", path=path))
    say.info(t("Made a project in {folder} ({count} files), a git repository with them as its first commit.",
               folder=folder, count=len(made.written)))
    if not made.git_setup:
        say.info(t("make is not installed, so make git-setup was not run: see README (Windows and macOS)."))
    say.info(t("Next: fill in what says TODO in {profile}, then run make (it installs utlatande in .venv and builds) "
               "and make test.", profile=folder / "organisations" / f"{organisation}.yaml"))


def _name_and_title(signatory: str) -> tuple[str, str]:
    name, _, title = signatory.partition(",")
    return name.strip(), title.strip()


@cli.command(help=t("Write the JSON Schemas of the source formats to schemas/, for editors.\n\n"
                    "With the YAML extension of VS Code (or any editor using yaml-language-server), keys are completed "
                    "and explained in Swedish, and mistakes are marked as you type. The project's fragment ids, "
                    "profiles and question ids are completed too: make writes the schemas anew after one is added "
                    "('check' says when they are out of date). Commit schemas/."))
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
