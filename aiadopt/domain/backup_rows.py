"""What a backup's rows may hold before anything is restored: every field's type and shape.

A backup is a file anyone can edit (its checksum only proves it is whole). Each row is checked
against the columns of this database, and the few columns that hold JSON against what the app
writes there, so a restored workshop can never make a page throw.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

from aiadopt.domain.charter_edits import CHARTER_FIELDS_BY_NAME, _check_edit
from aiadopt.domain.fields import PAIN_POINT_FIELDS
from aiadopt.domain.pain_points import ValidationError, validate_fields
from aiadopt.domain.pilots import GATE_STATUSES
from aiadopt.domain.ranking.saved_sets import check_weight_set
from aiadopt.domain.room import PHASE_OPENS
from aiadopt.domain.voting import DEFAULT_VOTES_PER_PARTICIPANT, check_votes_per_participant

# What the app writes for each kind of charter field: lists as lines of text (or a list of them),
# numbers as typed (or as numbers); the field's own rule then checks the value.
_CHARTER_TYPES: dict[str, type | tuple[type, ...]] = {
    "text": str,
    "longtext": str,
    "choice": str,
    "list": (str, list),
    "integer": (int, float, str),
    "number": (int, float, str),
}
ColumnSpecs = Mapping[str, Mapping[str, tuple[str, bool]]]  # table -> column -> (type, may be empty)


def _problem(table: str, detail: str) -> ValidationError:
    return ValidationError(
        {"backup": f"The backup is damaged: {detail} (in its {table.replace('_', ' ')}). Nothing was restored."}
    )


def _fits(value: object, declared: str) -> bool:
    if declared == "INTEGER":
        return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
    if declared in ("FLOAT", "REAL"):
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if declared == "TEXT":
        if not isinstance(value, str):
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
            return False
        return True
    return False


def _json_field(table: str, row: dict, column: str) -> object:
    try:
        return json.loads(row[column])
    except (TypeError, ValueError, RecursionError):
        raise _problem(table, f"a {column} value is not readable") from None


def check_backup_rows(
    tables: Mapping[str, list[dict]], columns: ColumnSpecs, logged_entities: Mapping[str, str]
) -> None:
    """Raise ValidationError with a plain message unless every row fits this database and the app's rules.

    `logged_entities` maps a change-log entity name to the table its entity id points into.
    """
    (workshop,) = tables["workshops"]
    for table, rows in tables.items():
        known = columns[table]
        for row in rows:
            strange = sorted(set(row) - set(known))
            if strange:
                raise _problem(table, "a row has fields this app does not know: " + ", ".join(strange[:5]))
            for column, (declared, may_be_empty) in known.items():
                value = row.get(column)
                if value is None:
                    if not may_be_empty:
                        raise _problem(table, f"a row has no {column.replace('_', ' ')}")
                elif not _fits(value, declared):
                    raise _problem(table, f"a {column.replace('_', ' ')} is not of the right kind")
            if "workshop_id" in known and row.get("workshop_id") != workshop["id"]:
                raise _problem(table, "a row belongs to another workshop")
    if workshop.get("phase") is not None and workshop["phase"] not in PHASE_OPENS:
        raise _problem("workshops", "the workshop is in a phase this app does not know")
    try:
        check_votes_per_participant(workshop.get("dots_per_participant", DEFAULT_VOTES_PER_PARTICIPANT))
    except ValidationError:
        raise _problem("workshops", "the workshop's votes per person are out of range") from None
    for row in tables.get("pain_points", []):
        fields = {spec.name: row[spec.name] for spec in PAIN_POINT_FIELDS if row.get(spec.name) is not None}
        _, errors = validate_fields(fields, partial=True)
        if errors:
            raise _problem("pain_points", "a pain point does not follow the rules: " + next(iter(errors.values())))
    ids = {table: {row["id"] for row in rows} for table, rows in tables.items()}
    for row in tables.get("change_log", []):
        target = logged_entities.get(row.get("entity") or "")
        if target and row.get("entity_id") is not None and row["entity_id"] not in ids.get(target, set()):
            raise _problem("change_log", "a change log entry is about something that is not in the backup")
    for row in tables.get("weight_sets", []):
        try:
            check_weight_set(_json_field("weight_sets", row, "weights"), _json_field("weight_sets", row, "gates"))
        except ValidationError as invalid:
            raise _problem("weight_sets", " ".join(invalid.errors.values()).rstrip(".")) from None
    for row in tables.get("charters", []):
        charter = _json_field("charters", row, "fields")
        if not isinstance(charter, dict):
            raise _problem("charters", "a pilot charter is not a set of named fields")
        for name, value in charter.items():
            spec = CHARTER_FIELDS_BY_NAME.get(name)
            if spec is None:
                raise _problem("charters", f"a pilot charter has a field this app does not know ({name[:40]})")
            if not isinstance(value, _CHARTER_TYPES[spec.kind]) or _check_edit(spec, value)[1] is not None:
                raise _problem("charters", f"the pilot charter's {spec.label.lower()} is not valid")
    for row in tables.get("pilots", []):
        phases = _json_field("pilots", row, "phases")
        if not isinstance(phases, list) or not all(
            isinstance(p, dict) and isinstance(p.get("name"), str) for p in phases
        ):
            raise _problem("pilots", "a pilot's phases are not readable")
    for row in tables.get("pilot_gates", []):
        if row.get("status") not in GATE_STATUSES or not 1 <= int(row.get("phase") or 0) <= 5:
            raise _problem("pilot_gates", "a pilot's gate is not passed, not yet passed or stopped")
    for row in tables.get("change_log", []):
        if row.get("changes") is not None:
            _json_field("change_log", row, "changes")
