"""Facilitator: every pain point of the workshop; filter, search, bulk edit, delete and undo."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain.fields import DATA_CLASSES
from aiadopt.domain.filters import filter_pain_points
from aiadopt.services.capture import (
    bulk_update_pain_points,
    count_pain_points,
    delete_pain_points,
    list_pain_points,
    restore_pain_points,
)
from aiadopt.services.workshops import list_departments

db, workshop = ui.facilitator_page(ui.t("Pain points"))

departments = list_departments(db, workshop["id"])
department_names = {d["id"]: d["name"] for d in departments}
rows = list_pain_points(db, workshop["id"])


def numbered(row: dict) -> str:
    """A pain point in a list to choose from: its number and title."""
    return ui.t("No. {number}: {title}", number=str(row["id"]), title=row["title"])


@st.fragment(run_every=5)
def arrivals() -> None:
    """Tell the facilitator when participants have added pain points since the table was drawn."""
    live = ui.database()
    ui.keep_meaning_up(live, workshop["id"])
    waiting = count_pain_points(live, workshop["id"]) - len(rows)
    if waiting > 0:
        columns = st.columns([4, 1], vertical_alignment="center")
        columns[0].info(ui.tn("{n} new pain point has arrived.", "{n} new pain points have arrived.", waiting))
        if columns[1].button(ui.t("Show"), key="pain_points_show_new", type="primary", width="stretch"):
            st.rerun(scope="app")


arrivals()
filters = st.columns([3, 2, 2, 1.5])
query = filters[0].text_input(
    ui.t("Search"), key="pain_points_query", placeholder=ui.t("Words in the title, description, owner…")
)
chosen_departments = filters[1].multiselect(
    ui.t("Departments"),
    list(department_names),
    format_func=lambda d: department_names[d],
    key="pain_points_departments",
)
chosen_classes = filters[2].multiselect(ui.t("Data class"), list(DATA_CLASSES), key="pain_points_classes")
with filters[3]:
    st.write("")
    flagged_only = st.checkbox(
        ui.t("Flagged only"),
        key="pain_points_flagged",
        help=ui.t("Entries that describe a solution instead of a problem."),
    )
shown = filter_pain_points(
    rows, query=query, department_ids=chosen_departments, data_classes=chosen_classes, flagged_only=flagged_only
)

total_hours = sum(r["hours_per_year"] for r in shown)
flagged = sum(1 for r in shown if r["proposes_solution"])
metrics = st.columns(4)
metrics[0].metric(ui.t("Pain points shown"), ui.t("{shown} of {n}", shown=len(shown), n=len(rows)))
metrics[1].metric(ui.t("Hours a year"), ui.number(total_hours))
metrics[2].metric(ui.t("Departments"), len({r["department_id"] for r in shown}))
metrics[3].metric(ui.t("Describe a solution"), flagged)

st.dataframe(ui.pain_point_frame(shown), hide_index=True, width="stretch", height=min(36 * (len(shown) + 1) + 4, 560))
if flagged:
    st.caption(
        ui.t(
            "'Describes a solution' marks entries that name a tool instead of a problem: talk them "
            "through with the person and rewrite them as the problem they solve."
        )
    )

ui.undo_delete_button(db, "pain_points", "facilitator")

bulk_tab, edit_tab, deleted_tab = st.tabs(
    [ui.t("Change several"), ui.t("Edit one"), ui.t("Deleted")], key="pain_points_tab", on_change="rerun"
)
with bulk_tab:
    titles = {r["id"]: numbered(r) for r in shown}
    selected = st.multiselect(
        ui.t("Pain points"),
        list(titles),
        format_func=lambda i: titles[i],
        key="pain_points_selected",
        placeholder=ui.t("Choose one or more pain points"),
    )
    if st.checkbox(ui.t("Select every pain point shown"), key="pain_points_select_all"):
        selected = list(titles)
    field, value = ui.bulk_change(department_names, key="pain_points_bulk")
    action_columns = st.columns(2)
    if action_columns[0].button(
        ui.t("Apply to {n} selected", n=len(selected)),
        key="pain_points_bulk_apply",
        disabled=not selected,
        type="primary",
    ):
        ui.act(
            lambda: bulk_update_pain_points(db, selected, {field: value}),
            lambda changed: ui.tn("Changed {n} pain point.", "Changed {n} pain points.", changed),
        )
    if action_columns[1].button(
        ui.t("Delete {n} selected", n=len(selected)),
        key="pain_points_bulk_delete",
        disabled=not selected,
        icon=":material/delete:",
    ):
        deleted = delete_pain_points(db, selected)
        st.session_state["pain_points_last_deleted"] = deleted
        st.session_state.pop("pain_points_selected", None)
        ui.flash(
            ui.tn(
                "Deleted {n} pain point. You can undo this.",
                "Deleted {n} pain points. You can undo this.",
                len(deleted),
            ),
            "info",
        )
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
        st.write(ui.t("Nothing has been deleted."))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ui.t("No."): r["id"],
                        ui.t("Pain point"): r["title"],
                        ui.t("Department"): r["department"],
                        ui.t("Deleted"): r["deleted_at"][:16].replace("T", " "),
                    }
                    for r in deleted_rows
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        gone = {r["id"]: numbered(r) for r in deleted_rows}
        to_restore = st.multiselect(
            ui.t("Restore"), list(gone), format_func=lambda i: gone[i], key="pain_points_restore"
        )
        if st.button(ui.t("Restore selected"), key="pain_points_restore_button", disabled=not to_restore):
            restored = restore_pain_points(db, to_restore)
            ui.flash(ui.tn("Restored {n} pain point.", "Restored {n} pain points.", len(restored)))
            st.rerun()
