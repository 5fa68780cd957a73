"""Dot voting: votes follow pain points through merges and splits; the ballot is fair to every candidate."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.ranking.gates import Gates
from aiadopt.domain.voting import (
    BALLOT_DESCRIPTION_LENGTH,
    ballot_description,
    ballot_keys,
    ballot_order,
    candidate_id_for,
    candidate_votes,
    check_facilitators_vote,
    dots_to_store,
    lead_pain_point,
    on_ballot,
    one_line,
    participant_seed,
)
from tests.factories import PROPERTY, candidate, frame

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


# --- The ballot: what is on it, in whose order, with which words (issue 18, item 4) -----------


def test_red_data_candidates_are_not_on_the_ballot_by_default():
    """A candidate the default gates keep out of the ranking would only waste the votes spent on it."""
    candidates = frame(
        candidate(-1, data_class="green"),
        candidate(-2, data_class="red"),
        candidate(3, data_class="amber"),
        candidate(-4, data_class="red", owner="", has_kpi_metric=False),
    )
    assert on_ballot(candidates)["candidate_id"].tolist() == [-1, 3]


def test_the_ballot_follows_the_gates_it_is_given():
    candidates = frame(candidate(-1), candidate(-2, data_class="red"), candidate(-3, owner=""))
    assert on_ballot(candidates, Gates(red_data="flag"))["candidate_id"].tolist() == [-1, -2, -3]
    assert on_ballot(candidates, Gates(no_owner="exclude"))["candidate_id"].tolist() == [-1]


def test_a_title_naming_a_tool_still_waits_off_the_ballot():
    candidates = frame(candidate(-1, title="We need a chatbot for questions"), candidate(-2, title="Same questions"))
    assert on_ballot(candidates)["candidate_id"].tolist() == [-2]


def test_an_empty_workshop_has_an_empty_ballot():
    assert on_ballot(frame(candidate(-1, data_class="red"))).empty


@PROPERTY
@given(st.sets(st.integers(-10_000, 10_000), max_size=60), st.text(max_size=40))
def test_each_participants_order_is_a_permutation_of_the_ballot(ids, token):
    order = ballot_order(ballot_keys(sorted(ids)), participant_seed(token))
    assert sorted(order.tolist()) == list(range(len(ids)))


def test_a_participants_order_is_the_same_at_every_run():
    ids = list(range(-40, 0)) + [7, 12]
    first = ballot_order(ballot_keys(ids), participant_seed("aB3dE5fG7hJ9kL2m")).tolist()
    again = ballot_order(ballot_keys(list(ids)), participant_seed("aB3dE5fG7hJ9kL2m")).tolist()
    assert first == again
    assert first != list(range(len(ids)))  # shuffled, not as given


def test_different_participants_get_different_orders():
    keys = ballot_keys(range(-20, 0))
    orders = {tuple(ballot_order(keys, participant_seed(f"participant-{n}")).tolist()) for n in range(300)}
    assert len(orders) == 300


def test_every_candidate_comes_first_about_as_often():
    """Order effects average out over a room: each of 10 candidates is first for about a tenth of 3,000 people."""
    keys = ballot_keys(range(-10, 0))
    firsts = Counter(int(ballot_order(keys, participant_seed(f"token-{n}"))[0]) for n in range(3_000))
    assert sorted(firsts) == list(range(10))
    assert all(230 <= count <= 370 for count in firsts.values()), firsts  # 300 expected, sd about 16


def test_a_candidate_taken_away_leaves_the_others_in_the_order_they_had():
    """The facilitator merges while a room votes: nobody's ballot is reshuffled under their thumb."""
    ids = list(range(-30, 0))
    seed = participant_seed("same person")
    before = [ids[i] for i in ballot_order(ballot_keys(ids), seed)]
    rest = [i for i in ids if i != -17]
    after = [rest[i] for i in ballot_order(ballot_keys(rest), seed)]
    assert after == [i for i in before if i != -17]


def member(pain_point_id: int, hours: float, description: str) -> dict:
    return {"id": pain_point_id, "hours_per_year": hours, "description": description}


@pytest.mark.parametrize(
    ("members", "line"),
    [
        ([member(4, 10, "Orders wait days for a second signature.")], "Orders wait days for a second signature."),
        ([member(4, 10, "Small one."), member(9, 80, "Big one.")], "Big one."),  # the member losing most hours
        ([member(9, 50, "Later id."), member(4, 50, "Earlier id.")], "Earlier id."),  # equal hours: earliest id
        ([member(4, 90, "We need a chatbot for this."), member(9, 10, "Emails ask the same.")], "Emails ask the same."),
        ([member(4, 90, "  "), member(9, 10, "Said\nover two lines.")], "Said over two lines."),
        ([member(4, 90, "We should buy a scheduling tool.")], ""),
        ([member(4, 90, None)], ""),
    ],
)
def test_a_ballot_line_tells_what_the_candidate_is_about(members, line):
    assert ballot_description(members) == line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("short", "short"),
        ("word " * 40, ("word " * 19).strip() + "…"),
        ("x" * 150, "x" * 99 + "…"),
        ("a" * 60 + ", " + "b" * 60, "a" * 60 + "…"),  # cut at the last space, its comma dropped
    ],
)
def test_a_description_is_shortened_to_one_line_of_about_a_hundred_characters(text, line):
    assert one_line(text) == line
    assert len(one_line(text)) <= BALLOT_DESCRIPTION_LENGTH


@pytest.mark.parametrize(("value", "stored"), [(True, 1), (False, 0), (1, 1), (0, 0)])
def test_the_facilitators_vote_switch_is_yes_or_no(value, stored):
    assert check_facilitators_vote(value) == stored


@pytest.mark.parametrize("value", ["yes", 2, None, -1])
def test_the_facilitators_vote_switch_refuses_anything_else(value):
    with pytest.raises(ValidationError):
        check_facilitators_vote(value)
