"""Who is at the screen (facilitator, participant, guest), their workshop, and messages for them."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from typing import Literal, NoReturn, TypeVar

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

from aiadopt import config, i18n
from aiadopt.domain.accounts import OBSERVER, Account
from aiadopt.domain.language import N_, SOURCE_LANGUAGE
from aiadopt.domain.pain_points import ValidationError
from aiadopt.formats import safe_text
from aiadopt.formats.qr import join_qr_png
from aiadopt.i18n import t
from aiadopt.services import accounts, permissions
from aiadopt.services.access import Client
from aiadopt.services.database import Database, SaveFailed, open_database
from aiadopt.services.errors import ServiceError
from aiadopt.services.languages import workshop_language
from aiadopt.services.participants import (
    join_workshop,
    new_visitor,
    participant_for_token,
    visitor_for_token,
    workshop_for_join_code,
)
from aiadopt.services.workshops import get_workshop
from aiadopt.ui import language, web
from aiadopt.ui.language import problem_words

ROLE_FACILITATOR = "facilitator"  # the owner, or a facilitator
ROLE_OBSERVER = "observer"
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
    """A connection for this script run (sqlite3 objects are bound to their thread), marked with who is
    at the screen: the services check what they may do (`services.permissions`)."""
    db = open_database()
    if role() == ROLE_PARTICIPANT:
        return permissions.act_as(db, permissions.PARTICIPANT)
    return permissions.act_as(db, signed_in_account(db) or permissions.PARTICIPANT)


SESSION_COOKIE = "aiadopt_session"  # set HttpOnly by aiadopt/ui/web.py, never readable by scripts


def session_token() -> str:
    """This browser's session cookie ('' when it has none)."""
    try:
        value = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # outside a browser session: no cookies
        return ""
    return value if isinstance(value, str) else ""  # (a test harness may hand over something else)


def signed_in_account(db: Database) -> Account | None:
    """The account signed in on this browser: its session cookie (which survives a refresh, for 12
    hours, until sign-out or the owner ends it), else this tab's own sign-in moments ago."""
    token = session_token()
    if token:
        found = accounts.session_account(db, token)
        if found is None:
            st.session_state.pop("account_id", None)  # ended on the server: signed out everywhere
            return None
        st.session_state["account_id"] = found.id
        return found
    account_id = st.session_state.get("account_id")
    return accounts.account(db, int(account_id)) if account_id else None


def escape_markdown(text: object, one_line: bool = False) -> str:
    """Make user text inert inside a Markdown element: no links, images, HTML or formatting."""
    return safe_text.escape_markdown(text, one_line=one_line)


def big_code(code: str) -> str:
    """HTML for a join code large enough to read from the back of a room (codes are A-Z, 2-9 only)."""
    if not code.isalnum():
        raise ValueError("join codes are letters and digits")
    return f'<div style="font-size:5.5rem;font-weight:700;letter-spacing:0.25em;line-height:1.1">{code}</div>'


def role() -> str:
    """Who is using this browser session: participant (join link), facilitator, observer or guest."""
    if st.query_params.get("join"):
        return ROLE_PARTICIPANT
    who = signed_in_account(open_database())
    if who is not None:
        return ROLE_OBSERVER if who.role == OBSERVER else ROLE_FACILITATOR
    # Moving between a participant's pages drops the address's query; the session remembers.
    if st.session_state.get("participant_join"):
        return ROLE_PARTICIPANT
    return ROLE_GUEST


def signed_in_as_facilitator() -> bool:
    """Whether this browser session is signed in to an account (even while it shows a join link's pages)."""
    return signed_in_account(open_database()) is not None


def may_change(db: Database, workshop_id: int) -> bool:
    """Whether the person at the screen may change this workshop (pages draw no edit control otherwise)."""
    return permissions.may_change(db, workshop_id)


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
            # A reload before a first save: the same visitor; else a new one (no row until their first save).
            participant = visitor_for_token(db, workshop["id"], token) or new_visitor(db, workshop["id"])
    except ServiceError as problem:
        st.title(t("Join a workshop"))
        st.error(escape_markdown(problem_words(problem)))
        if st.button(t("Enter a different code"), key="participant_other_code"):
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


def require_facilitator(observers_too: bool = False) -> None:
    """Stop the page unless a facilitator (or, where it only reads, an observer) signed in: pages check
    again, not only navigation; the services check each workshop."""
    allowed = (ROLE_FACILITATOR, ROLE_OBSERVER) if observers_too else (ROLE_FACILITATOR,)
    if role() not in allowed:
        st.error(t("This page is for the workshop's facilitators. Please sign in."))
        st.stop()


def facilitator_page(title: str, intro: str = "", observers_too: bool = False) -> tuple[Database, dict]:
    """The common start of a facilitator page: role check, database, chosen workshop, title, messages."""
    require_facilitator(observers_too)
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
            st.info(t("Start or choose a workshop on the Set up page first."))
        return None
    try:
        return get_workshop(db, workshop_id)
    except ServiceError as missing:
        st.session_state.pop("workshop_id", None)
        if not quiet:
            st.warning(problem_words(missing))
        return None


def flash(message: str, kind: str = "success") -> None:
    """Show a message after the next rerun (for confirmations that survive st.rerun)."""
    st.session_state.setdefault("_flash", []).append((kind, message))


def show_flashes() -> None:
    """Render and clear queued confirmations, in one block whether there are none or several: what
    follows keeps its place on the page from one run to the next, so the browser keeps it as it is (a
    chosen tab, a half-typed form) instead of drawing it anew."""
    with st.container():
        for kind, message in st.session_state.pop("_flash", []):
            getattr(st, kind)(message)


def problem_text(problem: Exception) -> str:
    """What went wrong, in the words the rules gave it and this session's language (every field's
    message for a form)."""
    return problem_words(problem)


# What a person's action can meet besides a bug: their input refused, a rule, or a write that failed.
REFUSALS: tuple[type[Exception], ...] = (ValidationError, ServiceError, SaveFailed)


def show_problem(problem: Exception) -> None:
    """An error message for the person at the screen; any words they typed stay inert."""
    st.error(escape_markdown(problem_text(problem)))


T = TypeVar("T")


def act(
    action: Callable[[], T],
    done: str | Callable[[T], str] = "",
    kind: str = "success",
    problems: tuple[type[Exception], ...] = (),
) -> None:
    """Do what the person asked: on success say so (after the page is drawn again), else show the
    problem in plain words and keep everything on the screen as it is (`problems`: more refusals
    that carry a message for the person, besides invalid input and the services' refusals)."""
    refusals: tuple[type[Exception], ...] = (ValidationError, ServiceError, SaveFailed, *problems)
    try:
        result = action()
    except refusals as problem:
        show_problem(problem)
        return
    message = done(result) if callable(done) else done
    if message:
        flash(message, kind)
    st.rerun()


def purge_after_days() -> int:
    """How old deleted rows must be before they are purged, as configured (AIADOPT_PURGE_AFTER_DAYS)."""
    return config.purge_after_days()


def generation(key: str) -> int:
    """Which copy of a form or upload box is on the screen: a new copy starts empty."""
    return int(st.session_state.get(f"{key}_generation", 0))


def next_generation(key: str) -> None:
    """Replace a form or upload box by a fresh, empty copy (after what it held was saved)."""
    st.session_state[f"{key}_generation"] = generation(key) + 1


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


def organisation_sign_in_offered() -> bool:
    """Whether `.streamlit/secrets.toml` configures the organisation's sign-in ([auth])."""
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"].get("client_id") or len(st.secrets["auth"]) > 1)
    except Exception:  # no secrets file
        return False


def complete_sign_in(db: Database, account_id: int, how: str = "password") -> NoReturn:
    """Signed in: this tab at once, and the browser gets its session cookie (a one-time code it hands
    to /auth/handoff in a form's body, so a refresh keeps the sign-in for 12 hours)."""
    st.session_state["account_id"] = account_id
    try:
        code = accounts.start_session(db, account_id, how)
    except SaveFailed:  # a full or read-only disk: this tab is signed in, a refresh will ask again
        flash(
            t("Signed in on this tab only: the server cannot keep sign-ins right now, so a refresh asks again."),
            "warning",
        )
        st.rerun()
    st.success(t("Signed in. Opening your workshops…"))
    st.html(web.post_to(web.HANDOFF_PATH, {"code": code}), unsafe_allow_javascript=True, width="content")
    st.stop()


def act_and_sign_in(db: Database, action: Callable[[], int], greeting: str) -> None:
    """Make an account (set-up code or invitation), then sign it in; refusals in plain words."""
    try:
        account_id = action()
    except REFUSALS as problem:
        show_problem(problem)
        return
    complete_sign_in(db, account_id)


def adopt_organisation_sign_in(db: Database) -> None:
    """Someone the organisation's sign-in vouched for (Streamlit's st.user): their account signs in,
    made under the owner's rules if new; a refusal, or a sign-in older than 12 hours, says why."""
    try:
        identity = st.user
        if not identity.is_logged_in:
            return
    except Exception:  # the organisation's sign-in is not configured
        return
    email = str(identity.get("email") or "")
    if not email:
        st.session_state["organisation_refused"] = N_("The organisation's sign-in did not say who you are (no e-mail).")
        return
    try:
        account = accounts.organisation_account(db, email, str(identity.get("name") or ""), _groups(identity))
    except REFUSALS as problem:
        st.session_state["organisation_refused"] = problem_text(problem)
        return
    if not accounts.still_signed_in(db, account.id, float(str(identity.get("iat") or 0))):
        st.session_state["organisation_refused"] = N_("Your sign-in has ended: please sign in again.")
        return
    complete_sign_in(db, account.id, "organisation")


def _groups(identity) -> list[str]:
    groups = identity.get("groups") or []
    return [str(g) for g in groups] if isinstance(groups, list) else [str(groups)]


def sign_out(db: Database) -> NoReturn:
    """Sign out: the session ends on the server, this tab forgets it, the cookie goes (and the
    organisation's sign-in too, when it was used)."""
    token = session_token()
    who = signed_in_account(db)
    if token:
        accounts.end_session(db, token)
    elif who is not None:
        accounts.end_sessions_of(db, who.id)
    st.session_state.clear()
    # The browser posts to /auth/sign-out, which deletes the cookie (and passes through the organisation's
    # sign-out when it was used); a rerun here would take the page away before the post leaves.
    st.info(i18n.t("Signing out…"))
    st.html(web.post_to(web.SIGN_OUT_PATH, {}), unsafe_allow_javascript=True, width="content")
    st.stop()


# --- The facilitator's own language -----------------------------------------------------------------

_SEEN_LANGUAGE_KEY = "app_language_saved"  # the account's language as this session last read it

# The navigation's words. app.py names each page's title as a plain literal in `st.Page` (the tests read
# them from its source), so they are marked here for the catalogues; `in_language` translates them.
NAVIGATION_WORDS = (
    N_("Add pain points"),
    N_("Vote"),
    N_("Audit"),
    N_("Rank"),
    N_("Pilot charter"),
    N_("Pilots"),
    N_("Set up"),
    N_("Team"),
    N_("Interview guide"),
    N_("Import pain points"),
    N_("Back up and restore"),
    N_("Run the room"),
    N_("Projector"),
    N_("Interview"),
    N_("Pain points"),
    N_("Consolidate"),
    N_("Across workshops"),
    N_("Change log"),
    N_("Personal data"),
    N_("Join a workshop"),
    N_("Sign in"),
)

PageSpec = TypeVar("PageSpec", list, dict)


def in_language(pages: PageSpec) -> PageSpec:
    """The navigation's pages (a list, or sections of lists) titled in this session's language; each
    page's address and identity come from its file name, so they stay the same in every language."""
    for page in pages.values() if isinstance(pages, dict) else [pages]:
        for one in page if isinstance(page, list) else []:
            one._title = t(one.title)  # st.Page offers no setter; its title is only what the menu shows
    return pages


def facilitator_language(db: Database, account: Account) -> str:
    """This run's language for someone signed in: the one kept on their account (chosen on any device),
    else the browser's. A choice just made with the chooser is kept on the account first."""
    saved = account.language
    chosen = st.session_state.get(language.CHOSEN_KEY)
    seen = st.session_state.get(_SEEN_LANGUAGE_KEY)
    if seen == saved and chosen and chosen != saved:  # chosen here since the last run
        with contextlib.suppress(*REFUSALS):  # not kept (a full disk): this session keeps it all the same
            saved = accounts.set_account_language(db, account, account.id, chosen)
    elif seen != saved:  # this session's first run, or chosen on another device since
        if saved:
            st.session_state[language.CHOSEN_KEY] = saved
        else:
            st.session_state.pop(language.CHOSEN_KEY, None)
    st.session_state[_SEEN_LANGUAGE_KEY] = saved
    return language.use_language(saved or SOURCE_LANGUAGE)


def workshop_language_choice(workshop: dict) -> str:
    """The workshop's language, chosen among those offered, each named in itself (Set up's details)."""
    offered = list(i18n.available_languages())
    current = workshop_language(workshop)
    chosen = st.selectbox(
        t("Workshop language"),
        offered,
        index=offered.index(current) if current in offered else 0,
        format_func=i18n.language_name,
        key=f"setup_language_{workshop['id']}",
    )
    st.caption(
        t(
            "The default for participants' screens (each person may switch to their own), and the language of "
            "the workshop's files: exports, charter and reports."
        )
    )
    return str(chosen)
