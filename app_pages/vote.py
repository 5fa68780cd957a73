"""Participant page: spend a fixed number of votes on the candidate workflows."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.voting import candidate_votes, dots_to_store, open_for_voting
from aiadopt.services.errors import ServiceError
from aiadopt.services.voting import set_participant_votes, votes_of_participant

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
state = ui.ballot_candidates(db, workshop["id"])
groups = state.groups
candidates = open_for_voting(state.candidates)
if candidates.empty:
    st.info("There is nothing to vote on yet.")
    st.stop()

votable = set(candidates["candidate_id"])
mine = {
    cid: dots
    for cid, dots in candidate_votes(groups, votes_of_participant(db, workshop["id"], participant["id"])).items()
    if cid in votable
}
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
words = query.casefold().split()
shown = (
    candidates[candidates["title"].str.casefold().map(lambda t: all(w in t for w in words))] if words else candidates
)
shown = shown.sort_values("title", key=lambda s: s.str.casefold())

with st.form("vote_form"):
    chosen: dict[int, int] = {}
    # One element per problem: a whole room opens this page at the same moment, and every element
    # drawn costs the server (measured with bench/live_room.py). Titles are made inert: a label is Markdown.
    for row in shown.itertuples():
        chosen[int(row.candidate_id)] = st.number_input(
            ui.escape_markdown(row.title),
            min_value=0,
            max_value=allowed,
            step=1,
            value=min(mine.get(int(row.candidate_id), 0), allowed),
            key=f"vote_{row.candidate_id}",
            help=ui.escape_markdown("Raised by " + ", ".join(row.departments)),
        )
    submitted = st.form_submit_button("Save my votes", type="primary")
if submitted:
    # Votes on problems hidden by the search stay as they were.
    final = {cid: dots for cid, dots in mine.items() if cid not in chosen} | chosen
    try:
        total = set_participant_votes(db, workshop["id"], participant["id"], dots_to_store(final, groups))
    except (ValidationError, ServiceError) as problem:
        ui.show_problem(problem)
    else:
        ui.flash(f"Saved: {total} of {allowed} votes.")
        st.rerun()
