"""Facilitator: rank candidate workflows for a first pilot with adjustable weights and gates."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain.language import N_
from aiadopt.domain.ranking.criteria import WeightsError
from aiadopt.services import exports
from aiadopt.ui.figures import contribution_figure, hours_by_department_figure, value_ease_figure

db, workshop = ui.facilitator_page(ui.t("Rank candidates for a first pilot"), observers_too=True)

controls, results = st.columns([1, 2.4], gap="large")
with controls:
    weights, gates = ui.ranking_controls(db, workshop)

with results:
    state = ui.workshop_candidates(db, workshop["id"])
    if state.candidates.empty:
        st.info(ui.t("No pain points yet: capture some first."))
        st.stop()
    try:
        result = ui.workshop_ranking(db, workshop["id"], weights, gates)
    except WeightsError as problem:
        ui.show_problem(problem)
        st.stop()
    for note in result.notes:
        st.info(ui.t(note))
    ranked = result.ranked
    if ranked.empty:
        st.warning(
            ui.t("Every candidate is kept out by a gate. Switch a gate to 'Rank, but flag it' to see them ranked.")
        )
    else:
        top = ranked.iloc[0]
        st.header(ui.t("Top candidate"))
        st.text(f"{top['title']}\n{ui.said_explanation(top, result)}")
        metrics = st.columns(4)
        metrics[0].metric(ui.t("Score"), ui.t("{score} of 100", score=round(float(top["score"]))))
        metrics[1].metric(ui.t("Hours a year"), ui.number(top["hours_per_year"]))
        metrics[2].metric(
            ui.t("Stays 1st"),
            ui.percent(top["p_first"]),
            help=ui.t("Share of 1,000 random weightings near yours in which it still ranks first."),
        )
        metrics[3].metric(ui.t("Candidates ranked"), len(ranked))
    st.header(ui.t("Ranked shortlist"))
    st.dataframe(
        ui.shortlist_frame(ranked),
        hide_index=True,
        width="stretch",
        key="ranking_table",
        column_config=ui.shortlist_column_config(),
        height=min(36 * (len(ranked) + 1) + 4, 520),
    )
    if not result.excluded.empty:
        with st.expander(ui.t("Kept out of the ranking ({n})", n=len(result.excluded)), icon=":material/block:"):
            st.dataframe(
                pd.DataFrame(
                    {
                        ui.t("Candidate workflow"): result.excluded["title"],
                        ui.t("Why"): result.excluded["reasons"].map(lambda why: " ".join(map(ui.t, why))),
                    }
                ),
                hide_index=True,
                width="stretch",
            )

    # Read now: the files are drawn later, on the download's own thread.
    shortlist = exports.shortlist(db, workshop, result, state.pain_points, gates)
    ui.downloads(exports.SHORTLIST, shortlist, workshop, key="ranking")

    if not ranked.empty:
        # Only the chart asked for is built: on a large workshop each one costs real time.
        view = st.segmented_control(
            ui.t("Chart"),
            [N_("Value and ease"), N_("Hours by department"), N_("Why this rank")],
            default="Value and ease",
            format_func=ui.t,
            key="ranking_view",
            label_visibility="collapsed",
        )
        if view == "Value and ease":
            st.plotly_chart(value_ease_figure(ranked), width="stretch", key="ranking_matrix")
        elif view == "Hours by department":
            st.plotly_chart(hours_by_department_figure(state.candidates), width="stretch", key="ranking_departments")
        elif view == "Why this rank":
            titles = dict(zip(ranked["candidate_id"], ranked["rank"].astype(str) + ". " + ranked["title"]))
            chosen = st.selectbox(ui.t("Candidate"), list(titles), format_func=titles.get, key="ranking_explain_choice")
            row = ranked.loc[ranked["candidate_id"] == chosen].iloc[0]
            st.text(ui.said_explanation(row, result))
            if row["flags"]:
                st.text(ui.t("Flags:") + "\n" + "\n".join(f"• {ui.t(flag)}" for flag in row["flags"]))
            st.plotly_chart(contribution_figure(result, chosen), width="stretch", key="ranking_contribution")
