"""Aggregate pain points into candidate workflows: a merged group, or one pain point on its own.

Every aggregation rule (sums, means weighted by hours, the least safe data class, provenance) is
documented in docs/scoring.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from aiadopt.domain import candidate_ids
from aiadopt.domain.data_classes import DATA_CLASS_ORDER, least_safe
from aiadopt.domain.fields import FREQUENCY_PERIODS
from aiadopt.domain.pain_points import hours_lost
from aiadopt.domain.ranking.criteria import NEUTRAL_VALUES

# Neutral values used when a number is missing (None/NaN), shared with the scoring model.
NEUTRAL = NEUTRAL_VALUES
_MEAN_FIELDS = ("severity", "io_clarity", "rule_based", "change_readiness", "data_availability", "data_quality")

CANDIDATE_COLUMNS = (
    "candidate_id",
    "title",
    "member_ids",
    "member_titles",
    "member_count",
    "departments",
    "department_count",
    "reporters_count",
    "hours_per_year",
    "hours_by_department",
    "occurrences_per_year",
    "error_rate_pct",
    "waits_on_other_teams",
    "customer_impact",
    "severity",
    "io_clarity",
    "rule_based",
    "change_readiness",
    "data_availability",
    "data_quality",
    "data_class",
    "data_location",
    "owner",
    "kpi_metric",
    "kpi_unit",
    "kpi_baseline",
    "kpi_target",
    "has_kpi_metric",
    "has_kpi_baseline",
    "has_kpi_target",
    "votes",
    "proposes_solution",
    "missing",
)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # a yes/no flag counts as 1/0; float() refuses what is not a number
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _member_numbers(point: Mapping) -> dict[str, float | None]:
    """The numbers of one pain point, hours and occurrences derived when not given."""
    values = {name: _number(point.get(name)) for name in NEUTRAL}
    period = FREQUENCY_PERIODS.get(_text(point.get("frequency_period")))
    count = _number(point.get("frequency_count"))
    if values["occurrences_per_year"] is None and period is not None and count is not None:
        values["occurrences_per_year"] = count * period
    if values["hours_per_year"] is None:
        minutes = _number(point.get("minutes_per_occurrence"))
        people = _number(point.get("people_count"))
        occurrences = values["occurrences_per_year"]
        if occurrences is not None and minutes is not None and people is not None:
            values["hours_per_year"] = hours_lost(occurrences, minutes, people)
    return values


def _reporter_key(point: Mapping) -> object:
    name = _text(point.get("reporter")).casefold()
    if name:
        return ("name", name)
    if point.get("participant_id") is not None:
        return ("participant", point.get("participant_id"))
    return ("anonymous", point.get("id"))  # each anonymous entry counts as one person


def _kpi_completeness(point: Mapping) -> int:
    return (
        bool(_text(point.get("kpi_metric")))
        + (_number(point.get("kpi_baseline")) is not None)
        + (_number(point.get("kpi_target")) is not None)
    )


def _candidate(candidate_id: int, title: str, members: Sequence[Mapping], votes: int) -> dict:
    numbers = [_member_numbers(m) for m in members]
    # Plain Python on purpose: the lists are a few items long and numpy's overhead would dominate.
    present = {name: [x for v in numbers if (x := v[name]) is not None] for name in NEUTRAL}
    missing = [name for name in NEUTRAL if len(present[name]) < len(numbers)]

    hours = [v["hours_per_year"] or 0.0 for v in numbers]
    occurrences = [v["occurrences_per_year"] or 0.0 for v in numbers]
    error_pairs = [
        (v["error_rate_pct"], v["occurrences_per_year"] or 0.0) for v in numbers if v["error_rate_pct"] is not None
    ]
    if not error_pairs:
        error_rate = NEUTRAL["error_rate_pct"]
    elif sum(w for _, w in error_pairs) > 0:
        error_rate = sum(e * w for e, w in error_pairs) / sum(w for _, w in error_pairs)
    else:
        error_rate = sum(e for e, _ in error_pairs) / len(error_pairs)
    waits = present["waits_on_other_teams"]
    impacts = present["customer_impact"]

    classes = [_text(m.get("data_sensitivity", m.get("data_class"))).lower() for m in members]
    if any(c not in DATA_CLASS_ORDER for c in classes):
        missing.append("data_sensitivity")
    data_class = least_safe(classes)

    member_departments = [_text(m.get("department")) for m in members]
    by_department: dict[str, float] = defaultdict(float)
    for department, member_hours in zip(member_departments, hours):
        by_department[department or "No department"] += member_hours
    departments = sorted(set(member_departments) - {""})
    owners = list(dict.fromkeys(filter(None, (_text(m.get("owner_name")) for m in members))))
    locations = list(dict.fromkeys(filter(None, (_text(m.get("data_location")) for m in members))))
    kpi_member = max(members, key=lambda m: (_kpi_completeness(m), -int(m.get("id", 0) or 0)))
    baseline = _number(kpi_member.get("kpi_baseline"))
    target = _number(kpi_member.get("kpi_target"))
    return {
        "candidate_id": int(candidate_id),
        "title": title,
        "member_ids": [int(m["id"]) for m in members],
        "member_titles": [_text(m.get("title")) for m in members],
        "member_count": len(members),
        "departments": departments,
        "department_count": len(departments),
        "reporters_count": len({_reporter_key(m) for m in members}),
        "hours_per_year": float(sum(hours)),
        "hours_by_department": dict(by_department),
        "occurrences_per_year": float(sum(occurrences)),
        "error_rate_pct": float(error_rate),
        "waits_on_other_teams": sum(waits) / len(waits) if waits else NEUTRAL["waits_on_other_teams"],
        "customer_impact": float(max(impacts)) if impacts else NEUTRAL["customer_impact"],
        **{name: sum(present[name]) / len(present[name]) if present[name] else NEUTRAL[name] for name in _MEAN_FIELDS},
        "data_class": data_class,
        "data_location": "; ".join(locations),
        "owner": ", ".join(owners),
        "kpi_metric": _text(kpi_member.get("kpi_metric")),
        "kpi_unit": _text(kpi_member.get("kpi_unit")),
        "kpi_baseline": baseline if baseline is not None else np.nan,
        "kpi_target": target if target is not None else np.nan,
        "has_kpi_metric": bool(_text(kpi_member.get("kpi_metric"))),
        "has_kpi_baseline": baseline is not None,
        "has_kpi_target": target is not None,
        "votes": int(votes),
        "proposes_solution": any(bool(_number(m.get("proposes_solution")) or 0) for m in members),
        "missing": missing,
    }


def default_title(members: Sequence[Mapping]) -> str:
    """A merged candidate's title when nobody chose one: the member losing the most hours (earliest id among equals)."""
    leader = max(members, key=lambda m: ((_member_numbers(m)["hours_per_year"] or 0.0), -int(m["id"])))
    return _text(leader.get("title"))


def aggregate_candidates(
    pain_points: list[dict],
    groups: Mapping[int, list[int]],
    titles: Mapping[int, str] | None = None,
    votes: Mapping[int, int] | None = None,
) -> pd.DataFrame:
    """One row per candidate workflow: merged groups plus every ungrouped pain point on its own.

    `groups` maps candidate id -> pain point ids; a pain point in no group becomes a
    candidate with id `-pain_point_id`. Ids in a group that are not among `pain_points`
    (deleted ones) are ignored, and a group left empty is dropped.
    """
    titles = titles or {}
    votes = votes or {}
    by_id = {int(p["id"]): p for p in pain_points}
    seen: dict[int, int] = {}
    rows = []
    for candidate_id in sorted(groups):
        if int(candidate_id) <= 0:
            raise ValueError("Candidate group ids must be positive: negative ids are for single pain points.")
        member_ids = sorted({int(i) for i in groups[candidate_id] if int(i) in by_id})
        for pid in member_ids:
            if pid in seen:
                raise ValueError(f"Pain point {pid} is in two candidate workflows ({seen[pid]} and {candidate_id}).")
            seen[pid] = candidate_id
        if not member_ids:
            continue
        members = [by_id[i] for i in member_ids]
        title = _text(titles.get(candidate_id)) or default_title(members)
        rows.append(_candidate(candidate_id, title, members, votes.get(candidate_id, 0) or 0))
    for pid in sorted(by_id):
        if pid in seen:
            continue
        candidate_id = candidate_ids.single(pid)
        title = _text(titles.get(candidate_id)) or _text(by_id[pid].get("title"))
        rows.append(_candidate(candidate_id, title, [by_id[pid]], votes.get(candidate_id, 0) or 0))
    frame = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    return (
        frame.astype(
            {
                "candidate_id": "int64",
                "member_count": "int64",
                "department_count": "int64",
                "reporters_count": "int64",
                "votes": "int64",
            }
        )
        if len(frame)
        else frame
    )
