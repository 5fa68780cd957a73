"""Merged candidate workflows (candidates and their member pain points) and rejected duplicate pairs."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def get(db: Database, candidate_id: int) -> dict | None:
    """One live merged candidate row, or None."""
    rows = list(db.table("candidates").rows_where("id = ? AND deleted_at IS NULL", [candidate_id]))
    return rows[0] if rows else None


def candidate_of(db: Database, pain_point_id: int) -> int | None:
    """The live merged candidate a pain point belongs to, or None."""
    row = db.execute(
        "SELECT m.candidate_id FROM candidate_members m JOIN candidates c ON c.id = m.candidate_id "
        "WHERE m.pain_point_id = ? AND m.removed_at IS NULL AND c.deleted_at IS NULL",
        [pain_point_id],
    ).fetchone()
    return row[0] if row else None


def members(db: Database, candidate_id: int) -> list[int]:
    """The pain point ids of a live candidate (deleted pain points left out)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT m.pain_point_id FROM candidate_members m JOIN pain_points p ON p.id = m.pain_point_id "
            "WHERE m.candidate_id = ? AND m.removed_at IS NULL AND p.deleted_at IS NULL ORDER BY m.pain_point_id",
            [candidate_id],
        ).fetchall()
    ]


def groups(db: Database, workshop_id: int) -> tuple[dict[int, list[int]], dict[int, str]]:
    """Live merged candidates: members (live pain points only) and titles, by candidate id."""
    found: dict[int, list[int]] = {}
    titles: dict[int, str] = {}
    for row in db.query(
        "SELECT c.id, c.title, m.pain_point_id FROM candidates c "
        "JOIN candidate_members m ON m.candidate_id = c.id AND m.removed_at IS NULL "
        "JOIN pain_points p ON p.id = m.pain_point_id AND p.deleted_at IS NULL "
        "WHERE c.workshop_id = ? AND c.deleted_at IS NULL ORDER BY c.id, m.pain_point_id",
        [workshop_id],
    ):
        found.setdefault(row["id"], []).append(row["pain_point_id"])
        titles[row["id"]] = row["title"]
    return found, titles


def insert(db: Database, workshop_id: int, title: str, member_ids: Iterable[int]) -> int:
    """Add a merged candidate with its members; returns its id."""
    stamp = now()
    candidate_id = insert_row(
        db, "candidates", {"workshop_id": workshop_id, "title": title, "created_at": stamp, "updated_at": stamp}
    )
    db.table("candidate_members").insert_all(
        {"candidate_id": candidate_id, "pain_point_id": member, "added_at": stamp} for member in sorted(member_ids)
    )
    return candidate_id


def remove_members(db: Database, candidate_id: int, pain_point_ids: Iterable[int] | None = None) -> None:
    """Take pain points (all of them when None) out of a candidate; the history stays."""
    stamp = now()
    if pain_point_ids is None:
        db.execute(
            "UPDATE candidate_members SET removed_at = ? WHERE candidate_id = ? AND removed_at IS NULL",
            [stamp, candidate_id],
        )
        return
    for pain_point_id in pain_point_ids:
        db.execute(
            "UPDATE candidate_members SET removed_at = ? WHERE candidate_id = ? AND pain_point_id = ? "
            "AND removed_at IS NULL",
            [stamp, candidate_id, pain_point_id],
        )


def retire(db: Database, candidate_id: int) -> None:
    """Mark a candidate deleted (it was absorbed by a merge or split apart)."""
    db.table("candidates").update(candidate_id, {"deleted_at": now()})


def rename(db: Database, candidate_id: int, title: str) -> None:
    """Change a candidate's title."""
    db.table("candidates").update(candidate_id, {"title": title, "updated_at": now()})


def reject_pair(db: Database, workshop_id: int, low: int, high: int) -> None:
    """Remember that two pain points are not duplicates."""
    db.execute(
        "INSERT OR IGNORE INTO duplicate_rejections (workshop_id, first_id, second_id, at) VALUES (?, ?, ?, ?)",
        [workshop_id, low, high, now()],
    )


def rejected_pairs(db: Database, workshop_id: int) -> set[frozenset[int]]:
    """Pairs of pain points the facilitator said are not duplicates."""
    return {
        frozenset((row["first_id"], row["second_id"]))
        for row in db.table("duplicate_rejections").rows_where("workshop_id = ?", [workshop_id])
    }


def restore(db: Database, candidate_id: int, member_ids: Iterable[int]) -> None:
    """Bring back a candidate that a merge absorbed, with the members it had (undoing that merge)."""
    db.table("candidates").update(candidate_id, {"deleted_at": None, "updated_at": now()})
    stamp = now()
    db.table("candidate_members").insert_all(
        {"candidate_id": candidate_id, "pain_point_id": member, "added_at": stamp} for member in sorted(member_ids)
    )


def is_rejected(db: Database, workshop_id: int, low: int, high: int) -> bool:
    """Whether the facilitator already said these two pain points are not duplicates."""
    return (
        db.execute(
            "SELECT 1 FROM duplicate_rejections WHERE workshop_id = ? AND first_id = ? AND second_id = ?",
            [workshop_id, low, high],
        ).fetchone()
        is not None
    )


def forget_rejection(db: Database, workshop_id: int, low: int, high: int) -> None:
    """Take back "not the same" for one pair (undoing a decision)."""
    db.execute(
        "DELETE FROM duplicate_rejections WHERE workshop_id = ? AND first_id = ? AND second_id = ?",
        [workshop_id, low, high],
    )


def record_decision(db: Database, workshop_id: int, kind: str, detail: dict, actor: str) -> int:
    """Keep a decision on suggestions (the ids it changed) so that it can be undone; returns its id."""
    return insert_row(
        db,
        "review_decisions",
        {"workshop_id": workshop_id, "kind": kind, "detail": json.dumps(detail), "actor": actor, "at": now()},
    )


def last_decision(db: Database, workshop_id: int) -> dict | None:
    """The latest decision on suggestions not undone yet, its detail read back; None when there is none."""
    rows = list(
        db.query(
            "SELECT * FROM review_decisions WHERE workshop_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
            [workshop_id],
        )
    )
    return dict(rows[0], detail=json.loads(rows[0]["detail"])) if rows else None


def mark_undone(db: Database, decision_id: int) -> None:
    db.table("review_decisions").update(decision_id, {"undone_at": now()})
