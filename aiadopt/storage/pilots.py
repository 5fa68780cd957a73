"""Pilot rows: what a pilot started from, its KPI measurements and its gates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def insert(db: Database, row: dict) -> int:
    """Add a pilot; returns its id."""
    return insert_row(db, "pilots", row | {"created_at": now()})


def get(db: Database, pilot_id: int) -> dict | None:
    """One pilot row, or None."""
    rows = list(db.table("pilots").rows_where("id = ?", [pilot_id]))
    return rows[0] if rows else None


def list_for(db: Database, workshop_id: int | None = None) -> list[dict]:
    """Pilots of one workshop (or of every live workshop), newest first, with the workshop's name."""
    sql = (
        "SELECT p.*, w.name AS workshop_name FROM pilots p JOIN workshops w ON w.id = p.workshop_id "
        "WHERE w.deleted_at IS NULL"
    )
    params: list = []
    if workshop_id is not None:
        sql += " AND p.workshop_id = ?"
        params.append(workshop_id)
    return [dict(row) for row in db.query(sql + " ORDER BY p.id DESC", params)]


def add_measurement(db: Database, row: dict) -> int:
    """Add a KPI measurement; returns its id."""
    return insert_row(db, "pilot_measurements", row | {"created_at": now()})


def same_measurement(db: Database, row: dict) -> int | None:
    """An identical measurement of the same pilot recorded in the last 10 minutes (a resent form), or None."""
    found = db.execute(
        "SELECT id FROM pilot_measurements WHERE pilot_id = ? AND measured_on = ? AND value = ? AND note = ? "
        "AND coalesce(hours_per_year, -1) = coalesce(?, -1) AND created_at > ?",
        [
            row["pilot_id"],
            row["measured_on"],
            row["value"],
            row["note"],
            row["hours_per_year"],
            (datetime.now(UTC) - timedelta(minutes=10)).isoformat(timespec="microseconds"),
        ],
    ).fetchone()
    return found[0] if found else None


def measurements(db: Database, pilot_id: int) -> list[dict]:
    """A pilot's measurements, oldest first."""
    return list(db.table("pilot_measurements").rows_where("pilot_id = ?", [pilot_id], order_by="measured_on, id"))


def set_gate(db: Database, row: dict) -> None:
    """Record a gate's status, date, evidence and decider (replacing what was there)."""
    db.execute(
        "INSERT INTO pilot_gates (pilot_id, stage, status, decided_on, evidence, decider) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(pilot_id, stage) DO UPDATE SET status = excluded.status, decided_on = excluded.decided_on, "
        "evidence = excluded.evidence, decider = excluded.decider",
        [row["pilot_id"], row["stage"], row["status"], row["decided_on"], row["evidence"], row["decider"]],
    )


def gates(db: Database, pilot_id: int) -> list[dict]:
    """A pilot's recorded gates, by stage."""
    return list(db.table("pilot_gates").rows_where("pilot_id = ?", [pilot_id], order_by="stage"))
