"""A pilot after the workshop: its KPI measured over time, its five gates, and a verdict in plain words.

"Track outcomes, not usage": a measurement is the KPI's value on a date (and, when measured, the
hours a year the work costs now); a gate is passed, not yet passed, or the pilot was stopped there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError, clean_text

GATE_STATUSES = ("not_yet", "passed", "stopped")
GATE_LABELS = {"not_yet": N_("not yet"), "passed": N_("passed"), "stopped": N_("stopped here")}
DAY_LABELS = {"date": N_("date"), "start date": N_("start date")}  # parse_day's labels, marked
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
        said = Message(label) if label in DAY_LABELS else label  # a marked label is translated where shown
        raise ValidationError({label: Message("The {label} must be a date, e.g. 2026-12-01.", label=said)}) from None


def check_measurement(
    value: object, measured_on: object, started_on: object, today: date, unit: str = "", hours: object = None
) -> tuple[float, date, float | None]:
    """(value, day, hours a year now) of a new measurement; ValidationError with every problem otherwise."""
    errors: dict[str, str] = {}
    day = parse_day(measured_on, "date")
    start = parse_day(started_on, "start date")
    if day < start:
        errors["date"] = Message(
            "The pilot started on {day}: a measurement cannot come before it.", day=start.isoformat()
        )
    if day > today:
        errors["date"] = N_("A measurement cannot be in the future: record it on the day it was taken.")
    number = _number(value)
    if number is None:
        errors["value"] = N_("The value must be a number, e.g. 3.5.")
    elif number < 0:
        errors["value"] = N_("The value cannot be negative: a KPI here counts time, errors or cases.")
    elif unit.strip() == "%" and number > 100:
        errors["value"] = N_("The KPI is a percentage: the value must be between 0 and 100.")
    now_hours = None
    if hours not in (None, ""):
        now_hours = _number(hours)
        if now_hours is None or now_hours < 0:
            errors["hours"] = N_("Hours a year must be a number, 0 or more.")
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


def check_gate(stage: int, status: str, gates: dict[int, str], stages: int = 5) -> None:
    """A gate's new status, against the others: a gate passes only after the one before it passed."""
    if not 1 <= stage <= stages:
        raise ValidationError({"gate": Message("There are {n} gates, numbered 1 to {n}.", n=stages)})
    if status not in GATE_STATUSES:
        raise ValidationError({"gate": N_("A gate is passed, not yet passed, or where the pilot stopped.")})
    if status == "passed" and stage > 1 and gates.get(stage - 1) != "passed":
        raise ValidationError(
            {"gate": Message("Gate {n} cannot pass before gate {previous} has passed.", n=stage, previous=stage - 1)}
        )
    later = [p for p, s in gates.items() if p > stage and s == "passed"]
    if status != "passed" and later:
        raise ValidationError({"gate": Message("Gate {n} has passed: take that back first.", n=min(later))})
    stopped = [p for p, s in gates.items() if s == "stopped" and p != stage]
    if status != "not_yet" and stopped:
        raise ValidationError(
            {"gate": Message("The pilot was stopped at gate {n}: take that back first.", n=stopped[0])}
        )


@dataclass(frozen=True)
class Verdict:
    """Where the pilot stands, in a word and a sentence."""

    status: str  # no_data | on_track | behind | reached | stopped
    text: str


def _amount(value: float, unit: str) -> object:
    """A KPI value with its unit, translatable: whole from 100 up, else to one decimal (a number's
    parameter is written for the language where the message is shown)."""
    shown: float = round(value) if float(value).is_integer() or abs(value) >= 100 else round(value, 1)
    if unit == "%":
        return Message("{amount}%", amount=shown)
    return Message("{amount} {unit}", amount=shown, unit=unit) if unit else shown


def _weeks_in(weeks: int) -> Message:
    return Message("1 week in") if weeks == 1 else Message("{n} weeks in", n=weeks)


def verdict(pilot: dict, measurements: Sequence[dict], gates: dict[int, str]) -> Verdict:
    """The verdict for leaders: stopped, no measurement yet, target reached, on track or behind.

    Lower is better when the target is below the baseline (cycle time, errors), higher otherwise.
    The text is a `Message`: English here, said in the reader's language where it is shown.
    """
    metric: object = pilot.get("kpi_metric") or Message("the KPI")
    unit = pilot.get("kpi_unit") or ""
    passed = sum(1 for s in gates.values() if s == "passed")
    gates_text = Message("gates passed: {passed} of {total}", passed=passed, total=5)
    stopped = [p for p, s in gates.items() if s == "stopped"]
    if stopped:
        return Verdict("stopped", Message("Stopped at gate {n}; {gates}.", n=stopped[0], gates=gates_text))
    if not measurements:
        return Verdict(
            "no_data", Message("No measurement yet: record today's {metric}; {gates}.", metric=metric, gates=gates_text)
        )
    ordered = sorted(measurements, key=lambda m: (m["measured_on"], m.get("id", 0)))
    latest = ordered[-1]
    weeks = max(0, (parse_day(latest["measured_on"], "date") - parse_day(pilot["started_on"], "date")).days // 7)
    baseline, target, value = pilot.get("kpi_baseline"), pilot.get("kpi_target"), float(latest["value"])
    when = _weeks_in(weeks)
    if baseline is None or target is None or baseline == target:
        return Verdict(
            "on_track",
            Message(
                "{when}: {metric} now {value} (no baseline and target to compare); {gates}.",
                when=when,
                metric=metric,
                value=_amount(value, unit),
                gates=gates_text,
            ),
        )
    lower_is_better = target < baseline
    change = Message(
        "{metric} {baseline} → {value}, target {target}",
        metric=metric,
        baseline=_amount(baseline, unit),
        value=_amount(value, unit),
        target=_amount(target, unit),
    )
    reached = value <= target if lower_is_better else value >= target
    if reached:
        return Verdict(
            "reached", Message("Target reached, {when}: {change}; {gates}.", when=when, change=change, gates=gates_text)
        )
    share = (baseline - value) / (baseline - target)
    if share > 0:
        return Verdict(
            "on_track",
            Message(
                "On track, {when}: {change} ({share}% of the way); {gates}.",
                when=when,
                change=change,
                share=round(share * 100),
                gates=gates_text,
            ),
        )
    return Verdict(
        "behind",
        Message(
            "Behind, {when}: {change}, no closer to the target than at the start; {gates}.",
            when=when,
            change=change,
            gates=gates_text,
        ),
    )


def hours_saved(pilot: dict, measurements: Sequence[dict]) -> float | None:
    """Hours a year saved so far: at the start minus the latest measured (None when never measured)."""
    measured = [m for m in sorted(measurements, key=lambda m: m["measured_on"]) if m.get("hours_per_year") is not None]
    if not measured or pilot.get("hours_at_start") is None:
        return None
    return float(pilot["hours_at_start"]) - float(measured[-1]["hours_per_year"])
