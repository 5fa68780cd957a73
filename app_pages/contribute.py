"""Participant page: add pain points to one workshop through its join link."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain.wording import PROBLEM_NUDGE
from aiadopt.services.capture import add_pain_point, list_pain_points
from aiadopt.services.errors import ServiceError
from aiadopt.services.participants import CLOSED_FOR_ENTRIES, participant_actor
from aiadopt.services.workshops import list_departments

db = ui.database()
workshop, participant = ui.participant_context(db)
actor = participant_actor(participant["id"])

st.title(ui.escape_markdown(workshop["name"]))
st.write(
    "Tell us where your work gets stuck: the slow, repetitive or error-prone parts of your "
    "week. Describe the problem as it is today, in your own words. There are no wrong answers."
)
ui.show_flashes()
if not workshop["is_open"]:
    st.warning(CLOSED_FOR_ENTRIES + " Your entries are below; anything you were typing stays in the form.")
if workshop["voting_open"]:
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

new_tab, mine_tab = st.tabs(["Add a pain point", "Your entries"], key="contribute_tab", on_change="rerun")
with new_tab:
    pain_point = ui.pain_point_form(
        "contribute_form",
        departments,
        workshop_id=workshop["id"],
        initial={"department_id": st.session_state.get("contribute_department")},
        context={"participant_id": participant["id"], "source": "participant"},
    )
    if pain_point is not None:
        try:
            add_pain_point(db, pain_point, actor=actor)
        except (ServiceError, ValueError) as problem:
            ui.show_problem(problem)
        else:
            st.session_state["contribute_department"] = pain_point.department_id
            ui.flash("Saved. Thank you! Add another one whenever you are ready.")
            if pain_point.proposes_solution:
                ui.flash(PROBLEM_NUDGE, "warning")
            ui.reset_form("contribute_form")
            st.rerun()

with mine_tab:
    mine = list_pain_points(db, workshop["id"], participant_id=participant["id"])
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
        actor=actor,
        participant_id=participant["id"],
    )
