"""Rules decided once (data classes, candidate ids, union-find, vote limits) and used the same everywhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain import candidate_ids
from aiadopt.domain.candidates import aggregate_candidates
from aiadopt.domain.charter import draft_charter
from aiadopt.domain.data_classes import AMBER, DATA_CLASS_COLOURS, GREEN, RED, colour_of, data_class_of, least_safe
from aiadopt.domain.grouping import DisjointSets
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.voting import (
    MAX_VOTES_PER_PARTICIPANT,
    MIN_VOTES_PER_PARTICIPANT,
    check_ballot,
    check_votes_per_participant,
)
from aiadopt.ui.figures import value_ease_figure
from tests.factories import candidate, frame

WORKSHOP = {"name": "Acme discovery", "organisation": "Acme", "session_date": "2026-11-28", "facilitator": "Sam"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], GREEN),
        (["green", "green"], GREEN),
        (["green", "amber"], AMBER),
        (["amber", "red"], RED),
        (["green", None], AMBER),
        (["green", "purple"], AMBER),
        ([" RED ", "green"], RED),
    ],
)
def test_the_least_safe_class_wins_and_an_unknown_class_counts_amber(values, expected):
    assert least_safe(values) == expected


def test_an_unknown_class_is_amber_in_consolidation_the_charter_and_every_colour():
    members = [
        {
            "id": 1,
            "title": "Re-typing invoices",
            "department": "Finance",
            "frequency_count": 5,
            "frequency_period": "week",
            "minutes_per_occurrence": 10,
            "people_count": 1,
            "data_sensitivity": "green",
        },
        {
            "id": 2,
            "title": "Re-typing orders",
            "department": "Sales",
            "frequency_count": 5,
            "frequency_period": "week",
            "minutes_per_occurrence": 10,
            "people_count": 1,
            "data_sensitivity": "",
        },
    ]
    aggregated = aggregate_candidates(members, {7: [1, 2]}, {7: "Re-typing"}, {})
    assert aggregated.loc[0, "data_class"] == AMBER
    charter = draft_charter({"title": "Re-typing"}, members, WORKSHOP)
    assert charter["data_class"] == AMBER
    assert colour_of("not a class") == DATA_CLASS_COLOURS[AMBER] == colour_of(None)
    assert data_class_of("Green") == GREEN


def test_the_screen_chart_draws_an_unknown_class_with_the_amber_candidates():
    ranked = frame(candidate(1, data_class="amber"), candidate(2, data_class="unheard of"))
    ranked["rank"] = [1, 2]
    ranked["value_score"], ranked["ease_score"] = [0.7, 0.4], [0.6, 0.3]
    traces = {trace.name: len(trace.x) for trace in value_ease_figure(ranked).data if trace.x is not None}
    assert traces.get("Amber data") == 2


@given(st.integers(min_value=1, max_value=10**9))
def test_a_single_pain_point_candidate_id_round_trips(pain_point_id):
    single = candidate_ids.single(pain_point_id)
    assert not candidate_ids.is_merged(single)
    assert candidate_ids.pain_point_of(single) == pain_point_id
    assert candidate_ids.parse_charter_key(candidate_ids.charter_key(single)) == ("pain_point", pain_point_id)


def test_a_merged_candidate_is_not_a_pain_point():
    merged = candidate_ids.merged(12)
    assert candidate_ids.is_merged(merged) and candidate_ids.kind_label(merged) == "merged"
    assert candidate_ids.charter_key(merged) == "candidate:12"
    with pytest.raises(ValueError):
        candidate_ids.pain_point_of(merged)
    assert candidate_ids.parse_charter_key("nonsense") is None


@given(st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=40))
def test_joined_items_share_a_root_and_others_keep_their_own(pairs):
    sets = DisjointSets(20)
    for a, b in pairs:
        sets.join(a, b)
    for a, b in pairs:
        assert sets.find(a) == sets.find(b)
    # Reference: flood fill over the same pairs.
    groups = {i: {i} for i in range(20)}
    for a, b in pairs:
        merged = groups[a] | groups[b]
        for item in merged:
            groups[item] = merged
    for a in range(20):
        for b in range(20):
            assert (sets.find(a) == sets.find(b)) == (b in groups[a])


@pytest.mark.parametrize("votes", [MIN_VOTES_PER_PARTICIPANT, 5, MAX_VOTES_PER_PARTICIPANT, "7"])
def test_votes_per_participant_inside_the_range_are_kept(votes):
    assert check_votes_per_participant(votes) == int(votes)


@pytest.mark.parametrize("votes", [0, MAX_VOTES_PER_PARTICIPANT + 1, -3, "many", None, 2.5e9])
def test_votes_per_participant_outside_the_range_get_a_plain_message(votes):
    with pytest.raises(ValidationError, match="Votes per participant"):
        check_votes_per_participant(votes)


def test_a_ballot_may_not_overspend_or_go_negative():
    assert check_ballot({1: 2, 2: 0, 3: 1}, allowed=3) == {1: 2, 3: 1}
    with pytest.raises(ValidationError, match="You have 3 votes"):
        check_ballot({1: 2, 2: 2}, allowed=3)
    with pytest.raises(ValidationError, match="negative"):
        check_ballot({1: -1}, allowed=3)
