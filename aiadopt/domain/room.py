"""The live room: phases every screen follows, a shared timer, presence, and what the big screen reveals.

Pure rules over a workshop row and the time now; the services apply them and storage keeps them.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from aiadopt.domain.pain_points import ValidationError

WELCOME, CAPTURE, GROUP, VOTE, RESULTS = "welcome", "capture", "group", "vote", "results"
PHASES: tuple[str, ...] = (WELCOME, CAPTURE, GROUP, VOTE, RESULTS)
PHASE_LABELS: dict[str, str] = {
    WELCOME: "Welcome",
    CAPTURE: "Capture",
    GROUP: "Group",
    VOTE: "Vote",
    RESULTS: "Results",
}
# What a participant's screen says in each phase (plain words, never about technology).
PHASE_MESSAGES: dict[str, str] = {
    WELCOME: "Welcome! The workshop starts in a moment. Keep this page open: it moves on by itself.",
    CAPTURE: "Add the pain points of your work: the slow, repetitive or error-prone parts of your week.",
    GROUP: "Thank you! The facilitator is grouping similar pain points. Voting opens in a moment.",
    VOTE: "Vote for the problems that cost your organisation the most.",
    RESULTS: "Thank you for taking part. The results are on the big screen.",
}
# Each phase opens entries, voting, both or neither. A new workshop starts in Capture, so a
# facilitator who never touches the phases gets the app as it always was.
PHASE_OPENS: dict[str, tuple[bool, bool]] = {
    WELCOME: (False, False),
    CAPTURE: (True, False),
    GROUP: (False, False),
    VOTE: (False, True),
    RESULTS: (False, False),
}
DEFAULT_PHASE = CAPTURE
# Phases in which newcomers may join even though neither entries nor voting are open.
WAITING_PHASES = (WELCOME, GROUP, RESULTS)

MIN_TIMER_MINUTES = 0.5
MAX_TIMER_MINUTES = 120
TIMER_EXTENSION_MINUTES = 1
ACTIVE_SECONDS = 60  # a participant whose screen checked in within this is "active now"
SEEN_EVERY_SECONDS = 30  # how often a waiting screen records that it is still there
POLL_SECONDS = 5  # how often a participant's screen checks the room (a phase change arrives within this)


def now_utc() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def parse_time(text: object) -> datetime | None:
    """A stored ISO time, or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_phase(phase: object) -> str:
    """A phase name, checked."""
    text = str(phase or "").strip().lower()
    if text not in PHASES:
        raise ValidationError({"phase": "Choose one of the phases: " + ", ".join(PHASE_LABELS.values()) + "."})
    return text


def phase_of(workshop: dict) -> str:
    """The workshop's phase (older rows without one are in Capture)."""
    phase = str(workshop.get("phase") or DEFAULT_PHASE)
    return phase if phase in PHASES else DEFAULT_PHASE


def phase_changes(phase: str) -> dict:
    """The workshop columns that moving to `phase` sets: the phase itself and what it opens."""
    entries, voting = PHASE_OPENS[check_phase(phase)]
    return {"phase": phase, "is_open": int(entries), "voting_open": int(voting)}


def check_timer_minutes(minutes: object) -> float:
    """A timer length in minutes, refused in plain words when zero, negative, absurd or not a number."""
    try:
        value = float(str(minutes).replace(",", ".").strip())
    except (TypeError, ValueError):
        raise ValidationError({"timer": "The timer needs a number of minutes, for example 5."}) from None
    if value != value or not MIN_TIMER_MINUTES <= value <= MAX_TIMER_MINUTES:  # value != value: not a number
        raise ValidationError(
            {"timer": f"Set the timer between {MIN_TIMER_MINUTES:g} and {MAX_TIMER_MINUTES} minutes."}
        )
    return value


def timer_end(start: datetime, minutes: float) -> datetime:
    """When a timer started at `start` for `minutes` runs out."""
    return start + timedelta(minutes=minutes)


@dataclass(frozen=True)
class Timer:
    """A phase's timer as every screen shows it."""

    ends_at: datetime | None
    closes_phase: bool

    def remaining_seconds(self, at: datetime) -> float | None:
        """Seconds left (0 once it ran out), or None when no timer runs."""
        if self.ends_at is None:
            return None
        return max(0.0, (self.ends_at - at).total_seconds())

    def ran_out(self, at: datetime) -> bool:
        """Whether a running timer has reached its end."""
        return self.ends_at is not None and at >= self.ends_at


def timer_of(workshop: dict) -> Timer:
    """The workshop's timer (none running when no end time is stored)."""
    return Timer(parse_time(workshop.get("timer_ends_at")), bool(workshop.get("timer_closes_phase")))


def clock_text(seconds: float | None) -> str:
    """Seconds left as a clock, e.g. '4:05'; '' without a timer."""
    if seconds is None:
        return ""
    whole = math.ceil(seconds)  # 0.2 s left still shows 0:01, so 0:00 means the time is up
    return f"{whole // 60}:{whole % 60:02d}"


def entries_open(workshop: dict, at: datetime) -> bool:
    """Whether participants may add and change entries now (a timer that closes the phase counts)."""
    timer = timer_of(workshop)
    closed_by_timer = timer.closes_phase and timer.ran_out(at) and phase_of(workshop) == CAPTURE
    return bool(workshop["is_open"]) and not closed_by_timer


def voting_open(workshop: dict, at: datetime) -> bool:
    """Whether participants may change their votes now (a timer that closes the phase counts)."""
    timer = timer_of(workshop)
    closed_by_timer = timer.closes_phase and timer.ran_out(at) and phase_of(workshop) == VOTE
    return bool(workshop["voting_open"]) and not closed_by_timer


def joinable(workshop: dict) -> bool:
    """Whether a newcomer may join: entries or voting open, or the room waiting in a shared phase."""
    return bool(workshop["is_open"] or workshop["voting_open"] or phase_of(workshop) in WAITING_PHASES)


def is_active(last_seen: object, at: datetime) -> bool:
    """Whether a participant's screen checked in recently."""
    seen = parse_time(last_seen)
    return seen is not None and (at - seen).total_seconds() <= ACTIVE_SECONDS


def revealed_count(workshop: dict, available: int) -> int:
    """How many of the top candidates the big screen shows: none until the facilitator reveals them."""
    revealed = int(workshop.get("results_revealed") or 0)
    return available if revealed < 0 else min(revealed, available)


@dataclass(frozen=True)
class JoinAddress:
    """Where phones in the room open the app, and whether they can."""

    base: str
    reachable: bool  # False when only this machine can open it (a loopback address)
    source: str  # "configured", "browser" or "network"


def is_loopback_host(host: str) -> bool:
    """Whether a host name or address only ever means this machine."""
    name = host.strip("[]").lower()
    if name in ("localhost", "localhost.localdomain", "") or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback or ipaddress.ip_address(name).is_unspecified
    except ValueError:
        return False  # a host name: the room's network resolves it


def choose_join_address(
    configured: str | None, browser_url: str | None, lan_address: str | None, port: int
) -> JoinAddress:
    """The join address: the configured one; else the facilitator's browser's, when phones can reach it;
    else this machine's address on the local network with the port the server uses; else loopback (flagged)."""
    if configured:
        return JoinAddress(configured.rstrip("/"), True, "configured")
    if browser_url:
        parts = urlsplit(browser_url)
        if parts.hostname and not is_loopback_host(parts.hostname):
            return JoinAddress(f"{parts.scheme or 'http'}://{parts.netloc}", True, "browser")
    if lan_address and not is_loopback_host(lan_address):
        return JoinAddress(f"http://{lan_address}:{port}", True, "network")
    return JoinAddress(f"http://localhost:{port}", False, "network")
