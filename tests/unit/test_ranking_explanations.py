"""Explanations: one sentence per candidate naming its strengths and what holds it back."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain.ranking import explanations
from aiadopt.domain.ranking.criteria import CRITERIA, CRITERION_KEYS, PRESETS
from aiadopt.domain.ranking.explanations import explain
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.domain.wording import technology_words_in
from tests.factories import PROPERTY, candidate, frame

# --- Explanations ------------------------------------------------------------------------


def test_explanation_names_strengths_and_what_holds_it_back():
    rows = frame(
        candidate(1, hours_per_year=640, department_count=3, data_class="amber", has_kpi_baseline=False, io_clarity=5),
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


@pytest.mark.parametrize(
    ("rank", "ordinal"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (102, "102nd"),
    ],
)
def test_explanations_use_ordinal_ranks(rank, ordinal):
    row = rank_candidates(frame(candidate()), draws=0).ranked.iloc[0]
    assert explain(row, rank).startswith(f"Ranks {ordinal} ")


def test_explanations_never_name_a_technology():
    rows = frame(
        *[
            candidate(i, hours_per_year=10 * i, severity=1 + i % 5, data_class="amber" if i % 2 else "green")
            for i in range(1, 12)
        ]
    )
    for text in rank_candidates(rows, draws=0).ranked["explanation"]:
        assert technology_words_in(text) == [], text


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
    expected = where_pick(values, weights, reference)
    for row, best, worst in zip(values, *expected):
        strengths, weaknesses = explanations.pick(row.tolist(), weights.tolist(), reference.tolist())
        assert strengths == [i for i in best.tolist() if i >= 0]
        assert weaknesses == [i for i in worst.tolist() if i >= 0]
