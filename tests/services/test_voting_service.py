"""Dot voting as participants do it: opened by the facilitator, limited, and following deletions."""

from __future__ import annotations

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.services.capture import delete_pain_points
from aiadopt.services.errors import Closed, NotAllowed
from aiadopt.services.room import open_phase
from aiadopt.services.voting import set_participant_votes, votes_by_pain_point, votes_of_participant
from aiadopt.services.workshops import get_workshop, update_workshop
from tests.factories import make_participant


def test_votes_are_limited_to_the_workshops_dots(sample_db):
    db, workshop_id, ids = sample_db
    person = make_participant(db, workshop_id)
    with pytest.raises(Closed, match="Voting is closed"):
        set_participant_votes(db, workshop_id, person["id"], {ids[0]: 1})
    open_phase(db, workshop_id, "vote")
    assert set_participant_votes(db, workshop_id, person["id"], {ids[0]: 3, ids[1]: 2}) == 5
    with pytest.raises(ValidationError, match="5 votes"):
        set_participant_votes(db, workshop_id, person["id"], {ids[0]: 6})
    assert votes_of_participant(db, workshop_id, person["id"]) == {ids[0]: 3, ids[1]: 2}
    set_participant_votes(db, workshop_id, person["id"], {ids[2]: 1})
    assert votes_by_pain_point(db, workshop_id) == {ids[2]: 1}


def test_votes_on_a_deleted_pain_point_no_longer_count_or_block(sample_db):
    db, workshop_id, ids = sample_db
    open_phase(db, workshop_id, "vote")
    person = make_participant(db, workshop_id)
    set_participant_votes(db, workshop_id, person["id"], {ids[0]: 2, ids[1]: 3})
    delete_pain_points(db, [ids[0]])
    assert votes_of_participant(db, workshop_id, person["id"]) == {ids[1]: 3}
    assert set_participant_votes(db, workshop_id, person["id"], {ids[1]: 3, ids[2]: 2}) == 5


def test_a_facilitator_places_no_votes_when_facilitators_do_not_vote(sample_db):
    """Issue 18, item 4: the facilitator may leave the votes to the participants."""
    db, workshop_id, ids = sample_db
    open_phase(db, workshop_id, "vote")
    facilitator, participant = make_participant(db, workshop_id), make_participant(db, workshop_id)
    assert set_participant_votes(db, workshop_id, facilitator["id"], {ids[0]: 2}, by_facilitator=True) == 2  # default
    update_workshop(db, workshop_id, {"facilitators_vote": False})
    with pytest.raises(NotAllowed, match="Facilitators do not vote in this workshop"):
        set_participant_votes(db, workshop_id, facilitator["id"], {ids[1]: 1}, by_facilitator=True)
    assert votes_of_participant(db, workshop_id, facilitator["id"]) == {ids[0]: 2}  # nothing changed
    assert set_participant_votes(db, workshop_id, participant["id"], {ids[1]: 3}) == 3  # participants vote on
    assert set_participant_votes(db, workshop_id, facilitator["id"], {}, by_facilitator=True) == 0  # taken back
    assert votes_by_pain_point(db, workshop_id) == {ids[1]: 3}
    update_workshop(db, workshop_id, {"facilitators_vote": True})
    assert set_participant_votes(db, workshop_id, facilitator["id"], {ids[2]: 1}, by_facilitator=True) == 1


def test_whether_facilitators_vote_is_stored_with_the_workshop_and_checked(sample_db):
    db, workshop_id, _ = sample_db
    assert get_workshop(db, workshop_id)["facilitators_vote"] == 1  # as before the choice existed
    update_workshop(db, workshop_id, {"facilitators_vote": False})
    assert get_workshop(db, workshop_id)["facilitators_vote"] == 0
    with pytest.raises(ValidationError, match="yes or no"):
        update_workshop(db, workshop_id, {"facilitators_vote": "sometimes"})
    assert get_workshop(db, workshop_id)["facilitators_vote"] == 0
