"""Storage of candidate workflows: merge, split, rejections, votes, weight sets, charters."""

from __future__ import annotations

import pytest

from aiadopt import storage
from aiadopt.services.errors import Closed, NotFound

from aiadopt.services import sample
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services.capture import add_pain_point, delete_pain_points, list_pain_points, update_pain_point
from aiadopt.services.charters import charter_key, get_charter, save_charter
from aiadopt.services.consolidation import candidate_groups, merge_pain_points, reject_duplicate, rejected_duplicates, split_candidate
from aiadopt.services.participants import register_participant, workshop_for_join_code
from aiadopt.services.voting import set_participant_votes, votes_by_pain_point, votes_of_participant
from aiadopt.services.weight_sets import delete_weight_set, list_weight_sets, save_weight_set
from aiadopt.services.workshops import add_department, create_workshop, get_workshop, list_departments, update_workshop


@pytest.fixture
def sample_db(fresh_db):
    workshop_id = sample.load_sample(fresh_db)
    ids = [row["id"] for row in list_pain_points(fresh_db, workshop_id)]
    return fresh_db, workshop_id, ids


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
    other = create_workshop(db, name="Other")
    other_department = add_department(db, other, "Finance")
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


def test_votes_are_limited_to_the_workshops_dots(sample_db):
    db, workshop_id, ids = sample_db
    person = register_participant(db, workshop_id)
    with pytest.raises(Closed, match="Voting is closed"):
        set_participant_votes(db, workshop_id, person["id"], {ids[0]: 1})
    update_workshop(db, workshop_id, {"voting_open": True})
    assert set_participant_votes(db, workshop_id, person["id"], {ids[0]: 3, ids[1]: 2}) == 5
    with pytest.raises(ValidationError, match="5 votes"):
        set_participant_votes(db, workshop_id, person["id"], {ids[0]: 6})
    assert votes_of_participant(db, workshop_id, person["id"]) == {ids[0]: 3, ids[1]: 2}
    set_participant_votes(db, workshop_id, person["id"], {ids[2]: 1})
    assert votes_by_pain_point(db, workshop_id) == {ids[2]: 1}


def test_weight_sets_are_saved_per_workshop_and_replaced_by_name(sample_db):
    db, workshop_id, _ = sample_db
    save_weight_set(db, workshop_id, "Board view", {"time_recoverable": 3.0}, {"red_data": "exclude"})
    save_weight_set(db, workshop_id, "board view", {"time_recoverable": 1.0}, {"red_data": "flag"})
    (saved,) = list_weight_sets(db, workshop_id)
    assert saved["weights"] == {"time_recoverable": 1.0} and saved["gates"] == {"red_data": "flag"}
    delete_weight_set(db, saved["id"])
    assert list_weight_sets(db, workshop_id) == []


def test_charter_edits_are_stored_and_updated(sample_db):
    db, workshop_id, _ = sample_db
    assert get_charter(db, workshop_id, "c7") is None
    save_charter(db, workshop_id, "c7", {"owner": "Priya", "kpi_target": 10})
    save_charter(db, workshop_id, "c7", {"owner": "Priya R.", "kpi_target": 12})
    assert get_charter(db, workshop_id, "c7") == {"owner": "Priya R.", "kpi_target": 12}


def test_votes_on_a_deleted_pain_point_no_longer_count_or_block(sample_db):
    db, workshop_id, ids = sample_db
    update_workshop(db, workshop_id, {"voting_open": True})
    person = register_participant(db, workshop_id)
    set_participant_votes(db, workshop_id, person["id"], {ids[0]: 2, ids[1]: 3})
    delete_pain_points(db, [ids[0]])
    assert votes_of_participant(db, workshop_id, person["id"]) == {ids[1]: 3}
    assert set_participant_votes(db, workshop_id, person["id"], {ids[1]: 3, ids[2]: 2}) == 5


def test_closing_entries_stops_participant_writes_but_not_voting(sample_db):
    db, workshop_id, ids = sample_db
    from aiadopt.domain.pain_points import build_pain_point

    person = register_participant(db, workshop_id)
    department_id = list_departments(db, workshop_id)[0]["id"]
    entry = build_pain_point({"title": "Late entry", "frequency_count": 1, "frequency_period": "week",
                              "minutes_per_occurrence": 5, "people_count": 1}, workshop_id=workshop_id,
                             department_id=department_id, participant_id=person["id"], source="participant")
    mine = add_pain_point(db, entry)
    update_workshop(db, workshop_id, {"is_open": False, "voting_open": True})
    before = storage.table_counts(db)
    for attempt in (lambda: add_pain_point(db, entry),
                    lambda: update_pain_point(db, mine, {"title": "Changed"}, participant_id=person["id"]),
                    lambda: delete_pain_points(db, [mine], participant_id=person["id"])):
        with pytest.raises(Closed, match="closed"):
            attempt()
    assert storage.table_counts(db) == before
    code = get_workshop(db, workshop_id)["join_code"]
    assert workshop_for_join_code(db, code)["id"] == workshop_id  # still reachable to vote
    assert set_participant_votes(db, workshop_id, person["id"], {ids[3]: 1}) == 1
    update_workshop(db, workshop_id, {"voting_open": False})
    with pytest.raises(Closed):
        workshop_for_join_code(db, code)
    assert workshop_for_join_code(db, code, allow_closed=True)["id"] == workshop_id


def test_charter_edits_follow_a_pain_point_into_its_merged_candidate(sample_db):
    db, workshop_id, ids = sample_db
    save_charter(db, workshop_id, charter_key(-ids[0]), {"owner": "Dana"})
    candidate_id = merge_pain_points(db, workshop_id, ids[:2])
    assert get_charter(db, workshop_id, charter_key(candidate_id)) == {"owner": "Dana"}


def test_a_merge_without_a_title_takes_the_member_losing_the_most_hours(sample_db):
    db, workshop_id, ids = sample_db
    rows = {r["id"]: r for r in list_pain_points(db, workshop_id)}
    chosen = ids[:4]
    candidate_id = merge_pain_points(db, workshop_id, chosen)
    leader = max(chosen, key=lambda i: (rows[i]["hours_per_year"], -i))
    assert candidate_groups(db, workshop_id)[1][candidate_id] == rows[leader]["title"]
