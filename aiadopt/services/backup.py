"""Backing up and restoring a whole workshop, checked before anything is written, in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from aiadopt import storage
from aiadopt.domain.backup_rows import check_backup_rows, check_backup_values, upgrade_rows
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError, clean_text
from aiadopt.domain.workshops import WORKSHOP_TEXT
from aiadopt.formats.backup_file import BackupProblem, backup_bytes, read_backup
from aiadopt.services import history, permissions
from aiadopt.services.errors import NotAllowed
from aiadopt.services.participants import unusable_token_digest
from aiadopt.services.workshops import FACILITATOR, get_workshop, unused_join_code
from aiadopt.storage import Database

__all__ = ["BackupProblem", "backup_workshop", "read_backup_file", "restore_workshop"]


def backup_workshop(db: Database, workshop_id: int) -> bytes:
    """A backup file of one workshop: departments, interviews, pain points, merges, votes, weights,
    charters and its change log."""
    get_workshop(db, workshop_id, include_deleted=True)
    if not permissions.may_change(db, workshop_id):  # a backup holds names an observer never sees
        raise NotAllowed(N_("Only the workshop's facilitators download its backup."))
    rows = storage.copies.workshop_rows(db, workshop_id)
    # No token travels: whoever holds a backup cannot open anyone's personal link with it.
    rows["participants"] = [row | {"token": ""} for row in rows.get("participants", [])]
    return backup_bytes(rows, storage.schema_version(db))


def read_backup_file(db: Database, data: bytes) -> dict[str, list[dict]]:
    """The rows of a backup file, checked whole against this database's schema (nothing is written);
    rows written by an earlier version come as this version stores them."""
    return upgrade_rows(read_backup(data, storage.schema_version(db), list(storage.copies.WORKSHOP_TABLES)))


def _check_references(tables: dict[str, list[dict]]) -> None:
    """Every reference must point at a row of the same file: one outside would attach rows to another workshop."""
    ids = {table: {row["id"] for row in rows} for table, rows in tables.items()}
    for table, references in storage.copies.WORKSHOP_TABLES.items():
        for row in tables.get(table, []):
            for column, target in references.items():
                if row.get(column) is not None and row[column] not in ids.get(target, set()):
                    raise ValidationError(
                        {
                            "backup": Message(
                                "The backup is damaged: a row of {table} refers to {target} that are not in the "
                                "file. Nothing was restored.",
                                table=table.replace("_", " "),
                                target=target.replace("_", " "),
                            )
                        }
                    )


def _fresh_identities(db: Database, tables: dict[str, list[dict]], as_copy: bool) -> dict[str, list[dict]]:
    """The rows with a new join code (and name) for a copy, and participants no old link can open."""
    (workshop,) = tables["workshops"]
    workshop = dict(workshop)
    if as_copy or storage.workshops.join_code_taken(db, workshop["join_code"]):
        workshop["join_code"] = unused_join_code(db)
        if as_copy:
            workshop["name"] = clean_text(f"{workshop['name']} (copy)")[: WORKSHOP_TEXT["name"][1]]
    # A backup carries no tokens (and one chosen by a file's author must not work): restored
    # participants get hashes no link matches, so old personal links stop working.
    participants = [row | {"token": unusable_token_digest()} for row in tables.get("participants", [])]
    return tables | {"workshops": [workshop], "participants": participants}


def restore_workshop(db: Database, data: bytes, *, as_copy: bool = False, actor: str = FACILITATOR) -> int:
    """Restore a backup file into this database in one transaction; returns the workshop's id here.

    A workshop whose join code is already here is refused unless `as_copy`, which gives the copy
    a new code: nothing that exists is ever overwritten.
    """
    tables = read_backup_file(db, data)
    check_backup_rows(tables, storage.copies.column_specs(db), storage.copies.LOGGED_ENTITIES)
    check_backup_values(tables, datetime.now(UTC))
    _check_references(tables)
    try:
        with storage.writing(db):
            (workshop,) = tables["workshops"]
            if storage.workshops.join_code_taken(db, workshop["join_code"]) and not as_copy:
                raise ValidationError(
                    {
                        "backup": N_(
                            "This workshop is already in this database (same workshop code). "
                            "Restore it as a copy if you want both."
                        )
                    }
                )
            workshop_id = storage.copies.insert_workshop_rows(db, _fresh_identities(db, tables, as_copy))
            history.log(
                db,
                actor,
                workshop_id,
                "restore",
                "workshop",
                workshop_id,
                {"rows": {t: len(r) for t, r in tables.items()}, "as_copy": as_copy},
            )
    except ValidationError:
        raise
    except Exception as failure:  # a row that breaks a constraint: nothing was written
        raise BackupProblem(
            Message("The backup could not be restored and nothing was changed: {failure}.", failure=str(failure))
        ) from None
    return workshop_id
