"""Messages in Swedish or English, from one gettext catalog (generator/locale/), chosen at start.

Swedish when `--lang sv`, or when LANGUAGE, LC_ALL, LC_MESSAGES or LANG (the first one set)
asks for it; English otherwise. Every message is written in English in the code as the message
id, with named placeholders: `t("the dnr {dnr} is also used by {files}", dnr=…, files=…)`, so
a translation can put the values where Swedish wants them. `make translations` extracts the ids
(Babel) and compiles the catalog that ships in the package.

A path put in a message is shown as `shown.shown` makes it safe (a file's name may hold a line
break, an escape sequence or bytes that are not UTF-8), whichever message it stands in.

The chosen language is also given to the process's default gettext domain, so that click's own
messages (usage errors, the headings of --help) come from the same catalog.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path, PurePath

from generator.shown import shown

DOMAIN = "utlatande"
LOCALE = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "sv")
#: The environment variables gettext reads, in the order it reads them.
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

# The language of messages is the process's, like the locale it mirrors.
_state: dict[str, gettext.NullTranslations] = {}


def from_environment() -> str:
    """The language the environment asks for: Swedish for sv, sv_SE.UTF-8 and the like."""
    for name in _ENVIRONMENT:
        value = os.environ.get(name, "")
        if value:
            first = value.split(":")[0]
            return "sv" if first.lower().startswith("sv") else "en"
    return "en"


def use(language: str) -> None:
    """Makes `language` the language of every message of this process, and of the worker
    processes it starts (they read it from the environment)."""
    os.environ["LANGUAGE"] = language
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    gettext.textdomain(DOMAIN)
    _state["translation"] = gettext.translation(DOMAIN, str(LOCALE), [language], fallback=True)


def language() -> str:
    return "sv" if isinstance(_translation(), gettext.GNUTranslations) else "en"


def t(message: str, /, **values: object) -> str:
    """`message` in the chosen language, with `values` put in its placeholders (paths shown safely)."""
    text = _translation().gettext(message)
    return text.format(**_safe(values)) if values else text


def tc(context: str, message: str, /) -> str:
    """`message` in the chosen language, where the same English word means different things
    (`context` tells them apart: tc("suggestion", "fragment") is a label, not a noun)."""
    return _translation().pgettext(context, message)


def N_(message: str) -> str:
    """Marks a message kept in a constant for extraction; it is translated where it is used,
    with t(), because the language is chosen after modules are imported (tests switch it)."""
    return message


def tn(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural form for `count`, in the chosen language; `{count}` is the number."""
    return _translation().ngettext(singular, plural, count).format(count=count, **_safe(values))


def swedish(message: str, /) -> str:
    """`message` in Swedish whatever the language of messages: for what is written in Swedish
    for everyone (the editor schemas' texts)."""
    return gettext.translation(DOMAIN, str(LOCALE), ["sv"], fallback=True).gettext(message)


def _safe(values: dict[str, object]) -> dict[str, object]:
    return {name: shown(value) if isinstance(value, PurePath) else value for name, value in values.items()}


def _translation() -> gettext.NullTranslations:
    if "translation" not in _state:
        use(from_environment())
    return _state["translation"]
