"""Facilitator: the one-page pilot charter for a chosen candidate, edited and exported."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain.charter_edits import CHARTER_FIELDS, apply_charter_edits, charter_values, edits_from_form
from aiadopt.domain.fields import DATA_CLASSES
from aiadopt.domain.ranking.criteria import WeightsError
from aiadopt.services import exports
from aiadopt.services.charters import charter_state, save_charter

db, workshop = ui.facilitator_page(
    ui.t("Pilot charter"),
    ui.t(
        "One printed page for leaders: the problem in the departments' own words, the owner, the KPI with "
        "its baseline and target, the data class, and a plan in stages with a success gate per stage. "
        "Edit anything before you export; your edits are kept."
    ),
    observers_too=True,
)
editable = ui.may_change(db, workshop["id"])

state = ui.workshop_candidates(db, workshop["id"])
try:
    result = ui.workshop_ranking(db, workshop["id"], ui.chosen_weights(), ui.chosen_gates())
except WeightsError as problem:
    st.error(
        ui.escape_markdown(ui.t("{problem} Change the weights on the Rank page.", problem=ui.problem_words(problem)))
    )
    st.stop()
ranked = result.ranked
if ranked.empty:
    st.info(ui.t("No ranked candidate yet: capture pain points and rank them first."))
    st.stop()

titles = dict(zip(ranked["candidate_id"], ranked["rank"].astype(str) + ". " + ranked["title"]))
candidate_id = st.selectbox(
    ui.t("Candidate workflow"),
    list(titles),
    format_func=titles.get,
    key="charter_candidate",
    help=ui.t("Ranked with the weights chosen on the Rank page."),
)
row = ranked.loc[ranked["candidate_id"] == candidate_id].iloc[0].to_dict()
current = charter_state(db, workshop, row, state.members(int(candidate_id)))
key, draft, stored, charter = current.key, current.draft, current.stored, current.charter
values = charter_values(charter)
errors = st.session_state.get(f"charter_errors_{key}", {})


def field_widget(spec, value, widget_key: str):
    """The input for one charter field."""
    if spec.kind in ("longtext", "list") or spec.name.startswith("stage_"):
        return st.text_area(
            ui.t(spec.label), value=value or "", help=ui.t(spec.help) if spec.help else None, key=widget_key, height=90
        )
    if spec.kind == "integer":
        return st.number_input(
            ui.t(spec.label), value=int(value or 0), step=1, help=ui.t(spec.help) if spec.help else None, key=widget_key
        )
    if spec.kind == "number":
        return st.number_input(
            ui.t(spec.label),
            value=None if value is None else float(value),
            step=1.0,
            help=ui.t(spec.help) if spec.help else None,
            key=widget_key,
            placeholder=ui.t("Not known yet"),
        )
    if spec.kind == "choice":
        options = list(DATA_CLASSES)
        return st.selectbox(
            ui.t(spec.label),
            options,
            index=options.index(value) if value in options else 0,
            format_func=lambda code: ui.t(DATA_CLASSES[code]),
            help=ui.t(spec.help) if spec.help else None,
            key=widget_key,
        )
    return st.text_input(
        ui.t(spec.label), value=value or "", help=ui.t(spec.help) if spec.help else None, key=widget_key
    )


if editable:
    preview_tab, edit_tab = st.tabs([ui.t("Preview and export"), ui.t("Edit")], key="charter_tab", on_change="rerun")
    with edit_tab:
        if stored:
            st.caption(ui.t("Showing your saved edits. Fields you did not edit follow the workshop's data."))
        with st.form(f"charter_form_{key}"):
            edits = {}
            grid = st.columns(2)
            short_fields = 0
            for spec in CHARTER_FIELDS:
                widget_key = f"charter_{key}_{spec.name}"
                value = values.get(spec.name)
                wide = spec.kind in ("longtext", "list") or spec.name.startswith("stage_")
                place = st.container() if wide else grid[short_fields % 2]
                short_fields += 0 if wide else 1
                with place:
                    edits[spec.name] = field_widget(spec, value, widget_key)
                    if spec.name in errors:
                        st.error(ui.t(errors[spec.name]))
            saved = st.form_submit_button(ui.t("Save charter"), type="primary")
        if saved:
            changed = edits_from_form(draft, edits)
            _, problems = apply_charter_edits(draft, changed)
            if problems:
                st.session_state[f"charter_errors_{key}"] = problems
            else:
                st.session_state.pop(f"charter_errors_{key}", None)
                save_charter(db, workshop["id"], key, changed)
                ui.flash(ui.t("Charter saved."))
            st.rerun()
        if stored and st.button(
            ui.t("Go back to the workshop's data"), key="charter_reset", help=ui.t("Forget your edits to this charter.")
        ):
            save_charter(db, workshop["id"], key, {})
            ui.flash(ui.t("Edits cleared."), "info")
            st.rerun()
else:  # an observer reads and exports the charter; editing it is the facilitators'
    preview_tab = st.container()

with preview_tab:
    ui.downloads(exports.CHARTER, charter, workshop, key="charter")
    with st.container(border=True):
        st.markdown(exports.charter_preview(charter))
