"""Facilitator: the interview guide of this workshop: the questions to work through with each department."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.services.workshops import list_guide, replace_guide, reset_guide

db, workshop = ui.facilitator_page(
    ui.t("Interview guide"),
    ui.t(
        "The questions to work through with each department. Edit them for this workshop; "
        "keep them about the work, never about tools."
    ),
)

# Stored in English, shown in this language: an unchanged default reads translated and is saved as English.
shown, english = ui.guide_as_shown(list_guide(db, workshop["id"]))
edited = st.data_editor(
    pd.DataFrame(shown, columns=["theme", "question", "follow_ups"]),
    num_rows="dynamic",
    width="stretch",
    hide_index=True,
    key=f"guide_{workshop['id']}_{ui.generation('guide')}",
    column_config={
        "theme": st.column_config.TextColumn(ui.t("Theme"), required=True, max_chars=80),
        "question": st.column_config.TextColumn(ui.t("Question"), required=True, max_chars=500, width="large"),
        "follow_ups": st.column_config.TextColumn(ui.t("Follow-up prompts (one per line)"), width="large"),
    },
)


def saved(kept: int) -> str:
    ui.next_generation("guide")
    return ui.tn("Guide saved: {n} question.", "Guide saved: {n} questions.", kept)


def restored(_: int) -> str:
    ui.next_generation("guide")
    return ui.t("The default guide is back.")


columns = st.columns(2)
if columns[0].button(ui.t("Save guide"), type="primary", key="guide_save"):
    ui.act(
        lambda: replace_guide(db, workshop["id"], ui.guide_as_stored(edited.fillna("").to_dict("records"), english)),
        saved,
    )
if columns[1].button(ui.t("Restore the default guide"), key="guide_reset"):
    ui.act(lambda: reset_guide(db, workshop["id"]), restored)
