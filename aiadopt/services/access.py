"""Roles: the facilitator passcode (compared in constant time, guessing slowed down)."""

from __future__ import annotations

import hmac
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiadopt import config, storage
from aiadopt.storage import Database

PASSCODE_SETTING = "facilitator_passcode"
PASSCODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
FREE_ATTEMPTS = 5  # wrong guesses allowed in a window before sign-in locks
WINDOW = timedelta(minutes=15)
LOCK_SECONDS_PER_EXTRA_FAILURE = 30
WRONG_GUESS_DELAY_SECONDS = 0.4

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
    """Print the facilitator passcode in the terminal once per server process."""
    global _announced
    with _announce_lock:
        if _announced:
            return
        _announced = True
    passcode, source = facilitator_passcode(db)
    out = stream or sys.stdout
    if source == "environment":
        print("Facilitator passcode: taken from AIADOPT_FACILITATOR_PASSCODE.", file=out, flush=True)
    else:
        print(
            f"\n  Facilitator passcode: {passcode}\n  (set AIADOPT_FACILITATOR_PASSCODE to choose your own)\n",
            file=out,
            flush=True,
        )


def _normalise(text: str) -> bytes:
    return " ".join(str(text or "").split()).upper().encode("utf-8")


def lock_remaining(db: Database, at: datetime | None = None) -> int:
    """Seconds until sign-in is allowed again after too many wrong passcodes (0: allowed)."""
    moment = at or datetime.now(UTC)
    failures = storage.settings.passcode_failures_since(db, (moment - WINDOW).isoformat(timespec="microseconds"))
    extra = len(failures) - FREE_ATTEMPTS + 1
    if extra <= 0:
        return 0
    last = datetime.fromisoformat(failures[-1])
    unlock_at = last + timedelta(seconds=min(LOCK_SECONDS_PER_EXTRA_FAILURE * extra, WINDOW.total_seconds()))
    return max(0, int((unlock_at - moment).total_seconds() + 0.999))


def sign_in(db: Database, attempt: str, delay: float = WRONG_GUESS_DELAY_SECONDS) -> SignInResult:
    """Check a facilitator passcode; wrong guesses are slowed down and eventually locked out."""
    wait = lock_remaining(db)
    if wait:
        return SignInResult(False, f"Too many wrong passcodes. Please wait {wait} seconds and try again.", wait)
    expected, source = facilitator_passcode(db)
    # Generated passcodes are case- and space-insensitive; one set by the operator is exact.
    if source == "generated":
        ok = hmac.compare_digest(_normalise(attempt), _normalise(expected))
    else:
        ok = hmac.compare_digest(str(attempt or "").encode("utf-8"), expected.encode("utf-8"))
    storage.settings.record_passcode_attempt(db, ok)
    if ok:
        return SignInResult(True, "Signed in.")
    time.sleep(delay)
    wait = lock_remaining(db)
    if wait:
        return SignInResult(
            False, f"That passcode is not right. Too many wrong tries: please wait {wait} seconds.", wait
        )
    return SignInResult(False, "That passcode is not right. Check it in the terminal that started the app.")


def main() -> None:
    """Prepare the database and print the facilitator passcode (run before the server starts)."""
    announce_passcode(storage.connect())


if __name__ == "__main__":
    main()
