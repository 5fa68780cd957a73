"""Running the room through the services: phases move what is open, timers, anonymity, presence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aiadopt import storage
from aiadopt.domain import room
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import room as room_service
from aiadopt.services.capture import add_pain_point, get_pain_point
from aiadopt.services.errors import Closed
from aiadopt.services.participants import (
    new_visitor,
    participant_for_token,
    stored_participant,
    workshop_for_join_code,
)
from aiadopt.services.voting import set_participant_votes
from aiadopt.services.workshops import get_workshop, list_changes
from tests.factories import make_pain_point, make_participant, make_workshop, new_pain_point


def test_a_new_workshop_is_in_capture_and_each_phase_change_moves_the_room_version(fresh_db):
    workshop_id, _ = make_workshop(fresh_db)
    state = room_service.room_state(fresh_db, workshop_id)
    assert state.phase.key == room.CAPTURE and state.entries_open and not state.voting_open
    version = state.version
    room_service.open_phase(fresh_db, workshop_id, room.VOTE)
    state = room_service.room_state(fresh_db, workshop_id)
    assert state.version == version + 1
    assert state.voting_open and not state.entries_open
    with pytest.raises(ValidationError, match="Choose one of the phases"):
        room_service.open_phase(fresh_db, workshop_id, "lunch")
    assert room_service.room_state(fresh_db, workshop_id).phase.key == room.VOTE


def test_participants_can_join_and_wait_in_welcome_but_add_nothing_until_capture(fresh_db):
    workshop_id, department_id = make_workshop(fresh_db)
    room_service.open_phase(fresh_db, workshop_id, room.WELCOME)
    code = get_workshop(fresh_db, workshop_id)["join_code"]
    assert workshop_for_join_code(fresh_db, code)["id"] == workshop_id
    person = make_participant(fresh_db, workshop_id)
    entry = new_pain_point(workshop_id, department_id, participant_id=person["id"])
    with pytest.raises(Closed):
        add_pain_point(fresh_db, entry)
    room_service.open_phase(fresh_db, workshop_id, room.CAPTURE)
    assert add_pain_point(fresh_db, entry)


def test_a_timer_that_closes_capture_stops_entries_when_it_runs_out(fresh_db, monkeypatch):
    workshop_id, department_id = make_workshop(fresh_db)
    person = make_participant(fresh_db, workshop_id)
    room_service.start_timer(fresh_db, workshop_id, 2, closes_phase=True)
    state = room_service.room_state(fresh_db, workshop_id)
    assert 119 <= state.timer_remaining <= 120
    later = room.now_utc() + timedelta(minutes=3)
    monkeypatch.setattr(room, "now_utc", lambda: later)
    with pytest.raises(Closed):
        add_pain_point(fresh_db, new_pain_point(workshop_id, department_id, participant_id=person["id"]))
    room_service.extend_timer(fresh_db, workshop_id)  # ran out: a minute from now
    assert add_pain_point(fresh_db, new_pain_point(workshop_id, department_id, participant_id=person["id"]))


def test_timer_bad_input_gets_a_plain_message_and_changes_nothing(fresh_db):
    workshop_id, _ = make_workshop(fresh_db)
    before = room_service.room_state(fresh_db, workshop_id)
    for minutes in (0, -1, 600, "later"):
        with pytest.raises(ValidationError, match="minutes"):
            room_service.start_timer(fresh_db, workshop_id, minutes)
    with pytest.raises(ValidationError, match="No timer is running"):
        room_service.extend_timer(fresh_db, workshop_id)
    assert room_service.room_state(fresh_db, workshop_id).version == before.version


def test_a_vote_phase_closed_by_its_timer_refuses_votes(fresh_db, monkeypatch):
    workshop_id, department_id = make_workshop(fresh_db)
    pain_point_id = make_pain_point(fresh_db, workshop_id, department_id)
    person = make_participant(fresh_db, workshop_id)
    room_service.open_phase(fresh_db, workshop_id, room.VOTE)
    room_service.start_timer(fresh_db, workshop_id, 1, closes_phase=True)
    assert set_participant_votes(fresh_db, workshop_id, person["id"], {pain_point_id: 2}) == 2
    later = room.now_utc() + timedelta(minutes=2)
    monkeypatch.setattr(room, "now_utc", lambda: later)
    with pytest.raises(Closed, match="Voting is closed"):
        set_participant_votes(fresh_db, workshop_id, person["id"], {pain_point_id: 1})


def test_an_anonymous_workshop_stores_no_names_and_its_log_names_nobody(fresh_db):
    workshop_id, department_id = make_workshop(fresh_db)
    room_service.set_anonymous(fresh_db, workshop_id, True)
    person = make_participant(fresh_db, workshop_id)
    entry = new_pain_point(
        workshop_id, department_id, participant_id=person["id"], reporter="Bob Named", owner_name="Bob Named"
    )
    pain_point_id = add_pain_point(fresh_db, entry, actor=f"participant #{person['id']}")
    stored = get_pain_point(fresh_db, pain_point_id)
    assert stored["reporter"] == "" and stored["owner_name"] == ""
    actors = {change["actor"] for change in list_changes(fresh_db, workshop_id) if change["actor"] != "facilitator"}
    assert actors == {"a participant"}
    assert "Bob" not in str(list_changes(fresh_db, workshop_id))


def test_votes_are_logged_without_saying_whose(fresh_db):
    workshop_id, department_id = make_workshop(fresh_db)
    pain_point_id = make_pain_point(fresh_db, workshop_id, department_id)
    person = make_participant(fresh_db, workshop_id)
    room_service.open_phase(fresh_db, workshop_id, room.VOTE)
    set_participant_votes(fresh_db, workshop_id, person["id"], {pain_point_id: 1})
    (vote,) = [c for c in list_changes(fresh_db, workshop_id) if c["action"] == "vote"]
    assert vote["actor"] == "a participant" and vote["entity_id"] is None


def test_presence_counts_joined_active_and_done(fresh_db):
    workshop_id, _ = make_workshop(fresh_db)
    people = [make_participant(fresh_db, workshop_id) for _ in range(3)]  # each saved something
    room_service.mark_seen(fresh_db, workshop_id, people[0]["token"])
    room_service.mark_seen(fresh_db, workshop_id, people[1]["token"])
    room_service.mark_done(fresh_db, people[1])
    assert room_service.presence(fresh_db, workshop_id) == {"joined": 3, "active": 2, "done": 1}
    room_service.mark_done(fresh_db, people[1], done=False)
    assert room_service.presence(fresh_db, workshop_id)["done"] == 0


def test_a_visit_is_counted_as_a_screen_but_makes_no_participant_until_a_save(fresh_db):
    """Issue 9, finding 6: each visit to a join link without a token added a participant row.
    Issue 16, finding 8: every visit counted as "Joined" (40 visits: 38 -> 78)."""
    workshop_id, department_id = make_workshop(fresh_db)
    visitors = [new_visitor(fresh_db, workshop_id) for _ in range(200)]
    for visitor in visitors[:5]:  # these five keep the page open: a second sign of life
        room_service.mark_seen(fresh_db, workshop_id, visitor["token"])
        room_service.mark_seen(fresh_db, workshop_id, visitor["token"])
    for visitor in visitors[5:45]:  # forty visits that go at once: seen once, never again
        room_service.mark_seen(fresh_db, workshop_id, visitor["token"])
    assert storage.table_counts(fresh_db)["participants"] == 0
    assert room_service.presence(fresh_db, workshop_id) == {"joined": 5, "active": 45, "done": 0}
    first = stored_participant(fresh_db, visitors[0])
    assert stored_participant(fresh_db, visitors[0]) == first  # a second save: the same row
    assert storage.table_counts(fresh_db)["participants"] == 1
    assert participant_for_token(fresh_db, workshop_id, visitors[0]["token"])["id"] == first
    assert room_service.presence(fresh_db, workshop_id)["joined"] == 5  # the same screen, not a sixth


def test_results_are_revealed_on_cue_and_entering_results_hides_them_again(fresh_db):
    workshop_id, _ = make_workshop(fresh_db)
    room_service.open_phase(fresh_db, workshop_id, room.RESULTS)
    assert room_service.room_state(fresh_db, workshop_id).results_revealed == 0
    room_service.reveal_results(fresh_db, workshop_id, 2)
    assert room_service.room_state(fresh_db, workshop_id).results_revealed == 2
    room_service.open_phase(fresh_db, workshop_id, room.RESULTS)
    assert room_service.room_state(fresh_db, workshop_id).results_revealed == 0
    assert storage.table_counts(fresh_db)["workshops"] == 1


def test_check_ins_are_written_in_batches_not_one_transaction_each(db_file, file_db, monkeypatch):
    """Issue 18, finding 8: a write transaction per screen per poll queued behind the saves at 800 people."""
    from aiadopt.services import presence as presence_service

    workshop_id, _ = make_workshop(file_db)
    people = [new_visitor(file_db, workshop_id) for _ in range(50)]
    transactions = []
    real_writing = storage.writing
    monkeypatch.setattr(storage, "writing", lambda db: transactions.append(1) or real_writing(db))
    # The batch's clock stands still: the fifty check-ins fall inside one batch however slow the machine.
    monkeypatch.setattr(presence_service.time, "monotonic", lambda: 1_000.0)
    presence_service.write_noted(file_db)
    transactions.clear()
    for person in people:
        room_service.mark_seen(file_db, workshop_id, person["token"])
    assert len(transactions) <= 1  # fifty check-ins in one batch: at most one write
    assert room_service.presence(file_db, workshop_id)["active"] == 50  # reading presence writes what was noted
    assert len(transactions) <= 2
    for person in people[:10]:
        room_service.mark_seen(file_db, workshop_id, person["token"])  # a second sign of life: joined
    assert room_service.presence(file_db, workshop_id)["joined"] == 10


def test_a_batch_of_check_ins_that_cannot_be_written_is_dropped_and_counted(db_file, file_db, monkeypatch):
    from aiadopt.services import presence as presence_service

    workshop_id, _ = make_workshop(file_db)
    visitor = new_visitor(file_db, workshop_id)
    before = room_service.dropped_heartbeats()

    def full(db):
        raise storage.WriteFailed("full", "database or disk is full")

    monkeypatch.setattr(storage, "writing", full)
    room_service.mark_seen(file_db, workshop_id, visitor["token"])
    presence_service.write_noted(file_db)
    assert room_service.dropped_heartbeats() == before + 1
