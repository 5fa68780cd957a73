"""AppTest for the consolidation, ranking and charter pages."""

from __future__ import annotations

import re

import pytest


from aiadopt.services import sample
from aiadopt.domain.pain_points import build_pain_point
from aiadopt.services.capture import add_pain_point, list_pain_points
from aiadopt.services.charters import charter_key, get_charter
from aiadopt.services.consolidation import candidate_groups, rejected_duplicates
from aiadopt.services.weight_sets import list_weight_sets
from aiadopt.services.workshops import add_department, create_workshop
from tests.apptest_helpers import markdown_bodies
from tests.conftest import new_app

HOSTILE = "![pixel](http://tracker.example/p.png) <script>alert(1)</script> [click](javascript:alert(1))"


def facilitator_on(page: str, workshop_id: int):
    app = new_app()
    app.session_state["facilitator_signed_in"] = True
    app.session_state["workshop_id"] = workshop_id
    app.run()
    return app.switch_page(page).run()


@pytest.fixture
def sample_workshop(file_db):
    return sample.load_sample(file_db)


def ranked_titles(app) -> list[str]:
    return app.dataframe[0].value["Candidate workflow"].tolist()


# --- consolidation ---------------------------------------------------------------------------


def test_accepting_a_suggested_merge_creates_one_candidate(file_db, sample_workshop):
    app = facilitator_on("app_pages/consolidate.py", sample_workshop)
    assert not app.exception
    merge_buttons = [b for b in app.button if b.key and b.key.startswith("consolidate_merge_")]
    assert merge_buttons, "the sample workshop has planted duplicates"
    ids = [int(i) for i in merge_buttons[0].key.removeprefix("consolidate_merge_").split("-")]
    app.text_input(key=f"consolidate_title_{'-'.join(map(str, ids))}").input("Customer details typed twice")
    merge_buttons[0].click().run()
    groups, titles = candidate_groups(file_db, sample_workshop)
    assert list(groups.values()) == [ids] and list(titles.values()) == ["Customer details typed twice"]
    assert not [b for b in app.button if b.key == f"consolidate_merge_{'-'.join(map(str, ids))}"]


def test_rejecting_a_suggestion_hides_it_for_good(file_db, sample_workshop):
    app = facilitator_on("app_pages/consolidate.py", sample_workshop)
    first = next(b for b in app.button if b.key and b.key.startswith("consolidate_reject_"))
    signature = first.key.removeprefix("consolidate_reject_")
    first.click().run()
    assert rejected_duplicates(file_db, sample_workshop)
    assert f"consolidate_reject_{signature}" not in [b.key for b in app.button]
    assert candidate_groups(file_db, sample_workshop) == ({}, {})


def test_merge_by_hand_then_take_out_and_split(file_db, sample_workshop):
    ids = [r["id"] for r in list_pain_points(file_db, sample_workshop)]
    app = facilitator_on("app_pages/consolidate.py", sample_workshop)
    app.multiselect(key="consolidate_manual_choice").select(-ids[0]).select(-ids[1]).select(-ids[2]).run()
    app.text_input(key="consolidate_manual_title").input("Three in one")
    app.button(key="consolidate_manual_merge").click().run()
    ((candidate_id, members),) = candidate_groups(file_db, sample_workshop)[0].items()
    assert members == ids[:3]
    app.multiselect(key=f"consolidate_split_choice_{candidate_id}").select(ids[0]).run()
    app.button(key="consolidate_take_out").click().run()
    assert candidate_groups(file_db, sample_workshop)[0] == {candidate_id: ids[1:3]}
    app.button(key="consolidate_split_all").click().run()
    assert candidate_groups(file_db, sample_workshop) == ({}, {})


def test_merging_a_single_pain_point_is_refused_by_the_page(file_db, sample_workshop):
    app = facilitator_on("app_pages/consolidate.py", sample_workshop)
    ids = [r["id"] for r in list_pain_points(file_db, sample_workshop)]
    app.multiselect(key="consolidate_manual_choice").select(-ids[0]).run()
    assert app.button(key="consolidate_manual_merge").disabled


# --- ranking ---------------------------------------------------------------------------------


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
    assert [b.label for b in app.get("download_button")] == [
        "Shortlist (Excel)", "Shortlist (CSV)", "Report (PDF)", "Report (Markdown)"]


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
    workshop_id = create_workshop(file_db, name="Tiny")
    department_id = add_department(file_db, workshop_id, "Finance")
    add_pain_point(file_db, build_pain_point(
        {"title": "Only problem", "frequency_count": 1, "frequency_period": "day", "minutes_per_occurrence": 10,
         "people_count": 1}, workshop_id=workshop_id, department_id=department_id))
    app = facilitator_on("app_pages/ranking.py", workshop_id)
    assert not app.exception
    table = app.dataframe[0].value
    assert table["Candidate workflow"].tolist() == ["Only problem"] and table["Ranked 1st"].tolist() == [100]


def test_ranking_page_without_pain_points_says_so(file_db):
    workshop_id = create_workshop(file_db, name="Empty")
    app = facilitator_on("app_pages/ranking.py", workshop_id)
    assert not app.exception and any("No pain points yet" in i.value for i in app.info)


# --- charter ---------------------------------------------------------------------------------


def test_charter_edits_are_stored_and_shown_in_the_preview(file_db, sample_workshop):
    app = facilitator_on("app_pages/charter.py", sample_workshop)
    assert not app.exception
    candidate = app.selectbox(key="charter_candidate").value
    key = charter_key(int(candidate))
    app.text_input(key=f"charter_{key}_owner").input("Aisling Byrne")
    app.number_input(key=f"charter_{key}_kpi_baseline").set_value(40)
    app.number_input(key=f"charter_{key}_kpi_target").set_value(10)
    app.get("form_submit_button")[0].click().run()
    stored = get_charter(file_db, sample_workshop, key)
    assert stored["owner"] == "Aisling Byrne" and stored["kpi_baseline"] == 40 and stored["kpi_target"] == 10
    preview = " ".join(m.value for m in app.markdown)
    assert "Aisling Byrne" in preview
    assert [b.label for b in app.get("download_button")] == ["Charter (PDF, one page)", "Charter (Markdown)"]


def test_bad_charter_edit_is_explained_and_not_stored(file_db, sample_workshop):
    app = facilitator_on("app_pages/charter.py", sample_workshop)
    key = charter_key(int(app.selectbox(key="charter_candidate").value))
    app.number_input(key=f"charter_{key}_kpi_target").set_value(-5)
    app.get("form_submit_button")[0].click().run()
    assert any("cannot be negative" in e.value for e in app.error)
    assert get_charter(file_db, sample_workshop, key) is None


# --- hostile text ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["app_pages/consolidate.py", "app_pages/ranking.py", "app_pages/charter.py"])
def test_hostile_text_stays_inert_on_decision_pages(file_db, page):
    workshop_id = create_workshop(file_db, name=HOSTILE[:100])
    departments = [add_department(file_db, workshop_id, name) for name in ("<b>Ops</b>", "![d](http://x.example/d.png)")]
    for number, department_id in enumerate(departments * 2):
        add_pain_point(file_db, build_pain_point(
            {"title": f"{HOSTILE[:100]} {number}", "description": HOSTILE, "owner_name": "[boss](http://x.example)",
             "kpi_metric": "<img src=x>", "frequency_count": 3, "frequency_period": "week",
             "minutes_per_occurrence": 30, "people_count": 2}, workshop_id=workshop_id, department_id=department_id))
    app = facilitator_on(page, workshop_id)
    assert not app.exception
    live = re.compile(r"(?<!\\)(!\[|\]\(|<script|<img|<b>)")
    for body in markdown_bodies(app):
        assert not live.search(body), body


def test_ranking_page_explains_a_chosen_candidate(file_db, sample_workshop):
    app = facilitator_on("app_pages/ranking.py", sample_workshop)
    app.segmented_control(key="ranking_view").set_value("Why this rank").run()
    assert not app.exception
    picker = app.selectbox(key="ranking_explain_choice")
    assert [option.split(". ")[0] for option in picker.options[:3]] == ["1", "2", "3"]
    explanations = [t.value for t in app.text if t.value.startswith("Ranks ")]
    assert explanations and explanations[-1].startswith("Ranks 1st mainly for")
