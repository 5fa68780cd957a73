"""Saved sets of ranking weights and gate choices."""

from __future__ import annotations

import json

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def save(db: Database, workshop_id: int, name: str, weights: dict, gates: dict) -> int:
    """Store a set, retiring a live one of the same name (case does not count); returns its id."""
    stamp = now()
    db.execute(
        "UPDATE weight_sets SET deleted_at = ? WHERE workshop_id = ? AND lower(name) = lower(?) AND deleted_at IS NULL",
        [stamp, workshop_id, name],
    )
    return insert_row(
        db,
        "weight_sets",
        {
            "workshop_id": workshop_id,
            "name": name,
            "weights": json.dumps(weights),
            "gates": json.dumps(gates),
            "created_at": stamp,
        },
    )


def list_for(db: Database, workshop_id: int) -> list[dict]:
    """A workshop's live sets by name, weights and gates decoded."""
    return [
        row | {"weights": json.loads(row["weights"]), "gates": json.loads(row["gates"])}
        for row in db.table("weight_sets").rows_where(
            "workshop_id = ? AND deleted_at IS NULL", [workshop_id], order_by="name"
        )
    ]


def get(db: Database, set_id: int) -> dict | None:
    """One set's row as stored, or None."""
    rows = list(db.table("weight_sets").rows_where("id = ?", [set_id]))
    return rows[0] if rows else None


def retire(db: Database, set_id: int) -> None:
    """Remove a set (soft)."""
    db.table("weight_sets").update(set_id, {"deleted_at": now()})
