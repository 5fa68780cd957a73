"""The frame: page setup, role-aware navigation, the facilitator's workshop picker."""

import contextlib
from pathlib import Path

import streamlit as st

from aiadopt import ui
from aiadopt.domain.accounts import ROLE_LABELS
from aiadopt.services import access
from aiadopt.services.database import DatabaseUnavailable
from aiadopt.services.workshops import list_workshops
from aiadopt.ui import session

# The icon is a file of ours: a named icon would make every browser ask a font server for it.
PAGE_ICON = Path(__file__).resolve().parent / "data" / "page_icon.png"
st.set_page_config(page_title="Workshop", page_icon=str(PAGE_ICON), layout="wide")
ui.draw_style()

ui.settle_startup_heap()
try:
    db = ui.database()
except DatabaseUnavailable as problem:  # the terminal said so at start; whoever opens a page hears it too
    st.error(str(problem))
    st.stop()
with contextlib.suppress(ui.SaveFailed):  # a read-only disk: the passcode was printed at start-up
    access.announce_passcode(db)

current_role = ui.role()
if current_role == ui.ROLE_GUEST:
    ui.adopt_organisation_sign_in(db)  # back from the organisation's sign-in: their account signs in
account = ui.signed_in_account(db) if current_role in (ui.ROLE_FACILITATOR, ui.ROLE_OBSERVER) else None
if account is not None:  # their own choice, kept on their account, else the browser's
    session.facilitator_language(db, account)
elif current_role == ui.ROLE_GUEST:  # the browser's, or the link's lang=
    ui.use_language()
elif current_role == ui.ROLE_PARTICIPANT:  # decided before the menu is titled: "Add pain points", "Vote"
    ui.participant_menu_language()
if current_role == ui.ROLE_PARTICIPANT:
    navigation = st.navigation(
        session.in_language(
            [
                st.Page("app_pages/contribute.py", title="Add pain points", icon=":material/edit_note:", default=True),
                st.Page("app_pages/vote.py", title="Vote", icon=":material/how_to_vote:"),
            ]
        ),
        position="top",
    )
elif current_role == ui.ROLE_OBSERVER:  # reads the workshops shared with them, changes nothing
    navigation = st.navigation(
        session.in_language(
            [
                st.Page("app_pages/audit.py", title="Audit", icon=":material/fact_check:", default=True),
                st.Page("app_pages/ranking.py", title="Rank", icon=":material/leaderboard:"),
                st.Page("app_pages/charter.py", title="Pilot charter", icon=":material/description:"),
                st.Page("app_pages/pilots.py", title="Pilots", icon=":material/monitoring:"),
            ]
        )
    )
elif current_role == ui.ROLE_FACILITATOR:
    team = (
        [st.Page("app_pages/team.py", title="Team", icon=":material/group_add:")]
        if account and account.is_owner
        else []
    )
    navigation = st.navigation(
        session.in_language(
            {
                ui.t("Prepare"): [
                    st.Page("app_pages/setup.py", title="Set up", icon=":material/settings:", default=True),
                    *team,
                    st.Page("app_pages/guide.py", title="Interview guide", icon=":material/list_alt:"),
                    st.Page(
                        "app_pages/import_pain_points.py", title="Import pain points", icon=":material/upload_file:"
                    ),
                    st.Page("app_pages/backup.py", title="Back up and restore", icon=":material/swap_vert:"),
                ],
                ui.t("In the room"): [
                    st.Page("app_pages/room.py", title="Run the room", icon=":material/groups:"),
                    st.Page("app_pages/projector.py", title="Projector", icon=":material/present_to_all:"),
                    st.Page("app_pages/interview.py", title="Interview", icon=":material/record_voice_over:"),
                    st.Page("app_pages/pain_points.py", title="Pain points", icon=":material/table_rows:"),
                    st.Page("app_pages/audit.py", title="Audit", icon=":material/fact_check:"),
                ],
                ui.t("Decide"): [
                    st.Page("app_pages/consolidate.py", title="Consolidate", icon=":material/merge:"),
                    st.Page("app_pages/ranking.py", title="Rank", icon=":material/leaderboard:"),
                    st.Page("app_pages/charter.py", title="Pilot charter", icon=":material/description:"),
                ],
                ui.t("After the workshop"): [
                    st.Page("app_pages/pilots.py", title="Pilots", icon=":material/monitoring:"),
                    st.Page("app_pages/across_workshops.py", title="Across workshops", icon=":material/hub:"),
                    st.Page("app_pages/change_log.py", title="Change log", icon=":material/history:"),
                    st.Page("app_pages/personal_data.py", title="Personal data", icon=":material/person_remove:"),
                ],
            }
        ),
        expanded=True,
    )
if current_role in (ui.ROLE_FACILITATOR, ui.ROLE_OBSERVER):
    workshops = list_workshops(db)  # only those this account may open
    with st.sidebar:
        if workshops:
            names = {w["id"]: ui.workshop_label(w) for w in workshops}
            if st.session_state.get("workshop_id") not in names:
                st.session_state["workshop_id"] = workshops[0]["id"]
            current = st.session_state["workshop_id"]
            # The picker's own key follows the choice, so pages may set workshop_id freely.
            picker_key = f"app_workshop_{current}"
            st.selectbox(
                ui.t("Workshop"),
                list(names),
                index=list(names).index(current),
                format_func=names.get,
                key=picker_key,
                on_change=lambda: st.session_state.update(workshop_id=st.session_state[picker_key]),
            )
        elif current_role == ui.ROLE_OBSERVER:
            st.info(ui.t("No workshop has been shared with you yet."))
        if account is not None:
            st.caption(
                ui.t(
                    "Signed in as {name} ({role})",
                    name=ui.escape_markdown(account.name),
                    role=ui.t(ROLE_LABELS[account.role]),
                )
            )
        ui.language_chooser()
        if st.button(ui.t("Sign out"), key="app_sign_out", icon=":material/logout:"):
            ui.sign_out(db)
if current_role == ui.ROLE_GUEST:
    navigation = st.navigation(
        session.in_language(
            [
                st.Page("app_pages/join.py", title="Join a workshop", icon=":material/login:", default=True),
                st.Page("app_pages/sign_in.py", title="Sign in", icon=":material/lock:"),
            ]
        )
    )

try:
    navigation.run()
except ui.SaveFailed as failed:  # a full or read-only disk: plain words, never the error page
    st.error(ui.problem_text(failed))
