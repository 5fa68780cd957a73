"""Gates of the ranking model: first-pilot conditions that exclude a candidate or flag it."""

from __future__ import annotations

import pytest

from aiadopt.domain.ranking.gates import NO_OWNER_TEXT, RED_DATA_TEXT, UNCLEAR_IO_TEXT, Gates
from aiadopt.domain.ranking.rank import rank_candidates
from tests.factories import candidate, frame

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
        (
            True,
            False,
            False,
            "No KPI baseline or target yet: measure today's value and agree the target before the pilot starts.",
        ),
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
