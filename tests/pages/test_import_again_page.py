"""Issue 18, item 3 on the Import page: a file imported twice is named before anything is written."""

from __future__ import annotations

from aiadopt.services.capture import count_pain_points, list_pain_points
from aiadopt.services.workshops import add_department
from tests.apptest_helpers import facilitator_on
from tests.factories import make_workshop

SURVEY = (
    b"Department,Short title,What goes wrong,How many times,Per,Minutes each time,People who do it\n"
    b"Finance,Chasing approvals,Orders wait for a second signature.,5,week,20,2\n"
    b"Sales,Re-typing orders,Each order is typed twice.,3,day,6,4\n"
)


def import_page(db):
    workshop_id, _ = make_workshop(db, name="Import day", department="Finance")
    add_department(db, workshop_id, "Sales")
    return workshop_id, facilitator_on("app_pages/import_pain_points.py", workshop_id)


def upload(app, key: str, data: bytes, name: str = "survey.csv"):
    app.file_uploader(key=key).upload(name, data, "text/csv").run()
    assert not app.exception
    return app


def test_the_same_file_a_second_time_is_named_and_nothing_is_imported_unless_asked(file_db):
    workshop_id, app = import_page(file_db)
    upload(app, "import_file_0", SURVEY)
    assert not any("already imported" in w.value for w in app.warning)
    app.button(key="import_confirm").click().run()
    assert count_pain_points(file_db, workshop_id) == 2

    upload(app, "import_file_1", SURVEY)  # a fresh upload box after the import
    assert any(
        w.value.startswith("This file was already imported on ")
        and w.value.endswith(": 2 of its rows are already in this workshop.")
        for w in app.warning
    )
    assert any("Nothing new to import" in i.value for i in app.info)
    assert not any("ready to import" in s.value for s in app.success)
    already = app.dataframe[1].value
    assert list(already["Row"]) == [2, 3] and set(already["In this workshop"]) == {"the same values"}
    confirm = app.button(key="import_confirm")
    assert confirm.disabled and confirm.label == "Import 0 pain points"
    app.checkbox(key="import_file_1_again").check().run()
    assert not app.button(key="import_confirm").disabled
    assert app.button(key="import_confirm").label == "Import 2 pain points"
    app.checkbox(key="import_file_1_again").uncheck().run()
    assert app.button(key="import_confirm").disabled
    assert count_pain_points(file_db, workshop_id) == 2  # nothing was written by the check


def test_other_numbers_for_the_same_pain_points_update_them_when_asked(file_db):
    workshop_id, app = import_page(file_db)
    upload(app, "import_file_0", SURVEY)
    app.button(key="import_confirm").click().run()
    upload(app, "import_file_1", SURVEY.replace(b",20,2\n", b",25,3\n"), "corrected.csv")
    assert not any("already imported" in w.value for w in app.warning)  # other bytes, another file
    already = app.dataframe[1].value
    assert already["In this workshop"][0] == (
        "other values: Minutes each time 20 in the workshop, 25 in the file; "
        "People who do it 2 in the workshop, 3 in the file"
    )
    app.checkbox(key="import_file_1_update").check().run()
    assert app.button(key="import_confirm").label == "Update 1 pain points"
    app.button(key="import_confirm").click().run()
    assert any("Updated 1 pain points in Import day." in s.value for s in app.success)
    rows = {r["title"]: r for r in list_pain_points(file_db, workshop_id)}
    assert (rows["Chasing approvals"]["minutes_per_occurrence"], rows["Chasing approvals"]["people_count"]) == (25, 3)
    assert count_pain_points(file_db, workshop_id) == 2


def test_a_row_the_file_repeats_is_named_and_left_out(file_db):
    workshop_id, app = import_page(file_db)
    upload(
        app, "import_file_0", SURVEY + b"finance,  chasing approvals,Orders wait for a second signature.,5,week,20,2\n"
    )
    assert any("row 4 repeats row 2" in c.value for c in app.caption)
    assert any("2 new rows are ready to import" in i.value for i in app.info)
    app.button(key="import_confirm").click().run()
    assert count_pain_points(file_db, workshop_id) == 2


def test_a_file_written_with_decimal_commas_is_read_that_way_and_the_page_says_so(file_db):
    """A German or Spanish spreadsheet: semicolons between cells, 1.200 times a year, 7,5 minutes."""
    workshop_id, app = import_page(file_db)
    survey = (
        b"Department;Short title;How many times;Per;Minutes each time;People who do it\n"
        b"Finance;Chasing approvals;1.200;year;7,5;2\n"
        b"Sales;Re-typing orders;3;day;6;4\n"
    )
    upload(app, "import_file_0", survey)
    assert any("decimal comma" in c.value and "1250½" in c.value for c in app.caption)
    app.button(key="import_confirm").click().run()
    stored = {p["title"]: p for p in list_pain_points(file_db, workshop_id)}
    assert stored["Chasing approvals"]["frequency_count"] == 1200
    assert stored["Chasing approvals"]["minutes_per_occurrence"] == 7.5
