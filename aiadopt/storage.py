"""Storage: the only module that touches SQLite (through sqlite-utils).

A connection is opened per Streamlit script run (sqlite3 objects are bound to their thread),
in WAL mode with a busy timeout and foreign keys on. Writes run in `BEGIN IMMEDIATE`
transactions so concurrent sessions queue for the write lock instead of failing. Deletion is
soft (`deleted_at`) and every change is appended to `change_log`, which triggers keep
append-only.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from aiadopt import config
from aiadopt.domain.consolidation import default_title
from aiadopt.domain.fields import FREQUENCY_PERIODS
from aiadopt.domain.guide import guide_rows
from aiadopt.domain.pain_points import (
    PAIN_POINT_COLUMNS,
    SOLUTION_CHECKED_FIELDS,
    PainPoint,
    ValidationError,
    clean_text,
    solution_flag,
    validate_fields,
)

BUSY_TIMEOUT_MS = 30_000
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room
JOIN_CODE_LENGTH = 6

migrations = Migrations("aiadopt")
_migrated_paths: set[str] = set()
_migrate_lock = threading.Lock()


class NotFound(LookupError):
    """The record asked for does not exist or has been deleted."""


def now() -> str:
    """The current time in UTC, ISO 8601, to the microsecond (sortable text)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


# --- schema -------------------------------------------------------------------------------


@migrations()
def m001_create_workshops(db: Database) -> None:
    db["workshops"].create(
        {
            "id": int,
            "name": str,
            "organisation": str,
            "session_date": str,
            "facilitator": str,
            "join_code": str,
            "is_open": int,
            "dots_per_participant": int,
            "created_at": str,
            "updated_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"name", "join_code", "is_open", "dots_per_participant", "created_at"},
        defaults={"is_open": 1, "dots_per_participant": 5, "organisation": "", "facilitator": ""},
    )
    db["workshops"].create_index(["join_code"], unique=True)


@migrations()
def m002_create_departments(db: Database) -> None:
    db["departments"].create(
        {
            "id": int,
            "workshop_id": int,
            "name": str,
            "lead": str,
            "created_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"workshop_id", "name", "created_at"},
        defaults={"lead": ""},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db["departments"].create_index(["workshop_id"])


@migrations()
def m003_create_guide_questions(db: Database) -> None:
    db["guide_questions"].create(
        {
            "id": int,
            "workshop_id": int,
            "position": int,
            "theme": str,
            "question": str,
            "follow_ups": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"workshop_id", "position", "theme", "question"},
        defaults={"follow_ups": ""},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db["guide_questions"].create_index(["workshop_id", "position"])


@migrations()
def m004_create_interviews(db: Database) -> None:
    db["interviews"].create(
        {
            "id": int,
            "workshop_id": int,
            "department_id": int,
            "interviewer": str,
            "interviewees": str,
            "notes": str,
            "started_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"workshop_id", "department_id", "started_at"},
        defaults={"interviewer": "", "interviewees": "", "notes": ""},
        foreign_keys=[("workshop_id", "workshops", "id"), ("department_id", "departments", "id")],
    )


@migrations()
def m005_create_participants(db: Database) -> None:
    db["participants"].create(
        {"id": int, "workshop_id": int, "token": str, "created_at": str, "last_seen_at": str},
        pk="id",
        not_null={"workshop_id", "token", "created_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db["participants"].create_index(["token"], unique=True)


@migrations()
def m006_create_pain_points(db: Database) -> None:
    db["pain_points"].create(
        {
            "id": int,
            "workshop_id": int,
            "department_id": int,
            "interview_id": int,
            "participant_id": int,
            "source": str,
            "title": str,
            "description": str,
            "reporter": str,
            "trigger": str,
            "current_steps": str,
            "systems_used": str,
            "frequency_count": float,
            "frequency_period": str,
            "minutes_per_occurrence": float,
            "people_count": int,
            "error_rate_pct": float,
            "waits_on_other_teams": int,
            "waits_on_teams": str,
            "customer_impact": int,
            "io_clarity": int,
            "rule_based": int,
            "severity": int,
            "change_readiness": int,
            "data_location": str,
            "data_availability": int,
            "data_quality": int,
            "data_sensitivity": str,
            "desired_outcome": str,
            "kpi_metric": str,
            "kpi_unit": str,
            "kpi_baseline": float,
            "kpi_target": float,
            "owner_name": str,
            "proposes_solution": int,
            "solution_terms": str,
            "created_at": str,
            "updated_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={
            "workshop_id", "department_id", "source", "title", "frequency_count",
            "frequency_period", "minutes_per_occurrence", "people_count", "data_sensitivity",
            "created_at",
        },
        foreign_keys=[
            ("workshop_id", "workshops", "id"),
            ("department_id", "departments", "id"),
            ("interview_id", "interviews", "id"),
            ("participant_id", "participants", "id"),
        ],
    )
    db["pain_points"].create_index(["workshop_id", "deleted_at"])
    db["pain_points"].create_index(["participant_id"])
    # The last line of defence: the database itself refuses impossible values.
    db.execute(
        """
        CREATE TRIGGER pain_points_check_insert BEFORE INSERT ON pain_points
        WHEN NEW.minutes_per_occurrence <= 0 OR NEW.frequency_count <= 0 OR NEW.people_count < 1
          OR length(trim(NEW.title)) = 0 OR NEW.data_sensitivity NOT IN ('green', 'amber', 'red')
        BEGIN SELECT RAISE(ABORT, 'pain point out of range'); END
        """
    )
    db.execute(
        """
        CREATE TRIGGER pain_points_check_update BEFORE UPDATE ON pain_points
        WHEN NEW.minutes_per_occurrence <= 0 OR NEW.frequency_count <= 0 OR NEW.people_count < 1
          OR length(trim(NEW.title)) = 0 OR NEW.data_sensitivity NOT IN ('green', 'amber', 'red')
        BEGIN SELECT RAISE(ABORT, 'pain point out of range'); END
        """
    )


@migrations()
def m007_create_change_log(db: Database) -> None:
    db["change_log"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "workshop_id": int,
            "action": str,
            "entity": str,
            "entity_id": int,
            "changes": str,
        },
        pk="id",
        not_null={"at", "actor", "action", "entity"},
    )
    db["change_log"].create_index(["workshop_id", "at"])
    db.execute(
        "CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )


@migrations()
def m008_create_settings(db: Database) -> None:
    db["settings"].create({"key": str, "value": str}, pk="key", not_null={"value"})
    db["passcode_attempts"].create(
        {"id": int, "at": str, "succeeded": int}, pk="id", not_null={"at", "succeeded"}
    )


@migrations()
def m009_create_candidates(db: Database) -> None:
    db["candidates"].create(
        {"id": int, "workshop_id": int, "title": str, "created_at": str, "updated_at": str, "deleted_at": str},
        pk="id",
        not_null={"workshop_id", "title", "created_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db["candidate_members"].create(
        {"id": int, "candidate_id": int, "pain_point_id": int, "added_at": str, "removed_at": str},
        pk="id",
        not_null={"candidate_id", "pain_point_id", "added_at"},
        foreign_keys=[("candidate_id", "candidates", "id"), ("pain_point_id", "pain_points", "id")],
    )
    db["candidate_members"].create_index(["pain_point_id", "removed_at"])
    db["candidate_members"].create_index(["candidate_id"])
    # A pain point belongs to at most one live candidate.
    db.execute(
        "CREATE UNIQUE INDEX candidate_members_one_live ON candidate_members (pain_point_id) "
        "WHERE removed_at IS NULL"
    )
    db["duplicate_rejections"].create(
        {"id": int, "workshop_id": int, "first_id": int, "second_id": int, "at": str},
        pk="id",
        not_null={"workshop_id", "first_id", "second_id", "at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db["duplicate_rejections"].create_index(["workshop_id", "first_id", "second_id"], unique=True)


@migrations()
def m010_create_votes(db: Database) -> None:
    db["votes"].create(
        {"id": int, "workshop_id": int, "participant_id": int, "pain_point_id": int, "at": str},
        pk="id",
        not_null={"workshop_id", "participant_id", "pain_point_id", "at"},
        foreign_keys=[("workshop_id", "workshops", "id"), ("participant_id", "participants", "id"),
                      ("pain_point_id", "pain_points", "id")],
    )
    db["votes"].create_index(["workshop_id", "participant_id"])


@migrations()
def m011_create_weight_sets(db: Database) -> None:
    db["weight_sets"].create(
        {"id": int, "workshop_id": int, "name": str, "weights": str, "gates": str, "created_at": str,
         "deleted_at": str},
        pk="id",
        not_null={"workshop_id", "name", "weights", "gates", "created_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )


@migrations()
def m012_create_charters(db: Database) -> None:
    db["charters"].create(
        {"id": int, "workshop_id": int, "candidate_key": str, "fields": str, "updated_at": str},
        pk="id",
        not_null={"workshop_id", "candidate_key", "fields", "updated_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db["charters"].create_index(["workshop_id", "candidate_key"], unique=True)


@migrations()
def m013_add_voting_open(db: Database) -> None:
    db["workshops"].add_column("voting_open", int, not_null_default=0)


# --- connections and transactions -------------------------------------------------------


def connect(path: str | Path | None = None) -> Database:
    """Open the database (creating and migrating it when needed) for this thread."""
    target = Path(path) if path is not None else config.db_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    key = str(target.resolve())
    if key not in _migrated_paths:
        with _migrate_lock:
            if key not in _migrated_paths:
                with db.ensure_autocommit_on():
                    db.execute("PRAGMA journal_mode = WAL")
                migrate(db)
                _migrated_paths.add(key)
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


def forget_migrated(path: str | Path) -> None:
    """Make the next connect() to `path` check migrations again (tests that swap files)."""
    _migrated_paths.discard(str(Path(path).resolve()))


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock at once (BEGIN IMMEDIATE).

    Waiting for the lock up front, rather than upgrading a read lock later, is what lets the
    busy timeout work: concurrent sessions queue instead of failing with "database is locked".
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def schema_version(db: Database) -> list[str]:
    """The names of the migrations applied to this database, in order."""
    return [m.name for m in migrations.applied(db)]


def _log(db: Database, *, actor: str, workshop_id: int | None, action: str, entity: str,
         entity_id: int | None, changes: dict | None = None) -> None:
    db["change_log"].insert(
        {
            "at": now(),
            "actor": actor,
            "workshop_id": workshop_id,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "changes": json.dumps(changes or {}, ensure_ascii=False, default=str),
        }
    )


def list_changes(db: Database, workshop_id: int, limit: int = 500) -> list[dict]:
    """The most recent entries of a workshop's change log, newest first."""
    return list(
        db["change_log"].rows_where("workshop_id = ?", [workshop_id], order_by="id desc", limit=limit)
    )


# --- settings -----------------------------------------------------------------------------


def get_setting(db: Database, key: str) -> str | None:
    """A stored setting, or None."""
    rows = list(db["settings"].rows_where("key = ?", [key]))
    return rows[0]["value"] if rows else None


def set_setting_once(db: Database, key: str, value: str) -> str:
    """Store `value` under `key` unless a value is there already; return the stored value."""
    with writing(db):
        db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", [key, value])
    return get_setting(db, key) or value


def record_passcode_attempt(db: Database, succeeded: bool) -> None:
    """Remember a facilitator sign-in attempt (for slowing down guessing)."""
    with writing(db):
        db["passcode_attempts"].insert({"at": now(), "succeeded": int(succeeded)})


def passcode_failures_since(db: Database, since_iso: str) -> list[str]:
    """Times of failed sign-ins after `since_iso` and after the last success."""
    last_ok = db.execute(
        "SELECT max(at) FROM passcode_attempts WHERE succeeded = 1"
    ).fetchone()[0] or ""
    cutoff = max(since_iso, last_ok)
    return [
        row[0]
        for row in db.execute(
            "SELECT at FROM passcode_attempts WHERE succeeded = 0 AND at > ? ORDER BY at",
            [cutoff],
        ).fetchall()
    ]


# --- workshops ----------------------------------------------------------------------------


def _new_join_code(db: Database) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.execute("SELECT 1 FROM workshops WHERE join_code = ?", [code]).fetchone():
            return code


def _clean_required(value: object, label: str, max_length: int) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationError({label: f"The {label} is needed."})
    if len(text) > max_length:
        raise ValidationError({label: f"The {label} is too long: keep it under {max_length} characters."})
    return text


def _clean_optional(value: object, label: str, max_length: int) -> str:
    text = clean_text(value)
    if len(text) > max_length:
        raise ValidationError({label: f"The {label} is too long: keep it under {max_length} characters."})
    return text


def create_workshop(db: Database, *, name: str, organisation: str = "", session_date: str = "",
                    facilitator: str = "", dots_per_participant: int = 5,
                    actor: str = "facilitator") -> int:
    """Create a workshop with its own copy of the default interview guide; returns its id."""
    row = {
        "name": _clean_required(name, "workshop name", 120),
        "organisation": _clean_optional(organisation, "organisation", 120),
        "session_date": _clean_optional(session_date, "date", 10),
        "facilitator": _clean_optional(facilitator, "facilitator", 80),
        "dots_per_participant": _check_dots(dots_per_participant),
    }
    with writing(db):
        stamp = now()
        workshop_id = db["workshops"].insert(
            row | {"join_code": _new_join_code(db), "is_open": 1, "created_at": stamp}
        ).last_pk
        db["guide_questions"].insert_all(guide_rows(workshop_id))
        _log(db, actor=actor, workshop_id=workshop_id, action="create", entity="workshop",
             entity_id=workshop_id, changes=row)
    return workshop_id


def _check_dots(value: object) -> int:
    try:
        dots = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"dots": "Votes per participant must be a whole number."}) from None
    if not 1 <= dots <= 20:
        raise ValidationError({"dots": "Votes per participant must be between 1 and 20."})
    return dots


def list_workshops(db: Database, include_deleted: bool = False) -> list[dict]:
    """Workshops, newest first."""
    where = None if include_deleted else "deleted_at IS NULL"
    return list(db["workshops"].rows_where(where, order_by="id desc"))


def get_workshop(db: Database, workshop_id: int, include_deleted: bool = False) -> dict:
    """One workshop; raises NotFound when missing or deleted."""
    rows = list(db["workshops"].rows_where("id = ?", [workshop_id]))
    if not rows or (rows[0]["deleted_at"] and not include_deleted):
        raise NotFound("This workshop no longer exists.")
    return rows[0]


def workshop_for_join_code(db: Database, code: str, allow_closed: bool = False) -> dict:
    """The workshop a join code belongs to; raises NotFound with a plain message.

    A workshop closed to entries still answers while its voting is open, and always for
    `allow_closed` (a participant who already has their link keeps seeing their entries).
    """
    cleaned = clean_text(code).upper().replace(" ", "").replace("-", "")
    if not cleaned or len(cleaned) > 32 or not cleaned.isalnum():
        raise NotFound("That join code is not valid. Check the code on the screen and try again.")
    rows = list(db["workshops"].rows_where("join_code = ?", [cleaned]))
    if not rows:
        raise NotFound("No workshop has that join code. Check the code on the screen and try again.")
    workshop = rows[0]
    if workshop["deleted_at"]:
        raise NotFound("This workshop no longer exists. Ask your facilitator for a new link.")
    if not (workshop["is_open"] or workshop["voting_open"] or allow_closed):
        raise NotFound("This workshop is closed to new entries. Thank you for taking part.")
    return workshop


CLOSED_FOR_ENTRIES = ("The facilitator has closed the workshop to new entries and changes. "
                      "Thank you for taking part.")


def _check_open_for_participant(db: Database, workshop_id: int) -> None:
    if not get_workshop(db, workshop_id)["is_open"]:
        raise NotFound(CLOSED_FOR_ENTRIES)


def update_workshop(db: Database, workshop_id: int, changes: dict, actor: str = "facilitator") -> None:
    """Edit a workshop's details or open/close it."""
    get_workshop(db, workshop_id)
    clean: dict = {}
    for key, (label, limit) in {"name": ("workshop name", 120), "organisation": ("organisation", 120),
                                "session_date": ("date", 10), "facilitator": ("facilitator", 80)}.items():
        if key in changes:
            clean[key] = (_clean_required if key == "name" else _clean_optional)(changes[key], label, limit)
    for flag in ("is_open", "voting_open"):
        if flag in changes:
            clean[flag] = int(bool(changes[flag]))
    if "dots_per_participant" in changes:
        clean["dots_per_participant"] = _check_dots(changes["dots_per_participant"])
    if not clean:
        return
    with writing(db):
        db["workshops"].update(workshop_id, clean | {"updated_at": now()})
        _log(db, actor=actor, workshop_id=workshop_id, action="update", entity="workshop",
             entity_id=workshop_id, changes=clean)


def delete_workshop(db: Database, workshop_id: int, actor: str = "facilitator") -> None:
    """Soft-delete a workshop: hidden everywhere, its join link stops working, restorable."""
    get_workshop(db, workshop_id)
    with writing(db):
        db["workshops"].update(workshop_id, {"deleted_at": now()})
        _log(db, actor=actor, workshop_id=workshop_id, action="delete", entity="workshop",
             entity_id=workshop_id)


def restore_workshop(db: Database, workshop_id: int, actor: str = "facilitator") -> None:
    """Undo the deletion of a workshop."""
    get_workshop(db, workshop_id, include_deleted=True)
    with writing(db):
        db["workshops"].update(workshop_id, {"deleted_at": None})
        _log(db, actor=actor, workshop_id=workshop_id, action="restore", entity="workshop",
             entity_id=workshop_id)


# --- departments --------------------------------------------------------------------------


def add_department(db: Database, workshop_id: int, name: str, lead: str = "",
                   actor: str = "facilitator") -> int:
    """Add a department to a workshop; names are unique within a workshop."""
    get_workshop(db, workshop_id)
    clean_name = _clean_required(name, "department name", 80)
    clean_lead = _clean_optional(lead, "department lead", 80)
    with writing(db):
        clash = db.execute(
            "SELECT id FROM departments WHERE workshop_id = ? AND lower(name) = lower(?) "
            "AND deleted_at IS NULL", [workshop_id, clean_name]
        ).fetchone()
        if clash:
            raise ValidationError({"department name": f"There is already a department called {clean_name}."})
        department_id = db["departments"].insert(
            {"workshop_id": workshop_id, "name": clean_name, "lead": clean_lead, "created_at": now()}
        ).last_pk
        _log(db, actor=actor, workshop_id=workshop_id, action="create", entity="department",
             entity_id=department_id, changes={"name": clean_name, "lead": clean_lead})
    return department_id


def list_departments(db: Database, workshop_id: int, include_deleted: bool = False) -> list[dict]:
    """A workshop's departments in the order they were added."""
    where = "workshop_id = ?" + ("" if include_deleted else " AND deleted_at IS NULL")
    return list(db["departments"].rows_where(where, [workshop_id], order_by="id"))


def get_department(db: Database, department_id: int) -> dict:
    """One live department; raises NotFound."""
    rows = list(db["departments"].rows_where("id = ? AND deleted_at IS NULL", [department_id]))
    if not rows:
        raise NotFound("That department no longer exists.")
    return rows[0]


def rename_department(db: Database, department_id: int, name: str, lead: str | None = None,
                      actor: str = "facilitator") -> None:
    """Rename a department (and optionally change its lead)."""
    department = get_department(db, department_id)
    changes = {"name": _clean_required(name, "department name", 80)}
    if lead is not None:
        changes["lead"] = _clean_optional(lead, "department lead", 80)
    with writing(db):
        clash = db.execute(
            "SELECT id FROM departments WHERE workshop_id = ? AND lower(name) = lower(?) "
            "AND deleted_at IS NULL AND id != ?", [department["workshop_id"], changes["name"], department_id]
        ).fetchone()
        if clash:
            raise ValidationError({"department name": f"There is already a department called {changes['name']}."})
        db["departments"].update(department_id, changes)
        _log(db, actor=actor, workshop_id=department["workshop_id"], action="update",
             entity="department", entity_id=department_id, changes=changes)


def delete_department(db: Database, department_id: int, actor: str = "facilitator") -> None:
    """Soft-delete a department (its pain points stay, restorable)."""
    department = get_department(db, department_id)
    with writing(db):
        db["departments"].update(department_id, {"deleted_at": now()})
        _log(db, actor=actor, workshop_id=department["workshop_id"], action="delete",
             entity="department", entity_id=department_id)


def restore_department(db: Database, department_id: int, actor: str = "facilitator") -> None:
    """Undo the deletion of a department."""
    rows = list(db["departments"].rows_where("id = ?", [department_id]))
    if not rows:
        raise NotFound("That department no longer exists.")
    with writing(db):
        db["departments"].update(department_id, {"deleted_at": None})
        _log(db, actor=actor, workshop_id=rows[0]["workshop_id"], action="restore",
             entity="department", entity_id=department_id)


# --- interview guide ----------------------------------------------------------------------


def list_guide(db: Database, workshop_id: int) -> list[dict]:
    """A workshop's interview guide, in order."""
    return list(
        db["guide_questions"].rows_where(
            "workshop_id = ? AND deleted_at IS NULL", [workshop_id], order_by="position, id"
        )
    )


def replace_guide(db: Database, workshop_id: int, questions: Iterable[dict],
                  actor: str = "facilitator") -> int:
    """Replace a workshop's guide with edited questions; returns how many were kept."""
    get_workshop(db, workshop_id)
    rows = []
    errors: dict[str, str] = {}
    for position, question in enumerate(questions, start=1):
        theme = clean_text(question.get("theme"))
        text = clean_text(question.get("question"))
        follow_ups = clean_text(question.get("follow_ups"))
        if not theme and not text:
            continue
        if not theme or not text:
            errors[f"row {position}"] = "Each question needs a theme and the question itself."
        elif len(theme) > 80 or len(text) > 500 or len(follow_ups) > 2000:
            errors[f"row {position}"] = "Keep themes under 80, questions under 500 and follow-ups under 2,000 characters."
        rows.append({"workshop_id": workshop_id, "position": len(rows) + 1, "theme": theme,
                     "question": text, "follow_ups": follow_ups})
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError({"guide": "The guide needs at least one question."})
    with writing(db):
        db.execute("UPDATE guide_questions SET deleted_at = ? WHERE workshop_id = ? AND deleted_at IS NULL",
                   [now(), workshop_id])
        db["guide_questions"].insert_all(rows)
        _log(db, actor=actor, workshop_id=workshop_id, action="update", entity="guide",
             entity_id=workshop_id, changes={"questions": len(rows)})
    return len(rows)


def reset_guide(db: Database, workshop_id: int, actor: str = "facilitator") -> int:
    """Put the shipped default guide back for a workshop."""
    return replace_guide(db, workshop_id, guide_rows(workshop_id), actor=actor)


# --- interviews and participants ----------------------------------------------------------


def start_interview(db: Database, workshop_id: int, department_id: int, interviewer: str = "",
                    interviewees: str = "", actor: str = "facilitator") -> int:
    """Open an interview with one department; returns its id."""
    get_workshop(db, workshop_id)
    department = get_department(db, department_id)
    if department["workshop_id"] != workshop_id:
        raise NotFound("That department belongs to another workshop.")
    row = {
        "workshop_id": workshop_id,
        "department_id": department_id,
        "interviewer": _clean_optional(interviewer, "interviewer", 80),
        "interviewees": _clean_optional(interviewees, "interviewees", 300),
        "started_at": now(),
    }
    with writing(db):
        interview_id = db["interviews"].insert(row).last_pk
        _log(db, actor=actor, workshop_id=workshop_id, action="create", entity="interview",
             entity_id=interview_id, changes=row)
    return interview_id


def list_interviews(db: Database, workshop_id: int, department_id: int | None = None) -> list[dict]:
    """A workshop's interviews, newest first, optionally for one department."""
    where = "workshop_id = ? AND deleted_at IS NULL"
    params: list = [workshop_id]
    if department_id is not None:
        where += " AND department_id = ?"
        params.append(department_id)
    return list(db["interviews"].rows_where(where, params, order_by="id desc"))


def update_interview_notes(db: Database, interview_id: int, notes: str, actor: str = "facilitator") -> None:
    """Save the facilitator's free notes for an interview."""
    rows = list(db["interviews"].rows_where("id = ? AND deleted_at IS NULL", [interview_id]))
    if not rows:
        raise NotFound("That interview no longer exists.")
    text = _clean_optional(notes, "notes", 20_000)
    with writing(db):
        db["interviews"].update(interview_id, {"notes": text})
        _log(db, actor=actor, workshop_id=rows[0]["workshop_id"], action="update",
             entity="interview", entity_id=interview_id, changes={"notes": len(text)})


def register_participant(db: Database, workshop_id: int) -> dict:
    """A new anonymous participant of an open workshop, with a secret token for their link."""
    workshop = get_workshop(db, workshop_id)
    if not (workshop["is_open"] or workshop["voting_open"]):
        raise NotFound("This workshop is closed to new entries.")
    token = secrets.token_urlsafe(18)
    with writing(db):
        participant_id = db["participants"].insert(
            {"workshop_id": workshop_id, "token": token, "created_at": now()}
        ).last_pk
    return {"id": participant_id, "workshop_id": workshop_id, "token": token}


def participant_for_token(db: Database, workshop_id: int, token: str) -> dict | None:
    """The participant a token belongs to in this workshop, or None."""
    cleaned = clean_text(token)
    if not cleaned or len(cleaned) > 64:
        return None
    rows = list(db["participants"].rows_where("token = ? AND workshop_id = ?", [cleaned, workshop_id]))
    return rows[0] if rows else None


def participant_actor(participant_id: int) -> str:
    """How a participant appears in the change log (never their name)."""
    return f"participant #{participant_id}"


# --- pain points --------------------------------------------------------------------------


def _check_pain_point_context(db: Database, pain_point: PainPoint) -> None:
    workshop = get_workshop(db, pain_point.workshop_id)
    try:
        department = get_department(db, pain_point.department_id)
    except NotFound:
        raise ValidationError({"department_id": "That department no longer exists. Choose another."}) from None
    if department["workshop_id"] != workshop["id"]:
        raise ValidationError({"department_id": "That department belongs to another workshop."})


def add_pain_point(db: Database, pain_point: PainPoint, actor: str = "facilitator") -> int:
    """Store a validated pain point; returns its id. A participant's needs an open workshop."""
    _check_pain_point_context(db, pain_point)
    if pain_point.participant_id is not None:
        _check_open_for_participant(db, pain_point.workshop_id)
    row = pain_point.to_row()
    with writing(db):
        stamp = now()
        pain_point_id = db["pain_points"].insert(row | {"created_at": stamp, "updated_at": stamp}).last_pk
        _log(db, actor=actor, workshop_id=pain_point.workshop_id, action="create",
             entity="pain_point", entity_id=pain_point_id, changes={"title": pain_point.title})
    return pain_point_id


def add_pain_points(db: Database, pain_points: list[PainPoint], actor: str = "facilitator") -> list[int]:
    """Store many pain points in one transaction: all of them or none."""
    for pain_point in pain_points:
        _check_pain_point_context(db, pain_point)
    ids = []
    with writing(db):
        stamp = now()
        for pain_point in pain_points:
            pain_point_id = db["pain_points"].insert(
                pain_point.to_row() | {"created_at": stamp, "updated_at": stamp}
            ).last_pk
            ids.append(pain_point_id)
            _log(db, actor=actor, workshop_id=pain_point.workshop_id, action="create",
                 entity="pain_point", entity_id=pain_point_id, changes={"title": pain_point.title})
    return ids


def get_pain_point(db: Database, pain_point_id: int, include_deleted: bool = False) -> dict:
    """One pain point as a row; raises NotFound."""
    rows = list(db["pain_points"].rows_where("id = ?", [pain_point_id]))
    if not rows or (rows[0]["deleted_at"] and not include_deleted):
        raise NotFound("That pain point no longer exists.")
    return rows[0]


def update_pain_point(db: Database, pain_point_id: int, changes: dict, actor: str = "facilitator",
                      participant_id: int | None = None) -> dict:
    """Edit some fields of a pain point; returns what changed (old, new) per field.

    A participant (`participant_id` given) may edit only their own entries.
    """
    current = get_pain_point(db, pain_point_id)
    if participant_id is not None and current["participant_id"] != participant_id:
        raise NotFound("You can only edit the pain points you added.")
    if participant_id is not None:
        _check_open_for_participant(db, current["workshop_id"])
    editable = {k: v for k, v in changes.items() if k in PAIN_POINT_COLUMNS}
    clean, errors = validate_fields(editable, partial=True)
    if "department_id" in changes:
        try:
            department = get_department(db, int(changes["department_id"]))
            if department["workshop_id"] != current["workshop_id"]:
                raise NotFound
            clean["department_id"] = department["id"]
        except (NotFound, TypeError, ValueError):
            errors["department_id"] = "That department no longer exists. Choose another."
    merged = current | clean
    if "frequency_count" in clean or "frequency_period" in clean:
        _, freq_errors = validate_fields(
            {k: merged[k] for k in ("frequency_count", "frequency_period")}, partial=True
        )
        errors.update(freq_errors)
    if errors:
        raise ValidationError(errors)
    if any(k in clean for k in SOLUTION_CHECKED_FIELDS):
        flag = solution_flag(merged)
        clean |= {"proposes_solution": int(flag["proposes_solution"]), "solution_terms": flag["solution_terms"]}
    for key in ("waits_on_other_teams",):
        if key in clean:
            clean[key] = int(bool(clean[key]))
    diff = {k: [current[k], v] for k, v in clean.items() if current.get(k) != v}
    if not diff:
        return {}
    with writing(db):
        db["pain_points"].update(pain_point_id, {k: v[1] for k, v in diff.items()} | {"updated_at": now()})
        _log(db, actor=actor, workshop_id=current["workshop_id"], action="update",
             entity="pain_point", entity_id=pain_point_id, changes=diff)
    return diff


def bulk_update_pain_points(db: Database, pain_point_ids: list[int], changes: dict,
                            actor: str = "facilitator") -> int:
    """Apply the same edit to several pain points in one transaction; returns how many changed."""
    clean, errors = validate_fields(changes, partial=True)
    if errors:
        raise ValidationError(errors)
    changed = 0
    with writing(db):
        for pain_point_id in pain_point_ids:
            if update_pain_point(db, pain_point_id, changes, actor=actor):
                changed += 1
    return changed


def delete_pain_points(db: Database, pain_point_ids: Iterable[int], actor: str = "facilitator",
                       participant_id: int | None = None) -> list[int]:
    """Soft-delete pain points; returns the ids deleted (to undo with restore_pain_points)."""
    deleted = []
    with writing(db):
        stamp = now()
        for pain_point_id in pain_point_ids:
            current = get_pain_point(db, pain_point_id)
            if participant_id is not None and current["participant_id"] != participant_id:
                raise NotFound("You can only delete the pain points you added.")
            if participant_id is not None:
                _check_open_for_participant(db, current["workshop_id"])
            db["pain_points"].update(pain_point_id, {"deleted_at": stamp})
            _log(db, actor=actor, workshop_id=current["workshop_id"], action="delete",
                 entity="pain_point", entity_id=pain_point_id, changes={"title": current["title"]})
            deleted.append(pain_point_id)
    return deleted


def restore_pain_points(db: Database, pain_point_ids: Iterable[int], actor: str = "facilitator",
                        participant_id: int | None = None) -> list[int]:
    """Undo the deletion of pain points; returns the ids restored."""
    restored = []
    with writing(db):
        for pain_point_id in pain_point_ids:
            current = get_pain_point(db, pain_point_id, include_deleted=True)
            if participant_id is not None and current["participant_id"] != participant_id:
                raise NotFound("You can only restore the pain points you added.")
            if participant_id is not None:
                _check_open_for_participant(db, current["workshop_id"])
            if not current["deleted_at"]:
                continue
            db["pain_points"].update(pain_point_id, {"deleted_at": None})
            _log(db, actor=actor, workshop_id=current["workshop_id"], action="restore",
                 entity="pain_point", entity_id=pain_point_id, changes={"title": current["title"]})
            restored.append(pain_point_id)
    return restored


_PERIOD_CASE = "CASE p.frequency_period " + " ".join(
    f"WHEN '{period}' THEN {per_year}" for period, per_year in FREQUENCY_PERIODS.items()
) + " END"
_PAIN_POINT_SELECT = f"""
SELECT p.*, d.name AS department, {_PERIOD_CASE} * p.frequency_count AS occurrences_per_year,
       {_PERIOD_CASE} * p.frequency_count * p.minutes_per_occurrence * p.people_count / 60.0 AS hours_per_year
FROM pain_points p JOIN departments d ON d.id = p.department_id
"""


def list_pain_points(db: Database, workshop_id: int, *, deleted: bool = False,
                     participant_id: int | None = None, interview_id: int | None = None,
                     department_ids: list[int] | None = None) -> list[dict]:
    """A workshop's pain points with department name, occurrences and hours lost per year.

    `deleted=True` lists the deleted ones instead (for restoring).
    """
    where = ["p.workshop_id = ?", "p.deleted_at IS NOT NULL" if deleted else "p.deleted_at IS NULL"]
    params: list = [workshop_id]
    if participant_id is not None:
        where.append("p.participant_id = ?")
        params.append(participant_id)
    if interview_id is not None:
        where.append("p.interview_id = ?")
        params.append(interview_id)
    if department_ids:
        where.append(f"p.department_id IN ({', '.join('?' for _ in department_ids)})")
        params.extend(department_ids)
    sql = _PAIN_POINT_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY p.id"
    return list(db.query(sql, params))


def pain_points_per_department(db: Database, workshop_id: int) -> dict[int, int]:
    """How many live pain points each department of a workshop has."""
    return dict(db.execute(
        "SELECT department_id, count(*) FROM pain_points WHERE workshop_id = ? AND deleted_at IS NULL "
        "GROUP BY department_id", [workshop_id]).fetchall())


def count_pain_points(db: Database, workshop_id: int) -> int:
    """How many live pain points a workshop has."""
    return db.execute(
        "SELECT count(*) FROM pain_points WHERE workshop_id = ? AND deleted_at IS NULL", [workshop_id]
    ).fetchone()[0]


def table_counts(db: Database) -> dict[str, int]:
    """Rows per table (health checks and tests)."""
    return {name: db[name].count for name in db.table_names() if not name.startswith("_")}


# --- candidate workflows (merges of pain points) -------------------------------------------


def _live_pain_points(db: Database, workshop_id: int, pain_point_ids: Iterable[int]) -> list[dict]:
    rows = []
    for pain_point_id in pain_point_ids:
        try:
            row = get_pain_point(db, int(pain_point_id))
        except NotFound:
            raise ValidationError({"pain points": f"No. {pain_point_id} has been deleted or does not exist."}) from None
        if row["workshop_id"] != workshop_id:
            raise ValidationError({"pain points": f"No. {pain_point_id} belongs to another workshop."})
        rows.append(row)
    return rows


def candidate_of(db: Database, pain_point_id: int) -> int | None:
    """The live candidate a pain point belongs to, or None."""
    row = db.execute(
        "SELECT m.candidate_id FROM candidate_members m JOIN candidates c ON c.id = m.candidate_id "
        "WHERE m.pain_point_id = ? AND m.removed_at IS NULL AND c.deleted_at IS NULL", [pain_point_id]
    ).fetchone()
    return row[0] if row else None


def merge_pain_points(db: Database, workshop_id: int, pain_point_ids: Iterable[int], title: str = "",
                      actor: str = "facilitator") -> int:
    """Merge pain points (and the candidates they belong to) into one candidate workflow; returns its id."""
    get_workshop(db, workshop_id)
    wanted = sorted({int(i) for i in pain_point_ids})
    with writing(db):
        rows = _live_pain_points(db, workshop_id, wanted)
        existing = sorted({c for c in (candidate_of(db, r["id"]) for r in rows) if c is not None})
        members = set(wanted)
        for candidate_id in existing:
            members.update(candidate_members(db, candidate_id))
        if len(members) < 2:
            raise ValidationError({"pain points": "Choose at least two different pain points to merge."})
        # Without a title: the name already given to a merged part, else the member losing most hours.
        clean_title = clean_text(title) or (
            db["candidates"].get(existing[0])["title"] if existing
            else default_title([get_pain_point(db, member) for member in members])
        )
        if len(clean_title) > 120:
            raise ValidationError({"title": "The candidate's title is too long: keep it under 120 characters."})
        stamp = now()
        for candidate_id in existing:
            db.execute("UPDATE candidate_members SET removed_at = ? WHERE candidate_id = ? AND removed_at IS NULL",
                       [stamp, candidate_id])
            db["candidates"].update(candidate_id, {"deleted_at": stamp})
        candidate_id = db["candidates"].insert(
            {"workshop_id": workshop_id, "title": clean_title, "created_at": stamp, "updated_at": stamp}
        ).last_pk
        db["candidate_members"].insert_all(
            {"candidate_id": candidate_id, "pain_point_id": member, "added_at": stamp} for member in sorted(members)
        )
        # Charter edits made for a merged part follow it into the new candidate (the latest wins).
        earlier = [charter_key(c) for c in existing] + [charter_key(-m) for m in wanted]
        edited = db.execute(
            f"SELECT fields FROM charters WHERE workshop_id = ? AND candidate_key IN ({', '.join('?' for _ in earlier)}) "
            "AND fields != '{}' ORDER BY updated_at DESC LIMIT 1", [workshop_id, *earlier]
        ).fetchone()
        if edited:
            db["charters"].insert({"workshop_id": workshop_id, "candidate_key": charter_key(candidate_id),
                                   "fields": edited[0], "updated_at": stamp})
        _log(db, actor=actor, workshop_id=workshop_id, action="merge", entity="candidate", entity_id=candidate_id,
             changes={"pain_points": sorted(members), "absorbed_candidates": existing, "title": clean_title})
    return candidate_id


def candidate_members(db: Database, candidate_id: int) -> list[int]:
    """The pain point ids of a live candidate (deleted pain points left out)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT m.pain_point_id FROM candidate_members m JOIN pain_points p ON p.id = m.pain_point_id "
            "WHERE m.candidate_id = ? AND m.removed_at IS NULL AND p.deleted_at IS NULL ORDER BY m.pain_point_id",
            [candidate_id],
        ).fetchall()
    ]


def split_candidate(db: Database, candidate_id: int, pain_point_ids: Iterable[int] | None = None,
                    actor: str = "facilitator") -> list[int]:
    """Take pain points out of a candidate (all of them when none given); returns those taken out.

    A candidate left with fewer than two pain points dissolves: its last one stands alone again.
    """
    rows = list(db["candidates"].rows_where("id = ? AND deleted_at IS NULL", [candidate_id]))
    if not rows:
        raise NotFound("That candidate workflow no longer exists.")
    candidate = rows[0]
    with writing(db):
        members = candidate_members(db, candidate_id)
        leaving = members if pain_point_ids is None else [i for i in members if i in {int(p) for p in pain_point_ids}]
        if not leaving:
            raise ValidationError({"pain points": "Choose pain points that belong to this candidate."})
        stamp = now()
        remaining = [i for i in members if i not in leaving]
        if len(remaining) < 2:
            leaving, remaining = members, []
        for pain_point_id in leaving:
            db.execute("UPDATE candidate_members SET removed_at = ? WHERE candidate_id = ? AND pain_point_id = ? "
                       "AND removed_at IS NULL", [stamp, candidate_id, pain_point_id])
        if not remaining:
            db["candidates"].update(candidate_id, {"deleted_at": stamp})
        _log(db, actor=actor, workshop_id=candidate["workshop_id"], action="split", entity="candidate",
             entity_id=candidate_id, changes={"taken_out": leaving, "remaining": remaining})
    return leaving


def rename_candidate(db: Database, candidate_id: int, title: str, actor: str = "facilitator") -> None:
    """Give a merged candidate workflow a clearer title."""
    rows = list(db["candidates"].rows_where("id = ? AND deleted_at IS NULL", [candidate_id]))
    if not rows:
        raise NotFound("That candidate workflow no longer exists.")
    clean_title = _clean_required(title, "title", 120)
    with writing(db):
        db["candidates"].update(candidate_id, {"title": clean_title, "updated_at": now()})
        _log(db, actor=actor, workshop_id=rows[0]["workshop_id"], action="update", entity="candidate",
             entity_id=candidate_id, changes={"title": [rows[0]["title"], clean_title]})


def candidate_groups(db: Database, workshop_id: int) -> tuple[dict[int, list[int]], dict[int, str]]:
    """Live merged candidates: members (live pain points only) and titles, by candidate id."""
    groups: dict[int, list[int]] = {}
    titles: dict[int, str] = {}
    for row in db.query(
        "SELECT c.id, c.title, m.pain_point_id FROM candidates c "
        "JOIN candidate_members m ON m.candidate_id = c.id AND m.removed_at IS NULL "
        "JOIN pain_points p ON p.id = m.pain_point_id AND p.deleted_at IS NULL "
        "WHERE c.workshop_id = ? AND c.deleted_at IS NULL ORDER BY c.id, m.pain_point_id",
        [workshop_id],
    ):
        groups.setdefault(row["id"], []).append(row["pain_point_id"])
        titles[row["id"]] = row["title"]
    return groups, titles


def reject_duplicate(db: Database, workshop_id: int, first_id: int, second_id: int,
                     actor: str = "facilitator") -> None:
    """Remember that two pain points are not duplicates, so they are not suggested again."""
    low, high = sorted((int(first_id), int(second_id)))
    with writing(db):
        db.execute(
            "INSERT OR IGNORE INTO duplicate_rejections (workshop_id, first_id, second_id, at) VALUES (?, ?, ?, ?)",
            [workshop_id, low, high, now()],
        )
        _log(db, actor=actor, workshop_id=workshop_id, action="reject", entity="duplicate_suggestion",
             entity_id=None, changes={"pain_points": [low, high]})


def rejected_duplicates(db: Database, workshop_id: int) -> set[frozenset[int]]:
    """Pairs of pain points the facilitator said are not duplicates."""
    return {
        frozenset((row["first_id"], row["second_id"]))
        for row in db["duplicate_rejections"].rows_where("workshop_id = ?", [workshop_id])
    }


# --- votes ---------------------------------------------------------------------------------


def votes_by_pain_point(db: Database, workshop_id: int) -> dict[int, int]:
    """Dots per pain point (a candidate's votes are the dots on its pain points)."""
    return {
        row[0]: row[1]
        for row in db.execute(
            "SELECT v.pain_point_id, count(*) FROM votes v JOIN pain_points p ON p.id = v.pain_point_id "
            "WHERE v.workshop_id = ? AND p.deleted_at IS NULL GROUP BY v.pain_point_id", [workshop_id]
        ).fetchall()
    }


def votes_of_participant(db: Database, workshop_id: int, participant_id: int) -> dict[int, int]:
    """How many dots one participant put on each pain point."""
    return {
        row[0]: row[1]
        for row in db.execute(
            "SELECT v.pain_point_id, count(*) FROM votes v JOIN pain_points p ON p.id = v.pain_point_id "
            "WHERE v.workshop_id = ? AND v.participant_id = ? AND p.deleted_at IS NULL "
            "GROUP BY v.pain_point_id", [workshop_id, participant_id]
        ).fetchall()
    }


def set_participant_votes(db: Database, workshop_id: int, participant_id: int, dots: dict[int, int]) -> int:
    """Replace a participant's dots (pain point id -> dots); refuses more dots than the workshop allows."""
    workshop = get_workshop(db, workshop_id)
    if not workshop["voting_open"]:
        raise NotFound("Voting is closed: your votes were not changed.")
    clean = {int(k): int(v) for k, v in dots.items() if int(v) > 0}
    if any(v < 0 for v in dots.values()):
        raise ValidationError({"votes": "Votes cannot be negative."})
    total = sum(clean.values())
    allowed = workshop["dots_per_participant"]
    if total > allowed:
        raise ValidationError({"votes": f"You have {allowed} votes to spend; you chose {total}. Take some back first."})
    with writing(db):
        _live_pain_points(db, workshop_id, clean)
        db.execute("DELETE FROM votes WHERE workshop_id = ? AND participant_id = ?", [workshop_id, participant_id])
        stamp = now()
        db["votes"].insert_all(
            {"workshop_id": workshop_id, "participant_id": participant_id, "pain_point_id": pain_point_id, "at": stamp}
            for pain_point_id, count in clean.items() for _ in range(count)
        )
        _log(db, actor=participant_actor(participant_id), workshop_id=workshop_id, action="vote", entity="votes",
             entity_id=participant_id, changes={str(k): v for k, v in clean.items()})
    return total


# --- weight sets and charters --------------------------------------------------------------


def save_weight_set(db: Database, workshop_id: int, name: str, weights: dict[str, float], gates: dict[str, str],
                    actor: str = "facilitator") -> int:
    """Save a named custom set of weights and gate choices for a workshop (same name: replaced)."""
    get_workshop(db, workshop_id)
    clean_name = _clean_required(name, "name", 60)
    with writing(db):
        stamp = now()
        db.execute("UPDATE weight_sets SET deleted_at = ? WHERE workshop_id = ? AND lower(name) = lower(?) "
                   "AND deleted_at IS NULL", [stamp, workshop_id, clean_name])
        set_id = db["weight_sets"].insert(
            {"workshop_id": workshop_id, "name": clean_name, "weights": json.dumps(weights),
             "gates": json.dumps(gates), "created_at": stamp}
        ).last_pk
        _log(db, actor=actor, workshop_id=workshop_id, action="create", entity="weight_set", entity_id=set_id,
             changes={"name": clean_name, "weights": weights, "gates": gates})
    return set_id


def list_weight_sets(db: Database, workshop_id: int) -> list[dict]:
    """A workshop's saved weight sets, weights and gates decoded."""
    return [
        row | {"weights": json.loads(row["weights"]), "gates": json.loads(row["gates"])}
        for row in db["weight_sets"].rows_where("workshop_id = ? AND deleted_at IS NULL", [workshop_id],
                                                order_by="name")
    ]


def delete_weight_set(db: Database, set_id: int, actor: str = "facilitator") -> None:
    """Remove a saved weight set (soft)."""
    rows = list(db["weight_sets"].rows_where("id = ?", [set_id]))
    if not rows:
        raise NotFound("That weight set no longer exists.")
    with writing(db):
        db["weight_sets"].update(set_id, {"deleted_at": now()})
        _log(db, actor=actor, workshop_id=rows[0]["workshop_id"], action="delete", entity="weight_set",
             entity_id=set_id)


def save_charter(db: Database, workshop_id: int, candidate_key: str, fields: dict,
                 actor: str = "facilitator") -> None:
    """Store the facilitator's edits to a candidate's pilot charter."""
    get_workshop(db, workshop_id)
    with writing(db):
        existing = list(db["charters"].rows_where("workshop_id = ? AND candidate_key = ?", [workshop_id, candidate_key]))
        payload = json.dumps(fields, ensure_ascii=False, default=str)
        if existing:
            db["charters"].update(existing[0]["id"], {"fields": payload, "updated_at": now()})
        else:
            db["charters"].insert({"workshop_id": workshop_id, "candidate_key": candidate_key, "fields": payload,
                                   "updated_at": now()})
        _log(db, actor=actor, workshop_id=workshop_id, action="update", entity="charter", entity_id=None,
             changes={"candidate": candidate_key, "fields": sorted(fields)})


def get_charter(db: Database, workshop_id: int, candidate_key: str) -> dict | None:
    """The stored charter edits for a candidate, or None."""
    rows = list(db["charters"].rows_where("workshop_id = ? AND candidate_key = ?", [workshop_id, candidate_key]))
    return json.loads(rows[0]["fields"]) if rows else None


# --- whole-workshop copies (backup and restore) --------------------------------------------

# Tables that belong to a workshop, parents before children, and where each foreign key points.
WORKSHOP_TABLES: dict[str, dict[str, str]] = {
    "workshops": {},
    "departments": {"workshop_id": "workshops"},
    "guide_questions": {"workshop_id": "workshops"},
    "interviews": {"workshop_id": "workshops", "department_id": "departments"},
    "participants": {"workshop_id": "workshops"},
    "pain_points": {"workshop_id": "workshops", "department_id": "departments", "interview_id": "interviews",
                    "participant_id": "participants"},
    "candidates": {"workshop_id": "workshops"},
    "candidate_members": {"candidate_id": "candidates", "pain_point_id": "pain_points"},
    "duplicate_rejections": {"workshop_id": "workshops", "first_id": "pain_points", "second_id": "pain_points"},
    "votes": {"workshop_id": "workshops", "participant_id": "participants", "pain_point_id": "pain_points"},
    "weight_sets": {"workshop_id": "workshops"},
    "charters": {"workshop_id": "workshops"},
    "change_log": {"workshop_id": "workshops"},
}
# change_log.entity names -> the table its entity_id points into.
_LOGGED_ENTITIES = {"workshop": "workshops", "department": "departments", "interview": "interviews",
                    "pain_point": "pain_points", "candidate": "candidates", "weight_set": "weight_sets",
                    "guide": "workshops", "votes": "participants"}


def workshop_rows(db: Database, workshop_id: int) -> dict[str, list[dict]]:
    """Every row that belongs to one workshop, deleted ones included, table by table."""
    get_workshop(db, workshop_id, include_deleted=True)
    where = {
        "workshops": ("id = ?", [workshop_id]),
        "candidate_members": ("candidate_id IN (SELECT id FROM candidates WHERE workshop_id = ?)", [workshop_id]),
    }
    return {
        table: list(db[table].rows_where(*where.get(table, ("workshop_id = ?", [workshop_id])), order_by="id"))
        for table in WORKSHOP_TABLES
    }


def charter_key(candidate_id: int) -> str:
    """How a charter names its candidate: merged candidates and single pain points apart."""
    return f"candidate:{candidate_id}" if candidate_id > 0 else f"pain_point:{-candidate_id}"


def _remap_charter_key(key: str, mapping: dict[str, dict[int, int]]) -> str:
    kind, _, number = key.partition(":")
    table = {"candidate": "candidates", "pain_point": "pain_points"}.get(kind)
    if table is None or not number.isdigit():
        return key
    return f"{kind}:{mapping[table].get(int(number), int(number))}"


def insert_workshop_rows(db: Database, tables: dict[str, list[dict]], *, as_copy: bool = False,
                         actor: str = "facilitator") -> int:
    """Write a whole workshop's rows into this database in one transaction; returns its new id.

    Ids are kept where they are free and renumbered where taken, with every reference
    following. A workshop whose join code is already here is refused unless `as_copy`, which
    gives the copy a new code: nothing that exists is ever overwritten.
    """
    (workshop,) = tables["workshops"]
    mapping: dict[str, dict[int, int]] = {table: {} for table in WORKSHOP_TABLES}
    with writing(db):
        if db.execute("SELECT 1 FROM workshops WHERE join_code = ?", [workshop["join_code"]]).fetchone():
            if not as_copy:
                raise ValidationError({"backup": "This workshop is already in this database (same workshop code). "
                                                 "Restore it as a copy if you want both."})
        for table, references in WORKSHOP_TABLES.items():
            for row in tables.get(table, []):
                new = dict(row)
                for column, target in references.items():
                    if new.get(column) is None:
                        continue
                    if new[column] not in mapping[target]:
                        # A reference outside the file would attach rows to another workshop.
                        raise ValidationError({"backup": f"The backup is damaged: a row of {table.replace('_', ' ')} "
                                                         f"refers to {target.replace('_', ' ')} that are not in the "
                                                         "file. Nothing was restored."})
                    new[column] = mapping[target][new[column]]
                if table == "workshops" and (as_copy or db.execute(
                        "SELECT 1 FROM workshops WHERE join_code = ?", [new["join_code"]]).fetchone()):
                    new["join_code"] = _new_join_code(db)
                    if as_copy:
                        new["name"] = clean_text(f"{new['name']} (copy)")[:120]
                if table == "participants" and db.execute(
                        "SELECT 1 FROM participants WHERE token = ?", [new["token"]]).fetchone():
                    new["token"] = secrets.token_urlsafe(18)
                if table == "charters":
                    new["candidate_key"] = _remap_charter_key(new["candidate_key"], mapping)
                if table == "change_log":
                    target = _LOGGED_ENTITIES.get(new.get("entity") or "")
                    if target and new.get("entity_id") is not None:
                        new["entity_id"] = mapping[target].get(new["entity_id"])
                old_id = new.pop("id")
                if not db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [old_id]).fetchone():
                    new["id"] = old_id
                mapping[table][old_id] = db[table].insert(new).last_pk
        workshop_id = mapping["workshops"][workshop["id"]]
        _log(db, actor=actor, workshop_id=workshop_id, action="restore", entity="workshop", entity_id=workshop_id,
             changes={"rows": {t: len(r) for t, r in tables.items()}, "as_copy": as_copy})
    return workshop_id


def data_version(db: Database, workshop_id: int) -> int:
    """A number that changes whenever anything in the workshop changes (every write is logged)."""
    return db.execute("SELECT coalesce(max(id), 0) FROM change_log WHERE workshop_id = ?", [workshop_id]).fetchone()[0]


def database_file(db: Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    return db.execute("PRAGMA database_list").fetchone()[2] or ""
