"""Every page through Streamlit's AppTest: roles, capture, edit, delete, undo, join flow."""

from __future__ import annotations

import re

import pytest

from aiadopt import storage

from aiadopt.services import sample
from aiadopt.domain.pain_points import build_pain_point
from aiadopt.services.capture import add_pain_point, bulk_update_pain_points, count_pain_points, delete_pain_points, get_pain_point, list_pain_points
from aiadopt.services.workshops import add_department, create_workshop, delete_department, delete_workshop, get_workshop, list_departments, list_guide, list_interviews, list_workshops, replace_guide, start_interview, update_workshop
from tests.apptest_helpers import markdown_bodies, rendered_strings
from tests.conftest import PASSCODE, new_app

FACILITATOR_PAGES = ["app_pages/setup.py", "app_pages/interview.py", "app_pages/pain_points.py"]
HOSTILE = "![pixel](http://tracker.example/p.png) <script>alert(1)</script> [click](javascript:alert(1)) <img src=x>"


def titles(app) -> list[str]:
    return [t.value for t in app.title]


def workshop_with_department(db, name="Team day"):
    workshop_id = create_workshop(db, name=name, facilitator="Sam")
    department_id = add_department(db, workshop_id, "Finance")
    return workshop_id, department_id


def add_entry(db, workshop_id, department_id, **fields):
    raw = {"title": "Chasing approvals", "frequency_count": 5, "frequency_period": "week",
           "minutes_per_occurrence": 20, "people_count": 2} | fields
    return add_pain_point(db, build_pain_point(raw, workshop_id=workshop_id, department_id=department_id))


# --- roles ---------------------------------------------------------------------------------


def test_guest_sees_join_page_and_no_facilitator_page(db_file):
    app = new_app()
    app.run()
    assert not app.exception
    assert titles(app) == ["Join a workshop"]
    for page in FACILITATOR_PAGES:  # not registered for a guest, so not reachable at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)


def test_wrong_passcode_is_refused_and_right_one_opens_setup(db_file):
    app = new_app()
    app.switch_page("app_pages/sign_in.py").run()
    app.text_input(key="sign_in_passcode").input("not it")
    app.get("form_submit_button")[0].click().run()
    assert [e.value for e in app.error] == ["That passcode is not right. Check it in the terminal that started the app."]
    assert "facilitator_signed_in" not in app.session_state
    app.text_input(key="sign_in_passcode").input(PASSCODE)
    app.get("form_submit_button")[0].click().run()
    assert not app.exception
    assert titles(app) == ["Set up the workshop"]


def test_facilitator_page_checks_the_role_itself(db_file):
    app = new_app()
    app.session_state["facilitator_signed_in"] = True
    app.run()
    app.session_state["facilitator_signed_in"] = False
    app.query_params["join"] = ""
    app.switch_page("app_pages/pain_points.py").run()
    assert "Pain points" not in titles(app)


def test_participant_reaches_only_the_contribution_page(file_db):
    workshop_id, _ = workshop_with_department(file_db)
    app = new_app()
    app.query_params["join"] = get_workshop(file_db, workshop_id)["join_code"]
    app.session_state["facilitator_signed_in"] = True  # even a signed-in browser opening the link
    app.run()
    assert titles(app) == ["Team day"]
    for page in FACILITATOR_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)


# --- participant journey -------------------------------------------------------------------


def participant_app(db, workshop_id, token=None):
    app = new_app()
    app.query_params["join"] = get_workshop(db, workshop_id)["join_code"]
    if token:
        app.query_params["me"] = token
    return app.run()


def submit_form(app, label: str | None = None):
    """Press a form's submit button (the first one, or the one with this label)."""
    buttons = app.get("form_submit_button")
    button = buttons[0] if label is None else next(b for b in buttons if b.label == label)
    button.click().run()


def test_participant_adds_edits_deletes_and_undoes_their_own_entry(file_db):
    workshop_id, _ = workshop_with_department(file_db)
    app = participant_app(file_db, workshop_id)
    token = app.query_params["me"]
    assert token
    app.text_input(key="contribute_form_0_title").input("Waiting for signatures")
    app.number_input(key="contribute_form_0_minutes_per_occurrence").set_value(30)
    submit_form(app)
    assert [s.value for s in app.success] == ["Saved. Thank you! Add another one whenever you are ready."]
    assert app.text_input(key="contribute_form_1_title").value == ""  # the form cleared
    (row,) = list_pain_points(file_db, workshop_id)
    assert (row["title"], row["minutes_per_occurrence"], row["source"]) == ("Waiting for signatures", 30, "participant")

    # A refresh (same link, new session) keeps their identity and their entries.
    again = participant_app(file_db, workshop_id, token)
    again.selectbox(key="contribute_mine_chosen").select(row["id"]).run()
    again.text_input(key=f"contribute_mine_edit_{row['id']}_0_title").input("Waiting days for signatures")
    submit_form(again, "Save changes")
    assert get_pain_point(file_db, row["id"])["title"] == "Waiting days for signatures"

    again.selectbox(key="contribute_mine_chosen").select(row["id"]).run()
    again.button(key=f"contribute_mine_delete_{row['id']}").click().run()
    assert list_pain_points(file_db, workshop_id) == []
    again.button(key="contribute_mine_undo").click().run()
    assert [r["id"] for r in list_pain_points(file_db, workshop_id)] == [row["id"]]


def test_participant_never_sees_other_peoples_entries_or_names(file_db):
    workshop_id, department_id = workshop_with_department(file_db)
    add_entry(file_db, workshop_id, department_id, title="Someone else's problem", reporter="Priya Secret")
    app = participant_app(file_db, workshop_id)
    shown = " ".join(rendered_strings(app)) + app.dataframe[0].value.to_string()
    assert "Someone else's problem" not in shown and "Priya Secret" not in shown


def test_invalid_participant_entry_keeps_the_text_and_explains(file_db):
    workshop_id, _ = workshop_with_department(file_db)
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input("  ")
    app.text_area(key="contribute_form_0_description").input("Long story " * 10_000)
    app.number_input(key="contribute_form_0_minutes_per_occurrence").set_value(-5)
    submit_form(app)
    errors = " ".join(e.value for e in app.error)
    assert "Short title is needed" in errors
    assert "Please keep it under 5,000" in errors and "too long" in errors
    assert "Minutes each time must be more than 0" in errors
    assert app.text_area(key="contribute_form_0_description").value.startswith("Long story")  # nothing lost
    assert count_pain_points(file_db, workshop_id) == 0


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        (lambda db, w: "NOSUCH", "No workshop has that join code"),
        (lambda db, w: (update_workshop(db, w, {"is_open": False}),
                        get_workshop(db, w)["join_code"])[1], "closed to new entries"),
        (lambda db, w: (delete_workshop(db, w),
                        get_workshop(db, w, include_deleted=True)["join_code"])[1], "no longer exists"),
        (lambda db, w: "<b>bad</b>", "not valid"),
    ],
)
def test_bad_join_links_get_a_plain_message_and_store_nothing(file_db, arrange, message):
    workshop_id, _ = workshop_with_department(file_db)
    code = arrange(file_db, workshop_id)
    before = storage.table_counts(file_db)
    app = new_app()
    app.query_params["join"] = code
    app.run()
    assert not app.exception
    assert any(message in e.value for e in app.error)
    assert storage.table_counts(file_db) == before


def test_guest_joins_with_the_code_typed_in(file_db):
    workshop_id, _ = workshop_with_department(file_db)
    app = new_app()
    app.run()
    app.text_input(key="join_code").input(get_workshop(file_db, workshop_id)["join_code"].lower())
    submit_form(app)
    assert titles(app) == ["Team day"]


# --- facilitator pages ---------------------------------------------------------------------


def test_setup_loads_the_sample_into_an_empty_database(facilitator_app, file_db):
    facilitator_app.run()
    facilitator_app.button(key="setup_load_sample").click().run()
    assert not facilitator_app.exception
    (workshop,) = list_workshops(file_db)
    assert count_pain_points(file_db, workshop["id"]) >= 30
    assert any(workshop["join_code"] in s for s in rendered_strings(facilitator_app))


def test_setup_creates_a_workshop_and_departments(facilitator_app, file_db):
    facilitator_app.run()
    facilitator_app.text_input(key="setup_new_name").input("Claims discovery")
    facilitator_app.text_input(key="setup_new_organisation").input("Acme Insurance")
    submit_form(facilitator_app, "Create workshop")
    (workshop,) = list_workshops(file_db)
    assert workshop["name"] == "Claims discovery"
    department_name_box(facilitator_app).input("Claims")
    submit_form(facilitator_app, "Add department")
    department_name_box(facilitator_app).input(" claims ")
    submit_form(facilitator_app, "Add department")
    assert any("already a department called claims" in e.value for e in facilitator_app.error)
    assert [d["name"] for d in list_departments(file_db, workshop["id"])] == ["Claims"]


def test_setup_refuses_a_workshop_without_a_name(facilitator_app, file_db):
    facilitator_app.run()
    facilitator_app.text_input(key="setup_new_name").input("   ")
    submit_form(facilitator_app, "Create workshop")
    assert any("workshop name is needed" in e.value for e in facilitator_app.error)
    assert list_workshops(file_db, include_deleted=True) == []


def test_setup_deletes_and_restores_a_workshop(facilitator_app, file_db):
    workshop_id, _ = workshop_with_department(file_db)
    facilitator_app.run()
    facilitator_app.checkbox(key=f"setup_confirm_delete_{workshop_id}").check().run()
    facilitator_app.button(key="setup_delete_workshop").click().run()
    assert list_workshops(file_db) == []
    facilitator_app.button(key="setup_restore_workshop").click().run()
    assert [w["id"] for w in list_workshops(file_db)] == [workshop_id]


def test_setup_guide_can_be_restored_to_the_default(facilitator_app, file_db):
    workshop_id, _ = workshop_with_department(file_db)
    replace_guide(file_db, workshop_id, [{"theme": "Only", "question": "One question?"}])
    facilitator_app.run()
    facilitator_app.button(key="setup_reset_guide").click().run()
    assert len(list_guide(file_db, workshop_id)) == 8


def test_interview_captures_pain_points_for_one_department(facilitator_app, file_db):
    workshop_id, department_id = workshop_with_department(file_db)
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/interview.py").run()
    facilitator_app.button(key="interview_new").click().run()
    (interview,) = list_interviews(file_db, workshop_id)
    form = f"interview_form_{interview['id']}_0"
    facilitator_app.text_input(key=f"{form}_title").input("Month-end pack built by hand")
    facilitator_app.number_input(key=f"{form}_frequency_count").set_value(1)
    facilitator_app.selectbox(key=f"{form}_frequency_period").select("month")
    facilitator_app.number_input(key=f"{form}_minutes_per_occurrence").set_value(480)
    facilitator_app.selectbox(key=f"{form}_data_sensitivity").select("amber")
    submit_form(facilitator_app, "Save pain point")
    assert not facilitator_app.exception
    (row,) = list_pain_points(file_db, workshop_id, interview_id=interview["id"])
    assert (row["department_id"], row["hours_per_year"], row["data_sensitivity"]) == (department_id, 96.0, "amber")
    assert facilitator_app.dataframe[0].value["Pain point"].tolist() == ["Month-end pack built by hand"]
    assert facilitator_app.text_input(key=f"interview_form_{interview['id']}_1_title").value == ""


def test_interview_edit_delete_and_undo(facilitator_app, file_db):
    workshop_id, department_id = workshop_with_department(file_db)
    interview_id = start_interview(file_db, workshop_id, department_id)
    pain_point_id = add_pain_point(file_db, build_pain_point(
        {"title": "Old title", "frequency_count": 1, "frequency_period": "day", "minutes_per_occurrence": 5,
         "people_count": 1}, workshop_id=workshop_id, department_id=department_id, interview_id=interview_id))
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/interview.py").run()
    key = f"interview_entries_{interview_id}"
    facilitator_app.selectbox(key=f"{key}_chosen").select(pain_point_id).run()
    facilitator_app.text_input(key=f"{key}_edit_{pain_point_id}_0_title").input("New title")
    submit_form(facilitator_app, "Save changes")
    assert get_pain_point(file_db, pain_point_id)["title"] == "New title"
    facilitator_app.selectbox(key=f"{key}_chosen").select(pain_point_id).run()
    facilitator_app.button(key=f"{key}_delete_{pain_point_id}").click().run()
    assert count_pain_points(file_db, workshop_id) == 0
    facilitator_app.button(key=f"{key}_undo").click().run()
    assert count_pain_points(file_db, workshop_id) == 1


def test_pain_points_page_filters_searches_bulk_edits_deletes_and_undoes(facilitator_app, file_db):
    workshop_id = sample.load_sample(file_db)
    total = count_pain_points(file_db, workshop_id)
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/pain_points.py").run()
    assert len(facilitator_app.dataframe[0].value) == total
    facilitator_app.text_input(key="pain_points_query").input("timesheets").run()
    shown = facilitator_app.dataframe[0].value
    assert 0 < len(shown) < total and all("imesheet" in t for t in shown["Pain point"])
    facilitator_app.text_input(key="pain_points_query").input("").run()
    facilitator_app.multiselect(key="pain_points_classes").select("red").run()
    red_ids = facilitator_app.dataframe[0].value["No."].tolist()
    assert red_ids and all(get_pain_point(file_db, i)["data_sensitivity"] == "red" for i in red_ids)

    facilitator_app.checkbox(key="pain_points_select_all").check().run()
    facilitator_app.selectbox(key="pain_points_bulk_field").select("data_sensitivity").run()
    facilitator_app.selectbox(key="pain_points_bulk_class").select("amber").run()
    facilitator_app.button(key="pain_points_bulk_apply").click().run()
    assert all(get_pain_point(file_db, i)["data_sensitivity"] == "amber" for i in red_ids)

    facilitator_app.multiselect(key="pain_points_classes").unselect("red").run()
    facilitator_app.checkbox(key="pain_points_select_all").uncheck().run()
    facilitator_app.multiselect(key="pain_points_selected").select(red_ids[0]).run()
    facilitator_app.button(key="pain_points_bulk_delete").click().run()
    assert count_pain_points(file_db, workshop_id) == total - 1
    facilitator_app.button(key="pain_points_undo").click().run()
    assert count_pain_points(file_db, workshop_id) == total


def test_pain_points_page_restores_from_the_deleted_list(facilitator_app, file_db):
    workshop_id, department_id = workshop_with_department(file_db)
    pain_point_id = add_entry(file_db, workshop_id, department_id)
    delete_pain_points(file_db, [pain_point_id])
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/pain_points.py").run()
    facilitator_app.multiselect(key="pain_points_restore").select(pain_point_id).run()
    facilitator_app.button(key="pain_points_restore_button").click().run()
    assert count_pain_points(file_db, workshop_id) == 1


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_hostile_text_is_shown_inert_on_facilitator_pages(facilitator_app, file_db, page):
    workshop_id = create_workshop(file_db, name=HOSTILE[:100])
    department_id = add_department(file_db, workshop_id, "![d](http://tracker.example/d.png)")
    interview_id = start_interview(file_db, workshop_id, department_id)
    add_pain_point(file_db, build_pain_point(
        {"title": HOSTILE[:120], "description": HOSTILE, "owner_name": "<b>boss</b>", "frequency_count": 1,
         "frequency_period": "day", "minutes_per_occurrence": 5, "people_count": 1},
        workshop_id=workshop_id, department_id=department_id, interview_id=interview_id))
    facilitator_app.run()
    facilitator_app.switch_page(page).run()
    assert not facilitator_app.exception
    assert_inert(facilitator_app)


def test_hostile_text_is_shown_inert_on_the_participant_page(file_db):
    workshop_id = create_workshop(file_db, name=HOSTILE[:100])
    add_department(file_db, workshop_id, "![d](http://tracker.example/d.png)")
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input(HOSTILE[:120])
    submit_form(app)
    assert not app.exception
    assert count_pain_points(file_db, workshop_id) == 1
    assert_inert(app)


def department_name_box(app):
    """The 'Department name' box (its key changes each time a department is added, to clear it)."""
    return next(box for box in app.text_input if box.label == "Department name")


def assert_inert(app) -> None:
    """No Markdown element carries a live image, link, or HTML tag from user text."""
    live = re.compile(r"(?<!\\)(!\[|\]\(|<script|<img|<b>)")
    for body in markdown_bodies(app):
        assert not live.search(body), body



def test_closing_the_workshop_mid_entry_keeps_the_participants_text(file_db):
    workshop_id, _ = workshop_with_department(file_db)
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input("Typed before the close")
    update_workshop(file_db, workshop_id, {"is_open": False})
    submit_form(app)
    assert not app.exception
    assert any("closed the workshop to new entries" in e.value for e in app.error)
    assert app.text_input(key="contribute_form_0_title").value == "Typed before the close"
    assert count_pain_points(file_db, workshop_id) == 0


def test_a_removed_department_is_never_swapped_for_another_silently(file_db):
    workshop_id, finance = workshop_with_department(file_db)
    sales = add_department(file_db, workshop_id, "Sales")
    app = participant_app(file_db, workshop_id)
    app.selectbox(key="contribute_form_0_department_id").select(sales)
    app.text_input(key="contribute_form_0_title").input("Quotes wait for approval")
    delete_department(file_db, sales)
    submit_form(app)
    assert count_pain_points(file_db, workshop_id) == 0
    assert any("department" in e.value for e in app.error)


def test_a_participants_edit_keeps_the_facilitators_later_changes(file_db):
    workshop_id, department_id = workshop_with_department(file_db)
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input("Quotes wait")
    submit_form(app)
    (row,) = list_pain_points(file_db, workshop_id)
    app.selectbox(key="contribute_mine_chosen").select(row["id"]).run()
    bulk_update_pain_points(file_db, [row["id"]], {"data_sensitivity": "red", "owner_name": "Dana",
                                                           "severity": 5})
    app.text_input(key=f"contribute_mine_edit_{row['id']}_0_title").input("Quotes wait for approval")
    submit_form(app, "Save changes")
    stored = get_pain_point(file_db, row["id"])
    assert (stored["title"], stored["data_sensitivity"], stored["owner_name"], stored["severity"]) == (
        "Quotes wait for approval", "red", "Dana", 5)


def test_workshops_with_the_same_name_can_be_told_apart(facilitator_app, file_db):
    older = create_workshop(file_db, name="Discovery", session_date="2026-11-01")
    newer = create_workshop(file_db, name="Discovery", session_date="2026-11-24")
    facilitator_app.run()
    assert facilitator_app.session_state["workshop_id"] == newer
    picker = facilitator_app.selectbox(key=f"app_workshop_{newer}")
    assert len(set(picker.options)) == 2
    picker.select(older).run()
    assert facilitator_app.session_state["workshop_id"] == older


def test_markdown_in_a_department_name_is_shown_as_text(facilitator_app, file_db):
    workshop_id = create_workshop(file_db, name="Plain")
    facilitator_app.run()
    department_name_box(facilitator_app).input("![x](http://tracker.example/p.png) **BIG**")
    submit_form(facilitator_app, "Add department")
    department_name_box(facilitator_app).input("![x](http://tracker.example/p.png) **BIG**")
    submit_form(facilitator_app, "Add department")
    assert list_departments(file_db, workshop_id)
    assert_inert(facilitator_app)
    assert any("already a department" in e.value for e in facilitator_app.error)
