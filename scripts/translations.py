"""`make translations`: extract every message id (utlatande's, click's, and the comments of the
files `init` writes), update the Swedish catalog with them, and compile it.

New ids come into generator/locale/sv/LC_MESSAGES/utlatande.po with an empty translation, ids
no longer used are dropped; tests/test_i18n.py fails until every id has its Swedish. Locations
are left out so that moving code does not change the catalog.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from generator.commands.skeleton import SKELETON, messages

REPO = Path(__file__).resolve().parent.parent
CATALOG = REPO / "generator" / "locale" / "sv" / "LC_MESSAGES" / "utlatande.po"
KEYWORDS = {"t": None, "tn": (1, 2), "tc": ((1, "c"), 2), "N_": None}
FIXED_DATE = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
#: click's modules whose messages a user can see (usage errors, --help).
CLICK_MODULES = ("core.py", "exceptions.py", "decorators.py", "types.py", "parser.py", "formatting.py", "termui.py")


def template() -> Catalog:
    catalog = Catalog(domain="utlatande", project="utlatande", fuzzy=False)
    for _, _, message, comments, context in extract_from_dir(
            str(REPO / "generator"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        catalog.add(message, auto_comments=comments, context=context)
    # The comments and helps of the files `init` writes into a new project.
    for path in sorted(p for p in SKELETON.rglob("*") if p.is_file()):
        for message in messages(path.read_text(encoding="utf-8")):
            catalog.add(message, auto_comments=[f"{path.relative_to(SKELETON).as_posix()}, a file init writes"])
    for name in CLICK_MODULES:
        for _, message, comments, context in extract_from_file("python", str(Path(click.__file__).parent / name),
                                                               keywords=CLICK_KEYWORDS):
            catalog.add(message, auto_comments=comments, context=context)
    return catalog


def update() -> tuple[Catalog, list[str]]:
    """The Swedish catalog updated with today's ids; the ids still without Swedish."""
    with open(CATALOG, "rb") as stream:
        swedish = read_po(stream, locale="sv", domain="utlatande")
    swedish.update(template(), no_fuzzy_matching=True)
    swedish.obsolete.clear()
    # A fixed header: running this twice gives the same file.
    swedish.header_comment = "# utlatande's messages in Swedish. Updated by `make translations`; see docs/i18n.md."
    swedish.project, swedish.version = "utlatande", ""
    swedish.creation_date = swedish.revision_date = FIXED_DATE
    swedish.last_translator, swedish.language_team = "", ""
    missing = [str(m.id) for m in swedish if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    return swedish, missing


def compiled(catalog: Catalog) -> bytes:
    stream = io.BytesIO()
    write_mo(stream, catalog, use_fuzzy=False)
    return stream.getvalue()


def po_text(catalog: Catalog) -> bytes:
    stream = io.BytesIO()
    write_po(stream, catalog, no_location=True, sort_output=True, width=100, omit_header=False)
    return stream.getvalue()


def main() -> None:
    catalog, missing = update()
    CATALOG.write_bytes(po_text(catalog))
    CATALOG.with_suffix(".mo").write_bytes(compiled(catalog))
    print(f"{CATALOG.relative_to(REPO)}: {len([m for m in catalog if m.id])} messages, {len(missing)} without Swedish")
    for message in missing:
        print(f"  missing: {message!r}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
