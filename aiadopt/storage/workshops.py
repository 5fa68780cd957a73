"""Workshop rows: find, list, insert and change them."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def get(db: Database, workshop_id: int) -> dict | None:
    """One workshop row, deleted or not, or None."""
    rows = list(db.table("workshops").rows_where("id = ?", [workshop_id]))
    return rows[0] if rows else None


def by_join_code(db: Database, code: str) -> dict | None:
    """The workshop row with this join code, deleted or not, or None."""
    rows = list(db.table("workshops").rows_where("join_code = ?", [code]))
    return rows[0] if rows else None


def join_code_taken(db: Database, code: str) -> bool:
    """Whether any workshop already uses this join code."""
    return db.execute("SELECT 1 FROM workshops WHERE join_code = ?", [code]).fetchone() is not None


def list_all(db: Database, include_deleted: bool = False) -> list[dict]:
    """Workshops, newest first."""
    where = None if include_deleted else "deleted_at IS NULL"
    return list(db.table("workshops").rows_where(where, order_by="id desc"))


def insert(db: Database, row: dict) -> int:
    """Add a workshop row; returns its id."""
    return insert_row(db, "workshops", row | {"created_at": now()})


def update(db: Database, workshop_id: int, changes: dict) -> None:
    """Change some columns of a workshop row."""
    db.table("workshops").update(workshop_id, changes | {"updated_at": now()})


def set_deleted(db: Database, workshop_id: int, deleted: bool) -> None:
    """Mark a workshop deleted (soft) or bring it back."""
    db.table("workshops").update(workshop_id, {"deleted_at": now() if deleted else None})


ROOM_COLUMNS = (
    "id, phase, room_version, timer_ends_at, timer_closes_phase, anonymous, "
    "results_revealed, dots_per_participant, projector_qr, room_ranking, deleted_at"
)


def room_state(db: Database, workshop_id: int) -> dict | None:
    """The few columns every waiting screen checks, read in one small query."""
    row = db.execute(f"SELECT {ROOM_COLUMNS} FROM workshops WHERE id = ?", [workshop_id]).fetchone()
    return dict(zip([c.strip() for c in ROOM_COLUMNS.split(",")], row)) if row else None


def change_room(db: Database, workshop_id: int, changes: dict) -> None:
    """Change the room (phase, timer, reveal, anonymity) and move its version on, so every screen notices."""
    assignments = ", ".join(f"[{column}] = ?" for column in changes)
    db.execute(
        f"UPDATE workshops SET {assignments}, room_version = room_version + 1, updated_at = ? WHERE id = ?",
        [*changes.values(), now(), workshop_id],
    )
