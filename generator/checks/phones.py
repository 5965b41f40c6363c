"""Phone numbers that cannot be read as real numbers: printed as written, with a warning.

The handläggare's phone and the profile's switchboard are printed grouped the Swedish way
(swedish.grouped_phone) unless `phone_format: as_written` says otherwise (the handläggare's own,
else the profile's); a number that does not exist (a digit too many or too few, say) cannot be
grouped, and is most likely mistyped.
"""

from __future__ import annotations

from generator import swedish
from generator.checks import rules
from generator.errors import Problems
from generator.i18n import t
from generator.sources.project import Case


def phone_problems(case: Case) -> Problems:
    """A warning for each phone number of the response and its profile that cannot be read."""
    problems = Problems()
    handlaggare, footer = case.response.handlaggare, case.organisation.footer
    for number, grouped in ((handlaggare and handlaggare.phone, case.handlaggare_phone_grouped),
                            (footer and footer.switchboard, case.organisation.groups_phones)):
        if number and grouped and swedish.grouped_phone(number.value) is None:
            problems.report(rules.PHONE_UNREADABLE, number.at,
                            t("'{number}' cannot be read as a phone number, so it is printed as written", number=number.value),
                            t("check the number: with its area code, e.g. 08-508 254 02 or 070-123 45 67 (or +47 … "
                              "for another country)"))
    return problems
