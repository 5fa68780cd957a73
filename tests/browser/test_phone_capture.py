"""Issue 18, findings 1 and 2, on a phone-sized screen: a double tap saves once with one confirmation and
no false error; a phase change keeps what someone is typing, read-only, and says so at once."""

from __future__ import annotations

import pytest

from aiadopt.domain import room
from aiadopt.services.capture import list_pain_points
from aiadopt.services.room import open_phase
from aiadopt.services.workshops import get_workshop
from scripts.live_server import wait_for_app
from tests.browser.conftest import screenshot
from tests.factories import make_workshop

pytestmark = pytest.mark.browser
SAVED = "Saved. Thank you! Add another one whenever you are ready."


def joined_phone(server, server_db, new_page, name: str):
    workshop_id, _ = make_workshop(server_db, name=name, department="Finance")
    phone = new_page(width=390, height=844)
    phone.goto(f"{server.url}/?join={get_workshop(server_db, workshop_id)['join_code']}")
    wait_for_app(phone)
    phone.get_by_role("textbox", name="Short title").wait_for()
    return workshop_id, phone


@pytest.mark.parametrize("gap_ms", [0, 300])
def test_a_double_tap_on_save_saves_once_and_says_so_once(server, server_db, new_page, gap_ms):
    workshop_id, phone = joined_phone(server, server_db, new_page, f"Double tap {gap_ms}")
    phone.get_by_role("textbox", name="Short title").fill("Chasing signatures on purchase orders")
    save = phone.get_by_role("button", name="Save pain point")
    if gap_ms:
        save.click()
        phone.wait_for_timeout(gap_ms)
        save.click(force=True)  # the second tap, wherever the button is by then
    else:
        save.dblclick()
    phone.get_by_text(SAVED).wait_for()
    phone.wait_for_timeout(1500)  # any second run has ended by now
    wait_for_app(phone)
    assert phone.get_by_text(SAVED).count() == 1
    assert phone.get_by_text("Some answers need a second look").count() == 0
    assert phone.get_by_text("Short title is needed").count() == 0
    assert [p["title"] for p in list_pain_points(server_db, workshop_id)] == ["Chasing signatures on purchase orders"]
    screenshot(phone, f"phone-double-tap-{gap_ms}.png")


def test_moving_the_room_on_keeps_what_is_being_typed(server, server_db, new_page):
    workshop_id, phone = joined_phone(server, server_db, new_page, "Typing through a phase change")
    title = phone.get_by_role("textbox", name="Short title")
    title.fill("Half-typed: quotes wait for a second signature")
    open_phase(server_db, workshop_id, room.GROUP)
    phone.get_by_text("stays in the form").wait_for(timeout=(room.POLL_SECONDS + 10) * 1000)
    wait_for_app(phone)
    assert title.input_value() == "Half-typed: quotes wait for a second signature" and title.is_disabled()
    assert phone.get_by_role("button", name="Save pain point").is_disabled()
    screenshot(phone, "phone-entries-closed-text-kept.png")
    open_phase(server_db, workshop_id, room.CAPTURE)
    phone.wait_for_function(
        "() => { const f = [...document.querySelectorAll('input')].find(i => i.getAttribute('aria-label') === "
        "'Short title' || (i.labels && [...i.labels].some(l => l.innerText.includes('Short title')))); "
        "return f && !f.disabled; }",
        timeout=(room.POLL_SECONDS + 10) * 1000,
    )
    assert title.input_value() == "Half-typed: quotes wait for a second signature"
    phone.get_by_role("button", name="Save pain point").click()
    phone.get_by_text(SAVED).wait_for()
    assert [p["title"] for p in list_pain_points(server_db, workshop_id)] == [
        "Half-typed: quotes wait for a second signature"
    ]
