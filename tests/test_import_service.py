"""The import service: a checked upload becomes pain points in one go, or nothing is stored."""

from __future__ import annotations

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import importing
from aiadopt.services.capture import list_pain_points
from aiadopt.services.workshops import add_department, create_workshop, delete_department

CSV = (b"Department,Short title,How many times,Per,Minutes each time\n"
       b"Finance,Chasing approvals,5,week,20\n"
       b"sales,Re-typing orders,3,day,6\n")


def checked_upload():
    table = importing.read_upload(CSV, "survey.csv")
    return importing.check_rows(table, importing.suggest_mapping(table.columns), ["Finance", "Sales"])


@pytest.fixture
def workshop(fresh_db):
    workshop_id = create_workshop(fresh_db, name="Import day")
    departments = {name: add_department(fresh_db, workshop_id, name) for name in ("Finance", "Sales")}
    return fresh_db, workshop_id, departments


def test_checked_rows_are_imported_with_their_departments_and_marked_as_imported(workshop):
    db, workshop_id, _ = workshop
    report = checked_upload()
    assert report.ok
    ids = importing.import_pain_points(db, workshop_id, report.rows)
    rows = list_pain_points(db, workshop_id)
    assert len(ids) == 2
    assert [(r["title"], r["department"], r["source"]) for r in rows] == [
        ("Chasing approvals", "Finance", "import"), ("Re-typing orders", "Sales", "import")]


def test_a_department_deleted_after_the_check_stops_the_whole_import(workshop):
    db, workshop_id, departments = workshop
    report = checked_upload()
    delete_department(db, departments["Sales"])
    with pytest.raises(ValidationError):
        importing.import_pain_points(db, workshop_id, report.rows)
    assert list_pain_points(db, workshop_id) == []
