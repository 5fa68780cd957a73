"""Dot voting on candidate workflows, as pure functions.

Dots are stored on pain points, so merging and splitting never lose a vote: a candidate's
votes are the dots on its pain points, and a dot given to a merged candidate is stored on its
lead pain point (the lowest number among its members).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from aiadopt.domain import candidate_ids
from aiadopt.domain.candidates import by_hours_lost
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.ranking.criteria import candidate_facts, read_inputs
from aiadopt.domain.ranking.gates import Gates, gate_outcomes
from aiadopt.domain.wording import solution_terms_in

# How many votes a facilitator may give each participant.
MIN_VOTES_PER_PARTICIPANT = 1
MAX_VOTES_PER_PARTICIPANT = 20
DEFAULT_VOTES_PER_PARTICIPANT = 5


def open_for_voting(candidates: pd.DataFrame) -> pd.DataFrame:
    """The candidates participants may vote on: a title naming a tool waits for the facilitator to rewrite it."""
    return candidates[~candidates["title"].map(lambda title: bool(solution_terms_in(title)))]


def on_ballot(candidates: pd.DataFrame, gates: Gates | None = None) -> pd.DataFrame:
    """The candidates participants vote on: open for voting, and ranked under `gates` (the defaults unless
    given). A candidate a gate keeps out of the ranking (red data, by default) would only waste votes."""
    votable = open_for_voting(candidates).reset_index(drop=True)
    if votable.empty:
        return votable
    inputs = read_inputs(votable)
    outcomes = gate_outcomes(votable, inputs, candidate_facts(inputs), Gates() if gates is None else gates)
    return votable[[not outcome.reasons for outcome in outcomes]].reset_index(drop=True)


BALLOT_DESCRIPTION_LENGTH = 100  # characters: one line under the title on a phone


def one_line(text: object, limit: int = BALLOT_DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary with an ellipsis when longer than `limit` characters."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else cut  # a very long word is cut inside
    return cut.rstrip(" ,;:.") + "…"


def ballot_description(members: Sequence[Mapping]) -> str:
    """A line telling a candidate apart from similar titles: the description of its member losing the most
    hours, shortened; the next member's when that one proposes a tool; '' when none says anything."""
    for member in by_hours_lost(members):
        line = one_line(member.get("description"))
        if line and not solution_terms_in(line):
            return line
    return ""


# A participant's order on the ballot: every candidate gets a number from its id once per ballot, and
# each participant's seed mixes those numbers into keys; the order is the keys sorted. It costs one
# vectorised mix and one argsort per page run (no objects re-sorted), it is the same at every run for
# the same person, and a candidate added or taken away leaves the others in the order they had.
def _mixed(values: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser over uint64 values (wrapping arithmetic): a bijection that scatters bits."""
    z = values + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def ballot_keys(ids: Sequence[int]) -> np.ndarray:
    """One number per candidate, from its id alone (made once per ballot)."""
    return _mixed(np.array([int(i) & 0xFFFFFFFFFFFFFFFF for i in ids], dtype=np.uint64))


def participant_seed(token: str) -> np.uint64:
    """A participant's seed for their ballot order, from their identity token."""
    digest = hashlib.blake2b(str(token).encode("utf-8"), digest_size=8, person=b"ballot-order").digest()
    return np.uint64(int.from_bytes(digest, "big"))


def ballot_order(keys: np.ndarray, seed: np.uint64) -> np.ndarray:
    """The positions of a ballot's lines in one participant's order (a permutation of range(len(keys)))."""
    return np.argsort(_mixed(keys ^ seed), kind="stable")


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
        raise ValidationError({"dots": N_("Votes per participant must be a whole number.")}) from None
    if not MIN_VOTES_PER_PARTICIPANT <= votes <= MAX_VOTES_PER_PARTICIPANT:
        raise ValidationError(
            {
                "dots": Message(
                    "Votes per participant must be between {least} and {most}.",
                    least=MIN_VOTES_PER_PARTICIPANT,
                    most=MAX_VOTES_PER_PARTICIPANT,
                )
            }
        )
    return votes


def check_facilitators_vote(value: object) -> int:
    """The workshop's "facilitators vote" switch as stored: 1 (they may vote) or 0 (they do not)."""
    if value not in (True, False, 0, 1):  # (True == 1 and False == 0: the bools pass as well)
        raise ValidationError({"facilitators_vote": N_("Whether facilitators vote must be yes or no.")})
    return int(bool(value))


def check_ballot(dots: Mapping[int, int], allowed: int) -> dict[int, int]:
    """A participant's dots per pain point, checked: none negative, no more than `allowed` in all."""
    if any(int(v) < 0 for v in dots.values()):
        raise ValidationError({"votes": Message("Votes cannot be negative.")})
    clean = {int(k): int(v) for k, v in dots.items() if int(v) > 0}
    total = sum(clean.values())
    if total > allowed:
        raise ValidationError(
            {
                "votes": Message(
                    "You have {allowed} votes to spend; you chose {total}. Take some back first.",
                    allowed=allowed,
                    total=total,
                )
            }
        )
    return clean
