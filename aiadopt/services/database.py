"""Opening the workshop database, and the numbers that tell a cached view it is out of date."""

from __future__ import annotations

from pathlib import Path

from aiadopt import config, storage
from aiadopt.domain.language import N_
from aiadopt.services.errors import ServiceError
from aiadopt.storage import Database


class DatabaseUnavailable(ServiceError):
    """The database cannot be opened or written: the message names the file and the cause."""


# A write that could not be made (a full or read-only disk, a busy timeout): nothing of it was kept.
SaveFailed = storage.WriteFailed

NOT_SAVED = {
    "busy": N_("Not saved yet: the workshop is very busy right now. Please press Save again."),
    "full": N_(
        "Not saved: the disk of the computer running the workshop is full. What was saved before is safe; "
        "free some space on it and press Save again."
    ),
    "read_only": N_(
        "Not saved: the workshop's data cannot be written at the moment (it is read-only). What was "
        "saved before is safe; ask the facilitator."
    ),
    "io": N_(
        "Not saved: the computer running the workshop could not write its data. What was saved before is "
        "safe; please press Save again in a moment."
    ),
}


def not_saved_message(failure: Exception) -> str:
    """What to tell the person whose save could not be written, in plain words."""
    return NOT_SAVED.get(getattr(failure, "reason", "io"), NOT_SAVED["io"])


def _unavailable(path: str | Path | None, failure: Exception) -> DatabaseUnavailable:
    target = Path(path) if path is not None else config.db_path()
    reason = str(failure).rstrip(".")
    origin = failure.__cause__ if isinstance(failure, storage.StorageUnavailable) else failure
    if isinstance(origin, (FileExistsError, NotADirectoryError)):
        cause = "a file stands where its folder should be"
    elif "readonly" in reason or "read-only" in reason or isinstance(origin, PermissionError):
        cause = "the file or its folder is read-only for this user"
    elif "unable to open" in reason or isinstance(origin, (FileNotFoundError, IsADirectoryError)):
        cause = "the file cannot be created or opened there (a folder that does not exist or cannot be written?)"
    elif "not a database" in reason:
        cause = "the file is not a workshop database"
    else:
        cause = "the database reported a problem"
    return DatabaseUnavailable(
        f"The workshop database {target} cannot be used: {cause} ({reason}). "
        "Fix its permissions, or set AIADOPT_DB_PATH to a file in a folder you can write to, and start again."
    )


def open_database(path: str | Path | None = None) -> Database:
    """A connection for this script run (sqlite3 objects are bound to their thread), schema up to date.

    Raises DatabaseUnavailable, naming the file and the cause, when it cannot be opened.
    """
    try:
        return storage.connect(path)
    except storage.StorageUnavailable as failure:
        raise _unavailable(path, failure) from None


def check_database(path: str | Path | None = None) -> None:
    """Open the database and write to it once (start-up): DatabaseUnavailable if either fails."""
    db = open_database(path)
    try:
        storage.probe_write(db)
    except storage.StorageUnavailable as failure:
        raise _unavailable(path, failure) from None
    finally:
        db.conn.close()


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
