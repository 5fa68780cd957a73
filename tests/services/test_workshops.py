"""Workshops, their departments and their interview guide."""

from __future__ import annotations

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.workshops import JOIN_CODE_LENGTH
from aiadopt.services.participants import workshop_for_join_code
from aiadopt.services.workshops import add_department, get_workshop, list_guide, replace_guide, reset_guide


def test_new_workshop_gets_a_join_code_and_its_own_guide(workshop):
    db, workshop_id, _ = workshop
    row = get_workshop(db, workshop_id)
    assert len(row["join_code"]) == JOIN_CODE_LENGTH
    assert workshop_for_join_code(db, row["join_code"].lower())["id"] == workshop_id
    assert len(list_guide(db, workshop_id)) == 8


def test_department_names_are_unique_within_a_workshop(workshop):
    db, workshop_id, _ = workshop
    with pytest.raises(ValidationError):
        add_department(db, workshop_id, " finance ")
    with pytest.raises(ValidationError):
        add_department(db, workshop_id, "")


def test_guide_edits_are_kept_per_workshop_and_default_can_come_back(workshop):
    db, workshop_id, _ = workshop
    replace_guide(
        db,
        workshop_id,
        [{"theme": "Handovers", "question": "Where do handovers fail?", "follow_ups": "Who receives it?"}],
    )
    assert [q["theme"] for q in list_guide(db, workshop_id)] == ["Handovers"]
    with pytest.raises(ValidationError):
        replace_guide(db, workshop_id, [{"theme": "", "question": ""}])
    assert reset_guide(db, workshop_id) == 8
