"""One sentence per candidate saying why it ranks where it does: its strengths, then what holds it back.

"Ranks 3rd mainly for 5 votes and a named owner; held back by amber data, no baseline or
target yet and little effect on customers." The rule is documented in docs/scoring.md, section 5.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from aiadopt.domain.ranking.criteria import CRITERIA, CRITERION_KEYS, Weights, read_inputs, weights_vector

_SUFFIXES = ("th", "st", "nd", "rd")


def _ordinal_suffixes(ranks: np.ndarray) -> list[str]:
    """The ordinal suffix of each rank: 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    ranks = np.asarray(ranks, dtype=np.int64)
    teen = (ranks % 100 >= 10) & (ranks % 100 <= 20)
    last = ranks % 10
    return [_SUFFIXES[i] for i in np.where(teen | (last > 3), 0, last).tolist()]


def _counts(numbers: np.ndarray, one: str, many: str) -> list[str]:
    """'1 hour', '640 hours', '1,250 hours', 'under 1 hour' for each number."""
    return [
        f"under 1 {one}" if 0 < x < 1 else f"{round(x):,} {one if round(x) == 1 else many}" for x in numbers.tolist()
    ]


_STRENGTH = {
    "waiting": "waiting on other teams",
    "customer_impact": "customers feeling it",
    "severity": "how much it hurts",
    "io_clarity": "clear inputs and outputs",
    "rule_based": "following fixed rules",
    "data_readiness": "information that is easy to get and good",
    "kpi_defined": "a KPI with a baseline and a target",
    "owner_named": "a named owner",
    "change_readiness": "a team asking for change",
}
_WEAKNESS = {
    "time_recoverable": "little time lost",
    "frequency": "happening rarely",
    "error_rework": "few errors to remove",
    "waiting": "little waiting on other teams",
    "customer_impact": "little effect on customers",
    "severity": "little pain felt",
    "breadth": "only one department raising it",
    "votes": "few votes",
    "io_clarity": "unclear inputs and outputs",
    "rule_based": "judgement needed every time",
    "data_readiness": "information that is hard to get or unreliable",
    "owner_named": "no owner yet",
    "change_readiness": "a team not yet ready to change",
}
_TIME, _BREADTH = CRITERION_KEYS.index("time_recoverable"), CRITERION_KEYS.index("breadth")
_GOOD_FROM = np.array([1.0 if key == "kpi_defined" else 0.5 for key in CRITERION_KEYS])
_WEAK_BELOW = _GOOD_FROM  # the same line: a criterion is either good or weak
_PREREQUISITE = np.array([key in ("kpi_defined", "owner_named") for key in CRITERION_KEYS])
# Indexed by has_metric * 4 + has_baseline * 2 + has_target.
_KPI_GAPS = np.array(
    [
        "no KPI yet",
        "no measure or baseline yet",
        "no measure or target yet",
        "no measure yet",
        "no baseline or target yet",
        "no baseline yet",
        "no target yet",
        "no KPI yet",
    ],
    dtype=object,
)


def phrase_facts(inputs: dict[str, np.ndarray], rows: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The numbers and labels the sentences quote, as arrays (optionally only some rows, in order)."""
    take = (lambda a: a) if rows is None else (lambda a: a[rows])
    return {
        "hours": take(inputs["hours_per_year"]),
        "occurrences": take(inputs["occurrences_per_year"]),
        "errors": take(inputs["error_rate_pct"]),
        "votes": take(inputs["votes"]),
        "departments": take(inputs["department_count"]).astype(np.int64),
        "data_class": take(inputs["data_class"]),
        "has_kpi_metric": take(inputs["has_kpi_metric"]),
        "has_kpi_baseline": take(inputs["has_kpi_baseline"]),
        "has_kpi_target": take(inputs["has_kpi_target"]),
    }


def _strength_phrases(key: str, facts: dict[str, np.ndarray], rows: np.ndarray) -> list[str] | str:
    if key == "time_recoverable":
        departments = facts["departments"][rows]
        return [
            f"{text} a year lost" + (f" across {d} departments" if d > 1 else "")
            for text, d in zip(_counts(facts["hours"][rows], "hour", "hours"), departments.tolist())
        ]
    if key == "frequency":
        return [f"happening {text} a year" for text in _counts(facts["occurrences"][rows], "time", "times")]
    if key == "error_rework":
        return [f"{x:.0f}% of cases redone" for x in facts["errors"][rows].tolist()]
    if key == "breadth":
        return [f"being raised by {d} departments" for d in facts["departments"][rows].tolist()]
    if key == "votes":
        return _counts(facts["votes"][rows], "vote", "votes")
    return _STRENGTH[key]


def _weakness_phrases(key: str, facts: dict[str, np.ndarray], rows: np.ndarray) -> list[str] | str:
    if key != "kpi_defined":
        return _WEAKNESS[key]
    code = (
        facts["has_kpi_metric"][rows].astype(np.int64) * 4
        + facts["has_kpi_baseline"][rows] * 2
        + facts["has_kpi_target"][rows]
    )
    return _KPI_GAPS[code]


def _fill(slots: np.ndarray, phrase: Callable, facts: dict[str, np.ndarray]) -> np.ndarray:
    """An object array of phrases, one per row, for the criterion index in `slots` ('' for -1)."""
    out = np.full(len(slots), "", dtype=object)
    for index in np.flatnonzero(np.bincount(slots[slots >= 0], minlength=len(CRITERIA))):
        rows = np.flatnonzero(slots == index)
        out[rows] = phrase(CRITERION_KEYS[index], facts, rows)
    return out


def _compact(slots: np.ndarray) -> np.ndarray:
    """Move the -1 (empty) slots of each row to the end, keeping the order of the others."""
    order = np.argsort(slots < 0, axis=1, kind="stable")
    return np.take_along_axis(slots, order, axis=1)


def _join_phrases(parts: list[np.ndarray]) -> np.ndarray:
    """Join up to three phrase columns per row as 'a', 'a and b' or 'a, b and c' ('' stays '')."""
    stacked = np.column_stack(parts) if parts else np.zeros((0, 0), dtype=object)
    filled = stacked != ""
    order = np.argsort(~filled, axis=1, kind="stable")
    stacked = np.take_along_axis(stacked, order, axis=1)
    count = filled.sum(axis=1)
    first = stacked[:, 0]
    out = first.copy()
    if stacked.shape[1] >= 2:
        out = np.where(count == 2, first + " and " + stacked[:, 1], out)
    if stacked.shape[1] >= 3:
        out = np.where(count == 3, first + ", " + stacked[:, 1] + " and " + stacked[:, 2], out)
    return out


def _pick(values: np.ndarray, weights: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: 3 strength and 2 weakness criterion indices (-1 for none), judged against the average.

    A strength is a criterion where the candidate is good (value >= 0.5) and earns more points
    than the average candidate; a weakness is one where it is weak (value < 0.5) and earns
    fewer. A KPI counts as a strength only when complete and as a weakness whenever a part
    is missing; a missing owner or KPI part (first-pilot conditions) is named before any
    other weakness. Criteria every candidate shares explain nothing about the order, so
    they come last; when nothing stands out (one candidate, all alike), absolute points decide.
    """
    # One criterion at a time, along all candidates: each step works on one short row (in
    # cache, no large temporary arrays), with the criterion's weight and average as numbers.
    values = np.ascontiguousarray(values.T)
    good = np.full(values.shape, -1.0)
    bad = np.full(values.shape, -1.0)
    for criterion, (value, weight, average) in enumerate(zip(values, weights.tolist(), reference.tolist())):
        if not weight > 0:
            continue
        gap = (value - average) * weight
        good[criterion] = np.where(value >= _GOOD_FROM[criterion], np.where(gap > 0, 1.0 + gap, value * weight), -1.0)
        lost = (1.0 - value) * weight
        weak = np.where(gap < 0, 1.0 - gap, lost)
        if _PREREQUISITE[criterion]:  # a missing owner or KPI part: always named first
            weak = np.where(weak > 0, 3.0 + lost, weak)
        bad[criterion] = np.where(value < _WEAK_BELOW[criterion], weak, -1.0)
    return _top(good, 3), _top(bad, 2)


def _top(merit: np.ndarray, count: int) -> np.ndarray:
    """Per column of `merit` (criteria in rows), the row indices of its `count` largest positive
    values, best first, -1 when fewer; among equals the earlier criterion comes first.

    `merit` is used up: each pick is set to -inf before the next.
    """
    criteria, n = merit.shape
    columns = np.arange(n)
    picked = np.full((n, count), -1, dtype=np.int64)
    for place in range(min(count, criteria)):
        best = np.maximum.reduce(merit, axis=0)
        index = np.full(n, criteria - 1, dtype=np.int64)
        for criterion in range(criteria - 2, -1, -1):  # last to first, so the earliest equal one wins
            np.copyto(index, criterion, where=merit[criterion] == best)
        picked[:, place] = np.where(best > 0, index, -1)
        merit[index, columns] = -np.inf
    return picked


def _held_back(worst: np.ndarray, facts: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """What holds each row back, as (a code per row, the phrase of each code):
    'amber data, no owner yet and few votes' ('' for nothing).

    The phrase depends only on the data class, the two weakness criteria and which KPI parts
    are missing, so each distinct combination is phrased once and shared by its rows.
    """
    data_class = facts["data_class"]
    held = np.where(data_class == "amber", 1, np.where(data_class == "red", 2, 0))
    kpi = facts["has_kpi_metric"].astype(np.int64) * 4 + facts["has_kpi_baseline"] * 2 + facts["has_kpi_target"]
    combination = ((held * 16 + worst[:, 0] + 1) * 16 + worst[:, 1] + 1) * 8 + kpi
    seen = np.zeros(3 * 16 * 16 * 8, dtype=np.int64)
    seen[combination] = np.arange(len(combination))  # one row (any) standing for each combination
    codes = np.flatnonzero(np.bincount(combination, minlength=len(seen)))
    first = seen[codes]
    facts = {name: values[first] for name, values in facts.items()}
    held = np.where(held[first] > 0, facts["data_class"] + " data", "").astype(object)
    phrases = _join_phrases(
        [held, _fill(worst[first, 0], _weakness_phrases, facts), _fill(worst[first, 1], _weakness_phrases, facts)]
    )
    seen[codes] = np.arange(len(codes))
    return seen[combination], phrases


def _tail(one: str, two: str, weakness: str) -> str:
    """A sentence after its rank: ' mainly for A and B; held back by C.'"""
    strengths = f" mainly for {one} and {two}" if two else f" mainly for {one}" if one else " with no clear strength"
    return strengths + (f"; held back by {weakness}." if weakness else ".")


# Strengths that quote the candidate's own numbers ("640 hours a year lost"); the last entry
# stands for "no strength" (-1).
_QUOTES_NUMBERS = np.array([key not in _STRENGTH for key in CRITERION_KEYS] + [False])


def explain_ranks(
    ranks: np.ndarray, values: np.ndarray, weights: np.ndarray, reference: np.ndarray, facts: dict[str, np.ndarray]
) -> list[str]:
    """One sentence per row: 'Ranks 2nd mainly for A and B; held back by C and D.'"""
    if len(ranks) == 0:
        return []
    best, worst = _pick(values, weights, reference)
    # "640 hours a year lost across 3 departments" already says the breadth.
    said = ((best == _TIME).any(axis=1) & (facts["departments"] > 1))[:, None]
    repeated = (best == _BREADTH) & said
    best = (_compact(np.where(repeated, -1, best)) if repeated.any() else best)[:, :2]
    held, weaknesses = _held_back(worst, facts)
    tails = np.empty(len(best), dtype=object)
    # Most rows are told in fixed words, in a few hundred combinations at most: each is
    # worded once. Rows quoting their own numbers are worded one by one.
    own = _QUOTES_NUMBERS[best].any(axis=1)
    rows = np.flatnonzero(~own)
    combination = ((best[rows, 0] + 1) * 16 + best[rows, 1] + 1) * len(weaknesses) + held[rows]
    _, first, which = np.unique(combination, return_index=True, return_inverse=True)
    first = rows[first]  # a row standing for each combination
    strength = [_STRENGTH.get(key, "") for key in CRITERION_KEYS] + [""]  # [-1] is "no strength"
    worded = [
        _tail(strength[one], strength[two], weaknesses[code])
        for one, two, code in zip(best[first, 0].tolist(), best[first, 1].tolist(), held[first].tolist())
    ]
    tails[rows] = np.array(worded, dtype=object)[which.reshape(-1)]
    rows = np.flatnonzero(own)
    if len(rows):
        some = {name: values[rows] for name, values in facts.items()}
        ones = _fill(best[rows, 0], _strength_phrases, some).tolist()
        twos = _fill(best[rows, 1], _strength_phrases, some).tolist()
        tails[rows] = [_tail(one, two, weaknesses[code]) for one, two, code in zip(ones, twos, held[rows].tolist())]
    return [
        f"Ranks {rank}{suffix}{tail}"
        for rank, suffix, tail in zip(np.asarray(ranks).tolist(), _ordinal_suffixes(ranks), tails.tolist())
    ]


def explain(
    candidate_row: Mapping, rank: int, weights: Weights | None = None, reference: Mapping[str, float] | None = None
) -> str:
    """One sentence saying why a candidate ranks where it does (strengths, then what holds it back).

    `weights` are the weights used (default: equal); `reference` the average criterion values
    of the ranked candidates (RankingResult.reference; default: the candidate itself).
    """
    vector = weights_vector(weights) if weights is not None else np.full(len(CRITERIA), 1 / len(CRITERIA))
    values = np.array([[float(candidate_row.get(f"criterion_{key}", 0.0)) for key in CRITERION_KEYS]])
    centre = values[0] if reference is None else np.array([float(reference[key]) for key in CRITERION_KEYS])
    row = candidate_row.to_dict() if isinstance(candidate_row, pd.Series) else dict(candidate_row)
    facts = phrase_facts(read_inputs(pd.DataFrame([row])))
    return explain_ranks(np.array([rank]), values, vector, centre, facts)[0]
