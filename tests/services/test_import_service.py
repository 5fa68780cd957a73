"""The import service: a checked upload becomes pain points in one go, or nothing is stored."""

from __future__ import annotations

import pytest

from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import importing
from aiadopt.services.capture import list_pain_points
from aiadopt.services.workshops import add_department, delete_department
from tests.factories import make_workshop

CSV = (
    b"Department,Short title,How many times,Per,Minutes each time\n"
    b"Finance,Chasing approvals,5,week,20\n"
    b"sales,Re-typing orders,3,day,6\n"
)


def checked_upload():
    table = importing.read_upload(CSV, "survey.csv")
    return importing.check_rows(table, importing.suggest_mapping(table.columns), ["Finance", "Sales"])


@pytest.fixture
def import_day(fresh_db):
    """A workshop with the departments the upload names: (db, workshop id, {name: department id})."""
    workshop_id, finance = make_workshop(fresh_db, name="Import day", department="Finance")
    departments = {"Finance": finance, "Sales": add_department(fresh_db, workshop_id, "Sales")}
    return fresh_db, workshop_id, departments


def test_checked_rows_are_imported_with_their_departments_and_marked_as_imported(import_day):
    db, workshop_id, _ = import_day
    report = checked_upload()
    assert report.ok
    ids = importing.import_pain_points(db, workshop_id, report.rows)
    rows = list_pain_points(db, workshop_id)
    assert len(ids) == 2
    assert [(r["title"], r["department"], r["source"]) for r in rows] == [
        ("Chasing approvals", "Finance", "import"),
        ("Re-typing orders", "Sales", "import"),
    ]


def test_a_department_deleted_after_the_check_stops_the_whole_import(import_day):
    db, workshop_id, departments = import_day
    report = checked_upload()
    delete_department(db, departments["Sales"])
    with pytest.raises(ValidationError):
        importing.import_pain_points(db, workshop_id, report.rows)
    assert list_pain_points(db, workshop_id) == []


def test_an_import_sent_twice_stores_its_rows_once(fresh_db):
    """Issue 9, finding 6: a resent submit must never store a second set of rows."""
    from aiadopt.services.capture import count_pain_points
    from aiadopt.services.importing import import_pain_points
    from tests.factories import make_workshop, pain_point_fields

    workshop_id, _ = make_workshop(fresh_db, department="Finance")
    rows = [pain_point_fields(title=f"Task {n}") | {"department": "Finance"} for n in range(3)]
    first = import_pain_points(fresh_db, workshop_id, rows)
    assert import_pain_points(fresh_db, workshop_id, rows) == first
    assert count_pain_points(fresh_db, workshop_id) == 3
