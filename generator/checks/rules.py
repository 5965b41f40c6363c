"""Every rule that ties files together, declared once with a stable code and a level.

`build`, `check` and `new` run the same rules (checks/case.py, checks/diary.py,
checks/library.py). An error stops a response from being built; a warning is reported and
the document is still built.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    level: str
    summary: str


def _rule(code: str, level: str, summary: str) -> Rule:
    rule = Rule(code, level, summary)
    RULES[code] = rule
    return rule


RULES: dict[str, Rule] = {}

DNR_PREFIX = _rule("dnr-prefix", "error", "The dnr's prefix belongs to the organisation (its profile's dnr_prefix).")
DNR_YEAR = _rule("dnr-year", "error", "The dnr's year is not after the tjänsteutlåtande's date.")
DNR_UNIQUE = _rule("dnr-unique", "error", "One diary number belongs to one response.")
AVDELNING = _rule("avdelning-unknown", "error", "The avdelning is one of the organisation's.")
QUESTION_UNKNOWN = _rule("question-unknown", "error", "An answer names a question of the skrivelse.")
QUESTION_TWICE = _rule("question-twice", "error", "Each question is answered once.")
QUESTION_UNANSWERED = _rule("question-unanswered", "error", "Every question is answered, once answers name questions.")
FRAGMENT_UNKNOWN = _rule("fragment-unknown", "error", "A part names a fragment of the library.")
FRAGMENT_VERSION = _rule("fragment-version-unknown", "error", "A pinned version exists.")
FRAGMENT_VARIANT = _rule("fragment-variant-unknown", "error", "A variant exists in the version used.")
SIGNATORIES = _rule("signatories-missing", "error", "The response or its profile names signatories.")
DATE_ORDER = _rule("date-order", "warning", "Skrivelse, tjänsteutlåtande, förvaltningsgrupp and meeting are in order.")
ADDRESSEE = _rule("skrivelse-addressee", "warning", "The response goes to the nämnd the skrivelse was addressed to.")
MEETING_MISSING = _rule("meeting-missing", "warning", "The nämnd's meeting date is known.")
TODO = _rule("todo", "warning", "No text still says TODO.")
APPROVAL_AFTER_MEETING = _rule("approval-after-meeting", "error", "Approvals come before the nämnd's meeting.")
APPROVAL_AFTER_GROUP = _rule("approval-after-forvaltningsgrupp", "warning", "Approvals come before the förvaltningsgrupp.")
FRAGMENT_UNUSED = _rule("fragment-unused", "warning", "Every fragment is used by a response.")
FRAGMENT_EXPIRED = _rule("fragment-expired", "warning", "A response is dated within the validity of the fragments it uses.")
PROGRAMME_UNKNOWN = _rule("programme-unknown", "warning", "A fragment's source programme is in programmes/.")
PROGRAMME_REPLACED = _rule("programme-replaced", "warning", "A fragment does not quote a programme that another replaces.")
FRAGMENT_ORGANISATION = _rule("fragment-organisation", "warning", "A fragment is used by an organisation it lists.")
PINNED_VERSION = _rule("pinned-version-differs", "warning", "A pinned version reads like the newest.")
PASTE = _rule("paste", "warning", "Free text does not repeat a fragment.")
