"""Facilitator sign-in: a passcode from the environment or printed in the terminal."""

import streamlit as st

from aiadopt import ui
from aiadopt.services import access

st.title("Facilitator sign-in")
st.write(
    "Enter the facilitator passcode. It was printed in the terminal that started the app, "
    "unless it was set in the environment."
)

db = ui.database()
with st.form("sign_in_form"):
    attempt = st.text_input("Passcode", type="password", key="sign_in_passcode")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    result = access.sign_in(db, attempt, ui.client())
    if result.ok:
        st.session_state["facilitator_signed_in"] = True
        st.rerun()
    st.error(result.message)
