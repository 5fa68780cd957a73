"""How stable each rank is when the weights move: the ranking repeated with weights drawn at random.

Weights are drawn from a Dirichlet distribution centred on the chosen ones; every draw is
scored and ranked, and each candidate's share of first places and top-3 places and its rank
range are counted. Documented in docs/scoring.md, section 7.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from aiadopt.domain.ranking.criteria import CRITERION_KEYS, Weights, weights_vector

DEFAULT_DRAWS = 1000
DEFAULT_CONCENTRATION = 50.0
DIRICHLET_EPSILON = 1e-3  # keeps zero-weight criteria near zero in the draws
RANK_RANGE_QUANTILES = (0.05, 0.95)
RANK_RANGE_BUDGET = 1_000_000  # candidate x draw ranks kept for the rank range
RANK_RANGE_MIN_DRAWS = 100
TOP_PLACES = 3
# Draws scored and ranked at a time, so memory stays small however many candidates there are.
_CHUNK_DRAWS = 64
_CHUNK_CELLS = 1_000_000  # at most this many draw x candidate scores at a time

STABILITY_COLUMNS = ("p_first", "p_top3", "rank_min", "rank_max")


def _centre(weights: Weights | np.ndarray) -> np.ndarray:
    """The chosen weights, checked and normalised, as a vector in CRITERIA order."""
    if isinstance(weights, Mapping):
        return weights_vector(weights)
    return weights_vector(dict(zip(CRITERION_KEYS, np.asarray(weights, dtype=float))))


def _draw_weights(weights: Weights | np.ndarray, draws: int, concentration: float, seed: int) -> np.ndarray:
    """Weights drawn around the chosen ones, one row per draw (draws x criteria)."""
    if concentration <= 0:
        raise ValueError("The concentration must be above zero.")
    rng = np.random.default_rng(seed)
    return rng.dirichlet(concentration * _centre(weights) + DIRICHLET_EPSILON, size=draws)


def draw_scores(drawn: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Each candidate's score in each draw (draws x candidates): the weighted sum of its criterion values."""
    # numpy's own sum of products, not a BLAS matrix product: BLAS picks its kernel by shape, so a
    # score would change in its last bits with the number of draws scored at once. Here a draw
    # scores the same alone or in a block, and identical candidates tie exactly.
    return np.einsum("dk,kn->dn", drawn, np.ascontiguousarray(matrix.T), optimize=False)


def top_places(scores: np.ndarray, places: int) -> np.ndarray:
    """Which rows take the first `places` places in each draw (draws x rows, True or False).

    The same places a full sort gives, ties to the earlier row, without sorting every row.
    """
    # The score a row must reach to be among the first `places`, draw by draw.
    cutoff = -np.partition(-scores, places - 1, axis=1)[:, places - 1, None]
    above = scores > cutoff
    level = scores == cutoff
    # Rows level with the cutoff fill the places left, earlier rows first.
    left = places - above.sum(axis=1, keepdims=True)
    return above | (level & (np.cumsum(level, axis=1) <= left))


def stability_columns(
    matrix: np.ndarray,
    weights: Weights | np.ndarray,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """rank_stability's columns as arrays, one value per row of `matrix`."""
    matrix = np.asarray(matrix, dtype=float)
    n = matrix.shape[0]
    if n == 0 or draws <= 0:
        return {column: np.full(n, np.nan) for column in STABILITY_COLUMNS}
    drawn = _draw_weights(weights, draws, concentration, seed)
    places = min(TOP_PLACES, n)
    firsts = np.zeros(n, dtype=np.int64)
    top3 = np.zeros(n, dtype=np.int64)
    # The rank range reads the ranks of the first `sample` draws: every draw for a workshop,
    # fewer for very large rankings, so the ranks kept stay within RANK_RANGE_BUDGET.
    sample = min(draws, max(RANK_RANGE_MIN_DRAWS, RANK_RANGE_BUDGET // n))
    ranks = np.empty((sample, n), dtype=np.int64)  # one row per draw: the rank of each candidate
    places_in_order = np.arange(1, n + 1)
    chunk = max(1, min(_CHUNK_DRAWS, _CHUNK_CELLS // n))
    for start in range(0, draws, chunk):
        scores = draw_scores(drawn[start : start + chunk], matrix)
        firsts += np.bincount(scores.argmax(axis=1), minlength=n)  # argmax: the earlier row among equals
        top3 += top_places(scores, places).sum(axis=0)
        if start < sample:
            kept = scores[: sample - start]
            order = np.argsort(-kept, axis=1, kind="stable")  # rows best first; among equals the earlier row
            # The row at place p of a draw ranks p: ranks[draw, order[draw, p]] = p.
            np.put_along_axis(ranks[start : start + len(kept)], order, places_in_order, axis=1)
    low = max(math.ceil(RANK_RANGE_QUANTILES[0] * sample) - 1, 0)
    high = max(math.ceil(RANK_RANGE_QUANTILES[1] * sample) - 1, 0)
    ranks.sort(axis=0)
    return {
        "p_first": firsts / draws,
        "p_top3": top3 / draws,
        "rank_min": ranks[low],
        "rank_max": ranks[high],
    }


def rank_stability(
    matrix: np.ndarray,
    weights: Weights | np.ndarray,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> pd.DataFrame:
    """How often each row ranks 1st and in the top 3, and its rank range, as the weights move.

    Weights are drawn from a Dirichlet distribution centred on the chosen weights. Ties go to
    the earlier row, so pass rows in the order of the main ranking.
    """
    return pd.DataFrame(stability_columns(matrix, weights, draws, concentration, seed))
