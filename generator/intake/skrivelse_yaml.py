"""Writes an imported skrivelse in the skrivelse YAML format, with TODO comments for the gaps."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.i18n import t
from generator.intake.importer import PARTIES, Imported, slug
from generator.intake.stopwords import SWEDISH
from generator.shown import shown
from generator.sources.write import Comment, Commented, Entry, Styled, comment, wrapped, yaml_text

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
    content: list[Any] = [
        Comment(t("Imported from {file} by 'utlatande import'. Check every value against the original;",
                  file=comment(shown(source_name)))),
        Comment(t("TODO marks what the importer could not find. 'utlatande check' reports what is still missing.")),
        _key("title", found.title, t("TODO: the skrivelse's title, e.g. 'Skrivelse om …'")),
    ]
    # With a topic the title names, the key is left out: the loader derives it by the same rule.
    if found.topic_in_text and not found.topic_in_title:
        content.append(Entry("topic", found.topic_in_text,
                             "# " + t("read from the letter's text: check it (the summary says \"… ställt frågor till "
                                      "nämnden om …\")")))
    elif not found.topic:
        content.append(_key("topic", None, t("TODO: what the skrivelse is about, as the summary says \"… ställt frågor till "
                                             "nämnden om …\", e.g. arbetsmiljön i socialtjänsten")))
    if found.party:
        content.append(Entry("party", {"name": found.party, "abbreviation": PARTIES[found.party]}))
    else:
        content.append(Entry("party", Commented({"name": "Liberalerna", "abbreviation": "L"}),
                             "# " + t("TODO: the party, with name and abbreviation, e.g.")))
    content += [
        Entry("authors", found.authors) if found.authors
        else Comment(t("TODO: authors (as in the skrivelse, without the party): authors: [Förnamn Efternamn]")),
        *([Entry("and_others", True)] if found.and_others else []),
        Entry("date", found.date) if found.date else Comment(t("TODO: the skrivelse's date: date: YYYY-MM-DD")),
        _key("to", found.addressee, t("TODO: the nämnd it is addressed to, e.g. Socialnämnden")),
    ]
    if found.preamble:
        content.append(Entry("preamble", wrapped("\n\n".join(found.preamble), 2) + "\n"))
    if found.lead_in:
        content.append(Entry("lead_in", found.lead_in))
    ids = question_ids([q.text for q in found.questions])
    content += [
        Entry("numbering", "numbered" if found.numbered else "bulleted"),
        Entry("questions", [{"id": qid, "text": Styled(question.text, "folded")}
                            for qid, question in zip(ids, found.questions, strict=True)]),
    ]
    return yaml_text("questions", content, Path("questions", source_name))


def _key(key: str, value: str | None, todo: str) -> Entry:
    """The key with its value, or empty with a TODO when the importer found none."""
    return Entry(key, value) if value else Entry(key, None, "# " + todo)
