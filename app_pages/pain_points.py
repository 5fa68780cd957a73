"""Facilitator: every pain point of the workshop; filter, search, bulk edit, delete and undo."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain.fields import DATA_CLASSES, FIELDS_BY_NAME
from aiadopt.domain.filters import filter_pain_points
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services.capture import (
    bulk_update_pain_points,
    count_pain_points,
    delete_pain_points,
    list_pain_points,
    restore_pain_points,
)
from aiadopt.services.errors import ServiceError
from aiadopt.services.workshops import list_departments

db, workshop = ui.facilitator_page("Pain points")

departments = list_departments(db, workshop["id"])
department_names = {d["id"]: d["name"] for d in departments}
rows = list_pain_points(db, workshop["id"])


@st.fragment(run_every=5)
def arrivals() -> None:
    """Tell the facilitator when participants have added pain points since the table was drawn."""
    waiting = count_pain_points(ui.database(), workshop["id"]) - len(rows)
    if waiting > 0:
        columns = st.columns([4, 1], vertical_alignment="center")
        columns[0].info(f"{waiting} new pain point{'s have' if waiting != 1 else ' has'} arrived.")
        if columns[1].button("Show", key="pain_points_show_new", type="primary", width="stretch"):
            st.rerun(scope="app")


arrivals()
filters = st.columns([3, 2, 2, 1])
query = filters[0].text_input("Search", key="pain_points_query", placeholder="Words in the title, description, owner…")
chosen_departments = filters[1].multiselect(
    "Departments", list(department_names), format_func=lambda d: department_names[d], key="pain_points_departments"
)
chosen_classes = filters[2].multiselect("Data class", list(DATA_CLASSES), key="pain_points_classes")
with filters[3]:
    st.write("")
    flagged_only = st.checkbox(
        "Flagged only", key="pain_points_flagged", help="Entries that describe a solution instead of a problem."
    )
shown = filter_pain_points(
    rows, query=query, department_ids=chosen_departments, data_classes=chosen_classes, flagged_only=flagged_only
)

total_hours = sum(r["hours_per_year"] for r in shown)
flagged = sum(1 for r in shown if r["proposes_solution"])
metrics = st.columns(4)
metrics[0].metric("Pain points shown", f"{len(shown)} of {len(rows)}")
metrics[1].metric("Hours a year", f"{total_hours:,.0f}")
metrics[2].metric("Departments", len({r["department_id"] for r in shown}))
metrics[3].metric("Describe a solution", flagged)

st.dataframe(ui.pain_point_frame(shown), hide_index=True, width="stretch", height=min(36 * (len(shown) + 1) + 4, 560))
if flagged:
    st.caption(
        "'Describes a solution' marks entries that name a tool instead of a problem: talk them "
        "through with the person and rewrite them as the problem they solve."
    )

ui.undo_delete_button(db, "pain_points", "facilitator")

bulk_tab, edit_tab, deleted_tab = st.tabs(
    ["Change several", "Edit one", "Deleted"], key="pain_points_tab", on_change="rerun"
)
with bulk_tab:
    titles = {r["id"]: f"No. {r['id']}: {r['title']}" for r in shown}
    selected = st.multiselect(
        "Pain points",
        list(titles),
        format_func=lambda i: titles[i],
        key="pain_points_selected",
        placeholder="Choose one or more pain points",
    )
    if st.checkbox("Select every pain point shown", key="pain_points_select_all"):
        selected = list(titles)
    bulk_fields = {
        "department_id": "Department",
        "data_sensitivity": "Data class",
        "owner_name": "Owner",
        "severity": "How much it hurts",
        "change_readiness": "Readiness to change",
        "io_clarity": "How clear are the inputs and outputs",
    }
    columns = st.columns(2)
    field = columns[0].selectbox(
        "Field to change", list(bulk_fields), format_func=lambda f: bulk_fields[f], key="pain_points_bulk_field"
    )
    with columns[1]:
        if field == "department_id":
            value = st.selectbox(
                "New value",
                list(department_names),
                format_func=lambda d: department_names[d],
                key="pain_points_bulk_department",
            )
        elif field == "data_sensitivity":
            value = st.selectbox(
                "New value", list(DATA_CLASSES), format_func=lambda c: DATA_CLASSES[c], key="pain_points_bulk_class"
            )
        elif field == "owner_name":
            value = st.text_input("New value", key="pain_points_bulk_owner")
        else:
            spec = FIELDS_BY_NAME[field]
            value = st.slider(
                "New value", int(spec.minimum), int(spec.maximum), int(spec.default), key=f"pain_points_bulk_{field}"
            )
    action_columns = st.columns(2)
    if action_columns[0].button(
        f"Apply to {len(selected)} selected", key="pain_points_bulk_apply", disabled=not selected, type="primary"
    ):
        try:
            changed = bulk_update_pain_points(db, selected, {field: value})
        except (ValidationError, ServiceError) as problem:
            ui.show_problem(problem)
        else:
            ui.flash(f"Changed {changed} pain point{'s' if changed != 1 else ''}.")
            st.rerun()
    if action_columns[1].button(
        f"Delete {len(selected)} selected",
        key="pain_points_bulk_delete",
        disabled=not selected,
        icon=":material/delete:",
    ):
        deleted = delete_pain_points(db, selected)
        st.session_state["pain_points_last_deleted"] = deleted
        st.session_state.pop("pain_points_selected", None)
        ui.flash(f"Deleted {len(deleted)} pain point{'s' if len(deleted) != 1 else ''}. You can undo this.", "info")
        st.rerun()

with edit_tab:
    ui.manage_entries(
        db,
        shown,
        key="pain_points_one",
        departments=list_departments(db, workshop["id"], include_deleted=True),
        workshop_id=workshop["id"],
        actor="facilitator",
    )

with deleted_tab:
    deleted_rows = list_pain_points(db, workshop["id"], deleted=True)
    if not deleted_rows:
        st.write("Nothing has been deleted.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "No.": r["id"],
                        "Pain point": r["title"],
                        "Department": r["department"],
                        "Deleted": r["deleted_at"][:16].replace("T", " "),
                    }
                    for r in deleted_rows
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        gone = {r["id"]: f"No. {r['id']}: {r['title']}" for r in deleted_rows}
        to_restore = st.multiselect("Restore", list(gone), format_func=lambda i: gone[i], key="pain_points_restore")
        if st.button("Restore selected", key="pain_points_restore_button", disabled=not to_restore):
            restored = restore_pain_points(db, to_restore)
            ui.flash(f"Restored {len(restored)} pain point{'s' if len(restored) != 1 else ''}.")
            st.rerun()
