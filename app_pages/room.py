"""Facilitator: the presenter view: steer the live room from this screen, never the projected one."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room

db, workshop = ui.facilitator_page(ui.t("Run the room"))

st.caption(
    ui.t("Your own screen: put the Projector page on the big screen, and steer from here. ")
    + ui.escape_markdown(room.phases_help())
)
st.page_link("app_pages/projector.py", label=ui.t("Open the Projector (in another window, on the big screen)"))
ui.presenter(workshop["id"])
ui.anonymity_switch(db, workshop, key="room_anonymity")
with st.expander(ui.t("Join: the code, link and QR code"), icon=":material/qr_code_2:"):
    ui.join_panel(workshop)
