"""Fragment placeholders: `{{ name }}`, filled in with the answering organisation's words.

A placeholder is a name and nothing else. Fragments are data: they are never given to a
template engine, so `{{ 7*7 }}` or `{{ personal.upper() }}` is refused where it is written, not
evaluated, and no fragment can run code, loop or exhaust memory.
"""

from __future__ import annotations

import re

from generator import swedish
from generator.errors import Position, Problems, SourceError, closest, position_in
from generator.i18n import N_, t
from generator.model.document import Inline
from generator.sources.records import Fragment, FragmentRef, Markdown, Organisation
from generator.text.uses import wording_inlines

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_OPENING = re.compile(r"\{\{|\{%|\{#")
HINT = N_("write placeholders as {{ name }}, e.g. {{ namnd }}; nothing else can stand between {{ and }}")


def syntax_problems(text: str, at: Position, problems: Problems) -> None:
    """Adds a problem for every '{{', '{%' or '{#' in `text` that does not open a placeholder."""
    for match in _OPENING.finditer(text):
        if match.group() == "{{" and _PLACEHOLDER.match(text, match.start()):
            continue
        snippet = text[match.start():match.start() + 30].split("\n")[0]
        if match.group() == "{%":
            message = t("'{snippet}': fragments may not include other fragments or use template statements ('{{% … %}}')",
                        snippet=snippet)
        else:
            message = t("'{snippet}' is not a placeholder: a placeholder is a name between {{{{ and }}}}", snippet=snippet)
        problems.add(position_in(text, match.start(), at), message, t(HINT))


def fill(text: str, values: dict[str, str], at: Position, what: str) -> str:
    """`text` with each `{{ name }}` replaced by `values[name]`; unknown names are refused.
    `what` names the text in messages, already translated ("fragment 'x'")."""
    problems = Problems()
    syntax_problems(text, at, problems)
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in values:
            usable = ", ".join(sorted(values))
            # The hint lists every name, after the closest one.
            close = closest(name, set(values))
            problems.add(position_in(text, match.start(), at), t("{what}: '{name}' is undefined", what=what, name=name),
                         t("did you mean '{choice}'?; the placeholders you can use are: {names}", choice=close, names=usable)
                         if close else t("the placeholders you can use are: {names}", names=usable))
    if problems:
        raise SourceError(problems.items)
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)



def fragment_variables(organisation: Organisation) -> dict[str, str]:
    """The documented variables a fragment's placeholders may use (see README)."""
    variables = {
        "organisation": organisation.forvaltning,
        "forvaltning": organisation.forvaltning,
        "namnd": organisation.namnd.in_text,
        "Namnd": swedish.capitalised(organisation.namnd.in_text),
    }
    if organisation.stadsdel:
        variables["stadsdel"] = organisation.stadsdel
    variables.update(organisation.voice)
    return variables


def fragment_text(fragment: Fragment, ref: FragmentRef, organisation: Organisation) -> str:
    """The referenced wording (or excerpt) in Markdown with its placeholders filled in for `organisation`."""
    source = referenced(fragment, ref)
    return fill(source.text, fragment_variables(organisation), source.at, t("fragment '{id}'", id=fragment.id))


def referenced(fragment: Fragment, ref: FragmentRef) -> Markdown:
    """The wording, variant or excerpt `ref` names, as written in the fragment's file."""
    version = fragment.version(ref.version)
    assert version is not None, "a reference is followed only after its version is checked"
    return version.excerpts[ref.excerpt] if ref.excerpt else version.wording(ref.variant)


def used_inlines(use: FragmentRef, fragment: Fragment, organisation: Organisation, base: int = 1) -> tuple[Inline, ...]:
    """The inlines of the wording a use inside a sentence stands for (one paragraph, or a
    SourceError at the use)."""
    return wording_inlines(fragment_text(fragment, use, organisation), referenced(fragment, use).at, use.at, use.id,
                           use.excerpt, base)
