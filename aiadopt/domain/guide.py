"""The default interview guide: themes, questions and the facilitator's follow-up prompts.

It asks about work, never about technology (see `aiadopt.wording`). Each workshop gets its
own editable copy when it is created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiadopt.domain.language import N_


@dataclass(frozen=True)
class GuideQuestion:
    """One question of the guide, under a theme, with prompts to dig deeper."""

    theme: str
    question: str
    follow_ups: tuple[str, ...]


DEFAULT_GUIDE: tuple[GuideQuestion, ...] = (
    GuideQuestion(
        N_("Bottlenecks"),
        N_("Where does work pile up or slow down in your week?"),
        (
            N_("What is waiting in that pile right now, and for how long?"),
            N_("What happens when it is late? Who notices first?"),
            N_("How many people are held up by it?"),
        ),
    ),
    GuideQuestion(
        N_("Repetitive work"),
        N_("Which tasks do you do over and over, in the same way each time?"),
        (
            N_("How many times a day or week does it come up?"),
            N_("How many minutes does one round take, start to finish?"),
            N_("Could you write the steps on one page? What would be on it?"),
        ),
    ),
    GuideQuestion(
        N_("Errors and rework"),
        N_("Where do mistakes creep in, and what does fixing them take?"),
        (
            N_("Out of every 100 cases, how many need fixing or redoing?"),
            N_("Who finds the mistake, and how late?"),
            N_("What does one mistake cost: time, money, a customer?"),
        ),
    ),
    GuideQuestion(
        N_("Waiting on other teams"),
        N_("When does your work stop because you are waiting on another team?"),
        (
            N_("Which team, and what are you waiting for: an answer, an approval, a file?"),
            N_("How long is the usual wait? The worst one?"),
            N_("Do they know you are waiting?"),
        ),
    ),
    GuideQuestion(
        N_("Customer pain"),
        N_("Where do customers wait, complain or give up because of how this work is done?"),
        (
            N_("What do customers say about it, in their words?"),
            N_("How often does a complaint trace back to this?"),
            N_("Which customers feel it most?"),
        ),
    ),
    GuideQuestion(
        N_("How information is used"),
        N_("What information do you need for this work, and where do you find it?"),
        (
            N_("Is it all in one place, or do you gather it from several?"),
            N_("How often is it wrong, missing or out of date?"),
            N_("Is any of it personal, confidential or regulated? Who decides who may see it?"),
        ),
    ),
    GuideQuestion(
        N_("Daily frustrations"),
        N_("What part of your day would you happily never do again?"),
        (
            N_("Why does it frustrate you: the time, the tedium, the risk?"),
            N_("Have you or a colleague found a workaround? What is it?"),
            N_("Who else would say the same?"),
        ),
    ),
    GuideQuestion(
        N_("Desired outcome and how it would be measured"),
        N_("If this were fixed, what would be different, and how would we know?"),
        (
            N_("Which number would move: minutes per case, days waiting, errors per 100?"),
            N_("What is that number today (the baseline), roughly?"),
            N_("What would you call a success (the target)?"),
            N_("Who would be willing to own the change?"),
        ),
    ),
)

GUIDE_THEMES: tuple[str, ...] = tuple(q.theme for q in DEFAULT_GUIDE)


def _as_written(text: str) -> str:
    return text


def guide_rows(workshop_id: int, translate: Callable[[str], str] = _as_written) -> list[dict]:
    """The default guide as rows for one workshop's own copy, in a language (`translate`: its words
    for each English text, e.g. `aiadopt.i18n.t` inside `speaking(the workshop's language)`)."""
    return [
        {
            "workshop_id": workshop_id,
            "position": position,
            "theme": translate(q.theme),
            "question": translate(q.question),
            "follow_ups": "\n".join(translate(f) for f in q.follow_ups),
        }
        for position, q in enumerate(DEFAULT_GUIDE, start=1)
    ]
