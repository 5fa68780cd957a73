"""Setting up a workshop: the workshop itself, its departments, its interview guide and interviews.

The rule "a workshop that is gone cannot be changed" lives here once, in `get_workshop`.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiadopt import storage
from aiadopt.domain.guide import guide_rows
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError, name_key
from aiadopt.domain.voting import (
    DEFAULT_VOTES_PER_PARTICIPANT,
    check_facilitators_vote,
    check_votes_per_participant,
)
from aiadopt.domain.workshops import (
    DEPARTMENT_TEXT,
    INTERVIEW_TEXT,
    WORKSHOP_TEXT,
    clean_fields,
    edited_guide_rows,
    new_join_code,
)
from aiadopt.services import history, permissions
from aiadopt.services.errors import NotFound
from aiadopt.storage import Database

FACILITATOR = "facilitator"


def unused_join_code(db: Database) -> str:
    """A join code no workshop in this database uses."""
    while True:
        code = new_join_code()
        if not storage.workshops.join_code_taken(db, code):
            return code


def get_workshop(db: Database, workshop_id: int, include_deleted: bool = False) -> dict:
    """One workshop; raises NotFound when missing or deleted."""
    workshop = storage.workshops.get(db, workshop_id)
    if workshop is None or (workshop["deleted_at"] and not include_deleted):
        raise NotFound(N_("This workshop no longer exists."))
    permissions.require_read(db, workshop_id)
    return workshop


def list_workshops(db: Database, include_deleted: bool = False) -> list[dict]:
    """The workshops whoever is acting may open, newest first."""
    return [w for w in storage.workshops.list_all(db, include_deleted) if permissions.may_open(db, w["id"])]


def create_workshop(
    db: Database,
    *,
    name: str,
    organisation: str = "",
    session_date: str = "",
    facilitator: str = "",
    dots_per_participant: int = DEFAULT_VOTES_PER_PARTICIPANT,
    actor: str = FACILITATOR,
) -> int:
    """Create a workshop with its own copy of the default interview guide; returns its id."""
    row = clean_fields(
        {"name": name, "organisation": organisation, "session_date": session_date, "facilitator": facilitator},
        WORKSHOP_TEXT,
        required=["name"],
    )
    row["dots_per_participant"] = check_votes_per_participant(dots_per_participant)
    with storage.writing(db):
        workshop_id = storage.workshops.insert(db, row | {"join_code": unused_join_code(db)})
        storage.guide.insert(db, guide_rows(workshop_id))
        history.log(db, actor, workshop_id, "create", "workshop", workshop_id, row)
    return workshop_id


def update_workshop(db: Database, workshop_id: int, changes: dict, actor: str = FACILITATOR) -> None:
    """Edit a workshop's details and voting settings (what is open follows the room's phase:
    `services.room.open_phase`)."""
    get_workshop(db, workshop_id)
    clean = clean_fields(changes, WORKSHOP_TEXT, required=["name"])
    if "dots_per_participant" in changes:
        clean["dots_per_participant"] = check_votes_per_participant(changes["dots_per_participant"])
    if "facilitators_vote" in changes:
        clean["facilitators_vote"] = check_facilitators_vote(changes["facilitators_vote"])
    if not clean:
        return
    with storage.writing(db):
        storage.workshops.update(db, workshop_id, clean)
        history.log(db, actor, workshop_id, "update", "workshop", workshop_id, clean)


def delete_workshop(db: Database, workshop_id: int, actor: str = FACILITATOR) -> None:
    """Soft-delete a workshop: hidden everywhere, its join link stops working, restorable."""
    get_workshop(db, workshop_id)
    with storage.writing(db):
        storage.workshops.set_deleted(db, workshop_id, True)
        history.log(db, actor, workshop_id, "delete", "workshop", workshop_id)


def restore_workshop(db: Database, workshop_id: int, actor: str = FACILITATOR) -> None:
    """Undo the deletion of a workshop."""
    get_workshop(db, workshop_id, include_deleted=True)
    with storage.writing(db):
        storage.workshops.set_deleted(db, workshop_id, False)
        history.log(db, actor, workshop_id, "restore", "workshop", workshop_id)


def list_changes(db: Database, workshop_id: int, limit: int = 500) -> list[dict]:
    """The most recent entries of a workshop's change log, newest first."""
    return storage.change_log.recent(db, workshop_id, limit)


# --- departments --------------------------------------------------------------------------


def get_department(db: Database, department_id: int) -> dict:
    """One live department; raises NotFound."""
    department = storage.departments.get(db, department_id)
    if department is None or department["deleted_at"]:
        raise NotFound(N_("That department no longer exists."))
    return department


def list_departments(db: Database, workshop_id: int, include_deleted: bool = False) -> list[dict]:
    """A workshop's departments in the order they were added."""
    return storage.departments.list_for(db, workshop_id, include_deleted)


def _check_name_free(db: Database, workshop_id: int, name: str, except_id: int | None = None) -> None:
    # Names that look the same are the same name: case, width and invisible marks do not count.
    key = name_key(name)
    taken = next((n for n in storage.departments.live_names(db, workshop_id, except_id) if name_key(n) == key), None)
    if taken is not None:
        raise ValidationError({"department name": Message("There is already a department called {name}.", name=taken)})


def add_department(db: Database, workshop_id: int, name: str, lead: str = "", actor: str = FACILITATOR) -> int:
    """Add a department to a workshop; names are unique within a workshop."""
    get_workshop(db, workshop_id)
    row = clean_fields({"name": name, "lead": lead}, DEPARTMENT_TEXT, required=["name"])
    with storage.writing(db):
        _check_name_free(db, workshop_id, row["name"])
        department_id = storage.departments.insert(db, {"workshop_id": workshop_id} | row)
        history.log(db, actor, workshop_id, "create", "department", department_id, row)
    return department_id


def rename_department(
    db: Database, department_id: int, name: str, lead: str | None = None, actor: str = FACILITATOR
) -> None:
    """Rename a department (and optionally change its lead)."""
    department = get_department(db, department_id)
    given = {"name": name} | ({} if lead is None else {"lead": lead})
    changes = clean_fields(given, DEPARTMENT_TEXT, required=["name"])
    with storage.writing(db):
        _check_name_free(db, department["workshop_id"], changes["name"], except_id=department_id)
        storage.departments.update(db, department_id, changes)
        history.log(db, actor, department["workshop_id"], "update", "department", department_id, changes)


def delete_department(db: Database, department_id: int, actor: str = FACILITATOR) -> None:
    """Soft-delete a department (its pain points stay, restorable)."""
    department = get_department(db, department_id)
    with storage.writing(db):
        storage.departments.set_deleted(db, department_id, True)
        history.log(db, actor, department["workshop_id"], "delete", "department", department_id)


def restore_department(db: Database, department_id: int, actor: str = FACILITATOR) -> None:
    """Undo the deletion of a department."""
    department = storage.departments.get(db, department_id)
    if department is None:
        raise NotFound(N_("That department no longer exists."))
    with storage.writing(db):
        storage.departments.set_deleted(db, department_id, False)
        history.log(db, actor, department["workshop_id"], "restore", "department", department_id)


# --- the interview guide and interviews ---------------------------------------------------


def list_guide(db: Database, workshop_id: int) -> list[dict]:
    """A workshop's interview guide, in order."""
    return storage.guide.list_for(db, workshop_id)


def replace_guide(db: Database, workshop_id: int, questions: Iterable[dict], actor: str = FACILITATOR) -> int:
    """Replace a workshop's guide with edited questions; returns how many were kept."""
    get_workshop(db, workshop_id)
    rows = edited_guide_rows(workshop_id, questions)
    with storage.writing(db):
        storage.guide.replace(db, workshop_id, rows)
        history.log(db, actor, workshop_id, "update", "guide", workshop_id, {"questions": len(rows)})
    return len(rows)


def reset_guide(db: Database, workshop_id: int, actor: str = FACILITATOR) -> int:
    """Put the shipped default guide back for a workshop."""
    return replace_guide(db, workshop_id, guide_rows(workshop_id), actor=actor)


def start_interview(
    db: Database,
    workshop_id: int,
    department_id: int,
    interviewer: str = "",
    interviewees: str = "",
    actor: str = FACILITATOR,
) -> int:
    """Open an interview with one department; returns its id."""
    get_workshop(db, workshop_id)
    department = get_department(db, department_id)
    if department["workshop_id"] != workshop_id:
        raise NotFound(N_("That department belongs to another workshop."))
    row: dict[str, object] = {"workshop_id": workshop_id, "department_id": department_id}
    row |= clean_fields({"interviewer": interviewer, "interviewees": interviewees}, INTERVIEW_TEXT)
    row["started_at"] = storage.now()
    with storage.writing(db):
        interview_id = storage.interviews.insert(db, row)
        history.log(db, actor, workshop_id, "create", "interview", interview_id, row)
    return interview_id


def list_interviews(db: Database, workshop_id: int, department_id: int | None = None) -> list[dict]:
    """A workshop's interviews, newest first, optionally for one department (an observer reads them
    without the interviewees' names or the notes, which name people)."""
    get_workshop(db, workshop_id)
    rows = storage.interviews.list_for(db, workshop_id, department_id)
    return permissions.blank_names(db, workshop_id, rows, ("interviewees", "notes"))


def update_interview_notes(db: Database, interview_id: int, notes: str, actor: str = FACILITATOR) -> None:
    """Save the facilitator's free notes for an interview."""
    interview = storage.interviews.get(db, interview_id)
    if interview is None:
        raise NotFound(N_("That interview no longer exists."))
    text = clean_fields({"notes": notes}, INTERVIEW_TEXT)["notes"]
    with storage.writing(db):
        storage.interviews.update(db, interview_id, {"notes": text})
        history.log(db, actor, interview["workshop_id"], "update", "interview", interview_id, {"notes": len(text)})
