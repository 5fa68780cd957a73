"""Untrusted text made inert for Markdown: no link, image, HTML or formatting survives.

Participants' words reach Markdown in the app (headings, messages, previews) and in exported
Markdown reports. Every Markdown punctuation character is backslash-escaped, and anything a
renderer would turn into a link on its own (web addresses, e-mail addresses) is shown as code,
which no renderer links.
"""

from __future__ import annotations

import re

from aiadopt.domain.pain_points import INVISIBLE_MARKS

# Markdown's punctuation, each character put behind a backslash in one pass (a regular expression's
# substitution took 0.3 s a megabyte; a translation table takes about a quarter of that).
_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+!|~$&"})
# Characters that only mean something at the start of a line (lists, quotes, headings).
_LINE_START = re.compile(r"(?m)^(\s*)([-+=>]|\d+(?=[.)]))")
# Bounded where a run of letters could otherwise be tried from every position (quadratic on long text).
_LINKABLE = re.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.\-]{0,31}:(?://)?[^\s<>]+|\bwww\.[^\s<>]+|[\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+)"
)
# A word that could hold an address (a colon, an at sign or "www."), found from its first letter only.
_ADDRESS_WORD = re.compile(r"(?i)(?<!\S)\S*?(?::|@|www\.)\S*")


def _code_span(text: str, one_line: bool) -> str:
    if one_line:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1) if "`" in text else "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def escape_markdown(text: object, *, one_line: bool = False) -> str:
    """`text` as inert Markdown; `one_line` folds white space (for table cells and headings).

    Direction overrides and zero-width marks are dropped too (text stored before they were refused).
    """
    value = "" if text is None else INVISIBLE_MARKS.sub("", str(text))
    if one_line:
        value = " ".join(value.split())
    parts = []
    position = 0
    for start, end in _linkable_spans(value):
        parts.append(value[position:start].translate(_ESCAPES))
        parts.append(_code_span(value[start:end], one_line))
        position = end
    parts.append(value[position:].translate(_ESCAPES))
    escaped = _LINE_START.sub(_escape_line_start, "".join(parts))
    return escaped if one_line else escaped.replace("\n", "  \n")


def _linkable_spans(value: str):
    """Where web and e-mail addresses are, looked for only in words that could hold one (linear in the text)."""
    for word in _ADDRESS_WORD.finditer(value):
        for match in _LINKABLE.finditer(word.group(0)):
            yield word.start() + match.start(), word.start() + match.end()


def _escape_line_start(match: re.Match) -> str:
    marker = match.group(2)
    if marker[0].isdigit():  # "1." or "1)" would start a numbered list: escape what follows the number
        return f"{match.group(1)}{marker}\\"
    return f"{match.group(1)}\\{marker}"
