"""Who is at the screen (facilitator, participant, guest), their workshop, and messages for them."""

from __future__ import annotations

import contextlib
import gc
from typing import Literal, NoReturn

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

from aiadopt.formats import safe_text
from aiadopt.formats.qr import join_qr_png
from aiadopt.services.access import Client
from aiadopt.services.database import Database, open_database
from aiadopt.services.errors import ServiceError
from aiadopt.services.participants import (
    join_workshop,
    new_visitor,
    participant_for_token,
    workshop_for_join_code,
)
from aiadopt.services.workshops import get_workshop

ROLE_FACILITATOR = "facilitator"
ROLE_PARTICIPANT = "participant"
ROLE_GUEST = "guest"


def client() -> Client:
    """This browser session and its network address, for slowing down guessing per client.

    Behind the room's proxy every browser comes from this machine; the proxy passes the real address
    on (a header trusted only from a local connection, so a remote browser cannot choose its own).
    """
    address = st.context.ip_address
    address = address if isinstance(address, str) else ""  # (a test harness may hand over something else)
    if not address:
        address = str(st.context.headers.get("X-Forwarded-For") or "").split(",")[0].strip()
    run = get_script_run_ctx()
    return Client(address=address, session=run.session_id if run else "")


def database() -> Database:
    """A connection for this script run (sqlite3 objects are bound to their thread)."""
    return open_database()


def escape_markdown(text: object) -> str:
    """Make user text inert inside a Markdown element: no links, images, HTML or formatting."""
    return safe_text.escape_markdown(text)


def big_code(code: str) -> str:
    """HTML for a join code large enough to read from the back of a room (codes are A-Z, 2-9 only)."""
    if not code.isalnum():
        raise ValueError("join codes are letters and digits")
    return f'<div style="font-size:5.5rem;font-weight:700;letter-spacing:0.25em;line-height:1.1">{code}</div>'


def role() -> str:
    """Who is using this browser session: participant (join link), facilitator or guest."""
    if st.query_params.get("join"):
        return ROLE_PARTICIPANT
    if st.session_state.get("facilitator_signed_in"):
        return ROLE_FACILITATOR
    # Moving between a participant's pages drops the address's query; the session remembers.
    if st.session_state.get("participant_join"):
        return ROLE_PARTICIPANT
    return ROLE_GUEST


def participant_context(db: Database) -> tuple[dict, dict]:
    """The workshop of this join link and the participant of this browser; stops with a message if invalid.

    A participant's identity lives in their link (`?me=...`), so a refresh keeps their entries.
    """
    code = st.query_params.get("join") or st.session_state.get("participant_join", "")
    token = st.query_params.get("me") or st.session_state.get("participant_token", "")
    try:
        # Someone who already has their link keeps seeing their entries after the workshop closes.
        if code and code == st.session_state.get("participant_join"):
            workshop = workshop_for_join_code(db, code, allow_closed=True)
        else:  # a code this browser has not used yet: wrong ones slow it down
            workshop = join_workshop(db, code, client(), allow_closed=True)
        participant = participant_for_token(db, workshop["id"], token)
        known = bool(token) and token == st.session_state.get("participant_token")
        if participant is None and known and workshop["join_code"] == st.session_state.get("participant_join"):
            # This browser's own link, before anything was saved: the same person, even after a close.
            participant = {"id": None, "workshop_id": workshop["id"], "token": token, "done_at": None}
        elif participant is None:
            workshop_for_join_code(db, code)  # a newcomer needs the workshop open
            participant = new_visitor(db, workshop["id"])  # no row until their first save
    except ServiceError as problem:
        st.title("Join a workshop")
        st.error(str(problem))
        if st.button("Enter a different code", key="participant_other_code"):
            st.query_params.clear()
            for key in ("participant_join", "participant_token"):
                st.session_state.pop(key, None)
            st.rerun()
        st.stop()
    st.session_state["participant_join"] = workshop["join_code"]
    st.session_state["participant_token"] = participant["token"]
    link = participant_link(workshop, participant)
    if {k: st.query_params.get(k) for k in link} != link:
        st.query_params.update(link)  # the address always carries the participant's identity
    return workshop, participant


def participant_link(workshop: dict, participant: dict) -> dict[str, str]:
    """The query of a participant's personal link (a refresh keeps their identity)."""
    return {"join": workshop["join_code"], "me": participant["token"]}


def require_facilitator() -> None:
    """Stop the page unless a facilitator signed in: pages check again, not only navigation."""
    if role() != ROLE_FACILITATOR:
        st.error("This page is for the workshop facilitator. Please sign in.")
        st.stop()


def facilitator_page(title: str, intro: str = "") -> tuple[Database, dict]:
    """The common start of a facilitator page: role check, database, chosen workshop, title, messages."""
    require_facilitator()
    db = database()
    workshop = selected_workshop(db)
    if workshop is None:
        st.stop()
    st.title(title)
    if intro:
        st.write(intro)
    show_flashes()
    return db, workshop


def selected_workshop(db: Database, quiet: bool = False) -> dict | None:
    """The workshop the facilitator is working on, or None (with a message unless `quiet`)."""
    workshop_id = st.session_state.get("workshop_id")
    if workshop_id is None:
        if not quiet:
            st.info("Start or choose a workshop on the Set up page first.")
        return None
    try:
        return get_workshop(db, workshop_id)
    except ServiceError as missing:
        st.session_state.pop("workshop_id", None)
        if not quiet:
            st.warning(str(missing))
        return None


def flash(message: str, kind: str = "success") -> None:
    """Show a message after the next rerun (for confirmations that survive st.rerun)."""
    st.session_state.setdefault("_flash", []).append((kind, message))


def show_flashes() -> None:
    """Render and clear queued confirmations."""
    for kind, message in st.session_state.pop("_flash", []):
        getattr(st, kind)(message)


def problem_text(problem: Exception) -> str:
    """What went wrong, in the words the rules gave it (every field's message for a form)."""
    errors = getattr(problem, "errors", None)
    return " ".join(errors.values()) if errors else str(problem)


def show_problem(problem: Exception) -> None:
    """An error message for the person at the screen; any words they typed stay inert."""
    st.error(escape_markdown(problem_text(problem)))


def workshop_label(workshop: dict) -> str:
    """A workshop's name in a picker, told apart from namesakes by its date and code."""
    parts = [workshop["name"], workshop.get("session_date") or "", workshop["join_code"]]
    return " · ".join(part for part in parts if part)


def join_qr(link: str) -> bytes:
    """A QR code (PNG) of the join link, for the screen in the room."""
    return join_qr_png(link)


def rerun(scope: Literal["app", "fragment"] = "app") -> NoReturn:
    """Rerun the fragment being drawn (a save redraws only its own part), or the page when not in one.

    A fragment's function also runs as part of a whole page run, where a fragment-scoped rerun is
    not allowed: then the page reruns.
    """
    if scope == "fragment":
        with contextlib.suppress(StreamlitAPIException):
            st.rerun(scope="fragment")
    st.rerun()


@st.cache_resource(show_spinner=False)
def settle_startup_heap() -> bool:
    """Once per server process, after the first run's imports: keep the start-up heap out of collections.

    pandas, plotly, scikit-learn and matplotlib leave hundreds of thousands of long-lived objects;
    a full garbage collection walks all of them (about 60 ms here). Frozen, they are skipped, and the
    collector only looks at what the room creates. See docs/architecture.md, "Capacity".
    """
    gc.freeze()
    return True
