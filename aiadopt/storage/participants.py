"""Participant rows: anonymous, each known by the keyed hash of the secret token in their own link.

`participants.token` holds that hash (`domain.workshops.token_digest`), never the token itself.
"""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now
from aiadopt.storage.schema import TOKEN_KEY_SETTING


def token_key(db: Database) -> str:
    """This database's key for token hashes (made by the migrations)."""
    return db.execute("SELECT value FROM settings WHERE key = ?", [TOKEN_KEY_SETTING]).fetchone()[0]


def insert(db: Database, workshop_id: int, digest: str) -> int:
    """Add a participant known by a token's hash; returns their id."""
    return insert_row(db, "participants", {"workshop_id": workshop_id, "token": digest, "created_at": now()})


def by_digest(db: Database, workshop_id: int, digest: str) -> dict | None:
    """The participant whose token has this hash in this workshop, or None."""
    rows = list(db.table("participants").rows_where("token = ? AND workshop_id = ?", [digest, workshop_id]))
    return rows[0] if rows else None


def insert_once(db: Database, workshop_id: int, digest: str) -> int | None:
    """The participant with this token hash, added when not there yet (a first save); returns the id.

    None when the hash belongs to a participant of another workshop.
    """
    db.execute(
        "INSERT OR IGNORE INTO participants (workshop_id, token, created_at) VALUES (?, ?, ?)",
        [workshop_id, digest, now()],
    )
    found = db.execute(
        "SELECT id FROM participants WHERE token = ? AND workshop_id = ?", [digest, workshop_id]
    ).fetchone()
    return found[0] if found else None


def mark_seen(db: Database, workshop_id: int, digest: str, at: str) -> None:
    """Record a screen's last sign of life (by its token's hash; its person may not have saved anything)."""
    db.execute(
        "INSERT INTO screens (token, workshop_id, first_seen_at, seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(token) DO UPDATE SET seen_at = excluded.seen_at",
        [digest, workshop_id, at, at],
    )


def mark_seen_many(db: Database, rows: list[tuple[int, str, str, str]]) -> None:
    """Record many screens' signs of life at once: (workshop id, token hash, first seen, last seen)."""
    db.conn.executemany(
        "INSERT INTO screens (token, workshop_id, first_seen_at, seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(token) DO UPDATE SET seen_at = max(seen_at, excluded.seen_at)",
        [(digest, workshop_id, first, last) for workshop_id, digest, first, last in rows],
    )


def screen_seen(db: Database, workshop_id: int, digest: str) -> bool:
    """Whether a screen known by this token's hash has shown a sign of life in this workshop."""
    return (
        db.execute("SELECT 1 FROM screens WHERE token = ? AND workshop_id = ?", [digest, workshop_id]).fetchone()
        is not None
    )


def set_done(db: Database, participant_id: int, at: str | None) -> None:
    """Record that a participant is done (`at`), or not done after all (None)."""
    db.execute("UPDATE participants SET done_at = ? WHERE id = ?", [at, participant_id])


def presence(db: Database, workshop_id: int, active_since: str) -> dict[str, int]:
    """How many joined (saved something, or kept the page open past its first sign of life), how many
    checked in since `active_since`, how many said they are done."""
    joined = db.execute(
        "SELECT count(*) FROM (SELECT token FROM screens WHERE workshop_id = ? AND seen_at > first_seen_at "
        "UNION SELECT token FROM participants WHERE workshop_id = ?)",
        [workshop_id, workshop_id],
    ).fetchone()[0]
    active = db.execute(
        "SELECT count(*) FROM screens WHERE workshop_id = ? AND seen_at >= ?", [workshop_id, active_since]
    ).fetchone()[0]
    done = db.execute(
        "SELECT count(*) FROM participants WHERE workshop_id = ? AND done_at IS NOT NULL", [workshop_id]
    ).fetchone()[0]
    return {"joined": joined, "active": active, "done": done}
