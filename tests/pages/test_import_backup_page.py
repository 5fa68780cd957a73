"""AppTest for the Import and the Back up pages: upload, mapping, report, confirm; back up, restore."""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain import importing
from aiadopt.services import backup, exports, sample
from aiadopt.services import importing as importing_service
from aiadopt.services.capture import count_pain_points, list_pain_points
from aiadopt.services.workshops import add_department, create_workshop, list_departments, list_workshops
from tests.apptest_helpers import facilitator_on
from tests.factories import make_workshop


def import_page(workshop_id):
    return facilitator_on("app_pages/import_pain_points.py", workshop_id)


def backup_page(workshop_id):
    return facilitator_on("app_pages/backup.py", workshop_id)


def small_workshop(db):
    """A workshop with the two departments the uploads name."""
    workshop_id, _ = make_workshop(db, name="Import day", department="Finance")
    add_department(db, workshop_id, "Sales")
    return workshop_id


def test_template_and_download_buttons_are_offered(file_db):
    workshop_id = small_workshop(file_db)
    app = import_page(workshop_id)
    assert not app.exception
    assert [b.label for b in app.get("download_button")] == ["Template (Excel)", "Template (CSV)"]
    app = backup_page(workshop_id)
    assert not app.exception
    assert [b.label for b in app.get("download_button")] == ["Download the backup"]


def test_import_of_a_clean_file_waits_for_confirmation_then_saves_all_rows(file_db):
    workshop_id = small_workshop(file_db)
    csv = (
        "Department;Short title;How many times;Per;Minutes each time;People who do it\n"
        "Finance;Chasing approvals;5;week;20;2\n"
        "sales;Re-typing orders;3;day;6;4\n"
    ).encode("utf-8-sig")
    app = import_page(workshop_id)
    app.file_uploader(key="import_file_0").upload("survey.csv", csv, "text/csv").run()
    assert not app.exception
    assert any("All 2 rows are ready" in s.value for s in app.success)
    assert count_pain_points(file_db, workshop_id) == 0  # nothing before confirming
    app.button(key="import_confirm").click().run()
    rows = list_pain_points(file_db, workshop_id)
    assert [(r["title"], r["department"], r["source"]) for r in rows] == [
        ("Chasing approvals", "Finance", "import"),
        ("Re-typing orders", "Sales", "import"),
    ]


def test_rows_with_problems_are_listed_and_block_the_import_until_skipped(file_db):
    workshop_id = small_workshop(file_db)
    csv = b"Dept,Title,Minutes\nFinance,Good row,10\nLegal,Unknown department,10\nFinance,Negative minutes,-4\n"
    app = import_page(workshop_id)
    app.file_uploader(key="import_file_0").upload("own-columns.csv", csv, "text/csv").run()
    problems = app.dataframe[1].value
    assert set(problems["Row"]) == {3, 4}
    assert app.button(key="import_confirm").disabled
    app.checkbox(key="import_file_0_skip").check().run()
    app.button(key="import_confirm").click().run()
    assert [r["title"] for r in list_pain_points(file_db, workshop_id)] == ["Good row"]


def test_unmatched_columns_can_be_mapped_by_hand(file_db):
    workshop_id = small_workshop(file_db)
    csv = b"Group,Topic,Effort\nFinance,Month-end pack by hand,240\n"
    app = import_page(workshop_id)
    app.file_uploader(key="import_file_0").upload("odd.csv", csv, "text/csv").run()
    assert app.button(key="import_confirm").disabled
    app.selectbox(key="import_file_0_map_title").select("Topic").run()
    app.selectbox(key="import_file_0_map_department").select("Group").run()
    app.selectbox(key="import_file_0_map_minutes_per_occurrence").select("Effort").run()
    app.button(key="import_confirm").click().run()
    (row,) = list_pain_points(file_db, workshop_id)
    assert (row["title"], row["minutes_per_occurrence"]) == ("Month-end pack by hand", 240)


def test_a_broken_file_gets_a_plain_message_and_changes_nothing(file_db):
    workshop_id = small_workshop(file_db)
    before = storage.table_counts(file_db)
    app = import_page(workshop_id)
    app.file_uploader(key="import_file_0").upload(
        "virus.xlsx", b"MZ\x90\x00" + bytes(300), "application/octet-stream"
    ).run()
    assert not app.exception
    assert app.error and "not" in app.error[0].value
    assert storage.table_counts(file_db) == before


def test_exported_pain_points_import_back_unchanged(file_db):
    source = sample.load_sample(file_db)
    target = create_workshop(file_db, name="Copy by spreadsheet")
    for department in list_departments(file_db, source):
        add_department(file_db, target, department["name"])
    data = exports.pain_points_to_csv(list_pain_points(file_db, source))
    app = import_page(target)
    app.file_uploader(key="import_file_0").upload("export.csv", data, "text/csv").run()
    app.button(key="import_confirm").click().run()
    fields = [c for c in importing.MAPPING_KEYS if c != "department"] + ["department"]
    original = [{f: r[f] for f in fields} for r in list_pain_points(file_db, source)]
    copied = [{f: r[f] for f in fields} for r in list_pain_points(file_db, target)]
    assert copied == original


def test_backup_restores_on_another_database_through_the_page(file_db, tmp_path):
    workshop_id = sample.load_sample(file_db)
    data = backup.backup_workshop(file_db, workshop_id)
    app = backup_page(workshop_id)
    app.file_uploader(key="restore_file_0").upload("backup.json", data, "application/json").run()
    assert any("already here" in w.value for w in app.warning)
    assert app.button(key="restore_confirm").disabled
    app.checkbox(key="restore_file_0_as_copy").check().run()
    app.button(key="restore_confirm").click().run()
    assert len(list_workshops(file_db)) == 2


def test_truncated_backup_is_refused_on_the_page(file_db):
    workshop_id = sample.load_sample(file_db)
    data = backup.backup_workshop(file_db, workshop_id)
    before = storage.table_counts(file_db)
    app = backup_page(workshop_id)
    app.file_uploader(key="restore_file_0").upload("backup.json", data[:5000], "application/json").run()
    assert any("incomplete or damaged" in e.value for e in app.error)
    assert storage.table_counts(file_db) == before


REAL_FILE = (
    b"Team,Problem,How often,Period,Minutes,People,customer_impact,error_share,Notes from the session\n"
    b"Accounts payable,Matching invoices to orders,40,week,6,3,yes,0.1,said twice\n"
    b"Claims,Re-keying claim forms,25,day,4,5,no,0.25,\n"
    b"accounts payable,Chasing approvals by email,10,week,15,2,Yes,0.05,urgent\n"
)


def test_a_real_file_imports_as_it_is_departments_words_and_shares(file_db, monkeypatch):
    """Issue 9, finding 8: with no departments set up every row was refused; yes/no and shares failed."""
    workshop_id = create_workshop(file_db, name="Real file day")
    reads = []
    real_read = importing_service.read_upload
    monkeypatch.setattr(importing_service, "read_upload", lambda *a: reads.append(a) or real_read(*a))
    app = import_page(workshop_id)
    app.file_uploader(key="import_file_0").upload("session.csv", REAL_FILE, "text/csv").run()
    assert not app.exception
    assert any("2 departments this workshop does not have: Accounts payable, Claims" in i.value for i in app.info)
    assert any("Notes from the session" in c.value and "Not imported" in c.value for c in app.caption)
    assert any("read as percentages" in c.value for c in app.caption)
    app.button(key="import_file_0_create_departments").click().run()
    assert [d["name"] for d in list_departments(file_db, workshop_id)] == ["Accounts payable", "Claims"]
    assert any("All 3 rows are ready" in s.value for s in app.success)
    app.button(key="import_confirm").click().run()
    rows = {r["title"]: r for r in list_pain_points(file_db, workshop_id)}
    assert rows["Matching invoices to orders"]["customer_impact"] == 2  # yes: customers wait or complain
    assert rows["Re-keying claim forms"]["customer_impact"] == 0
    assert rows["Matching invoices to orders"]["error_rate_pct"] == 10
    assert rows["Re-keying claim forms"]["error_rate_pct"] == 25
    assert len(reads) == 1  # read once, not at every click on the page
