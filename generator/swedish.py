"""Swedish writing conventions: written-out dates, grouped phone numbers, lists joined with "och"."""

from __future__ import annotations

import datetime as dt
import functools

#: Sweden's country calling code: +46.
SWEDEN = 46

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)


def written_date(date: dt.date) -> str:
    """18 september 2024 — the form used in running text."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def iso_date(date: dt.date) -> str:
    """2024-09-24 — the form used in header blocks and tables."""
    return date.isoformat()


def joined(items: list[str] | tuple[str, ...], last: str = "och") -> str:
    """"a, b och c"; `last` may be "samt" where the items themselves contain "och"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def phone(number: str, grouped: bool = True) -> str:
    """A phone number as printed: grouped the Swedish way ("08-508 254 02", "070-123 45 67"), or
    as written when not `grouped` or when the number cannot be read (`grouped_phone`)."""
    return (grouped and grouped_phone(number)) or " ".join(number.split())


@functools.lru_cache(maxsize=1024)
def grouped_phone(number: str) -> str | None:
    """The number as Swedish convention groups it, by Google's libphonenumber data: the area code,
    a hyphen and groups ("08-508 254 02", "031-123 45 67", "0470-12 34 56"). A Swedish number
    written with +46 is printed nationally too (the documents are Swedish: the country code
    adds nothing); a foreign one keeps its country code ("+47 22 12 34 56"). None when the text
    is not a number that can exist, so that it is printed as written and the check warns."""
    # Imported here: loading libphonenumber takes about 130 ms, which commands that print no
    # number (list, --help, check of a project without phones) need not pay.
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "SE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    form = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(parsed, form.NATIONAL if parsed.country_code == SWEDEN else form.INTERNATIONAL)


def capitalised(text: str) -> str:
    """First letter upper-case, the rest untouched: "socialnämnden" → "Socialnämnden"."""
    return text[:1].upper() + text[1:]
