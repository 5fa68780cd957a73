"""App-wide settings and the record of facilitator sign-in attempts."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import now, writing


def get(db: Database, key: str) -> str | None:
    """A stored setting, or None."""
    rows = list(db.table("settings").rows_where("key = ?", [key]))
    return rows[0]["value"] if rows else None


def set_once(db: Database, key: str, value: str) -> str:
    """Store `value` under `key` unless a value is there already; return the stored value."""
    with writing(db):
        db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", [key, value])
    return get(db, key) or value


def record_passcode_attempt(db: Database, succeeded: bool) -> None:
    """Remember a facilitator sign-in attempt."""
    with writing(db):
        db.table("passcode_attempts").insert({"at": now(), "succeeded": int(succeeded)})


def passcode_failures_since(db: Database, since_iso: str) -> list[str]:
    """Times of failed sign-ins after `since_iso` and after the last success."""
    last_ok = db.execute("SELECT max(at) FROM passcode_attempts WHERE succeeded = 1").fetchone()[0] or ""
    cutoff = max(since_iso, last_ok)
    return [
        row[0]
        for row in db.execute(
            "SELECT at FROM passcode_attempts WHERE succeeded = 0 AND at > ? ORDER BY at", [cutoff]
        ).fetchall()
    ]
