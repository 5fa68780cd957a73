"""The live room's rules: what each phase opens, the timer's arithmetic, presence, the join address."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain import room
from aiadopt.domain.pain_points import ValidationError

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def workshop_row(**columns) -> dict:
    return {"id": 1, "phase": "capture", "timer_ends_at": None, "timer_closes_phase": 0} | columns


@pytest.mark.parametrize(
    ("phase", "entries", "voting", "joinable"),
    [
        ("welcome", False, False, True),
        ("capture", True, False, True),
        ("group", False, False, True),
        ("vote", False, True, True),
        ("results", False, False, True),
        ("closed", False, False, False),
    ],
)
def test_each_phase_opens_what_it_says(phase, entries, voting, joinable):
    row = workshop_row(phase=phase)
    assert room.entries_open(row, T0) is entries
    assert room.voting_open(row, T0) is voting
    assert room.joinable(row) is joinable
    state = room.room_state_of(row, T0)  # what every screen reads: the same answers, from the phase alone
    assert (state.entries_open, state.voting_open, state.phase.key) == (entries, voting, phase)


def test_a_workshop_closed_by_hand_refuses_newcomers():
    assert not room.joinable(workshop_row(phase=room.CLOSED))
    assert room.phase_of({"phase": None}).key == room.CAPTURE  # rows from before phases existed


@pytest.mark.parametrize(
    ("phase", "entries_open", "voting_open", "expected"),
    [
        ("capture", 1, 0, "capture"),
        ("capture", 0, 1, "vote"),
        ("capture", 0, 0, "closed"),  # closed by hand with the old switch
        ("vote", 0, 1, "vote"),
        ("vote", 0, 0, "closed"),
        ("group", 0, 0, "group"),
        (None, 1, 0, "capture"),
    ],
)
def test_the_old_open_and_closed_switches_become_the_phase_that_opens_the_same(
    phase, entries_open, voting_open, expected
):
    assert room.phase_from_switches(phase, entries_open, voting_open) == expected


def test_the_set_up_caption_is_written_from_every_phase_record():
    text = room.phases_help()
    for phase in room.PHASES:
        assert f"{phase.label}: {phase.setup_help}." in text


@pytest.mark.parametrize("minutes", [0, -5, 0.1, 121, 10_000, "soon", None, float("nan"), float("inf")])
def test_a_zero_negative_or_absurd_timer_is_refused_plainly(minutes):
    with pytest.raises(ValidationError, match="minutes"):
        room.check_timer_minutes(minutes)


@pytest.mark.parametrize(("minutes", "expected"), [(5, 5.0), ("2,5", 2.5), (" 120 ", 120.0), (0.5, 0.5)])
def test_a_sensible_timer_is_kept(minutes, expected):
    assert room.check_timer_minutes(minutes) == expected


def test_the_timer_counts_down_to_its_stored_end_and_may_close_its_phase():
    ends = room.timer_end(T0, 5)
    row = workshop_row(timer_ends_at=ends.isoformat(), timer_closes_phase=1)
    timer = room.timer_of(row)

    def clock_at(moment):  # what every screen shows at a given moment (fixed moments, no clock read)
        return room.clock_text(timer.remaining_seconds(moment))

    just_before_the_end = ends - timedelta(seconds=1)
    after_55 = T0 + timedelta(seconds=55)
    assert [clock_at(T0), clock_at(after_55), clock_at(T0 + timedelta(minutes=7))] == ["5:00", "4:05", "0:00"]
    assert timer.ran_out(ends)
    assert not timer.ran_out(just_before_the_end)
    assert room.entries_open(row, T0 + timedelta(minutes=4))
    assert not room.entries_open(row, ends)  # ran out: the phase closes
    assert room.entries_open(row | {"timer_closes_phase": 0}, ends)  # a timer that only shows time


@given(st.floats(min_value=0, max_value=7200, allow_nan=False))
def test_the_clock_never_shows_zero_before_the_time_is_up(remaining):
    text = room.clock_text(remaining)
    minutes, secs = text.split(":")
    # Rounded up to the whole second: "0:00" only when nothing is left.
    assert int(minutes) * 60 + int(secs) == math.ceil(remaining)


def test_presence_counts_a_screen_seen_within_a_minute_as_active():
    assert room.active_since(T0) == T0 - timedelta(minutes=1)


def test_results_stay_hidden_until_revealed():
    assert room.revealed_count(0, 10) == 0
    assert room.revealed_count(3, 10) == 3
    assert room.revealed_count(30, 10) == 10
    assert room.revealed_count(-1, 7) == 7


@pytest.mark.parametrize(
    ("configured", "browser", "lan", "expected", "reachable"),
    [
        ("http://room.example:9000/", "http://localhost:8501/", "192.168.1.20", "http://room.example:9000", True),
        (None, "http://192.168.1.5:8600/?join=X", "10.0.0.2", "http://192.168.1.5:8600", True),
        (None, "http://localhost:8501/", "192.168.1.20", "http://192.168.1.20:8502", True),
        (None, "http://127.0.0.1:8501/", None, "http://localhost:8502", False),
        (None, "http://[::1]:8501/", "127.0.0.1", "http://localhost:8502", False),
        (None, None, "192.168.1.20", "http://192.168.1.20:8502", True),
    ],
)
def test_the_join_address_is_never_loopback_when_the_room_has_a_network(configured, browser, lan, expected, reachable):
    address = room.choose_join_address(configured, browser, lan, 8502)
    assert address.base == expected
    assert address.reachable is reachable
