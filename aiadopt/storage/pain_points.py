"""Pain point rows."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now

_SELECT = "SELECT p.*, d.name AS department FROM pain_points p JOIN departments d ON d.id = p.department_id"


def get(db: Database, pain_point_id: int) -> dict | None:
    """One pain point row, deleted or not, or None."""
    rows = list(db.table("pain_points").rows_where("id = ?", [pain_point_id]))
    return rows[0] if rows else None


def insert(db: Database, row: dict) -> int:
    """Add a pain point row; returns its id."""
    stamp = now()
    return insert_row(db, "pain_points", row | {"created_at": stamp, "updated_at": stamp})


def same_since(db: Database, row: dict, since: str) -> int | None:
    """A live pain point stored after `since` with exactly these values (a resent submit), or None."""
    for found in db.table("pain_points").rows_where(
        "workshop_id = ? AND title = ? AND deleted_at IS NULL AND created_at > ?",
        [row["workshop_id"], row["title"], since],
        order_by="id",
    ):
        if all(found.get(column) == value for column, value in row.items()):
            return found["id"]
    return None


def update(db: Database, pain_point_id: int, changes: dict) -> None:
    """Change some columns of a pain point row."""
    db.table("pain_points").update(pain_point_id, changes | {"updated_at": now()})


def set_deleted(db: Database, pain_point_id: int, deleted: bool) -> None:
    """Mark a pain point deleted (soft) or bring it back."""
    db.table("pain_points").update(pain_point_id, {"deleted_at": now() if deleted else None})


def list_for(
    db: Database,
    workshop_id: int,
    *,
    deleted: bool = False,
    participant_id: int | None = None,
    interview_id: int | None = None,
    department_ids: Iterable[int] | None = None,
) -> list[dict]:
    """A workshop's live (or, with `deleted`, deleted) pain points with their department's name, by id."""
    where = ["p.workshop_id = ?", "p.deleted_at IS NOT NULL" if deleted else "p.deleted_at IS NULL"]
    params: list = [workshop_id]
    if participant_id is not None:
        where.append("p.participant_id = ?")
        params.append(participant_id)
    if interview_id is not None:
        where.append("p.interview_id = ?")
        params.append(interview_id)
    chosen = list(department_ids or [])
    if chosen:
        where.append(f"p.department_id IN ({', '.join('?' for _ in chosen)})")
        params.extend(chosen)
    return list(db.query(f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY p.id", params))


def count_per_department(db: Database, workshop_id: int) -> dict[int, int]:
    """How many live pain points each department of a workshop has."""
    return dict(
        db.execute(
            "SELECT department_id, count(*) FROM pain_points WHERE workshop_id = ? AND deleted_at IS NULL "
            "GROUP BY department_id",
            [workshop_id],
        ).fetchall()
    )


def count(db: Database, workshop_id: int) -> int:
    """How many live pain points a workshop has."""
    return db.execute(
        "SELECT count(*) FROM pain_points WHERE workshop_id = ? AND deleted_at IS NULL", [workshop_id]
    ).fetchone()[0]
