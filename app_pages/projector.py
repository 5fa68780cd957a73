"""Facilitator: the big screen for the room: join code, who is here, pain points arriving, votes, results."""

import html

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.services.capture import pain_points_per_department
from aiadopt.services.errors import ServiceError
from aiadopt.services.room import presence, reveal_results, room_state, voters
from aiadopt.services.workshops import list_departments

ui.require_facilitator()
db = ui.database()
workshop = ui.selected_workshop(db)
if workshop is None:
    st.stop()

# The big screen has no sidebar and large type; our own style rules, nothing anyone typed.
st.html(
    """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
.block-container {padding-top: 1.2rem; max-width: 100%;}
[data-testid="stMetricValue"] {font-size: 4rem;}
[data-testid="stMetricLabel"] p {font-size: 1.6rem;}
</style>"""
)


@st.fragment(run_every=3)
def big_screen(workshop_id: int) -> None:
    """Everything the room sees, refreshed every few seconds."""
    live = ui.database()
    try:
        state = room_state(live, workshop_id)
    except ServiceError as gone:
        st.error(str(gone))
        return
    current = ui.selected_workshop(live, quiet=True) or workshop
    phase = state["phase"]
    top = st.columns([3, 1], vertical_alignment="center")
    top[0].html(
        f'<div style="font-size:3rem;font-weight:700;line-height:1.15">{html.escape(current["name"])}</div>'
        f'<div style="font-size:2rem;color:#51606F">{room.PHASE_LABELS[phase]}</div>'
    )
    with top[1]:
        ui.countdown(state, size_px=64)
    counts = presence(live, workshop_id)
    joining, details = st.columns([2, 3], gap="large")
    with joining:
        address = ui.join_address()
        link = f"{address.base}/?join={current['join_code']}"
        st.markdown(ui.big_code(current["join_code"]), unsafe_allow_html=True)
        if phase in (room.WELCOME, room.CAPTURE):
            st.image(ui.join_qr(link), width=340)
        st.code(link, language=None)
        if not address.reachable:
            st.warning("Phones cannot open this address: see Set up, 'Room and join link'.")
    with details:
        metrics = st.columns(3)
        metrics[0].metric("Joined", counts["joined"])
        metrics[1].metric("Active now", counts["active"])
        if phase == room.VOTE:
            metrics[2].metric("Have voted", voters(live, workshop_id))
        else:
            metrics[2].metric("Done", counts["done"])
        if phase in (room.WELCOME, room.CAPTURE, room.GROUP):
            per_department = pain_points_per_department(live, workshop_id)
            names = {d["id"]: d["name"] for d in list_departments(live, workshop_id)}
            counts_by_name = {name: per_department.get(department_id, 0) for department_id, name in names.items()}
            st.metric("Pain points", sum(per_department.values()))
            if counts_by_name:
                st.plotly_chart(
                    ui.figures.pain_points_per_department_figure(counts_by_name),
                    config={"displayModeBar": False, "staticPlot": True},
                    theme=None,
                    key="projector_departments",
                )
        elif phase == room.RESULTS:
            results(live, current)


def results(live, current: dict) -> None:
    """The top candidates, shown one at a time or all at once on the facilitator's cue: titles only."""
    ranked = ui.workshop_ranking(live, current["id"], ui.chosen_weights(), ui.chosen_gates()).ranked
    shown = room.revealed_count(current, min(len(ranked), 10))
    if shown == 0:
        st.markdown("## The results are coming up…")
        return
    rows = "".join(
        f'<tr><td style="font-weight:700;padding:0.4rem 1rem">{int(row.rank)}</td>'
        f'<td style="padding:0.4rem 1rem">{html.escape(str(row.title))}</td>'
        f'<td style="text-align:right;padding:0.4rem 1rem">{int(row.votes)}</td>'
        f'<td style="text-align:right;padding:0.4rem 1rem">{row.hours_per_year:,.0f}</td></tr>'
        for row in ranked.head(shown).itertuples()
    )
    # Titles are escaped and shown as plain text: nothing a participant typed becomes markup.
    st.html(
        '<table style="font-size:1.9rem;width:100%;border-collapse:collapse">'
        '<tr style="color:#51606F;font-size:1.3rem;text-align:left"><th style="padding:0 1rem">Rank</th>'
        '<th style="padding:0 1rem">Candidate workflow</th><th style="padding:0 1rem;text-align:right">Votes</th>'
        f'<th style="padding:0 1rem;text-align:right">Hours a year</th></tr>{rows}</table>'
    )


big_screen(workshop["id"])

with st.expander("Steer the room", expanded=False, icon=":material/tune:"):
    ui.show_flashes()
    ui.phase_controls(db, workshop, key="projector_room")
    ui.timer_controls(db, workshop, key="projector_timer")
    reveal = st.columns(3)
    revealed = int(workshop.get("results_revealed") or 0)
    if reveal[0].button("Reveal the next", key="projector_reveal_next", icon=":material/visibility:"):
        reveal_results(db, workshop["id"], (revealed if revealed >= 0 else 10) + 1)
        st.rerun()
    if reveal[1].button("Reveal all", key="projector_reveal_all"):
        reveal_results(db, workshop["id"], -1)
        st.rerun()
    if reveal[2].button("Hide results", key="projector_reveal_hide"):
        reveal_results(db, workshop["id"], 0)
        st.rerun()
