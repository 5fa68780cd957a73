"""The database itself: migrations, connection settings, stored columns, the change log, constraints."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from aiadopt import storage
from aiadopt.domain.workshops import token_digest
from aiadopt.services.capture import delete_pain_points, list_pain_points, update_pain_point
from aiadopt.services.participants import participant_for_token
from aiadopt.services.workshops import list_changes
from aiadopt.storage import connection, schema
from tests.factories import make_pain_point


def test_migrations_applied_twice_are_harmless(db_file, file_db):
    first = storage.schema_version(file_db)
    storage.forget_migrated(db_file)
    db = storage.connect(db_file)
    try:
        storage.migrate(db)
        assert storage.schema_version(db) == first
    finally:
        db.close()
    assert len(first) == len(schema.migrations._migrations)


def test_database_file_uses_wal_busy_timeout_and_foreign_keys(file_db):
    assert file_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_db.execute("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS
    assert file_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_stored_pain_point_has_every_field_and_derived_hours(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = make_pain_point(
        db,
        workshop_id,
        department_id,
        kpi_metric="minutes per timesheet",
        kpi_baseline=40,
        kpi_target=10,
        data_sensitivity="amber",
    )
    row = list_pain_points(db, workshop_id)[0]
    assert row["id"] == pain_point_id
    assert row["department"] == "Finance"
    assert row["occurrences_per_year"] == 150
    assert row["hours_per_year"] == pytest.approx(150 * 20 * 2 / 60)
    assert (row["kpi_baseline"], row["kpi_target"], row["data_sensitivity"]) == (40, 10, "amber")


def test_every_change_is_logged_and_the_log_cannot_be_rewritten(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = make_pain_point(db, workshop_id, department_id)
    update_pain_point(db, pain_point_id, {"minutes_per_occurrence": 30}, actor="facilitator")
    delete_pain_points(db, [pain_point_id])
    actions = [(c["action"], c["entity"]) for c in list_changes(db, workshop_id)]
    assert actions[:3] == [("delete", "pain_point"), ("update", "pain_point"), ("create", "pain_point")]
    update = list_changes(db, workshop_id)[1]
    assert '"minutes_per_occurrence": [20.0, 30.0]' in update["changes"]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE change_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM change_log")


def test_database_refuses_impossible_values_even_past_validation(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = make_pain_point(db, workshop_id, department_id)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE pain_points SET minutes_per_occurrence = -4 WHERE id = ?", [pain_point_id])


def test_upgrading_replaces_stored_tokens_by_their_keyed_hashes(tmp_path):
    """Issue 9, finding 2: tokens sat in plain text in the database."""
    raw = Database(tmp_path / "old.db")
    schema.migrations.apply(raw, stop_before="m015_hash_tokens_and_client_attempts")
    workshop_id = (
        raw.table("workshops").insert({"name": "Old", "join_code": "OLD234", "created_at": "2026-01-01"}).last_pk
    )
    raw.table("participants").insert(
        {"workshop_id": workshop_id, "token": "plain-old-token", "created_at": "2026-01-01"}
    )
    schema.migrations.apply(raw)
    stored = [row["token"] for row in raw.table("participants").rows]
    assert stored == [token_digest(storage.participants.token_key(raw), "plain-old-token")]
    assert participant_for_token(raw, workshop_id, "plain-old-token")["workshop_id"] == workshop_id


def test_upgrading_moves_the_old_open_and_closed_switches_into_the_phase(tmp_path):
    """What is open is decided by the phase alone; a workshop closed by hand becomes Closed."""
    raw = Database(tmp_path / "old.db")
    schema.migrations.apply(raw, stop_before="m019_phase_decides_what_is_open")
    for code, (phase, is_open, voting_open) in {
        "OPEN23": ("capture", 1, 0),
        "VOTE23": ("capture", 0, 1),
        "SHUT23": ("capture", 0, 0),
        "GRUP23": ("group", 0, 0),
    }.items():
        raw.table("workshops").insert(
            {"name": code, "join_code": code, "created_at": "2026-01-01", "phase": phase, "is_open": is_open}
            | {"voting_open": voting_open}
        )
    schema.migrations.apply(raw)
    phases = {row["join_code"]: row["phase"] for row in raw.table("workshops").rows}
    assert phases == {"OPEN23": "capture", "VOTE23": "vote", "SHUT23": "closed", "GRUP23": "group"}
    assert not {"is_open", "voting_open"} & set(raw.table("workshops").columns_dict)
