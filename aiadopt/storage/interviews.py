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


def set_mark(db: Database, interview_id: int, theme: str, status: str | None, at: str) -> None:
    """Record that a theme was asked with nothing found or skipped on purpose (None: take the note back)."""
    if status is None:
        db.execute("DELETE FROM interview_themes WHERE interview_id = ? AND theme = ?", [interview_id, theme])
        return
    db.execute(
        "INSERT INTO interview_themes (interview_id, theme, status, noted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(interview_id, theme) DO UPDATE SET status = excluded.status, noted_at = excluded.noted_at",
        [interview_id, theme, status, at],
    )


def marks_for(db: Database, workshop_id: int, interview_id: int | None = None) -> list[dict]:
    """The theme notes of a workshop's live interviews (or of one interview)."""
    sql = (
        "SELECT t.interview_id, t.theme, t.status, t.noted_at FROM interview_themes t "
        "JOIN interviews i ON i.id = t.interview_id WHERE i.workshop_id = ? AND i.deleted_at IS NULL"
    )
    params: list = [workshop_id]
    if interview_id is not None:
        sql += " AND t.interview_id = ?"
        params.append(interview_id)
    return [dict(zip(("interview_id", "theme", "status", "noted_at"), row)) for row in db.execute(sql, params)]
