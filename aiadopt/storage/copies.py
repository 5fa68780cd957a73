"""Whole-workshop copies: every row of one workshop out, and a set of rows back in with new ids."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.domain import candidate_ids
from aiadopt.storage.connection import insert_row

# Tables that belong to a workshop, parents before children, and where each foreign key points.
WORKSHOP_TABLES: dict[str, dict[str, str]] = {
    "workshops": {},
    "departments": {"workshop_id": "workshops"},
    "guide_questions": {"workshop_id": "workshops"},
    "interviews": {"workshop_id": "workshops", "department_id": "departments"},
    "interview_themes": {"interview_id": "interviews"},
    "participants": {"workshop_id": "workshops"},
    "pain_points": {
        "workshop_id": "workshops",
        "department_id": "departments",
        "interview_id": "interviews",
        "participant_id": "participants",
    },
    "candidates": {"workshop_id": "workshops"},
    "candidate_members": {"candidate_id": "candidates", "pain_point_id": "pain_points"},
    "duplicate_rejections": {"workshop_id": "workshops", "first_id": "pain_points", "second_id": "pain_points"},
    "votes": {"workshop_id": "workshops", "participant_id": "participants", "pain_point_id": "pain_points"},
    "weight_sets": {"workshop_id": "workshops"},
    "charters": {"workshop_id": "workshops"},
    "pilots": {"workshop_id": "workshops"},
    "pilot_measurements": {"pilot_id": "pilots"},
    "pilot_gates": {"pilot_id": "pilots"},
    "change_log": {"workshop_id": "workshops"},
}
# change_log.entity names -> the table its entity_id points into.
LOGGED_ENTITIES = {
    "workshop": "workshops",
    "department": "departments",
    "interview": "interviews",
    "pain_point": "pain_points",
    "candidate": "candidates",
    "weight_set": "weight_sets",
    "guide": "workshops",
    "votes": "participants",
    "pilot": "pilots",
}
_CHARTER_KEY_TABLES = {"candidate": "candidates", "pain_point": "pain_points"}


def column_specs(db: Database) -> dict[str, dict[str, tuple[str, bool]]]:
    """For each workshop table, its columns: (declared type in upper case, whether it may be empty)."""
    return {
        table: {
            column.name: (column.type.upper(), not column.notnull or column.is_pk) for column in db.table(table).columns
        }
        for table in WORKSHOP_TABLES
    }


def workshop_rows(db: Database, workshop_id: int) -> dict[str, list[dict]]:
    """Every row that belongs to one workshop, deleted ones included, table by table."""
    where = {
        "workshops": ("id = ?", [workshop_id]),
        "candidate_members": ("candidate_id IN (SELECT id FROM candidates WHERE workshop_id = ?)", [workshop_id]),
        "interview_themes": ("interview_id IN (SELECT id FROM interviews WHERE workshop_id = ?)", [workshop_id]),
        "pilot_measurements": ("pilot_id IN (SELECT id FROM pilots WHERE workshop_id = ?)", [workshop_id]),
        "pilot_gates": ("pilot_id IN (SELECT id FROM pilots WHERE workshop_id = ?)", [workshop_id]),
    }
    return {
        table: list(db.table(table).rows_where(*where.get(table, ("workshop_id = ?", [workshop_id])), order_by="id"))
        for table in WORKSHOP_TABLES
    }


def _remap_charter_key(key: str, mapping: dict[str, dict[int, int]]) -> str:
    parsed = candidate_ids.parse_charter_key(key)
    if parsed is None:
        return key
    kind, number = parsed
    return f"{kind}:{mapping[_CHARTER_KEY_TABLES[kind]].get(number, number)}"


def insert_workshop_rows(db: Database, tables: dict[str, list[dict]]) -> int:
    """Write one workshop's rows (inside the caller's transaction); returns the new workshop id.

    Ids are kept where they are free and renumbered where taken, with every reference following.
    The caller has checked that every reference points at a row of the same set.
    """
    mapping: dict[str, dict[int, int]] = {table: {} for table in WORKSHOP_TABLES}
    for table, references in WORKSHOP_TABLES.items():
        for row in tables.get(table, []):
            new = dict(row)
            for column, target in references.items():
                if new.get(column) is not None:
                    new[column] = mapping[target][new[column]]
            if table in ("charters", "pilots"):
                new["candidate_key"] = _remap_charter_key(new["candidate_key"], mapping)
            if table == "change_log":
                entity_table = LOGGED_ENTITIES.get(new.get("entity") or "")
                if entity_table and new.get("entity_id") is not None:
                    new["entity_id"] = mapping[entity_table].get(new["entity_id"])
            old_id = new.pop("id")
            if not db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [old_id]).fetchone():
                new["id"] = old_id
            mapping[table][old_id] = insert_row(db, table, new)
    (workshop,) = tables["workshops"]
    return mapping["workshops"][workshop["id"]]
