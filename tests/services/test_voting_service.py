"""Dot voting as participants do it: opened by the facilitator, limited, and following deletions."""

from __future__ import annotations

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.services.capture import delete_pain_points
from aiadopt.services.errors import Closed
from aiadopt.services.participants import register_participant
from aiadopt.services.voting import set_participant_votes, votes_by_pain_point, votes_of_participant
from aiadopt.services.workshops import update_workshop


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


def test_votes_on_a_deleted_pain_point_no_longer_count_or_block(sample_db):
    db, workshop_id, ids = sample_db
    update_workshop(db, workshop_id, {"voting_open": True})
    person = register_participant(db, workshop_id)
    set_participant_votes(db, workshop_id, person["id"], {ids[0]: 2, ids[1]: 3})
    delete_pain_points(db, [ids[0]])
    assert votes_of_participant(db, workshop_id, person["id"]) == {ids[1]: 3}
    assert set_participant_votes(db, workshop_id, person["id"], {ids[1]: 3, ids[2]: 2}) == 5
