"""Participant page: the room's home screen; in Capture, add pain points through the join link."""

from dataclasses import replace

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.domain.fields import ESSENTIAL_FIELDS, NAME_FIELDS
from aiadopt.domain.language import N_
from aiadopt.domain.wording import PROBLEM_NUDGE
from aiadopt.services.audit import guide_themes
from aiadopt.services.capture import add_pain_point, list_pain_points
from aiadopt.services.participants import participant_actor, stored_participant
from aiadopt.services.room import mark_done
from aiadopt.services.workshops import list_departments

SAVED = N_("Saved. Thank you! Add another one whenever you are ready.")
KEPT_WHILE_CLOSED = N_(
    "What you were typing stays in the form below, not saved: it can be saved when adding opens again."
)

db = ui.database()
ui.use_language()  # the link's, the chooser's or the browser's, for what is said before the workshop is known
workshop, participant = ui.participant_context(db)
language = ui.participant_language(workshop)
st.session_state["participant_page"] = "app_pages/contribute.py"
state = ui.room_now(db, workshop)
phase = state.phase
if phase.participant_page != room.CONTRIBUTE_PAGE:
    st.switch_page(ui.participant_page_file(phase))

st.title(ui.escape_markdown(workshop["name"]))
ui.language_chooser()
ui.watch_room(workshop, participant)
# Typing is never thrown away: once this screen has shown the form, it stays when the phase closes
# entries, read-only, with what was typed in it (the words never left the phone), until they open again.
# What is said above the form sits in one block whatever the phase says: the form keeps its place on the
# page, so the browser keeps the form (and the words typed in it) instead of drawing a new, empty one.
if state.entries_open:
    st.session_state["contribute_form_shown"] = True
keep_form = state.entries_open or bool(st.session_state.get("contribute_form_shown"))
with st.container():
    ui.show_flashes()
    if state.entries_open:
        st.write(
            ui.t(
                "Tell us where your work gets stuck: the slow, repetitive or error-prone parts of your "
                "week. Describe the problem as it is today, in your own words. There are no wrong answers."
            )
        )
    else:
        st.info(ui.t(phase.participant_message))
        if keep_form:
            st.warning(ui.t("Adding pain points is closed for now.") + " " + ui.t(KEPT_WHILE_CLOSED))
if not keep_form and participant["id"] is None:
    st.stop()  # nothing saved and nothing typed: the phase's words are all there is to show

departments = list_departments(db, workshop["id"], include_deleted=True)
if not [d for d in departments if not d["deleted_at"]]:
    st.info(ui.t("The facilitator has not added any departments yet. Please wait a moment, then refresh this page."))
    st.stop()


@st.fragment
def capture_form() -> None:
    """The form, rerun on its own when it is sent: a save does not redraw the rest of the page.

    After a save, a fresh form replaces the sent one in the same run: no second run is asked for,
    so nothing can swallow the confirmation (a second run could coincide with the room check).
    """
    here = ui.database()  # a fragment's own run is another thread: it needs its own connection
    more = st.toggle(
        ui.t("Add more detail (optional)"),
        key="contribute_more_detail",
        help=ui.t("How it is done today, what it takes, the information it uses, and what good would look like."),
    )
    form_options = {
        "workshop_id": workshop["id"],
        # The participant's row is made at their first save (below): a visit stores nothing.
        # The entry keeps the language it was written in (the screen's): files show it as written.
        "context": {"participant_id": participant["id"] or 0, "source": "participant", "language": language},
        "only": None if more else ESSENTIAL_FIELDS,
        "hide": NAME_FIELDS if workshop["anonymous"] else (),
        # With more detail, a participant may say which part of the guide it answers (optional).
        "themes": guide_themes(here, workshop["id"]) if more else (),
        "rerun_scope": "fragment",
        "read_only": not state.entries_open,
        "tooltips": False,  # help as captions: no extra Tab stops on a phone
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
        if ui.just_saved("contribute_form"):  # a run right after a save (a second tap): the same confirmation
            ui.saved_note(ui.t(SAVED), ui.t(PROBLEM_NUDGE) if st.session_state.get("contribute_nudge") else "")
        return
    try:
        participant_id = stored_participant(here, participant)
        pain_point = replace(pain_point, participant_id=participant_id)
        add_pain_point(here, pain_point, actor=participant_actor(participant_id, bool(workshop["anonymous"])))
    except (*ui.REFUSALS, ValueError) as problem:
        ui.say_problem(problem)
        return
    st.session_state["contribute_department"] = pain_point.department_id
    st.session_state["contribute_nudge"] = pain_point.proposes_solution
    ui.reset_form("contribute_form")
    with slot.container():
        ui.pain_point_form(
            "contribute_form", departments, initial={"department_id": pain_point.department_id}, **form_options
        )
    ui.saved_note(ui.t(SAVED), ui.t(PROBLEM_NUDGE) if pain_point.proposes_solution else "")


new_tab, mine_tab = st.tabs([ui.t("Add a pain point"), ui.t("Your entries")], key="contribute_tab", on_change="rerun")
with new_tab:
    if keep_form:
        capture_form()
    if state.entries_open:
        done = bool(participant.get("done_at"))
        if st.button(
            ui.t("I'm done for now") if not done else ui.t("I have more to add"),
            key="contribute_done",
            icon=":material/check_circle:" if not done else ":material/edit:",
            help=ui.t("Tells the facilitator you have added what you wanted to (you can still add more)."),
        ):
            mark_done(db, participant, not done)
            participant["done_at"] = None if done else "now"
            st.rerun()
        if done:
            st.success(ui.t("Thank you: the facilitator sees that you are done. You can still add more."))
    elif not keep_form:
        st.caption(ui.t("Adding pain points is closed in this part of the workshop."))

with mine_tab:
    # Someone who has saved nothing yet has no entries (and no row to look them up by).
    mine = list_pain_points(db, workshop["id"], participant_id=participant["id"]) if participant["id"] else []
    st.caption(ui.t("Only you and the facilitator see your entries."))
    st.dataframe(
        ui.pain_point_frame(
            mine,
            {
                "id": N_("No."),
                "department": N_("Department"),
                "title": N_("Pain point"),
                "frequency": N_("How often"),
                "minutes_per_occurrence": N_("Minutes each"),
                "people_count": N_("People"),
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
