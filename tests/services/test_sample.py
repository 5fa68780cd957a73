"""Loading the sample workshop: all of it in one go, or nothing."""

from __future__ import annotations

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import sample
from aiadopt.services.capture import list_pain_points
from aiadopt.services.workshops import list_departments, list_workshops


def test_sample_workshop_loads_in_one_go(fresh_db):
    workshop_id = sample.load_sample(fresh_db)
    rows = list_pain_points(fresh_db, workshop_id)
    assert len(rows) >= 30
    assert len(list_departments(fresh_db, workshop_id)) >= 4
    assert {r["data_sensitivity"] for r in rows} == {"green", "amber", "red"}


def test_broken_sample_file_leaves_the_database_unchanged(fresh_db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"workshop": {"name": "Half"}, "departments": [{"name": "Finance"}], '
        '"pain_points": [{"department": "Finance", "title": ""}]}'
    )
    with pytest.raises(ValidationError):
        sample.load_sample(fresh_db, broken)
    assert list_workshops(fresh_db, include_deleted=True) == []
