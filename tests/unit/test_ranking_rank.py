"""Scoring and ordering: the weighted sum, the order and its tie rules, and properties of the ranking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain.ranking.criteria import CRITERIA, CRITERION_KEYS, PRESETS, criterion_matrix
from aiadopt.domain.ranking.gates import Gates
from aiadopt.domain.ranking.rank import contributions_long, rank_candidates, score
from aiadopt.domain.ranking.stability import rank_stability
from aiadopt.ui.figures import value_ease_figure
from tests.factories import PROPERTY, candidate, frame


def test_score_kernel_is_a_bare_weighted_sum():
    matrix = np.array([[1.0, 0.0], [0.5, 0.5]])
    # 1 x 0.25 + 0 x 0.75 = 0.25; 0.5 x 0.25 + 0.5 x 0.75 = 0.5
    assert score(matrix, np.array([0.25, 0.75])).tolist() == [0.25, 0.5]


# --- Ranking -----------------------------------------------------------------------------


def test_contributions_add_up_to_the_score_and_group_scores_stay_in_range():
    ranked = rank_candidates(frame(candidate(1), candidate(2, hours_per_year=900, owner="")), draws=0).ranked
    contributions = ranked[[f"contribution_{key}" for key in CRITERION_KEYS]].sum(axis=1)
    assert np.allclose(contributions, ranked["score"])
    assert ranked["value_score"].between(0, 1).all() and ranked["ease_score"].between(0, 1).all()
    assert ranked["score"].between(0, 100).all()


def test_a_perfect_candidate_scores_100_and_an_empty_one_scores_0():
    best = candidate(
        1,
        hours_per_year=1e6,
        occurrences_per_year=1e6,
        error_rate_pct=60,
        waits_on_other_teams=1,
        customer_impact=3,
        severity=5,
        department_count=4,
        votes=3,
        io_clarity=5,
        rule_based=5,
        data_availability=5,
        data_quality=5,
        change_readiness=5,
    )
    worst = candidate(
        2,
        hours_per_year=0,
        occurrences_per_year=0,
        error_rate_pct=0,
        customer_impact=0,
        severity=1,
        io_clarity=1,
        rule_based=1,
        data_availability=1,
        data_quality=1,
        change_readiness=1,
        owner="",
        has_kpi_metric=False,
        has_kpi_baseline=False,
        has_kpi_target=False,
    )
    ranked = rank_candidates(frame(worst, best), draws=0).ranked
    assert ranked["candidate_id"].tolist() == [1, 2]
    assert ranked["score"].tolist() == pytest.approx([100.0, 0.0])


def test_equal_scores_are_ordered_by_hours_lost_then_by_candidate_id():
    weights = {"io_clarity": 1}  # hours carry no weight, so all three tie on score
    rows = frame(candidate(7, hours_per_year=50), candidate(3, hours_per_year=50), candidate(5, hours_per_year=400))
    ranked = rank_candidates(rows, weights, draws=0).ranked
    assert ranked["candidate_id"].tolist() == [5, 3, 7]
    assert ranked["rank"].tolist() == [1, 2, 3]


def test_no_votes_anywhere_sets_the_votes_weight_aside():
    rows = frame(candidate(1, severity=5), candidate(2, severity=2))
    result = rank_candidates(rows, PRESETS["Balanced"], draws=0)
    without_votes = dict(PRESETS["Balanced"], votes=0)
    expected = rank_candidates(rows, without_votes, draws=0)
    assert result.weights["votes"] == 0.0
    assert result.ranked["score"].tolist() == pytest.approx(expected.ranked["score"].tolist())
    assert any("votes weight was set aside" in note for note in result.notes)


def test_votes_count_once_someone_has_voted():
    rows = frame(candidate(1), candidate(2, votes=4))
    result = rank_candidates(rows, PRESETS["Balanced"], draws=0)
    assert result.weights["votes"] == pytest.approx(3 / 48)
    assert result.ranked["candidate_id"].tolist() == [2, 1]
    assert result.notes == ()


def test_one_candidate_ranks_first_in_every_draw():
    result = rank_candidates(frame(candidate(42)), draws=200)
    row = result.ranked.iloc[0]
    assert (row["rank"], row["candidate_id"], row["p_first"], row["p_top3"]) == (1, 42, 1.0, 1.0)
    assert (row["rank_min"], row["rank_max"]) == (1, 1)
    assert row["explanation"].startswith("Ranks 1st")


def test_zero_candidates_give_empty_tables_without_error():
    empty = pd.DataFrame(columns=list(candidate()))
    result = rank_candidates(empty, draws=100)
    assert result.ranked.empty and result.excluded.empty
    for column in ("rank", "candidate_id", "score", "value_score", "ease_score", "p_first", "flags", "explanation"):
        assert column in result.ranked.columns
    matrix, flags = criterion_matrix(empty)
    assert matrix.shape == (0, len(CRITERIA)) and flags.shape == (0, len(CRITERIA))
    assert isinstance(value_ease_figure(result.ranked), go.Figure)
    assert rank_stability(np.zeros((0, len(CRITERIA))), PRESETS["Balanced"]).empty


def test_candidates_need_their_own_ids():
    with pytest.raises(ValueError, match="its own candidate_id"):
        rank_candidates(frame(candidate(1), candidate(1)), draws=0)


def test_contributions_long_lists_every_criterion_for_a_chart():
    result = rank_candidates(frame(candidate(1), candidate(2, owner="")), draws=0)
    long = contributions_long(result, 2)
    assert long["criterion"].tolist() == list(CRITERION_KEYS)
    assert long["contribution"].sum() == pytest.approx(result.ranked.set_index("candidate_id").loc[2, "score"])
    # earned + missed = the weight, in points
    assert np.allclose(long["contribution"] + long["lost"], long["weight"] * 100)
    with pytest.raises(KeyError):
        contributions_long(result, 99)


# --- Properties --------------------------------------------------------------------------

scale = st.floats(1, 5, allow_nan=False)
candidate_rows = st.lists(
    st.fixed_dictionaries(
        {
            "hours_per_year": st.floats(0, 20_000, allow_nan=False),
            "occurrences_per_year": st.floats(0, 20_000, allow_nan=False),
            "error_rate_pct": st.floats(0, 100, allow_nan=False),
            "waits_on_other_teams": st.sampled_from([0.0, 0.5, 1.0]),
            "customer_impact": st.integers(0, 3),
            "severity": scale,
            "io_clarity": scale,
            "rule_based": scale,
            "data_availability": scale,
            "data_quality": scale,
            "change_readiness": scale,
            "department_count": st.integers(1, 6),
            "votes": st.integers(0, 9),
            "has_kpi_metric": st.booleans(),
            "has_kpi_baseline": st.booleans(),
            "has_kpi_target": st.booleans(),
            "owner": st.sampled_from(["", "Ann"]),
            "data_class": st.sampled_from(["green", "amber", "red"]),
        }
    ),
    min_size=1,
    max_size=12,
)
weight_sets = st.dictionaries(st.sampled_from(CRITERION_KEYS), st.floats(0, 100, allow_nan=False), min_size=1).filter(
    lambda w: sum(w.values()) > 0
)


def as_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([dict(row, candidate_id=i + 1, title=f"C{i + 1}") for i, row in enumerate(rows)])


def scores_by_id(rows: pd.DataFrame, weights: dict) -> pd.Series:
    return rank_candidates(rows, weights, Gates(red_data="flag"), draws=0).ranked.set_index("candidate_id")["score"]


@PROPERTY
@given(rows=candidate_rows, weights=weight_sets, which=st.integers(0, 11), extra=st.floats(0, 50_000))
def test_more_hours_lost_never_lowers_a_score(rows, weights, which, extra):
    table = as_frame(rows)
    target = table["candidate_id"].iloc[which % len(table)]
    before = scores_by_id(table, weights)[target]
    table.loc[table["candidate_id"] == target, "hours_per_year"] += extra
    assert scores_by_id(table, weights)[target] >= before - 1e-9


@PROPERTY
@given(rows=candidate_rows, weights=weight_sets, which=st.integers(0, 11), raise_to=scale)
def test_more_severity_never_lowers_a_score(rows, weights, which, raise_to):
    table = as_frame(rows)
    position = which % len(table)
    target = table["candidate_id"].iloc[position]
    before = scores_by_id(table, weights)[target]
    table.loc[position, "severity"] = max(table.loc[position, "severity"], raise_to)
    assert scores_by_id(table, weights)[target] >= before - 1e-9


@PROPERTY
@given(rows=candidate_rows, weights=weight_sets, factor=st.floats(0.001, 1000))
def test_scaling_all_weights_leaves_the_order_unchanged(rows, weights, factor):
    table = as_frame(rows)
    scaled = {key: value * factor for key, value in weights.items()}
    first = rank_candidates(table, weights, draws=0).ranked["candidate_id"].tolist()
    second = rank_candidates(table, scaled, draws=0).ranked["candidate_id"].tolist()
    assert first == second


@PROPERTY
@given(rows=candidate_rows, weights=weight_sets)
def test_an_excluded_red_candidate_never_appears_in_the_ranked_list(rows, weights):
    table = as_frame(rows)
    result = rank_candidates(table, weights, draws=20)
    red = set(table.loc[table["data_class"] == "red", "candidate_id"])
    assert red.isdisjoint(result.ranked["candidate_id"])
    assert set(result.excluded["candidate_id"]) == red
    assert len(result.ranked) + len(result.excluded) == len(table)


@PROPERTY
@given(rows=candidate_rows, weights=weight_sets, seed=st.integers(0, 2**16))
def test_the_ranking_is_deterministic_and_ignores_row_order(rows, weights, seed):
    table = as_frame(rows)
    first = rank_candidates(table, weights, draws=60)
    again = rank_candidates(table, weights, draws=60)
    pd.testing.assert_frame_equal(first.ranked, again.ranked)
    shuffled = table.sample(frac=1.0, random_state=seed)
    other = rank_candidates(shuffled, weights, draws=60).ranked
    columns = ["candidate_id", "score", "p_first", "p_top3", "rank_min", "rank_max", "explanation"]
    pd.testing.assert_frame_equal(first.ranked[columns], other[columns])


@PROPERTY
@given(row=candidate_rows.map(lambda rows: rows[0]), copies=st.integers(2, 6), weights=weight_sets)
def test_identical_candidates_get_a_stable_order(row, copies, weights):
    table = pd.DataFrame(
        [dict(row, data_class="green", candidate_id=cid, title="Same") for cid in (40, 10, 30, 20, 50, 60)[:copies]]
    )
    ranked = rank_candidates(table, weights, draws=50).ranked
    assert ranked["candidate_id"].tolist() == sorted(table["candidate_id"])
    assert ranked["score"].nunique() == 1
    # in every draw the tie goes to the earlier row, so the first one is always first
    assert ranked["p_first"].tolist()[0] == 1.0
