"""Dot voting on candidate workflows, as pure functions.

Dots are stored on pain points, so merging and splitting never lose a vote: a candidate's
votes are the dots on its pain points, and a dot given to a merged candidate is stored on its
lead pain point (the lowest number among its members).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from aiadopt.domain.wording import solution_terms_in


def open_for_voting(candidates: pd.DataFrame) -> pd.DataFrame:
    """The candidates participants may vote on: a title naming a tool waits for the facilitator to rewrite it."""
    return candidates[~candidates["title"].map(lambda title: bool(solution_terms_in(title)))]


def candidate_of_pain_points(groups: Mapping[int, list[int]]) -> dict[int, int]:
    """Pain point id -> the merged candidate it belongs to."""
    return {pain_point_id: candidate_id for candidate_id, members in groups.items() for pain_point_id in members}


def candidate_id_for(pain_point_id: int, groups: Mapping[int, list[int]]) -> int:
    """The candidate a pain point counts towards: its merged candidate, or itself (negated id)."""
    return candidate_of_pain_points(groups).get(pain_point_id, -int(pain_point_id))


def lead_pain_point(candidate_id: int, groups: Mapping[int, list[int]]) -> int:
    """The pain point a dot for this candidate is stored on."""
    if candidate_id < 0:
        return -candidate_id
    return min(groups[candidate_id])


def candidate_votes(groups: Mapping[int, list[int]], pain_point_votes: Mapping[int, int]) -> dict[int, int]:
    """Dots per candidate id, summed over its pain points."""
    owner = candidate_of_pain_points(groups)
    totals: dict[int, int] = {}
    for pain_point_id, dots in pain_point_votes.items():
        candidate_id = owner.get(pain_point_id, -int(pain_point_id))
        totals[candidate_id] = totals.get(candidate_id, 0) + int(dots)
    return totals


def dots_to_store(candidate_dots: Mapping[int, int], groups: Mapping[int, list[int]]) -> dict[int, int]:
    """A participant's dots per candidate, turned into dots per (lead) pain point."""
    stored: dict[int, int] = {}
    for candidate_id, dots in candidate_dots.items():
        if int(dots) > 0:
            lead = lead_pain_point(int(candidate_id), groups)
            stored[lead] = stored.get(lead, 0) + int(dots)
    return stored
