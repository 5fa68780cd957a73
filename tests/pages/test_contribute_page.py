"""The participant's page: add, edit, delete and undo their own entries, never anyone else's."""

from __future__ import annotations

from aiadopt.services.capture import bulk_update_pain_points, count_pain_points, get_pain_point, list_pain_points
from aiadopt.services.workshops import add_department, delete_department, update_workshop
from tests.apptest_helpers import participant_app, rendered_strings, submit_form
from tests.factories import make_pain_point, make_workshop


def test_participant_adds_edits_deletes_and_undoes_their_own_entry(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
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
    workshop_id, department_id = make_workshop(file_db, name="Team day", facilitator="Sam")
    make_pain_point(file_db, workshop_id, department_id, title="Someone else's problem", reporter="Priya Secret")
    app = participant_app(file_db, workshop_id)
    shown = " ".join(rendered_strings(app)) + app.dataframe[0].value.to_string()
    assert "Someone else's problem" not in shown and "Priya Secret" not in shown


def test_invalid_participant_entry_keeps_the_text_and_explains(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
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


def test_closing_the_workshop_mid_entry_keeps_the_participants_text(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input("Typed before the close")
    update_workshop(file_db, workshop_id, {"is_open": False})
    submit_form(app)
    assert not app.exception
    assert any("closed the workshop to new entries" in e.value for e in app.error)
    assert app.text_input(key="contribute_form_0_title").value == "Typed before the close"
    assert count_pain_points(file_db, workshop_id) == 0


def test_a_removed_department_is_never_swapped_for_another_silently(file_db):
    workshop_id, finance = make_workshop(file_db, name="Team day", facilitator="Sam")
    sales = add_department(file_db, workshop_id, "Sales")
    app = participant_app(file_db, workshop_id)
    app.selectbox(key="contribute_form_0_department_id").select(sales)
    app.text_input(key="contribute_form_0_title").input("Quotes wait for approval")
    delete_department(file_db, sales)
    submit_form(app)
    assert count_pain_points(file_db, workshop_id) == 0
    assert any("department" in e.value for e in app.error)


def test_a_participants_edit_keeps_the_facilitators_later_changes(file_db):
    workshop_id, department_id = make_workshop(file_db, name="Team day", facilitator="Sam")
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input("Quotes wait")
    submit_form(app)
    (row,) = list_pain_points(file_db, workshop_id)
    app.selectbox(key="contribute_mine_chosen").select(row["id"]).run()
    bulk_update_pain_points(file_db, [row["id"]], {"data_sensitivity": "red", "owner_name": "Dana", "severity": 5})
    app.text_input(key=f"contribute_mine_edit_{row['id']}_0_title").input("Quotes wait for approval")
    submit_form(app, "Save changes")
    stored = get_pain_point(file_db, row["id"])
    assert (stored["title"], stored["data_sensitivity"], stored["owner_name"], stored["severity"]) == (
        "Quotes wait for approval",
        "red",
        "Dana",
        5,
    )
