"""The change log: who changed what and when, append-only (triggers refuse updates and deletes)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from aiadopt.storage.connection import now


def record(
    db: Database,
    *,
    actor: str,
    workshop_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    changes: dict | None = None,
) -> None:
    """Append one entry (inside the caller's write transaction)."""
    db.table("change_log").insert(
        {
            "at": now(),
            "actor": actor,
            "workshop_id": workshop_id,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "changes": json.dumps(changes or {}, ensure_ascii=False, default=str),
        }
    )


def recent(db: Database, workshop_id: int, limit: int = 500) -> list[dict]:
    """The most recent entries of a workshop's change log, newest first."""
    return list(db.table("change_log").rows_where("workshop_id = ?", [workshop_id], order_by="id desc", limit=limit))


def data_version(db: Database, workshop_id: int) -> int:
    """A number that changes whenever anything in the workshop changes (every write is logged)."""
    return db.execute("SELECT coalesce(max(id), 0) FROM change_log WHERE workshop_id = ?", [workshop_id]).fetchone()[0]


def content_version(db: Database, workshop_id: int) -> int:
    """Like data_version, but votes do not move it: what people vote on changes less often than votes."""
    return db.execute(
        "SELECT coalesce(max(id), 0) FROM change_log WHERE workshop_id = ? AND action != 'vote'", [workshop_id]
    ).fetchone()[0]
