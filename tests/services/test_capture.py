"""Capturing pain points: soft deletion, bad input, whose entry it is, closed workshops, batches."""

from __future__ import annotations

import pytest

from aiadopt import storage
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services.capture import (
    add_pain_point,
    add_pain_points,
    bulk_update_pain_points,
    count_pain_points,
    delete_pain_points,
    get_pain_point,
    list_pain_points,
    restore_pain_points,
    update_pain_point,
)
from aiadopt.services.errors import Closed, NotAllowed, NotFound
from aiadopt.services.participants import workshop_for_join_code
from aiadopt.services.room import open_phase
from aiadopt.services.voting import set_participant_votes
from aiadopt.services.workshops import (
    delete_department,
    delete_workshop,
    get_workshop,
    list_departments,
)
from tests.factories import VALID_PAIN_POINT, make_pain_point, make_participant, new_pain_point


def test_deleted_pain_point_is_hidden_and_can_be_restored(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = make_pain_point(db, workshop_id, department_id)
    delete_pain_points(db, [pain_point_id])
    assert list_pain_points(db, workshop_id) == []
    assert [r["id"] for r in list_pain_points(db, workshop_id, deleted=True)] == [pain_point_id]
    assert restore_pain_points(db, [pain_point_id]) == [pain_point_id]
    assert [r["id"] for r in list_pain_points(db, workshop_id)] == [pain_point_id]


@pytest.mark.parametrize(
    "changes",
    [
        {"minutes_per_occurrence": -1},
        {"title": "   "},
        {"frequency_count": "many"},
        {"people_count": 0},
        {"description": "z" * 100_000},
    ],
)
def test_bad_edit_leaves_the_database_unchanged(workshop, changes):
    db, workshop_id, department_id = workshop
    pain_point_id = make_pain_point(db, workshop_id, department_id)
    before = get_pain_point(db, pain_point_id), storage.table_counts(db)
    with pytest.raises(ValidationError):
        update_pain_point(db, pain_point_id, changes)
    assert (get_pain_point(db, pain_point_id), storage.table_counts(db)) == before


def test_participant_cannot_edit_or_delete_someone_elses_entry(workshop):
    db, workshop_id, department_id = workshop
    alice = make_participant(db, workshop_id)
    bob = make_participant(db, workshop_id)
    pain_point_id = make_pain_point(db, workshop_id, department_id, participant_id=alice["id"])
    with pytest.raises(NotAllowed):
        update_pain_point(db, pain_point_id, {"title": "Hijacked"}, participant_id=bob["id"])
    with pytest.raises(NotAllowed):
        delete_pain_points(db, [pain_point_id], participant_id=bob["id"])
    assert get_pain_point(db, pain_point_id)["title"] == VALID_PAIN_POINT["title"]
    assert list_pain_points(db, workshop_id, participant_id=bob["id"]) == []


def test_pain_point_for_a_deleted_department_is_refused(workshop):
    db, workshop_id, department_id = workshop
    delete_department(db, department_id)
    before = storage.table_counts(db)
    with pytest.raises(ValidationError):
        make_pain_point(db, workshop_id, department_id)
    assert storage.table_counts(db) == before


def test_pain_point_for_a_deleted_workshop_is_refused(workshop):
    db, workshop_id, department_id = workshop
    delete_workshop(db, workshop_id)
    before = storage.table_counts(db)
    with pytest.raises(NotFound):
        make_pain_point(db, workshop_id, department_id)
    assert storage.table_counts(db) == before


def test_batch_of_pain_points_is_all_or_nothing(workshop):
    db, workshop_id, department_id = workshop
    good = new_pain_point(workshop_id, department_id)
    orphan = new_pain_point(workshop_id, department_id + 99)
    with pytest.raises(ValidationError):
        add_pain_points(db, [good, orphan])
    assert count_pain_points(db, workshop_id) == 0


def test_bulk_edit_changes_every_selected_pain_point(workshop):
    db, workshop_id, department_id = workshop
    ids = [make_pain_point(db, workshop_id, department_id, title=f"Pain point {n}") for n in range(4)]
    assert bulk_update_pain_points(db, ids[:3], {"data_sensitivity": "red"}) == 3
    classes = [r["data_sensitivity"] for r in list_pain_points(db, workshop_id)]
    assert classes == ["red", "red", "red", "green"]


def test_closing_entries_stops_participant_writes_but_not_voting(sample_db):
    db, workshop_id, ids = sample_db
    person = make_participant(db, workshop_id)
    department_id = list_departments(db, workshop_id)[0]["id"]
    entry = new_pain_point(
        workshop_id,
        department_id,
        participant_id=person["id"],
        title="Late entry",
        frequency_count=1,
        minutes_per_occurrence=5,
        people_count=1,
    )
    mine = add_pain_point(db, entry)
    open_phase(db, workshop_id, "vote")
    before = storage.table_counts(db)
    for attempt in (
        lambda: add_pain_point(db, entry),
        lambda: update_pain_point(db, mine, {"title": "Changed"}, participant_id=person["id"]),
        lambda: delete_pain_points(db, [mine], participant_id=person["id"]),
    ):
        with pytest.raises(Closed, match="closed"):
            attempt()
    assert storage.table_counts(db) == before
    code = get_workshop(db, workshop_id)["join_code"]
    assert workshop_for_join_code(db, code)["id"] == workshop_id  # still reachable to vote
    assert set_participant_votes(db, workshop_id, person["id"], {ids[3]: 1}) == 1
    open_phase(db, workshop_id, "closed")
    with pytest.raises(Closed):
        workshop_for_join_code(db, code)
    assert workshop_for_join_code(db, code, allow_closed=True)["id"] == workshop_id


def test_a_resent_submit_stores_no_second_row(file_db, monkeypatch):
    """Issue 9, finding 6: a submit resent after a dropped connection stored a duplicate."""
    from aiadopt.services import capture
    from tests.factories import make_workshop

    workshop_id, department_id = make_workshop(file_db)
    person = make_participant(file_db, workshop_id)
    entry = {"title": "Chasing signatures", "description": "Orders wait days."}
    first = make_pain_point(file_db, workshop_id, department_id, participant_id=person["id"], **entry)
    again = make_pain_point(file_db, workshop_id, department_id, participant_id=person["id"], **entry)
    assert again == first and count_pain_points(file_db, workshop_id) == 1
    other = make_participant(file_db, workshop_id)
    make_pain_point(file_db, workshop_id, department_id, participant_id=other["id"], **entry)
    make_pain_point(file_db, workshop_id, department_id, participant_id=person["id"], **entry | {"people_count": 3})
    assert count_pain_points(file_db, workshop_id) == 3  # someone else, or other numbers: a new entry
    monkeypatch.setattr(capture, "RESENT_WITHIN", capture.timedelta(0))
    make_pain_point(file_db, workshop_id, department_id, participant_id=person["id"], **entry)
    assert count_pain_points(file_db, workshop_id) == 4  # the same again much later is meant
