"""Imported files: which file (by the hash of its bytes) went into which workshop, when, and what it added.

A hash and counts only: no file name (it may hold a person's name), no text. Not in backups: it tells
what happened on this machine, and a restored workshop is still protected, row by row, by the
comparison of each imported row with the pain points it holds.
"""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def record(db: Database, workshop_id: int, file_hash: str, rows: int, added: int, updated: int) -> int:
    """Remember one import of a file into a workshop (inside the caller's write); returns its id."""
    return insert_row(
        db,
        "imported_files",
        {"workshop_id": workshop_id, "file_hash": file_hash, "rows": rows, "added": added, "updated": updated}
        | {"at": now()},
    )


def earlier(db: Database, workshop_id: int, file_hash: str) -> list[dict]:
    """Every import of this file into this workshop, oldest first."""
    return list(
        db.table("imported_files").rows_where(
            "workshop_id = ? AND file_hash = ?", [workshop_id, file_hash], order_by="id"
        )
    )
