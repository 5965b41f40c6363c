"""Writes an imported skrivelse in the skrivelse YAML format, with TODO comments for the gaps."""

from __future__ import annotations

import re

from generator.i18n import t
from generator.intake.importer import PARTIES, Imported, slug
from generator.intake.stopwords import SWEDISH
from generator.sources.write import comment, folded, scalar, schema_line, wrapped

#: Question ids longer than this lose their last words.
MAX_ID = 40


def question_ids(questions: list[str]) -> list[str]:
    """Short, stable ids from each question's first content words; unique within the skrivelse."""
    ids: list[str] = []
    for text in questions:
        words = [w for w in re.findall(r"[\wåäöÅÄÖ]+", text.lower()) if w not in SWEDISH and len(w) > 3]
        base = slug(" ".join(words), words=4) if words else "fraga"
        while len(base) > MAX_ID and "-" in base:
            base = base.rsplit("-", 1)[0]  # whole words only: an id is read, not just matched
        candidate, number = base, 2
        while candidate in ids:
            candidate, number = f"{base}-{number}", number + 1
        ids.append(candidate)
    return ids


def skrivelse_yaml(found: Imported, source_name: str) -> str:
    out = [
        schema_line("questions"),
        "# " + t("Imported from {file} by 'utlatande import'. Check every value against the original;",
                 file=comment(source_name)),
        "# " + t("TODO marks what the importer could not find. 'utlatande check' reports what is still missing."),
    ]
    out += _key("title", found.title, t("TODO: the skrivelse's title, e.g. 'Skrivelse om …'"))
    if not found.topic:
        # With a topic the title names, the key is left out: the loader derives it by the same rule.
        out += ["topic:  # " + t("TODO: what the skrivelse is about, as the summary says \"… ställt frågor till "
                                 "nämnden om …\", e.g. arbetsmiljön i socialtjänsten")]
    if found.party:
        out += ["party:", f"  name: {scalar(found.party)}", f"  abbreviation: {scalar(PARTIES[found.party])}"]
    else:
        out += ["party:  # " + t("TODO: the party, with name and abbreviation, e.g."),
                "#  name: Liberalerna", "#  abbreviation: L"]
    if found.authors:
        out += ["authors:"] + [f"  - {scalar(a)}" for a in found.authors]
    else:
        out += ["# " + t("TODO: authors (as in the skrivelse, without the party): authors: [Förnamn Efternamn]")]
    if found.date:
        out += [f"date: {found.date.isoformat()}"]
    else:
        out += ["# " + t("TODO: the skrivelse's date: date: YYYY-MM-DD")]
    out += _key("to", found.addressee, t("TODO: the nämnd it is addressed to, e.g. Socialnämnden"))
    if found.preamble:
        out += ["preamble: |"] + wrapped("\n\n".join(found.preamble), 2)
    if found.lead_in:
        out += [f"lead_in: {scalar(found.lead_in)}"]
    out += [f"numbering: {'numbered' if found.numbered else 'bulleted'}", "questions:"]
    for qid, question in zip(question_ids([q.text for q in found.questions]), found.questions):
        out += [f"  - id: {qid}", "    text: " + folded(question.text, 6)]
    return "\n".join(out) + "\n"


def _key(key: str, value: str | None, todo: str) -> list[str]:
    return [f"{key}: {scalar(value)}"] if value else [f"{key}:  # {todo}"]
