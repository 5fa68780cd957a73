"""Facilitator: create or choose a workshop, edit or delete it, and its departments."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain.voting import DEFAULT_VOTES_PER_PARTICIPANT, MAX_VOTES_PER_PARTICIPANT, MIN_VOTES_PER_PARTICIPANT
from aiadopt.domain.wording import technology_words_in
from aiadopt.services import sample
from aiadopt.services.capture import pain_points_per_department
from aiadopt.services.languages import set_workshop_language
from aiadopt.services.workshops import (
    add_department,
    create_workshop,
    delete_department,
    delete_workshop,
    list_departments,
    list_workshops,
    rename_department,
    restore_department,
    restore_workshop,
    update_workshop,
)
from aiadopt.ui import session as ui_session

ui.require_facilitator()
db = ui.database()

st.title(ui.t("Set up the workshop"))
ui.show_flashes()


def votes_each(key: str, value: int = DEFAULT_VOTES_PER_PARTICIPANT) -> int:
    """How many votes each participant spends."""
    return int(
        st.number_input(
            ui.t("Votes per participant"),
            min_value=MIN_VOTES_PER_PARTICIPANT,
            max_value=MAX_VOTES_PER_PARTICIPANT,
            value=value,
            step=1,
            key=key,
        )
    )


def chosen(workshop_id: int) -> int:
    """Make a workshop the one every page works on."""
    st.session_state["workshop_id"] = workshop_id
    return workshop_id


def create_workshop_form(expanded: bool) -> None:
    """The form that starts a new workshop."""
    with (
        st.expander(ui.t("Start a new workshop"), expanded=expanded, icon=":material/add:"),
        st.form("setup_new_workshop"),
    ):
        name = st.text_input(
            ui.t("Workshop name"), key="setup_new_name", placeholder=ui.t("e.g. Finance and operations discovery")
        )
        organisation = st.text_input(ui.t("Organisation"), key="setup_new_organisation")
        session_date = st.date_input(ui.t("Date"), key="setup_new_date", format="YYYY-MM-DD")
        facilitator = st.text_input(ui.t("Facilitator"), key="setup_new_facilitator")
        dots = votes_each("setup_new_dots")
        if st.form_submit_button(ui.t("Create workshop"), type="primary"):
            ui.act(
                lambda: chosen(
                    create_workshop(
                        db,
                        name=name,
                        organisation=organisation,
                        session_date=str(session_date or ""),
                        facilitator=facilitator,
                        dots_per_participant=dots,
                    )
                ),
                ui.t("Workshop created. Next: add its departments (the Departments tab), then open the Projector."),
            )


def deleted_workshops_section() -> None:
    """Restore a workshop deleted by mistake."""
    deleted = [w for w in list_workshops(db, include_deleted=True) if w["deleted_at"]]
    if not deleted:
        return
    with st.expander(ui.t("Deleted workshops"), icon=":material/restore_from_trash:"):
        names = {w["id"]: ui.workshop_label(w) for w in deleted}
        to_restore = st.selectbox(ui.t("Workshop"), list(names), format_func=names.get, key="setup_restore_choice")
        if st.button(ui.t("Restore"), key="setup_restore_workshop"):
            ui.act(lambda: (restore_workshop(db, to_restore), chosen(to_restore)), ui.t("Workshop restored."))


workshops = list_workshops(db)
if not workshops:
    st.write(ui.t("No workshop yet. Start one, or load the sample workshop to see the app at work."))
    if not list_workshops(db, include_deleted=True) and st.button(
        ui.t("Load the sample workshop"), key="setup_load_sample", type="primary", icon=":material/science:"
    ):
        ui.act(
            lambda: chosen(sample.load_sample(db)), ui.t("Sample workshop loaded: 5 departments and their pain points.")
        )
    create_workshop_form(expanded=True)
    deleted_workshops_section()
    st.stop()

workshop = ui.selected_workshop(db)
if workshop is None:
    st.stop()


def next_steps(workshop: dict) -> None:
    """What participants will read that names a tool, and what to do next."""
    seen_by_participants = [workshop["name"], *(d["name"] for d in list_departments(db, workshop["id"]))]
    technology = sorted({word for text in seen_by_participants for word in technology_words_in(text)})
    if technology:
        st.warning(
            ui.t(
                "Participants see the workshop and department names, and the interview is about work, not tools: "
                "consider renaming to leave out {words}.",
                words=", ".join(technology),
            )
        )
    live_departments = [d for d in list_departments(db, workshop["id"]) if not d["deleted_at"]]
    with st.container(border=True):
        st.markdown(ui.t("**Next steps**"))
        if live_departments:
            st.markdown(
                ui.tn(
                    ":material/check_circle: {n} department(s) added (Departments tab below).",
                    ":material/check_circle: {n} department(s) added (Departments tab below).",
                    len(live_departments),
                )
            )
        else:
            st.markdown(
                ui.t(
                    ":material/radio_button_unchecked: Add the departments taking part: the **Departments** tab below."
                )
            )
        steps = st.columns(2)
        steps[0].page_link(
            "app_pages/projector.py",
            label=ui.t("Open the Projector on the big screen (join code and QR)"),
            icon=":material/tv:",
        )
        steps[1].page_link(
            "app_pages/room.py", label=ui.t("Run the room from your own screen"), icon=":material/groups:"
        )


next_steps(workshop)

details_tab, departments_tab, people_tab = st.tabs(
    [ui.t("Workshop"), ui.t("Departments"), ui.t("People")], key="setup_tab", on_change="rerun"
)
with people_tab:
    ui.workshop_people(db, workshop)

with details_tab:
    with st.form(f"setup_details_{workshop['id']}"):
        changes = {
            "name": st.text_input(ui.t("Workshop name"), value=workshop["name"], key=f"setup_name_{workshop['id']}"),
            "organisation": st.text_input(
                ui.t("Organisation"), value=workshop["organisation"] or "", key=f"setup_organisation_{workshop['id']}"
            ),
            "session_date": st.text_input(
                ui.t("Date (YYYY-MM-DD)"), value=workshop["session_date"] or "", key=f"setup_date_{workshop['id']}"
            ),
            "facilitator": st.text_input(
                ui.t("Facilitator"), value=workshop["facilitator"] or "", key=f"setup_facilitator_{workshop['id']}"
            ),
            "dots_per_participant": votes_each(f"setup_dots_{workshop['id']}", int(workshop["dots_per_participant"])),
            "facilitators_vote": not st.checkbox(
                ui.t("Facilitators do not vote"),
                value=not workshop["facilitators_vote"],
                key=f"setup_facilitators_vote_{workshop['id']}",
                help=ui.t(
                    "The votes are then the participants' own: a browser signed in as a facilitator that opens "
                    "the join link gets no ballot, and its earlier votes can be taken back there. A phone or a "
                    "browser that never signed in cannot be told apart from a participant's."
                ),
            ),
        }
        language = ui_session.workshop_language_choice(workshop)
        if st.form_submit_button(ui.t("Save details"), type="primary"):
            ui.act(
                lambda: (
                    update_workshop(db, workshop["id"], changes),
                    set_workshop_language(db, workshop["id"], language),
                ),
                ui.t("Details saved."),
            )
    create_workshop_form(expanded=False)
    with st.expander(ui.t("Delete this workshop"), icon=":material/delete:"):
        st.write(ui.t("Deleting hides the workshop and stops its join link. You can restore it below."))
        confirm = st.checkbox(ui.t("Yes, delete this workshop"), key=f"setup_confirm_delete_{workshop['id']}")
        if st.button(ui.t("Delete workshop"), key="setup_delete_workshop", disabled=not confirm):
            st.session_state.pop("workshop_id", None)
            ui.act(
                lambda: delete_workshop(db, workshop["id"]),
                ui.t("Workshop deleted. Restore it from 'Deleted workshops' if that was a mistake."),
                "info",
            )
    deleted_workshops_section()

with departments_tab:
    departments = list_departments(db, workshop["id"])
    per_department = pain_points_per_department(db, workshop["id"])
    st.dataframe(
        pd.DataFrame(
            [
                {
                    ui.t("Department"): d["name"],
                    ui.t("Lead"): d["lead"],
                    ui.t("Pain points"): per_department.get(d["id"], 0),
                }
                for d in departments
            ],
            columns=[ui.t("Department"), ui.t("Lead"), ui.t("Pain points")],
        ),
        hide_index=True,
        width="stretch",
    )
    # A fresh form only after a department is added: a refused name stays in the box to correct.
    generation = ui.generation("setup_department")
    with st.form(f"setup_add_department_{generation}"):
        columns = st.columns(2)
        department_name = columns[0].text_input(ui.t("Department name"), key=f"setup_department_name_{generation}")
        department_lead = columns[1].text_input(ui.t("Lead (optional)"), key=f"setup_department_lead_{generation}")
        if st.form_submit_button(ui.t("Add department"), type="primary"):
            ui.act(
                lambda: (
                    add_department(db, workshop["id"], department_name, department_lead),
                    ui.next_generation("setup_department"),
                ),
                ui.t("Department added: {name}.", name=ui.escape_markdown(department_name.strip())),
            )
    if departments:
        with st.expander(ui.t("Rename or remove a department"), icon=":material/edit:"):
            names = {d["id"]: d["name"] for d in departments}
            department = st.selectbox(
                ui.t("Department"), list(names), format_func=names.get, key="setup_department_chosen"
            )
            new_name = st.text_input(
                ui.t("New name"), value=names[department], key=f"setup_department_rename_{department}"
            )
            columns = st.columns(2)
            if columns[0].button(ui.t("Rename"), key="setup_department_rename"):
                ui.act(lambda: rename_department(db, department, new_name), ui.t("Department renamed."))
            if columns[1].button(ui.t("Remove"), key="setup_department_remove"):
                st.session_state["setup_last_removed_department"] = department
                ui.act(lambda: delete_department(db, department), ui.t("Department removed. Its pain points are kept."))
    removed = st.session_state.get("setup_last_removed_department")
    if removed and st.button(ui.t("Undo remove department"), key="setup_department_undo", icon=":material/undo:"):
        st.session_state.pop("setup_last_removed_department", None)
        ui.act(lambda: restore_department(db, removed), ui.t("Department restored."))
