"""The shipped sample workshop, loadable with one click into an empty database."""

from __future__ import annotations

import json
from pathlib import Path

from aiadopt import config, storage
from aiadopt.domain.pain_points import build_pain_point
from aiadopt.services.audit import mark_theme
from aiadopt.services.capture import add_pain_points
from aiadopt.services.workshops import add_department, create_workshop, start_interview
from aiadopt.storage import Database

SAMPLE_PATH = config.DATA_DIR / "sample_workshop.json"


def read_sample(path: Path = SAMPLE_PATH) -> dict:
    """The sample workshop as plain data."""
    return json.loads(path.read_text(encoding="utf-8"))


def load_sample(db: Database, path: Path = SAMPLE_PATH, actor: str = "facilitator") -> int:
    """Create the sample workshop with its departments and pain points; returns its id.

    Everything is written in one transaction: a broken sample leaves the database unchanged.
    """
    sample = read_sample(path)
    with storage.writing(db):
        workshop_id = create_workshop(db, actor=actor, **sample["workshop"])
        department_ids = {
            department["name"]: add_department(
                db, workshop_id, department["name"], department.get("lead", ""), actor=actor
            )
            for department in sample["departments"]
        }
        pain_points = []
        for raw in sample["pain_points"]:
            fields = {k: v for k, v in raw.items() if k != "department"}
            pain_points.append(
                build_pain_point(
                    fields,
                    workshop_id=workshop_id,
                    department_id=department_ids[raw["department"]],
                    source="facilitator",
                )
            )
        add_pain_points(db, pain_points, actor=actor)
        # Interviews with what they noted (asked with nothing found, skipped), for the audit view.
        for interview in sample.get("interviews", []):
            interview_id = start_interview(
                db,
                workshop_id,
                department_ids[interview["department"]],
                interviewer=interview.get("interviewer", ""),
                interviewees=interview.get("interviewees", ""),
                actor=actor,
            )
            for theme, status in interview.get("marks", {}).items():
                mark_theme(db, interview_id, theme, status, actor=actor)
    return workshop_id
