"""Issue 11: the Pilots page: start tracking, measure, mark gates, see the verdict; across workshops."""

from __future__ import annotations

from datetime import date, timedelta

from aiadopt.formats.registry import PILOT_OUTCOME, formats_for
from aiadopt.services.pilots import list_pilots, pilot_state, start_pilot
from aiadopt.services.workshops import create_workshop
from tests.apptest_helpers import facilitator_on
from tests.factories import load_sample_workshop

CHARTER = {
    "title": "Invoice approvals",
    "kpi_metric": "cycle time",
    "kpi_unit": "days",
    "kpi_baseline": 6,
    "kpi_target": 2,
}


def test_a_pilot_is_started_from_the_shortlist_and_measured(file_db):
    workshop_id, _ = load_sample_workshop(file_db)
    app = facilitator_on("app_pages/pilots.py", workshop_id)
    assert not app.exception
    app.date_input(key="pilot_started").set_value(date.today() - timedelta(days=14))
    app.get("form_submit_button")[0].click().run()
    (pilot,) = list_pilots(file_db, workshop_id)
    assert any("No measurement yet" in i.value for i in app.info)
    pilot_id = pilot["id"]
    app.number_input(key=f"pilot_value_{pilot_id}").set_value(5)
    app.date_input(key=f"pilot_measured_on_{pilot_id}").set_value(date.today())
    next(b for b in app.get("form_submit_button") if b.label == "Save measurement").click().run()
    assert not app.exception
    assert len(pilot_state(file_db, pilot_id).measurements) == 1
    assert [e.value for e in app.error] == []
    assert [b.label for b in app.get("download_button")] == [f.label for f in formats_for(PILOT_OUTCOME)]


def test_a_refused_measurement_and_gate_say_why_and_store_nothing(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    pilot_id = start_pilot(file_db, workshop_id, f"pain_point:{ids[0]}", CHARTER, date.today() - timedelta(days=7))
    app = facilitator_on("app_pages/pilots.py", workshop_id)
    app.number_input(key=f"pilot_value_{pilot_id}").set_value(-3)
    next(b for b in app.get("form_submit_button") if b.label == "Save measurement").click().run()
    assert any("cannot be negative" in e.value for e in app.error)
    app.selectbox(key=f"pilot_gate_stage_{pilot_id}").set_value(3)
    app.radio(key=f"pilot_gate_status_{pilot_id}").set_value("passed")
    next(b for b in app.get("form_submit_button") if b.label == "Save gate").click().run()
    assert any("Gate 3 cannot pass before gate 2 has passed" in e.value for e in app.error)
    state = pilot_state(file_db, pilot_id)
    assert state.measurements == [] and state.gates == {}


def test_every_pilot_across_workshops_is_listed(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    start_pilot(file_db, workshop_id, f"pain_point:{ids[0]}", CHARTER, date.today())
    app = facilitator_on("app_pages/across_workshops.py", workshop_id)
    assert not app.exception
    every = app.dataframe[0].value
    assert list(every["Pilot"]) == ["Invoice approvals"]
    assert every["Where it stands"].iloc[0].startswith("No measurement yet")


def test_across_workshops_is_shown_even_when_the_chosen_workshop_has_no_pilot(file_db):
    """Issue 16, finding 8: "Across workshops" was never drawn when the chosen workshop had no pilot."""
    workshop_id, ids = load_sample_workshop(file_db)
    start_pilot(file_db, workshop_id, f"pain_point:{ids[0]}", CHARTER, date.today())
    other = create_workshop(file_db, name="Spring workshop")
    app = facilitator_on("app_pages/across_workshops.py", other)
    assert not app.exception
    assert list(app.dataframe[0].value["Pilot"]) == ["Invoice approvals"]
