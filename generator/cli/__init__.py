"""The `utlatande` command line: parses arguments and calls the library; nothing else.

Each command imports what it needs when it runs: `--help` and the light commands (check, list,
text of a response) never pay for loading python-docx, pypdf or Typst.
"""

from __future__ import annotations

from generator.cli import approving, archiving, documents, intake, preview, project, registers, server  # noqa: F401  (they add the commands)
from generator.cli.group import cli
from generator.cli.run import run


def main() -> None:
    run(cli)
