"""Votes: one row per dot a participant put on a pain point."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import now


def by_pain_point(db: Database, workshop_id: int) -> dict[int, int]:
    """Dots per live pain point of a workshop."""
    return dict(
        db.execute(
            "SELECT v.pain_point_id, count(*) FROM votes v JOIN pain_points p ON p.id = v.pain_point_id "
            "WHERE v.workshop_id = ? AND p.deleted_at IS NULL GROUP BY v.pain_point_id",
            [workshop_id],
        ).fetchall()
    )


def of_participant(db: Database, workshop_id: int, participant_id: int) -> dict[int, int]:
    """How many dots one participant put on each live pain point."""
    return dict(
        db.execute(
            "SELECT v.pain_point_id, count(*) FROM votes v JOIN pain_points p ON p.id = v.pain_point_id "
            "WHERE v.workshop_id = ? AND v.participant_id = ? AND p.deleted_at IS NULL "
            "GROUP BY v.pain_point_id",
            [workshop_id, participant_id],
        ).fetchall()
    )


def replace(db: Database, workshop_id: int, participant_id: int, dots: dict[int, int]) -> None:
    """Replace all of a participant's dots (pain point id -> dots)."""
    db.execute("DELETE FROM votes WHERE workshop_id = ? AND participant_id = ?", [workshop_id, participant_id])
    stamp = now()
    db.table("votes").insert_all(
        {"workshop_id": workshop_id, "participant_id": participant_id, "pain_point_id": pain_point_id, "at": stamp}
        for pain_point_id, count in dots.items()
        for _ in range(count)
    )


def voters(db: Database, workshop_id: int) -> int:
    """How many participants have saved at least one vote."""
    return db.execute(
        "SELECT count(DISTINCT participant_id) FROM votes WHERE workshop_id = ?", [workshop_id]
    ).fetchone()[0]
