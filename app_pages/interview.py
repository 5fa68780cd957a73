"""Facilitator: interview one department with the guide and capture its pain points quickly."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain import coverage
from aiadopt.services.audit import guide_themes, interview_coverage, mark_theme
from aiadopt.services.capture import add_pain_point, list_pain_points
from aiadopt.services.workshops import (
    list_departments,
    list_guide,
    list_interviews,
    start_interview,
    update_interview_notes,
)

db, workshop = ui.facilitator_page(ui.t("Interview a department"))

departments = list_departments(db, workshop["id"])
if not departments:
    st.info(ui.t("Add the workshop's departments on the Set up page first."))
    st.stop()

names = {d["id"]: d["name"] for d in departments}
columns = st.columns([2, 2, 1])
department_id = columns[0].selectbox(
    ui.t("Department"), list(names), format_func=lambda d: names[d], key="interview_department"
)
interviews = list_interviews(db, workshop["id"], department_id)
labels = {
    i["id"]: (
        ui.t("Started {at} by {interviewer}", at=i["started_at"][:16].replace("T", " "), interviewer=i["interviewer"])
        if i["interviewer"]
        else ui.t("Started {at}", at=i["started_at"][:16].replace("T", " "))
    )
    for i in interviews
}
if interviews:
    interview_id = columns[1].selectbox(
        ui.t("Interview"), list(labels), format_func=lambda i: labels[i], key=f"interview_chosen_{department_id}"
    )
else:
    interview_id = None
    columns[1].write(ui.t("No interview with this department yet."))
with columns[2]:
    st.write("")
    if st.button(ui.t("New interview"), key="interview_new", icon=":material/add:", width="stretch"):
        new_id = start_interview(db, workshop["id"], department_id, interviewer=workshop["facilitator"] or "")
        st.session_state[f"interview_chosen_{department_id}"] = new_id
        st.rerun()
if interview_id is None:
    st.info(ui.t("Press 'New interview' to start capturing this department's pain points."))
    st.stop()

form_key = f"interview_form_{interview_id}"
guide = list_guide(db, workshop["id"])
themes = guide_themes(db, workshop["id"])


def follow_theme() -> None:
    """The capture form's theme follows the theme being discussed."""
    st.session_state[f"{form_key}_{ui.generation(form_key)}_theme"] = (
        st.session_state.get(f"interview_theme_{interview_id}") or ""
    )


guide_column, capture_column = st.columns([2, 3], gap="large")
with guide_column:
    st.header(ui.t("Interview guide"))
    status = interview_coverage(db, interview_id)
    current_theme = None
    if themes:
        current_theme = st.radio(
            ui.t("Theme being discussed"),
            themes,
            format_func=ui.in_this_language(
                lambda theme: coverage.STATUS_ICONS[status[theme]] + " " + ui.escape_markdown(ui.t(theme), True)
            ),
            key=f"interview_theme_{interview_id}",
            on_change=follow_theme,
            help=ui.t(
                "New pain points are filed under this theme. ✅ pain points raised, ⭕ asked, nothing found, "
                "⏭️ skipped on purpose, ▫️ not asked yet."
            ),
        )
        for question in (q for q in guide if q["theme"] == current_theme):
            st.markdown(ui.escape_markdown(ui.t(question["question"])))  # stored in English: a default reads translated
            for follow_up in (question["follow_ups"] or "").splitlines():
                if follow_up.strip():
                    st.text("• " + ui.t(follow_up.strip()))
        st.caption(
            ui.escape_markdown(
                ui.t(
                    "{theme}: {status}.",
                    theme=ui.t(current_theme),
                    status=ui.t(coverage.STATUS_LABELS[status[current_theme]]),
                )
            )
        )
        # Silence is an answer: note a theme asked with nothing found, or skipped on purpose.
        marks = st.columns(2)
        choices = [
            (ui.t("Asked: nothing found"), coverage.NOTHING_FOUND),
            (ui.t("Skipped on purpose"), coverage.SKIPPED),
        ]
        if status[current_theme] in coverage.MARKS:
            choices = [(ui.t("Take the note back"), None)]
        for column, (label, mark) in zip(marks, choices):
            if column.button(label, key=f"interview_mark_{mark}_{interview_id}", width="stretch"):
                mark_theme(db, interview_id, current_theme, mark)
                st.rerun()
        covered = sum(s in (coverage.RAISED, coverage.NOTHING_FOUND) for s in status.values())
        st.progress(
            covered / len(themes),
            text=ui.t("{covered} of {n} themes covered in this interview", covered=covered, n=len(themes)),
        )
    else:
        st.info(ui.t("The interview guide is empty: add themes and questions on the Set up page."))
    interview = next(i for i in interviews if i["id"] == interview_id)
    notes = st.text_area(
        ui.t("Interview notes"), value=interview["notes"] or "", height=150, key=f"interview_notes_{interview_id}"
    )
    if notes != (interview["notes"] or "") and st.button(ui.t("Save notes"), key="interview_save_notes"):
        ui.act(lambda: update_interview_notes(db, interview_id, notes), ui.t("Notes saved."))

with capture_column:
    st.header(ui.t("New pain point for {department}", department=ui.escape_markdown(names[department_id])))
    pain_point = ui.pain_point_form(
        form_key,
        departments,
        workshop_id=workshop["id"],
        department_id=department_id,
        initial={"theme": current_theme or ""},
        context={"interview_id": interview_id, "source": "facilitator"},
        themes=themes,
    )
    if pain_point is not None:
        add_pain_point(db, pain_point)
        ui.flash(ui.t("Saved: {title}", title=ui.escape_markdown(pain_point.title)))
        ui.reset_form(form_key)
        st.rerun()

st.header(ui.t("Captured in this interview"))
captured = list_pain_points(db, workshop["id"], interview_id=interview_id)
st.dataframe(ui.pain_point_frame(captured), hide_index=True, width="stretch")
ui.manage_entries(
    db,
    captured,
    key=f"interview_entries_{interview_id}",
    departments=list_departments(db, workshop["id"], include_deleted=True),
    workshop_id=workshop["id"],
    actor="facilitator",
    themes=themes,
)
