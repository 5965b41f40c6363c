"""Writes `utlatande` in a virtual environment's bin/ anew, as a launcher that imports only what
the command needs: the wrapper pip writes for the entry point imports `re` first, 14 ms of every
command (docs/design.md). make runs this after each install; the command is the same
(generator.entry:main). Usage: python scripts/launcher.py BIN_FOLDER
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LAUNCHER = """#!{python}
# Written by make (scripts/launcher.py) over the one pip writes, which imports re first.
import sys

from generator.entry import main

if __name__ == "__main__":
    sys.exit(main())
"""


def main(folder: Path) -> None:
    target = folder / "utlatande"
    python = folder / "python"
    if os.name == "nt" or not python.exists() or " " in str(python.absolute()):
        return  # pip's wrapper stays: utlatande.exe on Windows; a #! line cannot hold a space
    text = LAUNCHER.format(python=python.absolute())
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    temporary = target.with_name(".utlatande.launcher")
    temporary.write_text(text, encoding="utf-8")
    temporary.chmod(0o755)
    temporary.replace(target)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
