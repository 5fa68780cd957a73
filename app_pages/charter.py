"""Facilitator: the one-page pilot charter for a chosen candidate, edited and exported."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain.charter_edits import CHARTER_FIELDS, apply_charter_edits, charter_values, edits_from_form
from aiadopt.domain.fields import DATA_CLASSES
from aiadopt.domain.ranking.criteria import WeightsError
from aiadopt.services import exports
from aiadopt.services.charters import charter_state, save_charter

db, workshop = ui.facilitator_page(
    "Pilot charter",
    "One printed page for leaders: the problem in the departments' own words, the owner, the KPI with "
    "its baseline and target, the data class, and a phased plan with a success gate per phase. "
    "Edit anything before you export; your edits are kept.",
)

state = ui.workshop_candidates(db, workshop["id"])
try:
    result = ui.workshop_ranking(db, workshop["id"], ui.chosen_weights(), ui.chosen_gates())
except WeightsError as problem:
    st.error(ui.escape_markdown(f"{problem} Change the weights on the Rank page."))
    st.stop()
ranked = result.ranked
if ranked.empty:
    st.info("No ranked candidate yet: capture pain points and rank them first.")
    st.stop()

titles = dict(zip(ranked["candidate_id"], ranked["rank"].astype(str) + ". " + ranked["title"]))
candidate_id = st.selectbox(
    "Candidate workflow",
    list(titles),
    format_func=titles.get,
    key="charter_candidate",
    help="Ranked with the weights chosen on the Rank page.",
)
row = ranked.loc[ranked["candidate_id"] == candidate_id].iloc[0].to_dict()
current = charter_state(db, workshop, row, state.members(int(candidate_id)))
key, draft, stored, charter = current.key, current.draft, current.stored, current.charter
values = charter_values(charter)
errors = st.session_state.get(f"charter_errors_{key}", {})


def field_widget(spec, value, widget_key: str):
    """The input for one charter field."""
    if spec.kind in ("longtext", "list") or spec.name.startswith("phase_"):
        return st.text_area(spec.label, value=value or "", help=spec.help, key=widget_key, height=90)
    if spec.kind == "integer":
        return st.number_input(spec.label, value=int(value or 0), step=1, help=spec.help, key=widget_key)
    if spec.kind == "number":
        return st.number_input(
            spec.label,
            value=None if value is None else float(value),
            step=1.0,
            help=spec.help,
            key=widget_key,
            placeholder="Not known yet",
        )
    if spec.kind == "choice":
        options = list(DATA_CLASSES)
        return st.selectbox(
            spec.label,
            options,
            index=options.index(value) if value in options else 0,
            format_func=DATA_CLASSES.get,
            help=spec.help,
            key=widget_key,
        )
    return st.text_input(spec.label, value=value or "", help=spec.help, key=widget_key)


preview_tab, edit_tab = st.tabs(["Preview and export", "Edit"], key="charter_tab", on_change="rerun")
with edit_tab:
    if stored:
        st.caption("Showing your saved edits. Fields you did not edit follow the workshop's data.")
    with st.form(f"charter_form_{key}"):
        edits = {}
        grid = st.columns(2)
        short_fields = 0
        for spec in CHARTER_FIELDS:
            widget_key = f"charter_{key}_{spec.name}"
            value = values.get(spec.name)
            wide = spec.kind in ("longtext", "list") or spec.name.startswith("phase_")
            place = st.container() if wide else grid[short_fields % 2]
            short_fields += 0 if wide else 1
            with place:
                edits[spec.name] = field_widget(spec, value, widget_key)
                if spec.name in errors:
                    st.error(errors[spec.name])
        saved = st.form_submit_button("Save charter", type="primary")
    if saved:
        changed = edits_from_form(draft, edits)
        _, problems = apply_charter_edits(draft, changed)
        if problems:
            st.session_state[f"charter_errors_{key}"] = problems
        else:
            st.session_state.pop(f"charter_errors_{key}", None)
            save_charter(db, workshop["id"], key, changed)
            ui.flash("Charter saved.")
        st.rerun()
    if stored and st.button(
        "Go back to the workshop's data", key="charter_reset", help="Forget your edits to this charter."
    ):
        save_charter(db, workshop["id"], key, {})
        ui.flash("Edits cleared.", "info")
        st.rerun()

with preview_tab:
    ui.document_downloads(
        "Charter",
        lambda: exports.charter_pdf(charter),
        lambda: exports.charter_markdown(charter),
        lambda ext: exports.export_filename(workshop, "pilot-charter", ext),
        key="charter",
    )
    with st.container(border=True):
        st.markdown(exports.charter_markdown(charter))
