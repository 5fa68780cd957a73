"""Roles: the facilitator passcode (compared in constant time, guessing slowed down per client)."""

from __future__ import annotations

import argparse
import contextlib
import hmac
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiadopt import config, storage
from aiadopt.domain import throttle
from aiadopt.domain.language import N_, Message
from aiadopt.domain.workshops import token_digest
from aiadopt.services.database import DatabaseUnavailable, check_database
from aiadopt.storage import Database

PASSCODE_SETTING = "facilitator_passcode"
PASSCODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSCODE = "passcode"
JOIN_CODE = "join_code"
# Wrong guesses free of any wait, per (browser session, network address): an address may hold a
# whole room behind one router, so it gets more.
FREE_ATTEMPTS = {PASSCODE: (5, 20), JOIN_CODE: (10, 60)}
WRONG_GUESS_DELAY_SECONDS = 0.4
# The whole server: past 20 wrong guesses a minute, every attempt waits 0.1 s more each, up to 3 s.
EVERYONE_CALM = 20
EVERYONE_STEP = 0.1
EVERYONE_LONGEST = 3.0

_announced = False
_announce_lock = threading.Lock()


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one sign-in attempt, with a message for the person at the screen."""

    ok: bool
    message: str
    wait_seconds: int = 0


def generate_passcode() -> str:
    """A new passcode that is easy to read aloud and type: three groups of four."""
    groups = ["".join(secrets.choice(PASSCODE_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def facilitator_passcode(db: Database) -> tuple[str, str]:
    """The passcode in force and where it comes from ('environment' or 'generated')."""
    from_env = config.facilitator_passcode_from_env()
    if from_env:
        return from_env, "environment"
    stored = storage.settings.get(db, PASSCODE_SETTING)
    if stored:
        return stored, "generated"
    return storage.settings.set_once(db, PASSCODE_SETTING, generate_passcode()), "generated"


def announce_passcode(db: Database, stream=None) -> None:
    """Print, once per server process, the one-time set-up code (while the server has no account)."""
    global _announced
    with _announce_lock:
        if _announced:
            return
        _announced = True
    out = stream or sys.stdout
    if storage.accounts.count(db):
        print("Facilitators sign in with their accounts (the owner invites others on the Team page).", file=out)
        return
    passcode, source = facilitator_passcode(db)
    if source == "environment":
        print("One-time set-up code for the owner's account: taken from AIADOPT_FACILITATOR_PASSCODE.", file=out)
    else:
        print(
            f"\n  One-time set-up code for the owner's account: {passcode}\n"
            "  (open the app, Sign in; set AIADOPT_FACILITATOR_PASSCODE to choose your own)\n",
            file=out,
            flush=True,
        )


def _normalise(text: str) -> bytes:
    return " ".join(str(text or "").split()).upper().encode("utf-8")


@dataclass(frozen=True)
class Client:
    """Who is trying: their browser session and their network address, as far as the server knows them."""

    address: str = ""
    session: str = ""


def _hashed(db: Database, client: Client) -> tuple[str, str]:
    """The client's address and session as stored: keyed hashes, not the address itself."""
    key = storage.participants.token_key(db)
    return (
        token_digest(key, "address:" + client.address) if client.address else "",
        token_digest(key, "session:" + client.session) if client.session else "",
    )


def client_wait(db: Database, kind: str, client: Client, at: datetime | None = None) -> int:
    """Seconds this client must wait before trying again (0: go ahead), by its session and its address."""
    moment = at or datetime.now(UTC)
    since = (moment - throttle.WINDOW).isoformat(timespec="microseconds")
    address, session = _hashed(db, client)
    free_session, free_address = FREE_ATTEMPTS[kind]
    waits = [0]
    for column, value, free in (("session", session, free_session), ("client", address, free_address)):
        if value:
            times = [datetime.fromisoformat(t) for t in storage.settings.failures_since(db, kind, since, column, value)]
            waits.append(throttle.wait_seconds(times, free, moment))
    return max(waits)


def record_attempt(db: Database, kind: str, ok: bool, client: Client) -> int:
    """Remember one attempt of this client (hashed); returns its id."""
    address, session = _hashed(db, client)
    return storage.settings.record_attempt(db, kind, ok, address, session)


def reserve_attempt(db: Database, kind: str, client: Client) -> tuple[int, int | None]:
    """For a check too slow to make inside a write transaction (a password hash): the client's wait and,
    when it may try, the attempt recorded as failed in the same transaction (its id), to be marked right
    with `attempt_was_right` once checked. Attempts sent at the same moment queue for the transaction,
    so a burst gets no more tries than one at a time. A full disk records nothing: (wait, None)."""
    try:
        with storage.writing(db):
            wait = client_wait(db, kind, client)
            return wait, None if wait else record_attempt(db, kind, False, client)
    except storage.WriteFailed:
        return client_wait(db, kind, client), None


def attempt_was_right(db: Database, attempt_id: int | None) -> None:
    """The reserved attempt was right: it no longer counts against its client."""
    if attempt_id is not None:
        with contextlib.suppress(storage.WriteFailed):  # a full disk never locks anyone out
            storage.settings.attempt_succeeded(db, attempt_id)


def everyone_delay(db: Database, kind: str) -> float:
    """Seconds every attempt of this kind waits while the server sees many wrong guesses (never a lock)."""
    since = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="microseconds")
    recent = len(storage.settings.failures_since(db, kind, since))
    return throttle.everyone_delay(recent, EVERYONE_CALM, EVERYONE_STEP, EVERYONE_LONGEST)


def sign_in(
    db: Database, attempt: str, client: Client | None = None, delay: float = WRONG_GUESS_DELAY_SECONDS
) -> SignInResult:
    """Check a facilitator passcode; wrong guesses slow down the client who made them, not everyone.

    A client (browser session, network address) that guesses wrong too often waits longer and longer;
    many wrong guesses on the whole server slow every attempt a little, but the right passcode from
    another client always signs in.
    """
    who = client or Client()
    slow = everyone_delay(db, PASSCODE)
    if slow:
        time.sleep(slow)  # outside the transaction: a slowed attempt never holds up anyone's save
    expected, source = facilitator_passcode(db)
    # The wait is checked and the attempt recorded in one write transaction: guesses sent at the same
    # moment queue for it, so each sees the ones before it, and a burst gets no more tries than one by one.
    try:
        with storage.writing(db):
            wait = client_wait(db, PASSCODE, who)
            if not wait:
                ok = _matches(attempt, expected, source)
                record_attempt(db, PASSCODE, ok, who)
    except storage.WriteFailed:
        # A full or read-only disk must not lock the facilitator out: the attempt is checked all the
        # same (the waits already recorded still count); only this attempt goes unrecorded.
        wait = client_wait(db, PASSCODE, who)
        ok = not wait and _matches(attempt, expected, source)
    if wait:
        return SignInResult(
            False,
            Message("Too many wrong passcodes from here. Please wait {wait} seconds and try again.", wait=wait),
            wait,
        )
    if ok:
        return SignInResult(True, N_("Signed in."))
    time.sleep(delay)
    wait = client_wait(db, PASSCODE, who)
    if wait:
        return SignInResult(
            False,
            Message("That passcode is not right. Too many wrong tries: please wait {wait} seconds.", wait=wait),
            wait,
        )
    return SignInResult(False, N_("That passcode is not right. Check it in the terminal that started the app."))


def _matches(attempt: str, expected: str, source: str) -> bool:
    """Whether an attempt is the passcode (a generated one forgives case and spaces; one set by hand is exact)."""
    if source == "generated":
        return hmac.compare_digest(_normalise(attempt), _normalise(expected))
    return hmac.compare_digest(str(attempt or "").encode("utf-8"), expected.encode("utf-8"))


def new_passcode(db: Database) -> str:
    """Replace the generated passcode with a new one and forget every wrong guess (from the terminal)."""
    passcode = generate_passcode()
    storage.settings.set_value(db, PASSCODE_SETTING, passcode)
    storage.settings.forget_failures(db, PASSCODE)
    return passcode


def main(argv: list[str] | None = None) -> None:
    """Prepare the database and print the facilitator passcode (run before the server starts).

    `--new-passcode` replaces the generated passcode and lifts every sign-in wait.
    """
    parser = argparse.ArgumentParser(prog="python -m aiadopt.services.access", description=main.__doc__)
    parser.add_argument("--new-passcode", action="store_true", help="make a new passcode and lift all sign-in waits")
    args = parser.parse_args(argv)
    try:
        check_database()
    except DatabaseUnavailable as problem:
        print(f"\n  {problem}\n", file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    db = storage.connect()
    if args.new_passcode:
        passcode = new_passcode(db)
        if config.facilitator_passcode_from_env():
            print("AIADOPT_FACILITATOR_PASSCODE is set: that passcode stays in force. Sign-in waits were lifted.")
        else:
            print(f"New facilitator passcode: {passcode}\nSign-in waits were lifted; the old passcode no longer works.")
        return
    announce_passcode(db)


if __name__ == "__main__":
    main()
