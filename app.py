"""The frame: page setup, role-aware navigation, the facilitator's workshop picker."""

from pathlib import Path

import streamlit as st

from aiadopt import ui
from aiadopt.services import access
from aiadopt.services.database import DatabaseUnavailable
from aiadopt.services.workshops import list_workshops

# The icon is a file of ours: a named icon would make every browser ask a font server for it.
PAGE_ICON = Path(__file__).resolve().parent / "data" / "page_icon.png"
st.set_page_config(page_title="Workshop", page_icon=str(PAGE_ICON), layout="wide")

ui.settle_startup_heap()
try:
    db = ui.database()
except DatabaseUnavailable as problem:  # the terminal said so at start; whoever opens a page hears it too
    st.error(str(problem))
    st.stop()
access.announce_passcode(db)

current_role = ui.role()
if current_role == ui.ROLE_PARTICIPANT:
    navigation = st.navigation(
        [
            st.Page("app_pages/contribute.py", title="Add pain points", icon=":material/edit_note:", default=True),
            st.Page("app_pages/vote.py", title="Vote", icon=":material/how_to_vote:"),
        ],
        position="top",
    )
elif current_role == ui.ROLE_FACILITATOR:
    navigation = st.navigation(
        {
            "Workshop": [
                st.Page("app_pages/setup.py", title="Set up", icon=":material/settings:", default=True),
                st.Page("app_pages/interview.py", title="Interview", icon=":material/record_voice_over:"),
                st.Page("app_pages/pain_points.py", title="Pain points", icon=":material/table_rows:"),
                st.Page("app_pages/audit.py", title="Audit", icon=":material/fact_check:"),
                st.Page("app_pages/projector.py", title="Projector", icon=":material/present_to_all:"),
                st.Page("app_pages/import_backup.py", title="Import and back up", icon=":material/swap_vert:"),
            ],
            "Decide": [
                st.Page("app_pages/consolidate.py", title="Consolidate", icon=":material/merge:"),
                st.Page("app_pages/ranking.py", title="Rank", icon=":material/leaderboard:"),
                st.Page("app_pages/charter.py", title="Pilot charter", icon=":material/description:"),
                st.Page("app_pages/pilots.py", title="Pilots", icon=":material/monitoring:"),
            ],
        }
    )
    workshops = list_workshops(db)
    with st.sidebar:
        if workshops:
            names = {w["id"]: ui.workshop_label(w) for w in workshops}
            if st.session_state.get("workshop_id") not in names:
                st.session_state["workshop_id"] = workshops[0]["id"]
            current = st.session_state["workshop_id"]
            # The picker's own key follows the choice, so pages may set workshop_id freely.
            picker_key = f"app_workshop_{current}"
            st.selectbox(
                "Workshop",
                list(names),
                index=list(names).index(current),
                format_func=names.get,
                key=picker_key,
                on_change=lambda: st.session_state.update(workshop_id=st.session_state[picker_key]),
            )
        if st.button("Sign out", key="app_sign_out", icon=":material/logout:"):
            st.session_state.clear()
            st.rerun()
else:
    navigation = st.navigation(
        [
            st.Page("app_pages/join.py", title="Join a workshop", icon=":material/login:", default=True),
            st.Page("app_pages/sign_in.py", title="Facilitator sign-in", icon=":material/lock:"),
        ]
    )

navigation.run()
