"""Dot voting on candidate workflows, as pure functions.

Dots are stored on pain points, so merging and splitting never lose a vote: a candidate's
votes are the dots on its pain points, and a dot given to a merged candidate is stored on its
lead pain point (the lowest number among its members).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from aiadopt.domain import candidate_ids
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.wording import solution_terms_in

# How many votes a facilitator may give each participant.
MIN_VOTES_PER_PARTICIPANT = 1
MAX_VOTES_PER_PARTICIPANT = 20
DEFAULT_VOTES_PER_PARTICIPANT = 5


def open_for_voting(candidates: pd.DataFrame) -> pd.DataFrame:
    """The candidates participants may vote on: a title naming a tool waits for the facilitator to rewrite it."""
    return candidates[~candidates["title"].map(lambda title: bool(solution_terms_in(title)))]


def candidate_of_pain_points(groups: Mapping[int, list[int]]) -> dict[int, int]:
    """Pain point id -> the merged candidate it belongs to."""
    return {pain_point_id: candidate_id for candidate_id, members in groups.items() for pain_point_id in members}


def candidate_id_for(pain_point_id: int, groups: Mapping[int, list[int]]) -> int:
    """The candidate a pain point counts towards: its merged candidate, or itself alone."""
    return candidate_of_pain_points(groups).get(pain_point_id, candidate_ids.single(pain_point_id))


def lead_pain_point(candidate_id: int, groups: Mapping[int, list[int]]) -> int:
    """The pain point a dot for this candidate is stored on."""
    if not candidate_ids.is_merged(candidate_id):
        return candidate_ids.pain_point_of(candidate_id)
    return min(groups[candidate_id])


def candidate_votes(groups: Mapping[int, list[int]], pain_point_votes: Mapping[int, int]) -> dict[int, int]:
    """Dots per candidate id, summed over its pain points."""
    owner = candidate_of_pain_points(groups)
    totals: dict[int, int] = {}
    for pain_point_id, dots in pain_point_votes.items():
        candidate_id = owner.get(pain_point_id, candidate_ids.single(pain_point_id))
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


def check_votes_per_participant(value: object) -> int:
    """The number of votes each participant gets, checked against the allowed range."""
    try:
        votes = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ValidationError({"dots": "Votes per participant must be a whole number."}) from None
    if not MIN_VOTES_PER_PARTICIPANT <= votes <= MAX_VOTES_PER_PARTICIPANT:
        raise ValidationError(
            {
                "dots": f"Votes per participant must be between {MIN_VOTES_PER_PARTICIPANT} "
                f"and {MAX_VOTES_PER_PARTICIPANT}."
            }
        )
    return votes


def check_ballot(dots: Mapping[int, int], allowed: int) -> dict[int, int]:
    """A participant's dots per pain point, checked: none negative, no more than `allowed` in all."""
    if any(int(v) < 0 for v in dots.values()):
        raise ValidationError({"votes": "Votes cannot be negative."})
    clean = {int(k): int(v) for k, v in dots.items() if int(v) > 0}
    total = sum(clean.values())
    if total > allowed:
        raise ValidationError({"votes": f"You have {allowed} votes to spend; you chose {total}. Take some back first."})
    return clean
