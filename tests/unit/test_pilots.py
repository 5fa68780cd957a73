"""Issue 11: the verdict rules and the checks on measurements and gates."""

from __future__ import annotations

from datetime import date

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.pilots import check_gate, check_measurement, hours_saved, verdict

PILOT = {
    "kpi_metric": "cycle time",
    "kpi_unit": "days",
    "kpi_baseline": 6.0,
    "kpi_target": 2.0,
    "started_on": "2026-10-01",
    "hours_at_start": 900.0,
}
TODAY = date(2026, 11, 28)


def m(day: str, value: float, hours: float | None = None) -> dict:
    return {"measured_on": day, "value": value, "hours_per_year": hours}


def test_the_verdict_says_where_the_pilot_stands():
    assert verdict(PILOT, [], {}).text == "No measurement yet: record today's cycle time; gates passed: 0 of 5."
    on_track = verdict(PILOT, [m("2026-10-01", 6), m("2026-11-12", 3)], {1: "passed", 2: "passed"})
    assert on_track.status == "on_track"
    assert (
        on_track.text
        == "On track, 6 weeks in: cycle time 6 days → 3 days, target 2 days (75% of the way); gates passed: 2 of 5."
    )
    assert verdict(PILOT, [m("2026-11-12", 2)], {}).status == "reached"
    assert verdict(PILOT, [m("2026-11-12", 7)], {}).text.startswith("Behind, 6 weeks in: cycle time 6 days → 7 days")
    assert verdict(PILOT, [m("2026-11-12", 3)], {1: "passed", 2: "stopped"}).status == "stopped"


def test_higher_is_better_when_the_target_is_above_the_baseline():
    share = PILOT | {"kpi_metric": "first-time right", "kpi_unit": "%", "kpi_baseline": 60.0, "kpi_target": 90.0}
    assert verdict(share, [m("2026-10-15", 75)], {}).text.startswith(
        "On track, 2 weeks in: first-time right 60% → 75%, target 90%"
    )
    assert verdict(share, [m("2026-10-15", 95)], {}).status == "reached"


def test_the_latest_measurement_counts_and_hours_saved_come_from_the_latest_measured_hours():
    measurements = [m("2026-11-12", 3, 500), m("2026-10-15", 5, 700), m("2026-11-20", 2.5)]
    assert verdict(PILOT, measurements, {}).text.startswith("On track, 7 weeks in: cycle time 6 days → 2.5 days")
    assert hours_saved(PILOT, measurements) == 400


@pytest.mark.parametrize(
    ("value", "day", "message"),
    [
        (3, "2026-09-30", "cannot come before it"),
        (3, "2026-12-01", "cannot be in the future"),
        (-1, "2026-11-01", "cannot be negative"),
        ("three", "2026-11-01", "must be a number"),
        (float("inf"), "2026-11-01", "must be a number"),
        (3, "yesterday", "must be a date"),
    ],
)
def test_measurements_out_of_time_or_of_the_wrong_kind_are_refused(value, day, message):
    with pytest.raises(ValidationError) as refused:
        check_measurement(value, day, PILOT["started_on"], TODAY, "days")
    assert message in " ".join(refused.value.errors.values())


def test_a_percentage_above_100_is_refused():
    with pytest.raises(ValidationError, match="between 0 and 100"):
        check_measurement(140, "2026-11-01", PILOT["started_on"], TODAY, "%")


def test_a_gate_passes_only_after_the_one_before_it():
    with pytest.raises(ValidationError, match="Gate 3 cannot pass before gate 2 has passed"):
        check_gate(3, "passed", {1: "passed"})
    check_gate(2, "passed", {1: "passed"})
    with pytest.raises(ValidationError, match="Gate 2 has passed: take that back first"):
        check_gate(1, "not_yet", {1: "passed", 2: "passed"})
    with pytest.raises(ValidationError, match="stopped at gate 2"):
        check_gate(3, "stopped", {1: "passed", 2: "stopped"})
    with pytest.raises(ValidationError, match="numbered 1 to 5"):
        check_gate(6, "passed", {})
