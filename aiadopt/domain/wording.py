"""Problem, not tool: the technology word list and the check for solution-first wording.

Participants describe work, never technology. Two uses:
- `technology_words_in(text)` guards every participant-facing text (a test renders each
  participant page and checks it);
- `solution_terms_in(text)` spots a participant proposing a tool instead of describing a
  problem ("we need a chatbot"), so the page can nudge and the facilitator sees a flag.
"""

from __future__ import annotations

import re

# Lower-case words and phrases that name a technology. Matched on word boundaries.
TECHNOLOGY_WORDS: tuple[str, ...] = (
    "ai",
    "a.i.",
    "genai",
    "gen ai",
    "artificial intelligence",
    "machine learning",
    "deep learning",
    "neural network",
    "neural net",
    "llm",
    "llms",
    "large language model",
    "language model",
    "gpt",
    "chatgpt",
    "openai",
    "copilot",
    "copilots",
    "chatbot",
    "chatbots",
    "chat bot",
    "bot",
    "bots",
    "robot",
    "robots",
    "rpa",
    "automation",
    "automations",
    "automate",
    "automated",
    "automating",
    "autonomous agent",
    "ai agent",
    "prompt engineering",
)

# Phrases that propose a solution rather than describe a problem, even without a
# technology word ("we need a new system", "buy a tool").
_SOLUTION_PATTERNS: tuple[str, ...] = (
    (
        r"\bwe (?:need|want|should (?:buy|get|use|have|build))\b[^.!?\n]{0,40}?"
        r"\b(?:tool|app|software|system|platform|dashboard|plugin|plug-in)s?\b"
    ),
    (
        r"\b(?:buy|purchase|install|implement|roll out|deploy)\b[^.!?\n]{0,30}?"
        r"\b(?:tool|app|software|system|platform|plugin)s?\b"
    ),
)

_WORD_PATTERN = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(w) for w in sorted(TECHNOLOGY_WORDS, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
_SOLUTION_REGEXES = tuple(re.compile(p, re.IGNORECASE) for p in _SOLUTION_PATTERNS)


def technology_words_in(text: str) -> list[str]:
    """The technology words found in `text`, lower-cased, in order of appearance, no repeats."""
    found: list[str] = []
    for match in _WORD_PATTERN.finditer(text or ""):
        word = match.group(1).lower()
        if word not in found:
            found.append(word)
    return found


def solution_terms_in(text: str) -> list[str]:
    """Words or phrases in a participant's text that propose a tool instead of a problem."""
    terms = technology_words_in(text)
    for regex in _SOLUTION_REGEXES:
        for match in regex.finditer(text or ""):
            phrase = " ".join(match.group(0).lower().split())
            if phrase not in terms:
                terms.append(phrase)
    return terms


PROBLEM_NUDGE = (
    "This reads like a solution. Tell us about the problem instead: what happens today, "
    "how often, how long it takes and what goes wrong. Your entry is saved; the facilitator "
    "will talk it through with you."
)
