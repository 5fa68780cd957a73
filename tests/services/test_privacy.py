"""Issue 16, finding 7: one person can be erased, and what was deleted long ago can be purged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from aiadopt import storage
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import backup, privacy
from aiadopt.services.capture import delete_pain_points, get_pain_point, update_pain_point
from aiadopt.services.pilots import record_measurement, start_pilot
from aiadopt.services.workshops import list_changes, start_interview, update_interview_notes
from tests.factories import make_pain_point, make_participant, make_workshop


def everything_said(db, workshop_id: int) -> str:
    """Every value of the workshop's rows, and of its next backup, as one text."""
    rows = storage.copies.workshop_rows(db, workshop_id)
    return json.dumps(rows, ensure_ascii=False, default=str) + backup.backup_workshop(db, workshop_id).decode("utf-8")


def test_a_named_person_is_erased_from_entries_interviews_pilots_and_the_change_log(fresh_db):
    """After their name was blanked, the entry deleted and anonymity switched on, the change log still held
    {"reporter": ["<their name>", ""]}; interviewees and a pilot owner stayed as well."""
    db = fresh_db
    workshop_id, department_id = make_workshop(db)
    interview_id = start_interview(db, workshop_id, department_id, interviewees="Megan Ross, Sam Lee")
    update_interview_notes(db, interview_id, "Megan Ross says the approvals wait for days.")
    pain_point_id = make_pain_point(
        db, workshop_id, department_id, reporter="Megan Ross", description="Ask megan ross for the log."
    )
    update_pain_point(db, pain_point_id, {"reporter": ""})  # blanked by hand: the log keeps the old name
    delete_pain_points(db, [pain_point_id])
    charter = {"title": "Approvals", "owner": "Megan Ross", "kpi_metric": "days", "kpi_unit": "days"}
    pilot_id = start_pilot(db, workshop_id, f"pain_point:{pain_point_id}", charter, "2026-11-01")
    record_measurement(db, pilot_id, 4, "2026-11-10", recorded_by="Megan Ross")
    assert "Megan Ross" in everything_said(db, workshop_id)

    erased = privacy.erase_name(db, [workshop_id], "megan  ROSS")
    assert erased >= 7
    said = everything_said(db, workshop_id)
    assert "megan" not in said.casefold()
    assert "Sam Lee" in said  # the others named with them stay
    assert get_pain_point(db, pain_point_id, include_deleted=True)["description"] == "Ask [erased] for the log."
    latest = list_changes(db, workshop_id)[0]
    assert (latest["action"], latest["entity"]) == ("erase", "person")
    assert json.loads(latest["changes"]) == {"values": erased}  # that an erasure happened, not what
    assert privacy.names(db, workshop_id) == {"Sam Lee": {"interviews": 1}}


def test_an_erasure_is_the_only_way_the_change_log_is_rewritten(fresh_db):
    import sqlite3

    workshop_id, _ = make_workshop(fresh_db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        fresh_db.execute("UPDATE change_log SET actor = 'x' WHERE workshop_id = ?", [workshop_id])
    assert [e["kind"] for e in privacy.erasures(fresh_db, workshop_id)] == []
    privacy.erase_name(fresh_db, [workshop_id], "Nobody Here")
    (erasure,) = privacy.erasures(fresh_db, workshop_id)
    assert (erasure["kind"], erasure["changed"], erasure["active"]) == ("person", 0, 0)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # append-only again afterwards
        fresh_db.execute("DELETE FROM change_log WHERE workshop_id = ?", [workshop_id])


def test_a_participant_is_erased_and_their_entries_stay_anonymous(fresh_db):
    db = fresh_db
    workshop_id, department_id = make_workshop(db)
    person = make_participant(db, workshop_id)
    pain_point_id = make_pain_point(
        db, workshop_id, department_id, participant_id=person["id"], reporter="Ana Diaz", owner_name="Ana Diaz"
    )
    assert privacy.erase_participant(db, workshop_id, person["id"]) > 0
    row = get_pain_point(db, pain_point_id)
    assert (row["reporter"], row["owner_name"], row["title"]) == ("", "", "Chasing missing timesheets")
    said = everything_said(db, workshop_id)
    assert "Ana Diaz" not in said and f"participant #{person['id']}" not in said
    from aiadopt.services.participants import participant_for_token

    assert participant_for_token(db, workshop_id, person["token"]) is None  # their old link opens nothing


def test_an_erasure_needs_a_name_and_never_touches_another_workshop(fresh_db):
    first, department = make_workshop(fresh_db, name="First")
    second, other = make_workshop(fresh_db, name="Second")
    make_pain_point(fresh_db, second, other, reporter="Jo Park")
    with pytest.raises(ValidationError, match="at least two letters"):
        privacy.erase_name(fresh_db, [first], " ")
    privacy.erase_name(fresh_db, [first], "Jo Park")
    assert "Jo Park" in everything_said(fresh_db, second)


def test_what_was_deleted_long_ago_is_purged_for_good(fresh_db, monkeypatch):
    db = fresh_db
    workshop_id, department_id = make_workshop(db)
    old = make_pain_point(db, workshop_id, department_id, title="Deleted long ago")
    recent = make_pain_point(db, workshop_id, department_id, title="Deleted yesterday")
    kept = make_pain_point(db, workshop_id, department_id, title="Still here")
    delete_pain_points(db, [old, recent])
    long_ago = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    db.execute("UPDATE pain_points SET deleted_at = ? WHERE id = ?", [long_ago, old])
    counts = privacy.purge_deleted(db, older_than_days=30)
    assert counts["pain_points"] == 1
    with pytest.raises(Exception, match="no longer exists"):
        get_pain_point(db, old, include_deleted=True)
    assert get_pain_point(db, recent, include_deleted=True)["title"] == "Deleted yesterday"
    assert get_pain_point(db, kept)["title"] == "Still here"
    assert "Deleted long ago" not in everything_said(db, workshop_id)  # nor in what the log said of it


def test_what_a_text_meant_to_the_encoder_goes_when_a_name_is_erased_from_it(fresh_db):
    from aiadopt.services import similarity

    db = fresh_db
    workshop_id, department_id = make_workshop(db)
    pain_point_id = make_pain_point(db, workshop_id, department_id, description="Only Megan Ross knows the codes.")
    assert similarity.embed(db, [get_pain_point(db, pain_point_id)]) == 1
    privacy.erase_name(db, [workshop_id], "Megan Ross")
    assert storage.vectors.stored(db, [pain_point_id], similarity.MODEL) == {}
    erased = get_pain_point(db, pain_point_id)
    assert similarity.embed(db, [erased]) == 1  # made again, from the text without the name
    ((made_from, _),) = storage.vectors.stored(db, [pain_point_id], similarity.MODEL).values()
    assert made_from == similarity.text_hash(erased)


def test_only_the_owner_purges_and_the_purge_is_listed_with_their_name(fresh_db):
    """A purge reaches every workshop on the server: a facilitator of one workshop could purge what others
    deleted, and the purge was named "facilitator" and listed in no workshop's erasures."""
    from aiadopt.domain import accounts as rules
    from aiadopt.services import accounts
    from aiadopt.services.errors import NotAllowed
    from aiadopt.services.permissions import act_as

    db = fresh_db
    owner = accounts.create_account(db, "Olive Owner", "olive@example.org", rules.OWNER, "a long password 1")
    other = accounts.create_account(db, "Finn Else", "finn@example.org", rules.FACILITATOR, "a long password 1")
    act_as(db, accounts.account(db, owner))
    workshop_id, department_id = make_workshop(db)
    old = make_pain_point(db, workshop_id, department_id, title="Deleted long ago")
    delete_pain_points(db, [old])
    long_ago = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    db.execute("UPDATE pain_points SET deleted_at = ? WHERE id = ?", [long_ago, old])

    act_as(db, accounts.account(db, other))
    with pytest.raises(NotAllowed, match="Only the owner purges"):
        privacy.purge_deleted(db, older_than_days=30)
    act_as(db, accounts.account(db, owner))
    assert get_pain_point(db, old, include_deleted=True)["title"] == "Deleted long ago"  # nothing purged
    assert privacy.purge_deleted(db, older_than_days=30)["pain_points"] == 1
    (listed,) = [e for e in privacy.erasures(db, workshop_id) if e["kind"] == "purge"]
    assert listed["actor"] == "Olive Owner"
    act_as(db, None)
