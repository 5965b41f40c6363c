"""What a skrivelse is about, read from its title: "Skrivelse angående arbetsmiljö" → "arbetsmiljö".

One rule for the loader (a skrivelse without `topic`) and the importer (which leaves a TODO
where the rule finds nothing), so the two cannot disagree.
"""

from __future__ import annotations

import re

#: The words that introduce the topic in a skrivelse's title.
PREPOSITIONS = ("om", "angående", "gällande", "rörande", "kring", "beträffande", "avseende")

# "Skrivelse [från X] [till Y] <preposition> <topic>": the sender and the addressee are skipped
# up to the first preposition, so "Skrivelse från L angående frågan om X" keeps "frågan om X".
_TITLE = re.compile(
    r"skrivelse(?:\s+(?:från|till)\s+.+?)?\s+(?:" + "|".join(PREPOSITIONS) + r")\s+(?P<topic>\S.*)",
    re.IGNORECASE,
)


def topic_from_title(title: str) -> str | None:
    """The topic the title names after "Skrivelse om", "Skrivelse från Liberalerna angående" and
    the like; None when the title has no such form ("Skrivelse från Liberalerna")."""
    match = _TITLE.fullmatch(" ".join(title.split()))
    return match["topic"] if match else None
