"""What the ranking reads: the numbers a criterion takes from each pain point (`Input`), how a merged
candidate combines its members' values, and the facts aggregation gives about a whole candidate.

The criteria (`criteria.py`) name their inputs; `domain/candidates.py` combines each input over a
candidate's members as its record says.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from aiadopt.domain.fields import FIELDS_BY_NAME, FREQUENCY_PERIODS
from aiadopt.domain.pain_points import hours_lost


def number(value: object) -> float | None:
    """A finite number, or None (missing, not a number, infinite). A yes/no counts as 1/0."""
    if value is None:
        return None
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


# --- How a merged candidate combines its members' values ----------------------------------
# Each receives (value, member) for the members that gave the value (never empty).

Combine: TypeAlias = Callable[[Sequence[tuple[float, Mapping]]], float]


def total(given: Sequence[tuple[float, Mapping]]) -> float:
    """The members' values added up (time lost adds up)."""
    return float(sum(value for value, _ in given))


def mean(given: Sequence[tuple[float, Mapping]]) -> float:
    """The members' mean."""
    return sum(value for value, _ in given) / len(given)


def highest(given: Sequence[tuple[float, Mapping]]) -> float:
    """The largest member value."""
    return float(max(value for value, _ in given))


def mean_by_occurrences(given: Sequence[tuple[float, Mapping]]) -> float:
    """The mean weighted by how often each member's work happens (a plain mean when none says)."""
    weights = [member_occurrences(member) or 0.0 for _, member in given]
    if sum(weights) > 0:
        return sum(value * weight for (value, _), weight in zip(given, weights)) / sum(weights)
    return mean(given)


# --- Reading one pain point -----------------------------------------------------------------


def member_occurrences(point: Mapping) -> float | None:
    """Times a year a pain point's work happens: stored, or from its frequency."""
    stored = number(point.get("occurrences_per_year"))
    if stored is not None:
        return stored
    period = FREQUENCY_PERIODS.get(str(point.get("frequency_period") or "").strip())
    count = number(point.get("frequency_count"))
    return count * period if period is not None and count is not None else None


def member_hours(point: Mapping) -> float | None:
    """Hours a year a pain point costs: stored, or from how often, how long and how many people."""
    stored = number(point.get("hours_per_year"))
    if stored is not None:
        return stored
    occurrences = member_occurrences(point)
    minutes = number(point.get("minutes_per_occurrence"))
    people = number(point.get("people_count"))
    if occurrences is None or minutes is None or people is None:
        return None
    return hours_lost(occurrences, minutes, people)


@dataclass(frozen=True)
class Input:
    """A number a criterion reads from each pain point, and how a merged candidate combines it.

    When no member gave it, the candidate gets `neutral` and the missing-data flag names `label`.
    """

    name: str  # the candidate table's column (and, unless `read` says otherwise, the pain-point field)
    label: str
    neutral: float
    combine: Combine = mean
    read: Callable[[Mapping], float | None] | None = None

    def of(self, point: Mapping) -> float | None:
        """This input's value for one pain point (None when not given)."""
        return self.read(point) if self.read is not None else number(point.get(self.name))


def field_input(name: str, neutral: float, combine: Combine = mean) -> Input:
    """An input that is a pain-point field of the same name, labelled as the capture form labels it."""
    return Input(name, FIELDS_BY_NAME[name].label, neutral, combine)


# Facts about a whole candidate that aggregation gives directly (`domain/candidates.py`), never
# neutral-filled or flagged: how many departments raised it, its votes, its KPI's parts, its owner.
CANDIDATE_FACTS: dict[str, float] = {
    "department_count": 1.0,
    "votes": 0.0,
    "has_kpi_metric": 0.0,
    "has_kpi_baseline": 0.0,
    "has_kpi_target": 0.0,
    "has_owner": 0.0,
}
