"""Facilitator: merge pain points that describe the same workflow into candidate workflows."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain import candidate_ids
from aiadopt.domain.candidates import default_title
from aiadopt.domain.duplicates import DUPLICATE_THRESHOLD
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.voting import candidate_of_pain_points, open_for_voting
from aiadopt.services.consolidation import merge_pain_points, reject_duplicate, rename_candidate, split_candidate
from aiadopt.services.errors import ServiceError

db, workshop = ui.facilitator_page(
    "Consolidate into candidate workflows",
    "The same bottleneck often comes up in several departments, in different words. Merge those "
    "pain points into one candidate workflow: its hours add up, and a problem raised by three "
    "departments is stronger evidence than one.",
)

state = ui.workshop_candidates(db, workshop["id"])
if not state.pain_points:
    st.info("No pain points yet: capture some on the Interview page or through the join link.")
    st.stop()

owner = candidate_of_pain_points(state.groups)
suggestions = ui.duplicate_suggestions(db, workshop["id"])
by_id = {row["id"]: row for row in state.pain_points}

held_back = len(state.candidates) - len(open_for_voting(state.candidates))
if held_back:
    st.caption(
        f"{held_back} candidate title(s) describe a solution, not a problem; participants do not see "
        "them on the vote page until you rename them (Candidate workflows, or edit the pain point)."
    )
metrics = st.columns(4)
metrics[0].metric("Pain points", len(state.pain_points))
metrics[1].metric("Candidate workflows", len(state.candidates))
metrics[2].metric("Merged", len(state.groups))
metrics[3].metric("Suggestions to review", len(suggestions))


def match_strength(similarity: float) -> str:
    """How sure the suggestion is, in words, relative to the measured threshold."""
    if similarity >= 2 * DUPLICATE_THRESHOLD:
        return "Strong match"
    if similarity >= 1.4 * DUPLICATE_THRESHOLD:
        return "Likely match"
    return "Possible match"


def merge(pain_point_ids: list[int], title: str) -> None:
    """Merge and report the outcome."""
    try:
        merge_pain_points(db, workshop["id"], pain_point_ids, title)
    except (ValidationError, ServiceError) as problem:
        ui.show_problem(problem)
    else:
        ui.flash(f"Merged {len(pain_point_ids)} pain points into one candidate workflow.")
        st.rerun()


suggested_tab, manual_tab, candidates_tab = st.tabs(
    ["Suggested merges", "Merge by hand", "Candidate workflows"],
    key="consolidate_tab",
    on_change="rerun",
)

with suggested_tab:
    if not suggestions:
        st.success("No more likely duplicates. Merge by hand if you spot any.")
    shown = st.session_state.get("consolidate_shown", 8)
    for suggestion in suggestions[:shown]:
        signature = "-".join(str(i) for i in suggestion.pain_point_ids)
        members = [by_id[i] for i in suggestion.pain_point_ids]
        with st.container(border=True):
            departments = len({m["department_id"] for m in members})
            st.caption(
                f"{match_strength(suggestion.similarity)} (similarity {suggestion.similarity:.2f}) · "
                f"{departments} department{'s' if departments != 1 else ''} · "
                f"{sum(m['hours_per_year'] for m in members):,.0f} hours a year together"
            )
            st.text(suggestion.reason)
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "No.": m["id"],
                            "Department": m["department"],
                            "Pain point": m["title"],
                            "Hours a year": round(m["hours_per_year"]),
                        }
                        for m in members
                    ]
                ),
                hide_index=True,
                width="stretch",
            )
            columns = st.columns([3, 1, 1], vertical_alignment="bottom")
            title = columns[0].text_input(
                "Title of the merged workflow", value=default_title(members), key=f"consolidate_title_{signature}"
            )
            if columns[1].button("Merge", key=f"consolidate_merge_{signature}", type="primary", width="stretch"):
                merge(list(suggestion.pain_point_ids), title)
            if columns[2].button("Not the same", key=f"consolidate_reject_{signature}", width="stretch"):
                for pair in suggestion.pairs_to_reject(owner):
                    first, second = sorted(pair)
                    reject_duplicate(db, workshop["id"], first, second)
                ui.flash("Noted: they will not be suggested together again.", "info")
                st.rerun()
    if len(suggestions) > shown and st.button(f"Show more ({len(suggestions) - shown} left)", key="consolidate_more"):
        st.session_state["consolidate_shown"] = shown + 8
        st.rerun()

with manual_tab:
    st.write("Choose two or more pain points or candidate workflows that are the same work.")
    options = state.candidates["candidate_id"].tolist()
    chosen = st.multiselect(
        "Pain points and candidate workflows",
        options,
        format_func=state.label,
        key="consolidate_manual_choice",
        placeholder="Search by title or department",
    )
    title = st.text_input(
        "Title of the merged workflow (optional)",
        key="consolidate_manual_title",
        help="Leave empty to keep the title of the pain point that loses the most hours.",
    )
    if st.button("Merge", key="consolidate_manual_merge", type="primary", disabled=len(chosen) < 2):
        merge(state.pain_point_ids(chosen), title)

with candidates_tab:
    table = state.candidates.assign(
        departments=state.candidates["departments"].map(", ".join),
        hours_per_year=state.candidates["hours_per_year"].round(0),
        kind=state.candidates["candidate_id"].map(candidate_ids.kind_label),
    ).sort_values("hours_per_year", ascending=False)
    st.dataframe(
        table[["title", "kind", "member_count", "departments", "hours_per_year", "votes", "data_class"]].rename(
            columns={
                "title": "Candidate workflow",
                "kind": "Kind",
                "member_count": "Pain points",
                "departments": "Departments",
                "hours_per_year": "Hours a year",
                "votes": "Votes",
                "data_class": "Data class",
            }
        ),
        hide_index=True,
        width="stretch",
        height=min(36 * (len(table) + 1) + 4, 460),
    )
    if state.groups:
        st.subheader("Edit a merged workflow")
        merged_id = st.selectbox(
            "Merged workflow", list(state.groups), format_func=state.label, key="consolidate_edit_choice"
        )
        new_title = st.text_input("Title", value=state.titles[merged_id], key=f"consolidate_rename_{merged_id}")
        if st.button("Rename", key="consolidate_rename"):
            try:
                rename_candidate(db, merged_id, new_title)
            except (ValidationError, ServiceError) as problem:
                ui.show_problem(problem)
            else:
                ui.flash("Renamed.")
                st.rerun()
        members = {
            row["id"]: f"No. {row['id']}: {row['title']} ({row['department']})" for row in state.members(merged_id)
        }
        leaving = st.multiselect(
            "Take these pain points out",
            list(members),
            format_func=members.get,
            key=f"consolidate_split_choice_{merged_id}",
        )
        columns = st.columns(2)
        if columns[0].button("Take out", key="consolidate_take_out", disabled=not leaving):
            split_candidate(db, merged_id, leaving)
            ui.flash("Taken out: they stand on their own again.")
            st.rerun()
        if columns[1].button("Split completely", key="consolidate_split_all"):
            split_candidate(db, merged_id)
            ui.flash("Split: every pain point stands on its own again.")
            st.rerun()
