"""Consolidation as the facilitator does it: merge, split and rejected suggestions, stored."""

from __future__ import annotations

import pytest

from aiadopt import storage
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services.capture import delete_pain_points, list_pain_points
from aiadopt.services.consolidation import (
    candidate_groups,
    merge_pain_points,
    reject_duplicate,
    rejected_duplicates,
    split_candidate,
)
from tests.factories import make_workshop


def test_merge_keeps_provenance_and_split_undoes_it(sample_db):
    db, workshop_id, ids = sample_db
    candidate_id = merge_pain_points(db, workshop_id, ids[:3], title="Purchase order approvals")
    groups, titles = candidate_groups(db, workshop_id)
    assert groups == {candidate_id: ids[:3]} and titles[candidate_id] == "Purchase order approvals"
    assert split_candidate(db, candidate_id, [ids[0]]) == [ids[0]]
    assert candidate_groups(db, workshop_id)[0] == {candidate_id: ids[1:3]}
    split_candidate(db, candidate_id)
    assert candidate_groups(db, workshop_id) == ({}, {})


def test_merging_into_an_existing_candidate_absorbs_it(sample_db):
    db, workshop_id, ids = sample_db
    first = merge_pain_points(db, workshop_id, ids[:2])
    second = merge_pain_points(db, workshop_id, [ids[1], ids[5]], title="Combined")
    groups, _ = candidate_groups(db, workshop_id)
    assert first not in groups and groups[second] == sorted([ids[0], ids[1], ids[5]])


def test_split_leaving_one_pain_point_dissolves_the_candidate(sample_db):
    db, workshop_id, ids = sample_db
    candidate_id = merge_pain_points(db, workshop_id, ids[:2])
    assert sorted(split_candidate(db, candidate_id, [ids[0]])) == ids[:2]
    assert candidate_groups(db, workshop_id) == ({}, {})


@pytest.mark.parametrize("bad", ["itself", "deleted", "missing", "other workshop"])
def test_impossible_merges_are_refused_and_change_nothing(sample_db, bad):
    db, workshop_id, ids = sample_db
    _, other_department = make_workshop(db, name="Other")
    if bad == "deleted":
        delete_pain_points(db, [ids[1]])
    before = storage.table_counts(db)
    chosen = {
        "itself": [ids[0], ids[0]],
        "deleted": [ids[0], ids[1]],
        "missing": [ids[0], 999_999],
        "other workshop": [ids[0], other_department and 10**6],
    }[bad]
    with pytest.raises(ValidationError):
        merge_pain_points(db, workshop_id, chosen)
    assert storage.table_counts(db) == before


def test_deleted_pain_point_leaves_its_candidate(sample_db):
    db, workshop_id, ids = sample_db
    candidate_id = merge_pain_points(db, workshop_id, ids[:3])
    delete_pain_points(db, [ids[2]])
    assert candidate_groups(db, workshop_id)[0] == {candidate_id: ids[:2]}


def test_rejected_suggestions_are_remembered_once(sample_db):
    db, workshop_id, ids = sample_db
    reject_duplicate(db, workshop_id, ids[3], ids[1])
    reject_duplicate(db, workshop_id, ids[1], ids[3])
    assert rejected_duplicates(db, workshop_id) == {frozenset((ids[1], ids[3]))}


def test_a_merge_without_a_title_takes_the_member_losing_the_most_hours(sample_db):
    db, workshop_id, ids = sample_db
    rows = {r["id"]: r for r in list_pain_points(db, workshop_id)}
    chosen = ids[:4]
    candidate_id = merge_pain_points(db, workshop_id, chosen)
    leader = max(chosen, key=lambda i: (rows[i]["hours_per_year"], -i))
    assert candidate_groups(db, workshop_id)[1][candidate_id] == rows[leader]["title"]
