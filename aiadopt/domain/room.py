"""The live room: phases every screen follows, a shared timer, presence, and what the big screen reveals.

Pure rules over a workshop row and the time now; the services apply them and storage keeps them.
"""

from __future__ import annotations

import ipaddress
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.ranking.criteria import PRESETS
from aiadopt.domain.ranking.saved_sets import check_weight_set

WELCOME, CAPTURE, GROUP, VOTE, RESULTS, CLOSED = "welcome", "capture", "group", "vote", "results", "closed"
CONTRIBUTE_PAGE, VOTE_PAGE = "contribute", "vote"  # the two participant pages a phase may show
# What the projector shows besides the join bar and who is here, by name.
PANEL_QR, PANEL_ARRIVALS, PANEL_VOTERS, PANEL_RESULTS = "qr", "arrivals", "voters", "results"


@dataclass(frozen=True)
class Phase:
    """One phase of the live room: what participants read, what it opens, and what each screen shows.

    Everything about a phase is here: pages ask its record, never chain `if`s over phase names.
    """

    key: str
    label: str
    participant_message: str  # what a participant's screen says (plain words, never about technology)
    setup_help: str  # what the facilitator reads about it on Set up
    opens_entries: bool = False
    opens_voting: bool = False
    newcomers_may_join: bool = True
    participant_page: str = CONTRIBUTE_PAGE
    projector_panels: tuple[str, ...] = ()

    def shows(self, panel: str) -> bool:
        """Whether the projector shows this panel in this phase."""
        return panel in self.projector_panels


PHASES: tuple[Phase, ...] = (
    Phase(
        WELCOME,
        N_("Welcome"),
        N_("Welcome! The workshop starts in a moment. Keep this page open: it moves on by itself."),
        N_("people join and wait"),
        projector_panels=(PANEL_QR, PANEL_ARRIVALS),
    ),
    Phase(
        CAPTURE,
        N_("Capture"),
        N_("Add the pain points of your work: the slow, repetitive or error-prone parts of your week."),
        N_("they add pain points"),
        opens_entries=True,
        projector_panels=(PANEL_QR, PANEL_ARRIVALS),
    ),
    Phase(
        GROUP,
        N_("Group"),
        N_("Thank you! The facilitator is grouping similar pain points. Voting opens in a moment."),
        N_("they wait while you merge duplicates"),
        projector_panels=(PANEL_ARRIVALS,),
    ),
    Phase(
        VOTE,
        N_("Vote"),
        N_("Vote for the problems that cost your organisation the most."),
        N_("they spend their votes"),
        opens_voting=True,
        participant_page=VOTE_PAGE,
        projector_panels=(PANEL_VOTERS,),
    ),
    Phase(
        RESULTS,
        N_("Results"),
        N_("Thank you for taking part. The results are on the big screen."),
        N_("the top candidates appear on the projector when you reveal them"),
        projector_panels=(PANEL_RESULTS,),
    ),
    Phase(
        CLOSED,
        N_("Closed"),
        N_("This workshop has closed. Thank you for taking part."),
        N_("the join link takes no newcomers; people who joined still see their own entries"),
        newcomers_may_join=False,
        projector_panels=(PANEL_RESULTS,),
    ),
)
PHASES_BY_KEY: dict[str, Phase] = {phase.key: phase for phase in PHASES}
DEFAULT_PHASE = CAPTURE  # a facilitator who never touches the phases gets the app as it always was


def phases_help() -> str:
    """The Set up caption about the phases, written from their records."""
    return " ".join(f"{phase.label}: {phase.setup_help}." for phase in PHASES)


MIN_TIMER_MINUTES = 0.5
MAX_TIMER_MINUTES = 120
TIMER_EXTENSION_MINUTES = 1
ACTIVE_SECONDS = 60  # a participant whose screen checked in within this is "active now"
SEEN_EVERY_SECONDS = 30  # how often a waiting screen records that it is still there
# A screen's second sign of life comes sooner: from then on it counts as someone who joined (a mere
# visit of the link, or the same person scanning the code twice, does not).
FIRST_SEEN_AGAIN_SECONDS = 10
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


def check_phase(phase: object) -> Phase:
    """A phase, from its key; refused in plain words when there is no such phase."""
    text = str(phase.key if isinstance(phase, Phase) else phase or "").strip().lower()
    if text not in PHASES_BY_KEY:
        raise ValidationError(
            {"phase": Message("Choose one of the phases: {phases}.", phases=", ".join(p.label for p in PHASES))}
        )
    return PHASES_BY_KEY[text]


def phase_of(workshop: Mapping) -> Phase:
    """The workshop's phase (older rows without one are in Capture)."""
    return PHASES_BY_KEY.get(str(workshop.get("phase") or DEFAULT_PHASE), PHASES_BY_KEY[DEFAULT_PHASE])


# Before the phase alone decided what is open, Set up had two switches beside it. Each old
# (phase, open for entries, open for voting) maps to the phase that opens the same; a workshop
# closed by hand is Closed. Used by the migration and when restoring an older backup.
_PHASE_OF_OLD_SWITCHES = {
    (CAPTURE, False, True): VOTE,
    (CAPTURE, False, False): CLOSED,
    (VOTE, True, False): CAPTURE,
    (VOTE, False, False): CLOSED,
}


def phase_from_switches(phase: object, entries_open: object, voting_open: object) -> str:
    """The phase of a workshop stored with the old open/closed switches."""
    key = str(phase or DEFAULT_PHASE)
    return _PHASE_OF_OLD_SWITCHES.get((key, bool(entries_open), bool(voting_open)), key)


def next_phase(phase: Phase) -> Phase | None:
    """The phase after this one, or None after the last."""
    position = PHASES.index(phase)
    return PHASES[position + 1] if position + 1 < len(PHASES) else None


def check_timer_minutes(minutes: object) -> float:
    """A timer length in minutes, refused in plain words when zero, negative, absurd or not a number."""
    try:
        value = float(str(minutes).replace(",", ".").strip())
    except (TypeError, ValueError):
        raise ValidationError({"timer": N_("The timer needs a number of minutes, for example 5.")}) from None
    if value != value or not MIN_TIMER_MINUTES <= value <= MAX_TIMER_MINUTES:  # value != value: not a number
        raise ValidationError(
            {
                "timer": Message(
                    "Set the timer between {least} and {most} minutes.",
                    least=MIN_TIMER_MINUTES,
                    most=MAX_TIMER_MINUTES,
                )
            }
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


def timer_of(workshop: Mapping) -> Timer:
    """The workshop's timer (none running when no end time is stored)."""
    return Timer(parse_time(workshop.get("timer_ends_at")), bool(workshop.get("timer_closes_phase")))


def clock_text(seconds: float | None) -> str:
    """Seconds left as a clock, e.g. '4:05'; '' without a timer."""
    if seconds is None:
        return ""
    whole = math.ceil(seconds)  # 0.2 s left still shows 0:01, so 0:00 means the time is up
    return f"{whole // 60}:{whole % 60:02d}"


def _closed_by_timer(workshop: Mapping, at: datetime) -> bool:
    timer = timer_of(workshop)
    return timer.closes_phase and timer.ran_out(at)


def entries_open(workshop: Mapping, at: datetime) -> bool:
    """Whether participants may add and change entries now: the phase opens them and no timer closed it."""
    return phase_of(workshop).opens_entries and not _closed_by_timer(workshop, at)


def voting_open(workshop: Mapping, at: datetime) -> bool:
    """Whether participants may change their votes now: the phase opens voting and no timer closed it."""
    return phase_of(workshop).opens_voting and not _closed_by_timer(workshop, at)


def joinable(workshop: Mapping) -> bool:
    """Whether a newcomer may join in the workshop's phase."""
    return phase_of(workshop).newcomers_may_join


def active_since(at: datetime) -> datetime:
    """Screens that checked in from this moment on are "active now"."""
    return at - timedelta(seconds=ACTIVE_SECONDS)


TIMER_PRESETS = (1, 3, 5, 10)  # minutes, one click each on the presenter view


@dataclass(frozen=True)
class RoomRanking:
    """The ranking the projector's results follow, chosen for the room on the Rank page."""

    name: str
    weights: Mapping[str, float]
    gates: Mapping[str, str]


DEFAULT_RANKING_NAME = "Balanced"


def room_ranking_of(stored: object) -> RoomRanking:
    """The room's ranking from its stored JSON; Balanced with the default gates when none (or unreadable)."""
    try:
        data = json.loads(str(stored or ""))
        weights, gates = check_weight_set(data["weights"], data["gates"])
        return RoomRanking(str(data.get("name") or "Chosen")[:80], weights, gates)
    except (ValueError, KeyError, TypeError):
        return RoomRanking(DEFAULT_RANKING_NAME, dict(PRESETS[DEFAULT_RANKING_NAME]), {})


@dataclass(frozen=True)
class RoomState:
    """What every screen in the room needs to know now, read from the workshop at one moment."""

    workshop_id: int
    phase: Phase
    version: int
    entries_open: bool
    voting_open: bool
    timer: Timer
    timer_remaining: float | None  # seconds left, None without a timer
    anonymous: bool
    results_revealed: int
    votes_each: int
    qr_shown: bool = False  # the presenter put the QR code large on the big screen
    ranking: RoomRanking | None = None  # what the projector's results follow

    @property
    def timer_ends_at(self) -> datetime | None:
        """When the timer runs out (None without one)."""
        return self.timer.ends_at


def room_state_of(workshop: Mapping, at: datetime) -> RoomState:
    """The room of a workshop row at a moment."""
    timer = timer_of(workshop)
    return RoomState(
        workshop_id=int(workshop["id"]),
        phase=phase_of(workshop),
        version=int(workshop.get("room_version") or 0),
        entries_open=entries_open(workshop, at),
        voting_open=voting_open(workshop, at),
        timer=timer,
        timer_remaining=timer.remaining_seconds(at),
        anonymous=bool(workshop.get("anonymous")),
        results_revealed=int(workshop.get("results_revealed") or 0),
        votes_each=int(workshop.get("dots_per_participant") or 0),
        qr_shown=bool(workshop.get("projector_qr")),
        ranking=room_ranking_of(workshop.get("room_ranking")),
    )


VOTING_NOT_STARTED = N_(
    "Voting has not started yet. The facilitator will open it once everyone's pain points are in "
    "and similar ones have been grouped."
)
VOTING_CLOSED = N_("Voting has closed. Thank you: the results are on the big screen.")


def vote_page_message(state: RoomState) -> str:
    """What the vote page says while voting is not open: not yet, closed, or the phase's own words."""
    if state.phase.opens_voting:
        return VOTING_CLOSED  # its timer ran out
    voting_phases = [position for position, phase in enumerate(PHASES) if phase.opens_voting]
    if voting_phases and PHASES.index(state.phase) < voting_phases[0]:
        return VOTING_NOT_STARTED
    return state.phase.participant_message


def revealed_count(revealed: int, available: int) -> int:
    """How many of the top candidates the big screen shows: none until the facilitator reveals them."""
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
