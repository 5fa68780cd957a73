"""Facilitator: merge pain points that describe the same workflow into candidate workflows."""

import streamlit as st

from aiadopt import ui
from aiadopt.services.consolidation import merge_pain_points, rename_candidate, split_candidate

db, workshop = ui.facilitator_page(
    ui.t("Consolidate into candidate workflows"),
    ui.t(
        "The same bottleneck often comes up in several departments, in different words. Merge those "
        "pain points into one candidate workflow: its hours add up, and a problem raised by three "
        "departments is stronger evidence than one."
    ),
)

state = ui.workshop_candidates(db, workshop["id"])
if not state.pain_points:
    st.info(ui.t("No pain points yet: capture some on the Interview page or through the join link."))
    st.stop()

held_back = len(state.candidates) - len(state.votable)
if held_back:
    st.caption(
        ui.tn(
            "{n} candidate title describes a solution, not a problem; participants do not see it on the vote "
            "page until you rename it (Candidate workflows, or edit the pain point).",
            "{n} candidate titles describe a solution, not a problem; participants do not see them on the vote "
            "page until you rename them (Candidate workflows, or edit the pain point).",
            held_back,
        )
    )


def merge(pain_point_ids: list[int], title: str) -> None:
    """Merge and report the outcome."""
    ui.act(
        lambda: merge_pain_points(db, workshop["id"], pain_point_ids, title),
        ui.t("Merged {n} pain points into one candidate workflow.", n=len(pain_point_ids)),
    )


suggested_tab, manual_tab, candidates_tab = st.tabs(
    [ui.t("Suggested merges"), ui.t("Merge by hand"), ui.t("Candidate workflows")],
    key="consolidate_tab",
    on_change="rerun",
)

# Only the open tab is drawn (choosing another reruns the page): a run with 600 pain points does not
# also build the hand-merge list and the candidates table that nobody is looking at.
if suggested_tab.open:
    with suggested_tab:
        ui.review_suggestions(workshop["id"])

if manual_tab.open:
    with manual_tab:
        st.write(ui.t("Choose two or more pain points or candidate workflows that are the same work."))
        options = state.candidates["candidate_id"].tolist()
        chosen = st.multiselect(
            ui.t("Pain points and candidate workflows"),
            options,
            format_func=lambda candidate_id: ui.t(state.label(candidate_id)),
            key="consolidate_manual_choice",
            placeholder=ui.t("Search by title or department"),
        )
        title = st.text_input(
            ui.t("Title of the merged workflow (optional)"),
            key="consolidate_manual_title",
            help=ui.t("Leave empty to keep the title of the pain point that loses the most hours."),
        )
        if st.button(ui.t("Merge"), key="consolidate_manual_merge", type="primary", disabled=len(chosen) < 2):
            merge(state.pain_point_ids(chosen), title)

if candidates_tab.open:
    with candidates_tab:
        st.dataframe(ui.candidate_frame(state.candidates), hide_index=True, width="stretch", height=460)
        if state.groups:
            st.header(ui.t("Edit a merged workflow"))
            merged_id = st.selectbox(
                ui.t("Merged workflow"),
                list(state.groups),
                format_func=lambda c: ui.t(state.label(c)),
                key="consolidate_edit_choice",
            )
            new_title = st.text_input(
                ui.t("Title"), value=state.titles[merged_id], key=f"consolidate_rename_{merged_id}"
            )
            if st.button(ui.t("Rename"), key="consolidate_rename"):
                ui.act(lambda: rename_candidate(db, merged_id, new_title), ui.t("Renamed."))
            members = {
                row["id"]: ui.t(
                    "No. {number}: {title} ({department})",
                    number=str(row["id"]),
                    title=row["title"],
                    department=row["department"],
                )
                for row in state.members(merged_id)
            }
            leaving = st.multiselect(
                ui.t("Take these pain points out"),
                list(members),
                format_func=members.get,
                key=f"consolidate_split_choice_{merged_id}",
            )
            columns = st.columns(2)
            if columns[0].button(ui.t("Take out"), key="consolidate_take_out", disabled=not leaving):
                split_candidate(db, merged_id, leaving)
                ui.flash(ui.t("Taken out: they stand on their own again."))
                st.rerun()
            if columns[1].button(ui.t("Split completely"), key="consolidate_split_all"):
                split_candidate(db, merged_id)
                ui.flash(ui.t("Split: every pain point stands on its own again."))
                st.rerun()
