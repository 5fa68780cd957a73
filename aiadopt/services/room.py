"""Running the live room: phases, the shared timer, revealing results, anonymity and presence.

Every change to the room moves the workshop's room version on; each participant's screen checks
that number every few seconds and follows (`ui.follow_room`).
"""

from __future__ import annotations

from datetime import timedelta

from aiadopt import storage
from aiadopt.domain import room
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.workshops import token_digest
from aiadopt.services.errors import NotFound
from aiadopt.services.participants import stored_participant
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database


def room_state(db: Database, workshop_id: int) -> dict:
    """What every screen in the room needs to know now: phase, version, timer, what is open."""
    state = storage.workshops.room_state(db, workshop_id)
    if state is None or state["deleted_at"]:
        raise NotFound("This workshop no longer exists.")
    at = room.now_utc()
    timer = room.timer_of(state)
    return state | {
        "phase": room.phase_of(state),
        "entries_open": room.entries_open(state, at),
        "voting_open_now": room.voting_open(state, at),
        "timer_remaining": timer.remaining_seconds(at),
        "timer_ends_at": timer.ends_at,
    }


def _change(db: Database, workshop_id: int, changes: dict, actor: str, action: str) -> None:
    with storage.writing(db):
        storage.workshops.change_room(db, workshop_id, changes)
        storage.change_log.record(
            db,
            actor=actor,
            workshop_id=workshop_id,
            action=action,
            entity="workshop",
            entity_id=workshop_id,
            changes={k: v for k, v in changes.items()},
        )


def open_phase(db: Database, workshop_id: int, phase: str, actor: str = FACILITATOR) -> None:
    """Move the room to a phase: every participant's screen follows; a running timer stops."""
    get_workshop(db, workshop_id)
    changes = room.phase_changes(phase) | {"timer_ends_at": None, "timer_closes_phase": 0}
    if phase == room.RESULTS:
        changes["results_revealed"] = 0  # results appear on the big screen on the facilitator's cue
    _change(db, workshop_id, changes, actor, "phase")


def start_timer(
    db: Database, workshop_id: int, minutes: object, closes_phase: bool = False, actor: str = FACILITATOR
) -> None:
    """Start the phase's timer: every screen counts down to the same stored moment."""
    get_workshop(db, workshop_id)
    length = room.check_timer_minutes(minutes)
    ends = room.timer_end(room.now_utc(), length)
    changes = {"timer_ends_at": ends.isoformat(timespec="seconds"), "timer_closes_phase": int(bool(closes_phase))}
    _change(db, workshop_id, changes, actor, "timer")


def extend_timer(
    db: Database, workshop_id: int, minutes: float = room.TIMER_EXTENSION_MINUTES, actor: str = FACILITATOR
) -> None:
    """Give the running timer more time (from now when it had already run out)."""
    state = room_state(db, workshop_id)
    if state["timer_ends_at"] is None:
        raise ValidationError({"timer": "No timer is running: start one first."})
    base = max(state["timer_ends_at"], room.now_utc())
    ends = base + timedelta(minutes=minutes)
    if (ends - room.now_utc()).total_seconds() > room.MAX_TIMER_MINUTES * 60:
        raise ValidationError({"timer": f"A timer runs for at most {room.MAX_TIMER_MINUTES} minutes."})
    _change(db, workshop_id, {"timer_ends_at": ends.isoformat(timespec="seconds")}, actor, "timer")


def stop_timer(db: Database, workshop_id: int, actor: str = FACILITATOR) -> None:
    """Stop the timer; the phase stays open."""
    get_workshop(db, workshop_id)
    _change(db, workshop_id, {"timer_ends_at": None, "timer_closes_phase": 0}, actor, "timer")


def reveal_results(db: Database, workshop_id: int, count: int, actor: str = FACILITATOR) -> None:
    """Show the top `count` candidates on the big screen (-1: all of them, 0: none)."""
    get_workshop(db, workshop_id)
    if count < -1:
        raise ValidationError({"results": "Reveal a number of candidates, or all of them."})
    _change(db, workshop_id, {"results_revealed": int(count)}, actor, "reveal")


def set_anonymous(db: Database, workshop_id: int, anonymous: bool, actor: str = FACILITATOR) -> None:
    """Switch anonymity: when on, participants are asked no names and the change log names nobody."""
    get_workshop(db, workshop_id)
    _change(db, workshop_id, {"anonymous": int(bool(anonymous))}, actor, "anonymity")


def mark_seen(db: Database, workshop_id: int, token: str) -> None:
    """A screen is still there (its last sign of life), by its link's token: it needs no participant row."""
    with storage.writing(db):
        digest = token_digest(storage.participants.token_key(db), token)
        storage.participants.mark_seen(db, workshop_id, digest, storage.now())


def mark_done(db: Database, participant: dict, done: bool = True) -> None:
    """A participant says they are done with this phase (or not, after all): a save, so it makes their row."""
    participant_id = stored_participant(db, participant)
    with storage.writing(db):
        storage.participants.set_done(db, participant_id, storage.now() if done else None)


def presence(db: Database, workshop_id: int) -> dict[str, int]:
    """People joined, active now (their screen checked in within a minute) and done."""
    since = (room.now_utc() - timedelta(seconds=room.ACTIVE_SECONDS)).isoformat(timespec="microseconds")
    return storage.participants.presence(db, workshop_id, since)


def voters(db: Database, workshop_id: int) -> int:
    """How many people have saved their votes."""
    return storage.votes.voters(db, workshop_id)
