"""Facilitator: track a pilot after the workshop (KPI over time, gates, verdict) and see every pilot."""

from datetime import date

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain import pilots as rules
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.ranking.criteria import WeightsError
from aiadopt.services import exports
from aiadopt.services.charters import charter_state
from aiadopt.services.errors import ServiceError
from aiadopt.services.pilots import (
    list_pilots,
    outcome_report_data,
    pilot_state,
    record_measurement,
    recurring_pains,
    set_gate,
    start_pilot,
)

db, workshop = ui.facilitator_page(
    "Pilots",
    "After the workshop: the chosen pilot's KPI measured against its baseline and target, its five "
    "gates, and a verdict in plain words; and, across every workshop, the pains that keep coming back.",
)
VERDICT_STYLE = {
    "reached": st.success,
    "on_track": st.info,
    "behind": st.warning,
    "stopped": st.error,
    "no_data": st.info,
}

this_workshop, everywhere = st.tabs(["This workshop's pilots", "Across workshops"])
with this_workshop:
    pilots = list_pilots(db, workshop["id"])
    with st.expander("Start tracking a pilot", expanded=not pilots, icon=":material/flag:"):
        try:
            result = ui.workshop_ranking(db, workshop["id"], ui.chosen_weights(), ui.chosen_gates())
        except WeightsError as problem:
            st.error(ui.escape_markdown(f"{problem} Change the weights on the Rank page."))
            result = None
        ranked = result.ranked if result is not None else pd.DataFrame()
        if ranked.empty:
            st.info("No ranked candidate yet: rank the candidates and write the pilot charter first.")
        else:
            titles = dict(zip(ranked["candidate_id"], ranked["rank"].astype(str) + ". " + ranked["title"]))
            with st.form("pilot_start"):
                chosen = st.selectbox("Candidate workflow", list(titles), format_func=titles.get, key="pilot_candidate")
                started = st.date_input("Started on", value=date.today(), max_value=date.today(), key="pilot_started")
                if st.form_submit_button("Start tracking", type="primary"):
                    state = ui.workshop_candidates(db, workshop["id"])
                    row = ranked.loc[ranked["candidate_id"] == chosen].iloc[0].to_dict()
                    current = charter_state(db, workshop, row, state.members(int(chosen)))
                    try:
                        start_pilot(db, workshop["id"], current.key, current.charter, started)
                    except (ValidationError, ServiceError) as problem:
                        ui.show_problem(problem)
                    else:
                        ui.flash("Tracking started: record today's value of the KPI.")
                        st.rerun()
    if not pilots:
        st.stop()
    names = {p["id"]: f"{p['title']} (since {p['started_on']})" for p in pilots}
    pilot_id = st.selectbox("Pilot", list(names), format_func=names.get, key="pilot_chosen")
    state = pilot_state(db, pilot_id)
    pilot = state.pilot
    VERDICT_STYLE[state.verdict.status](ui.escape_markdown(state.verdict.text))
    unit = pilot["kpi_unit"] or ""
    latest = state.measurements[-1]["value"] if state.measurements else None
    figures = st.columns(4)
    figures[0].metric("Baseline", "—" if pilot["kpi_baseline"] is None else f"{pilot['kpi_baseline']:g} {unit}")
    figures[1].metric("Latest", "—" if latest is None else f"{latest:g} {unit}")
    figures[2].metric("Target", "—" if pilot["kpi_target"] is None else f"{pilot['kpi_target']:g} {unit}")
    figures[3].metric("Hours saved a year", "—" if state.hours_saved is None else f"{state.hours_saved:,.0f}")
    if state.measurements:
        st.plotly_chart(ui.figures.kpi_figure(pilot, state.measurements), key="pilot_kpi_chart")
        st.dataframe(
            pd.DataFrame(state.measurements)[["measured_on", "value", "hours_per_year", "note", "recorded_by"]].rename(
                columns={
                    "measured_on": "Date",
                    "value": f"{pilot['kpi_metric'] or 'KPI'} ({unit})" if unit else pilot["kpi_metric"] or "KPI",
                    "hours_per_year": "Hours a year now",
                    "note": "Note",
                    "recorded_by": "By",
                }
            ),
            hide_index=True,
            width="stretch",
        )
    measure, gates = st.columns(2, gap="large")
    with measure, st.form(f"pilot_measure_{pilot_id}", clear_on_submit=True):
        st.markdown(f"**Record a measurement of {ui.escape_markdown(pilot['kpi_metric'] or 'the KPI')}**")
        measured_on = st.date_input("Measured on", value=date.today(), key=f"pilot_measured_on_{pilot_id}")
        value = st.number_input(
            f"Value ({unit})" if unit else "Value", value=None, format="%g", key=f"pilot_value_{pilot_id}"
        )
        hours = st.number_input(
            "Hours a year the work costs now (optional)", value=None, format="%g", key=f"pilot_hours_{pilot_id}"
        )
        note = st.text_input("Note", key=f"pilot_note_{pilot_id}")
        by = st.text_input("Measured by", key=f"pilot_by_{pilot_id}")
        if st.form_submit_button("Save measurement", type="primary"):
            try:
                record_measurement(db, pilot_id, value, measured_on, hours=hours, note=note, recorded_by=by)
            except (ValidationError, ServiceError) as problem:
                ui.show_problem(problem)
            else:
                ui.flash("Measurement saved.")
                st.rerun()
    with gates:
        st.markdown("**Gates**")
        for number, phase in enumerate(state.phases, start=1):
            gate = state.gates.get(number) or {}
            status = rules.GATE_LABELS[gate.get("status", "not_yet")]
            detail = f" on {gate['decided_on']}" if gate.get("decided_on") and status != "not yet" else ""
            st.text(f"{number}. {phase['name']}: {status}{detail}")
        with st.form(f"pilot_gate_{pilot_id}"):
            phase = st.selectbox(
                "Gate",
                range(1, len(state.phases) + 1),
                format_func=lambda n: state.phases[n - 1]["name"],
                key=f"pilot_gate_phase_{pilot_id}",
            )
            verdict = st.radio(
                "Status",
                rules.GATE_STATUSES,
                format_func=rules.GATE_LABELS.get,
                horizontal=True,
                key=f"pilot_gate_status_{pilot_id}",
            )
            decided_on = st.date_input("Decided on", value=date.today(), key=f"pilot_gate_on_{pilot_id}")
            evidence = st.text_input("Evidence", key=f"pilot_evidence_{pilot_id}")
            decider = st.text_input("Decided by", key=f"pilot_decider_{pilot_id}")
            if st.form_submit_button("Save gate"):
                try:
                    set_gate(db, pilot_id, phase, verdict, decided_on=decided_on, evidence=evidence, decider=decider)
                except (ValidationError, ServiceError) as problem:
                    ui.show_problem(problem)
                else:
                    ui.flash("Gate saved.")
                    st.rerun()
    report = outcome_report_data(db, pilot_id)
    ui.document_downloads(
        "Outcome report",
        lambda: exports.pilot_outcome_pdf(report),
        lambda: exports.pilot_outcome_markdown(report),
        lambda ext: exports.export_filename(workshop, "pilot-outcome", ext),
        key="pilot",
    )

with everywhere:
    st.markdown("**Every pilot**")
    every = list_pilots(db)
    if every:
        st.dataframe(
            pd.DataFrame(every)[["workshop_name", "title", "started_on", "verdict"]].rename(
                columns={
                    "workshop_name": "Workshop",
                    "title": "Pilot",
                    "started_on": "Started",
                    "verdict": "Where it stands",
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("No pilot is tracked yet.")
    st.markdown("**Pains raised in more than one workshop**")
    recurring = recurring_pains(db)
    if recurring:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Pain": r["pain"],
                        "Workshops": ", ".join(r["workshops"]),
                        "Departments": ", ".join(r["departments"]),
                        "Pain points": r["pain_points"],
                        "Hours a year": round(r["hours_per_year"]),
                    }
                    for r in recurring
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption("No pain has come up in two workshops yet.")
