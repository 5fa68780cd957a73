"""What a backup's rows may hold before anything is restored: every field's type and shape.

A backup is a file anyone can edit (its checksum only proves it is whole). Each row is checked
against the columns of this database, and the few columns that hold JSON against what the app
writes there, so a restored workshop can never make a page throw.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta

from aiadopt.domain.charter_edits import CHARTER_FIELDS_BY_NAME, _check_edit, stage_field_names
from aiadopt.domain.coverage import MARKS
from aiadopt.domain.fields import PAIN_POINT_FIELDS
from aiadopt.domain.limits import text_limit
from aiadopt.domain.pain_points import ValidationError, validate_fields
from aiadopt.domain.pilots import GATE_STATUSES, check_gate
from aiadopt.domain.ranking.saved_sets import check_weight_set
from aiadopt.domain.room import MAX_TIMER_MINUTES, PHASES_BY_KEY, phase_from_switches
from aiadopt.domain.voting import DEFAULT_VOTES_PER_PARTICIPANT, check_facilitators_vote, check_votes_per_participant

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


def upgrade_rows(tables: Mapping[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows of a backup made by an earlier version, as this version stores them (nothing else changes).

    Before the phase alone decided what is open, a workshop row had two switches beside its phase.
    """
    upgraded = dict(tables)
    workshops = []
    for row in tables.get("workshops", []):
        if "is_open" in row or "voting_open" in row:
            row = {k: v for k, v in row.items() if k not in ("is_open", "voting_open")} | {
                "phase": phase_from_switches(row.get("phase"), row.get("is_open", 1), row.get("voting_open", 0))
            }
        if "facilitators_vote" not in row:  # before the switch existed, facilitators could vote
            row = row | {"facilitators_vote": 1}
        workshops.append(row)
    upgraded["workshops"] = workshops
    # Before a pilot's plan had stages, its steps were called phases.
    upgraded["pilots"] = [_renamed(row, "phases", "stages") for row in tables.get("pilots", [])]
    upgraded["pilot_gates"] = [_renamed(row, "phase", "stage") for row in tables.get("pilot_gates", [])]
    upgraded["charters"] = [_stage_fields(row) for row in tables.get("charters", [])]
    return upgraded


def _renamed(row: dict, old: str, new: str) -> dict:
    return {(new if key == old else key): value for key, value in row.items()} if old in row else row


def _stage_fields(row: dict) -> dict:
    try:
        fields = json.loads(row.get("fields") or "")
    except (TypeError, ValueError, RecursionError):
        return row  # the check that follows says the charter is not readable
    if not isinstance(fields, dict) or not any(str(name).startswith("phase_") for name in fields):
        return row
    return row | {"fields": json.dumps(stage_field_names(fields), ensure_ascii=False)}


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
    if workshop.get("phase") is not None and workshop["phase"] not in PHASES_BY_KEY:
        raise _problem("workshops", "the workshop is in a phase this app does not know")
    try:
        check_votes_per_participant(workshop.get("dots_per_participant", DEFAULT_VOTES_PER_PARTICIPANT))
    except ValidationError:
        raise _problem("workshops", "the workshop's votes per person are out of range") from None
    try:
        check_facilitators_vote(workshop.get("facilitators_vote", 1))
    except ValidationError:
        raise _problem("workshops", "the workshop's choice whether facilitators vote is neither yes nor no") from None
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
        stages = _json_field("pilots", row, "stages")
        if not isinstance(stages, list) or not all(
            isinstance(p, dict) and isinstance(p.get("name"), str) for p in stages
        ):
            raise _problem("pilots", "a pilot's stages are not readable")
    for row in tables.get("pilot_gates", []):
        if row.get("status") not in GATE_STATUSES or not 1 <= int(row.get("stage") or 0) <= 5:
            raise _problem("pilot_gates", "a pilot's gate is not passed, not yet passed or stopped")
    for row in tables.get("change_log", []):
        if row.get("changes") is not None:
            _json_field("change_log", row, "changes")


# Numbers that are never below zero, by table (the services refuse them on input).
NOT_NEGATIVE: dict[str, tuple[str, ...]] = {
    "workshops": ("room_version",),
    "pilots": ("kpi_baseline", "kpi_target", "hours_at_start"),
    "pilot_measurements": ("value", "hours_per_year"),
}
# Days and moments that cannot lie in the future (a measurement is taken, a gate decided, on a real day).
PAST_DAYS: dict[str, tuple[str, ...]] = {
    "pilots": ("started_on",),
    "pilot_measurements": ("measured_on",),
    "pilot_gates": ("decided_on",),
}
CLOCK_SLACK = timedelta(days=1)  # another machine's clock may run a little ahead


def _moment(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_backup_values(tables: Mapping[str, list[dict]], now: datetime) -> None:
    """Raise ValidationError unless every value is one the services would have stored: texts within their
    limits, dates that are dates (none in the future), numbers in range, statuses known, gates in order,
    and no participant holding more votes than the workshop gives."""
    (workshop,) = tables["workshops"]
    for table, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                if isinstance(value, str) and len(value) > text_limit(table, column):
                    raise _problem(table, f"a {column.replace('_', ' ')} is longer than this app ever stores")
                if column.endswith("_at") and value is not None and column != "timer_ends_at":
                    moment = _moment(value)
                    if moment is None or moment > now + CLOCK_SLACK:
                        raise _problem(table, f"a {column.replace('_', ' ')} is not a moment in the past")
            for column in PAST_DAYS.get(table, ()):
                day = _day(row.get(column))
                if day is None or day > (now + CLOCK_SLACK).date():
                    raise _problem(table, f"a {column.replace('_', ' ')} is not a date in the past")
            for column in NOT_NEGATIVE.get(table, ()):
                if row.get(column) is not None and row[column] < 0:
                    raise _problem(table, f"a {column.replace('_', ' ')} is below zero")
    ends = _moment(workshop["timer_ends_at"]) if workshop.get("timer_ends_at") is not None else now
    if ends is None or ends > now + timedelta(minutes=MAX_TIMER_MINUTES):
        raise _problem("workshops", "the room's timer does not end at a sensible moment")
    if int(workshop.get("results_revealed") or 0) < -1:
        raise _problem("workshops", "the number of results revealed is not possible")
    for row in tables.get("interview_themes", []):
        if row.get("status") not in MARKS:
            raise _problem("interview_themes", "a theme of an interview is neither asked nor skipped")
    votes = Counter(row["participant_id"] for row in tables.get("votes", []))
    if votes and max(votes.values()) > int(workshop.get("dots_per_participant") or 0):
        raise _problem("votes", "a participant holds more votes than the workshop gives each person")
    starts = {row["id"]: _day(row.get("started_on")) for row in tables.get("pilots", [])}
    for row in tables.get("pilot_measurements", []):
        start, day = starts.get(row.get("pilot_id")), _day(row.get("measured_on"))
        if start is not None and day is not None and day < start:
            raise _problem("pilot_measurements", "a measurement comes before its pilot started")
    gates: dict[object, dict[int, str]] = defaultdict(dict)
    for row in sorted(tables.get("pilot_gates", []), key=lambda r: int(r.get("stage") or 0)):
        decided = gates[row.get("pilot_id")]
        try:
            check_gate(int(row.get("stage") or 0), str(row.get("status")), decided)
        except (ValidationError, TypeError, ValueError):
            raise _problem("pilot_gates", "a pilot's gates are not passed in order") from None
        decided[int(row["stage"])] = str(row["status"])


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
