"""Storage: schema and migrations, soft deletion, the change log, bad input, concurrency."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from aiadopt import storage
from aiadopt.domain.workshops import JOIN_CODE_LENGTH
from aiadopt.services.errors import Closed, NotAllowed, NotFound
from aiadopt.storage import connection, schema

from aiadopt.services import sample
from aiadopt.domain.pain_points import ValidationError, build_pain_point
from aiadopt.services.capture import add_pain_point, add_pain_points, bulk_update_pain_points, count_pain_points, delete_pain_points, get_pain_point, list_pain_points, restore_pain_points, update_pain_point
from aiadopt.services.participants import participant_actor, register_participant, workshop_for_join_code
from aiadopt.services.workshops import add_department, create_workshop, delete_department, delete_workshop, get_workshop, list_changes, list_departments, list_guide, list_workshops, replace_guide, reset_guide, restore_workshop, update_workshop

VALID = {"title": "Chasing missing timesheets", "frequency_count": 3, "frequency_period": "week",
         "minutes_per_occurrence": 20, "people_count": 2}


@pytest.fixture
def workshop(fresh_db):
    workshop_id = create_workshop(fresh_db, name="Operations discovery", organisation="Acme")
    department_id = add_department(fresh_db, workshop_id, "Finance")
    return fresh_db, workshop_id, department_id


def add(db, workshop_id, department_id, **changes) -> int:
    return add_pain_point(db, build_pain_point(VALID | changes, workshop_id=workshop_id,
                                                       department_id=department_id))


def test_migrations_applied_twice_are_harmless(db_file):
    db = storage.connect(db_file)
    first = storage.schema_version(db)
    storage.forget_migrated(db_file)
    db = storage.connect(db_file)
    storage.migrate(db)
    assert storage.schema_version(db) == first
    assert len(first) == len(schema.migrations._migrations)


def test_database_file_uses_wal_busy_timeout_and_foreign_keys(file_db):
    assert file_db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_db.execute("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS
    assert file_db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_new_workshop_gets_a_join_code_and_its_own_guide(workshop):
    db, workshop_id, _ = workshop
    row = get_workshop(db, workshop_id)
    assert len(row["join_code"]) == JOIN_CODE_LENGTH
    assert workshop_for_join_code(db, row["join_code"].lower())["id"] == workshop_id
    assert len(list_guide(db, workshop_id)) == 8


def test_stored_pain_point_has_every_field_and_derived_hours(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = add(db, workshop_id, department_id, kpi_metric="minutes per timesheet", kpi_baseline=40,
                        kpi_target=10, data_sensitivity="amber")
    row = list_pain_points(db, workshop_id)[0]
    assert row["id"] == pain_point_id
    assert row["department"] == "Finance"
    assert row["occurrences_per_year"] == 150
    assert row["hours_per_year"] == pytest.approx(150 * 20 * 2 / 60)
    assert (row["kpi_baseline"], row["kpi_target"], row["data_sensitivity"]) == (40, 10, "amber")


def test_deleted_pain_point_is_hidden_and_can_be_restored(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = add(db, workshop_id, department_id)
    delete_pain_points(db, [pain_point_id])
    assert list_pain_points(db, workshop_id) == []
    assert [r["id"] for r in list_pain_points(db, workshop_id, deleted=True)] == [pain_point_id]
    assert restore_pain_points(db, [pain_point_id]) == [pain_point_id]
    assert [r["id"] for r in list_pain_points(db, workshop_id)] == [pain_point_id]


def test_every_change_is_logged_and_the_log_cannot_be_rewritten(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = add(db, workshop_id, department_id)
    update_pain_point(db, pain_point_id, {"minutes_per_occurrence": 30}, actor="facilitator")
    delete_pain_points(db, [pain_point_id])
    actions = [(c["action"], c["entity"]) for c in list_changes(db, workshop_id)]
    assert actions[:3] == [("delete", "pain_point"), ("update", "pain_point"), ("create", "pain_point")]
    update = list_changes(db, workshop_id)[1]
    assert '"minutes_per_occurrence": [20.0, 30.0]' in update["changes"]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE change_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM change_log")


@pytest.mark.parametrize(
    "changes",
    [{"minutes_per_occurrence": -1}, {"title": "   "}, {"frequency_count": "many"}, {"people_count": 0},
     {"description": "z" * 100_000}],
)
def test_bad_edit_leaves_the_database_unchanged(workshop, changes):
    db, workshop_id, department_id = workshop
    pain_point_id = add(db, workshop_id, department_id)
    before = get_pain_point(db, pain_point_id), storage.table_counts(db)
    with pytest.raises(ValidationError):
        update_pain_point(db, pain_point_id, changes)
    assert (get_pain_point(db, pain_point_id), storage.table_counts(db)) == before


def test_database_refuses_impossible_values_even_past_validation(workshop):
    db, workshop_id, department_id = workshop
    pain_point_id = add(db, workshop_id, department_id)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE pain_points SET minutes_per_occurrence = -4 WHERE id = ?", [pain_point_id])


def test_participant_cannot_edit_or_delete_someone_elses_entry(workshop):
    db, workshop_id, department_id = workshop
    alice = register_participant(db, workshop_id)
    bob = register_participant(db, workshop_id)
    pain_point_id = add_pain_point(db, build_pain_point(
        VALID, workshop_id=workshop_id, department_id=department_id, participant_id=alice["id"], source="participant"))
    with pytest.raises(NotAllowed):
        update_pain_point(db, pain_point_id, {"title": "Hijacked"}, participant_id=bob["id"])
    with pytest.raises(NotAllowed):
        delete_pain_points(db, [pain_point_id], participant_id=bob["id"])
    assert get_pain_point(db, pain_point_id)["title"] == VALID["title"]
    assert list_pain_points(db, workshop_id, participant_id=bob["id"]) == []


@pytest.mark.parametrize("code", ["", "   ", "NOPE42", "x" * 500, "<script>", "'; DROP TABLE workshops; --"])
def test_unknown_join_code_gets_a_plain_message(workshop, code):
    db, _, _ = workshop
    with pytest.raises(NotFound) as raised:
        workshop_for_join_code(db, code)
    assert "code" in str(raised.value)


def test_closed_or_deleted_workshop_refuses_its_join_code(workshop):
    db, workshop_id, _ = workshop
    code = get_workshop(db, workshop_id)["join_code"]
    update_workshop(db, workshop_id, {"is_open": False})
    with pytest.raises(Closed, match="closed"):
        workshop_for_join_code(db, code)
    update_workshop(db, workshop_id, {"is_open": True})
    delete_workshop(db, workshop_id)
    with pytest.raises(NotFound, match="no longer exists"):
        workshop_for_join_code(db, code)
    restore_workshop(db, workshop_id)
    assert workshop_for_join_code(db, code)["id"] == workshop_id


def test_pain_point_for_a_deleted_department_is_refused(workshop):
    db, workshop_id, department_id = workshop
    delete_department(db, department_id)
    before = storage.table_counts(db)
    with pytest.raises(ValidationError):
        add(db, workshop_id, department_id)
    assert storage.table_counts(db) == before


def test_pain_point_for_a_deleted_workshop_is_refused(workshop):
    db, workshop_id, department_id = workshop
    delete_workshop(db, workshop_id)
    before = storage.table_counts(db)
    with pytest.raises(NotFound):
        add(db, workshop_id, department_id)
    assert storage.table_counts(db) == before


def test_department_names_are_unique_within_a_workshop(workshop):
    db, workshop_id, _ = workshop
    with pytest.raises(ValidationError):
        add_department(db, workshop_id, " finance ")
    with pytest.raises(ValidationError):
        add_department(db, workshop_id, "")


def test_batch_of_pain_points_is_all_or_nothing(workshop):
    db, workshop_id, department_id = workshop
    good = build_pain_point(VALID, workshop_id=workshop_id, department_id=department_id)
    orphan = build_pain_point(VALID, workshop_id=workshop_id, department_id=department_id + 99)
    with pytest.raises(ValidationError):
        add_pain_points(db, [good, orphan])
    assert count_pain_points(db, workshop_id) == 0


def test_bulk_edit_changes_every_selected_pain_point(workshop):
    db, workshop_id, department_id = workshop
    ids = [add(db, workshop_id, department_id, title=f"Pain point {n}") for n in range(4)]
    assert bulk_update_pain_points(db, ids[:3], {"data_sensitivity": "red"}) == 3
    classes = [r["data_sensitivity"] for r in list_pain_points(db, workshop_id)]
    assert classes == ["red", "red", "red", "green"]


def test_guide_edits_are_kept_per_workshop_and_default_can_come_back(workshop):
    db, workshop_id, _ = workshop
    replace_guide(db, workshop_id, [{"theme": "Handovers", "question": "Where do handovers fail?",
                                             "follow_ups": "Who receives it?"}])
    assert [q["theme"] for q in list_guide(db, workshop_id)] == ["Handovers"]
    with pytest.raises(ValidationError):
        replace_guide(db, workshop_id, [{"theme": "", "question": ""}])
    assert reset_guide(db, workshop_id) == 8


def test_sample_workshop_loads_in_one_go(fresh_db):
    workshop_id = sample.load_sample(fresh_db)
    rows = list_pain_points(fresh_db, workshop_id)
    assert len(rows) >= 30
    assert len(list_departments(fresh_db, workshop_id)) >= 4
    assert {r["data_sensitivity"] for r in rows} == {"green", "amber", "red"}


def test_broken_sample_file_leaves_the_database_unchanged(fresh_db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"workshop": {"name": "Half"}, "departments": [{"name": "Finance"}], '
                      '"pain_points": [{"department": "Finance", "title": ""}]}')
    with pytest.raises(ValidationError):
        sample.load_sample(fresh_db, broken)
    assert list_workshops(fresh_db, include_deleted=True) == []


def test_concurrent_participants_lose_no_pain_point(db_file):
    db = storage.connect(db_file)
    workshop_id = create_workshop(db, name="Busy room")
    department_id = add_department(db, workshop_id, "Operations")
    writers, per_writer = 40, 10
    failures: list[BaseException] = []
    start = threading.Barrier(writers)

    def participant(number: int) -> None:
        try:
            own = storage.connect(db_file)  # one connection per session thread, as Streamlit does
            person = register_participant(own, workshop_id)
            start.wait()
            for entry in range(per_writer):
                add_pain_point(own, build_pain_point(
                    VALID | {"title": f"Writer {number} entry {entry}"}, workshop_id=workshop_id,
                    department_id=department_id, participant_id=person["id"], source="participant"),
                    actor=participant_actor(person["id"]))
        except BaseException as failure:  # noqa: BLE001 - every failure is a lost write
            failures.append(failure)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    titles = {r["title"] for r in list_pain_points(db, workshop_id)}
    assert titles == {f"Writer {n} entry {e}" for n in range(writers) for e in range(per_writer)}
    assert len(list_changes(db, workshop_id, limit=10_000)) >= writers * per_writer
