"""Joining a workshop: join codes, anonymous participants and the open/closed rules for them.

"Entries need an open workshop" is decided here once (`require_open_for_entries`); so is
"a newcomer needs the workshop open for entries or for voting".
"""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain import room
from aiadopt.domain.workshops import new_participant_token, normalise_join_code, normalise_token
from aiadopt.services.errors import Closed, NotFound
from aiadopt.services.workshops import get_workshop
from aiadopt.storage import Database

CLOSED_FOR_ENTRIES = "The facilitator has closed the workshop to new entries and changes. Thank you for taking part."


ANONYMOUS_ACTOR = "a participant"


def participant_actor(participant_id: int, anonymous: bool = False) -> str:
    """How a participant appears in the change log: never their name, and in an anonymous workshop not even a number."""
    return ANONYMOUS_ACTOR if anonymous else f"participant #{participant_id}"


def require_open_for_entries(workshop: dict) -> None:
    """Participants may add, edit, delete and restore entries only while the workshop is open."""
    if not room.entries_open(workshop, room.now_utc()):
        raise Closed(CLOSED_FOR_ENTRIES)


def workshop_for_join_code(db: Database, code: str, allow_closed: bool = False) -> dict:
    """The workshop a join code belongs to; raises NotFound or Closed with a plain message.

    A workshop closed to entries still answers while its voting is open, and always for
    `allow_closed` (a participant who already has their link keeps seeing their entries).
    """
    cleaned = normalise_join_code(code)
    if not cleaned:
        raise NotFound("That join code is not valid. Check the code on the screen and try again.")
    workshop = storage.workshops.by_join_code(db, cleaned)
    if workshop is None:
        raise NotFound("No workshop has that join code. Check the code on the screen and try again.")
    if workshop["deleted_at"]:
        raise NotFound("This workshop no longer exists. Ask your facilitator for a new link.")
    if not (room.joinable(workshop) or allow_closed):
        raise Closed("This workshop is closed to new entries. Thank you for taking part.")
    return workshop


def register_participant(db: Database, workshop_id: int) -> dict:
    """A new anonymous participant of an open workshop, with a secret token for their link."""
    workshop = get_workshop(db, workshop_id)
    if not room.joinable(workshop):
        raise Closed("This workshop is closed to new entries.")
    token = new_participant_token()
    with storage.writing(db):
        participant_id = storage.participants.insert(db, workshop_id, token)
    return {"id": participant_id, "workshop_id": workshop_id, "token": token}


def participant_for_token(db: Database, workshop_id: int, token: str) -> dict | None:
    """The participant a token belongs to in this workshop, or None."""
    cleaned = normalise_token(token)
    return storage.participants.by_token(db, workshop_id, cleaned) if cleaned else None
