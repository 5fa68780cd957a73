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
