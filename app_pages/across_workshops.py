"""Facilitator: every pilot of every workshop, and the pains that keep coming back across workshops."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.services.pilots import list_pilots, recurring_pains

ui.require_facilitator()
db = ui.database()
st.title(ui.t("Across workshops"))
st.write(ui.t("Every pilot and where it stands, and the pains raised in more than one workshop."))

st.markdown(ui.t("**Every pilot**"))
every = list_pilots(db)
if every:
    st.dataframe(
        pd.DataFrame(every)[["workshop_name", "title", "started_on", "verdict"]].rename(
            columns={
                "workshop_name": ui.t("Workshop"),
                "title": ui.t("Pilot"),
                "started_on": ui.t("Started"),
                "verdict": ui.t("Where it stands"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(ui.t("No pilot is tracked yet."))
st.markdown(ui.t("**Pains raised in more than one workshop**"))
recurring = recurring_pains(db)
if recurring:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    ui.t("Pain"): r["pain"],
                    ui.t("Workshops"): ", ".join(r["workshops"]),
                    ui.t("Departments"): ", ".join(r["departments"]),
                    ui.t("Pain points"): r["pain_points"],
                    ui.t("Hours a year"): round(r["hours_per_year"]),
                }
                for r in recurring
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.caption(ui.t("No pain has come up in two workshops yet."))
