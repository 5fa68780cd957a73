"""Guessing slowed down: how long a client waits after wrong passcodes or join codes.

Counted per client (its browser session and its address), never for everyone at once: a guest who
guesses wrong many times makes themselves wait, not the facilitator.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
SECONDS_PER_EXTRA_FAILURE = 30  # each wrong guess past the free ones adds this much
LONGEST_WAIT = WINDOW


def wait_seconds(failures: Sequence[datetime], free: int, at: datetime) -> int:
    """Whole seconds still to wait at `at` after these failures (oldest first); 0 when trying is allowed.

    The first `free` failures cost nothing; the next one locks for 30 s, then 60 s, 90 s, ... up to
    15 minutes from the last failure.
    """
    extra = len(failures) - free + 1
    if extra <= 0 or not failures:
        return 0
    lock = min(SECONDS_PER_EXTRA_FAILURE * extra, LONGEST_WAIT.total_seconds())
    remaining = (failures[-1] + timedelta(seconds=lock) - at).total_seconds()
    return max(0, math.ceil(remaining))


def everyone_delay(recent_failures: int, calm: int, step: float, longest: float) -> float:
    """Seconds every attempt waits while the whole server sees many wrong guesses (never a refusal).

    Up to `calm` failures in the last minute cost nothing; each one more adds `step`, up to `longest`.
    """
    return min(longest, max(0, recent_failures - calm) * step)
