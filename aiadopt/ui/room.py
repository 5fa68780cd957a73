"""The live room on screen: participants' screens follow the phase, the timer counts down, the facilitator steers."""

from __future__ import annotations

import base64
import html
import time

import streamlit as st
import streamlit.components.v1 as components

from aiadopt import config
from aiadopt.domain import room
from aiadopt.domain.language import N_
from aiadopt.formats.palette import CHART_MUTED, INK
from aiadopt.i18n import in_this_language, number, t
from aiadopt.services import network
from aiadopt.services.database import Database, open_database
from aiadopt.services.errors import ServiceError
from aiadopt.services.room import (
    extend_timer,
    mark_seen,
    open_phase,
    presence,
    reveal_results,
    room_state,
    set_anonymous,
    show_qr,
    start_timer,
    stop_timer,
    voters,
)
from aiadopt.ui.session import REFUSALS, big_code, flash, join_qr, problem_text, rerun, show_problem

# The file of each participant page a phase may show.
PARTICIPANT_PAGE_FILES = {room.CONTRIBUTE_PAGE: "app_pages/contribute.py", room.VOTE_PAGE: "app_pages/vote.py"}


def participant_page_file(phase: room.Phase) -> str:
    """The page a participant's screen shows in this phase."""
    return PARTICIPANT_PAGE_FILES[phase.participant_page]


def join_address() -> room.JoinAddress:
    """Where phones open the app: configured, else the facilitator's browser's address, else this machine's."""
    port = int(st.get_option("browser.serverPort") or st.get_option("server.port") or 8501)
    try:
        browser_url = st.context.url
    except Exception:  # outside a browser session (tests, scripts): no address to read
        browser_url = None
    return room.choose_join_address(config.base_url(), browser_url, network.lan_address(), port)


def join_link(workshop: dict, address: room.JoinAddress | None = None) -> str:
    """The link participants open to join this workshop."""
    return f"{(address or join_address()).base}/?join={workshop['join_code']}"


UNREACHABLE = N_(
    "Phones in the room cannot open this address: it only works on this computer. Connect this "
    "computer to the room's network, or start the app with {setting} set to the address "
    "phones can reach (for example {example})."
)


def join_panel(workshop: dict) -> None:
    """The workshop code, link and QR code to put on the screen, and what to fix when phones cannot open it."""
    address = join_address()
    link = join_link(workshop, address)
    st.write(
        t(
            "Show this on the screen. Participants scan the code with their phone, open the link, "
            "or go to the app and type the workshop code."
        )
    )
    if not address.reachable:
        st.warning(t(UNREACHABLE, setting="AIADOPT_BASE_URL", example="http://192.168.1.20:8501"))
    code_column, qr_column = st.columns([3, 2])
    with code_column:
        st.caption(t("Workshop code"))
        st.markdown(big_code(workshop["join_code"]), unsafe_allow_html=True)
        st.caption(t("Link"))
        st.code(link, language=None)
    with qr_column:
        qr_image(link, "260px")
        st.caption(t("Scan to join"))
    if not room.joinable(workshop):
        st.warning(t("The workshop is closed: the link takes no newcomers until you move the room to another phase."))
    st.caption(
        t(
            "Participants see only the page for adding their own pain points and voting, never the facilitator "
            "pages or other people's names."
        )
    )


QR_ALT = N_("QR code: scan it with your phone's camera to join the workshop")


def qr_image(link: str, size_css: str) -> None:
    """The join link's QR code, `size_css` wide (a CSS length), with words for those who cannot see it."""
    picture = base64.b64encode(join_qr(link)).decode("ascii")
    st.html(
        f'<img src="data:image/png;base64,{picture}" alt="{html.escape(t(QR_ALT))}" '
        f'style="width:{size_css};height:auto;image-rendering:pixelated;display:block;margin:auto">'
    )


def join_bar(workshop: dict, address: room.JoinAddress) -> None:
    """'Go to <address> and type <code>', one line at any projector width (it shrinks, never wraps)."""
    code = workshop["join_code"]
    if not code.isalnum():
        raise ValueError("join codes are letters and digits")
    where = html.escape(address.base.removeprefix("http://").removeprefix("https://"))
    st.html(
        '<div style="white-space:nowrap;overflow:hidden;font-size:clamp(1rem,2.7vw,3.4rem);line-height:1.25;'
        f'background:#F1F5F4;border-radius:0.6rem;padding:0.3em 0.6em;color:{INK}">'
        + t(
            "Join: go to {address} and type {code}",
            address=f"<b>{where}</b>",
            code=f'<b style="letter-spacing:0.12em">{code}</b>',
        )
        + "</div>"
    )


def countdown(state: room.RoomState, size_px: int = 28) -> None:
    """The timer, counting down in the browser to the stored end, so every screen reaches 0:00 together."""
    ends = state.timer_ends_at
    if ends is None:
        return
    end_ms = int(ends.timestamp() * 1000)
    start_text = room.clock_text(state.timer_remaining)
    label_px = max(12, size_px // 3)
    time_left = html.escape(t("Time left"))
    # Our own markup and numbers only: nothing a person typed goes in here.
    components.html(
        f"""<div style="font-family:system-ui,sans-serif;color:{INK}">
<div style="font-size:{label_px}px;color:{CHART_MUTED}">{time_left}</div>
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


def room_now(db: Database, workshop: dict) -> room.RoomState:
    """The room as this page is drawn (the page follows when its version moves on: `watch_room`)."""
    state = room_state(db, workshop["id"])
    st.session_state["room_version"] = state.version
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
    signs = st.session_state.get("room_signs_of_life", 0)
    every = room.FIRST_SEEN_AGAIN_SECONDS if signs == 1 else room.SEEN_EVERY_SECONDS
    if time.monotonic() - st.session_state.get("room_seen_at", -1e9) > every:
        mark_seen(db, workshop_id, token)
        st.session_state["room_seen_at"] = time.monotonic()
        st.session_state["room_signs_of_life"] = signs + 1
    if state.version != st.session_state.get("room_version"):
        st.session_state["room_version"] = state.version
        target = participant_page_file(state.phase)
        if st.session_state.get("participant_page") != target:
            st.switch_page(target)
        st.rerun(scope="app")
    countdown(state)


PRESENTER_SECONDS = 2  # the presenter view follows the room this often
SHORTCUTS = {"next": "n", "minute": "m", "reveal": "v", "hide": "h", "qr": "q"}  # R and C are Streamlit's own keys


def _do(action, said: str | None = None) -> None:
    """A presenter's action: done at the first click, then the view is drawn again from the room."""
    try:
        result = action()
    except REFUSALS as problem:
        show_problem(problem)
        return
    # `said` is in the presenter's language already; a service's words (a Message) are said in it here.
    st.session_state["presenter_said"] = said or (t(result) if isinstance(result, str) else "")
    rerun("fragment")


def _jump(workshop_id: int) -> None:
    """The 'Go to a phase' choice, acted on at once and cleared (the control never shows a stale phase)."""
    chosen = st.session_state.get("presenter_jump")
    st.session_state["presenter_jump"] = None
    if chosen:
        try:
            st.session_state["presenter_said"] = t(open_phase(open_database(), workshop_id, chosen))
        except REFUSALS as problem:
            st.session_state["presenter_said"] = problem_text(problem)


@st.fragment(run_every=PRESENTER_SECONDS)
def presenter(workshop_id: int) -> None:
    """The facilitator's own screen, never the projected one: the room as it is now, redrawn every two
    seconds, and every control acting on its first click (keyboard shortcuts in SHORTCUTS)."""
    db = open_database()  # a fragment run is a new thread: its own connection
    try:
        state = room_state(db, workshop_id)
    except ServiceError as gone:
        show_problem(gone)
        return
    phase, upcoming = state.phase, room.next_phase(state.phase)
    st.markdown(
        "  →  ".join(f"**:green-background[{t(p.label)}]**" if p is phase else t(p.label) for p in room.PHASES),
        help=t("Every participant's screen follows the phase within a few seconds, without a refresh."),
    )
    said = st.session_state.pop("presenter_said", "")
    if said:
        st.success(said)
    counts = presence(db, workshop_id)
    numbers = st.columns([1, 1, 1, 1.4])
    numbers[0].metric(t("Joined"), number(counts["joined"]))
    numbers[1].metric(
        t("Active now"), number(counts["active"]), help=t("Their screen checked in within the last minute.")
    )
    if phase.shows(room.PANEL_VOTERS):
        numbers[2].metric(t("Have voted"), number(voters(db, workshop_id)))
    else:
        numbers[2].metric(t("Done"), number(counts["done"]), help=t("They pressed 'I'm done'."))
    with numbers[3]:
        countdown(state, size_px=40)
    closes = st.checkbox(t("Close the phase when its time is up"), key="presenter_closes")
    if upcoming is not None:
        moves = st.columns([1.6, 1.3, 1.3, 2])
        if moves[0].button(
            t("Next: {phase}", phase=t(upcoming.label)),
            key="presenter_next",
            type="primary",
            shortcut=SHORTCUTS["next"],
            width="stretch",
        ):
            _do(lambda: open_phase(db, workshop_id, upcoming.key))
        if upcoming.opens_entries or upcoming.opens_voting:
            for column, minutes in zip(moves[1:3], (3, 5)):
                label = t("{phase}, {minutes} min", phase=t(upcoming.label), minutes=minutes)
                if column.button(label, key=f"presenter_next_{minutes}", width="stretch"):
                    _do(
                        lambda minutes=minutes: open_phase(
                            db, workshop_id, upcoming.key, minutes=minutes, closes_phase=closes
                        )
                    )
    timing = st.columns([1, 1, 1, 1, 1.3, 1.2])
    for column, minutes in zip(timing, room.TIMER_PRESETS):
        label = t("{minutes} min", minutes=minutes)
        if column.button(label, key=f"presenter_timer_{minutes}", icon=":material/timer:", width="stretch"):
            _do(
                lambda minutes=minutes: start_timer(db, workshop_id, minutes, closes),
                t("A {minutes}-minute timer runs.", minutes=minutes),
            )
    running = state.timer_ends_at is not None
    if timing[4].button(t("+1 min"), key="presenter_extend", disabled=not running, shortcut=SHORTCUTS["minute"]):
        _do(lambda: extend_timer(db, workshop_id), t("One more minute."))
    if timing[5].button(t("Stop timer"), key="presenter_stop", disabled=not running):
        _do(lambda: stop_timer(db, workshop_id), t("The timer is stopped; the phase stays open."))
    screen = st.columns([1.4, 1.2, 1.2, 1.6])
    if screen[0].button(
        t("Hide the large QR") if state.qr_shown else t("Show the QR large"),
        key="presenter_qr",
        shortcut=SHORTCUTS["qr"],
    ):
        _do(lambda: show_qr(db, workshop_id, not state.qr_shown))
    if phase.shows(room.PANEL_RESULTS):
        revealed = state.results_revealed
        if screen[1].button(t("Reveal the next"), key="presenter_reveal", shortcut=SHORTCUTS["reveal"]):
            _do(lambda: reveal_results(db, workshop_id, (revealed if revealed >= 0 else 10) + 1))
        if screen[2].button(t("Reveal all"), key="presenter_reveal_all"):
            _do(lambda: reveal_results(db, workshop_id, -1))
        if screen[3].button(t("Hide the results"), key="presenter_hide", shortcut=SHORTCUTS["hide"]):
            _do(lambda: reveal_results(db, workshop_id, 0))
    st.segmented_control(
        t("Or go to a phase"),
        [p.key for p in room.PHASES if p is not phase],
        format_func=in_this_language(lambda key: t(room.PHASES_BY_KEY[key].label)),
        key="presenter_jump",
        on_change=_jump,
        args=(workshop_id,),
    )
    ranking = state.ranking or room.room_ranking_of("")
    st.caption(
        t(
            "The projector's results follow the {weights} weights (choose another ranking on Rank). "
            "Keys: N next phase, M one more minute, V reveal the next result, H hide the results, Q the large QR.",
            weights=t(ranking.name),
        )
    )


def anonymity_switch(db: Database, workshop: dict, key: str) -> None:
    """Switch anonymity for the workshop."""
    wanted = st.toggle(
        t("Anonymous workshop"),
        value=bool(workshop.get("anonymous")),
        key=f"{key}_anonymous_{workshop['id']}",
        help=t(
            "When on, participants are asked no names (neither who reported an entry nor a volunteer owner), "
            "and the change log does not say which participant did what."
        ),
    )
    if wanted != bool(workshop.get("anonymous")):
        set_anonymous(db, workshop["id"], wanted)
        flash(t("Anonymity is on: no names are asked from now on.") if wanted else t("Anonymity is off."))
        st.rerun()
