"""The default interview guide: themes, questions and the facilitator's follow-up prompts.

It asks about work, never about technology (see `aiadopt.wording`). Each workshop gets its
own editable copy when it is created.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GuideQuestion:
    """One question of the guide, under a theme, with prompts to dig deeper."""

    theme: str
    question: str
    follow_ups: tuple[str, ...]


DEFAULT_GUIDE: tuple[GuideQuestion, ...] = (
    GuideQuestion(
        "Bottlenecks",
        "Where does work pile up or slow down in your week?",
        (
            "What is waiting in that pile right now, and for how long?",
            "What happens when it is late? Who notices first?",
            "How many people are held up by it?",
        ),
    ),
    GuideQuestion(
        "Repetitive work",
        "Which tasks do you do over and over, in the same way each time?",
        (
            "How many times a day or week does it come up?",
            "How many minutes does one round take, start to finish?",
            "Could you write the steps on one page? What would be on it?",
        ),
    ),
    GuideQuestion(
        "Errors and rework",
        "Where do mistakes creep in, and what does fixing them take?",
        (
            "Out of every 100 cases, how many need fixing or redoing?",
            "Who finds the mistake, and how late?",
            "What does one mistake cost: time, money, a customer?",
        ),
    ),
    GuideQuestion(
        "Waiting on other teams",
        "When does your work stop because you are waiting on another team?",
        (
            "Which team, and what are you waiting for: an answer, an approval, a file?",
            "How long is the usual wait? The worst one?",
            "Do they know you are waiting?",
        ),
    ),
    GuideQuestion(
        "Customer pain",
        "Where do customers wait, complain or give up because of how this work is done?",
        (
            "What do customers say about it, in their words?",
            "How often does a complaint trace back to this?",
            "Which customers feel it most?",
        ),
    ),
    GuideQuestion(
        "How information is used",
        "What information do you need for this work, and where do you find it?",
        (
            "Is it all in one place, or do you gather it from several?",
            "How often is it wrong, missing or out of date?",
            "Is any of it personal, confidential or regulated? Who decides who may see it?",
        ),
    ),
    GuideQuestion(
        "Daily frustrations",
        "What part of your day would you happily never do again?",
        (
            "Why does it frustrate you: the time, the tedium, the risk?",
            "Have you or a colleague found a workaround? What is it?",
            "Who else would say the same?",
        ),
    ),
    GuideQuestion(
        "Desired outcome and how it would be measured",
        "If this were fixed, what would be different, and how would we know?",
        (
            "Which number would move: minutes per case, days waiting, errors per 100?",
            "What is that number today (the baseline), roughly?",
            "What would you call a success (the target)?",
            "Who would be willing to own the change?",
        ),
    ),
)

GUIDE_THEMES: tuple[str, ...] = tuple(q.theme for q in DEFAULT_GUIDE)


def guide_rows(workshop_id: int) -> list[dict]:
    """The default guide as rows for one workshop's own copy."""
    return [
        {
            "workshop_id": workshop_id,
            "position": position,
            "theme": q.theme,
            "question": q.question,
            "follow_ups": "\n".join(q.follow_ups),
        }
        for position, q in enumerate(DEFAULT_GUIDE, start=1)
    ]
