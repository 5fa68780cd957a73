"""A pilot after the workshop: its KPI measured over time, its five gates, and a verdict in plain words.

"Track outcomes, not usage": a measurement is the KPI's value on a date (and, when measured, the
hours a year the work costs now); a gate is passed, not yet passed, or the pilot was stopped there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from aiadopt.domain.pain_points import ValidationError, clean_text

GATE_STATUSES = ("not_yet", "passed", "stopped")
GATE_LABELS = {"not_yet": "not yet", "passed": "passed", "stopped": "stopped here"}
NOTE_LENGTH = 500
NAME_LENGTH = 80
MAX_VALUE = 1e12


def parse_day(value: object, label: str) -> date:
    """A date from a date or ISO text; ValidationError in plain words otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(clean_text(value)[:10])
    except ValueError:
        raise ValidationError({label: f"The {label} must be a date, e.g. 2026-12-01."}) from None


def check_measurement(
    value: object, measured_on: object, started_on: object, today: date, unit: str = "", hours: object = None
) -> tuple[float, date, float | None]:
    """(value, day, hours a year now) of a new measurement; ValidationError with every problem otherwise."""
    errors: dict[str, str] = {}
    day = parse_day(measured_on, "date")
    start = parse_day(started_on, "start date")
    if day < start:
        errors["date"] = f"The pilot started on {start.isoformat()}: a measurement cannot come before it."
    if day > today:
        errors["date"] = "A measurement cannot be in the future: record it on the day it was taken."
    number = _number(value)
    if number is None:
        errors["value"] = "The value must be a number, e.g. 3.5."
    elif number < 0:
        errors["value"] = "The value cannot be negative: a KPI here counts time, errors or cases."
    elif unit.strip() == "%" and number > 100:
        errors["value"] = "The KPI is a percentage: the value must be between 0 and 100."
    now_hours = None
    if hours not in (None, ""):
        now_hours = _number(hours)
        if now_hours is None or now_hours < 0:
            errors["hours"] = "Hours a year must be a number, 0 or more."
    if errors:
        raise ValidationError(errors)
    assert number is not None
    return number, day, now_hours


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(str(value).replace(",", "")) if not isinstance(value, (int, float)) else float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_VALUE else None


def check_gate(phase: int, status: str, gates: dict[int, str], phases: int = 5) -> None:
    """A gate's new status, against the others: a gate passes only after the one before it passed."""
    if not 1 <= phase <= phases:
        raise ValidationError({"gate": f"There are {phases} gates, numbered 1 to {phases}."})
    if status not in GATE_STATUSES:
        raise ValidationError({"gate": "A gate is passed, not yet passed, or where the pilot stopped."})
    if status == "passed" and phase > 1 and gates.get(phase - 1) != "passed":
        raise ValidationError({"gate": f"Gate {phase} cannot pass before gate {phase - 1} has passed."})
    later = [p for p, s in gates.items() if p > phase and s == "passed"]
    if status != "passed" and later:
        raise ValidationError({"gate": f"Gate {min(later)} has passed: take that back first."})
    stopped = [p for p, s in gates.items() if s == "stopped" and p != phase]
    if status != "not_yet" and stopped:
        raise ValidationError({"gate": f"The pilot was stopped at gate {stopped[0]}: take that back first."})


@dataclass(frozen=True)
class Verdict:
    """Where the pilot stands, in a word and a sentence."""

    status: str  # no_data | on_track | behind | reached | stopped
    text: str


def _amount(value: float, unit: str) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"
    return f"{text} {unit}".strip() if unit and unit != "%" else (text + "%" if unit == "%" else text)


def verdict(pilot: dict, measurements: Sequence[dict], gates: dict[int, str]) -> Verdict:
    """The verdict for leaders: stopped, no measurement yet, target reached, on track or behind.

    Lower is better when the target is below the baseline (cycle time, errors), higher otherwise.
    """
    metric = pilot.get("kpi_metric") or "the KPI"
    unit = pilot.get("kpi_unit") or ""
    passed = sum(1 for s in gates.values() if s == "passed")
    gates_text = f"gates passed: {passed} of 5"
    stopped = [p for p, s in gates.items() if s == "stopped"]
    if stopped:
        return Verdict("stopped", f"Stopped at gate {stopped[0]}; {gates_text}.")
    if not measurements:
        return Verdict("no_data", f"No measurement yet: record today's {metric}; {gates_text}.")
    ordered = sorted(measurements, key=lambda m: (m["measured_on"], m.get("id", 0)))
    latest = ordered[-1]
    weeks = max(0, (parse_day(latest["measured_on"], "date") - parse_day(pilot["started_on"], "date")).days // 7)
    baseline, target, value = pilot.get("kpi_baseline"), pilot.get("kpi_target"), float(latest["value"])
    when = f"{weeks} week{'s' if weeks != 1 else ''} in"
    if baseline is None or target is None or baseline == target:
        return Verdict(
            "on_track",
            f"{when}: {metric} now {_amount(value, unit)} (no baseline and target to compare); {gates_text}.",
        )
    lower_is_better = target < baseline
    change = f"{metric} {_amount(baseline, unit)} → {_amount(value, unit)}, target {_amount(target, unit)}"
    reached = value <= target if lower_is_better else value >= target
    if reached:
        return Verdict("reached", f"Target reached, {when}: {change}; {gates_text}.")
    share = (baseline - value) / (baseline - target)
    if share > 0:
        return Verdict("on_track", f"On track, {when}: {change} ({share:.0%} of the way); {gates_text}.")
    return Verdict("behind", f"Behind, {when}: {change}, no closer to the target than at the start; {gates_text}.")


def hours_saved(pilot: dict, measurements: Sequence[dict]) -> float | None:
    """Hours a year saved so far: at the start minus the latest measured (None when never measured)."""
    measured = [m for m in sorted(measurements, key=lambda m: m["measured_on"]) if m.get("hours_per_year") is not None]
    if not measured or pilot.get("hours_at_start") is None:
        return None
    return float(pilot["hours_at_start"]) - float(measured[-1]["hours_per_year"])
