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


def set_value(db: Database, key: str, value: str) -> None:
    """Store `value` under `key`, replacing what was there."""
    with writing(db):
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])


def record_attempt(db: Database, kind: str, succeeded: bool, client: str = "", session: str = "") -> int:
    """Remember a sign-in or join-code attempt and which client (hashed) made it; returns its id."""
    with writing(db):
        table = db.table("passcode_attempts")
        table.insert({"at": now(), "succeeded": int(succeeded), "kind": kind, "client": client, "session": session})
        return int(table.last_rowid or 0)


def attempt_succeeded(db: Database, attempt_id: int) -> None:
    """An attempt recorded as failed before it was checked turned out right."""
    with writing(db):
        db.execute("UPDATE passcode_attempts SET succeeded = 1 WHERE id = ?", [attempt_id])


def failures_since(db: Database, kind: str, since_iso: str, column: str = "", value: str = "") -> list[str]:
    """Times of failed attempts of one kind after `since_iso`, after the last success of the same client.

    With `column` ("client" or "session") and `value`, only that client's attempts count; without,
    everyone's (the failures of the whole server).
    """
    if column not in ("", "client", "session"):
        raise ValueError(f"unknown attempt column {column!r}")
    where = "kind = ?" + (f" AND {column} = ?" if column else "")
    params = [kind, value] if column else [kind]
    last_ok = db.execute(f"SELECT max(at) FROM passcode_attempts WHERE {where} AND succeeded = 1", params).fetchone()
    cutoff = max(since_iso, last_ok[0] or "")
    return [
        row[0]
        for row in db.execute(
            f"SELECT at FROM passcode_attempts WHERE {where} AND succeeded = 0 AND at > ? ORDER BY at",
            [*params, cutoff],
        ).fetchall()
    ]


def forget_failures(db: Database, kind: str) -> int:
    """Forget every failed attempt of this kind (the operator reset sign-in from the terminal)."""
    with writing(db):
        return db.execute("DELETE FROM passcode_attempts WHERE kind = ? AND succeeded = 0", [kind]).rowcount
