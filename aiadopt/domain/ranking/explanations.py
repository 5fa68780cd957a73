"""One sentence per candidate saying why it ranks where it does: its strengths, then what holds it back.

"Ranks 3rd mainly for 5 votes and a named owner; held back by amber data, no baseline or
target yet and little effect on customers." Each criterion's words are on its record
(`criteria.py`); the rule is documented in docs/scoring.md, section 5.

Sentences are said in the language being spoken (`aiadopt.i18n`): the ranking says them in English,
and a file in another language says them again in it (`services/exports.render`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from aiadopt import i18n
from aiadopt.domain.language import SOURCE_LANGUAGE
from aiadopt.domain.ranking.criteria import (
    CRITERIA,
    CRITERION_KEYS,
    Facts,
    Weights,
    candidate_facts,
    read_inputs,
    weights_vector,
)

STRENGTHS_PICKED = 3  # before one that repeats another is dropped
STRENGTHS_SAID = 2
WEAKNESSES_SAID = 2


def ordinal(rank: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st (another language writes its own: 1., 1er, 1.º)."""
    if i18n.current_language() != SOURCE_LANGUAGE:
        return i18n.t("{n}th", n=rank)
    if 10 <= rank % 100 <= 20 or rank % 10 > 3 or rank % 10 == 0:
        return f"{rank}th"
    return f"{rank}{('st', 'nd', 'rd')[rank % 10 - 1]}"


def pick(values: Sequence[float], weights: Sequence[float], reference: Sequence[float]) -> tuple[list[int], list[int]]:
    """One candidate's 3 strength and 2 weakness criteria (indices, best first), judged against the average.

    A strength is a criterion where the candidate is good (value >= its `good_from`) and earns more
    points than the average candidate; a weakness is one where it is weak and earns fewer. A KPI
    counts as a strength only when complete; a missing owner or KPI part (first-pilot conditions)
    is named before any other weakness. Criteria every candidate shares explain nothing about the
    order, so they come last; when nothing stands out (one candidate, all alike), absolute points
    decide. Among equals the earlier criterion comes first; criteria without weight are never named.
    """
    good: list[tuple[float, int]] = []
    bad: list[tuple[float, int]] = []
    for index, (criterion, value, weight, average) in enumerate(zip(CRITERIA, values, weights, reference)):
        if not weight > 0:
            continue
        gap = (value - average) * weight
        if value >= criterion.good_from:
            good.append((1.0 + gap if gap > 0 else value * weight, index))
        else:
            lost = (1.0 - value) * weight
            weak = 1.0 - gap if gap < 0 else lost
            if criterion.first_pilot_condition and weak > 0:
                weak = 3.0 + lost
            bad.append((weak, index))
    strengths = [index for merit, index in sorted(good, key=lambda m: (-m[0], m[1])) if merit > 0]
    weaknesses = [index for merit, index in sorted(bad, key=lambda m: (-m[0], m[1])) if merit > 0]
    return strengths[:STRENGTHS_PICKED], weaknesses[:WEAKNESSES_SAID]


def join_phrases(phrases: Sequence[str]) -> str:
    """'a', 'a and b' or 'a, b and c'."""
    said = [phrase for phrase in phrases if phrase]
    if len(said) <= 1:
        return "".join(said)
    return i18n.t("{names} and {last}", names=", ".join(said[:-1]), last=said[-1])


def sentence(rank: int, strengths: Sequence[int], weaknesses: Sequence[int], facts: Facts) -> str:
    """'Ranks 2nd mainly for A and B; held back by C and D.'"""
    # "640 hours a year lost across 3 departments" already says the breadth: it is not said twice.
    repeated = {
        other
        for index in strengths
        if CRITERIA[index].also_says is not None
        for other in CRITERIA[index].also_says(facts)  # type: ignore[misc]
    }
    said = [i for i in strengths if CRITERION_KEYS[i] not in repeated][:STRENGTHS_SAID]
    good = join_phrases([CRITERIA[i].phrase(True, facts) for i in said])
    data_class = str(facts.get("data_class") or "")
    held = [i18n.t("{data_class} data", data_class=i18n.t(data_class)) if data_class in ("amber", "red") else ""]
    bad = join_phrases(held + [CRITERIA[i].phrase(False, facts) for i in weaknesses])
    place = ordinal(int(rank))
    if good:
        text = i18n.t("Ranks {place} mainly for {strengths}", place=place, strengths=good)
    else:
        text = i18n.t("Ranks {place} with no clear strength", place=place)
    return text + (i18n.t("; held back by {weaknesses}.", weaknesses=bad) if bad else ".")


def explain_ranks(
    ranks: Sequence[int], values: np.ndarray, weights: np.ndarray, reference: np.ndarray, facts: Sequence[Facts]
) -> list[str]:
    """One sentence per ranked candidate (rows of `values` and `facts` in rank order), in English.

    Always English, whatever the session speaks: a ranking is shared by every screen (cached per
    process), so the language of whoever ranked first must not stick to it. `explain` says one again
    in the language being spoken."""
    with i18n.speaking(SOURCE_LANGUAGE):
        return _sentences(ranks, values, weights, reference, facts)


def _sentences(
    ranks: Sequence[int], values: np.ndarray, weights: np.ndarray, reference: np.ndarray, facts: Sequence[Facts]
) -> list[str]:
    weights_list, reference_list = weights.tolist(), reference.tolist()
    sentences = []
    for rank, row, candidate in zip(ranks, values.tolist(), facts):
        strengths, weaknesses = pick(row, weights_list, reference_list)
        sentences.append(sentence(rank, strengths, weaknesses, candidate))
    return sentences


def explain(
    candidate_row: Mapping, rank: int, weights: Weights | None = None, reference: Mapping[str, float] | None = None
) -> str:
    """One sentence saying why a candidate ranks where it does (strengths, then what holds it back), in the
    language being spoken.

    `weights` are the weights used (default: equal); `reference` the average criterion values
    of the ranked candidates (RankingResult.reference; default: the candidate itself).
    """
    vector = weights_vector(weights) if weights is not None else np.full(len(CRITERIA), 1 / len(CRITERIA))
    values = np.array([[float(candidate_row.get(f"criterion_{key}", 0.0)) for key in CRITERION_KEYS]])
    centre = values[0] if reference is None else np.array([float(reference[key]) for key in CRITERION_KEYS])
    row = candidate_row.to_dict() if isinstance(candidate_row, pd.Series) else dict(candidate_row)
    facts = candidate_facts(read_inputs(pd.DataFrame([row])))
    return _sentences([rank], values, vector, centre, facts)[0]
