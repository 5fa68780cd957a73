"""The review of duplicate suggestions on the Consolidate page: each suggestion a whole group, decided
in one click (accept it, take one member out, or "not the same"), every near-copy accepted at once,
and the latest decision undone as one step. It is one fragment: a decision redraws the review, not
the page. Every button is an ordinary button, so Tab and Enter reach each decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from aiadopt.domain.candidates import default_title
from aiadopt.domain.duplicates import STRONG, DuplicateSuggestion
from aiadopt.domain.language import N_
from aiadopt.domain.voting import candidate_of_pain_points
from aiadopt.i18n import number, t, tn
from aiadopt.services import review, similarity
from aiadopt.services.consolidation import WorkshopCandidates
from aiadopt.ui.session import REFUSALS, database, escape_markdown, rerun, show_problem
from aiadopt.ui.views import duplicate_suggestions, workshop_candidates

T = TypeVar("T")
PAGE = 10  # suggestions drawn at a time
SHORT = 160  # characters of a description shown
LIMITED = N_(
    "Suggestions are limited on this computer: they compare the words people used, so the same work "
    "told in other words or in another language may not be suggested. Merge those by hand."
)


def shortened(text: str, limit: int = SHORT) -> str:
    """A description cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",.;:") + "…"


def _decide(action: Callable[[], T], said: Callable[[T], str]) -> None:
    """Make a decision; say what it did above the review, or why not, and redraw the review only."""
    try:
        result = action()
    except REFUSALS as problem:
        show_problem(problem)
        return
    st.session_state["review_said"] = said(result)
    rerun("fragment")


def _units(suggestion: DuplicateSuggestion, state: WorkshopCandidates) -> list[tuple[int | None, list[dict]]]:
    """The suggestion's members, a candidate workflow already merged kept together as one (its id)."""
    owner = candidate_of_pain_points(state.groups)
    by_id = {row["id"]: row for row in state.pain_points}
    units: dict[object, tuple[int | None, list[dict]]] = {}
    for pid in suggestion.pain_point_ids:
        group = owner.get(pid)
        units.setdefault(group if group is not None else f"single-{pid}", (group, []))[1].append(by_id[pid])
    return list(units.values())


def _member(
    workshop_id: int, suggestion: DuplicateSuggestion, group: int | None, unit: list[dict], state, can_take_out: bool
) -> None:
    key = "-".join(str(i) for i in suggestion.pain_point_ids)
    first = unit[0]
    columns = st.columns([7, 2, 1.3, 1.5], vertical_alignment="center")
    if group is not None:
        lines = [t("**Already one workflow: {title}**", title=escape_markdown(state.titles[group], one_line=True))]
        lines += [f"- {escape_markdown(row['title'], one_line=True)}" for row in unit]
        columns[0].markdown("\n".join(lines))
    else:
        said = shortened(first.get("description") or "")
        title = f"**{escape_markdown(first['title'], one_line=True)}**"
        columns[0].markdown(title + (f"  \n{escape_markdown(said, one_line=True)}" if said else ""))
    departments = sorted({row["department"] for row in unit if row.get("department")})
    columns[1].markdown(escape_markdown(", ".join(departments), one_line=True) or "–")
    columns[2].markdown(t("{hours} h a year", hours=number(sum(row["hours_per_year"] for row in unit))))
    if can_take_out and columns[3].button(
        t("Take out"),
        key=f"review_out_{key}_{first['id']}",
        help=t("Not the same work as the others: it stays apart from them."),
        width="stretch",
    ):
        _decide(
            lambda: review.take_out(database(), workshop_id, suggestion.pain_point_ids, first["id"]),
            lambda _: t(
                "Took out \u201c{title}\u201d: it will not be suggested with the others again.", title=first["title"]
            ),
        )


def _suggestion(workshop_id: int, suggestion: DuplicateSuggestion, state: WorkshopCandidates) -> None:
    key = "-".join(str(i) for i in suggestion.pain_point_ids)
    units = _units(suggestion, state)
    members = [row for _, unit in units for row in unit]
    departments = len({row["department_id"] for row in members})
    with st.container(border=True):
        st.markdown(
            " · ".join(
                (
                    f"**{t(suggestion.strength_label)}**",
                    tn("{n} pain point", "{n} pain points", len(members)),
                    tn("{n} department", "{n} departments", departments),
                    t("**{hours} hours a year** together", hours=number(suggestion.hours_per_year)),
                )
            )
        )
        st.caption(escape_markdown(t(suggestion.reason), one_line=True))
        for group, unit in units:
            _member(workshop_id, suggestion, group, unit, state, can_take_out=len(units) > 2)
        columns = st.columns([5, 2.2, 1.6], vertical_alignment="bottom")
        title = columns[0].text_input(
            t("Title of the merged workflow"), value=default_title(members), key=f"review_title_{key}", max_chars=120
        )
        if columns[1].button(t("Accept as one workflow"), key=f"review_accept_{key}", type="primary", width="stretch"):
            _decide(
                lambda: review.accept(database(), workshop_id, suggestion.pain_point_ids, title),
                lambda _: t("Accepted: {n} pain points are now one candidate workflow.", n=len(members)),
            )
        if columns[2].button(
            t("Not the same"),
            key=f"review_reject_{key}",
            help=t("None of them is suggested with another again."),
            width="stretch",
        ):
            _decide(
                lambda: review.not_the_same(database(), workshop_id, suggestion.pain_point_ids),
                lambda _: t("Noted: they will not be suggested together again."),
            )


def _undo_line(db, workshop_id: int) -> None:
    decision = review.last_decision(db, workshop_id)
    if decision is None:
        return
    columns = st.columns([6, 1.4], vertical_alignment="center")
    columns[0].caption(t("Last decision: {words}", words=decision.words))
    if columns[1].button(
        t("Undo"), key="review_undo", help=t("Take back the last decision as one step."), width="stretch"
    ):
        _decide(
            lambda: review.undo(database(), workshop_id, decision.id),
            lambda done: t("Undone: {words}", words=done.words),
        )


@st.fragment
def review_suggestions(workshop_id: int) -> None:
    """The suggested merges, biggest first, each decided in one click."""
    db = database()
    state = workshop_candidates(db, workshop_id)
    suggestions = duplicate_suggestions(db, workshop_id)
    if similarity.limited_because():
        st.info(t(LIMITED))
    said = st.session_state.pop("review_said", "")
    if said:
        st.success(escape_markdown(t(said)))
    _undo_line(db, workshop_id)
    merged = len(state.groups)
    st.caption(
        " · ".join(
            (
                tn("{n} pain point", "{n} pain points", len(state.pain_points)),
                tn(
                    "{n} candidate workflow ({merged} merged)",
                    "{n} candidate workflows ({merged} merged)",
                    len(state.candidates),
                    merged=merged,
                ),
                tn(
                    "{n} suggestion to review, the most hours first",
                    "{n} suggestions to review, the most hours first",
                    len(suggestions),
                ),
            )
        )
    )
    if not suggestions:
        st.success(t("No more likely duplicates. Merge by hand if you spot any."))
        return
    strong = [s for s in suggestions if s.strength == STRONG]
    if strong and st.button(
        t("Accept every near-copy ({n})", n=len(strong)),
        key="review_accept_strong",
        help=t(
            "Entries with nearly the same text (a resent entry, a file imported twice): each group becomes "
            "one workflow. One Undo takes them all back."
        ),
    ):
        _decide(
            lambda: review.accept_every_strong(database(), workshop_id, suggestions),
            lambda result: t("Accepted {n} near-copies, each as one workflow.", n=result[1]),
        )
    shown = int(st.session_state.get("review_shown", PAGE))
    for suggestion in suggestions[:shown]:
        _suggestion(workshop_id, suggestion, state)
    if len(suggestions) > shown and st.button(t("Show more ({n} left)", n=len(suggestions) - shown), key="review_more"):
        st.session_state["review_shown"] = shown + PAGE
        rerun("fragment")
