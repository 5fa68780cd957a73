"""Facilitator: create or choose a workshop, its departments, the join link and the interview guide."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.voting import DEFAULT_VOTES_PER_PARTICIPANT, MAX_VOTES_PER_PARTICIPANT, MIN_VOTES_PER_PARTICIPANT
from aiadopt.domain.wording import technology_words_in
from aiadopt.services import sample
from aiadopt.services.capture import pain_points_per_department
from aiadopt.services.errors import ServiceError
from aiadopt.services.workshops import (
    add_department,
    create_workshop,
    delete_department,
    delete_workshop,
    list_changes,
    list_departments,
    list_guide,
    list_workshops,
    rename_department,
    replace_guide,
    reset_guide,
    restore_department,
    restore_workshop,
    update_workshop,
)

ui.require_facilitator()
db = ui.database()

st.title("Set up the workshop")
ui.show_flashes()


def create_workshop_form(expanded: bool) -> None:
    """The form that starts a new workshop."""
    with (
        st.expander("Start a new workshop", expanded=expanded, icon=":material/add:"),
        st.form("setup_new_workshop", clear_on_submit=False),
    ):
        name = st.text_input("Workshop name", key="setup_new_name", placeholder="e.g. Finance and operations discovery")
        organisation = st.text_input("Organisation", key="setup_new_organisation")
        session_date = st.date_input("Date", key="setup_new_date", format="YYYY-MM-DD")
        facilitator = st.text_input("Facilitator", key="setup_new_facilitator")
        dots = st.number_input(
            "Votes per participant",
            min_value=MIN_VOTES_PER_PARTICIPANT,
            max_value=MAX_VOTES_PER_PARTICIPANT,
            value=DEFAULT_VOTES_PER_PARTICIPANT,
            step=1,
            key="setup_new_dots",
        )
        if st.form_submit_button("Create workshop", type="primary"):
            try:
                workshop_id = create_workshop(
                    db,
                    name=name,
                    organisation=organisation,
                    session_date=str(session_date or ""),
                    facilitator=facilitator,
                    dots_per_participant=dots,
                )
            except ValidationError as invalid:
                ui.show_problem(invalid)
            else:
                st.session_state["workshop_id"] = workshop_id
                ui.flash("Workshop created. Add its departments next.")
                st.rerun()


def deleted_workshops_section() -> None:
    """Restore a workshop deleted by mistake."""
    deleted = [w for w in list_workshops(db, include_deleted=True) if w["deleted_at"]]
    if not deleted:
        return
    with st.expander("Deleted workshops", icon=":material/restore_from_trash:"):
        names = {w["id"]: ui.workshop_label(w) for w in deleted}
        to_restore = st.selectbox("Workshop", list(names), format_func=names.get, key="setup_restore_choice")
        if st.button("Restore", key="setup_restore_workshop"):
            restore_workshop(db, to_restore)
            st.session_state["workshop_id"] = to_restore
            ui.flash("Workshop restored.")
            st.rerun()


workshops = list_workshops(db)
if not workshops:
    st.write("No workshop yet. Start one, or load the sample workshop to see the app at work.")
    if not list_workshops(db, include_deleted=True) and st.button(
        "Load the sample workshop", key="setup_load_sample", type="primary", icon=":material/science:"
    ):
        st.session_state["workshop_id"] = sample.load_sample(db)
        ui.flash("Sample workshop loaded: 5 departments and their pain points.")
        st.rerun()
    create_workshop_form(expanded=True)
    deleted_workshops_section()
    st.stop()

workshop = ui.selected_workshop(db)
if workshop is None:
    st.stop()

seen_by_participants = [workshop["name"], *(d["name"] for d in list_departments(db, workshop["id"]))]
technology = sorted({word for text in seen_by_participants for word in technology_words_in(text)})
if technology:
    st.warning(
        "Participants see the workshop and department names, and the interview is about work, not tools: "
        f"consider renaming to leave out {', '.join(technology)}."
    )

details_tab, departments_tab, room_tab, guide_tab, history_tab = st.tabs(
    ["Workshop", "Departments", "Room and join link", "Interview guide", "Change log"],
    key="setup_tab",
    on_change="rerun",
)

with details_tab:
    with st.form(f"setup_details_{workshop['id']}"):
        name = st.text_input("Workshop name", value=workshop["name"], key=f"setup_name_{workshop['id']}")
        organisation = st.text_input(
            "Organisation", value=workshop["organisation"] or "", key=f"setup_organisation_{workshop['id']}"
        )
        session_date = st.text_input(
            "Date (YYYY-MM-DD)", value=workshop["session_date"] or "", key=f"setup_date_{workshop['id']}"
        )
        facilitator = st.text_input(
            "Facilitator", value=workshop["facilitator"] or "", key=f"setup_facilitator_{workshop['id']}"
        )
        dots = st.number_input(
            "Votes per participant",
            min_value=MIN_VOTES_PER_PARTICIPANT,
            max_value=MAX_VOTES_PER_PARTICIPANT,
            value=int(workshop["dots_per_participant"]),
            step=1,
            key=f"setup_dots_{workshop['id']}",
        )
        is_open = st.toggle(
            "Open for participants' entries", value=bool(workshop["is_open"]), key=f"setup_open_{workshop['id']}"
        )
        voting_open = st.toggle(
            "Open voting",
            value=bool(workshop["voting_open"]),
            key=f"setup_voting_{workshop['id']}",
            help="Participants can spend their votes once you have merged duplicates.",
        )
        if st.form_submit_button("Save details", type="primary"):
            try:
                update_workshop(
                    db,
                    workshop["id"],
                    {
                        "name": name,
                        "organisation": organisation,
                        "session_date": session_date,
                        "facilitator": facilitator,
                        "dots_per_participant": dots,
                        "is_open": is_open,
                        "voting_open": voting_open,
                    },
                )
            except ValidationError as invalid:
                ui.show_problem(invalid)
            else:
                ui.flash("Details saved.")
                st.rerun()
    create_workshop_form(expanded=False)
    with st.expander("Delete this workshop", icon=":material/delete:"):
        st.write("Deleting hides the workshop and stops its join link. You can restore it below.")
        confirm = st.checkbox("Yes, delete this workshop", key=f"setup_confirm_delete_{workshop['id']}")
        if st.button("Delete workshop", key="setup_delete_workshop", disabled=not confirm):
            delete_workshop(db, workshop["id"])
            st.session_state.pop("workshop_id", None)
            ui.flash("Workshop deleted. Restore it from 'Deleted workshops' if that was a mistake.", "info")
            st.rerun()
    deleted_workshops_section()

with departments_tab:
    departments = list_departments(db, workshop["id"])
    per_department = pain_points_per_department(db, workshop["id"])
    st.dataframe(
        pd.DataFrame(
            [
                {"Department": d["name"], "Lead": d["lead"], "Pain points": per_department.get(d["id"], 0)}
                for d in departments
            ],
            columns=["Department", "Lead", "Pain points"],
        ),
        hide_index=True,
        width="stretch",
    )
    # Cleared only after a department is added: a refused name stays in the box to correct.
    generation = st.session_state.get("setup_department_generation", 0)
    with st.form(f"setup_add_department_{generation}"):
        columns = st.columns(2)
        department_name = columns[0].text_input("Department name", key=f"setup_department_name_{generation}")
        department_lead = columns[1].text_input("Lead (optional)", key=f"setup_department_lead_{generation}")
        if st.form_submit_button("Add department", type="primary"):
            try:
                add_department(db, workshop["id"], department_name, department_lead)
            except ValidationError as invalid:
                st.session_state["setup_department_error"] = " ".join(invalid.errors.values())
            else:
                st.session_state["setup_department_generation"] = (
                    st.session_state.get("setup_department_generation", 0) + 1
                )
                ui.flash(f"Department added: {ui.escape_markdown(department_name.strip())}.")
            st.rerun()
    if st.session_state.get("setup_department_error"):
        st.error(ui.escape_markdown(st.session_state.pop("setup_department_error")))
    if departments:
        with st.expander("Rename or remove a department", icon=":material/edit:"):
            names = {d["id"]: d["name"] for d in departments}
            chosen = st.selectbox(
                "Department", list(names), format_func=lambda d: names[d], key="setup_department_chosen"
            )
            new_name = st.text_input("New name", value=names[chosen], key=f"setup_department_rename_{chosen}")
            columns = st.columns(2)
            if columns[0].button("Rename", key="setup_department_rename"):
                try:
                    rename_department(db, chosen, new_name)
                except (ValidationError, ServiceError) as problem:
                    ui.show_problem(problem)
                else:
                    ui.flash("Department renamed.")
                    st.rerun()
            if columns[1].button("Remove", key="setup_department_remove"):
                delete_department(db, chosen)
                st.session_state["setup_last_removed_department"] = chosen
                ui.flash("Department removed. Its pain points are kept.", "info")
                st.rerun()
    removed = st.session_state.get("setup_last_removed_department")
    if removed and st.button("Undo remove department", key="setup_department_undo", icon=":material/undo:"):
        restore_department(db, removed)
        st.session_state.pop("setup_last_removed_department", None)
        ui.flash("Department restored.")
        st.rerun()

with room_tab:
    st.subheader("Run the room")
    ui.phase_controls(db, workshop, key="setup_room")
    st.caption(
        "Welcome: people join and wait. Capture: they add pain points. Group: they wait while you merge "
        "duplicates. Vote: they spend their votes. Results: the top candidates appear on the projector when "
        "you reveal them. Open the Projector page on the big screen."
    )
    ui.timer_controls(db, workshop, key="setup_timer")
    ui.presence_metrics(db, workshop["id"])
    ui.anonymity_switch(db, workshop, key="setup_room")
    st.divider()
    address = ui.join_address()
    link = f"{address.base}/?join={workshop['join_code']}"
    st.write(
        "Show this on the screen. Participants scan the code with their phone, open the link, "
        "or go to the app and type the workshop code."
    )
    if not address.reachable:
        st.warning(
            "Phones in the room cannot open this address: it only works on this computer. Connect this "
            "computer to the room's network, or start the app with AIADOPT_BASE_URL set to the address "
            "phones can reach (for example http://192.168.1.20:8501)."
        )
    code_column, qr_column = st.columns([3, 2])
    with code_column:
        st.caption("Workshop code")
        st.markdown(ui.big_code(workshop["join_code"]), unsafe_allow_html=True)
        st.caption("Link")
        st.code(link, language=None)
    qr_column.image(ui.join_qr(link), caption="Scan to join", width=260)
    if not room.joinable(workshop):
        st.warning("The workshop is closed: the link shows a 'closed' message until you open it again.")
    st.caption(
        "Participants see only the page for adding their own pain points and voting, never the facilitator "
        "pages or other people's names."
    )

with guide_tab:
    st.write(
        "The questions to work through with each department. Edit them for this workshop; "
        "keep them about the work, never about tools."
    )
    guide = list_guide(db, workshop["id"])
    edited = st.data_editor(
        pd.DataFrame(
            [{k: g[k] for k in ("theme", "question", "follow_ups")} for g in guide],
            columns=["theme", "question", "follow_ups"],
        ),
        num_rows="dynamic",
        width="stretch",
        hide_index=True,
        key=f"setup_guide_{workshop['id']}_{st.session_state.get('setup_guide_generation', 0)}",
        column_config={
            "theme": st.column_config.TextColumn("Theme", required=True, max_chars=80),
            "question": st.column_config.TextColumn("Question", required=True, max_chars=500, width="large"),
            "follow_ups": st.column_config.TextColumn("Follow-up prompts (one per line)", width="large"),
        },
    )
    columns = st.columns(2)
    if columns[0].button("Save guide", type="primary", key="setup_save_guide"):
        try:
            kept = replace_guide(db, workshop["id"], edited.fillna("").to_dict("records"))
        except ValidationError as invalid:
            for where, message in invalid.errors.items():
                st.error(ui.escape_markdown(f"{where}: {message}"))
        else:
            st.session_state["setup_guide_generation"] = st.session_state.get("setup_guide_generation", 0) + 1
            ui.flash(f"Guide saved: {kept} questions.")
            st.rerun()
    if columns[1].button("Restore the default guide", key="setup_reset_guide"):
        reset_guide(db, workshop["id"])
        st.session_state["setup_guide_generation"] = st.session_state.get("setup_guide_generation", 0) + 1
        ui.flash("The default guide is back.")
        st.rerun()

with history_tab:
    changes = list_changes(db, workshop["id"], limit=300)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "When": c["at"][:19].replace("T", " "),
                    "Who": c["actor"],
                    "What": f"{c['action']} {c['entity'].replace('_', ' ')}",
                    "No.": c["entity_id"],
                    "Details": c["changes"],
                }
                for c in changes
            ],
            columns=["When", "Who", "What", "No.", "Details"],
        ),
        hide_index=True,
        width="stretch",
    )
