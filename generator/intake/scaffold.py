"""Writes a new response for a skrivelse: everything derivable filled in, suggestions as comments.

Each question gets an answer slot with a TODO, and under it, commented out, the standard
fragments that fit best and the parts of earlier answers to similar questions, each with a
one-line reason, ready to be uncommented.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from generator.assemble.templates import Templates
from generator.i18n import t
from generator.intake.retrieval import FragmentSuggestion, Suggestions
from generator.sources.records import Organisation, Skrivelse
from generator.sources.write import BLANK, Comment, Commented, Entry, Item, Styled, comment, wrapped, yaml_text

#: Earlier free-text answers are quoted in the comments up to this many lines.
QUOTED_LINES = 6


def response_yaml(skrivelse: Skrivelse, skrivelse_path: str, organisation: Organisation, templates: Templates,
                  suggestions: list[Suggestions], date: dt.date, dnr: str | None, meeting: dt.date | None,
                  whole: list[FragmentSuggestion] | None = None) -> str:
    """The response's YAML; `suggestions` has one entry per question, with the earlier answers'
    parts, and `whole` the standard texts that fit the skrivelse as a whole."""
    phrase = templates.phrase
    namnd = organisation.namnd
    title = comment(skrivelse.title)
    content: list[Any] = [
        Comment(t("Drafted by 'utlatande new' from {file}. Write the answers where it says TODO;", file=comment(skrivelse_path))),
        Comment(t("'utlatande check' lists what is left. Derived when the document is built (add the key to override):")),
        Comment(f"title:    {title}", indent=2),
        Comment(f"subtitle: {phrase('subtitle', skrivelse.party)}", indent=2),
        Comment(f"decision: {phrase('decision', namnd)}", indent=2),
        Comment(f"summary:  {phrase('summary', skrivelse, namnd)}", indent=2),
        Comment(f"closing:  {phrase('closing', namnd)}", indent=2),
        Comment(f"Bilaga 1: {title}", indent=2),
        Entry("dnr", dnr) if dnr else Comment(t("dnr: PREFIX YYYY/NNN   (a draft until the registrar gives it one)")),
        Entry("date", date),
        Entry("organisation", organisation.id),
    ]
    if organisation.avdelningar:
        content.append(Commented(Entry("avdelning", organisation.avdelningar[0],
                                       t("(one of: {choices})", choices=comment(", ".join(organisation.avdelningar))))))
    content += [
        Commented(Entry("handlaggare", {"name": "Förnamn Efternamn", "phone": Styled("08-508 000 00", "quoted")})),
        Entry("meeting", meeting) if meeting else Comment(t("meeting: YYYY-MM-DD   (the nämnd's meeting, when known)")),
        Entry("skrivelse", skrivelse_path),
        BLANK,
        Entry("background", "TODO: bakgrunden till skrivelsen.\n"),
        *_preamble_comments(skrivelse),
        *_whole_comments(whole or []),
        BLANK,
        Entry("beredning", {"units": ["TODO: den avdelning som har berett ärendet"]}),
        BLANK,
    ]
    answers: list[Any] = []
    for number, (question, found) in enumerate(zip(skrivelse.questions, suggestions, strict=True), start=1):
        label = f"{number}. " if skrivelse.numbered else ""
        if answers:
            answers.append(BLANK)
        answers.append([
            Entry("questions", Styled([question.id], "flow")),
            Comment(label + comment(question.text)),
            Entry("parts", [{"text": f"TODO: svar på fråga {number}.\n"}, *_suggestion_comments(found)]),
        ])
    content.append(Entry("answers", answers))
    return yaml_text("responses", content, Path("responses", f"{default_name(skrivelse_path, dnr)}.yaml"))


def _preamble_comments(skrivelse: Skrivelse) -> list[Comment]:
    """The skrivelse's own text before its questions, as material for the background."""
    text = "\n\n".join(filter(None, [skrivelse.preamble.text if skrivelse.preamble else "", skrivelse.lead_in or ""]))
    if not text:
        return []
    # At the margin, so that the comments end the block above instead of becoming its text.
    return [Comment(t("The skrivelse's preamble, as a basis for the background:")),
            *(Comment(line, indent=2) for line in wrapped(text, 0).split("\n"))]


def _whole_comments(whole: list[FragmentSuggestion]) -> list[Any]:
    """Standard texts for the summary or the background, which quote the programmes the skrivelse
    as a whole touches; the key becomes a list of parts to use one."""
    if not whole:
        return []
    return [Comment(t("Standard texts that fit the skrivelse as a whole, for the background or the summary; to use one, "
                      "write the key as parts:")),
            Comment("background:", indent=2), Comment("  - text: …", indent=2),
            *(Comment(f"  - fragment: {s.fragment}   # {s.score:.2f}: {comment(s.reason)}", indent=2) for s in whole)]


def _suggestion_comments(found: Suggestions) -> list[Any]:
    parts: list[Any] = []
    if found.fragments:
        parts.append(Comment(t("Standard answers that may fit (uncomment to use):")))
        parts += [Commented(Item({"fragment": suggestion.fragment}, f"# {suggestion.score:.2f}: {suggestion.reason}"))
                  for suggestion in found.fragments]
    for answer in found.answers:
        earlier = answer.earlier
        assert earlier is not None  # Index.suggest makes every answer suggestion with its earlier question
        values = {"response": comment(earlier.label), "question": comment(answer.reason), "score": f"{answer.score:.2f}"}
        parts.append(Comment(t("{response} answered in prose {question} ({score}) with:", **values) if earlier.prose
                             else t("{response} answered {question} ({score}) with:", **values)))
        for kind, value in answer.parts:
            if kind == "fragment":
                parts.append(Commented({"fragment": value}))
            elif not earlier.prose:
                lines = wrapped(" ".join(value.split()), 0).split("\n")
                shown = lines[:QUOTED_LINES] + (["…"] if len(lines) > QUOTED_LINES else [])
                parts.append(Commented({"text": "\n".join(shown) + "\n"}))
    return parts


def default_name(skrivelse_path: str, dnr: str | None) -> str:
    stem = skrivelse_path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if not dnr:
        return stem
    return "-".join([dnr.lower().replace(" ", "-").replace("/", "-"), stem.split("-", 3)[-1]])
