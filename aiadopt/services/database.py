"""Opening the workshop database, and the numbers that tell a cached view it is out of date."""

from __future__ import annotations

from pathlib import Path

from aiadopt import storage
from aiadopt.storage import Database


def open_database(path: str | Path | None = None) -> Database:
    """A connection for this script run (sqlite3 objects are bound to their thread), schema up to date."""
    return storage.connect(path)


def database_file(db: Database) -> str:
    """The file behind a connection ('' in memory): part of a cache key."""
    return storage.database_file(db)


def data_version(db: Database, workshop_id: int) -> int:
    """A number that changes whenever anything in the workshop changes (every write is logged)."""
    return storage.change_log.data_version(db, workshop_id)


def content_version(db: Database, workshop_id: int) -> int:
    """A number that changes whenever the workshop changes, votes left aside."""
    return storage.change_log.content_version(db, workshop_id)


def schema_version(db: Database) -> list[str]:
    """The names of the migrations applied to this database."""
    return storage.schema_version(db)
