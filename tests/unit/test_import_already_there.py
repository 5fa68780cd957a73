"""Issue 18, item 3: an import knows what the workshop already holds (pure rules, plain data)."""

from __future__ import annotations

import pytest

from aiadopt.domain.import_matches import fingerprint, identity
from aiadopt.domain.importing import (
    ImportReport,
    check_rows,
    imported_before_message,
    suggest_mapping,
    summary,
    when,
)
from aiadopt.formats.table_reader import read_table

DEPARTMENTS = ["Finance", "HR"]
HEADINGS = "Department,Short title,What goes wrong,How many times,Per,Minutes each time,People who do it,Owner"


def frame(*lines: str):
    return read_table("\n".join([HEADINGS, *lines]).encode(), "x.csv")


def stored(pain_point_id: int, department: str = "Finance", deleted: bool = False, **values) -> dict:
    """A stored pain point as storage lists it: its columns and its department's name."""
    row = {
        "id": pain_point_id,
        "department": department,
        "title": "Chasing approvals",
        "description": "Orders wait for a second signature.",
        "frequency_count": 5.0,
        "frequency_period": "week",
        "minutes_per_occurrence": 20.0,
        "people_count": 2,
        "owner_name": "",
        "deleted_at": "2026-11-30T10:00:00+00:00" if deleted else None,
    }
    return row | values


def check(table, stored_rows):
    return check_rows(table, suggest_mapping(table.columns), DEPARTMENTS, stored=stored_rows)


SAME = "Finance,Chasing approvals,Orders wait for a second signature.,5,week,20,2,"


@pytest.mark.parametrize(
    "line",
    [
        SAME,
        "finance,  CHASING   approvals ,orders wait for a second SIGNATURE.,5.0,Week,20,2,",
        "Finance,Chasing approvals,Orders wait for a second signature.,5,weekly,20,2,Jo Park",  # names not compared
    ],
)
def test_a_row_the_workshop_holds_is_set_aside_as_the_same_whatever_spaces_case_and_names(line):
    report = check(frame(line), [stored(7)])
    assert report.ok and report.rows == []
    ((already,),) = [report.already]
    assert (already.row, already.pain_point_id, already.deleted, already.differences) == (2, 7, False, ())
    assert already.description() == "the same values"
    assert summary(report) == ("info", "Nothing new to import. Left out: 1 already in this workshop.")


def test_the_same_text_with_other_numbers_is_an_update_candidate_not_a_new_row():
    report = check(frame("Finance,Chasing approvals,Orders wait for a second signature.,5,week,25,3,"), [stored(7)])
    assert report.rows == []
    (already,) = report.already
    assert already.changes() == {"minutes_per_occurrence": 25.0, "people_count": 3}
    assert report.updatable == [already]
    assert already.description() == (
        "other values: Minutes each time 20 in the workshop, 25 in the file; "
        "People who do it 2 in the workshop, 3 in the file"
    )
    assert report.planned() == ([], [])
    assert report.planned(update=True) == ([], [already])
    rows, updates = report.planned(again=True, update=True)  # again wins: added as new, nothing changed
    assert [r["minutes_per_occurrence"] for r in rows] == [25] and updates == []


def test_another_department_or_another_description_is_a_new_row():
    report = check(
        frame(
            "HR,Chasing approvals,Orders wait for a second signature.,5,week,20,2,",
            "Finance,Chasing approvals,Invoices wait for a second signature.,5,week,20,2,",
        ),
        [stored(7)],
    )
    assert report.already == [] and report.row_numbers == [2, 3]
    assert summary(report) == ("success", "All 2 rows are ready to import.")


def test_a_file_without_descriptions_is_compared_on_department_and_title():
    table = read_table(b"Department,Short title,Minutes each time\nFinance,chasing approvals,20\n", "x.csv")
    report = check(table, [stored(7)])
    assert [a.pain_point_id for a in report.already] == [7]
    assert identity("Finance", {"title": "Chasing  Approvals"}, ["title"]) == ("finance", "chasing approvals")


def test_each_stored_pain_point_answers_for_one_row_only_the_same_values_first():
    """Two people reported the same work (other numbers): two rows, two stored pain points, a third row is new."""
    lines = [SAME, "Finance,Chasing approvals,Orders wait for a second signature.,5,week,40,2,"]
    report = check(frame(*lines, lines[0].replace(",2,", ",9,")), [stored(3, minutes_per_occurrence=40.0), stored(4)])
    assert [(a.row, a.pain_point_id, bool(a.differences)) for a in report.already] == [(2, 4, False), (3, 3, False)]
    assert report.row_numbers == [4]


def test_a_deleted_pain_point_is_already_there_and_never_offered_for_an_update():
    report = check(
        frame("Finance,Chasing approvals,Orders wait for a second signature.,5,week,25,2,"), [stored(7, deleted=True)]
    )
    (already,) = report.already
    assert already.deleted and report.updatable == []
    assert already.description().startswith("deleted (restore it from Deleted on the Pain points page); Minutes")
    assert len(report.planned(again=True)[0]) == 1


def test_rows_with_problems_are_not_compared_and_the_summary_counts_both():
    report = check(
        frame(SAME, "Finance,Chasing approvals,Orders wait for a second signature.,lots,week,20,2,"), [stored(7)]
    )
    assert [p[0] for p in report.problems] == [3]
    assert summary(report) == (
        "warning",
        "0 of 2 rows are ready; 1 rows have problems, listed below. Left out: 1 already in this workshop.",
    )
    assert list(report.already_table().columns) == ["Row", "Department", "Short title", "In this workshop"]
    assert report.already_table().values.tolist() == [[2, "Finance", "Chasing approvals", "the same values"]]


def test_a_file_imported_before_is_named_with_its_date_and_how_many_of_its_rows_are_there():
    report = check(frame(SAME, "Finance,Month-end pack,,1,month,240,1,"), [stored(7)])
    assert imported_before_message(report) is None
    report.imported_before = ["2026-12-02T16:30:53.000001+00:00"]
    assert imported_before_message(report) == (
        "This file was already imported on 2 December 2026 at 16:30 UTC: 1 of its rows is already in this workshop."
    )
    report.imported_before.append("2026-12-03T09:05:00+00:00")
    assert imported_before_message(report).startswith("This file was already imported 2 times, last on 3 December")
    unchecked = ImportReport(imported_before=["2026-12-02T16:30:00+00:00"])
    assert imported_before_message(unchecked) == "This file was already imported on 2 December 2026 at 16:30 UTC."
    nothing_left = check(frame("Finance,Month-end pack,,1,month,240,1,"), [])
    nothing_left.imported_before = ["2026-12-02T16:30:00+00:00"]
    assert imported_before_message(nothing_left).endswith(": none of its rows is in this workshop now.")


def test_the_same_bytes_give_the_same_fingerprint_and_one_byte_changes_it():
    assert fingerprint(b"a,b\n1,2\n") == fingerprint(b"a,b\n1,2\n")
    assert fingerprint(b"a,b\n1,2\n") != fingerprint(b"a,b\n1,3\n")
    assert when("2026-01-05T23:59:00+00:00") == "5 January 2026 at 23:59 UTC"
