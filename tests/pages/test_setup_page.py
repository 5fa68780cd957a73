"""The setup page: workshops, departments, the guide and the sample."""

from __future__ import annotations

from aiadopt.services.capture import count_pain_points
from aiadopt.services.workshops import (
    create_workshop,
    get_workshop,
    list_departments,
    list_guide,
    list_workshops,
    replace_guide,
)
from tests.apptest_helpers import assert_inert, facilitator_on, rendered_strings, submit_form
from tests.factories import make_workshop


def department_name_box(app):
    """The 'Department name' box (its key changes each time a department is added, to clear it)."""
    return next(box for box in app.text_input if box.label == "Department name")


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
    assert any("already a department called Claims" in e.value for e in facilitator_app.error)
    assert [d["name"] for d in list_departments(file_db, workshop["id"])] == ["Claims"]


def test_setup_refuses_a_workshop_without_a_name(facilitator_app, file_db):
    facilitator_app.run()
    facilitator_app.text_input(key="setup_new_name").input("   ")
    submit_form(facilitator_app, "Create workshop")
    assert any("workshop name is needed" in e.value for e in facilitator_app.error)
    assert list_workshops(file_db, include_deleted=True) == []


def test_setup_deletes_and_restores_a_workshop(facilitator_app, file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    facilitator_app.run()
    facilitator_app.checkbox(key=f"setup_confirm_delete_{workshop_id}").check().run()
    facilitator_app.button(key="setup_delete_workshop").click().run()
    assert list_workshops(file_db) == []
    facilitator_app.button(key="setup_restore_workshop").click().run()
    assert [w["id"] for w in list_workshops(file_db)] == [workshop_id]


def test_the_guide_can_be_restored_to_the_default(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    replace_guide(file_db, workshop_id, [{"theme": "Only", "question": "One question?"}])
    app = facilitator_on("app_pages/guide.py", workshop_id)
    app.button(key="guide_reset").click().run()
    assert not app.exception
    assert len(list_guide(file_db, workshop_id)) == 8


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


def test_the_facilitator_chooses_that_facilitators_do_not_vote(file_db):
    """Issue 18, item 4: next to the votes per participant, saved with the workshop's details."""
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    app = facilitator_on("app_pages/setup.py", workshop_id)
    box = app.checkbox(key=f"setup_facilitators_vote_{workshop_id}")
    assert box.label == "Facilitators do not vote" and box.value is False
    box.check()
    submit_form(app, "Save details")
    assert not app.exception
    assert get_workshop(file_db, workshop_id)["facilitators_vote"] == 0
    assert app.checkbox(key=f"setup_facilitators_vote_{workshop_id}").value is True
    app.checkbox(key=f"setup_facilitators_vote_{workshop_id}").uncheck()
    submit_form(app, "Save details")
    assert get_workshop(file_db, workshop_id)["facilitators_vote"] == 1
