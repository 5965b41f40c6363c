"""Swedish writing conventions: written-out dates, grouped phone numbers, lists joined with "och"."""

from __future__ import annotations

import datetime as dt
import re

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


def phone(number: str) -> str:
    """Groups a Swedish phone number the way PTS recommends: 08-508 254 02, 070-123 45 67.

    The area code is taken from the hyphen when there is one; without it, 08 (Stockholm) and
    mobile 07x are recognised, and any other number is kept as written rather than guessed at.
    """
    text = number.strip()
    if text.startswith("+"):
        return text
    if "-" in text:
        area, rest = text.split("-", 1)
        area = re.sub(r"\D", "", area)
    else:
        digits = re.sub(r"\D", "", text)
        if digits.startswith("08"):
            area, rest = "08", digits[2:]
        elif digits.startswith("07") and len(digits) == 10:
            area, rest = digits[:3], digits[3:]
        else:
            return text
    subscriber = re.sub(r"\D", "", rest)
    return f"{area}-{_group(subscriber)}"


def _group(digits: str) -> str:
    groups = {5: (3, 2), 6: (2, 2, 2), 7: (3, 2, 2), 8: (3, 3, 2)}.get(len(digits))
    if groups is None:
        return digits
    out, start = [], 0
    for size in groups:
        out.append(digits[start:start + size])
        start += size
    return " ".join(out)


def capitalised(text: str) -> str:
    """First letter upper-case, the rest untouched: "socialnämnden" → "Socialnämnden"."""
    return text[:1].upper() + text[1:]
