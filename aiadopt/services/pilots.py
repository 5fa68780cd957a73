"""Tracking a pilot after the workshop, and remembering pains across workshops."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from aiadopt import storage
from aiadopt.domain import pilots as rules
from aiadopt.domain.charter import STAGES
from aiadopt.domain.duplicates import suggest_duplicates
from aiadopt.domain.language import N_
from aiadopt.domain.pain_points import ValidationError, clean_text
from aiadopt.domain.workshops import optional_text
from aiadopt.services import history, similarity
from aiadopt.services.capture import list_pain_points
from aiadopt.services.errors import NotFound
from aiadopt.services.workshops import FACILITATOR, get_workshop, list_workshops
from aiadopt.storage import Database

NEW_PILOT = "pilot"


@dataclass
class PilotState:
    """A pilot with its measurements, gates (stage -> row) and verdict."""

    pilot: dict
    stages: list[dict]
    measurements: list[dict]
    gates: dict[int, dict]
    verdict: rules.Verdict
    hours_saved: float | None


def start_pilot(
    db: Database, workshop_id: int, candidate_key: str, charter: dict, started_on: object, actor: str = FACILITATOR
) -> int:
    """Start tracking a pilot from its charter (what it starts from is kept as it is today)."""
    get_workshop(db, workshop_id)
    day = rules.parse_day(started_on, "start date")
    if day > date.today():
        raise ValidationError({"start date": N_("A pilot starts today or earlier: choose the day it began.")})
    if any(p["candidate_key"] == candidate_key for p in storage.pilots.list_for(db, workshop_id)):
        raise ValidationError({"pilot": N_("This candidate's pilot is already being tracked.")})
    stages = [
        {"name": stage["name"], "success_gate": stage.get("success_gate", "")}
        for stage in charter.get("stages") or [{"name": p["name"], "success_gate": ""} for p in STAGES]
    ]
    row = {
        "workshop_id": workshop_id,
        "candidate_key": candidate_key,
        "title": clean_text(charter.get("title"))[:120] or "Pilot",
        "owner": clean_text(charter.get("owner"))[:80],
        "kpi_metric": clean_text(charter.get("kpi_metric"))[:120],
        "kpi_unit": clean_text(charter.get("kpi_unit"))[:30],
        "kpi_baseline": charter.get("kpi_baseline"),
        "kpi_target": charter.get("kpi_target"),
        "hours_at_start": charter.get("hours_per_year"),
        "started_on": day.isoformat(),
        "stages": json.dumps(stages, ensure_ascii=False),
    }
    with storage.writing(db):
        pilot_id = storage.pilots.insert(db, row)
        history.log(
            db,
            actor,
            workshop_id,
            "start",
            NEW_PILOT,
            pilot_id,
            {"title": row["title"], "started_on": row["started_on"]},
        )
    return pilot_id


def _pilot(db: Database, pilot_id: int) -> dict:
    pilot = storage.pilots.get(db, pilot_id)
    if pilot is None:
        raise NotFound(N_("That pilot is no longer tracked."))
    get_workshop(db, pilot["workshop_id"])  # a deleted workshop's pilot is gone with it
    return pilot


def record_measurement(
    db: Database,
    pilot_id: int,
    value: object,
    measured_on: object,
    *,
    hours: object = None,
    note: str = "",
    recorded_by: str = "",
    actor: str = FACILITATOR,
    today: date | None = None,
) -> int:
    """Add a KPI measurement (date, value, note, who); refuses one before the start, in the future or negative."""
    pilot = _pilot(db, pilot_id)
    number, day, now_hours = rules.check_measurement(
        value, measured_on, pilot["started_on"], today or date.today(), pilot["kpi_unit"] or "", hours
    )
    row = {
        "pilot_id": pilot_id,
        "measured_on": day.isoformat(),
        "value": number,
        "hours_per_year": now_hours,
        "note": optional_text(note, "note", rules.NOTE_LENGTH),
        "recorded_by": optional_text(recorded_by, "name of who measured", rules.NAME_LENGTH),
    }
    with storage.writing(db):
        # The same measurement sent again (a dropped connection, a second click) is stored once.
        earlier = storage.pilots.same_measurement(db, row)
        if earlier is not None:
            return earlier
        measurement_id = storage.pilots.add_measurement(db, row)
        history.log(
            db, actor, pilot["workshop_id"], "measure", NEW_PILOT, pilot_id, {"on": row["measured_on"], "value": number}
        )
    return measurement_id


def set_gate(
    db: Database,
    pilot_id: int,
    stage: int,
    status: str,
    *,
    decided_on: object = None,
    evidence: str = "",
    decider: str = "",
    actor: str = FACILITATOR,
    today: date | None = None,
) -> None:
    """Mark a gate passed, not yet passed, or where the pilot stopped, with date, evidence and decider."""
    pilot = _pilot(db, pilot_id)
    current = {g["stage"]: g["status"] for g in storage.pilots.gates(db, pilot_id)}
    rules.check_gate(int(stage), status, current)
    day = rules.parse_day(decided_on or (today or date.today()), "date")
    if day > (today or date.today()) or day.isoformat() < pilot["started_on"]:
        raise ValidationError({"date": N_("A gate is decided between the pilot's start and today.")})
    row = {
        "pilot_id": pilot_id,
        "stage": int(stage),
        "status": status,
        "decided_on": day.isoformat(),
        "evidence": optional_text(evidence, "evidence", rules.NOTE_LENGTH),
        "decider": optional_text(decider, "name of who decided", rules.NAME_LENGTH),
    }
    with storage.writing(db):
        storage.pilots.set_gate(db, row)
        history.log(
            db, actor, pilot["workshop_id"], "gate", NEW_PILOT, pilot_id, {"gate": int(stage), "status": status}
        )


def pilot_state(db: Database, pilot_id: int) -> PilotState:
    """Everything the tracking page and the outcome report show about one pilot."""
    pilot = _pilot(db, pilot_id)
    measurements = storage.pilots.measurements(db, pilot_id)
    gates = {g["stage"]: g for g in storage.pilots.gates(db, pilot_id)}
    statuses = {stage: g["status"] for stage, g in gates.items()}
    return PilotState(
        pilot,
        json.loads(pilot["stages"]),
        measurements,
        gates,
        rules.verdict(pilot, measurements, statuses),
        rules.hours_saved(pilot, measurements),
    )


def list_pilots(db: Database, workshop_id: int | None = None) -> list[dict]:
    """The pilots of one workshop, or of every workshop (with each one's verdict)."""
    found = []
    for pilot in storage.pilots.list_for(db, workshop_id):
        state = pilot_state(db, pilot["id"])
        found.append(pilot | {"verdict": state.verdict.text, "status": state.verdict.status})
    return found


def recurring_pains(db: Database) -> list[dict]:
    """Pains raised in more than one workshop: the duplicate suggester run across workshops.

    Only suggestions that join pain points of two or more workshops are kept (within one workshop,
    that is Consolidate's job); each lists where its pains came from, as the shortlist's provenance does.
    """
    everyone: list[dict] = []
    names: dict[int, str] = {}
    for workshop in list_workshops(db):
        names[workshop["id"]] = workshop["name"]
        everyone.extend(list_pain_points(db, workshop["id"]))
    by_id = {p["id"]: p for p in everyone}
    found = []
    for suggestion in suggest_duplicates(everyone, similarity.workshop_vectors(db, everyone)):
        members = [by_id[i] for i in suggestion.pain_point_ids]
        workshops = sorted({names[m["workshop_id"]] for m in members})
        found.append(
            {
                "pain": members[0]["title"],
                "workshops": workshops,
                "departments": sorted({m["department"] for m in members}),
                "pain_points": len(members),
                "hours_per_year": sum(m.get("hours_per_year") or 0 for m in members),
                "titles": [m["title"] for m in members],
            }
        )
    return [f for f in found if len(f["workshops"]) > 1]


def outcome_report_data(db: Database, pilot_id: int) -> dict:
    """What the one-page outcome report prints, as plain data."""
    state = pilot_state(db, pilot_id)
    workshop = get_workshop(db, state.pilot["workshop_id"])
    return {
        "pilot": state.pilot | {"workshop_name": workshop["name"]},
        "stages": state.stages,
        "measurements": state.measurements,
        "gates": state.gates,
        "verdict": state.verdict.text,
        "status": state.verdict.status,
        "hours_saved": state.hours_saved,
    }
