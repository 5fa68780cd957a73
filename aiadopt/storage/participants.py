"""Participant rows: anonymous, each known by the keyed hash of the secret token in their own link.

`participants.token` holds that hash (`domain.workshops.token_digest`), never the token itself.
"""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now
from aiadopt.storage.schema import TOKEN_KEY_SETTING


def token_key(db: Database) -> str:
    """This database's key for token hashes (made by the migrations)."""
    return db.execute("SELECT value FROM settings WHERE key = ?", [TOKEN_KEY_SETTING]).fetchone()[0]


def insert(db: Database, workshop_id: int, digest: str) -> int:
    """Add a participant known by a token's hash; returns their id."""
    return insert_row(db, "participants", {"workshop_id": workshop_id, "token": digest, "created_at": now()})


def by_digest(db: Database, workshop_id: int, digest: str) -> dict | None:
    """The participant whose token has this hash in this workshop, or None."""
    rows = list(db.table("participants").rows_where("token = ? AND workshop_id = ?", [digest, workshop_id]))
    return rows[0] if rows else None


def mark_seen(db: Database, participant_id: int, at: str) -> None:
    """Record a participant's last sign of life."""
    db.execute("UPDATE participants SET last_seen_at = ? WHERE id = ?", [at, participant_id])


def set_done(db: Database, participant_id: int, at: str | None) -> None:
    """Record that a participant is done (`at`), or not done after all (None)."""
    db.execute("UPDATE participants SET done_at = ? WHERE id = ?", [at, participant_id])


def presence(db: Database, workshop_id: int, active_since: str) -> dict[str, int]:
    """How many joined, how many checked in since `active_since`, how many said they are done."""
    joined, active, done = db.execute(
        "SELECT count(*), coalesce(sum(last_seen_at >= ?), 0), coalesce(sum(done_at IS NOT NULL), 0) "
        "FROM participants WHERE workshop_id = ?",
        [active_since, workshop_id],
    ).fetchone()
    return {"joined": joined, "active": active, "done": done}
