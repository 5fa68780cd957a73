"""Who works on a workshop: its facilitators and observers (the Set up page's People tab)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aiadopt.domain.accounts import FACILITATOR, OBSERVER, ROLE_LABELS, Account
from aiadopt.domain.language import N_
from aiadopt.i18n import t
from aiadopt.services import accounts
from aiadopt.services.database import Database
from aiadopt.ui.session import act, signed_in_account

REFUSED = N_("Only the owner sees the list of accounts; ask them to share this workshop with a colleague.")


def workshop_people(db: Database, workshop: dict) -> None:
    """The people on this workshop, and (for the owner or one of its facilitators) sharing it."""
    me: Account | None = signed_in_account(db)
    members = accounts.workshop_members(db, workshop["id"])
    st.dataframe(
        pd.DataFrame(
            [
                {t("Name"): m["name"], t("E-mail"): m["email"], t("On this workshop"): t(ROLE_LABELS[m["role"]])}
                for m in members
            ],
            columns=[t("Name"), t("E-mail"), t("On this workshop")],
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(t("The owner opens every workshop. Observers read, change nothing and see no participant's name."))
    if me is None or not me.is_owner:
        st.caption(t(REFUSED))
        return
    everyone = {p["id"]: f"{p['name']} ({p['email']})" for p in accounts.list_accounts(db, me) if p["role"] != "owner"}
    if not everyone:
        st.caption(t("Invite colleagues on the Team page first."))
        return
    columns = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
    who = columns[0].selectbox(t("Colleague"), list(everyone), format_func=lambda i: everyone[i], key="people_who")
    role = columns[1].selectbox(
        t("As"), [FACILITATOR, OBSERVER], format_func=lambda r: t(ROLE_LABELS[r]), key="people_role"
    )
    owner: Account = me
    if who is None or role is None:
        return
    if columns[2].button(t("Share"), key="people_share", type="primary"):
        act(lambda: accounts.share_workshop(db, owner, workshop["id"], who, role), t("Shared."))
    if columns[3].button(t("Take off"), key="people_unshare"):
        act(lambda: accounts.share_workshop(db, owner, workshop["id"], who, None), t("Taken off this workshop."))
