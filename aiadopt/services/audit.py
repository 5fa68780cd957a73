"""The departmental audit: themes asked in each interview, and how complete the discovery was."""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain import coverage
from aiadopt.domain.coverage import Audit
from aiadopt.domain.language import N_
from aiadopt.domain.pain_points import ValidationError, clean_text
from aiadopt.domain.workshops import GUIDE_LIMITS
from aiadopt.services import history
from aiadopt.services.capture import list_pain_points
from aiadopt.services.errors import NotFound
from aiadopt.services.workshops import FACILITATOR, get_workshop, list_departments, list_guide, list_interviews
from aiadopt.storage import Database

__all__ = ["Audit", "audit_report_section", "guide_themes", "interview_coverage", "mark_theme", "workshop_audit"]


def guide_themes(db: Database, workshop_id: int) -> list[str]:
    """The themes of a workshop's guide, in the guide's order, each once."""
    return list(dict.fromkeys(q["theme"] for q in list_guide(db, workshop_id) if q["theme"]))


def _interview(db: Database, interview_id: int) -> dict:
    interview = storage.interviews.get(db, interview_id)
    if interview is None:
        raise NotFound(N_("That interview no longer exists."))
    return interview


def mark_theme(db: Database, interview_id: int, theme: str, status: str | None, actor: str = FACILITATOR) -> None:
    """Note that a theme was asked with nothing found, or skipped on purpose (None takes the note back)."""
    interview = _interview(db, interview_id)
    name = clean_text(theme)
    if not name or len(name) > GUIDE_LIMITS["theme"]:
        raise ValidationError({"theme": N_("Choose a theme of the interview guide.")})
    if status is not None and status not in coverage.MARKS:
        raise ValidationError({"theme": N_("A theme is noted as asked with nothing found, or skipped on purpose.")})
    with storage.writing(db):
        storage.interviews.set_mark(db, interview_id, name, status, storage.now())
        history.log(
            db, actor, interview["workshop_id"], "theme", "interview", interview_id, {"theme": name, "status": status}
        )


def interview_coverage(db: Database, interview_id: int) -> dict[str, str]:
    """Each theme of the guide -> raised, nothing_found, skipped or not_yet, for one interview."""
    interview = _interview(db, interview_id)
    workshop_id = interview["workshop_id"]
    themes = [p["theme"] for p in list_pain_points(db, workshop_id, interview_id=interview_id)]
    marks = {m["theme"]: m["status"] for m in storage.interviews.marks_for(db, workshop_id, interview_id)}
    return coverage.interview_status(guide_themes(db, workshop_id), themes, marks)


def workshop_audit(db: Database, workshop_id: int) -> Audit:
    """Departments x themes with pain points and hours a year, who was interviewed, and the gaps."""
    get_workshop(db, workshop_id)
    return coverage.build_audit(
        list_departments(db, workshop_id),
        guide_themes(db, workshop_id),
        list_pain_points(db, workshop_id),
        list_interviews(db, workshop_id),
        storage.interviews.marks_for(db, workshop_id),
    )


def audit_report_section(db: Database, workshop_id: int) -> dict:
    """The reports' section on how complete the discovery was, as plain text rows."""
    return coverage.report_section(workshop_audit(db, workshop_id), guide_themes(db, workshop_id))
