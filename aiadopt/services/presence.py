"""Presence: each screen's signs of life, kept in memory and written in batches.

Every screen in the room checks in every few seconds. Writing each check-in on its own took a write
transaction per screen per poll (800 screens: about 160 a second, queueing behind the saves). Here a
check-in is noted in memory, and the process writes everything noted in one transaction at most
every FLUSH_SECONDS (on the next check-in after that, or before presence is read). A batch that
cannot be written (a busy or full disk) is dropped and counted: the screens check in again seconds
later, and nobody at a screen sees anything. A database in memory (tests, previews) is written at once.
"""

from __future__ import annotations

import threading
import time

from aiadopt import storage
from aiadopt.domain.workshops import token_digest
from aiadopt.storage import Database

FLUSH_SECONDS = 2.0

_lock = threading.Lock()
_noted: dict[tuple[str, int, str], list[str]] = {}  # (database file, workshop, token hash) -> [first, last]
_written_at: dict[str, float] = {}
_token_keys: dict[str, str] = {}
_dropped = {"check_ins": 0, "batches": 0}


def _digest(db: Database, where: str, token: str) -> str:
    key = _token_keys.get(where) if where else None
    if key is None:
        key = storage.participants.token_key(db)
        if where:
            _token_keys[where] = key
    return token_digest(key, token)


def mark_seen(db: Database, workshop_id: int, token: str) -> None:
    """A screen is still there (its last sign of life), by its link's token: noted now, written soon."""
    where = storage.database_file(db)
    digest = _digest(db, where, token)
    at = storage.now()
    with _lock:
        noted = _noted.setdefault((where, int(workshop_id), digest), [at, at])
        noted[1] = at
        due = not where or time.monotonic() - _written_at.get(where, 0.0) >= FLUSH_SECONDS
    if due:
        write_noted(db)


def write_noted(db: Database) -> int:
    """Write every check-in this process noted for this database, in one transaction; how many."""
    where = storage.database_file(db)
    with _lock:
        batch = [(key, times) for key, times in _noted.items() if key[0] == where]
        for key, _ in batch:
            del _noted[key]
        _written_at[where] = time.monotonic()
    if not batch:
        return 0
    rows = [(workshop_id, digest, first, last) for (_, workshop_id, digest), (first, last) in batch]
    try:
        with storage.writing(db):
            storage.participants.mark_seen_many(db, rows)
    except storage.WriteFailed:
        with _lock:
            _dropped["check_ins"] += len(rows)
            _dropped["batches"] += 1
        return 0
    return len(rows)


def noted_here(db: Database, workshop_id: int, digest: str) -> bool:
    """Whether this process noted a check-in of this screen that is not written yet."""
    with _lock:
        return (storage.database_file(db), int(workshop_id), digest) in _noted


def dropped() -> dict[str, int]:
    """Check-ins (and batches of them) this process could not write, since it started."""
    with _lock:
        return dict(_dropped)
