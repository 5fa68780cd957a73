"""The bench's protocol client against the real app: it must still speak this Streamlit's websocket protocol.

A Streamlit upgrade that changes the protocol (messages, widget ids, form triggers, polling
fragments, navigation) breaks `bench/live_room.py` silently; this test breaks loudly instead. It
needs nothing beyond the development requirements, so it never skips (CI fails on a skipped test).
"""

from __future__ import annotations

import asyncio
import random

import pytest

from aiadopt.services.capture import list_pain_points
from aiadopt.services.database import open_database
from aiadopt.services.room import open_phase
from aiadopt.services.voting import votes_by_pain_point
from aiadopt.services.workshops import add_department, create_workshop, get_workshop
from bench.room.client import Participant
from scripts.live_server import LiveServer, group_processes

PARTICIPANTS = 3
FOLLOW_TIMEOUT = 20  # seconds: the room check runs every 5 s


async def a_small_room(url: str, code: str, move_to_vote) -> list[Participant]:
    """Three participants join, each submits one pain point, the room moves to Vote, each votes."""
    rng = random.Random(7)
    people = [Participant(url, f"p{i}", timeout=15) for i in range(PARTICIPANTS)]
    try:
        for person in people:
            await person.step("join", person.join(f"join={code}"))
        for person in people:
            assert person.joined and person.joined.ok, person.problems
            assert person.poll_intervals, "the page announced no polling fragment (st.fragment(run_every))"
            assert person.token, "the app put no identity (me=) in the participant's address"
            await person.step("submit", person.add_pain_point(f"Smoke {person.name}: invoices typed twice", rng, 15))
        move_to_vote()  # a few milliseconds: the clients read their sockets again right after
        for person in people:
            followed = await person.wait_for(lambda person=person: person.current_page() == "vote", FOLLOW_TIMEOUT)
            assert followed is not None, f"{person.name} stayed on {person.current_page()!r}"
            await person.step("vote", person.save_votes(rng, 15))
    finally:
        await asyncio.gather(*(person.close() for person in people))
    return people


@pytest.fixture
def db(tmp_path):
    """A fresh database file for the server, and a connection to arrange and check it."""
    db = open_database(tmp_path / "room.db")
    yield db
    db.conn.close()


def test_room_clients_join_submit_follow_the_room_to_vote_and_their_rows_are_stored(db, tmp_path):
    workshop_id = create_workshop(db, name="Smoke room")
    add_department(db, workshop_id, "Finance")
    add_department(db, workshop_id, "Sales")
    open_phase(db, workshop_id, "capture")
    workshop = get_workshop(db, workshop_id)
    server = LiveServer(tmp_path / "room.db", "smoke passcode", tmp_path / "server.log")
    with server:
        group = server.process.pid
        people = asyncio.run(
            a_small_room(server.url, workshop["join_code"], lambda: open_phase(db, workshop_id, "vote"))
        )
    assert group_processes(group) == {}, "the server left processes behind"

    for person in people:
        assert person.problems == [], (person.problems, server.log())
        assert person.rejected == [], person.rejected
        assert len(person.acknowledged) == 1 and person.submits[0].ok
        assert person.vote_save is not None and person.vote_save.ok
        assert person.votes_acknowledged == workshop["dots_per_participant"]
    stored = list_pain_points(db, workshop_id)
    assert sorted(row["title"] for row in stored) == sorted(p.sent[0] for p in people)
    assert {row["department"] for row in stored} <= {"Finance", "Sales"}
    assert sum(votes_by_pain_point(db, workshop_id).values()) == PARTICIPANTS * workshop["dots_per_participant"]


def test_a_failed_step_is_that_participants_error_and_the_run_goes_on():
    person = Participant("http://127.0.0.1:9", "p624")

    async def a_step_that_breaks() -> None:
        raise LookupError("p624: form 'contribute_form_2' has no submit button on the page")

    asyncio.run(person.step("submit", a_step_that_breaks()))
    assert [(p.kind, p.client) for p in person.problems] == [("submit: LookupError", "p624")]


def test_the_benchs_facilitator_and_projector_tabs_sign_in_with_the_owner_account(db, tmp_path):
    """The bench keeps a facilitator's and the projector's tabs open through the room: they sign in as the
    owner account LiveServer makes (a sign-in page that changes its fields breaks this test, not the bench)."""
    from bench.live_room import PASSCODE, staff_tab

    workshop_id = create_workshop(db, name="Smoke staff")
    add_department(db, workshop_id, "Finance")
    server = LiveServer(tmp_path / "room.db", PASSCODE, tmp_path / "server.log")

    async def open_tabs() -> list:
        tabs = [
            await staff_tab(server.url, name, page, 20)
            for name, page in (("facilitator", "pain_points"), ("projector", "projector"))
        ]
        await asyncio.gather(*(tab.close() for tab in tabs))
        return tabs

    with server:
        tabs = asyncio.run(open_tabs())
    assert [tab.problems for tab in tabs] == [[], []], server.log()
    assert [tab.current_page() for tab in tabs] == ["pain_points", "projector"]
