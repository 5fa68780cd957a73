"""The live room on screen: participants' screens follow the phase, the timer counts down, the facilitator steers."""

from __future__ import annotations

import time

import streamlit as st
import streamlit.components.v1 as components

from aiadopt import config
from aiadopt.domain import room
from aiadopt.domain.pain_points import ValidationError
from aiadopt.formats.palette import CHART_MUTED, INK
from aiadopt.services import network
from aiadopt.services.database import Database, open_database
from aiadopt.services.errors import ServiceError
from aiadopt.services.room import (
    extend_timer,
    mark_seen,
    open_phase,
    presence,
    room_state,
    set_anonymous,
    start_timer,
    stop_timer,
)
from aiadopt.ui.session import flash, show_problem

# Which participant page shows each phase.
PARTICIPANT_PAGES = {phase: "app_pages/contribute.py" for phase in room.PHASES} | {room.VOTE: "app_pages/vote.py"}


def join_address() -> room.JoinAddress:
    """Where phones open the app: configured, else the facilitator's browser's address, else this machine's."""
    port = int(st.get_option("browser.serverPort") or st.get_option("server.port") or 8501)
    try:
        browser_url = st.context.url
    except Exception:  # outside a browser session (tests, scripts): no address to read
        browser_url = None
    return room.choose_join_address(config.base_url(), browser_url, network.lan_address(), port)


def join_link(workshop: dict) -> str:
    """The link participants open to join this workshop."""
    return f"{join_address().base}/?join={workshop['join_code']}"


def countdown(state: dict, size_px: int = 28) -> None:
    """The timer, counting down in the browser to the stored end, so every screen reaches 0:00 together."""
    ends = state.get("timer_ends_at")
    if ends is None:
        return
    end_ms = int(ends.timestamp() * 1000)
    start_text = room.clock_text(state.get("timer_remaining"))
    label_px = max(12, size_px // 3)
    # Our own markup and numbers only: nothing a person typed goes in here.
    components.html(
        f"""<div style="font-family:system-ui,sans-serif;color:{INK}">
<div style="font-size:{label_px}px;color:{CHART_MUTED}">Time left</div>
<div id="t" style="font-size:{size_px}px;font-weight:700;line-height:1.1">{start_text}</div></div>
<script>
const end = {end_ms}, el = document.getElementById("t");
function tick() {{
  const s = Math.max(0, Math.ceil((end - Date.now()) / 1000));
  el.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  if (s > 0) setTimeout(tick, 250);
}}
tick();
</script>""",
        height=size_px + label_px + 24,
    )


def room_now(db: Database, workshop: dict) -> dict:
    """The room as this page is drawn (the page follows when its version moves on: `watch_room`)."""
    state = room_state(db, workshop["id"])
    st.session_state["room_version"] = state["room_version"]
    return state


def watch_room(workshop: dict, participant: dict) -> None:
    """The timer, and a small check every few seconds that moves this screen along with the room."""
    _watch_room(workshop["id"], participant["token"])


@st.fragment(run_every=room.POLL_SECONDS)
def _watch_room(workshop_id: int, token: str) -> None:
    """Every few seconds: note that this screen is still here, and follow the room when it changed."""
    db = open_database()  # a fragment run is a new thread: its own connection
    try:
        state = room_state(db, workshop_id)
    except ServiceError:
        return
    if time.monotonic() - st.session_state.get("room_seen_at", -1e9) > room.SEEN_EVERY_SECONDS:
        mark_seen(db, workshop_id, token)
        st.session_state["room_seen_at"] = time.monotonic()
    if state["room_version"] != st.session_state.get("room_version"):
        st.session_state["room_version"] = state["room_version"]
        target = PARTICIPANT_PAGES[state["phase"]]
        if st.session_state.get("participant_page") != target:
            st.switch_page(target)
        st.rerun(scope="app")
    countdown(state)


def phase_controls(db: Database, workshop: dict, key: str) -> None:
    """Move the room from phase to phase (every participant's screen follows within seconds)."""
    state = room_state(db, workshop["id"])
    current = state["phase"]
    chosen = st.segmented_control(
        "Phase",
        list(room.PHASES),
        default=current,
        format_func=lambda phase: room.PHASE_LABELS[phase],
        key=f"{key}_phase_{state['room_version']}",
        help="Every participant's screen follows the phase within a few seconds, without a refresh.",
    )
    if chosen and chosen != current:
        open_phase(db, workshop["id"], chosen)
        flash(f"The room moved to {room.PHASE_LABELS[chosen]}.")
        st.rerun()


def timer_controls(db: Database, workshop: dict, key: str) -> None:
    """Start, extend or stop the phase's timer."""
    state = room_state(db, workshop["id"])
    columns = st.columns([2, 3, 1, 1, 1], vertical_alignment="bottom")
    minutes = columns[0].number_input("Minutes", min_value=0.5, max_value=120.0, value=5.0, step=1.0, key=f"{key}_min")
    closes = columns[1].checkbox("Close the phase when time is up", key=f"{key}_closes")
    try:
        if columns[2].button("Start", key=f"{key}_start", icon=":material/timer:"):
            start_timer(db, workshop["id"], minutes, closes)
            st.rerun()
        if columns[3].button("+1 min", key=f"{key}_extend", disabled=state["timer_ends_at"] is None):
            extend_timer(db, workshop["id"])
            st.rerun()
        if columns[4].button("Stop", key=f"{key}_stop", disabled=state["timer_ends_at"] is None):
            stop_timer(db, workshop["id"])
            st.rerun()
    except (ValidationError, ServiceError) as problem:
        show_problem(problem)
    countdown(state)


def presence_metrics(db: Database, workshop_id: int) -> None:
    """People joined, active now, and done, as three numbers."""
    counts = presence(db, workshop_id)
    columns = st.columns(3)
    columns[0].metric("Joined", counts["joined"])
    columns[1].metric("Active now", counts["active"], help="Their screen checked in within the last minute.")
    columns[2].metric("Done", counts["done"], help="They pressed 'I'm done'.")


def anonymity_switch(db: Database, workshop: dict, key: str) -> None:
    """Switch anonymity for the workshop."""
    wanted = st.toggle(
        "Anonymous workshop",
        value=bool(workshop.get("anonymous")),
        key=f"{key}_anonymous_{workshop['id']}",
        help="When on, participants are asked no names (neither who reported an entry nor a volunteer owner), "
        "and the change log does not say which participant did what.",
    )
    if wanted != bool(workshop.get("anonymous")):
        set_anonymous(db, workshop["id"], wanted)
        flash("Anonymity is on: no names are asked from now on." if wanted else "Anonymity is off.")
        st.rerun()
