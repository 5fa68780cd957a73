"""Participant page: the room's home screen; in Capture, add pain points through the join link."""

from dataclasses import replace

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.domain.fields import ESSENTIAL_FIELDS, NAME_FIELDS
from aiadopt.domain.wording import PROBLEM_NUDGE
from aiadopt.services.audit import guide_themes
from aiadopt.services.capture import add_pain_point, list_pain_points
from aiadopt.services.errors import ServiceError
from aiadopt.services.participants import CLOSED_FOR_ENTRIES, participant_actor, stored_participant
from aiadopt.services.room import mark_done
from aiadopt.services.workshops import list_departments

db = ui.database()
workshop, participant = ui.participant_context(db)
st.session_state["participant_page"] = "app_pages/contribute.py"
state = ui.room_now(db, workshop)
phase = state["phase"]
if phase == room.VOTE and state["voting_open_now"]:
    st.switch_page("app_pages/vote.py")

st.title(ui.escape_markdown(workshop["name"]))
ui.watch_room(workshop, participant)
ui.show_flashes()
if phase != room.CAPTURE:
    st.info(room.PHASE_MESSAGES[phase])
    if phase == room.WELCOME:
        st.stop()
else:
    st.write(
        "Tell us where your work gets stuck: the slow, repetitive or error-prone parts of your "
        "week. Describe the problem as it is today, in your own words. There are no wrong answers."
    )
    if not state["entries_open"]:
        st.warning(CLOSED_FOR_ENTRIES + " Your entries are below; anything you were typing stays in the form.")
if state["voting_open_now"]:
    st.page_link(
        "app_pages/vote.py",
        label="Voting is open: spend your votes",
        icon=":material/how_to_vote:",
        query_params=ui.participant_link(workshop, participant),
    )

departments = list_departments(db, workshop["id"], include_deleted=True)
if not [d for d in departments if not d["deleted_at"]]:
    st.info("The facilitator has not added any departments yet. Please wait a moment, then refresh this page.")
    st.stop()


@st.fragment
def capture_form() -> None:
    """The form, rerun on its own when it is sent: a save does not redraw the rest of the page.

    After a save, a fresh form replaces the sent one in the same run: no second run is asked for,
    so nothing can swallow the confirmation (a second run could coincide with the room check).
    """
    here = ui.database()  # a fragment's own run is another thread: it needs its own connection
    more = st.toggle(
        "Add more detail (optional)",
        key="contribute_more_detail",
        help="How it is done today, what it takes, the information it uses, and what good would look like.",
    )
    form_options = {
        "workshop_id": workshop["id"],
        # The participant's row is made at their first save (below): a visit stores nothing.
        "context": {"participant_id": participant["id"] or 0, "source": "participant"},
        "only": None if more else ESSENTIAL_FIELDS,
        "hide": NAME_FIELDS if workshop["anonymous"] else (),
        # With more detail, a participant may say which part of the guide it answers (optional).
        "themes": guide_themes(here, workshop["id"]) if more else (),
        "rerun_scope": "fragment",
    }
    slot = st.empty()
    with slot.container():
        pain_point = ui.pain_point_form(
            "contribute_form",
            departments,
            initial={"department_id": st.session_state.get("contribute_department")},
            **form_options,
        )
    if pain_point is None:
        return
    try:
        participant_id = stored_participant(here, participant)
        pain_point = replace(pain_point, participant_id=participant_id)
        add_pain_point(here, pain_point, actor=participant_actor(participant_id, bool(workshop["anonymous"])))
    except (ServiceError, ValueError) as problem:
        ui.show_problem(problem)
        return
    st.session_state["contribute_department"] = pain_point.department_id
    ui.reset_form("contribute_form")
    with slot.container():
        ui.pain_point_form(
            "contribute_form", departments, initial={"department_id": pain_point.department_id}, **form_options
        )
    st.success("Saved. Thank you! Add another one whenever you are ready.")
    if pain_point.proposes_solution:
        st.warning(PROBLEM_NUDGE)


new_tab, mine_tab = st.tabs(["Add a pain point", "Your entries"], key="contribute_tab", on_change="rerun")
with new_tab:
    if phase == room.CAPTURE:
        capture_form()
        done = bool(participant.get("done_at"))
        if st.button(
            "I'm done for now" if not done else "I have more to add",
            key="contribute_done",
            icon=":material/check_circle:" if not done else ":material/edit:",
            help="Tells the facilitator you have added what you wanted to (you can still add more).",
        ):
            mark_done(db, participant, not done)
            participant["done_at"] = None if done else "now"
            st.rerun()
        if done:
            st.success("Thank you: the facilitator sees that you are done. You can still add more.")
    else:
        st.caption("Adding pain points is closed in this part of the workshop.")

with mine_tab:
    # Someone who has saved nothing yet has no entries (and no row to look them up by).
    mine = list_pain_points(db, workshop["id"], participant_id=participant["id"]) if participant["id"] else []
    st.caption("Only you and the facilitator see your entries.")
    st.dataframe(
        ui.pain_point_frame(
            mine,
            {
                "id": "No.",
                "department": "Department",
                "title": "Pain point",
                "frequency": "How often",
                "minutes_per_occurrence": "Minutes each",
                "people_count": "People",
            },
        ),
        hide_index=True,
        width="stretch",
    )
    ui.manage_entries(
        db,
        mine,
        key="contribute_mine",
        departments=departments,
        workshop_id=workshop["id"],
        actor=participant_actor(participant["id"] or 0, bool(workshop["anonymous"])),
        participant_id=participant["id"] or 0,
        hide=NAME_FIELDS if workshop["anonymous"] else (),
    )
