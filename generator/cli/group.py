"""The `utlatande` command group: its help, its version, and the options every command shares."""

from __future__ import annotations

import click

from generator.cli.options import common
from generator.i18n import t


def _version(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    from importlib import metadata

    click.echo(f"utlatande {metadata.version('utlatande')}")
    context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             help=t("Build Swedish tjänsteutlåtanden (Word and PDF/A) from YAML and Markdown.\n\n"
                    "Typical use: 'utlatande check', then 'utlatande build'. Every command works on the project "
                    "it is run in (the folder with utlatande.toml, here or above) or the one given with --root."))
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help=t("Print the version and exit."))
@common
def cli() -> None:
    pass
