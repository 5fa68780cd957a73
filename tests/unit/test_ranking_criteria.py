"""Criteria of the ranking model: each input turned into 0..1, weights, presets and missing numbers."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from aiadopt.domain.ranking.criteria import (
    CRITERIA,
    CRITERION_KEYS,
    PRESETS,
    WeightsError,
    criterion_matrix,
    weights_vector,
)
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.domain.wording import technology_words_in
from tests.factories import candidate, frame

LOG_CAP = math.log10(10_001)  # log10(1 + 10,000) = 4.0000434


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
    wild = candidate(
        hours_per_year=-5,
        occurrences_per_year=1e12,
        error_rate_pct=400,
        severity=9,
        io_clarity=-3,
        customer_impact=7,
        department_count=-2,
        votes=-4,
    )
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
