"""Joining a workshop: join codes, anonymous participants and the open/closed rules for them.

"Entries need an open workshop" is decided here once (`require_open_for_entries`); so is
"a newcomer needs the workshop open for entries or for voting".
"""

from __future__ import annotations

import time

from aiadopt import storage
from aiadopt.domain import room
from aiadopt.domain.language import N_, Message
from aiadopt.domain.workshops import new_participant_token, normalise_join_code, normalise_token, token_digest
from aiadopt.services import access, presence
from aiadopt.services.access import Client
from aiadopt.services.errors import Closed, NotAllowed, NotFound
from aiadopt.services.workshops import get_workshop
from aiadopt.storage import Database

CLOSED_FOR_ENTRIES = N_(
    "The facilitator has closed the workshop to new entries and changes. Thank you for taking part."
)


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
        raise NotFound(N_("That join code is not valid. Check the code on the screen and try again."))
    workshop = storage.workshops.by_join_code(db, cleaned)
    if workshop is None:
        raise NotFound(N_("No workshop has that join code. Check the code on the screen and try again."))
    if workshop["deleted_at"]:
        raise NotFound(N_("This workshop no longer exists. Ask your facilitator for a new link."))
    if not (room.joinable(workshop) or allow_closed):
        raise Closed(N_("This workshop is closed to new entries. Thank you for taking part."))
    return workshop


def join_workshop(db: Database, code: str, client: Client, allow_closed: bool = False) -> dict:
    """`workshop_for_join_code` for a code someone typed or opened: wrong codes slow that client down.

    After 10 wrong codes from one browser (60 from one network address) within 15 minutes, the client
    waits 30 s, then 60 s, ... before a code is even looked up.
    """
    # Checked and recorded in one write transaction: codes sent at the same moment each see the others.
    try:
        with storage.writing(db):
            _wait_for_join(db, client)
            try:
                return workshop_for_join_code(db, code, allow_closed)
            except NotFound as missing:
                access.record_attempt(db, access.JOIN_CODE, False, client)  # kept: the transaction commits
                wrong = missing
    except storage.WriteFailed:
        # A full or read-only disk never keeps a newcomer out: the waits recorded still count.
        _wait_for_join(db, client)
        return workshop_for_join_code(db, code, allow_closed)
    time.sleep(access.WRONG_GUESS_DELAY_SECONDS)  # after the transaction: nobody waits behind it
    raise wrong


def _wait_for_join(db: Database, client: Client) -> None:
    wait = access.client_wait(db, access.JOIN_CODE, client)
    if wait:
        raise NotAllowed(
            Message("Too many wrong workshop codes from here. Please wait {wait} seconds and try again.", wait=wait)
        )


def new_visitor(db: Database, workshop_id: int) -> dict:
    """Someone who opened a workshop's join link: a token for their link, and no row until they save.

    Visiting stores nothing (presence aside); `stored_participant` makes the row at the first save.
    """
    workshop = get_workshop(db, workshop_id)
    if not room.joinable(workshop):
        raise Closed(N_("This workshop is closed to new entries."))
    return {"id": None, "workshop_id": workshop_id, "token": new_participant_token(), "done_at": None}


def stored_participant(db: Database, participant: dict) -> int:
    """The participant's id, making their row now if this is their first save (the dict gets the id)."""
    if participant.get("id") is None:
        with storage.writing(db):
            digest = token_digest(storage.participants.token_key(db), participant["token"])
            participant_id = storage.participants.insert_once(db, participant["workshop_id"], digest)
            while participant_id is None:  # the token is another workshop's: this person gets a new one
                participant["token"] = new_participant_token()
                digest = token_digest(storage.participants.token_key(db), participant["token"])
                participant_id = storage.participants.insert_once(db, participant["workshop_id"], digest)
        participant["id"] = participant_id
    return participant["id"]


def participant_for_token(db: Database, workshop_id: int, token: str) -> dict | None:
    """The participant a token belongs to in this workshop (with the token, not its hash), or None."""
    cleaned = normalise_token(token)
    if not cleaned:
        return None
    found = storage.participants.by_digest(db, workshop_id, token_digest(storage.participants.token_key(db), cleaned))
    return None if found is None else found | {"token": cleaned}


def visitor_for_token(db: Database, workshop_id: int, token: str) -> dict | None:
    """Someone who opened this workshop's link with this token and saved nothing yet, or None.

    The token is one this app gave out (its screen showed a sign of life here), so a reload before a
    first save keeps the same person: the same link, the same order of the ballot.
    """
    cleaned = normalise_token(token)
    if not cleaned:
        return None
    digest = token_digest(storage.participants.token_key(db), cleaned)
    if not storage.participants.screen_seen(db, workshop_id, digest) and not presence.noted_here(
        db, workshop_id, digest
    ):
        return None
    return {"id": None, "workshop_id": workshop_id, "token": cleaned, "done_at": None}


def unusable_token_digest() -> str:
    """A hash no token matches (for participants restored from a backup, which carries no tokens)."""
    return "restored-" + new_participant_token()
