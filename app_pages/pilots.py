"""Facilitator: track a pilot after the workshop: its KPI over time, its gates, the verdict and the outcome report."""

from datetime import date

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain import pilots as rules
from aiadopt.domain.ranking.criteria import WeightsError
from aiadopt.services import exports
from aiadopt.services.charters import charter_state
from aiadopt.services.pilots import (
    list_pilots,
    pilot_state,
    record_measurement,
    set_gate,
    start_pilot,
)

db, workshop = ui.facilitator_page(
    ui.t("Pilots"),
    ui.t(
        "After the workshop: the chosen pilot's KPI measured against its baseline and target, its five "
        "gates, and a verdict in plain words."
    ),
    observers_too=True,
)
editable = ui.may_change(db, workshop["id"])  # an observer follows the pilots; recording is the facilitators'
VERDICT_STYLE = {
    "reached": st.success,
    "on_track": st.info,
    "behind": st.warning,
    "stopped": st.error,
    "no_data": st.info,
}

pilots = list_pilots(db, workshop["id"])
if editable:
    with st.expander(ui.t("Start tracking a pilot"), expanded=not pilots, icon=":material/flag:"):
        try:
            result = ui.workshop_ranking(db, workshop["id"], ui.chosen_weights(), ui.chosen_gates())
        except WeightsError as problem:
            st.error(
                ui.escape_markdown(
                    ui.t("{problem} Change the weights on the Rank page.", problem=ui.problem_words(problem))
                )
            )
            result = None
        ranked = result.ranked if result is not None else pd.DataFrame()
        if ranked.empty:
            st.info(ui.t("No ranked candidate yet: rank the candidates and write the pilot charter first."))
        else:
            titles = dict(zip(ranked["candidate_id"], ranked["rank"].astype(str) + ". " + ranked["title"]))
            with st.form("pilot_start"):
                chosen = st.selectbox(
                    ui.t("Candidate workflow"), list(titles), format_func=titles.get, key="pilot_candidate"
                )
                started = st.date_input(
                    ui.t("Started on"), value=date.today(), max_value=date.today(), key="pilot_started"
                )
                if st.form_submit_button(ui.t("Start tracking"), type="primary"):
                    state = ui.workshop_candidates(db, workshop["id"])
                    row = ranked.loc[ranked["candidate_id"] == chosen].iloc[0].to_dict()
                    current = charter_state(db, workshop, row, state.members(int(chosen)))
                    ui.act(
                        lambda: start_pilot(db, workshop["id"], current.key, current.charter, started),
                        ui.t("Tracking started: record today's value of the KPI."),
                    )
if not pilots:
    if not editable:
        st.info(ui.t("No pilot is being tracked for this workshop yet."))
    st.stop()
names = {p["id"]: ui.t("{title} (since {day})", title=p["title"], day=p["started_on"]) for p in pilots}
pilot_id = st.selectbox(ui.t("Pilot"), list(names), format_func=names.get, key="pilot_chosen")
state = pilot_state(db, pilot_id)
pilot = state.pilot
VERDICT_STYLE[state.verdict.status](ui.escape_markdown(ui.t(state.verdict.text)))
unit = pilot["kpi_unit"] or ""
latest = state.measurements[-1]["value"] if state.measurements else None
figures = st.columns(4)
figures[0].metric(ui.t("Baseline"), "—" if pilot["kpi_baseline"] is None else f"{pilot['kpi_baseline']:g} {unit}")
figures[1].metric(ui.t("Latest"), "—" if latest is None else f"{latest:g} {unit}")
figures[2].metric(ui.t("Target"), "—" if pilot["kpi_target"] is None else f"{pilot['kpi_target']:g} {unit}")
figures[3].metric(ui.t("Hours saved a year"), "—" if state.hours_saved is None else ui.number(state.hours_saved))
if state.measurements:
    st.plotly_chart(ui.figures.kpi_figure(pilot, state.measurements), key="pilot_kpi_chart")
    st.dataframe(
        pd.DataFrame(state.measurements)[["measured_on", "value", "hours_per_year", "note", "recorded_by"]].rename(
            columns={
                "measured_on": ui.t("Date"),
                "value": f"{pilot['kpi_metric'] or ui.t('KPI')} ({unit})"
                if unit
                else pilot["kpi_metric"] or ui.t("KPI"),
                "hours_per_year": ui.t("Hours a year now"),
                "note": ui.t("Note"),
                "recorded_by": ui.t("By"),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def show_gates() -> None:
    st.markdown(ui.t("**Gates**"))
    for number, stage in enumerate(state.stages, start=1):
        gate = state.gates.get(number) or {}
        status = ui.t(rules.GATE_LABELS[gate.get("status", "not_yet")])
        if gate.get("decided_on") and gate.get("status", "not_yet") != "not_yet":
            status = ui.t("{status} on {day}", status=status, day=gate["decided_on"])
        st.text(f"{number}. {stage['name']}: {status}")


def record_forms() -> None:
    """A measurement of the KPI, and a gate's decision (facilitators only)."""
    measure, gates = st.columns(2, gap="large")
    with measure, st.form(f"pilot_measure_{pilot_id}", clear_on_submit=True):
        st.markdown(
            ui.t("**Record a measurement of {kpi}**", kpi=ui.escape_markdown(pilot["kpi_metric"] or ui.t("the KPI")))
        )
        measured_on = st.date_input(ui.t("Measured on"), value=date.today(), key=f"pilot_measured_on_{pilot_id}")
        value = st.number_input(
            ui.t("Value ({unit})", unit=ui.escape_markdown(unit)) if unit else ui.t("Value"),
            value=None,
            format="%g",
            key=f"pilot_value_{pilot_id}",
        )
        hours = st.number_input(
            ui.t("Hours a year the work costs now (optional)"), value=None, format="%g", key=f"pilot_hours_{pilot_id}"
        )
        note = st.text_input(
            ui.t("Note"), key=f"pilot_note_{pilot_id}", placeholder=ui.t("Up to {n} characters", n=rules.NOTE_LENGTH)
        )
        by = st.text_input(
            ui.t("Measured by"),
            key=f"pilot_by_{pilot_id}",
            placeholder=ui.t("Up to {n} characters", n=rules.NAME_LENGTH),
        )
        if st.form_submit_button(ui.t("Save measurement"), type="primary"):
            ui.act(
                lambda: record_measurement(db, pilot_id, value, measured_on, hours=hours, note=note, recorded_by=by),
                ui.t("Measurement saved."),
            )
    with gates:
        show_gates()
        with st.form(f"pilot_gate_{pilot_id}"):
            stage = st.selectbox(
                ui.t("Gate"),
                range(1, len(state.stages) + 1),
                format_func=lambda n: state.stages[n - 1]["name"],
                key=f"pilot_gate_stage_{pilot_id}",
            )
            verdict = st.radio(
                ui.t("Status"),
                rules.GATE_STATUSES,
                format_func=lambda status: ui.t(rules.GATE_LABELS[status]),
                horizontal=True,
                key=f"pilot_gate_status_{pilot_id}",
            )
            decided_on = st.date_input(ui.t("Decided on"), value=date.today(), key=f"pilot_gate_on_{pilot_id}")
            evidence = st.text_input(
                ui.t("Evidence"),
                key=f"pilot_evidence_{pilot_id}",
                placeholder=ui.t("Up to {n} characters", n=rules.NOTE_LENGTH),
            )
            decider = st.text_input(
                ui.t("Decided by"),
                key=f"pilot_decider_{pilot_id}",
                placeholder=ui.t("Up to {n} characters", n=rules.NAME_LENGTH),
            )
            if st.form_submit_button(ui.t("Save gate")):
                ui.act(
                    lambda: set_gate(
                        db, pilot_id, stage, verdict, decided_on=decided_on, evidence=evidence, decider=decider
                    ),
                    ui.t("Gate saved."),
                )


if editable:
    record_forms()
else:
    show_gates()
ui.downloads(exports.PILOT_OUTCOME, exports.pilot_outcome(db, pilot_id), workshop, key="pilot")
