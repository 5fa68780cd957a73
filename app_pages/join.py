"""Guest landing page: join a workshop with the code on the screen."""

import streamlit as st

from aiadopt import ui
from aiadopt.services.errors import ServiceError
from aiadopt.services.participants import join_workshop

st.title("Join a workshop")
st.write("Type the workshop code shown on the screen in the room, or open the link your facilitator shared.")

db = ui.database()
with st.form("join_form"):
    code = st.text_input("Workshop code", max_chars=32, key="join_code", placeholder="e.g. K7QMP3")
    submitted = st.form_submit_button("Join", type="primary")
if submitted:
    try:
        workshop = join_workshop(db, code, ui.client())
    except ServiceError as problem:
        ui.show_problem(problem)
    else:
        st.query_params["join"] = workshop["join_code"]
        st.rerun()
