"""The scoring model: criteria, weights, gates, order, explanations, stability and charts."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiadopt.domain import scoring
from aiadopt.domain.scoring import (
    CRITERIA,
    CRITERION_KEYS,
    DATA_CLASS_COLOURS,
    NO_OWNER_TEXT,
    PRESETS,
    RED_DATA_TEXT,
    UNCLEAR_IO_TEXT,
    Gates,
    WeightsError,
    contribution_figure,
    contributions_long,
    criterion_matrix,
    explain,
    hours_by_department,
    hours_by_department_figure,
    rank_candidates,
    rank_stability,
    score,
    value_ease_figure,
    weights_vector,
)
from aiadopt.domain.wording import technology_words_in

DOCS = Path(__file__).resolve().parent.parent / "docs" / "scoring.md"
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LOG_CAP = math.log10(10_001)  # log10(1 + 10,000) = 4.0000434


def candidate(candidate_id: int = 1, **overrides) -> dict:
    """A complete, middling candidate row; override what the test is about."""
    row = {
        "candidate_id": candidate_id, "title": f"Candidate {candidate_id}", "hours_per_year": 100.0,
        "occurrences_per_year": 500.0, "error_rate_pct": 10.0, "waits_on_other_teams": 0.0,
        "customer_impact": 1.0, "severity": 3.0, "department_count": 1, "votes": 0, "io_clarity": 3.0,
        "rule_based": 3.0, "data_availability": 3.0, "data_quality": 3.0, "change_readiness": 3.0,
        "has_kpi_metric": True, "has_kpi_baseline": True, "has_kpi_target": True, "owner": "Sam",
        "data_class": "green", "departments": ["Finance"], "missing": [],
    }
    row.update(overrides)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def value_of(key: str, **overrides) -> float:
    matrix, _ = criterion_matrix(frame(candidate(**overrides)))
    return float(matrix[0, CRITERION_KEYS.index(key)])


# --- Criteria, hand-computed -------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "overrides", "expected"),
    [
        # log10(1 + 0) / log10(10,001) = 0
        ("time_recoverable", {"hours_per_year": 0.0}, 0.0),
        # log10(1 + 9) = 1; 1 / 4.0000434 = 0.2499973
        ("time_recoverable", {"hours_per_year": 9.0}, 1 / LOG_CAP),
        # log10(1 + 99) = 2; 2 / 4.0000434 = 0.4999946
        ("time_recoverable", {"hours_per_year": 99.0}, 2 / LOG_CAP),
        # the cap: log10(10,001) / log10(10,001) = 1; beyond it stays 1
        ("time_recoverable", {"hours_per_year": 10_000.0}, 1.0),
        ("time_recoverable", {"hours_per_year": 50_000.0}, 1.0),
        # log10(1 + 999) = 3; 3 / 4.0000434 = 0.7499919
        ("frequency", {"occurrences_per_year": 999.0}, 3 / LOG_CAP),
        # 25% / 50% = 0.5; 50% and more = 1
        ("error_rework", {"error_rate_pct": 25.0}, 0.5),
        ("error_rework", {"error_rate_pct": 80.0}, 1.0),
        ("waiting", {"waits_on_other_teams": 0.5}, 0.5),
        # 2 / 3
        ("customer_impact", {"customer_impact": 2.0}, 2 / 3),
        # (1 - 1) / 4 = 0; (3 - 1) / 4 = 0.5; (5 - 1) / 4 = 1
        ("severity", {"severity": 1.0}, 0.0),
        ("severity", {"severity": 3.0}, 0.5),
        ("severity", {"severity": 5.0}, 1.0),
        # min(1 - 1, 3) / 3 = 0; min(2 - 1, 3) / 3 = 1/3; min(7 - 1, 3) / 3 = 1
        ("breadth", {"department_count": 1}, 0.0),
        ("breadth", {"department_count": 2}, 1 / 3),
        ("breadth", {"department_count": 7}, 1.0),
        # ((5 + 3) / 2 - 1) / 4 = 0.75
        ("data_readiness", {"data_availability": 5.0, "data_quality": 3.0}, 0.75),
        # measure only: 1 / 3
        ("kpi_defined", {"has_kpi_baseline": False, "has_kpi_target": False}, 1 / 3),
        ("owner_named", {"owner": ""}, 0.0),
        ("owner_named", {"owner": "   "}, 0.0),
        ("owner_named", {"owner": "Megan"}, 1.0),
        # (4.5 - 1) / 4 = 0.875
        ("io_clarity", {"io_clarity": 4.5}, 0.875),
    ],
)
def test_each_criterion_turns_its_input_into_a_value_from_0_to_1(key, overrides, expected):
    assert value_of(key, **overrides) == pytest.approx(expected, abs=1e-9)


def test_votes_are_shared_out_against_the_most_voted_candidate():
    matrix, _ = criterion_matrix(frame(candidate(1, votes=8), candidate(2, votes=2), candidate(3, votes=0)))
    # 8 / 8, 2 / 8, 0 / 8
    assert matrix[:, CRITERION_KEYS.index("votes")].tolist() == [1.0, 0.25, 0.0]


def test_every_criterion_value_stays_between_0_and_1_even_for_wild_inputs():
    wild = candidate(hours_per_year=-5, occurrences_per_year=1e12, error_rate_pct=400, severity=9,
                     io_clarity=-3, customer_impact=7, department_count=-2, votes=-4)
    matrix, _ = criterion_matrix(frame(wild))
    assert (matrix >= 0).all() and (matrix <= 1).all()


def test_criteria_are_ordered_value_first_then_ease_with_plain_labels():
    groups = [c.group for c in CRITERIA]
    assert groups == ["value"] * 8 + ["ease"] * 6
    for criterion in CRITERIA:
        text = " ".join([criterion.label, criterion.description, criterion.transform])
        assert technology_words_in(text) == [], criterion.key


# --- Weights -----------------------------------------------------------------------------

def test_weights_are_normalised_to_sum_to_one():
    vector = weights_vector({"time_recoverable": 2, "owner_named": 6})
    assert vector.sum() == pytest.approx(1.0)
    assert vector[CRITERION_KEYS.index("time_recoverable")] == pytest.approx(0.25)  # 2 / 8


def test_all_zero_weights_raise_a_clear_error():
    with pytest.raises(WeightsError, match="Give at least one criterion a weight above zero."):
        weights_vector({key: 0 for key in CRITERION_KEYS})
    with pytest.raises(ValueError):  # WeightsError is a ValueError
        rank_candidates(frame(candidate()), {})


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"severity": -1}, "How much it hurts is below zero"),
        ({"severity": float("nan")}, "How much it hurts is not a number"),
        ({"severity": float("inf")}, "How much it hurts is not a number"),
        ({"severity": "lots"}, "How much it hurts is not a number"),
        ({"speed": 1}, "There is no criterion called 'speed'"),
    ],
)
def test_bad_weights_are_refused_with_a_plain_message(weights, message):
    with pytest.raises(WeightsError, match=re.escape(message)):
        weights_vector(weights)


def test_presets_cover_every_criterion_with_non_negative_weights():
    assert set(PRESETS) == {"Balanced", "Quick win", "Biggest impact", "Lowest risk"}
    for name, weights in PRESETS.items():
        assert set(weights) == set(CRITERION_KEYS), name
        assert min(weights.values()) >= 0, name


def test_quick_win_favours_ease_and_biggest_impact_favours_value():
    def value_share(name: str) -> float:
        vector = weights_vector(PRESETS[name])
        return float(vector[[c.group == "value" for c in CRITERIA]].sum())

    assert value_share("Balanced") == pytest.approx(0.5)
    assert value_share("Quick win") < 0.5 < value_share("Biggest impact")


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
    best = candidate(1, hours_per_year=1e6, occurrences_per_year=1e6, error_rate_pct=60, waits_on_other_teams=1,
                     customer_impact=3, severity=5, department_count=4, votes=3, io_clarity=5, rule_based=5,
                     data_availability=5, data_quality=5, change_readiness=5)
    worst = candidate(2, hours_per_year=0, occurrences_per_year=0, error_rate_pct=0, customer_impact=0,
                      severity=1, io_clarity=1, rule_based=1, data_availability=1, data_quality=1,
                      change_readiness=1, owner="", has_kpi_metric=False, has_kpi_baseline=False,
                      has_kpi_target=False)
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


# --- Missing numbers ---------------------------------------------------------------------

def test_missing_numbers_are_neutral_filled_and_flagged():
    rows = frame(candidate(1, severity=np.nan, error_rate_pct=None), candidate(2))
    matrix, flags = criterion_matrix(rows)
    assert matrix[0, CRITERION_KEYS.index("severity")] == 0.5  # neutral 3 -> (3 - 1) / 4
    assert matrix[0, CRITERION_KEYS.index("error_rework")] == 0.0  # neutral 0
    assert flags.loc[0, "severity"] and flags.loc[0, "error_rework"] and not flags.loc[1].any()
    ranked = rank_candidates(rows, draws=0).ranked.set_index("candidate_id")
    texts = " ".join(ranked.loc[1, "flags"])
    assert "Some numbers were not given" in texts
    assert "How much it hurts" in texts and "Share that needs fixing or redoing" in texts
    assert ranked.loc[2, "flags"] == []


def test_a_missing_column_is_neutral_for_everyone_and_flagged():
    rows = frame(candidate(1), candidate(2)).drop(columns=["data_quality"])
    matrix, flags = criterion_matrix(rows)
    # data readiness = ((3 + neutral 3) / 2 - 1) / 4 = 0.5
    assert matrix[:, CRITERION_KEYS.index("data_readiness")].tolist() == [0.5, 0.5]
    assert flags["data_readiness"].all()


def test_fields_listed_as_missing_by_the_merge_are_flagged():
    ranked = rank_candidates(frame(candidate(1, missing=["io_clarity"])), draws=0).ranked
    assert any("How clear are the inputs and outputs" in text for text in ranked.loc[0, "flags"])


# --- Gates -------------------------------------------------------------------------------

def test_default_gates_exclude_red_data_and_flag_the_rest():
    rows = frame(
        candidate(1, data_class="red", hours_per_year=5000),
        candidate(2, owner=""),
        candidate(3, has_kpi_baseline=False),
        candidate(4, io_clarity=2),
        candidate(5),
    )
    result = rank_candidates(rows, draws=0)
    assert 1 not in result.ranked["candidate_id"].tolist()
    assert result.excluded["candidate_id"].tolist() == [1]
    assert result.excluded.loc[0, "reasons"] == [RED_DATA_TEXT]
    flags = result.ranked.set_index("candidate_id")["flags"]
    assert flags[2] == [NO_OWNER_TEXT]
    assert flags[3] == ["No KPI baseline yet: measure today's value before the pilot starts."]
    assert flags[4] == [UNCLEAR_IO_TEXT]
    assert flags[5] == []


@pytest.mark.parametrize(
    ("metric", "baseline", "target", "text"),
    [
        (False, False, False, "No KPI yet: agree what to measure, today's value and the target."),
        (True, False, False, "No KPI baseline or target yet: measure today's value and agree the target "
                             "before the pilot starts."),
        (True, True, False, "No KPI target yet: agree the value that would count as success."),
        (False, True, True, "No KPI measure named yet: say what the baseline and target measure."),
    ],
)
def test_the_kpi_flag_says_which_part_is_missing(metric, baseline, target, text):
    row = candidate(has_kpi_metric=metric, has_kpi_baseline=baseline, has_kpi_target=target)
    assert rank_candidates(frame(row), draws=0).ranked.loc[0, "flags"] == [text]


def test_gates_can_switch_between_exclude_and_flag():
    rows = frame(candidate(1, data_class="red"), candidate(2, owner=""))
    result = rank_candidates(rows, gates=Gates(red_data="flag", no_owner="exclude"), draws=0)
    assert result.ranked["candidate_id"].tolist() == [1]
    assert result.ranked.loc[0, "flags"] == [RED_DATA_TEXT]
    assert result.excluded["candidate_id"].tolist() == [2]
    assert result.excluded.loc[0, "reasons"] == [NO_OWNER_TEXT]
    with pytest.raises(ValueError, match="must be 'exclude' or 'flag'"):
        Gates(no_kpi="ignore")


# --- Explanations ------------------------------------------------------------------------

def test_explanation_names_strengths_and_what_holds_it_back():
    rows = frame(
        candidate(1, hours_per_year=640, department_count=3, data_class="amber", has_kpi_baseline=False,
                  io_clarity=5),
        candidate(2, hours_per_year=20, io_clarity=2),
        candidate(3, hours_per_year=40, io_clarity=2),
    )
    result = rank_candidates(rows, PRESETS["Biggest impact"], draws=0)
    text = result.ranked.set_index("candidate_id").loc[1, "explanation"]
    assert text.startswith("Ranks 1st mainly for ")
    assert "640 hours a year lost across 3 departments" in text
    assert "held back by amber data" in text and "no baseline yet" in text
    assert text.endswith(".")


def test_explain_reproduces_the_sentence_in_the_ranked_table():
    rows = frame(candidate(1, votes=5, owner=""), candidate(2, severity=5), candidate(3, data_class="amber"))
    result = rank_candidates(rows, draws=0)
    for _, row in result.ranked.iterrows():
        assert explain(row, int(row["rank"]), result.weights, result.reference) == row["explanation"]


@pytest.mark.parametrize(("rank", "ordinal"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                               (12, "12th"), (13, "13th"), (21, "21st"), (102, "102nd")])
def test_explanations_use_ordinal_ranks(rank, ordinal):
    row = rank_candidates(frame(candidate()), draws=0).ranked.iloc[0]
    assert explain(row, rank).startswith(f"Ranks {ordinal} ")


def test_explanations_never_name_a_technology():
    rows = frame(*[candidate(i, hours_per_year=10 * i, severity=1 + i % 5, data_class="amber" if i % 2 else "green")
                   for i in range(1, 12)])
    for text in rank_candidates(rows, draws=0).ranked["explanation"]:
        assert technology_words_in(text) == [], text


def test_contributions_long_lists_every_criterion_for_a_chart():
    result = rank_candidates(frame(candidate(1), candidate(2, owner="")), draws=0)
    long = contributions_long(result, 2)
    assert long["criterion"].tolist() == list(CRITERION_KEYS)
    assert long["contribution"].sum() == pytest.approx(result.ranked.set_index("candidate_id").loc[2, "score"])
    # earned + missed = the weight, in points
    assert np.allclose(long["contribution"] + long["lost"], long["weight"] * 100)
    with pytest.raises(KeyError):
        contributions_long(result, 99)


# --- Stability ---------------------------------------------------------------------------

def brute_force_ranks(matrix: np.ndarray, weights: dict, draws: int, seed: int = 0) -> np.ndarray:
    """Ranks per draw the slow, obvious way: the same draws, sorted one by one."""
    centre = weights_vector(weights)
    drawn = np.random.default_rng(seed).dirichlet(50 * centre + 1e-3, size=draws).astype(np.float32)
    scores = drawn @ np.ascontiguousarray(matrix.T, dtype=np.float32)
    ranks = np.empty(scores.shape, dtype=np.int64)
    for d, row in enumerate(scores):
        order = np.lexsort((np.arange(len(row)), -row))  # best first, earlier row among equals
        ranks[d, order] = np.arange(1, len(row) + 1)
    return ranks


@pytest.mark.parametrize("n", [2, 3, 7, 60])
def test_stability_matches_ranking_every_draw_one_by_one(n):
    rng = np.random.default_rng(n)
    matrix = rng.random((n, len(CRITERIA)))
    matrix[n // 2] = matrix[0]  # a tie, which goes to the earlier row
    stability = rank_stability(matrix, PRESETS["Quick win"], draws=300)
    ranks = brute_force_ranks(matrix, PRESETS["Quick win"], 300)
    assert np.allclose(stability["p_first"], (ranks == 1).mean(axis=0))
    assert np.allclose(stability["p_top3"], (ranks <= 3).mean(axis=0))
    ordered = np.sort(ranks, axis=0)
    assert stability["rank_min"].tolist() == ordered[math.ceil(0.05 * 300) - 1].tolist()
    assert stability["rank_max"].tolist() == ordered[math.ceil(0.95 * 300) - 1].tolist()


def test_stability_is_the_same_counted_in_small_blocks(monkeypatch):
    rng = np.random.default_rng(4)
    matrix = rng.random((40, len(CRITERIA)))
    matrix[30] = matrix[3]
    whole = rank_stability(matrix, PRESETS["Balanced"], draws=250)
    monkeypatch.setattr(scoring, "_CHUNK_DRAWS", 7)  # many blocks, a short last one
    monkeypatch.setattr(scoring, "_PENDING_PAIRS", 5)  # counted block by block
    pd.testing.assert_frame_equal(rank_stability(matrix, PRESETS["Balanced"], draws=250), whole)
    ranks = brute_force_ranks(matrix, PRESETS["Balanced"], 250)
    assert np.allclose(whole["p_top3"], (ranks <= 3).mean(axis=0))


def test_rank_ranges_hold_ranks_beyond_16_bits():
    n = 33_000  # more candidates than a 16-bit rank can number
    matrix = np.random.default_rng(5).random((n, len(CRITERIA)))
    stability = rank_stability(matrix, PRESETS["Balanced"], draws=3)
    ordered = np.sort(brute_force_ranks(matrix, PRESETS["Balanced"], 3), axis=0)
    assert stability["rank_min"].tolist() == ordered[0].tolist()
    assert stability["rank_max"].tolist() == ordered[2].tolist()


def where_pick(values, weights, reference):
    """The strengths and weaknesses picked the obvious way (np.where and a stable sort)."""
    good_from = np.array([1.0 if key == "kpi_defined" else 0.5 for key in CRITERION_KEYS])
    first = np.array([key in ("kpi_defined", "owner_named") for key in CRITERION_KEYS])
    gap = (values - reference) * weights
    usable = weights > 0
    good = np.where((values >= good_from) & usable, np.where(gap > 0, 1.0 + gap, values * weights), -1.0)
    bad = np.where((values < good_from) & usable, np.where(gap < 0, 1.0 - gap, (1.0 - values) * weights), -1.0)
    bad = np.where(first & (bad > 0), 3.0 + (1.0 - values) * weights, bad)

    def top(merit, count):
        order = np.argsort(-merit, axis=1, kind="stable")[:, :count]
        return np.where(np.take_along_axis(merit, order, axis=1) > 0, order, -1)

    return top(good, 3), top(bad, 2)


@PROPERTY
@given(seed=st.integers(0, 10_000), levels=st.booleans(), zeros=st.integers(0, 13))
def test_strengths_and_weaknesses_are_picked_as_the_plain_rule_says(seed, levels, zeros):
    rng = np.random.default_rng(seed)
    shape = (30, len(CRITERIA))
    # Few levels make many ties (the earlier criterion must win); some weights are zero.
    values = rng.choice([0.0, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0], shape) if levels else rng.random(shape)
    weights = rng.random(len(CRITERIA))
    weights[rng.choice(len(CRITERIA), zeros, replace=False)] = 0.0
    weights /= weights.sum()
    reference = values.mean(axis=0) if seed % 2 else values[0]
    picked = scoring._pick(values, weights, reference)
    expected = where_pick(values, weights, reference)
    assert np.array_equal(picked[0], expected[0]) and np.array_equal(picked[1], expected[1])


def test_a_clear_leader_is_first_in_every_draw_and_shares_sum_up():
    rows = frame(candidate(1, hours_per_year=9000, severity=5, io_clarity=5), candidate(2), candidate(3, severity=1),
                 candidate(4, severity=2), candidate(5, io_clarity=1))
    ranked = rank_candidates(rows, draws=500).ranked
    assert ranked.loc[0, "candidate_id"] == 1 and ranked.loc[0, "p_first"] == 1.0
    assert ranked["p_first"].sum() == pytest.approx(1.0)
    assert ranked["p_top3"].sum() == pytest.approx(3.0)
    assert (ranked["rank_min"] <= ranked["rank"]).all() and (ranked["rank"] <= ranked["rank_max"]).all()


# --- Properties --------------------------------------------------------------------------

scale = st.floats(1, 5, allow_nan=False)
candidate_rows = st.lists(
    st.fixed_dictionaries({
        "hours_per_year": st.floats(0, 20_000, allow_nan=False),
        "occurrences_per_year": st.floats(0, 20_000, allow_nan=False),
        "error_rate_pct": st.floats(0, 100, allow_nan=False),
        "waits_on_other_teams": st.sampled_from([0.0, 0.5, 1.0]),
        "customer_impact": st.integers(0, 3),
        "severity": scale, "io_clarity": scale, "rule_based": scale, "data_availability": scale,
        "data_quality": scale, "change_readiness": scale,
        "department_count": st.integers(1, 6),
        "votes": st.integers(0, 9),
        "has_kpi_metric": st.booleans(), "has_kpi_baseline": st.booleans(), "has_kpi_target": st.booleans(),
        "owner": st.sampled_from(["", "Ann"]),
        "data_class": st.sampled_from(["green", "amber", "red"]),
    }),
    min_size=1, max_size=12,
)
weight_sets = st.dictionaries(st.sampled_from(CRITERION_KEYS), st.floats(0, 100, allow_nan=False),
                              min_size=1).filter(lambda w: sum(w.values()) > 0)


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
    table = pd.DataFrame([dict(row, data_class="green", candidate_id=cid, title="Same")
                          for cid in (40, 10, 30, 20, 50, 60)[:copies]])
    ranked = rank_candidates(table, weights, draws=50).ranked
    assert ranked["candidate_id"].tolist() == sorted(table["candidate_id"])
    assert ranked["score"].nunique() == 1
    # in every draw the tie goes to the earlier row, so the first one is always first
    assert ranked["p_first"].tolist()[0] == 1.0


# --- Charts ------------------------------------------------------------------------------

def figure_text(figure: go.Figure) -> str:
    layout = figure.layout
    parts = [layout.title.text or "", layout.xaxis.title.text or "", layout.yaxis.title.text or ""]
    parts += [a.text for a in layout.annotations]
    parts += [trace.name or "" for trace in figure.data]
    return " ".join(parts)


def test_value_ease_figure_colours_by_data_class_and_labels_the_quadrants():
    rows = frame(candidate(1, data_class="green"), candidate(2, data_class="amber", hours_per_year=900),
                 candidate(3, data_class="red"))
    result = rank_candidates(rows, gates=Gates(red_data="flag"), draws=0)
    figure = value_ease_figure(result.ranked)
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {"Green data": DATA_CLASS_COLOURS["green"], "Amber data": DATA_CLASS_COLOURS["amber"],
                       "Red data": DATA_CLASS_COLOURS["red"]}
    labels = {a.text for a in figure.layout.annotations}
    assert labels == {"<b>Quick wins</b>", "<b>Big bets</b>", "<b>Fill-ins</b>", "<b>Not now</b>"}
    assert figure.layout.font.size >= 16
    assert technology_words_in(figure_text(figure)) == []


def test_chart_labels_escape_participant_markup():
    rows = frame(candidate(1, title='<img src="http://x">Invoices'))
    result = rank_candidates(rows, draws=0)
    figure = value_ease_figure(result.ranked)
    assert "<img" not in figure.data[0].hovertext[0]
    assert "<img" not in contribution_figure(result, 1).layout.title.text


def test_contribution_figure_has_a_bar_per_criterion():
    result = rank_candidates(frame(candidate(1), candidate(2, owner="")), draws=0)
    figure = contribution_figure(result, 1)
    earned, missed = figure.data
    assert len(earned.x) == len(CRITERIA) == len(missed.x)
    assert sum(earned.x) == pytest.approx(result.ranked.set_index("candidate_id").loc[1, "score"])
    assert technology_words_in(figure_text(figure)) == []


def test_hours_by_department_adds_up_from_pain_points_or_candidates():
    points = [{"department": "Finance", "hours_per_year": 100.0}, {"department": "HR", "hours_per_year": 40.0},
              {"department": "Finance", "hours_per_year": 60.0}]
    assert hours_by_department(points).to_dict() == {"Finance": 160.0, "HR": 40.0}
    candidates = pd.DataFrame({"hours_by_department": [{"Finance": 160.0, "HR": 10.0}, {"HR": 30.0}]})
    assert hours_by_department(candidates).to_dict() == {"Finance": 160.0, "HR": 40.0}
    figure = hours_by_department_figure(points)
    assert list(figure.data[0].y) == ["HR", "Finance"]  # largest at the top of a horizontal bar chart
    assert hours_by_department([]).empty


# --- The documentation -------------------------------------------------------------------

def doc_table(marker: str, heading: str) -> dict[str, list[str]]:
    """Rows of the Markdown table under `heading` between the doc's markers, keyed by first cell."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker}:start -->")[1].split(f"<!-- {marker}:end -->")[0]
    if heading:
        block = block.split(heading, 1)[1]
    rows: dict[str, list[str]] = {}
    started = False
    for line in block.splitlines():
        if not line.startswith("|"):
            if started:
                break
            continue
        started = True
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if set(cells[0]) <= {"-"}:
            continue
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_every_criterion_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for criterion in CRITERIA:
        assert f"| `{criterion.key}` | {criterion.label} | {criterion.group} |" in text, criterion.key


def test_presets_table_in_docs_matches_the_code():
    table = doc_table("presets", "")
    names = table.pop("criterion")
    for key in CRITERION_KEYS:
        assert [float(v) for v in table[key]] == [PRESETS[name][key] for name in names], key


def test_worked_example_in_docs_matches_the_model():
    inputs = doc_table("worked-example", "Inputs:")
    outputs = doc_table("worked-example", "Criterion values and scores:")
    labels = inputs.pop("input")
    rows = []
    for position, _ in enumerate(labels):
        row: dict[str, object] = {"candidate_id": position + 1}
        for name, values in inputs.items():
            value = values[position]
            if name in ("title", "owner", "data_class"):
                row[name] = value
            elif name.startswith("has_"):
                row[name] = value == "yes"
            else:
                row[name] = float(value)
        rows.append(row)
    table = pd.DataFrame(rows)
    matrix, _ = criterion_matrix(table)
    for index, key in enumerate(CRITERION_KEYS):
        documented = [float(v) for v in outputs[key]]
        assert matrix[:, index].round(3).tolist() == pytest.approx(documented, abs=1e-9), key
    result = rank_candidates(table, PRESETS["Balanced"], draws=0)
    by_id = result.ranked.set_index("candidate_id")
    assert by_id["score"].round(2).tolist() == [float(v) for v in outputs["score"]]
    assert by_id["rank"].tolist() == [int(v) for v in outputs["rank"]]
    assert result.weights["severity"] == pytest.approx(0.0625) and result.weights["io_clarity"] == pytest.approx(4 / 48)
