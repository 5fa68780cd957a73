"""Issue 17: a whole suggestion decided at once, every near-copy accepted in one step, the latest undone."""

from __future__ import annotations

import threading

import pytest

from aiadopt import storage
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import review
from aiadopt.services.capture import delete_pain_points, list_pain_points
from aiadopt.services.consolidation import (
    candidate_groups,
    duplicate_suggestions,
    load_candidates,
    merge_pain_points,
    rejected_duplicates,
    split_candidate,
)
from aiadopt.services.errors import ServiceError
from tests.factories import make_pain_point, make_participant, make_workshop


def test_accepting_a_group_merges_it_and_undo_gives_back_what_was_there(sample_db):
    db, workshop_id, ids = sample_db
    earlier = merge_pain_points(db, workshop_id, ids[:2], title="Kept by hand")
    decision = review.accept(db, workshop_id, [ids[1], ids[2], ids[3]], title="One workflow")
    ((made, members),) = candidate_groups(db, workshop_id)[0].items()
    assert made != earlier and members == ids[:4]  # the earlier candidate came along whole
    assert review.last_decision(db, workshop_id).words == "Accepted 4 pain points as one workflow."
    review.undo(db, workshop_id, decision)
    groups, titles = candidate_groups(db, workshop_id)
    assert groups == {earlier: ids[:2]} and titles[earlier] == "Kept by hand"  # the same id, title and members
    assert review.last_decision(db, workshop_id) is None


def test_taking_one_out_keeps_it_apart_from_the_rest_only(sample_db):
    db, workshop_id, ids = sample_db
    decision = review.take_out(db, workshop_id, ids[:3], leaving=ids[2])
    assert rejected_duplicates(db, workshop_id) == {frozenset((ids[2], ids[0])), frozenset((ids[2], ids[1]))}
    assert review.last_decision(db, workshop_id).words == "Took one pain point out of a suggestion."
    review.undo(db, workshop_id, decision)
    assert rejected_duplicates(db, workshop_id) == set()
    with pytest.raises(ValidationError):
        review.take_out(db, workshop_id, ids[:3], leaving=ids[5])


def test_not_the_same_remembers_every_pair_and_undo_forgets_only_its_own(sample_db):
    db, workshop_id, ids = sample_db
    review.not_the_same(db, workshop_id, ids[:2])
    decision = review.not_the_same(db, workshop_id, ids[:3])
    assert len(rejected_duplicates(db, workshop_id)) == 3
    review.undo(db, workshop_id, decision)
    assert rejected_duplicates(db, workshop_id) == {frozenset(ids[:2])}  # the earlier decision stands


def test_every_near_copy_is_accepted_as_one_decision_and_undone_as_one(fresh_db):
    db = fresh_db
    workshop_id, department_id = make_workshop(db)
    texts = ["Chasing missing timesheets every Monday", "Typing supplier invoices into the ledger"]
    texts += ["Booking rooms for interviews by phone"]
    someone = make_participant(db, workshop_id)["id"]
    for text in texts:  # each told by the facilitator and again, word for word, by a participant
        make_pain_point(db, workshop_id, department_id, title=text, description="")
        make_pain_point(db, workshop_id, department_id, title=text, description="", participant_id=someone)
    make_pain_point(db, workshop_id, department_id, title="Quotes for repairs take weeks")
    suggestions = duplicate_suggestions(db, workshop_id, load_candidates(db, workshop_id))
    assert sum(s.strength == review.STRONG for s in suggestions) == 3
    decision, count = review.accept_every_strong(db, workshop_id, suggestions)
    assert count == 3 and len(candidate_groups(db, workshop_id)[0]) == 3
    assert review.last_decision(db, workshop_id).words == "Accepted 3 near-copies as one workflow each (6 pain points)."
    review.undo(db, workshop_id, decision)
    assert candidate_groups(db, workshop_id) == ({}, {})
    with pytest.raises(ValidationError):
        review.accept_every_strong(db, workshop_id, [s for s in suggestions if s.strength != review.STRONG])


@pytest.mark.parametrize("change", ["split", "merge", "delete"])
def test_a_decision_changed_since_is_not_undone_over_the_change(sample_db, change):
    db, workshop_id, ids = sample_db
    decision = review.accept(db, workshop_id, ids[:3])
    ((candidate_id, _),) = candidate_groups(db, workshop_id)[0].items()
    if change == "split":
        split_candidate(db, candidate_id, [ids[0]])
    elif change == "merge":
        merge_pain_points(db, workshop_id, [ids[0], ids[7]])
    else:
        delete_pain_points(db, [ids[1]])
    before = candidate_groups(db, workshop_id)
    with pytest.raises(ServiceError, match="changed since"):
        review.undo(db, workshop_id, decision)
    assert candidate_groups(db, workshop_id) == before


def test_only_the_latest_decision_is_undone(sample_db):
    db, workshop_id, ids = sample_db
    first = review.accept(db, workshop_id, ids[:2])
    second = review.accept(db, workshop_id, ids[4:6])
    with pytest.raises(ServiceError, match="already undone"):
        review.undo(db, workshop_id, first)
    review.undo(db, workshop_id, second)
    review.undo(db, workshop_id, first)  # then the one before it
    assert candidate_groups(db, workshop_id) == ({}, {})


def test_two_facilitators_merging_the_same_pain_point_at_once_lose_nothing(db_file):
    """Two screens accept overlapping suggestions at the same moment, each on its own connection."""
    setup = storage.connect(db_file)
    workshop_id, department_id = make_workshop(setup)
    ids = [make_pain_point(setup, workshop_id, department_id, title=f"Pain point {n}") for n in range(6)]
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def decide(members: list[int]) -> None:
        db = storage.connect(db_file)
        try:
            barrier.wait()
            review.accept(db, workshop_id, members)
        except BaseException as failure:  # pragma: no cover - reported below
            failures.append(failure)
        finally:
            db.close()

    for _ in range(10):
        for candidate_id in list(candidate_groups(setup, workshop_id)[0]):
            split_candidate(setup, candidate_id)
        threads = [threading.Thread(target=decide, args=(m,)) for m in ([ids[0], ids[1], ids[2]], [ids[2], ids[3]])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures
        assert list(candidate_groups(setup, workshop_id)[0].values()) == [ids[:4]]  # both merges, in one
    assert len(list_pain_points(setup, workshop_id)) == 6
    setup.close()


def test_a_decision_sent_twice_is_made_once(sample_db):
    db, workshop_id, ids = sample_db
    first = review.accept(db, workshop_id, ids[:3])
    assert review.accept(db, workshop_id, ids[:3]) == first
    rejected = review.not_the_same(db, workshop_id, ids[5:7])
    assert review.not_the_same(db, workshop_id, ids[5:7]) == rejected
    review.undo(db, workshop_id, rejected)
    review.undo(db, workshop_id, first)
    assert candidate_groups(db, workshop_id) == ({}, {}) and rejected_duplicates(db, workshop_id) == set()
