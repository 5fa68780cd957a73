"""Score, gate, order and explain candidate workflows for a first pilot.

A functional core in layers, as scikit-criteria does it: `score` is the bare weighted sum, with
no checks; `rank_candidates` validates the weights, applies the gates, scores, orders, explains
each rank in one sentence and measures how stable each rank is when the weights move. The
model is documented, number by number, in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from aiadopt.domain.ranking.criteria import (
    CRITERIA,
    CRITERION_KEYS,
    EASE_MASK,
    PRESETS,
    VALUE_MASK,
    Weights,
    candidate_facts,
    criterion_values,
    read_inputs,
    weights_vector,
)
from aiadopt.domain.ranking.explanations import explain_ranks
from aiadopt.domain.ranking.gates import Gates, gate_outcomes
from aiadopt.domain.ranking.stability import DEFAULT_CONCENTRATION, DEFAULT_DRAWS, stability_columns

TIE_DECIMALS = 10  # scores (0..1) equal to this many decimals count as a tie
_VOTES = CRITERION_KEYS.index("votes")


def score(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted sum of criterion values per candidate (no checks; weights as given)."""
    # An elementwise product then a row sum, not a BLAS call: the same row always gives the
    # same bits wherever it sits in the matrix, so identical candidates tie exactly.
    return (matrix * weights).sum(axis=1)


@dataclass
class RankingResult:
    """The ranked shortlist, the candidates kept out by a gate, and the weights that were used."""

    ranked: pd.DataFrame
    excluded: pd.DataFrame
    weights: dict[str, float]  # the weights used, each a share of 1 (votes set aside when nobody voted)
    notes: tuple[str, ...] = field(default_factory=tuple)
    reference: dict[str, float] = field(default_factory=dict)  # average criterion values of the ranked


LEAD_COLUMNS = (
    "rank",
    "candidate_id",
    "title",
    "score",
    "value_score",
    "ease_score",
    "p_first",
    "p_top3",
    "rank_min",
    "rank_max",
    "flags",
    "explanation",
    "hours_per_year",
    "occurrences_per_year",
    "departments",
    "department_count",
    "member_count",
    "data_class",
    "owner",
    "kpi_metric",
    "kpi_unit",
    "kpi_baseline",
    "kpi_target",
    "votes",
)


def _effective_weights(centre: np.ndarray, votes: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Sets the votes weight aside when nobody has voted, so it holds no one back."""
    if centre[_VOTES] == 0 or votes.size == 0 or votes.max() > 0:
        return centre, ()
    rest = centre.copy()
    rest[_VOTES] = 0.0
    if rest.sum() == 0:
        return centre, ("Nobody has voted yet and only votes carry weight, so every candidate scores 0.",)
    return rest / rest.sum(), ("Nobody has voted yet: the votes weight was set aside so it holds no one back.",)


def _group_score(matrix: np.ndarray, centre: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = centre[mask]
    if weights.sum() == 0:
        weights = np.ones(mask.sum())  # a group with no weight still gets a position on the chart
    return score(matrix[:, mask], weights / weights.sum())


def _frame(candidates: pd.DataFrame, rows: np.ndarray, lead: list[str], computed: Mapping[str, object]) -> pd.DataFrame:
    """The ranked table built in one go: the `lead` columns first, then the other computed
    columns, then the candidates' own columns (rows `rows`, in that order); a lead column
    found nowhere is left empty."""
    part = candidates.iloc[rows].reset_index(drop=True)
    names = lead + [c for c in computed if c not in lead]
    names += [c for c in candidates.columns if c not in computed and c not in names]
    columns = {}
    for name in names:
        if name in computed:
            columns[name] = computed[name]
        elif name in part.columns:
            columns[name] = part[name]
        else:
            columns[name] = np.full(len(rows), None, dtype=object)
    return pd.DataFrame(columns)


def rank_candidates(
    candidates: pd.DataFrame,
    weights: Weights | None = None,
    gates: Gates | None = None,
    *,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> RankingResult:
    """Score, gate, order and explain candidate workflows; rank 1 is the best first pilot."""
    weights = PRESETS["Balanced"] if weights is None else weights
    gates = Gates() if gates is None else gates
    centre = weights_vector(weights)
    candidates = candidates.reset_index(drop=True)
    if "candidate_id" not in candidates.columns:
        raise ValueError("The candidates table needs a candidate_id column.")
    if candidates["candidate_id"].duplicated().any():
        raise ValueError("Each candidate workflow needs its own candidate_id.")
    inputs = read_inputs(candidates)
    facts = candidate_facts(inputs)
    matrix = criterion_values(inputs)
    effective, notes = _effective_weights(centre, inputs["votes"])
    outcomes = gate_outcomes(candidates, inputs, facts, gates)
    keep = np.array([not outcome.reasons for outcome in outcomes], dtype=bool)

    scores = score(matrix, effective)
    hours = inputs["hours_per_year"]
    ids = candidates["candidate_id"].to_numpy()
    kept = np.flatnonzero(keep)
    # Score descending, then more hours lost, then the smaller candidate_id.
    order = kept[np.lexsort((ids[kept], -hours[kept], -np.round(scores[kept], TIE_DECIMALS)))]

    ranked_matrix = matrix[order]
    reference = ranked_matrix.mean(axis=0) if len(order) else np.zeros(len(CRITERIA))
    ranks = np.arange(1, len(order) + 1)
    contributions = ranked_matrix * effective * 100.0
    computed: dict[str, object] = {
        "rank": ranks,
        "score": scores[order] * 100.0,
        "value_score": _group_score(ranked_matrix, effective, VALUE_MASK),
        "ease_score": _group_score(ranked_matrix, effective, EASE_MASK),
        "flags": [list(outcomes[i].flags) for i in order.tolist()],
        "explanation": explain_ranks(
            ranks.tolist(), ranked_matrix, effective, reference, [facts[i] for i in order.tolist()]
        ),
        **{f"criterion_{key}": ranked_matrix[:, i] for i, key in enumerate(CRITERION_KEYS)},
        **{f"contribution_{key}": contributions[:, i] for i, key in enumerate(CRITERION_KEYS)},
    }
    computed.update(stability_columns(ranked_matrix, effective, draws, concentration, seed))
    rest = [c for c in computed if c not in LEAD_COLUMNS]
    table = _frame(candidates, order, list(LEAD_COLUMNS) + rest, computed)

    out = np.flatnonzero(~keep)
    excluded = candidates.iloc[out].reset_index(drop=True)
    excluded.insert(0, "reasons", [list(outcomes[i].reasons) for i in out.tolist()])
    first = [c for c in ("candidate_id", "title", "reasons") if c in excluded.columns]
    excluded = excluded[first + [c for c in excluded.columns if c not in first]]
    used = {key: float(effective[i]) for i, key in enumerate(CRITERION_KEYS)}
    return RankingResult(
        ranked=table,
        excluded=excluded,
        weights=used,
        notes=notes,
        reference={key: float(reference[i]) for i, key in enumerate(CRITERION_KEYS)},
    )


def contributions_long(result: RankingResult, candidate_id: int) -> pd.DataFrame:
    """One row per criterion for one ranked candidate: value, weight share, points earned and lost."""
    rows = result.ranked[result.ranked["candidate_id"] == candidate_id]
    if rows.empty:
        raise KeyError(f"Candidate {candidate_id} is not in the ranked list.")
    row = rows.iloc[0]
    records = []
    for criterion in CRITERIA:
        value = float(row[f"criterion_{criterion.key}"])
        weight = result.weights[criterion.key]
        records.append(
            {
                "criterion": criterion.key,
                "label": criterion.label,
                "group": criterion.group,
                "value": value,
                "weight": weight,
                "contribution": float(row[f"contribution_{criterion.key}"]),
                "lost": weight * (1.0 - value) * 100.0,
            }
        )
    return pd.DataFrame(records)


def hours_by_department(rows: pd.DataFrame | list[dict]) -> pd.Series:
    """Hours lost a year per department, largest first, from pain points or from candidates."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.Series(dtype=float, name="hours_per_year")
    if "hours_by_department" in frame.columns:
        pairs = [
            (d, h)
            for mapping in frame["hours_by_department"]
            if isinstance(mapping, Mapping)
            for d, h in mapping.items()
        ]
        frame = pd.DataFrame(pairs, columns=["department", "hours_per_year"])
    if frame.empty:
        return pd.Series(dtype=float, name="hours_per_year")
    hours = pd.to_numeric(frame["hours_per_year"], errors="coerce").fillna(0.0)
    totals = hours.groupby(frame["department"].astype(str)).sum()
    return totals.sort_values(ascending=False, kind="stable").rename("hours_per_year")
