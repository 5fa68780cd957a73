"""The facilitator's edits to pilot charters, one row per workshop and candidate key."""

from __future__ import annotations

import json

from sqlite_utils import Database

from aiadopt.storage.connection import now


def get(db: Database, workshop_id: int, candidate_key: str) -> dict | None:
    """The stored charter edits for a candidate, or None."""
    rows = list(db.table("charters").rows_where("workshop_id = ? AND candidate_key = ?", [workshop_id, candidate_key]))
    return json.loads(rows[0]["fields"]) if rows else None


def save(db: Database, workshop_id: int, candidate_key: str, fields: dict) -> None:
    """Store a candidate's charter edits, replacing earlier ones."""
    payload = json.dumps(fields, ensure_ascii=False, default=str)
    existing = list(
        db.table("charters").rows_where("workshop_id = ? AND candidate_key = ?", [workshop_id, candidate_key])
    )
    if existing:
        db.table("charters").update(existing[0]["id"], {"fields": payload, "updated_at": now()})
    else:
        db.table("charters").insert(
            {"workshop_id": workshop_id, "candidate_key": candidate_key, "fields": payload, "updated_at": now()}
        )


def latest_edited(db: Database, workshop_id: int, candidate_keys: list[str]) -> dict | None:
    """The most recently saved non-empty edits among these candidates, or None."""
    if not candidate_keys:
        return None
    row = db.execute(
        f"SELECT fields FROM charters WHERE workshop_id = ? AND candidate_key IN "
        f"({', '.join('?' for _ in candidate_keys)}) AND fields != '{{}}' ORDER BY updated_at DESC LIMIT 1",
        [workshop_id, *candidate_keys],
    ).fetchone()
    return json.loads(row[0]) if row else None
