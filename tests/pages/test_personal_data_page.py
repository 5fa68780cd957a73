"""The Personal data page: the names a workshop holds, erasing one, erasing a participant, purging."""

from __future__ import annotations

from aiadopt.services.capture import get_pain_point
from tests.apptest_helpers import facilitator_on, submit_form
from tests.factories import make_pain_point, make_participant, make_workshop


def test_the_page_lists_names_and_erases_one_when_confirmed(file_db):
    workshop_id, department_id = make_workshop(file_db)
    pain_point_id = make_pain_point(file_db, workshop_id, department_id, reporter="Megan Ross")
    app = facilitator_on("app_pages/personal_data.py", workshop_id)
    assert not app.exception
    assert "Megan Ross" in app.dataframe[0].value["Name"].tolist()
    app.selectbox(key="personal_name").select("Megan Ross")
    submit_form(app, "Erase")
    assert any("Tick the box" in e.value for e in app.error)  # nothing erased without confirming
    assert get_pain_point(file_db, pain_point_id)["reporter"] == "Megan Ross"
    app.checkbox(key="personal_sure").check()
    submit_form(app, "Erase")
    assert not app.exception
    assert get_pain_point(file_db, pain_point_id)["reporter"] == ""
    # Left: the facilitator's own name, which the change log keeps for what they did.
    assert app.dataframe[0].value["Name"].tolist() == ["Sam Owner"]
    assert app.dataframe[-1].value["What"].tolist() == ["person"]


def test_a_participant_is_erased_from_the_page(file_db):
    workshop_id, department_id = make_workshop(file_db)
    person = make_participant(file_db, workshop_id)
    pain_point_id = make_pain_point(file_db, workshop_id, department_id, participant_id=person["id"], reporter="Ana")
    app = facilitator_on("app_pages/personal_data.py", workshop_id)
    app.selectbox(key="personal_participant").select(person["id"])
    submit_form(app, "Erase this participant")
    assert not app.exception
    assert get_pain_point(file_db, pain_point_id)["reporter"] == ""
