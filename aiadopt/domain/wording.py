"""Problem, not tool: the technology word lists and the check for solution-first wording, in every language.

Participants describe work, never technology. Two uses:
- `technology_words_in(text)` guards every participant-facing text (tests render each participant
  page, and scan every translated text participants can see, in every language);
- `solution_terms_in(text)` spots a participant proposing a tool instead of describing a
  problem ("we need a chatbot", "wir brauchen ein neues Tool", "il nous faut un outil"), so the page
  can nudge and the facilitator sees a flag.

The lists live with each language (`aiadopt.domain.language`); without a language both functions
look for every language's words, since people write in their own language whatever the screen says.
"""

from __future__ import annotations

import re
from functools import cache

from aiadopt.domain.language import ENGLISH, LANGUAGES, N_, Language

# The English list (the source language's), as it always was.
TECHNOLOGY_WORDS: tuple[str, ...] = ENGLISH.technology_words


def _word_regex(word: str) -> str:
    """A list entry as a regular expression: `*` stands for any letters."""
    return r"\w*".join(re.escape(part) for part in word.split("*"))


@cache
def _rules(languages: tuple[Language, ...]) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]:
    words = sorted({w for lang in languages for w in lang.technology_words}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(" + "|".join(_word_regex(w) for w in words) + r")(?![\w])", re.IGNORECASE)
    solutions = tuple(re.compile(p, re.IGNORECASE) for lang in languages for p in lang.solution_patterns)
    return pattern, solutions


def _languages(language: str | None) -> tuple[Language, ...]:
    if language is None:
        return tuple(LANGUAGES.values())
    return (LANGUAGES[language],)


def technology_words_in(text: str, language: str | None = None) -> list[str]:
    """The technology words found in `text` (in one language's list, or every language's), lower-cased,
    in order of appearance, no repeats."""
    found: list[str] = []
    pattern, _ = _rules(_languages(language))
    for match in pattern.finditer(text or ""):
        word = match.group(1).lower()
        if word not in found:
            found.append(word)
    return found


def solution_terms_in(text: str, language: str | None = None) -> list[str]:
    """Words or phrases in a participant's text that propose a tool instead of a problem."""
    terms = technology_words_in(text, language)
    _, solutions = _rules(_languages(language))
    for regex in solutions:
        for match in regex.finditer(text or ""):
            phrase = " ".join(match.group(0).lower().split())
            if phrase not in terms:
                terms.append(phrase)
    return terms


PROBLEM_NUDGE = N_(
    "This reads like a solution. Tell us about the problem instead: what happens today, "
    "how often, how long it takes and what goes wrong. Your entry is saved; the facilitator "
    "will talk it through with you."
)
