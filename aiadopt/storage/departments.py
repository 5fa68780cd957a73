"""Department rows."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def get(db: Database, department_id: int) -> dict | None:
    """One department row, deleted or not, or None."""
    rows = list(db.table("departments").rows_where("id = ?", [department_id]))
    return rows[0] if rows else None


def list_for(db: Database, workshop_id: int, include_deleted: bool = False) -> list[dict]:
    """A workshop's departments in the order they were added."""
    where = "workshop_id = ?" + ("" if include_deleted else " AND deleted_at IS NULL")
    return list(db.table("departments").rows_where(where, [workshop_id], order_by="id"))


def live_names(db: Database, workshop_id: int, except_id: int | None = None) -> list[str]:
    """The names of the workshop's live departments (leaving out `except_id`)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT name FROM departments WHERE workshop_id = ? AND deleted_at IS NULL AND id != ?",
            [workshop_id, except_id if except_id is not None else -1],
        ).fetchall()
    ]


def insert(db: Database, row: dict) -> int:
    """Add a department row; returns its id."""
    return insert_row(db, "departments", row | {"created_at": now()})


def update(db: Database, department_id: int, changes: dict) -> None:
    """Change some columns of a department row."""
    db.table("departments").update(department_id, changes)


def set_deleted(db: Database, department_id: int, deleted: bool) -> None:
    """Mark a department deleted (soft) or bring it back."""
    db.table("departments").update(department_id, {"deleted_at": now() if deleted else None})
