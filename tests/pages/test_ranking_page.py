"""The ranking page: an ordered, stable shortlist that follows the weights and gates chosen."""

from __future__ import annotations

import pytest

from aiadopt.formats.registry import SHORTLIST, formats_for
from aiadopt.services.capture import list_pain_points
from aiadopt.services.weight_sets import list_weight_sets
from aiadopt.services.workshops import create_workshop
from tests.apptest_helpers import facilitator_on
from tests.factories import make_pain_point, make_workshop


def ranked_titles(app) -> list[str]:
    return app.dataframe[0].value["Candidate workflow"].tolist()


def test_ranking_shows_an_ordered_shortlist_with_stability(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    assert not app.exception
    table = app.dataframe[0].value
    assert table["Rank"].tolist() == list(range(1, len(table) + 1))
    assert table["Score"].is_monotonic_decreasing
    assert ((table["Ranked 1st"] >= 0) & (table["Ranked 1st"] <= 100)).all()
    assert table["Ranked 1st"].sum() == pytest.approx(100, abs=len(table))
    red = {r["title"] for r in list_pain_points(file_db, sample_workshop) if r["data_sensitivity"] == "red"}
    assert not red & set(table["Candidate workflow"])  # red data is kept out by default
    assert [b.label for b in app.get("download_button")] == [f.label for f in formats_for(SHORTLIST)]


def test_changing_the_preset_changes_the_order(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    balanced = ranked_titles(app)
    app.selectbox(key="ranking_preset").select("Quick win").run()
    assert app.slider(key="ranking_weight_breadth").value == 0
    quick_win = ranked_titles(app)
    assert sorted(quick_win) == sorted(balanced) and quick_win != balanced


def test_moving_one_weight_reranks_at_once(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    before = ranked_titles(app)
    for slider in app.slider:
        if slider.key and slider.key.startswith("ranking_weight_"):
            slider.set_value(0.0)
    app.slider(key="ranking_weight_time_recoverable").set_value(5.0).run()
    after = ranked_titles(app)
    assert after != before
    rows = list_pain_points(file_db, sample_workshop)
    hours = {r["title"]: r["hours_per_year"] for r in rows}
    assert hours[after[0]] == max(hours[t] for t in after)


def test_all_weights_zero_gives_a_clear_message(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    for slider in app.slider:
        if slider.key and slider.key.startswith("ranking_weight_"):
            slider.set_value(0.0)
    app.run()
    assert not app.exception
    assert any("at least one criterion" in e.value for e in app.error)


def test_red_gate_can_rank_and_flag_instead_of_excluding(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    count = len(ranked_titles(app))
    app.radio(key="ranking_gate_red_data").set_value("flag").run()
    table = app.dataframe[0].value
    assert len(table) > count
    assert table["Flags"].str.contains("Red data").any()


def test_custom_weights_are_saved_per_workshop_and_loaded_again(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    app.slider(key="ranking_weight_votes").set_value(0.0).run()
    app.text_input(key="ranking_set_name").input("No votes")
    app.button(key="ranking_save_set").click().run()
    (saved,) = list_weight_sets(file_db, sample_workshop)
    assert saved["name"] == "No votes" and saved["weights"]["votes"] == 0.0
    fresh = facilitator_on("app_pages/ranking.py", sample_workshop)
    assert fresh.slider(key="ranking_weight_votes").value == 3.0
    fresh.selectbox(key="ranking_saved_choice").select("No votes").run()
    assert fresh.slider(key="ranking_weight_votes").value == 0.0


def test_ranking_with_one_candidate(file_db):
    workshop_id, department_id = make_workshop(file_db, name="Tiny")
    make_pain_point(file_db, workshop_id, department_id, title="Only problem")
    app = facilitator_on("app_pages/ranking.py", workshop_id)
    assert not app.exception
    table = app.dataframe[0].value
    assert table["Candidate workflow"].tolist() == ["Only problem"] and table["Ranked 1st"].tolist() == [100]


def test_ranking_page_without_pain_points_says_so(file_db):
    workshop_id = create_workshop(file_db, name="Empty")
    app = facilitator_on("app_pages/ranking.py", workshop_id)
    assert not app.exception and any("No pain points yet" in i.value for i in app.info)


def test_ranking_page_explains_a_chosen_candidate(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    app.segmented_control(key="ranking_view").set_value("Why this rank").run()
    assert not app.exception
    picker = app.selectbox(key="ranking_explain_choice")
    assert [option.split(". ")[0] for option in picker.options[:3]] == ["1", "2", "3"]
    explanations = [t.value for t in app.text if t.value.startswith("Ranks ")]
    assert explanations and explanations[-1].startswith("Ranks 1st mainly for")


def test_the_ranking_shown_on_the_projector_is_chosen_here_for_everyone(file_db, sample_workshop):
    """Issue 18, finding 9: the projector ranked with whatever its own browser window had chosen."""
    from aiadopt.services.room import room_state

    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    assert any("follow these weights (Balanced)" in c.value for c in app.caption)
    app.selectbox(key="ranking_preset").select("Lowest risk").run()
    assert any("follow the Balanced weights" in c.value for c in app.caption)
    app.button(key="ranking_for_the_room").click().run()
    ranking = room_state(file_db, sample_workshop).ranking
    assert ranking.name == "Lowest risk" and ranking.weights["data_readiness"] > ranking.weights["frequency"]
    assert any("follow these weights (Lowest risk)" in c.value for c in app.caption)


def test_the_flags_come_before_the_long_columns(file_db, sample_workshop):
    """Issue 18, finding 6: at 1,600 px the Flags column was beyond the table's right edge."""
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    columns = list(app.dataframe[0].value.columns)
    assert columns[:3] == ["Rank", "Flags", "Candidate workflow"]
    pain_points = facilitator_on("app_pages/pain_points.py", sample_workshop)
    assert list(pain_points.dataframe[0].value.columns)[:2] == ["No.", "Flag"]
