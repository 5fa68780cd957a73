"""The facilitator passcode: generated once, compared safely, guessing slowed down."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from aiadopt import storage
from aiadopt.services import access


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


def test_repeated_wrong_guesses_lock_sign_in_for_a_while(fresh_db, no_env_passcode):
    passcode, _ = access.facilitator_passcode(fresh_db)
    results = [access.sign_in(fresh_db, f"guess {n}", delay=0) for n in range(access.FREE_ATTEMPTS)]
    assert not any(r.ok for r in results)
    assert "Too many wrong tries" in results[-1].message  # the fifth wrong guess locks sign-in
    locked = access.sign_in(fresh_db, passcode, delay=0)
    assert not locked.ok and "wait" in locked.message
    later = datetime.now(UTC) + timedelta(minutes=20)
    assert access.lock_remaining(fresh_db, at=later) == 0


def test_a_right_passcode_resets_the_count(fresh_db, no_env_passcode):
    passcode, _ = access.facilitator_passcode(fresh_db)
    for n in range(access.FREE_ATTEMPTS - 2):
        access.sign_in(fresh_db, f"guess {n}", delay=0)
    assert access.sign_in(fresh_db, passcode).ok
    assert storage.settings.passcode_failures_since(fresh_db, "2000-01-01") == []
