"""Aggregate pain points into candidate workflows: a merged group, or one pain point on its own.

Every aggregation rule (sums, means weighted by hours, the least safe data class, provenance) is
documented in docs/scoring.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from aiadopt.domain import candidate_ids
from aiadopt.domain.data_classes import DATA_CLASS_ORDER, least_safe
from aiadopt.domain.ranking.criteria import INPUTS
from aiadopt.domain.ranking.inputs import member_hours, number

# Columns every candidate has whatever the criteria read, then one per criterion input (in the
# criteria's order, combined as each input's record says), then the rest of the provenance.
_LEAD = (
    "candidate_id",
    "title",
    "member_ids",
    "member_titles",
    "member_count",
    "departments",
    "department_count",
    "reporters_count",
    "hours_by_department",
)
_TAIL = (
    "data_class",
    "data_location",
    "owner",
    "has_owner",
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
CANDIDATE_COLUMNS: tuple[str, ...] = _LEAD + tuple(i.name for i in INPUTS) + _TAIL


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


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
        + (number(point.get("kpi_baseline")) is not None)
        + (number(point.get("kpi_target")) is not None)
    )


def _candidate(candidate_id: int, title: str, members: Sequence[Mapping], votes: int) -> dict:
    # Plain Python on purpose: the lists are a few items long and numpy's overhead would dominate.
    combined: dict[str, float] = {}
    missing = []
    for given in INPUTS:
        values = [(value, member) for member in members if (value := given.of(member)) is not None]
        combined[given.name] = given.combine(values) if values else given.neutral
        if len(values) < len(members):
            missing.append(given.name)

    classes = [_text(m.get("data_sensitivity", m.get("data_class"))).lower() for m in members]
    if any(c not in DATA_CLASS_ORDER for c in classes):
        missing.append("data_sensitivity")

    member_departments = [_text(m.get("department")) for m in members]
    by_department: dict[str, float] = defaultdict(float)
    for department, member in zip(member_departments, members):
        by_department[department or "No department"] += member_hours(member) or 0.0
    departments = sorted(set(member_departments) - {""})
    owners = list(dict.fromkeys(filter(None, (_text(m.get("owner_name")) for m in members))))
    locations = list(dict.fromkeys(filter(None, (_text(m.get("data_location")) for m in members))))
    kpi_member = max(members, key=lambda m: (_kpi_completeness(m), -int(m.get("id", 0) or 0)))
    baseline = number(kpi_member.get("kpi_baseline"))
    target = number(kpi_member.get("kpi_target"))
    return {
        "candidate_id": int(candidate_id),
        "title": title,
        "member_ids": [int(m["id"]) for m in members],
        "member_titles": [_text(m.get("title")) for m in members],
        "member_count": len(members),
        "departments": departments,
        "department_count": len(departments),
        "reporters_count": len({_reporter_key(m) for m in members}),
        "hours_by_department": dict(by_department),
        **combined,
        "data_class": least_safe(classes),
        "data_location": "; ".join(locations),
        "owner": ", ".join(owners),
        "has_owner": bool(owners),
        "kpi_metric": _text(kpi_member.get("kpi_metric")),
        "kpi_unit": _text(kpi_member.get("kpi_unit")),
        "kpi_baseline": baseline if baseline is not None else np.nan,
        "kpi_target": target if target is not None else np.nan,
        "has_kpi_metric": bool(_text(kpi_member.get("kpi_metric"))),
        "has_kpi_baseline": baseline is not None,
        "has_kpi_target": target is not None,
        "votes": int(votes),
        "proposes_solution": any(bool(number(m.get("proposes_solution")) or 0) for m in members),
        "missing": missing,
    }


def by_hours_lost(members: Sequence[Mapping]) -> list[Mapping]:
    """A candidate's members, the one losing the most hours first (earliest id first among equals)."""
    return sorted(members, key=lambda m: (-(member_hours(m) or 0.0), int(m["id"])))


def default_title(members: Sequence[Mapping]) -> str:
    """A merged candidate's title when nobody chose one: the member losing the most hours (earliest id among equals)."""
    return _text(by_hours_lost(members)[0].get("title"))


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
