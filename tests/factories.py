"""Builders shared by the tests: valid input, workshops, pain points, the sample, candidate rows.

Each builder gives the smallest valid thing; a test overrides only what it is about.
"""

from __future__ import annotations

import threading

import pandas as pd
from hypothesis import HealthCheck, settings

from aiadopt import storage
from aiadopt.domain.pain_points import PainPoint, build_pain_point
from aiadopt.services import sample
from aiadopt.services.capture import add_pain_point, list_pain_points
from aiadopt.services.participants import new_visitor, participant_actor, stored_participant
from aiadopt.services.workshops import add_department, create_workshop

# Settings for property tests that build tables (hypothesis).
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- Pain points and workshops -------------------------------------------------------------

VALID_PAIN_POINT = {
    "title": "Chasing missing timesheets",
    "frequency_count": 3,
    "frequency_period": "week",
    "minutes_per_occurrence": 20,
    "people_count": 2,
}


def pain_point_fields(**changes) -> dict:
    """A valid pain point as a form or a file gives it (3 a week, 20 minutes, 2 people)."""
    return VALID_PAIN_POINT | changes


def new_pain_point(
    workshop_id: int = 1,
    department_id: int | None = 1,
    *,
    participant_id: int | None = None,
    interview_id: int | None = None,
    **changes,
) -> PainPoint:
    """A checked pain point, not stored; a participant's is marked as theirs."""
    context: dict = {}
    if participant_id is not None:
        context |= {"participant_id": participant_id, "source": "participant"}
    if interview_id is not None:
        context["interview_id"] = interview_id
    return build_pain_point(
        pain_point_fields(**changes), workshop_id=workshop_id, department_id=department_id, **context
    )


def make_pain_point(
    db,
    workshop_id: int,
    department_id: int,
    *,
    participant_id: int | None = None,
    interview_id: int | None = None,
    **changes,
) -> int:
    """Store a valid pain point through the capture service; returns its id.

    A participant's entry is written as that participant, as the contribution page does.
    """
    pain_point = new_pain_point(
        workshop_id, department_id, participant_id=participant_id, interview_id=interview_id, **changes
    )
    if participant_id is None:
        return add_pain_point(db, pain_point)
    return add_pain_point(db, pain_point, actor=participant_actor(participant_id))


def make_participant(db, workshop_id: int) -> dict:
    """A participant who opened the join link and saved once (so their row exists), as the pages do it."""
    person = new_visitor(db, workshop_id)
    stored_participant(db, person)
    return person


def make_workshop(db, name: str = "Operations discovery", department: str = "Finance", **fields) -> tuple[int, int]:
    """A workshop with one department; returns (workshop id, department id)."""
    workshop_id = create_workshop(db, name=name, **fields)
    return workshop_id, add_department(db, workshop_id, department)


def load_sample_workshop(db) -> tuple[int, list[int]]:
    """The shipped sample workshop; returns its id and its pain point ids in list order."""
    workshop_id = sample.load_sample(db)
    return workshop_id, [row["id"] for row in list_pain_points(db, workshop_id)]


def read_sample_workshop() -> dict:
    """The shipped sample workshop file (data/sample_workshop.json) as plain data."""
    return sample.read_sample()


# --- Candidate rows for the ranking ----------------------------------------------------------


def candidate(candidate_id: int = 1, **overrides) -> dict:
    """A complete, middling candidate row; override what the test is about."""
    row = {
        "candidate_id": candidate_id,
        "title": f"Candidate {candidate_id}",
        "hours_per_year": 100.0,
        "occurrences_per_year": 500.0,
        "error_rate_pct": 10.0,
        "waits_on_other_teams": 0.0,
        "customer_impact": 1.0,
        "severity": 3.0,
        "department_count": 1,
        "votes": 0,
        "io_clarity": 3.0,
        "rule_based": 3.0,
        "data_availability": 3.0,
        "data_quality": 3.0,
        "change_readiness": 3.0,
        "has_kpi_metric": True,
        "has_kpi_baseline": True,
        "has_kpi_target": True,
        "owner": "Sam",
        "data_class": "green",
        "departments": ["Finance"],
        "missing": [],
    }
    row.update(overrides)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    """A candidates table of these rows."""
    return pd.DataFrame(list(rows))


# --- What pain points mean ----------------------------------------------------------------


def vectors_of(points: list[dict]) -> dict:
    """The sentence encoder's vectors of these pain points, by id (as stored vectors are read back)."""
    from aiadopt.services import similarity

    encoded = similarity.encode(points)
    return {int(p["id"]): encoded[i] for i, p in enumerate(points)}


def burst(db_file, count: int, attempt) -> list:
    """`count` attempts sent at the same moment, each on its own connection (as separate requests are)."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def one(number: int) -> None:
        db = storage.connect(db_file)
        try:
            start.wait()
            results[number] = attempt(db)
        except Exception as refused:  # a refusal is an answer too
            results[number] = refused
        finally:
            db.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
