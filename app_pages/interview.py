"""Facilitator: interview one department with the guide and capture its pain points quickly."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services.capture import add_pain_point, list_pain_points
from aiadopt.services.workshops import (
    list_departments,
    list_guide,
    list_interviews,
    start_interview,
    update_interview_notes,
)

db, workshop = ui.facilitator_page("Interview a department")

departments = list_departments(db, workshop["id"])
if not departments:
    st.info("Add the workshop's departments on the Set up page first.")
    st.stop()

names = {d["id"]: d["name"] for d in departments}
columns = st.columns([2, 2, 1])
department_id = columns[0].selectbox(
    "Department", list(names), format_func=lambda d: names[d], key="interview_department"
)
interviews = list_interviews(db, workshop["id"], department_id)
labels = {
    i["id"]: f"Started {i['started_at'][:16].replace('T', ' ')}"
    + (f" by {i['interviewer']}" if i["interviewer"] else "")
    for i in interviews
}
if interviews:
    interview_id = columns[1].selectbox(
        "Interview", list(labels), format_func=lambda i: labels[i], key=f"interview_chosen_{department_id}"
    )
else:
    interview_id = None
    columns[1].write("No interview with this department yet.")
with columns[2]:
    st.write("")
    if st.button("New interview", key="interview_new", icon=":material/add:", width="stretch"):
        new_id = start_interview(db, workshop["id"], department_id, interviewer=workshop["facilitator"] or "")
        st.session_state[f"interview_chosen_{department_id}"] = new_id
        st.rerun()
if interview_id is None:
    st.info("Press 'New interview' to start capturing this department's pain points.")
    st.stop()

guide_column, capture_column = st.columns([2, 3], gap="large")
with guide_column:
    st.subheader("Interview guide")
    for question in list_guide(db, workshop["id"]):
        with st.expander(ui.escape_markdown(f"{question['theme']}: {question['question']}")):
            for follow_up in (question["follow_ups"] or "").splitlines():
                if follow_up.strip():
                    st.text("• " + follow_up.strip())
    interview = next(i for i in interviews if i["id"] == interview_id)
    notes = st.text_area(
        "Interview notes", value=interview["notes"] or "", height=150, key=f"interview_notes_{interview_id}"
    )
    if notes != (interview["notes"] or "") and st.button("Save notes", key="interview_save_notes"):
        try:
            update_interview_notes(db, interview_id, notes)
        except ValidationError as invalid:
            ui.show_problem(invalid)
        else:
            ui.flash("Notes saved.")
            st.rerun()

with capture_column:
    st.subheader(f"New pain point for {ui.escape_markdown(names[department_id])}")
    pain_point = ui.pain_point_form(
        f"interview_form_{interview_id}",
        departments,
        workshop_id=workshop["id"],
        department_id=department_id,
        context={"interview_id": interview_id, "source": "facilitator"},
    )
    if pain_point is not None:
        add_pain_point(db, pain_point)
        ui.flash(f"Saved: {ui.escape_markdown(pain_point.title)}")
        ui.reset_form(f"interview_form_{interview_id}")
        st.rerun()

st.subheader("Captured in this interview")
captured = list_pain_points(db, workshop["id"], interview_id=interview_id)
st.dataframe(ui.pain_point_frame(captured), hide_index=True, width="stretch")
ui.manage_entries(
    db,
    captured,
    key=f"interview_entries_{interview_id}",
    departments=list_departments(db, workshop["id"], include_deleted=True),
    workshop_id=workshop["id"],
    actor="facilitator",
)
