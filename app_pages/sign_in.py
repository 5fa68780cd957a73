"""Sign in: an account's e-mail and password, the organisation's sign-in, an invitation,
or (on a fresh server) the one-time set-up code that makes the owner."""

import streamlit as st

from aiadopt import ui
from aiadopt.services import accounts

st.title(ui.t("Sign in"))
db = ui.database()
ui.show_flashes()
if ui.organisation_sign_in_offered():
    problem = st.session_state.pop("organisation_refused", "")
    if problem:
        st.error(ui.escape_markdown(ui.t(problem)))
    if st.button(
        ui.t("Sign in with your organisation"), key="sign_in_organisation", type="primary", icon=":material/badge:"
    ):
        st.login()
    st.caption(ui.t("Or with an account of this server:"))

if not accounts.has_accounts(db):
    st.info(
        ui.t(
            "This server has no accounts yet. Set up the owner's account with the one-time set-up code printed in "
            "the terminal that started the app (or set with AIADOPT_FACILITATOR_PASSCODE)."
        )
    )
    with st.form("sign_in_set_up"):
        code = st.text_input(ui.t("Set-up code"), type="password", key="sign_in_setup_code")
        name = st.text_input(ui.t("Your name"), key="sign_in_setup_name", max_chars=120)
        email = st.text_input(ui.t("E-mail"), key="sign_in_setup_email")
        password = st.text_input(ui.t("Choose a password (at least 10 characters)"), type="password", key="sign_in_new")
        if st.form_submit_button(ui.t("Set up the owner account"), type="primary"):
            ui.act_and_sign_in(
                db, lambda: accounts.set_up_owner(db, code, name, email, password, ui.client()), ui.t("Welcome")
            )
    st.stop()

with st.form("sign_in_form"):
    email = st.text_input(ui.t("E-mail"), key="sign_in_email")
    password = st.text_input(ui.t("Password"), type="password", key="sign_in_password")
    submitted = st.form_submit_button(ui.t("Sign in"), type="primary")
if submitted:
    result, account_id = accounts.sign_in(db, email, password, ui.client())
    if result.ok and account_id is not None:
        ui.complete_sign_in(db, account_id)
    st.error(ui.t(result.message))

with st.expander(ui.t("I have an invitation code"), icon=":material/mail:"), st.form("sign_in_invitation"):
    code = st.text_input(ui.t("Invitation code"), key="sign_in_invitation_code")
    name = st.text_input(ui.t("Your name"), key="sign_in_invitation_name", max_chars=120)
    email = st.text_input(ui.t("E-mail"), key="sign_in_invitation_email")
    password = st.text_input(ui.t("Choose a password (at least 10 characters)"), type="password", key="sign_in_chosen")
    if st.form_submit_button(ui.t("Make my account")):
        ui.act_and_sign_in(db, lambda: accounts.accept_invitation(db, code, name, email, password), ui.t("Welcome"))
