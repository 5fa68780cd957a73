"""Facilitator: who changed what in this workshop, and when."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.services.workshops import list_changes

db, workshop = ui.facilitator_page(ui.t("Change log"), ui.t("The latest 300 changes to this workshop, newest first."))

changes = list_changes(db, workshop["id"], limit=300)
st.dataframe(
    pd.DataFrame(
        [
            {
                ui.t("When"): c["at"][:19].replace("T", " "),
                ui.t("Who"): c["actor"],
                ui.t("What"): f"{c['action']} {c['entity'].replace('_', ' ')}",
                ui.t("No."): c["entity_id"],
                ui.t("Details"): c["changes"],
            }
            for c in changes
        ],
        columns=[ui.t("When"), ui.t("Who"), ui.t("What"), ui.t("No."), ui.t("Details")],
    ),
    hide_index=True,
    width="stretch",
)
