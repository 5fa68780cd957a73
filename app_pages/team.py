"""The owner: who may sign in: accounts, invitations, the organisation's sign-in rules, sessions."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain.accounts import FACILITATOR, INVITATION_DAYS, OBSERVER, ROLE_LABELS, RULE_KINDS, RULE_LABELS
from aiadopt.services import accounts

ui.require_facilitator()
db = ui.database()
me = ui.signed_in_account(db)
if me is None or not me.is_owner:
    st.error(ui.t("Only the owner manages the team."))
    st.stop()
st.title(ui.t("Team"))
st.write(
    ui.t(
        "Facilitators create and run workshops; observers read the audit, ranking, shortlist, charters and "
        "pilots of the workshops shared with them (on Set up, People), change nothing and see no participant's name."
    )
)
ui.show_flashes()
people = accounts.list_accounts(db, me)
st.dataframe(
    pd.DataFrame(
        [
            {ui.t("Name"): p["name"], ui.t("E-mail"): p["email"], ui.t("Role"): ui.t(ROLE_LABELS[p["role"]])}
            for p in people
        ],
        columns=[ui.t("Name"), ui.t("E-mail"), ui.t("Role")],
    ),
    hide_index=True,
    width="stretch",
)

invite_tab, manage_tab, rules_tab = st.tabs(
    [ui.t("Invite"), ui.t("Remove or reset"), ui.t("Organisation sign-in")], key="team_tab", on_change="rerun"
)
with invite_tab:
    role = st.radio(
        ui.t("Role"),
        [FACILITATOR, OBSERVER],
        format_func=lambda r: ui.t(ROLE_LABELS[r]),
        horizontal=True,
        key="team_invite_role",
    )
    if st.button(ui.t("Make an invitation code"), key="team_invite", type="primary"):
        try:
            code = accounts.invite(db, me, role)
        except ui.REFUSALS as problem:
            ui.show_problem(problem)
        else:
            st.success(
                ui.t(
                    "Invitation code: **{code}** (shown once; valid for {days} days, for one person). They open the "
                    "app, Sign in, 'I have an invitation code', and choose their password.",
                    code=code,
                    days=INVITATION_DAYS,
                )
            )
    waiting = accounts.open_invitations(db, me)
    if waiting:
        st.caption(ui.tn("{n} invitation not used yet.", "{n} invitations not used yet.", len(waiting)))

with manage_tab:
    others = {p["id"]: f"{p['name']} ({p['email']})" for p in people if p["id"] != me.id}
    if not others:
        st.caption(ui.t("Nobody else has an account yet."))
    else:
        chosen = st.selectbox(ui.t("Account"), list(others), format_func=others.get, key="team_chosen")
        columns = st.columns(2)
        if columns[0].button(ui.t("Remove the account"), key="team_remove"):
            ui.act(lambda: accounts.remove_account(db, me, chosen), ui.t("Removed: their sessions have ended."))
        if columns[1].button(ui.t("Reset the password"), key="team_reset"):
            try:
                new_password = accounts.reset_password(db, me, chosen)
            except ui.REFUSALS as problem:
                ui.show_problem(problem)
            else:
                st.success(
                    ui.t("New password: **{password}** (shown once). Their sessions have ended.", password=new_password)
                )
    st.divider()
    if st.button(ui.t("End every session (everyone signs in again)"), key="team_end_sessions"):
        ui.act(lambda: accounts.end_every_session(db), ui.t("Every session has ended."))

with rules_tab:
    if not ui.organisation_sign_in_offered():
        st.caption(
            ui.t(
                "The organisation's sign-in is not configured: see the README, 'Accounts and sign-in'. "
                "Accounts with a password work without it."
            )
        )
    st.write(ui.t("Who may come in through the organisation's sign-in, and as what:"))
    current = accounts.sign_in_rules(db, me)
    for rule in current:
        columns = st.columns([4, 1], vertical_alignment="center")
        columns[0].write(
            ui.t(
                "{kind} **{value}**: {role}",
                kind=ui.t(RULE_LABELS[rule["kind"]]),
                value=ui.escape_markdown(rule["value"]),
                role=ui.t(ROLE_LABELS[rule["role"]]),
            )
        )
        if columns[1].button(ui.t("Remove"), key=f"team_rule_drop_{rule['id']}"):
            ui.act(lambda rule_id=rule["id"]: accounts.drop_sign_in_rule(db, me, rule_id), ui.t("Rule removed."))
    with st.form("team_rule"):
        columns = st.columns([1, 2, 1])
        kind = columns[0].selectbox(
            ui.t("Who"), list(RULE_KINDS), format_func=lambda k: ui.t(RULE_LABELS[k]), key="team_rule_kind"
        )
        value = columns[1].text_input(ui.t("E-mail, group or domain"), key="team_rule_value", placeholder="example.org")
        rule_role = columns[2].selectbox(
            ui.t("Role"), [FACILITATOR, OBSERVER], format_func=lambda r: ui.t(ROLE_LABELS[r]), key="team_rule_role"
        )
        if st.form_submit_button(ui.t("Add the rule")):
            ui.act(lambda: accounts.add_sign_in_rule(db, me, kind, value, rule_role), ui.t("Rule added."))
