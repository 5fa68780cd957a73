"""A workshop's copy of the interview guide."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from aiadopt.storage.connection import now


def list_for(db: Database, workshop_id: int) -> list[dict]:
    """A workshop's live guide questions, in order."""
    return list(
        db.table("guide_questions").rows_where(
            "workshop_id = ? AND deleted_at IS NULL", [workshop_id], order_by="position, id"
        )
    )


def insert(db: Database, rows: Iterable[dict]) -> None:
    """Add guide questions."""
    db.table("guide_questions").insert_all(rows)


def replace(db: Database, workshop_id: int, rows: list[dict]) -> None:
    """Retire a workshop's live questions (soft) and add these instead."""
    db.execute(
        "UPDATE guide_questions SET deleted_at = ? WHERE workshop_id = ? AND deleted_at IS NULL", [now(), workshop_id]
    )
    db.table("guide_questions").insert_all(rows)
