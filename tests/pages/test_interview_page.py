"""The interview page: pain points captured for one department, edited, deleted and undone."""

from __future__ import annotations

from aiadopt.services.audit import guide_themes, interview_coverage
from aiadopt.services.capture import count_pain_points, get_pain_point, list_pain_points
from aiadopt.services.workshops import list_interviews, replace_guide, start_interview
from tests.apptest_helpers import submit_form
from tests.factories import make_pain_point, make_workshop


def test_interview_captures_pain_points_for_one_department(facilitator_app, file_db):
    workshop_id, department_id = make_workshop(file_db, name="Team day", facilitator="Sam")
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
    workshop_id, department_id = make_workshop(file_db, name="Team day", facilitator="Sam")
    interview_id = start_interview(file_db, workshop_id, department_id)
    pain_point_id = make_pain_point(file_db, workshop_id, department_id, interview_id=interview_id, title="Old title")
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


def test_the_guide_follows_the_theme_being_discussed_and_notes_silence(facilitator_app, file_db):
    """Issue 10: a pain point records the theme it answers; 'asked, nothing found' is an answer, not a gap."""
    workshop_id, department_id = make_workshop(file_db, name="Team day", facilitator="Sam")
    interview_id = start_interview(file_db, workshop_id, department_id)
    themes = guide_themes(file_db, workshop_id)
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/interview.py").run()
    assert not facilitator_app.exception
    form = f"interview_form_{interview_id}_0"
    assert facilitator_app.selectbox(key=f"{form}_theme").value == themes[0]
    facilitator_app.radio(key=f"interview_theme_{interview_id}").set_value(themes[2]).run()
    assert facilitator_app.selectbox(key=f"{form}_theme").value == themes[2]  # the form follows
    facilitator_app.text_input(key=f"{form}_title").input("Month-end pack built by hand")
    submit_form(facilitator_app, "Save pain point")
    (row,) = list_pain_points(file_db, workshop_id, interview_id=interview_id)
    assert row["theme"] == themes[2]
    facilitator_app.radio(key=f"interview_theme_{interview_id}").set_value(themes[4]).run()
    facilitator_app.button(key=f"interview_mark_nothing_found_{interview_id}").click().run()
    status = interview_coverage(file_db, interview_id)
    assert (status[themes[2]], status[themes[4]], status[themes[0]]) == ("raised", "nothing_found", "not_yet")
    assert any("2 of 8 themes covered" in p.text for p in facilitator_app.get("progress"))
    facilitator_app.button(key=f"interview_mark_None_{interview_id}").click().run()
    assert interview_coverage(file_db, interview_id)[themes[4]] == "not_yet"


def test_a_guide_of_30_themes_and_counts_shown_as_whole_numbers(facilitator_app, file_db):
    workshop_id, department_id = make_workshop(file_db, name="Team day", facilitator="Sam")
    replace_guide(file_db, workshop_id, [{"theme": f"Theme {n}", "question": f"Question {n}?"} for n in range(30)])
    interview_id = start_interview(file_db, workshop_id, department_id)
    facilitator_app.run()
    facilitator_app.switch_page("app_pages/interview.py").run()
    assert not facilitator_app.exception
    assert len(facilitator_app.radio(key=f"interview_theme_{interview_id}").options) == 30
    count = facilitator_app.number_input(key=f"interview_form_{interview_id}_0_frequency_count")
    assert count.proto.format == "%g"  # "1", not "1.00"
