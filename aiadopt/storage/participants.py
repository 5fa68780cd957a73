"""Participant rows: anonymous, each with a secret token for their own link."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def insert(db: Database, workshop_id: int, token: str) -> int:
    """Add a participant; returns their id."""
    return insert_row(db, "participants", {"workshop_id": workshop_id, "token": token, "created_at": now()})


def by_token(db: Database, workshop_id: int, token: str) -> dict | None:
    """The participant a token belongs to in this workshop, or None."""
    rows = list(db.table("participants").rows_where("token = ? AND workshop_id = ?", [token, workshop_id]))
    return rows[0] if rows else None


def token_taken(db: Database, token: str) -> bool:
    """Whether any participant already has this token."""
    return db.execute("SELECT 1 FROM participants WHERE token = ?", [token]).fetchone() is not None


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
