"""Issue 18, item 3: an import knows what is already in the workshop.

Found by a facilitator: the same 18-row file imported twice doubled the workshop, silently.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from aiadopt import storage
from aiadopt.domain.import_matches import fingerprint
from aiadopt.domain.pain_points import hours_lost_per_year
from aiadopt.services import backup, importing, privacy
from aiadopt.services.capture import count_pain_points, delete_pain_points, list_pain_points
from aiadopt.services.errors import NotFound
from aiadopt.services.workshops import add_department, delete_workshop, list_changes
from tests.factories import make_workshop

HEADINGS = "Department,Short title,What goes wrong,How many times,Per,Minutes each time,People who do it\n"
TASKS = [f"Task number {n}" for n in range(18)]


def survey(minutes: int = 20, extra: str = "") -> bytes:
    """An 18-row file as a facilitator brings it: two departments, a title and description each."""
    lines = [
        f"{'Finance' if n % 2 else 'Sales'},{title},It takes a while (case {n}).,{n + 1},week,{minutes},2\n"
        for n, title in enumerate(TASKS)
    ]
    return (HEADINGS + "".join(lines) + extra).encode()


@pytest.fixture
def import_day(fresh_db):
    workshop_id, _ = make_workshop(fresh_db, name="Import day", department="Finance")
    add_department(fresh_db, workshop_id, "Sales")
    return fresh_db, workshop_id


def checked(db, workshop_id, data: bytes) -> importing.ImportReport:
    table = importing.read_upload(data, "survey.csv")
    return importing.check_upload(db, workshop_id, table, importing.suggest_mapping(table.columns))


def hours(db, workshop_id) -> float:
    return sum(r["hours_per_year"] for r in list_pain_points(db, workshop_id))


def age_everything(db, minutes: int = 30) -> None:
    """Move the stored pain points back in time, past capture's 10-minute rule for a resent import."""
    earlier = (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="microseconds")
    db.execute("UPDATE pain_points SET created_at = ?", [earlier])


def test_the_same_file_imported_twice_says_so_and_adds_nothing(import_day):
    db, workshop_id = import_day
    first = checked(db, workshop_id, survey())
    assert (len(first.rows), first.already, first.imported_before) == (18, [], [])
    assert len(importing.import_checked(db, workshop_id, first).added) == 18
    before = hours(db, workshop_id)
    assert before == pytest.approx(sum(hours_lost_per_year(n + 1, "week", 20, 2) for n in range(18)))
    age_everything(db)  # a day later, say: the resend rule no longer applies

    second = checked(db, workshop_id, survey())
    assert second.rows == [] and len(second.already) == 18
    assert importing.imported_before_message(second).startswith("This file was already imported on ")
    assert importing.imported_before_message(second).endswith(": 18 of its rows are already in this workshop.")
    assert importing.summary(second) == ("info", "Nothing new to import. Left out: 18 already in this workshop.")
    result = importing.import_checked(db, workshop_id, second)
    assert (result.added, result.updated) == ([], [])
    assert count_pain_points(db, workshop_id) == 18
    assert hours(db, workshop_id) == pytest.approx(before)


def test_a_new_copy_of_the_file_with_one_more_row_adds_only_that_row(import_day):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey()))
    age_everything(db)
    longer = checked(db, workshop_id, survey(extra="Finance,Month-end pack by hand,,1,month,240,1\n"))
    assert longer.imported_before == []  # other bytes: another file, yet its rows are known
    assert [r["title"] for r in longer.rows] == ["Month-end pack by hand"] and len(longer.already) == 18
    assert len(importing.import_checked(db, workshop_id, longer).added) == 1
    assert count_pain_points(db, workshop_id) == 19


def test_other_numbers_update_the_stored_pain_points_only_when_asked(import_day):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey(minutes=20)))
    corrected = checked(db, workshop_id, survey(minutes=25))
    assert corrected.rows == [] and len(corrected.updatable) == 18
    assert importing.import_checked(db, workshop_id, corrected).updated == []
    assert {r["minutes_per_occurrence"] for r in list_pain_points(db, workshop_id)} == {20}
    result = importing.import_checked(db, workshop_id, checked(db, workshop_id, survey(minutes=25)), update=True)
    assert (len(result.added), len(result.updated)) == (0, 18)
    assert {r["minutes_per_occurrence"] for r in list_pain_points(db, workshop_id)} == {25}
    assert count_pain_points(db, workshop_id) == 18
    assert [c["action"] for c in list_changes(db, workshop_id)][:18] == ["update"] * 18  # each change logged


def test_import_again_anyway_adds_them_as_new_pain_points(import_day):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey()))
    age_everything(db)
    result = importing.import_checked(db, workshop_id, checked(db, workshop_id, survey()), again=True)
    assert len(result.added) == 18
    assert count_pain_points(db, workshop_id) == 36
    third = checked(db, workshop_id, survey())
    assert len(third.already) == 18 and len(third.imported_before) == 2  # each stored row answers once
    assert importing.imported_before_message(third).startswith("This file was already imported 2 times, last on")


def test_a_deleted_pain_point_is_already_there_and_is_not_brought_back(import_day):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey()))
    gone = list_pain_points(db, workshop_id)[0]
    delete_pain_points(db, [gone["id"]])
    age_everything(db)
    report = checked(db, workshop_id, survey(minutes=30))
    deleted = [a for a in report.already if a.deleted]
    assert [a.pain_point_id for a in deleted] == [gone["id"]]
    assert len(report.updatable) == 17  # a deleted one is never updated: restore it first
    importing.import_checked(db, workshop_id, report, update=True)
    assert count_pain_points(db, workshop_id) == 17


def test_a_failed_import_keeps_nothing_not_even_the_file(import_day):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey(minutes=20)))
    report = checked(db, workshop_id, survey(minutes=25, extra="Finance,Month-end pack by hand,,1,month,240,1\n"))
    target = report.updatable[0].pain_point_id
    delete_pain_points(db, [target])  # someone deletes it between the check and the import
    with pytest.raises(NotFound):
        importing.import_checked(db, workshop_id, report, update=True)
    assert count_pain_points(db, workshop_id) == 17
    assert {r["minutes_per_occurrence"] for r in list_pain_points(db, workshop_id)} == {20}
    assert storage.imports.earlier(db, workshop_id, report.fingerprint) == []
    assert len(storage.imports.earlier(db, workshop_id, fingerprint(survey(minutes=20)))) == 1  # the first file


def test_the_file_is_remembered_per_workshop(import_day):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey()))
    other, _ = make_workshop(db, name="Another day", department="Finance")
    add_department(db, other, "Sales")
    elsewhere = checked(db, other, survey())
    assert (elsewhere.imported_before, elsewhere.already, len(elsewhere.rows)) == ([], [], 18)


def test_backups_leave_the_record_of_imported_files_behind_and_the_rows_still_protect(import_day, other_db):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey()))
    data = backup.backup_workshop(db, workshop_id)
    assert "imported_files" not in json.loads(data)["tables"]
    restored = backup.restore_workshop(other_db, data)
    report = checked(other_db, restored, survey())
    assert report.imported_before == [] and len(report.already) == 18 and report.rows == []


def test_purging_a_deleted_workshop_removes_its_imported_files(import_day):
    db, workshop_id = import_day
    importing.import_checked(db, workshop_id, checked(db, workshop_id, survey()))
    delete_workshop(db, workshop_id)
    long_ago = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    db.execute("UPDATE workshops SET deleted_at = ? WHERE id = ?", [long_ago, workshop_id])
    assert privacy.purge_deleted(db, older_than_days=30)["workshops"] == 1
    assert db.execute("SELECT count(*) FROM imported_files").fetchone()[0] == 0
