"""Charts of the ranking: value against ease, hours by department, and why a candidate scores."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from aiadopt.domain.data_classes import DATA_CLASS_COLOURS
from aiadopt.domain.ranking.criteria import CRITERIA
from aiadopt.domain.ranking.gates import Gates
from aiadopt.domain.ranking.rank import hours_by_department, rank_candidates
from aiadopt.domain.wording import technology_words_in
from aiadopt.ui.figures import contribution_figure, hours_by_department_figure, value_ease_figure
from tests.factories import candidate, frame

# --- Charts ------------------------------------------------------------------------------


def figure_text(figure: go.Figure) -> str:
    layout = figure.layout
    parts = [layout.title.text or "", layout.xaxis.title.text or "", layout.yaxis.title.text or ""]
    parts += [a.text for a in layout.annotations]
    parts += [trace.name or "" for trace in figure.data]
    return " ".join(parts)


def test_value_ease_figure_colours_by_data_class_and_labels_the_quadrants():
    rows = frame(
        candidate(1, data_class="green"),
        candidate(2, data_class="amber", hours_per_year=900),
        candidate(3, data_class="red"),
    )
    result = rank_candidates(rows, gates=Gates(red_data="flag"), draws=0)
    figure = value_ease_figure(result.ranked)
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {
        "Green data": DATA_CLASS_COLOURS["green"],
        "Amber data": DATA_CLASS_COLOURS["amber"],
        "Red data": DATA_CLASS_COLOURS["red"],
    }
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
    points = [
        {"department": "Finance", "hours_per_year": 100.0},
        {"department": "HR", "hours_per_year": 40.0},
        {"department": "Finance", "hours_per_year": 60.0},
    ]
    assert hours_by_department(points).to_dict() == {"Finance": 160.0, "HR": 40.0}
    candidates = pd.DataFrame({"hours_by_department": [{"Finance": 160.0, "HR": 10.0}, {"HR": 30.0}]})
    assert hours_by_department(candidates).to_dict() == {"Finance": 160.0, "HR": 40.0}
    figure = hours_by_department_figure(points)
    assert list(figure.data[0].y) == ["HR", "Finance"]  # largest at the top of a horizontal bar chart
    assert hours_by_department([]).empty
