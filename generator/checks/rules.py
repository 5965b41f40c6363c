"""Every rule that ties files together, declared once with a stable code and a level.

`build`, `check` and `new` run the same rules (checks/case.py, checks/diary.py,
checks/library.py, checks/skrivelser.py). An error stops a response from being built; a
warning is reported and the document is still built.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.i18n import N_


@dataclass(frozen=True)
class Rule:
    code: str
    level: str
    #: In English, marked for translation: shown with t(rule.summary).
    summary: str
    #: A refusal no setting can lower: what it refuses cannot be made (a package without a dnr).
    fixed: bool = False


def _rule(code: str, level: str, summary: str, fixed: bool = False) -> Rule:
    rule = Rule(code, level, summary, fixed)
    RULES[code] = rule
    return rule


RULES: dict[str, Rule] = {}

DNR_PREFIX = _rule("dnr-prefix", "error", N_("The dnr's prefix belongs to the organisation (its profile's dnr_prefix)."))
DNR_YEAR = _rule("dnr-year", "error", N_("The dnr's year is not after the tjänsteutlåtande's date."))
DNR_UNIQUE = _rule("dnr-unique", "error", N_("One diary number belongs to one response."))
DNR_MISSING = _rule("dnr-missing", "error",
                    N_("A final document has its diary number: it is registered before it is approved and published."))
AVDELNING = _rule("avdelning-unknown", "error", N_("The avdelning is one of the organisation's."))
QUESTION_UNKNOWN = _rule("question-unknown", "error", N_("An answer names a question of the skrivelse."))
QUESTION_TWICE = _rule("question-twice", "error", N_("Each question is answered once."))
QUESTION_UNANSWERED = _rule("question-unanswered", "error", N_("Every question is answered, once answers name questions."))
FRAGMENT_UNKNOWN = _rule("fragment-unknown", "error", N_("A part names a fragment of the library."))
FRAGMENT_VERSION = _rule("fragment-version-unknown", "error", N_("A pinned version exists."))
FRAGMENT_EXCERPT = _rule("fragment-excerpt-unknown", "error", N_("An excerpt used inside a sentence exists in the version used."))
ANSWER_HEADING = _rule("answer-heading-missing", "error",
                       N_("In the grouped question style, an answer to a skrivelse without numbered questions has a heading."))
QUESTION_WORDING_SAME = _rule("question-wording-unchanged", "warning",
                              N_("A question given in the officer's own wording is worded differently from the skrivelse's."))
QUESTION_REWORDED = _rule("question-reworded", "warning",
                          N_("A question printed in the response's own wording is shown against the skrivelse's, for review."))
FRAGMENT_VARIANT = _rule("fragment-variant-unknown", "error", N_("A variant exists in the version used."))
SIGNATORIES = _rule("signatories-missing", "error", N_("The response or its profile names signatories."))
DATE_ORDER = _rule("date-order", "warning", N_("Skrivelse, tjänsteutlåtande, förvaltningsgrupp and meeting are in order."))
ADDRESSEE = _rule("skrivelse-addressee", "warning", N_("The response goes to the nämnd the skrivelse was addressed to."))
SKRIVELSE_DUPLICATE = _rule("skrivelse-duplicate", "warning",
                            N_("No two skrivelser in questions/ have the same questions to the same nämnd."))
MEETING_MISSING = _rule("meeting-missing", "warning", N_("The nämnd's meeting date is known."))
TODO = _rule("todo", "warning", N_("No text still says TODO."))
PROFILE_TODO = _rule("profile-todo", "warning", N_("No value of an organisation profile still says TODO."))
PHONE_UNREADABLE = _rule("phone-unreadable", "warning", N_("A phone number can be read, so that it is printed grouped."))
APPROVAL_AFTER_MEETING = _rule("approval-after-meeting", "error", N_("Approvals come before the nämnd's meeting."))
APPROVAL_AFTER_GROUP = _rule("approval-after-forvaltningsgrupp", "warning", N_("Approvals come before the förvaltningsgrupp."))
FRAGMENT_UNUSED = _rule("fragment-unused", "warning", N_("Every fragment is used by a response."))
FRAGMENT_EXPIRED = _rule("fragment-expired", "warning", N_("A response is dated within the validity of the fragments it uses."))
PROGRAMME_UNKNOWN = _rule("programme-unknown", "warning", N_("A fragment's source programme is in programmes/."))
PROGRAMME_REPLACED = _rule("programme-replaced", "warning", N_("A fragment does not quote a programme that another replaces."))
FRAGMENT_ORGANISATION = _rule("fragment-organisation", "warning", N_("A fragment is used by an organisation it lists."))
PINNED_VERSION = _rule("pinned-version-differs", "warning", N_("A pinned version reads like the newest."))
PASTE = _rule("paste", "warning", N_("Free text does not repeat a fragment."))
# The archive's refusals (commands/archive.py): a package is made only of a final, registered
# document, and never replaces a different one.
ARCHIVE_UNAPPROVED = _rule("archive-unapproved", "error", N_("Only an approved, final document is archived."), fixed=True)
ARCHIVE_STALE = _rule("archive-stale", "error",
                      N_("Every approval of an archived document holds for it as it is now, templates and profile included."),
                      fixed=True)
ARCHIVE_DNR = _rule("archive-dnr", "error", N_("An archived response has its registered dnr."), fixed=True)
ARCHIVE_OVERWRITE = _rule("archive-overwrite", "error",
                          N_("An archive package is never replaced by a different one: a new version gets a new package."),
                          fixed=True)
ARCHIVE_ORIGINAL = _rule("archive-skrivelse-original", "warning",
                         N_("The skrivelse as it was received lies beside its YAML file, so that the package holds it."))
FILE_NAME = _rule("file-name-unprintable", "warning",
                  N_("A file's name has no control characters, bidirectional controls or bytes that are not UTF-8."))
FRAGMENT_USE_INSIDE = _rule("fragment-use-in-fragment", "error",
                            N_("A fragment's text does not use another fragment ([[id]] would be printed as written)."))
