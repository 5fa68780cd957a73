"""Saved weight sets: kept per workshop, replaced by name."""

from __future__ import annotations

from aiadopt.services.weight_sets import delete_weight_set, list_weight_sets, save_weight_set


def test_weight_sets_are_saved_per_workshop_and_replaced_by_name(sample_db):
    db, workshop_id, _ = sample_db
    save_weight_set(db, workshop_id, "Board view", {"time_recoverable": 3.0}, {"red_data": "exclude"})
    save_weight_set(db, workshop_id, "board view", {"time_recoverable": 1.0}, {"red_data": "flag"})
    (saved,) = list_weight_sets(db, workshop_id)
    assert saved["weights"] == {"time_recoverable": 1.0} and saved["gates"] == {"red_data": "flag"}
    delete_weight_set(db, saved["id"])
    assert list_weight_sets(db, workshop_id) == []
