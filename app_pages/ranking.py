"""Facilitator: rank candidate workflows for a first pilot with adjustable weights and gates."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain.ranking.criteria import CRITERIA, PRESETS, WeightsError
from aiadopt.domain.ranking.gates import GATE_LABELS, GATE_MODES, GATE_NAMES
from aiadopt.services import exports
from aiadopt.services.audit import audit_report_section
from aiadopt.services.weight_sets import delete_weight_set, list_weight_sets, save_weight_set
from aiadopt.ui.figures import contribution_figure, hours_by_department_figure, value_ease_figure

db, workshop = ui.facilitator_page("Rank candidates for a first pilot")

MODE_LABELS = {"exclude": "Keep out of the ranking", "flag": "Rank, but flag it"}
WEIGHT_KEYS = {criterion.key: f"ranking_weight_{criterion.key}" for criterion in CRITERIA}
GATE_KEYS = {name: f"ranking_gate_{name}" for name in GATE_NAMES}

# Widget values live in session state; they are restored from the last choice when the page opens.
for key, value in ui.chosen_weights().items():
    st.session_state.setdefault(WEIGHT_KEYS[key], float(value))
for name, mode in ui.chosen_gates().items():
    st.session_state.setdefault(GATE_KEYS[name], mode)


def apply_weights(weights: dict, gates: dict | None = None) -> None:
    """Put a preset or saved set into the controls (runs before the widgets are drawn)."""
    for key in WEIGHT_KEYS:
        try:
            value = float(weights.get(key, 0.0))
        except (TypeError, ValueError):
            value = 0.0
        st.session_state[WEIGHT_KEYS[key]] = min(max(value, 0.0), 5.0) if value == value else 0.0
    for name, mode in (gates or {}).items():
        if name in GATE_KEYS and mode in GATE_MODES:
            st.session_state[GATE_KEYS[name]] = mode


def apply_preset() -> None:
    apply_weights(PRESETS[st.session_state["ranking_preset"]])


saved_sets = {s["name"]: s for s in list_weight_sets(db, workshop["id"])}


def apply_saved_set() -> None:
    chosen = saved_sets.get(st.session_state.get("ranking_saved_choice"))
    if chosen:
        apply_weights(chosen["weights"], chosen["gates"])


controls, results = st.columns([1, 2.4], gap="large")
with controls:
    st.selectbox(
        "Start from a preset",
        list(PRESETS),
        key="ranking_preset",
        on_change=apply_preset,
        help="Balanced: value and ease count half each. Quick win: favours work that is easy to start. "
        "Biggest impact: favours time, errors and customers. Lowest risk: favours ready information, "
        "an owner and a KPI.",
    )
    if saved_sets:
        st.selectbox(
            "Or a saved set",
            [None, *saved_sets],
            key="ranking_saved_choice",
            on_change=apply_saved_set,
            format_func=lambda name: "—" if name is None else name,
        )
    with st.expander("Weights", expanded=True, icon=":material/tune:"):
        st.caption("How much each criterion counts, from 0 (ignored) to 5. Only the proportions matter.")
        for group, heading in (("value", "What fixing it is worth"), ("ease", "How ready it is to start")):
            st.markdown(f"**{heading}**")
            for criterion in (c for c in CRITERIA if c.group == group):
                st.slider(
                    criterion.label,
                    0.0,
                    5.0,
                    step=0.5,
                    key=WEIGHT_KEYS[criterion.key],
                    help=f"{criterion.description} Scored as: {criterion.transform}.",
                )
    with st.expander("Gates for a first pilot", icon=":material/rule:"):
        for name, label in GATE_LABELS.items():
            st.radio(label, list(GATE_MODES), key=GATE_KEYS[name], format_func=MODE_LABELS.get, horizontal=True)
    with st.expander("Save these weights", icon=":material/bookmark:"):
        set_name = st.text_input("Name", key="ranking_set_name", placeholder="e.g. Board view")
        if st.button("Save", key="ranking_save_set"):
            try:
                save_weight_set(db, workshop["id"], set_name, ui.chosen_weights(), ui.chosen_gates())
            except ValueError as problem:
                ui.show_problem(problem)
            else:
                ui.flash("Weights saved for this workshop.")
                st.rerun()
        if saved_sets:
            doomed = st.selectbox("Remove a saved set", list(saved_sets), key="ranking_remove_choice")
            if st.button("Remove", key="ranking_remove_set"):
                delete_weight_set(db, saved_sets[doomed]["id"])
                ui.flash("Saved set removed.", "info")
                st.rerun()

weights = {key: float(st.session_state[widget]) for key, widget in WEIGHT_KEYS.items()}
gates = {name: st.session_state[widget] for name, widget in GATE_KEYS.items()}
st.session_state["ranking_weights_current"] = weights
st.session_state["ranking_gates_current"] = gates

with results:
    state = ui.workshop_candidates(db, workshop["id"])
    if state.candidates.empty:
        st.info("No pain points yet: capture some first.")
        st.stop()
    try:
        result = ui.workshop_ranking(db, workshop["id"], weights, gates)
    except WeightsError as problem:
        ui.show_problem(problem)
        st.stop()
    for note in result.notes:
        st.info(note)
    ranked = result.ranked
    if ranked.empty:
        st.warning("Every candidate is kept out by a gate. Switch a gate to 'Rank, but flag it' to see them ranked.")
    else:
        top = ranked.iloc[0]
        st.subheader("Top candidate")
        st.text(f"{top['title']}\n{top['explanation']}")
        metrics = st.columns(4)
        metrics[0].metric("Score", f"{top['score']:.0f} of 100")
        metrics[1].metric("Hours a year", f"{top['hours_per_year']:,.0f}")
        metrics[2].metric(
            "Stays 1st",
            f"{top['p_first']:.0%}",
            help="Share of 1,000 random weightings near yours in which it still ranks first.",
        )
        metrics[3].metric("Candidates ranked", len(ranked))
    st.subheader("Ranked shortlist")
    st.dataframe(
        ui.shortlist_frame(ranked),
        hide_index=True,
        width="stretch",
        key="ranking_table",
        column_config=ui.SHORTLIST_COLUMN_CONFIG,
        height=min(36 * (len(ranked) + 1) + 4, 520),
    )
    if not result.excluded.empty:
        with st.expander(f"Kept out of the ranking ({len(result.excluded)})", icon=":material/block:"):
            st.dataframe(
                pd.DataFrame(
                    {
                        "Candidate workflow": result.excluded["title"],
                        "Why": result.excluded["reasons"].map(" ".join),
                    }
                ),
                hide_index=True,
                width="stretch",
            )

    exports_row = st.columns(4)
    pain_points = state.pain_points
    export_args = (ranked, pain_points, result.weights, ui.CRITERION_LABELS, gates, workshop)
    report_args = (ranked, result.weights, ui.CRITERION_LABELS, gates, workshop, result.excluded)
    audit_section = audit_report_section(db, workshop["id"])  # read here: the downloads run later
    exports_row[0].download_button(
        "Shortlist (Excel)",
        lambda: exports.shortlist_to_xlsx(*export_args),
        exports.export_filename(workshop, "shortlist", "xlsx"),
        mime=ui.XLSX_MIME,
        key="ranking_xlsx",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    exports_row[1].download_button(
        "Shortlist (CSV)",
        lambda: exports.shortlist_to_csv(ranked, ui.CRITERION_LABELS, result.weights),
        exports.export_filename(workshop, "shortlist", "csv"),
        mime="text/csv",
        key="ranking_csv",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    exports_row[2].download_button(
        "Report (PDF)",
        lambda: exports.report_pdf(*report_args, audit=audit_section),
        exports.export_filename(workshop, "report", "pdf"),
        mime="application/pdf",
        key="ranking_pdf",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    exports_row[3].download_button(
        "Report (Markdown)",
        lambda: exports.report_markdown(*report_args, audit=audit_section).encode("utf-8"),
        exports.export_filename(workshop, "report", "md"),
        mime="text/markdown",
        key="ranking_md",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )

    if not ranked.empty:
        # Only the chart asked for is built: on a large workshop each one costs real time.
        view = st.segmented_control(
            "Chart",
            ["Value and ease", "Hours by department", "Why this rank"],
            default="Value and ease",
            key="ranking_view",
            label_visibility="collapsed",
        )
        if view == "Value and ease":
            st.plotly_chart(value_ease_figure(ranked), width="stretch", key="ranking_matrix")
        elif view == "Hours by department":
            st.plotly_chart(hours_by_department_figure(state.candidates), width="stretch", key="ranking_departments")
        elif view == "Why this rank":
            titles = dict(zip(ranked["candidate_id"], ranked["rank"].astype(str) + ". " + ranked["title"]))
            chosen = st.selectbox("Candidate", list(titles), format_func=titles.get, key="ranking_explain_choice")
            row = ranked.loc[ranked["candidate_id"] == chosen].iloc[0]
            st.text(row["explanation"])
            if row["flags"]:
                st.text("Flags:\n" + "\n".join(f"• {flag}" for flag in row["flags"]))
            st.plotly_chart(contribution_figure(result, chosen), width="stretch", key="ranking_contribution")
