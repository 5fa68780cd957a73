"""Participant page: spend a fixed number of votes on the candidate workflows."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.voting import dots_to_store
from aiadopt.services.errors import ServiceError
from aiadopt.services.participants import stored_participant
from aiadopt.services.voting import set_participant_votes, votes_of_participant

OUTCOME = "vote_outcome"
PAGE = "vote_page"
PAGE_SIZE = 10  # problems a screen draws at once: a whole room opens this page within seconds


def save_votes(workshop_id: int, participant: dict, allowed: int, shown: tuple[int, ...], move: int = 0) -> None:
    """Save the ballot before the page is drawn again: a save costs one run of the page, not two.

    A whole room saves within a minute of each other, so the second run a save used to cost
    (save, then draw again) was half the room's wait (measured with bench/live_room.py).
    """
    db = ui.database()
    current = ui.ballot(db, workshop_id)
    on_ballot = {line.candidate_id for line in current.lines}
    if not set(shown) <= on_ballot:
        st.session_state[OUTCOME] = (
            "warning",
            "The problems changed while you were voting (the facilitator grouped some). "
            "Check your votes below and save again.",
        )
        return
    chosen = {cid: int(st.session_state.get(f"vote_{cid}") or 0) for cid in shown}
    if move and participant["id"] is None and not any(chosen.values()):
        st.session_state[PAGE] = st.session_state.get(PAGE, 0) + move  # nothing to save yet
        return
    participant_id = stored_participant(db, participant)  # a first save makes the participant's row
    mine = current.votes_on_lines(votes_of_participant(db, workshop_id, participant_id))
    if move and all(mine.get(cid, 0) == dots for cid, dots in chosen.items()):
        st.session_state[PAGE] = st.session_state.get(PAGE, 0) + move  # nothing changed on this page
        return
    # Votes on problems hidden by the search stay as they were.
    final = {cid: dots for cid, dots in mine.items() if cid not in chosen} | chosen
    try:
        total = set_participant_votes(db, workshop_id, participant_id, dots_to_store(final, current.groups))
    except (ValidationError, ServiceError) as problem:
        st.session_state[OUTCOME] = ("error", ui.problem_text(problem))
    else:
        st.session_state[OUTCOME] = ("success", f"Saved: {total} of {allowed} votes.")
        st.session_state[PAGE] = st.session_state.get(PAGE, 0) + move


db = ui.database()
workshop, participant = ui.participant_context(db)
st.session_state["participant_page"] = "app_pages/vote.py"
state = ui.room_now(db, workshop)

st.title("Vote: what should be fixed first?")
ui.watch_room(workshop, participant)
ui.show_flashes()
st.page_link(
    "app_pages/contribute.py",
    label="Add or change your pain points",
    icon=":material/edit_note:",
    query_params=ui.participant_link(workshop, participant),
)
if not state["voting_open_now"]:
    st.session_state.pop(OUTCOME, None)
    if state["phase"] == room.VOTE:
        st.info("Voting has closed. Thank you: the results are on the big screen.")
    elif state["phase"] in (room.GROUP, room.RESULTS):
        st.info(room.PHASE_MESSAGES[state["phase"]])
    else:
        st.info(
            "Voting has not started yet. The facilitator will open it once everyone's pain points are in "
            "and similar ones have been grouped."
        )
    st.stop()

allowed = int(workshop["dots_per_participant"])
ballot = ui.ballot(db, workshop["id"])
if not ballot.lines:
    st.info("There is nothing to vote on yet.")
    st.stop()

mine = ballot.votes_on_lines(votes_of_participant(db, workshop["id"], participant["id"])) if participant["id"] else {}
spent = sum(mine.values())
if spent > allowed:
    st.warning(f"Each person now has {allowed} votes and you had placed {spent}. Take some back, then save again.")
st.write(
    f"You have **{allowed} votes**. Put them on the problems that cost your organisation the most; "
    "you may put several on one. Press *Save my votes* when you are done; you can change them until "
    "voting closes."
)
st.progress(min(spent / allowed, 1.0), text=f"{spent} of {allowed} votes saved")

query = st.text_input("Find a problem", key="vote_query", placeholder="A word from the title")
matching = ballot.matching(query)
if st.session_state.get("vote_query_seen") != query:  # a new search starts on its first page
    st.session_state["vote_query_seen"] = query
    st.session_state[PAGE] = 0
pages = max(1, -(-len(matching) // PAGE_SIZE))
page = min(max(int(st.session_state.get(PAGE, 0)), 0), pages - 1)
shown = matching[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
if pages > 1:
    first = page * PAGE_SIZE + 1
    st.caption(
        f"Problems {first}–{first + len(shown) - 1} of {len(matching)}. Moving to other problems saves these votes."
    )
with st.form("vote_form"):
    # Ten problems at a time, their words prepared once per ballot: a whole room opens this page
    # at the same moment, and every number box drawn costs the server about 0.5 ms (py-spy,
    # bench/live_room.py). Labels are Markdown, so titles were made inert when the ballot was built.
    for line in shown:
        st.number_input(
            line.label,
            min_value=0,
            max_value=allowed,
            step=1,
            value=min(mine.get(line.candidate_id, 0), allowed),
            key=f"vote_{line.candidate_id}",
            help=line.raised_by,
        )
    ids = tuple(line.candidate_id for line in shown)
    st.form_submit_button(
        "Save my votes", type="primary", on_click=save_votes, args=(workshop["id"], participant, allowed, ids)
    )
    if pages > 1:
        backward, forward = st.columns(2)
        backward.form_submit_button(
            "Previous problems",
            icon=":material/chevron_left:",
            disabled=page == 0,
            on_click=save_votes,
            args=(workshop["id"], participant, allowed, ids, -1),
            width="stretch",
        )
        forward.form_submit_button(
            "Next problems",
            icon=":material/chevron_right:",
            disabled=page >= pages - 1,
            on_click=save_votes,
            args=(workshop["id"], participant, allowed, ids, 1),
            width="stretch",
        )
if OUTCOME in st.session_state:
    kind, message = st.session_state.pop(OUTCOME)
    getattr(st, kind)(ui.escape_markdown(message))
