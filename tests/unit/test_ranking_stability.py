"""How stable each rank is when the weights move: shares of first and top-3 places, and rank ranges."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aiadopt.domain.ranking import stability as stability_module
from aiadopt.domain.ranking.criteria import CRITERIA, PRESETS, weights_vector
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.domain.ranking.stability import draw_scores, rank_stability
from tests.factories import candidate, frame

# --- Stability ---------------------------------------------------------------------------


def brute_force_ranks(matrix: np.ndarray, weights: dict, draws: int, seed: int = 0) -> np.ndarray:
    """Ranks per draw the slow, obvious way: the same draws, each scored on its own and sorted one by one."""
    centre = weights_vector(weights)
    drawn = np.random.default_rng(seed).dirichlet(50 * centre + 1e-3, size=draws)
    ranks = np.empty((draws, len(matrix)), dtype=np.int64)
    for d in range(draws):
        # Scored with the model's own arithmetic, so near-ties compare alike on both sides (a
        # matrix product of another shape may round differently); that arithmetic is checked
        # against the plain product below.
        row = draw_scores(drawn[d : d + 1], matrix)[0]
        order = np.lexsort((np.arange(len(row)), -row))  # best first, earlier row among equals
        ranks[d, order] = np.arange(1, len(row) + 1)
    return ranks


def test_a_draw_scores_the_same_alone_or_among_others():
    rng = np.random.default_rng(9)
    matrix = rng.random((60, len(CRITERIA)))
    drawn = rng.dirichlet(np.ones(len(CRITERIA)), size=300)
    together = draw_scores(drawn, matrix)
    alone = np.vstack([draw_scores(drawn[d : d + 1], matrix) for d in range(len(drawn))])
    assert np.array_equal(together, alone)  # bit for bit, however many draws are scored at once
    assert np.allclose(together, drawn @ matrix.T, rtol=1e-12, atol=1e-12)  # the weighted sums


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
    monkeypatch.setattr(stability_module, "_CHUNK_DRAWS", 7)  # many blocks, a short last one
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


def test_a_clear_leader_is_first_in_every_draw_and_shares_sum_up():
    rows = frame(
        candidate(1, hours_per_year=9000, severity=5, io_clarity=5),
        candidate(2),
        candidate(3, severity=1),
        candidate(4, severity=2),
        candidate(5, io_clarity=1),
    )
    ranked = rank_candidates(rows, draws=500).ranked
    assert ranked.loc[0, "candidate_id"] == 1 and ranked.loc[0, "p_first"] == 1.0
    assert ranked["p_first"].sum() == pytest.approx(1.0)
    assert ranked["p_top3"].sum() == pytest.approx(3.0)
    assert (ranked["rank_min"] <= ranked["rank"]).all() and (ranked["rank"] <= ranked["rank_max"]).all()
