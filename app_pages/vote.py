"""Participant page: spend a fixed number of votes on the candidate workflows."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.domain.voting import dots_to_store
from aiadopt.services.participants import stored_participant
from aiadopt.services.voting import (
    FACILITATORS_DO_NOT_VOTE,
    may_place_votes,
    set_participant_votes,
    votes_of_participant,
)

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
            ui.t(
                "The problems changed while you were voting (the facilitator grouped or changed some). "
                "Check your votes below and save again."
            ),
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
        total = set_participant_votes(
            db,
            workshop_id,
            participant_id,
            dots_to_store(final, current.groups),
            by_facilitator=ui.signed_in_as_facilitator(),
        )
    except ui.REFUSALS as problem:
        st.session_state[OUTCOME] = ("error", ui.problem_words(problem))
    else:
        st.session_state[OUTCOME] = (
            "success",
            ui.tn("Saved: {total} of {n} vote.", "Saved: {total} of {n} votes.", allowed, total=total),
        )
        st.session_state[PAGE] = st.session_state.get(PAGE, 0) + move


db = ui.database()
ui.use_language()  # the link's, the chooser's or the browser's, for what is said before the workshop is known
workshop, participant = ui.participant_context(db)
ui.participant_language(workshop)
st.session_state["participant_page"] = "app_pages/vote.py"
state = ui.room_now(db, workshop)

st.title(ui.t("Vote: what should be fixed first?"))
ui.language_chooser()
ui.watch_room(workshop, participant)
ui.show_flashes()
if state.entries_open:
    st.page_link(
        "app_pages/contribute.py",
        label=ui.t("Add or change your pain points"),
        icon=":material/edit_note:",
        query_params=ui.participant_link(workshop, participant) | ui.language_query(),
    )
if not state.voting_open:
    st.session_state.pop(OUTCOME, None)
    st.info(ui.t(room.vote_page_message(state)))
    st.stop()

stored = votes_of_participant(db, workshop["id"], participant["id"]) if participant["id"] else {}
if not may_place_votes(workshop, ui.signed_in_as_facilitator()):
    # This browser signed in as a facilitator before opening the join link, and the workshop leaves the
    # votes to the participants: no ballot; votes it placed before the choice can be taken back.
    st.info(ui.t("You are signed in as a facilitator.") + " " + ui.t(FACILITATORS_DO_NOT_VOTE))
    if stored and st.button(ui.t("Take back this browser's votes ({n})", n=sum(stored.values())), key="vote_take_back"):
        ui.act(
            lambda: set_participant_votes(db, workshop["id"], participant["id"], {}, by_facilitator=True),
            ui.t("Your votes were taken back."),
        )
    st.stop()

allowed = int(workshop["dots_per_participant"])
ballot = ui.ballot(db, workshop["id"])
if not ballot.lines:
    st.info(ui.t("There is nothing to vote on yet."))
    st.stop()

mine = ballot.votes_on_lines(stored)
spent = sum(mine.values())
ui.votes_summary(allowed, spent, sum(stored.values()))

query = st.text_input(ui.t("Find a problem"), key="vote_query", placeholder=ui.t("A word from the title"))
matching = ballot.shown_to(participant["token"], query)  # each person's own order, the same at every visit
if st.session_state.get("vote_query_seen") != query:  # a new search starts on its first page
    st.session_state["vote_query_seen"] = query
    st.session_state[PAGE] = 0
pages = max(1, -(-len(matching) // PAGE_SIZE))
page = min(max(int(st.session_state.get(PAGE, 0)), 0), pages - 1)
shown = matching[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
if pages > 1:
    first = page * PAGE_SIZE + 1
    st.caption(
        ui.t(
            "Problems {first}–{last} of {total}. Moving to other problems saves these votes.",
            first=first,
            last=first + len(shown) - 1,
            total=len(matching),
        )
    )
with st.form("vote_form"):
    # Ten problems at a time, their words prepared once per ballot: a whole room opens this page
    # at the same moment, and every number box drawn costs the server about 0.5 ms (py-spy,
    # bench/live_room.py). Headings and labels are Markdown, so their words were made inert when the
    # ballot was built; the box keeps the title as its label for screen readers.
    for line in shown:
        with st.container(gap=None):  # the box right under its words, the next problem a gap away
            st.markdown(line.heading, help=line.raised_by)
            st.number_input(
                line.label,
                min_value=0,
                max_value=allowed,
                step=1,
                value=min(mine.get(line.candidate_id, 0), allowed),
                key=f"vote_{line.candidate_id}",
                label_visibility="collapsed",
            )
    ids = tuple(line.candidate_id for line in shown)
    st.form_submit_button(
        ui.t("Save my votes"), type="primary", on_click=save_votes, args=(workshop["id"], participant, allowed, ids)
    )
    if pages > 1:
        backward, forward = st.columns(2)
        backward.form_submit_button(
            ui.t("Previous problems"),
            icon=":material/chevron_left:",
            disabled=page == 0,
            on_click=save_votes,
            args=(workshop["id"], participant, allowed, ids, -1),
            width="stretch",
        )
        forward.form_submit_button(
            ui.t("Next problems"),
            icon=":material/chevron_right:",
            disabled=page >= pages - 1,
            on_click=save_votes,
            args=(workshop["id"], participant, allowed, ids, 1),
            width="stretch",
        )
if OUTCOME in st.session_state:
    kind, message = st.session_state.pop(OUTCOME)
    getattr(st, kind)(ui.escape_markdown(message))
