"""Running the live room: phases, the shared timer, revealing results, anonymity and presence.

Every change to the room moves the workshop's room version on; each participant's screen checks
that number every few seconds and follows (`ui.follow_room`).
"""

from __future__ import annotations

import json
from datetime import timedelta

from aiadopt import storage
from aiadopt.domain import room
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.ranking.saved_sets import check_weight_set
from aiadopt.services import history
from aiadopt.services import presence as presence_service
from aiadopt.services.errors import NotFound
from aiadopt.services.participants import stored_participant
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database


def room_state(db: Database, workshop_id: int) -> room.RoomState:
    """What every screen in the room needs to know now: phase, version, timer, what is open."""
    row = storage.workshops.room_state(db, workshop_id)
    if row is None or row["deleted_at"]:
        raise NotFound(N_("This workshop no longer exists."))
    return room.room_state_of(row, room.now_utc())


def _change(db: Database, workshop_id: int, changes: dict, actor: str, action: str) -> None:
    with storage.writing(db):
        storage.workshops.change_room(db, workshop_id, changes)
        history.log(db, actor, workshop_id, action, "workshop", workshop_id, {k: v for k, v in changes.items()})


def open_phase(
    db: Database,
    workshop_id: int,
    phase: str,
    actor: str = FACILITATOR,
    minutes: object = None,
    closes_phase: bool = False,
) -> str:
    """Move the room to a phase, with a new timer of `minutes` if given: every participant's screen
    follows. A running timer stops, and the words returned say so (never silently)."""
    get_workshop(db, workshop_id)
    before = room_state(db, workshop_id)
    chosen = room.check_phase(phase)
    changes: dict = {"phase": chosen.key, "timer_ends_at": None, "timer_closes_phase": 0}
    if minutes is not None:
        ends = room.timer_end(room.now_utc(), room.check_timer_minutes(minutes))
        changes |= {"timer_ends_at": ends.isoformat(timespec="seconds"), "timer_closes_phase": int(bool(closes_phase))}
    if chosen.shows(room.PANEL_RESULTS):
        changes["results_revealed"] = 0  # results appear on the big screen on the facilitator's cue
    _change(db, workshop_id, changes, actor, "phase")
    said = Message("The room moved to {phase}.", phase=Message(chosen.label))
    if before.timer_remaining:  # a timer still running stops with the move: said, never silent
        said = Message(
            "{said} The {phase} timer ({left} left) was stopped.",
            said=said,
            phase=Message(before.phase.label),
            left=room.clock_text(before.timer_remaining),
        )
    if minutes is not None:
        runs = room.clock_text(room.check_timer_minutes(minutes) * 60)
        said = Message("{said} Its timer runs for {runs}.", said=said, runs=runs)
    return said


def show_qr(db: Database, workshop_id: int, shown: bool, actor: str = FACILITATOR) -> None:
    """Put the QR code large on the big screen, or take it back to its usual size."""
    get_workshop(db, workshop_id)
    _change(db, workshop_id, {"projector_qr": int(bool(shown))}, actor, "projector")


def rank_the_room_with(
    db: Database, workshop_id: int, name: str, weights: object, gates: object, actor: str = FACILITATOR
) -> None:
    """The ranking the projector's results follow, for everyone (stored with the workshop)."""
    get_workshop(db, workshop_id)
    clean_weights, clean_gates = check_weight_set(weights, gates)
    if not any(clean_weights.values()):
        raise ValidationError({"weights": N_("At least one criterion needs a weight above 0.")})
    label = " ".join(str(name or "").split())[:80] or "Chosen"
    stored = json.dumps({"name": label, "weights": clean_weights, "gates": clean_gates}, sort_keys=True)
    _change(db, workshop_id, {"room_ranking": stored}, actor, "ranking")


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
    if state.timer_ends_at is None:
        raise ValidationError({"timer": N_("No timer is running: start one first.")})
    base = max(state.timer_ends_at, room.now_utc())
    ends = base + timedelta(minutes=minutes)
    if (ends - room.now_utc()).total_seconds() > room.MAX_TIMER_MINUTES * 60:
        raise ValidationError({"timer": Message("A timer runs for at most {n} minutes.", n=room.MAX_TIMER_MINUTES)})
    _change(db, workshop_id, {"timer_ends_at": ends.isoformat(timespec="seconds")}, actor, "timer")


def stop_timer(db: Database, workshop_id: int, actor: str = FACILITATOR) -> None:
    """Stop the timer; the phase stays open."""
    get_workshop(db, workshop_id)
    _change(db, workshop_id, {"timer_ends_at": None, "timer_closes_phase": 0}, actor, "timer")


def reveal_results(db: Database, workshop_id: int, count: int, actor: str = FACILITATOR) -> None:
    """Show the top `count` candidates on the big screen (-1: all of them, 0: none)."""
    get_workshop(db, workshop_id)
    if count < -1:
        raise ValidationError({"results": N_("Reveal a number of candidates, or all of them.")})
    _change(db, workshop_id, {"results_revealed": int(count)}, actor, "reveal")


def set_anonymous(db: Database, workshop_id: int, anonymous: bool, actor: str = FACILITATOR) -> None:
    """Switch anonymity: when on, participants are asked no names and the change log names nobody."""
    get_workshop(db, workshop_id)
    _change(db, workshop_id, {"anonymous": int(bool(anonymous))}, actor, "anonymity")


def mark_seen(db: Database, workshop_id: int, token: str) -> None:
    """A screen is still there (its last sign of life), by its link's token: it needs no participant row.
    Noted now and written with others in one batch (services/presence.py); one that cannot be written
    is dropped and counted, costing the person at the screen nothing."""
    presence_service.mark_seen(db, workshop_id, token)


def dropped_heartbeats() -> int:
    """How many signs of life this process could not write (since it started)."""
    return presence_service.dropped()["check_ins"]


def mark_done(db: Database, participant: dict, done: bool = True) -> None:
    """A participant says they are done with this phase (or not, after all): a save, so it makes their row."""
    participant_id = stored_participant(db, participant)
    with storage.writing(db):
        storage.participants.set_done(db, participant_id, storage.now() if done else None)


def presence(db: Database, workshop_id: int) -> dict[str, int]:
    """People joined, active now (their screen checked in within a minute) and done."""
    presence_service.write_noted(db)  # what this process noted counts too
    since = room.active_since(room.now_utc()).isoformat(timespec="microseconds")
    return storage.participants.presence(db, workshop_id, since)


def voters(db: Database, workshop_id: int) -> int:
    """How many people have saved their votes."""
    return storage.votes.voters(db, workshop_id)
