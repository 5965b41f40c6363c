"""Writes a new response for a skrivelse: everything derivable filled in, suggestions as comments.

Each question gets an answer slot with a TODO, and under it, commented out, the standard
fragments that fit best and the parts of earlier answers to similar questions, each with a
one-line reason, ready to be uncommented.
"""

from __future__ import annotations

import datetime as dt

from generator.assemble.templates import Templates
from generator.i18n import t
from generator.intake.retrieval import Suggestions
from generator.sources.records import Organisation, Skrivelse
from generator.sources.write import comment, scalar, schema_line, wrapped

#: Earlier free-text answers are quoted in the comments up to this many lines.
QUOTED_LINES = 6


def response_yaml(skrivelse: Skrivelse, skrivelse_path: str, organisation: Organisation, templates: Templates,
                  suggestions: list[Suggestions], date: dt.date, dnr: str | None, meeting: dt.date | None) -> str:
    """The response's YAML; `suggestions` has one entry per question, with the earlier answers' parts."""
    phrase = templates.phrase
    namnd = organisation.namnd
    title = comment(skrivelse.title)
    out = [
        schema_line("responses"),
        "# " + t("Drafted by 'utlatande new' from {file}. Write the answers where it says TODO;",
                 file=comment(skrivelse_path)),
        "# " + t("'utlatande check' lists what is left. Derived when the document is built (add the key to override):"),
        f"#   title:    {title}",
        f"#   subtitle: {phrase('subtitle', skrivelse.party)}",
        f"#   decision: {phrase('decision', namnd)}",
        f"#   summary:  {phrase('summary', skrivelse, namnd)}",
        f"#   closing:  {phrase('closing', namnd)}",
        f"#   Bilaga 1: {title}",
        f"dnr: {scalar(dnr)}" if dnr else "# " + t("dnr: PREFIX YYYY/NNN   (a draft until the registrar gives it one)"),
        f"date: {date.isoformat()}",
        f"organisation: {organisation.id}",
    ]
    if organisation.avdelningar:
        out.append(f"# avdelning: {comment(organisation.avdelningar[0])}   "
                   + t("(one of: {choices})", choices=comment(", ".join(organisation.avdelningar))))
    out += ["# handlaggare:", "#   name: Förnamn Efternamn", '#   phone: "08-508 000 00"']
    out.append(f"meeting: {meeting.isoformat()}" if meeting
               else "# " + t("meeting: YYYY-MM-DD   (the nämnd's meeting, when known)"))
    out += [f"skrivelse: {scalar(skrivelse_path)}", "", "background: |", "  TODO: bakgrunden till skrivelsen."]
    out += _preamble_comments(skrivelse)
    out += ["",
            "beredning:", "  units:", "    - \"TODO: den avdelning som har berett ärendet\"", "", "answers:"]
    for number, (question, found) in enumerate(zip(skrivelse.questions, suggestions, strict=True), start=1):
        label = f"{number}. " if skrivelse.numbered else ""
        out += [f"  - questions: [{question.id}]", f"    # {label}{comment(question.text)}", "    parts:",
                "      - text: |", f"          TODO: svar på fråga {number}."]
        out += _suggestion_comments(found)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _preamble_comments(skrivelse: Skrivelse) -> list[str]:
    """The skrivelse's own text before its questions, as material for the background."""
    text = "\n\n".join(filter(None, [skrivelse.preamble.text if skrivelse.preamble else "", skrivelse.lead_in or ""]))
    if not text:
        return []
    # At the margin, so that the comments end the block above instead of becoming its text.
    return ["# " + t("The skrivelse's preamble, as a basis for the background:")] + ["#   " + line if line else "#"
                                                                     for line in wrapped(text, 0)]


def _suggestion_comments(found: Suggestions) -> list[str]:
    lines: list[str] = []
    if found.fragments:
        lines.append("      # " + t("Standard answers that may fit (uncomment to use):"))
        for suggestion in found.fragments:
            lines.append(f"      # - fragment: {suggestion.fragment}   # {suggestion.score:.2f}: {suggestion.reason}")
    for suggestion in found.answers:
        earlier = suggestion.earlier
        values = {"response": comment(earlier.label), "question": comment(suggestion.reason),
                  "score": f"{suggestion.score:.2f}"}
        lines.append("      # " + (t("{response} answered in prose {question} ({score}) with:", **values) if earlier.prose
                                   else t("{response} answered {question} ({score}) with:", **values)))
        for kind, value in suggestion.parts:
            if kind == "fragment":
                lines.append(f"      # - fragment: {value}")
            elif not earlier.prose:
                text = wrapped(" ".join(value.split()), 0)
                shown = text[:QUOTED_LINES] + (["…"] if len(text) > QUOTED_LINES else [])
                lines += ["      # - text: |"] + [f"      #     {line}" for line in shown]
    return lines


def default_name(skrivelse_path: str, dnr: str | None) -> str:
    stem = skrivelse_path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if not dnr:
        return stem
    return "-".join([dnr.lower().replace(" ", "-").replace("/", "-"), stem.split("-", 3)[-1]])
