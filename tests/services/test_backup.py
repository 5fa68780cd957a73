"""Backup and restore: lossless, checked whole, never overwriting."""

from __future__ import annotations

import hashlib
import json

import pytest

from aiadopt import storage
from aiadopt.domain.pain_points import ValidationError
from aiadopt.formats import backup_file
from aiadopt.services import backup
from aiadopt.services.audit import mark_theme
from aiadopt.services.capture import count_pain_points, delete_pain_points, list_pain_points
from aiadopt.services.charters import charter_key, save_charter
from aiadopt.services.consolidation import candidate_groups, merge_pain_points, reject_duplicate
from aiadopt.services.participants import participant_for_token
from aiadopt.services.pilots import record_measurement, set_gate, start_pilot
from aiadopt.services.room import open_phase
from aiadopt.services.voting import set_participant_votes, votes_by_pain_point
from aiadopt.services.weight_sets import save_weight_set
from aiadopt.services.workshops import (
    get_workshop,
    list_departments,
    list_workshops,
    start_interview,
    update_interview_notes,
)
from tests.factories import load_sample_workshop, make_participant, make_workshop


@pytest.fixture
def busy_workshop(fresh_db):
    """The sample workshop with merges, a rejection, votes, weights, a charter and deletions."""
    db = fresh_db
    workshop_id, ids = load_sample_workshop(db)
    interview_id = start_interview(db, workshop_id, list_departments(db, workshop_id)[0]["id"])
    update_interview_notes(db, interview_id, "Notes with ünïcödé and 🚚")
    mark_theme(db, interview_id, "Customer pain", "nothing_found")
    candidate_id = merge_pain_points(db, workshop_id, ids[:3], title="Approvals")
    reject_duplicate(db, workshop_id, ids[4], ids[5])
    open_phase(db, workshop_id, "vote")
    person = make_participant(db, workshop_id)
    set_participant_votes(db, workshop_id, person["id"], {ids[0]: 2, ids[6]: 1})
    save_weight_set(db, workshop_id, "Board", {"time_recoverable": 2.0}, {"red_data": "exclude"})
    save_charter(db, workshop_id, charter_key(candidate_id), {"owner": "Priya"})
    delete_pain_points(db, [ids[10]])
    charter = {"title": "Approvals", "kpi_metric": "cycle time", "kpi_unit": "days", "kpi_baseline": 6, "kpi_target": 2}
    pilot_id = start_pilot(db, workshop_id, charter_key(candidate_id), charter | {"hours_per_year": 120}, "2026-01-05")
    record_measurement(db, pilot_id, 4, "2026-02-02", hours=80, note="first month")
    set_gate(db, pilot_id, 1, "passed", decided_on="2026-01-20", evidence="map agreed", decider="Priya")
    return db, workshop_id


def comparable(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The rows, by id; participants' token hashes left out (a restore never carries them)."""
    return {
        t: sorted(
            ({k: v for k, v in r.items() if (t, k) != ("participants", "token")} for r in rows), key=lambda r: r["id"]
        )
        for t, rows in tables.items()
    }


def test_a_backup_carries_no_token_and_old_links_open_nothing_after_a_restore(busy_workshop, other_db):
    """Issue 9, finding 2: a backup let its holder open anyone's personal link."""
    db, workshop_id = busy_workshop
    person = make_participant(db, workshop_id)
    data = backup.backup_workshop(db, workshop_id)
    stored = [r["token"] for r in storage.copies.workshop_rows(db, workshop_id)["participants"]]
    assert person["token"].encode() not in data
    assert not any(token and token.encode() in data for token in stored)
    assert person["token"] not in stored  # the database holds only keyed hashes
    assert participant_for_token(db, workshop_id, person["token"])["id"] == person["id"]
    restored_id = backup.restore_workshop(other_db, data)
    assert participant_for_token(other_db, restored_id, person["token"]) is None
    restored = storage.copies.workshop_rows(other_db, restored_id)["participants"]
    assert len(restored) == len(stored) and not set(r["token"] for r in restored) & set(stored)


def test_backup_then_restore_into_an_empty_database_gives_identical_tables(busy_workshop, other_db):
    db, workshop_id = busy_workshop
    original = storage.copies.workshop_rows(db, workshop_id)
    target = other_db
    restored_id = backup.restore_workshop(target, backup.backup_workshop(db, workshop_id))
    assert restored_id == workshop_id
    copy = storage.copies.workshop_rows(target, restored_id)
    copy["change_log"] = [
        row for row in copy["change_log"] if row["id"] <= max(r["id"] for r in original["change_log"])
    ]
    assert comparable(copy) == comparable(original)
    assert all(len(original[t]) > 0 for t in storage.copies.WORKSHOP_TABLES)


def test_restoring_the_same_workshop_again_is_refused_unless_as_a_copy(busy_workshop):
    db, workshop_id = busy_workshop
    data = backup.backup_workshop(db, workshop_id)
    before = storage.table_counts(db)
    with pytest.raises(ValidationError, match="already in this database"):
        backup.restore_workshop(db, data)
    assert storage.table_counts(db) == before
    copy_id = backup.restore_workshop(db, data, as_copy=True)
    assert copy_id != workshop_id
    copy, original = get_workshop(db, copy_id), get_workshop(db, workshop_id)
    assert copy["join_code"] != original["join_code"] and copy["name"].endswith("(copy)")
    assert count_pain_points(db, copy_id) == count_pain_points(db, workshop_id)
    # References follow the renumbering: the copy's merge and votes point at the copy's pain points.
    groups, _ = candidate_groups(db, copy_id)
    copy_ids = {r["id"] for r in list_pain_points(db, copy_id)}
    assert groups and all(set(members) <= copy_ids for members in groups.values())
    assert set(votes_by_pain_point(db, copy_id)) <= copy_ids


def test_restore_into_a_database_with_another_workshop_keeps_both(busy_workshop, other_db):
    db, workshop_id = busy_workshop
    data = backup.backup_workshop(db, workshop_id)
    target = other_db
    other, _ = make_workshop(target, name="Someone else's workshop", department="Legal")
    restored = backup.restore_workshop(target, data)
    assert get_workshop(target, other)["name"] == "Someone else's workshop"
    assert [d["name"] for d in list_departments(target, other)] == ["Legal"]
    assert count_pain_points(target, restored) == count_pain_points(db, workshop_id)


def _tamper(data: bytes, change) -> bytes:
    document = json.loads(data)
    change(document)
    return json.dumps(document).encode()  # ASCII escapes: "\ud800" travels as six characters


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda data: b"", "empty"),
        (lambda data: data[: len(data) // 2], "incomplete or damaged"),
        (lambda data: b"MZ\x90\x00\x03" + bytes(range(256)), "not a"),
        (lambda data: b'{"hello": "world"}', "not a workshop backup"),
        (lambda data: _tamper(data, lambda d: d["schema"].append("m999_from_the_future")), "newer version"),
        (lambda data: _tamper(data, lambda d: d.update(version=99)), "newer version"),
        (lambda data: _tamper(data, lambda d: d["tables"]["pain_points"][0].update(title="Changed")), "checksum"),
        (lambda data: _tamper(data, lambda d: d["tables"].update(workshops=[])), "checksum"),
    ],
)
def test_broken_backups_get_a_plain_message_and_change_nothing(busy_workshop, other_db, make, message):
    db, workshop_id = busy_workshop
    data = make(backup.backup_workshop(db, workshop_id))
    target = other_db
    with pytest.raises(backup.BackupProblem, match=message):
        backup.restore_workshop(target, data)
    assert list_workshops(target, include_deleted=True) == []


def _resigned(data: bytes, change) -> bytes:
    """A tampered backup with a freshly computed checksum (a crafted file, not a damaged one)."""
    document = json.loads(data)
    change(document["tables"])
    return backup_file.backup_bytes(document["tables"], document["schema"])


def test_crafted_backup_cannot_reach_into_another_workshop(busy_workshop):
    db, workshop_id = busy_workshop
    victim, victim_department = make_workshop(db, name="Someone else's", department="Legal")
    data = backup.backup_workshop(db, workshop_id)
    # The file's first pain point now claims the other workshop's department.
    crafted = _resigned(data, lambda t: t["pain_points"][0].update(department_id=victim_department))
    before = storage.table_counts(db)
    with pytest.raises(ValidationError, match="not in the file"):
        backup.restore_workshop(db, crafted, as_copy=True)
    assert storage.table_counts(db) == before
    assert [d["name"] for d in list_departments(db, victim)] == ["Legal"]


def test_backup_without_a_workshop_name_is_refused_plainly(busy_workshop):
    db, workshop_id = busy_workshop
    crafted = _resigned(backup.backup_workshop(db, workshop_id), lambda t: t["workshops"][0].pop("name"))
    with pytest.raises(backup.BackupProblem, match="no name or code"):
        backup.read_backup_file(db, crafted)


def crafted(data: bytes, change) -> bytes:
    """A backup edited by hand, with its checksum made to match again (as its author would)."""
    document = json.loads(data)
    change(document["tables"])
    try:
        document["checksum"] = hashlib.sha256(backup_file._canonical(document["tables"])).hexdigest()
    except UnicodeEncodeError:  # text no file can hold: its author cannot make a checksum either
        document["checksum"] = "0" * 64
    return json.dumps(document).encode()  # ASCII escapes: "\ud800" travels as six characters


def first(table: str, column: str, value):
    def change(tables):
        tables[table][0][column] = value

    return change


CRAFTED = [
    ("weights not json", first("weight_sets", "weights", "not json"), "weights value is not readable"),
    ("unknown criterion", first("weight_sets", "weights", '{"hack": 1}'), "does not know: hack"),
    ("weight out of range", first("weight_sets", "weights", '{"votes": 500}'), "between 0 and 5"),
    ("gate mode", first("weight_sets", "gates", '{"red_data": "maybe"}'), "other than exclude or flag"),
    ("charter a list", first("charters", "fields", "[1,2,3]"), "not a set of named fields"),
    ("charter unknown field", first("charters", "fields", '{"hack": "x"}'), "field this app does not know"),
    ("charter owner a number", first("charters", "fields", '{"owner": {"a": 1}}'), "pilot charter's"),
    ("log of another workshop", first("change_log", "workshop_id", 999_999), "belongs to another workshop"),
    ("orphan log row", first("change_log", "entity_id", 999_999), "not in the backup"),
    ("text in a number column", first("pain_points", "people_count", "many"), "not of the right kind"),
    ("lone surrogate", first("pain_points", "title", "\ud800 broken"), "not text"),
    ("unknown period", first("pain_points", "frequency_period", "fortnight-ish"), "does not follow the rules"),
    ("unknown phase", first("workshops", "phase", "hacked"), "phase this app does not know"),
    ("votes per person", first("workshops", "dots_per_participant", 10_000), "votes per person"),
    ("unknown field", first("departments", "admin", 1), "fields this app does not know"),
    # Issue 16, finding 3: each of these broke or hung a page after a restore.
    ("measured on no date", first("pilot_measurements", "measured_on", "not a date"), "not a date in the past"),
    ("theme status", first("interview_themes", "status", "weird"), "neither asked nor skipped"),
    ("2 MB workshop name", first("workshops", "name", "W" * 2_000_000), "longer than this app ever stores"),
    ("3 MB note", first("pilot_measurements", "note", "n" * 3_000_000), "longer than this app ever stores"),
    ("negative value", first("pilot_measurements", "value", -40.0), "below zero"),
    ("measured in 2099", first("pilot_measurements", "measured_on", "2099-01-01"), "not a date in the past"),
    ("gate 4 before 2 and 3", first("pilot_gates", "stage", 4), "not passed in order"),
    (
        "500 votes for one person",
        lambda t: t["votes"].extend(dict(t["votes"][0], id=10_000 + i) for i in range(500)),
        "more votes than the workshop gives",
    ),
    ("created in the future", first("departments", "created_at", "2099-05-05T00:00:00+00:00"), "not a moment"),
]


@pytest.mark.parametrize(("case", "change", "message"), CRAFTED, ids=[c[0] for c in CRAFTED])
def test_a_crafted_backup_is_refused_and_nothing_written(busy_workshop, other_db, case, change, message):
    """Issue 9, finding 4: crafted backups that passed the checks broke pages."""
    db, workshop_id = busy_workshop
    if case == "orphan log row":
        change = first_logged_entity(change)
    data = crafted(backup.backup_workshop(db, workshop_id), change)
    before = storage.table_counts(other_db)
    with pytest.raises((ValidationError, backup.BackupProblem)) as refused:
        backup.restore_workshop(other_db, data)
    assert message in str(getattr(refused.value, "errors", None) or refused.value)
    assert storage.table_counts(other_db) == before


def first_logged_entity(_change):
    """Point a change-log row about a pain point at a pain point that is not in the file."""

    def change(tables):
        row = next(r for r in tables["change_log"] if r["entity"] == "pain_point" and r["entity_id"])
        row["entity_id"] = 999_999

    return change


def test_a_deeply_nested_backup_is_refused_with_a_plain_message(other_db):
    data = b'{"format": "aiadopt-workshop-backup", "tables": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(backup.BackupProblem, match="nested too deeply"):
        backup.restore_workshop(other_db, data)


def test_the_sample_workshop_passes_every_check(busy_workshop, other_db):
    db, workshop_id = busy_workshop
    restored = backup.restore_workshop(other_db, backup.backup_workshop(db, workshop_id))
    assert count_pain_points(other_db, restored) == count_pain_points(db, workshop_id)


def test_a_backup_from_before_phases_decided_what_is_open_restores_as_this_version_stores_it(busy_workshop, other_db):
    """Older backups hold the open/closed switches beside the phase, and a pilot's "phases"."""
    db, workshop_id = busy_workshop
    save_charter(db, workshop_id, "candidate:1", {"stage_2_objective": "Try it on twenty invoices."})
    document = json.loads(backup.backup_workshop(db, workshop_id))
    tables = document["tables"]
    tables["workshops"][0] |= {"phase": "capture", "is_open": 0, "voting_open": 1}  # voting opened by hand
    tables["pilots"] = [{("phases" if k == "stages" else k): v for k, v in r.items()} for r in tables["pilots"]]
    tables["pilot_gates"] = [{("phase" if k == "stage" else k): v for k, v in r.items()} for r in tables["pilot_gates"]]
    for row in tables["charters"]:
        fields = json.loads(row["fields"])
        row["fields"] = json.dumps({k.replace("stage_", "phase_"): v for k, v in fields.items()})
    document["checksum"] = hashlib.sha256(backup_file._canonical(tables)).hexdigest()
    restored = backup.restore_workshop(other_db, json.dumps(document).encode())
    assert get_workshop(other_db, restored)["phase"] == "vote"
    (pilot,) = storage.pilots.list_for(other_db, restored)
    assert json.loads(pilot["stages"])[0]["name"]
    assert [g["stage"] for g in storage.pilots.gates(other_db, pilot["id"])] == [1]
    charters = {row["candidate_key"]: json.loads(row["fields"]) for row in other_db["charters"].rows}
    assert charters["candidate:1"] == {"stage_2_objective": "Try it on twenty invoices."}


def test_a_backup_from_before_the_facilitators_vote_choice_restores_with_facilitators_voting(busy_workshop, other_db):
    db, workshop_id = busy_workshop
    document = json.loads(backup.backup_workshop(db, workshop_id))
    document["schema"] = [name for name in document["schema"] if name != "m025_add_facilitators_vote"]
    del document["tables"]["workshops"][0]["facilitators_vote"]
    document["checksum"] = hashlib.sha256(backup_file._canonical(document["tables"])).hexdigest()
    restored = backup.restore_workshop(other_db, json.dumps(document).encode())
    assert get_workshop(other_db, restored)["facilitators_vote"] == 1


def test_a_backup_whose_facilitators_vote_choice_is_neither_yes_nor_no_is_refused(busy_workshop, other_db):
    db, workshop_id = busy_workshop
    document = json.loads(backup.backup_workshop(db, workshop_id))
    document["tables"]["workshops"][0]["facilitators_vote"] = 7
    document["checksum"] = hashlib.sha256(backup_file._canonical(document["tables"])).hexdigest()
    with pytest.raises(ValidationError, match="whether facilitators vote"):
        backup.restore_workshop(other_db, json.dumps(document).encode())
    assert list_workshops(other_db) == []
