"""Erasures: the record of each one, and the one way the change log's rows may be rewritten."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def begin(db: Database, workshop_id: int | None, actor: str, kind: str) -> int:
    """Record an erasure as under way (inside the caller's write): the change log may be rewritten until it ends."""
    return insert_row(
        db, "erasures", {"at": now(), "workshop_id": workshop_id, "actor": actor, "kind": kind, "active": 1}
    )


def end(db: Database, erasure_id: int, changed: int) -> None:
    """The erasure is done: how many values it changed; the change log is append-only again."""
    db.table("erasures").update(erasure_id, {"changed": changed, "active": 0})


def update(db: Database, table: str, row_id: int, changes: dict) -> None:
    """Change some columns of one row (during an erasure)."""
    db.table(table).update(row_id, changes)


def delete(db: Database, table: str, where: str, params: list) -> int:
    """Delete rows for good (a purge, during an erasure); returns how many."""
    return db.execute(f"DELETE FROM [{table}] WHERE {where}", params).rowcount


def recent(db: Database, workshop_id: int | None = None, limit: int = 50, with_purges: bool = False) -> list[dict]:
    """The latest erasures (of one workshop, or all), newest first: when, who, what kind, how many values;
    `with_purges` adds the server-wide purges (no workshop) to one workshop's."""
    if workshop_id is None:
        where, params = None, []
    elif with_purges:
        where, params = "workshop_id = ? OR workshop_id IS NULL", [workshop_id]
    else:
        where, params = "workshop_id = ?", [workshop_id]
    return list(db.table("erasures").rows_where(where, params, order_by="id desc", limit=limit))
