"""The Markdown of a response's own texts, each checked on its own.

Every text is parsed by the converter that builds the document (the one place that knows what
a tjänsteutlåtande can hold), so `check` reports every problem of every text in one run, next
to the response's other problems, instead of one at a time as the document is assembled.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Problems, SourceError
from generator.sources.records import Markdown, Response, TextPart
from generator.text.markdown import user_blocks


def text_problems(response: Response) -> Problems:
    problems = Problems()
    for text in _texts(response):
        try:
            user_blocks(text.text, text.at)
        except SourceError as exc:
            problems.extend(exc)
    return problems


def _texts(response: Response) -> Iterator[Markdown]:
    yield from (part.text for part in response.parts() if isinstance(part, TextPart))
    if response.beredning.text:
        yield response.beredning.text
