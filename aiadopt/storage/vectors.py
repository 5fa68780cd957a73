"""What pain points mean, as stored vectors: which are there, and saving new ones."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from aiadopt.storage.connection import now


def stored(db: Database, pain_point_ids: Iterable[int], model: str) -> dict[int, tuple[str, bytes]]:
    """Pain point id -> (the hash of the text it was made from, the vector's bytes), for this model."""
    wanted = [int(i) for i in pain_point_ids]
    found: dict[int, tuple[str, bytes]] = {}
    for start in range(0, len(wanted), 900):  # SQLite takes at most 999 values in one query
        chunk = wanted[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for pain_point_id, text_hash, vector in db.execute(
            f"SELECT pain_point_id, text_hash, vector FROM pain_point_vectors "
            f"WHERE model = ? AND pain_point_id IN ({marks})",
            [model, *chunk],
        ).fetchall():
            found[pain_point_id] = (text_hash, vector)
    return found


def save(db: Database, rows: list[tuple[int, str, bytes]], model: str) -> None:
    """Store (pain point id, text hash, vector bytes) rows, replacing older vectors of the same pain points."""
    at = now()
    db.conn.executemany(
        "INSERT INTO pain_point_vectors (pain_point_id, model, text_hash, vector, made_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(pain_point_id) DO UPDATE SET model = excluded.model, text_hash = excluded.text_hash, "
        "vector = excluded.vector, made_at = excluded.made_at",
        [(pain_point_id, model, text_hash, vector, at) for pain_point_id, text_hash, vector in rows],
    )


def workshops_with_text(db: Database) -> list[int]:
    """Workshops that are not deleted (whose pain points may need vectors)."""
    return [row[0] for row in db.execute("SELECT id FROM workshops WHERE deleted_at IS NULL").fetchall()]


def pending(db: Database, workshop_id: int, model: str, limit: int) -> list[int]:
    """Live pain points of a workshop with no vector of this model, or one older than their last change:
    a cheap check, one indexed query, made every few seconds from the facilitator's screens."""
    return [
        row[0]
        for row in db.execute(
            "SELECT p.id FROM pain_points p LEFT JOIN pain_point_vectors v ON v.pain_point_id = p.id "
            "WHERE p.workshop_id = ? AND p.deleted_at IS NULL "
            "AND (v.pain_point_id IS NULL OR v.model != ? OR v.made_at < coalesce(p.updated_at, p.created_at)) "
            "ORDER BY p.id LIMIT ?",
            [workshop_id, model, limit],
        ).fetchall()
    ]


def touch(db: Database, pain_point_ids: Iterable[int]) -> None:
    """Mark vectors as current (their pain point changed, but not its text)."""
    at = now()
    db.conn.executemany(
        "UPDATE pain_point_vectors SET made_at = ? WHERE pain_point_id = ?", [(at, int(i)) for i in pain_point_ids]
    )
