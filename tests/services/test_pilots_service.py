"""Issue 11: tracking a pilot through the services, and pains across workshops."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import exports, sample
from aiadopt.services.consolidation import merge_pain_points
from aiadopt.services.errors import NotFound
from aiadopt.services.pilots import (
    list_pilots,
    outcome_report_data,
    pilot_state,
    record_measurement,
    recurring_pains,
    set_gate,
    start_pilot,
)
from aiadopt.services.workshops import add_department, create_workshop, delete_workshop
from tests.factories import load_sample_workshop, make_pain_point

CHARTER = {
    "title": "Invoice approvals",
    "owner": "Priya Shah",
    "kpi_metric": "cycle time",
    "kpi_unit": "days",
    "kpi_baseline": 6,
    "kpi_target": 2,
    "hours_per_year": 900,
}
START = (date.today() - timedelta(days=42)).isoformat()


@pytest.fixture
def pilot(fresh_db):
    workshop_id, ids = load_sample_workshop(fresh_db)
    return fresh_db, workshop_id, ids, start_pilot(fresh_db, workshop_id, f"pain_point:{ids[0]}", CHARTER, START)


def test_measurements_and_gates_move_the_verdict(pilot):
    db, workshop_id, _, pilot_id = pilot
    assert pilot_state(db, pilot_id).verdict.status == "no_data"
    record_measurement(db, pilot_id, 6, START, hours=900, recorded_by="Tom")
    record_measurement(db, pilot_id, 3, date.today(), hours=450, note="second approver removed")
    set_gate(db, pilot_id, 1, "passed", evidence="workflow mapped", decider="Priya")
    state = pilot_state(db, pilot_id)
    assert state.verdict.text == (
        "On track, 6 weeks in: cycle time 6 days → 3 days, target 2 days (75% of the way); gates passed: 1 of 5."
    )
    assert state.hours_saved == 450
    assert [p["status"] for p in list_pilots(db, workshop_id)] == ["on_track"]


@pytest.mark.parametrize(
    ("value", "day", "message"),
    [
        (3, (date.today() - timedelta(days=60)).isoformat(), "cannot come before it"),
        (3, (date.today() + timedelta(days=1)).isoformat(), "cannot be in the future"),
        (-2, date.today().isoformat(), "cannot be negative"),
    ],
)
def test_a_measurement_before_the_start_in_the_future_or_negative_is_refused(pilot, value, day, message):
    db, _, _, pilot_id = pilot
    with pytest.raises(ValidationError) as refused:
        record_measurement(db, pilot_id, value, day)
    assert message in " ".join(refused.value.errors.values())
    assert pilot_state(db, pilot_id).measurements == []


def test_a_gate_cannot_pass_before_the_one_before_it(pilot):
    db, _, _, pilot_id = pilot
    with pytest.raises(ValidationError, match="Gate 2 cannot pass before gate 1 has passed"):
        set_gate(db, pilot_id, 2, "passed")
    assert pilot_state(db, pilot_id).gates == {}


def test_a_candidate_merged_after_the_start_leaves_the_pilot_as_it_started(pilot):
    db, workshop_id, ids, pilot_id = pilot
    merge_pain_points(db, workshop_id, ids[:3], title="Something else entirely")
    assert pilot_state(db, pilot_id).pilot["title"] == "Invoice approvals"


def test_a_deleted_workshops_pilot_is_gone_with_it(pilot):
    db, workshop_id, _, pilot_id = pilot
    delete_workshop(db, workshop_id)
    with pytest.raises(NotFound):
        pilot_state(db, pilot_id)
    assert list_pilots(db) == []


def test_the_outcome_report_is_one_page(pilot):
    db, _, _, pilot_id = pilot
    record_measurement(db, pilot_id, 6, START, hours=900)
    record_measurement(db, pilot_id, 3, date.today(), hours=450, note="x" * 400)
    report = outcome_report_data(db, pilot_id)
    pdf, markdown_file = (exports.render(f, report) for f in exports.formats_for(exports.PILOT_OUTCOME))
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 1
    markdown = markdown_file.decode("utf-8")
    assert "# Pilot outcome: Invoice approvals" in markdown and "Continue:" in markdown


def test_a_pain_raised_in_two_workshops_is_remembered_with_where_it_came_from(fresh_db):
    sample.load_sample(fresh_db)
    other = create_workshop(fresh_db, name="Spring workshop")
    accounts = add_department(fresh_db, other, "Accounts")
    make_pain_point(fresh_db, other, accounts, title="Invoices stuck without a PO number", description="They wait")
    make_pain_point(fresh_db, other, accounts, title="Parking permits renewed by hand", description="Every month")
    (found,) = [r for r in recurring_pains(fresh_db) if "Invoices stuck without a PO number" in r["titles"]]
    assert len(found["workshops"]) == 2 and "Accounts" in found["departments"]
    assert not [r for r in recurring_pains(fresh_db) if "Parking permits renewed by hand" in r["titles"]]


def test_a_measurement_sent_twice_is_stored_once(pilot):
    db, _, _, pilot_id = pilot
    first = record_measurement(db, pilot_id, 4, date.today(), note="after the change")
    assert record_measurement(db, pilot_id, 4, date.today(), note="after the change") == first
    assert len(pilot_state(db, pilot_id).measurements) == 1


def test_a_note_or_evidence_longer_than_its_limit_is_refused_never_cut(pilot):
    """Issue 16, finding 8: notes and gate evidence were cut to 500 characters without a word."""
    db, _, _, pilot_id = pilot
    with pytest.raises(ValidationError, match="note is too long: keep it under 500"):
        record_measurement(db, pilot_id, 5, START, note="n" * 501)
    with pytest.raises(ValidationError, match="evidence is too long: keep it under 500"):
        set_gate(db, pilot_id, 1, "passed", decided_on=START, evidence="e" * 501)
    assert pilot_state(db, pilot_id).measurements == [] and pilot_state(db, pilot_id).gates == {}
