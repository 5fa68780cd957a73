"""The longest text every stored field may hold, in one table.

The same limits apply when people type (each form and service uses its field's limit and says it)
and when a backup is restored, so no page ever has to draw a 2 MB workshop name.
"""

from __future__ import annotations

from aiadopt.domain.charter_edits import CHARTER_FIELDS_BY_NAME
from aiadopt.domain.fields import PAIN_POINT_FIELDS
from aiadopt.domain.pilots import NAME_LENGTH, NOTE_LENGTH
from aiadopt.domain.workshops import (
    CANDIDATE_TITLE_LENGTH,
    DEPARTMENT_TEXT,
    GUIDE_LIMITS,
    INTERVIEW_TEXT,
    MAX_TOKEN_LENGTH,
    WEIGHT_SET_NAME_LENGTH,
    WORKSHOP_TEXT,
)

MOMENT_LENGTH = 40  # an ISO date or time
KEY_LENGTH = 64  # a join code, a status, a candidate key, a token's hash
DOCUMENT_LENGTH = 200_000  # JSON the app writes: charter edits, a pilot's stages, a change's details
OTHER_TEXT_LENGTH = 1_000  # any text column not listed below

TEXT_LIMITS: dict[str, dict[str, int]] = {
    "workshops": {name: limit for name, (_, limit) in WORKSHOP_TEXT.items()},
    "departments": {name: limit for name, (_, limit) in DEPARTMENT_TEXT.items()},
    "guide_questions": dict(GUIDE_LIMITS),
    "interviews": {name: limit for name, (_, limit) in INTERVIEW_TEXT.items()},
    "interview_themes": {"theme": GUIDE_LIMITS["theme"]},
    "participants": {"token": 2 * MAX_TOKEN_LENGTH},
    "pain_points": {spec.name: spec.max_length for spec in PAIN_POINT_FIELDS if spec.max_length}
    | {"solution_terms": OTHER_TEXT_LENGTH},
    "candidates": {"title": CANDIDATE_TITLE_LENGTH},
    "weight_sets": {"name": WEIGHT_SET_NAME_LENGTH, "weights": 10_000, "gates": 2_000},
    "charters": {"fields": DOCUMENT_LENGTH},
    "pilots": {
        "title": CHARTER_FIELDS_BY_NAME["title"].max_length or CANDIDATE_TITLE_LENGTH,
        "owner": CHARTER_FIELDS_BY_NAME["owner"].max_length or NAME_LENGTH,
        "kpi_metric": CHARTER_FIELDS_BY_NAME["kpi_metric"].max_length or NAME_LENGTH,
        "kpi_unit": CHARTER_FIELDS_BY_NAME["kpi_unit"].max_length or NAME_LENGTH,
        "stages": DOCUMENT_LENGTH,
    },
    "pilot_measurements": {"note": NOTE_LENGTH, "recorded_by": NAME_LENGTH},
    "pilot_gates": {"evidence": NOTE_LENGTH, "decider": NAME_LENGTH},
    "change_log": {"actor": 200, "changes": DOCUMENT_LENGTH},
}


def text_limit(table: str, column: str) -> int:
    """The longest text a stored column may hold."""
    listed = TEXT_LIMITS.get(table, {}).get(column)
    if listed is not None:
        return listed
    if column.endswith(("_at", "_on")) or column in ("at", "session_date"):
        return MOMENT_LENGTH
    if column in ("join_code", "phase", "status", "source", "candidate_key", "action", "entity", "token"):
        return KEY_LENGTH
    return OTHER_TEXT_LENGTH
