"""Connections and transactions.

A connection is opened per Streamlit script run (sqlite3 objects are bound to their thread),
in WAL mode with a busy timeout and foreign keys on. Writes run in `BEGIN IMMEDIATE`
transactions so concurrent sessions queue for the write lock instead of failing.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from aiadopt import config
from aiadopt.storage import schema_room  # noqa: F401  (registers the migrations from 0.6 on, after the others)
from aiadopt.storage.schema import migrations

BUSY_TIMEOUT_MS = 30_000

_migrated_paths: set[str] = set()
_known_paths: dict[str, str] = {}  # a path as given -> its resolved form, once migrated
_migrate_lock = threading.Lock()


def now() -> str:
    """The current time in UTC, ISO 8601, to the microsecond (sortable text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class StorageUnavailable(Exception):
    """The database file cannot be opened, migrated or written (the original error is its cause)."""


class WriteFailed(StorageUnavailable):
    """A write could not be made (nothing of it was stored): `reason` is "full", "read_only", "busy" or "io"."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def _write_failure(failure: sqlite3.Error) -> WriteFailed:
    """What stopped a write, from SQLite's own words."""
    text = str(failure).lower()
    if "full" in text:
        reason = "full"
    elif "readonly" in text or "read-only" in text:
        reason = "read_only"
    elif "locked" in text or "busy" in text:
        reason = "busy"
    else:
        reason = "io"
    return WriteFailed(reason, str(failure))


def connect(path: str | Path | None = None) -> Database:
    """Open the database (creating and migrating it when needed) for this thread; StorageUnavailable if not."""
    try:
        return _connect(path)
    except (sqlite3.Error, OSError) as failure:
        raise StorageUnavailable(str(failure)) from failure


def probe_write(db: Database) -> None:
    """Write once to the database (start-up check); StorageUnavailable if it cannot be written."""
    try:
        with writing(db):
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('last_started_at', ?)", [now()])
    except (sqlite3.Error, OSError) as failure:
        raise StorageUnavailable(str(failure)) from failure


def _connect(path: str | Path | None = None) -> Database:
    target = Path(path) if path is not None else config.db_path()
    key = _known_paths.get(str(target))
    if key is None or key not in _migrated_paths:
        target.parent.mkdir(parents=True, exist_ok=True)
        key = str(target.resolve())
    conn = sqlite3.connect(key, timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if key not in _migrated_paths:
        with _migrate_lock:
            if key not in _migrated_paths:
                with db.ensure_autocommit_on():
                    db.execute("PRAGMA journal_mode = WAL")
                migrate(db)
                _migrated_paths.add(key)
                # Every screen of a room opens a connection per run: skip the path work from now on.
                _known_paths[str(target)] = key
    return db


def connect_memory() -> Database:
    """A migrated in-memory database (tests and previews)."""
    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def migrate(db: Database) -> None:
    """Create or bring the schema up to date; harmless when run again."""
    with writing(db):
        migrations.apply(db)


def schema_version(db: Database) -> list[str]:
    """The names of the migrations applied to this database, in order."""
    return [m.name for m in migrations.applied(db)]


def table_names(db: Database) -> list[str]:
    """The tables the migrations made (sqlite-utils' own bookkeeping and full-text tables left out)."""
    return sorted(name for name in db.table_names() if not name.startswith("_"))


def forget_migrated(path: str | Path) -> None:
    """Make the next connect() to `path` check migrations again (tests that swap files)."""
    _migrated_paths.discard(str(Path(path).resolve()))


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock at once (BEGIN IMMEDIATE).

    Waiting for the lock up front, rather than upgrading a read lock later, is what lets the
    busy timeout work: concurrent sessions queue instead of failing with "database is locked".
    Nested writes become savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    # The one place a write can fail for reasons outside the app (a full or read-only disk, a busy
    # timeout): whatever SQLite says becomes WriteFailed, nothing of the write is kept, and the
    # person is told in plain words (services.database.not_saved_message).
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as failure:
        if not _outside_the_app(failure):
            raise
        raise _write_failure(failure) from failure
    try:
        yield db
    except sqlite3.DatabaseError as failure:
        _rollback(db)
        if not _outside_the_app(failure):
            raise
        raise _write_failure(failure) from failure
    except BaseException:
        _rollback(db)
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except sqlite3.DatabaseError as failure:
            _rollback(db)
            if not _outside_the_app(failure):
                raise
            raise _write_failure(failure) from failure


_OUTSIDE_WORDS = ("full", "readonly", "read-only", "locked", "busy", "disk i/o", "unable to open", "malformed")


def _outside_the_app(failure: sqlite3.DatabaseError) -> bool:
    """A disk, permission or lock problem (not a constraint or a mistake in a query)."""
    text = str(failure).lower()
    plain = isinstance(failure, sqlite3.OperationalError) or type(failure) is sqlite3.DatabaseError
    return plain and any(word in text for word in _OUTSIDE_WORDS)


def _rollback(db: Database) -> None:
    if db.conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):  # a disk that failed may fail the rollback too
            db.conn.execute("ROLLBACK")


def insert_row(db: Database, table: str, row: dict) -> int:
    """Add one row to a table; returns its id."""
    return int(db.table(table).insert(row).last_pk)  # type: ignore[arg-type]


def database_file(db: Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    return db.execute("PRAGMA database_list").fetchone()[2] or ""


def table_counts(db: Database) -> dict[str, int]:
    """Rows per table (health checks and tests)."""
    return {name: db[name].count for name in db.table_names() if not name.startswith("_")}


def one(rows: object) -> dict | None:
    """The first row of a query, or None."""
    for row in rows:  # type: ignore[attr-defined]
        return dict(row)
    return None
