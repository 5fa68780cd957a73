"""Roles per workshop (issue 19), checked in the services whatever a page shows.

An observer reads the workshops shared with them and changes nothing; a facilitator runs the
workshops they made or were added to; the owner runs every one. Each change service below is called
as each role, as a crafted request would call it.
"""

from __future__ import annotations

import pytest

from aiadopt.domain import accounts as rules
from aiadopt.services import (
    accounts,
    backup,
    capture,
    charters,
    consolidation,
    pilots,
    privacy,
    review,
    room,
    voting,
    weight_sets,
    workshops,
)
from aiadopt.services.errors import EditConflict, NotAllowed, NotFound
from aiadopt.services.permissions import PARTICIPANT, act_as
from tests.factories import make_pain_point, make_participant, make_workshop

PASSWORD = "a long password 1"


@pytest.fixture
def team(fresh_db):
    """A workshop made by Alex (facilitator), shared with Dana (observer); Finn facilitates elsewhere."""
    db = fresh_db
    ids = {
        name: accounts.create_account(db, name.title(), f"{name}@example.org", role, PASSWORD)
        for name, role in (
            ("owner", rules.OWNER),
            ("alex", rules.FACILITATOR),
            ("dana", rules.OBSERVER),
            ("finn", rules.FACILITATOR),
        )
    }
    act_as(db, accounts.account(db, ids["alex"]))
    workshop_id, department_id = make_workshop(db, facilitator="Alex")
    first = make_pain_point(db, workshop_id, department_id, title="Re-keying supplier invoices", reporter="Jo Bloggs")
    second = make_pain_point(db, workshop_id, department_id, title="Typing invoices in twice")
    accounts.share_workshop(db, accounts.account(db, ids["alex"]), workshop_id, ids["dana"], rules.OBSERVER)
    act_as(db, None)
    return db, ids, workshop_id, department_id, (first, second)


def as_(db, ids, name):
    return act_as(db, accounts.account(db, ids[name]))


# Every service that changes a workshop, as someone might press it: (name, call).
CHANGES = {
    "add a pain point": lambda db, w, d, p: make_pain_point(db, w, d, title="Chasing approvals by e-mail"),
    "edit a pain point": lambda db, w, d, p: capture.update_pain_point(db, p[0], {"title": "Changed by them"}),
    "delete a pain point": lambda db, w, d, p: capture.delete_pain_points(db, [p[0]]),
    "rename the workshop": lambda db, w, d, p: workshops.update_workshop(db, w, {"name": "Taken over"}),
    "delete the workshop": lambda db, w, d, p: workshops.delete_workshop(db, w),
    "add a department": lambda db, w, d, p: workshops.add_department(db, w, "Sales"),
    "open a phase": lambda db, w, d, p: room.open_phase(db, w, "vote"),
    "reveal results": lambda db, w, d, p: room.reveal_results(db, w, -1),
    "merge": lambda db, w, d, p: consolidation.merge_pain_points(db, w, list(p), "Invoices"),
    "not the same": lambda db, w, d, p: review.not_the_same(db, w, list(p)),
    "save a charter": lambda db, w, d, p: charters.save_charter(db, w, f"p{p[0]}", {"owner": "Sam"}),
    "save weights": lambda db, w, d, p: weight_sets.save_weight_set(db, w, "Ours", {}, {}),
    "start a pilot": lambda db, w, d, p: pilots.start_pilot(db, w, f"p{p[0]}", {}, "2026-01-05"),
    "erase a name": lambda db, w, d, p: privacy.erase_name(db, [w], "Jo Bloggs"),
    "download a backup": lambda db, w, d, p: backup.backup_workshop(db, w),
    "see every name": lambda db, w, d, p: privacy.names(db, w),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_observer_changes_nothing_whatever_they_send(team, change):
    db, ids, workshop_id, department_id, points = team
    before = workshops.list_changes(db, workshop_id)
    as_(db, ids, "dana")
    with pytest.raises(NotAllowed):
        CHANGES[change](db, workshop_id, department_id, points)
    act_as(db, None)
    assert workshops.list_changes(db, workshop_id) == before
    assert capture.get_pain_point(db, points[0])["title"] == "Re-keying supplier invoices"


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_facilitator_of_another_workshop_cannot_even_find_this_one(team, change):
    db, ids, workshop_id, department_id, points = team
    as_(db, ids, "finn")
    with pytest.raises((NotFound, NotAllowed)):
        CHANGES[change](db, workshop_id, department_id, points)


@pytest.mark.parametrize("who", ["alex", "owner"])
def test_its_facilitator_and_the_owner_may_make_every_change(team, who):
    db, ids, workshop_id, department_id, points = team
    as_(db, ids, who)
    for change in ("add a pain point", "edit a pain point", "add a department", "open a phase", "save weights"):
        CHANGES[change](db, workshop_id, department_id, points)
    assert backup.backup_workshop(db, workshop_id)


def test_the_picker_lists_only_the_workshops_a_person_may_open(team):
    db, ids, workshop_id, _, _ = team
    as_(db, ids, "finn")
    finns, _ = make_workshop(db, name="Finn's own")
    assert [w["id"] for w in workshops.list_workshops(db)] == [finns]
    as_(db, ids, "dana")
    assert [w["id"] for w in workshops.list_workshops(db)] == [workshop_id]
    as_(db, ids, "owner")
    assert {w["id"] for w in workshops.list_workshops(db)} == {workshop_id, finns}
    as_(db, ids, "dana")
    with pytest.raises(NotFound):
        workshops.get_workshop(db, finns)
    with pytest.raises(NotAllowed, match="do not create"):
        make_workshop(db, name="Dana's")


def test_an_observer_reads_pain_points_without_anyones_name(team):
    db, ids, workshop_id, _, points = team
    as_(db, ids, "dana")
    rows = capture.list_pain_points(db, workshop_id)
    assert {row["id"] for row in rows} == set(points)
    assert all(not row.get("reporter") and not row.get("owner_name") for row in rows)
    as_(db, ids, "alex")
    assert capture.get_pain_point(db, points[0])["reporter"] == "Jo Bloggs"


def test_the_change_log_names_the_account_that_acted_and_participants_stay_anonymous(team):
    db, ids, workshop_id, department_id, points = team
    as_(db, ids, "alex")
    capture.update_pain_point(db, points[1], {"title": "Typing every invoice in twice"})
    participant = make_participant(db, workshop_id)
    act_as(db, PARTICIPANT)
    make_pain_point(db, workshop_id, department_id, participant_id=participant["id"], title="Printing to scan again")
    act_as(db, None)
    actors = [change["actor"] for change in workshops.list_changes(db, workshop_id)]
    assert "Alex" in actors
    assert any(actor.startswith("participant #") for actor in actors)
    assert "facilitator" not in actors[:2]


def test_a_participants_screen_cannot_make_a_facilitators_change(team):
    db, _, workshop_id, department_id, points = team
    act_as(db, PARTICIPANT)
    for change in ("open a phase", "merge", "rename the workshop", "add a pain point"):
        with pytest.raises(NotAllowed):
            CHANGES[change](db, workshop_id, department_id, points)


def test_votes_are_a_participants_and_stay_theirs(team):
    db, _, workshop_id, _, points = team
    room.open_phase(db, workshop_id, "vote")
    participant = make_participant(db, workshop_id)
    act_as(db, PARTICIPANT)
    voting.set_participant_votes(db, workshop_id, participant["id"], {points[0]: 1})
    act_as(db, None)
    assert voting.votes_by_pain_point(db, workshop_id) == {points[0]: 1}


def test_two_facilitators_editing_one_entry_lose_nothing_and_the_later_save_sees_both_versions(team):
    db, ids, workshop_id, _, points = team
    accounts.share_workshop(db, accounts.account(db, ids["owner"]), workshop_id, ids["finn"], rules.FACILITATOR)
    opened = capture.get_pain_point(db, points[0])  # both open the entry
    as_(db, ids, "alex")
    capture.update_pain_point(db, points[0], {"title": "Alex's title", "people_count": 4}, opened=opened)
    as_(db, ids, "finn")
    capture.update_pain_point(db, points[0], {"description": "Finn adds a description"}, opened=opened)  # no clash
    with pytest.raises(EditConflict) as clash:
        capture.update_pain_point(db, points[0], {"title": "Finn's title"}, opened=opened)
    assert clash.value.theirs == {"title": "Alex's title"}
    assert clash.value.mine == {"title": "Finn's title"}
    saved = capture.get_pain_point(db, points[0])
    assert (saved["title"], saved["people_count"], saved["description"]) == (
        "Alex's title",
        4,
        "Finn adds a description",
    )
    capture.update_pain_point(db, points[0], {"title": "Finn's title"}, opened=opened | clash.value.theirs)
    assert capture.get_pain_point(db, points[0])["title"] == "Finn's title"  # saving again keeps theirs on purpose
