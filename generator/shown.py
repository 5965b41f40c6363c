"""Text from file names and file contents, made safe to show: the one way such text reaches a
terminal, a log or a CI report.

A file name or a file's text may hold anything: a line break followed by `::add-mask::` (a
GitHub workflow command), an escape sequence that retitles a terminal or sets its clipboard
(ESC, OSC 52), a bell, a right-to-left override that prints a name backwards, bytes that are
not UTF-8. `shown` writes each such character as a visible escape (`\\x1b`, `\\u202e`, `\\xff`
for a byte that is not UTF-8), so the text is printed as what it is, never acted on, and is
always valid UTF-8 (for JSON and GitLab). `shown_lines` does the same for text of several lines
that utlatande itself laid out, keeping its line breaks, and writes a line that would start a
GitHub workflow command (`::` after blanks) with its first colon escaped (as `shown` does at
the start of a text). `github_data` and
`github_property` add the workflow commands' own escaping on top.
"""

from __future__ import annotations

import re

#: What is escaped: C0 and C1 controls and DEL; the bidirectional marks, embeddings, overrides
#: and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reorder or hide
#: what is printed around them; line and paragraph separators; the byte order mark; the
#: noncharacters U+FFFE and U+FFFF; and surrogates, which stand for bytes that are not UTF-8
#: (Python's surrogateescape, how a file name with such bytes is read).
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                      "\ufeff\ufffe\uffff\ud800-\udfff]")
#: The same, less the line break and the tab, in text of several lines.
_ESCAPED_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                               "\ufeff\ufffe\uffff\ud800-\udfff]")
#: A line that GitHub's runner would read as a workflow command: it trims blanks first.
_COMMAND_LINE = re.compile(r"^([ \t]*):(?=:)", re.MULTILINE)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """`text` (a path, a name, one line of a file) as one printable line: every character that
    a terminal or a reader would act on, hide or reorder written as a visible escape, and a
    leading `::` (which would start a workflow command where the text starts a line) as `\x3a:`."""
    return _COMMAND_LINE.sub(r"\1\\x3a", _ESCAPED.sub(_escape, str(text)), count=1)


def shown_lines(text: object) -> str:
    """Text of several lines (a message with a hint, a diff, a document's text) made safe like
    `shown`, keeping its line breaks and tabs; no line of it can start a workflow command."""
    return _COMMAND_LINE.sub(r"\1\\x3a", _ESCAPED_IN_LINES.sub(_escape, str(text)))


def unprintable(text: str) -> str | None:
    """The first character of `text` that `shown` would escape, or None."""
    match = _ESCAPED.search(text)
    return match.group() if match else None


def github_data(text: object) -> str:
    """The message of a GitHub workflow command (after `::error …::`): safe, then escaped as
    the runner reads it back, so it stays one line."""
    return shown_lines(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: object) -> str:
    """A property's value in a GitHub workflow command (`file=…`), escaped as the runner reads it."""
    return github_data(shown(text)).replace(":", "%3A").replace(",", "%2C")
