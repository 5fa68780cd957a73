"""Guest landing page: join a workshop with the code on the screen."""

import streamlit as st

from aiadopt import ui
from aiadopt.services.errors import ServiceError
from aiadopt.services.participants import join_workshop

ui.use_language()
st.title(ui.t("Join a workshop"))
ui.language_chooser()
st.write(ui.t("Type the workshop code shown on the screen in the room, or open the link your facilitator shared."))

db = ui.database()
with st.form("join_form"):
    code = st.text_input(
        ui.t("Workshop code"), max_chars=32, key="join_code", placeholder=ui.t("e.g. {code}", code="K7QMP3")
    )
    submitted = st.form_submit_button(ui.t("Join"), type="primary")
if submitted:
    try:
        workshop = join_workshop(db, code, ui.client())
    except ServiceError as problem:
        ui.say_problem(problem)
    else:
        st.query_params["join"] = workshop["join_code"]
        ui.keep_language_in_link()  # the language chosen here goes on with the participant
        st.rerun()
