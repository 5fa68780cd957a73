"""Charter edits: stored per candidate, and following a pain point into a merged candidate."""

from __future__ import annotations

from aiadopt.services.charters import charter_key, get_charter, save_charter
from aiadopt.services.consolidation import merge_pain_points


def test_charter_edits_are_stored_and_updated(sample_db):
    db, workshop_id, _ = sample_db
    assert get_charter(db, workshop_id, "c7") is None
    save_charter(db, workshop_id, "c7", {"owner": "Priya", "kpi_target": 10})
    save_charter(db, workshop_id, "c7", {"owner": "Priya R.", "kpi_target": 12})
    assert get_charter(db, workshop_id, "c7") == {"owner": "Priya R.", "kpi_target": 12}


def test_charter_edits_follow_a_pain_point_into_its_merged_candidate(sample_db):
    db, workshop_id, ids = sample_db
    save_charter(db, workshop_id, charter_key(-ids[0]), {"owner": "Dana"})
    candidate_id = merge_pain_points(db, workshop_id, ids[:2])
    assert get_charter(db, workshop_id, charter_key(candidate_id)) == {"owner": "Dana"}
