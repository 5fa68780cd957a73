"""The consolidation page: merges by hand and splits (the review of suggestions: test_review_page.py)."""

from __future__ import annotations

from aiadopt.services.capture import list_pain_points
from aiadopt.services.consolidation import candidate_groups
from tests.apptest_helpers import facilitator_on

PAGE = "app_pages/consolidate.py"


def on_tab(app, label: str):
    """The page with another tab chosen, as a click on it does (the page reruns)."""
    app.session_state["consolidate_tab"] = label
    return app.run()


def test_merge_by_hand_then_take_out_and_split(file_db, sample_workshop):
    ids = [r["id"] for r in list_pain_points(file_db, sample_workshop)]
    app = on_tab(facilitator_on(PAGE, sample_workshop), "Merge by hand")
    app.multiselect(key="consolidate_manual_choice").select(-ids[0]).select(-ids[1]).select(-ids[2]).run()
    app.text_input(key="consolidate_manual_title").input("Three in one")
    app.button(key="consolidate_manual_merge").click().run()
    ((candidate_id, members),) = candidate_groups(file_db, sample_workshop)[0].items()
    assert members == ids[:3]
    app = on_tab(app, "Candidate workflows")
    app.multiselect(key=f"consolidate_split_choice_{candidate_id}").select(ids[0]).run()
    app.button(key="consolidate_take_out").click().run()
    assert candidate_groups(file_db, sample_workshop)[0] == {candidate_id: ids[1:3]}
    app.button(key="consolidate_split_all").click().run()
    assert candidate_groups(file_db, sample_workshop) == ({}, {})


def test_merging_a_single_pain_point_is_refused_by_the_page(file_db, sample_workshop):
    app = on_tab(facilitator_on(PAGE, sample_workshop), "Merge by hand")
    ids = [r["id"] for r in list_pain_points(file_db, sample_workshop)]
    app.multiselect(key="consolidate_manual_choice").select(-ids[0]).run()
    assert app.button(key="consolidate_manual_merge").disabled


def test_only_the_open_tab_is_drawn(file_db, sample_workshop):
    """A run draws the tab in front of the facilitator: the review first, and neither the hand-merge
    list nor the candidates table until their tab is chosen."""
    app = facilitator_on(PAGE, sample_workshop)
    assert [b for b in app.button if b.key and b.key.startswith("review_accept_")]
    assert not app.multiselect and not app.dataframe
    app = on_tab(app, "Merge by hand")
    assert [m.key for m in app.multiselect] == ["consolidate_manual_choice"] and not app.dataframe
    assert not [b for b in app.button if b.key and b.key.startswith("review_")]
    app = on_tab(app, "Candidate workflows")
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == len(list_pain_points(file_db, sample_workshop))
