"""The consolidation page: suggested merges accepted or rejected, merges by hand, splits."""

from __future__ import annotations

from aiadopt.services.capture import list_pain_points
from aiadopt.services.consolidation import candidate_groups, rejected_duplicates
from tests.apptest_helpers import facilitator_on


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
