"""Dot voting arithmetic: votes follow pain points through merges and splits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain.voting import candidate_id_for, candidate_votes, dots_to_store, lead_pain_point

GROUPS = {7: [3, 5, 9]}


@pytest.mark.parametrize(("pain_point", "candidate"), [(3, 7), (5, 7), (9, 7), (4, -4)])
def test_each_pain_point_counts_towards_its_candidate(pain_point, candidate):
    assert candidate_id_for(pain_point, GROUPS) == candidate


def test_votes_on_merged_pain_points_add_up():
    assert candidate_votes(GROUPS, {3: 2, 9: 1, 4: 5}) == {7: 3, -4: 5}


def test_dots_for_a_merged_candidate_are_stored_on_its_lead_pain_point():
    assert lead_pain_point(7, GROUPS) == 3
    assert dots_to_store({7: 2, -4: 1, -8: 0}, GROUPS) == {3: 2, 4: 1}


@given(st.dictionaries(st.integers(1, 30), st.integers(0, 5)), st.sets(st.integers(1, 30), min_size=2, max_size=6))
def test_merging_never_changes_the_total_number_of_votes(votes, merged):
    groups = {1: sorted(merged)}
    assert sum(candidate_votes(groups, votes).values()) == sum(votes.values())
    assert sum(candidate_votes({}, votes).values()) == sum(votes.values())
