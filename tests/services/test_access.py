"""The facilitator passcode: generated once, compared safely, guessing slowed down."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from aiadopt.services import access
from tests.factories import burst


@pytest.fixture
def no_env_passcode(monkeypatch):
    monkeypatch.delenv("AIADOPT_FACILITATOR_PASSCODE", raising=False)


def test_generated_passcode_is_stored_once_and_reused(fresh_db, no_env_passcode):
    first, source = access.facilitator_passcode(fresh_db)
    again, _ = access.facilitator_passcode(fresh_db)
    assert source == "generated" and first == again
    assert len(first.replace("-", "")) == 12


def test_passcode_from_environment_wins(fresh_db, monkeypatch):
    monkeypatch.setenv("AIADOPT_FACILITATOR_PASSCODE", "Exact Phrase 9")
    assert access.facilitator_passcode(fresh_db) == ("Exact Phrase 9", "environment")
    assert access.sign_in(fresh_db, "Exact Phrase 9").ok
    assert not access.sign_in(fresh_db, "exact phrase 9", delay=0).ok


def test_generated_passcode_forgives_case_and_spaces(fresh_db, no_env_passcode):
    passcode, _ = access.facilitator_passcode(fresh_db)
    assert access.sign_in(fresh_db, "  " + passcode.lower() + " ").ok


def test_passcode_is_printed_in_the_terminal_once(fresh_db, no_env_passcode, monkeypatch):
    monkeypatch.setattr(access, "_announced", False)
    out = io.StringIO()
    access.announce_passcode(fresh_db, out)
    access.announce_passcode(fresh_db, out)
    passcode, _ = access.facilitator_passcode(fresh_db)
    assert out.getvalue().count(passcode) == 1


GUEST = access.Client(address="192.0.2.7", session="guest-tab")
FACILITATOR = access.Client(address="192.0.2.50", session="facilitator-laptop")
SESSION_FREE, ADDRESS_FREE = access.FREE_ATTEMPTS[access.PASSCODE]


def test_repeated_wrong_guesses_make_that_client_wait(fresh_db, no_env_passcode):
    passcode, _ = access.facilitator_passcode(fresh_db)
    results = [access.sign_in(fresh_db, f"guess {n}", GUEST, delay=0) for n in range(SESSION_FREE)]
    assert not any(r.ok for r in results)
    assert "Too many wrong tries" in results[-1].message  # the fifth wrong guess locks this client
    locked = access.sign_in(fresh_db, passcode, GUEST, delay=0)
    assert not locked.ok  # not even the right passcode, from here
    assert locked.message.startswith("Too many wrong passcodes from here")
    later = datetime.now(UTC) + timedelta(minutes=20)
    assert access.client_wait(fresh_db, access.PASSCODE, GUEST, at=later) == 0


def test_a_guest_guessing_wrong_cannot_lock_the_facilitator_out(fresh_db, no_env_passcode, monkeypatch):
    """Issue 9, finding 1: five wrong guesses from any guest used to refuse the right passcode."""
    monkeypatch.setattr(access.time, "sleep", lambda seconds: None)
    passcode, _ = access.facilitator_passcode(fresh_db)
    for n in range(50):  # a guest who opens a new tab for each guess
        access.sign_in(fresh_db, f"guess {n}", access.Client(GUEST.address, f"tab {n}"), delay=0)
    assert access.client_wait(fresh_db, access.PASSCODE, access.Client(GUEST.address, "yet another tab")) > 0
    result = access.sign_in(fresh_db, passcode, FACILITATOR, delay=0)
    assert result.ok, result.message


def test_the_whole_server_slows_down_under_many_guesses_but_never_refuses(fresh_db, no_env_passcode, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(access.time, "sleep", slept.append)
    passcode, _ = access.facilitator_passcode(fresh_db)
    for n in range(access.EVERYONE_CALM + 40):
        access.sign_in(fresh_db, "wrong", access.Client(f"198.51.100.{n}", f"s{n}"), delay=0)
    slept.clear()
    assert access.sign_in(fresh_db, passcode, FACILITATOR, delay=0).ok
    assert slept == [access.EVERYONE_LONGEST]  # slowed down, then let in


def test_a_right_passcode_resets_the_count_of_that_client(fresh_db, no_env_passcode):
    passcode, _ = access.facilitator_passcode(fresh_db)
    for n in range(SESSION_FREE - 2):
        access.sign_in(fresh_db, f"guess {n}", FACILITATOR, delay=0)
    assert access.sign_in(fresh_db, passcode, FACILITATOR).ok
    for n in range(SESSION_FREE - 1):
        assert not access.sign_in(fresh_db, f"again {n}", FACILITATOR, delay=0).message.startswith("Too many")


def test_a_new_passcode_from_the_terminal_lifts_every_wait(fresh_db, no_env_passcode):
    old, _ = access.facilitator_passcode(fresh_db)
    for n in range(SESSION_FREE + 2):
        access.sign_in(fresh_db, f"guess {n}", FACILITATOR, delay=0)
    assert access.client_wait(fresh_db, access.PASSCODE, FACILITATOR) > 0
    new = access.new_passcode(fresh_db)
    assert new != old and access.facilitator_passcode(fresh_db) == (new, "generated")
    assert access.client_wait(fresh_db, access.PASSCODE, FACILITATOR) == 0
    assert not access.sign_in(fresh_db, old, FACILITATOR, delay=0).ok
    assert access.sign_in(fresh_db, new, FACILITATOR, delay=0).ok


def test_attempts_store_no_address(fresh_db, no_env_passcode):
    access.sign_in(fresh_db, "wrong", GUEST, delay=0)
    stored = list(fresh_db.table("passcode_attempts").rows)
    assert stored and GUEST.address not in str(stored) and GUEST.session not in str(stored)


@pytest.mark.parametrize("count", [40, 80])
def test_a_burst_of_simultaneous_guesses_gets_no_more_tries_than_one_at_a_time(db_file, file_db, count):
    """Issue 16, finding 5: 40 and 80 passcode guesses sent at once from one client were all evaluated."""
    who = access.Client(address="203.0.113.9", session="burst")
    results = burst(db_file, count, lambda db: access.sign_in(db, "wrong-guess", who, delay=0))
    evaluated = [r for r in results if "not right" in r.message]
    assert len(evaluated) == access.FREE_ATTEMPTS[access.PASSCODE][0]  # 5, as if sent one after the other
    assert all("wait" in r.message for r in results if r not in evaluated)


def test_a_burst_of_wrong_join_codes_gets_no_more_tries_than_one_at_a_time(db_file, file_db, monkeypatch):
    from aiadopt.services import participants
    from aiadopt.services.errors import NotAllowed, NotFound

    monkeypatch.setattr(access, "WRONG_GUESS_DELAY_SECONDS", 0)
    who = access.Client(address="203.0.113.9", session="burst")
    results = burst(db_file, 40, lambda db: participants.join_workshop(db, "ZZZZZZ", who))
    looked_up = [r for r in results if isinstance(r, NotFound)]
    assert len(looked_up) == access.FREE_ATTEMPTS[access.JOIN_CODE][0]  # 10
    assert all(isinstance(r, NotAllowed) for r in results if not isinstance(r, NotFound))
