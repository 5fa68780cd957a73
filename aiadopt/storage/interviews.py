"""Interview rows: one per conversation with a department."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row


def get(db: Database, interview_id: int) -> dict | None:
    """One live interview row, or None."""
    rows = list(db.table("interviews").rows_where("id = ? AND deleted_at IS NULL", [interview_id]))
    return rows[0] if rows else None


def list_for(db: Database, workshop_id: int, department_id: int | None = None) -> list[dict]:
    """A workshop's interviews, newest first, optionally for one department."""
    where = "workshop_id = ? AND deleted_at IS NULL"
    params: list = [workshop_id]
    if department_id is not None:
        where += " AND department_id = ?"
        params.append(department_id)
    return list(db.table("interviews").rows_where(where, params, order_by="id desc"))


def insert(db: Database, row: dict) -> int:
    """Add an interview row; returns its id."""
    return insert_row(db, "interviews", row)


def update(db: Database, interview_id: int, changes: dict) -> None:
    """Change some columns of an interview row."""
    db.table("interviews").update(interview_id, changes)
