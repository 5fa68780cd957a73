"""Capturing pain points: add, edit, delete and restore them, by a facilitator or a participant.

The ownership rule (a participant acts only on their own entries) and the open rule (only while
the workshop is open for entries) are each written once here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from aiadopt import storage
from aiadopt.domain.fields import NAME_FIELDS
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import (
    PAIN_POINT_COLUMNS,
    SOLUTION_CHECKED_FIELDS,
    PainPoint,
    ValidationError,
    solution_flag,
    validate_fields,
    with_derived_numbers,
)
from aiadopt.services import history, permissions, similarity
from aiadopt.services.errors import EditConflict, NotAllowed, NotFound
from aiadopt.services.participants import ANONYMOUS_ACTOR, require_open_for_entries
from aiadopt.services.workshops import FACILITATOR, get_department, get_workshop
from aiadopt.storage import Database

RESENT_WITHIN = timedelta(minutes=10)  # an identical entry within this is a resent submit

_DEPARTMENT_GONE = N_("That department no longer exists. Choose another.")
# What a participant is told when the entry is not theirs, one whole sentence per action (translatable).
_NOT_YOURS = {
    "edit": N_("You can only edit the pain points you added."),
    "delete": N_("You can only delete the pain points you added."),
    "restore": N_("You can only restore the pain points you added."),
}


def _check_context(db: Database, pain_point: PainPoint) -> dict:
    workshop = get_workshop(db, pain_point.workshop_id)
    try:
        department = get_department(db, pain_point.department_id)
    except NotFound:
        raise ValidationError({"department_id": _DEPARTMENT_GONE}) from None
    if department["workshop_id"] != workshop["id"]:
        raise ValidationError({"department_id": N_("That department belongs to another workshop.")})
    return workshop


def _check_participant(db: Database, current: dict, participant_id: int | None, verb: str) -> None:
    """A participant may act only on their own entries, and only while the workshop is open."""
    if participant_id is None:
        return
    if current["participant_id"] != participant_id:
        raise NotAllowed(_NOT_YOURS[verb])
    require_open_for_entries(get_workshop(db, current["workshop_id"]))


def _as_anonymous(workshop: dict, participant_id: int | None, actor: str) -> tuple[bool, str]:
    """Whether a participant's write must name nobody, and the change log's actor for it."""
    anonymous = participant_id is not None and bool(workshop.get("anonymous"))
    return anonymous, (ANONYMOUS_ACTOR if anonymous else actor)


def add_pain_point(db: Database, pain_point: PainPoint, actor: str = FACILITATOR) -> int:
    """Store a validated pain point; returns its id. A participant's needs an open workshop.

    Sending exactly the same entry again within 10 minutes (same person or interview, same words
    and numbers) returns the first one's id instead of storing a copy.
    """
    workshop = _check_context(db, pain_point)
    if pain_point.participant_id is not None:
        require_open_for_entries(workshop)
    anonymous, actor = _as_anonymous(workshop, pain_point.participant_id, actor)
    if anonymous:
        pain_point = replace(pain_point, reporter="", owner_name="")
    row = pain_point.to_row()
    since = (datetime.now(UTC) - RESENT_WITHIN).isoformat(timespec="microseconds")
    with storage.writing(db):
        # The same entry from the same person moments ago is that submit sent again (a connection
        # dropped before the confirmation came back): it is not stored twice.
        resent = storage.pain_points.same_since(db, row, since)
        if resent is not None:
            return resent
        pain_point_id = storage.pain_points.insert(db, row)
        history.log(
            db, actor, pain_point.workshop_id, "create", "pain_point", pain_point_id, {"title": pain_point.title}
        )
    if pain_point.participant_id is None:  # a facilitator's entry: read its meaning now (never on a participant's save)
        _read_meaning(db, pain_point.workshop_id)
    return pain_point_id


def add_pain_points(db: Database, pain_points: list[PainPoint], actor: str = FACILITATOR) -> list[int]:
    """Store many pain points in one transaction: all of them or none.

    An import sent again (a dropped connection, a second click) stores nothing twice: a row the
    same as one stored in the last 10 minutes gives that one's id.
    """
    for pain_point in pain_points:
        _check_context(db, pain_point)
    ids = []
    since = (datetime.now(UTC) - RESENT_WITHIN).isoformat(timespec="microseconds")
    with storage.writing(db):
        resent = [storage.pain_points.same_since(db, p.to_row(), since) for p in pain_points]
        for pain_point, earlier in zip(pain_points, resent):
            if earlier is not None:
                ids.append(earlier)
                continue
            pain_point_id = storage.pain_points.insert(db, pain_point.to_row())
            ids.append(pain_point_id)
            history.log(
                db, actor, pain_point.workshop_id, "create", "pain_point", pain_point_id, {"title": pain_point.title}
            )
    for workshop_id in {p.workshop_id for p in pain_points}:  # a file imported by the facilitator
        _read_meaning(db, workshop_id)
    return ids


def _read_meaning(db: Database, workshop_id: int) -> None:
    """Have the meaning of just-saved pain points read in the background (the save never waits for it)."""
    with contextlib.suppress(OSError):  # no process could start: suggestions make the vectors when asked
        similarity.catch_up(storage.database_file(db), workshop_id)


def get_pain_point(db: Database, pain_point_id: int, include_deleted: bool = False) -> dict:
    """One pain point as a row; raises NotFound."""
    row = storage.pain_points.get(db, pain_point_id)
    if row is None or (row["deleted_at"] and not include_deleted):
        raise NotFound(N_("That pain point no longer exists."))
    permissions.require_read(db, row["workshop_id"])
    return permissions.blank_names(db, row["workshop_id"], [row], NAME_FIELDS)[0]


def update_pain_point(
    db: Database,
    pain_point_id: int,
    changes: dict,
    actor: str = FACILITATOR,
    participant_id: int | None = None,
    opened: dict | None = None,
) -> dict:
    """Edit some fields of a pain point; returns what changed (old, new) per field.

    A participant (`participant_id` given) may edit only their own entries. With `opened` (the entry
    as the editor first saw it), a field someone else changed meanwhile is not overwritten: the save
    raises EditConflict with both versions (a change to other fields is simply kept).
    """
    current = get_pain_point(db, pain_point_id)
    if opened is not None:
        clashing = [
            k for k in changes if k in opened and current.get(k) != opened.get(k) and current.get(k) != changes[k]
        ]
        if clashing:
            raise EditConflict(
                N_(
                    "This entry was changed by someone else since you opened it. Both versions are below: "
                    "save again to keep yours."
                ),
                theirs={k: current.get(k) for k in clashing},
                mine={k: changes[k] for k in clashing},
            )
    _check_participant(db, current, participant_id, "edit")
    anonymous, actor = _as_anonymous(get_workshop(db, current["workshop_id"]), participant_id, actor)
    editable = {k: v for k, v in changes.items() if k in PAIN_POINT_COLUMNS and not (anonymous and k in NAME_FIELDS)}
    clean, errors = validate_fields(editable, partial=True)
    if "department_id" in changes:
        try:
            department = get_department(db, int(changes["department_id"]))
            if department["workshop_id"] != current["workshop_id"]:
                raise NotFound(_DEPARTMENT_GONE)
            clean["department_id"] = department["id"]
        except (NotFound, TypeError, ValueError):
            errors["department_id"] = _DEPARTMENT_GONE
    merged = current | clean
    if "frequency_count" in clean or "frequency_period" in clean:
        _, freq_errors = validate_fields({k: merged[k] for k in ("frequency_count", "frequency_period")}, partial=True)
        errors.update(freq_errors)
    if errors:
        raise ValidationError(errors)
    if any(k in clean for k in SOLUTION_CHECKED_FIELDS):
        flag = solution_flag(merged)
        clean |= {"proposes_solution": int(flag["proposes_solution"]), "solution_terms": flag["solution_terms"]}
    if "waits_on_other_teams" in clean:
        clean["waits_on_other_teams"] = int(bool(clean["waits_on_other_teams"]))
    diff = {k: [current[k], v] for k, v in clean.items() if current.get(k) != v}
    if not diff:
        return {}
    with storage.writing(db):
        storage.pain_points.update(db, pain_point_id, {k: v[1] for k, v in diff.items()})
        history.log(db, actor, current["workshop_id"], "update", "pain_point", pain_point_id, diff)
    return diff


def bulk_update_pain_points(db: Database, pain_point_ids: list[int], changes: dict, actor: str = FACILITATOR) -> int:
    """Apply the same edit to several pain points in one transaction; returns how many changed."""
    _, errors = validate_fields(changes, partial=True)
    if errors:
        raise ValidationError(errors)
    changed = 0
    with storage.writing(db):
        for pain_point_id in pain_point_ids:
            if update_pain_point(db, pain_point_id, changes, actor=actor):
                changed += 1
    return changed


def _set_deleted(
    db: Database, pain_point_ids: Iterable[int], deleted: bool, actor: str, participant_id: int | None
) -> list[int]:
    """Delete (soft) or restore pain points, with the ownership and open rules; returns those changed."""
    verb = "delete" if deleted else "restore"
    changed = []
    with storage.writing(db):
        for pain_point_id in pain_point_ids:
            current = get_pain_point(db, pain_point_id, include_deleted=not deleted)
            _check_participant(db, current, participant_id, verb)
            _, who = _as_anonymous(get_workshop(db, current["workshop_id"]), participant_id, actor)
            if bool(current["deleted_at"]) == deleted:
                continue  # already as asked
            storage.pain_points.set_deleted(db, pain_point_id, deleted)
            history.log(db, who, current["workshop_id"], verb, "pain_point", pain_point_id, {"title": current["title"]})
            changed.append(pain_point_id)
    return changed


def delete_pain_points(
    db: Database, pain_point_ids: Iterable[int], actor: str = FACILITATOR, participant_id: int | None = None
) -> list[int]:
    """Soft-delete pain points; returns the ids deleted (to undo with restore_pain_points)."""
    return _set_deleted(db, pain_point_ids, True, actor, participant_id)


def restore_pain_points(
    db: Database, pain_point_ids: Iterable[int], actor: str = FACILITATOR, participant_id: int | None = None
) -> list[int]:
    """Undo the deletion of pain points; returns the ids restored."""
    return _set_deleted(db, pain_point_ids, False, actor, participant_id)


def check_live_pain_points(db: Database, workshop_id: int, pain_point_ids: Iterable[int]) -> list[dict]:
    """The rows of these pain points; refuses any that is deleted, missing or of another workshop."""
    rows = []
    for pain_point_id in pain_point_ids:
        try:
            row = get_pain_point(db, int(pain_point_id))
        except NotFound:
            raise ValidationError(
                {"pain points": Message("No. {number} has been deleted or does not exist.", number=str(pain_point_id))}
            ) from None
        if row["workshop_id"] != workshop_id:
            raise ValidationError(
                {"pain points": Message("No. {number} belongs to another workshop.", number=str(pain_point_id))}
            )
        rows.append(row)
    return rows


def list_pain_points(
    db: Database,
    workshop_id: int,
    *,
    deleted: bool = False,
    participant_id: int | None = None,
    interview_id: int | None = None,
    department_ids: list[int] | None = None,
) -> list[dict]:
    """A workshop's pain points with department name, occurrences and hours lost a year.

    `deleted=True` lists the deleted ones instead (for restoring).
    """
    permissions.require_read(db, workshop_id)
    rows = storage.pain_points.list_for(
        db,
        workshop_id,
        deleted=deleted,
        participant_id=participant_id,
        interview_id=interview_id,
        department_ids=department_ids,
    )
    return [with_derived_numbers(row) for row in permissions.blank_names(db, workshop_id, rows, NAME_FIELDS)]


def count_pain_points(db: Database, workshop_id: int) -> int:
    """How many live pain points a workshop has."""
    return storage.pain_points.count(db, workshop_id)


def pain_points_per_department(db: Database, workshop_id: int) -> dict[int, int]:
    """How many live pain points each department of a workshop has."""
    return storage.pain_points.count_per_department(db, workshop_id)
