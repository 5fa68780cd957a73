"""The live room in a real browser: phases move phones without a reload, the projector counts, one timer."""

from __future__ import annotations

import re

import pytest

from aiadopt.domain import room
from aiadopt.services import room as room_service
from aiadopt.services.workshops import get_workshop
from scripts.live_server import open_page, sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE, screenshot
from tests.factories import make_pain_point, make_workshop

pytestmark = pytest.mark.browser
FOLLOW_MS = (room.POLL_SECONDS + 10) * 1000  # a poll, plus a page run, on a busy test machine


def test_opening_voting_moves_a_participants_screen_without_a_reload(server, server_db, new_page):
    workshop_id, department_id = make_workshop(server_db, name="Phases workshop")
    make_pain_point(server_db, workshop_id, department_id, title="Re-keying supplier invoices")
    code = get_workshop(server_db, workshop_id)["join_code"]
    phone = new_page(width=400, height=860)
    phone.goto(f"{server.url}/?join={code}")
    wait_for_app(phone)
    phone.get_by_role("textbox", name="Short title").wait_for()
    phone.evaluate("window.sameDocument = true")  # gone if the page is ever reloaded

    facilitator = new_page()
    sign_in_as_facilitator(facilitator, server.url, PASSCODE)
    open_page(facilitator, "Run the room")
    facilitator.get_by_test_id("stMain").get_by_test_id("stButtonGroup").first.get_by_text("Vote", exact=True).click()
    facilitator.get_by_text("The room moved to Vote.").wait_for()

    phone.get_by_role("heading", name="Vote: what should be fixed first?").wait_for(timeout=FOLLOW_MS)
    phone.get_by_text("Re-keying supplier invoices").first.wait_for()
    assert phone.evaluate("window.sameDocument === true")  # moved without a reload
    assert room_service.room_state(server_db, workshop_id).phase.key == room.VOTE
    screenshot(phone, "room-phone-follows-vote.png")


def test_the_projector_counts_a_new_pain_point_by_itself(server, server_db, new_page):
    workshop_id, department_id = make_workshop(server_db, name="Projector workshop", department="Logistics")
    projector = new_page(width=1920, height=1080)
    sign_in_as_facilitator(projector, server.url, PASSCODE)  # the newest workshop is the one chosen
    open_page(projector, "Projector")
    projector.get_by_text("Projector workshop").wait_for()
    wait_for_app(projector)
    assert not projector.locator("[data-testid='stSidebar']").is_visible()  # the big screen has no sidebar
    count = projector.locator("[data-testid='stMetric']").filter(has_text="Pain points")
    count.get_by_text("0", exact=True).wait_for()
    make_pain_point(server_db, workshop_id, department_id, title="Waiting for depot confirmations")
    count.get_by_text("1", exact=True).wait_for(timeout=FOLLOW_MS)  # no reload: the screen refreshes itself
    assert projector.get_by_text("Waiting for depot confirmations").count() == 0  # words only when revealed
    screenshot(projector, "projector-counts.png")


def test_two_screens_count_down_to_the_same_stored_moment(server, server_db, new_page):
    workshop_id, _ = make_workshop(server_db, name="Timer workshop")
    code = get_workshop(server_db, workshop_id)["join_code"]
    room_service.start_timer(server_db, workshop_id, 10)
    stored_end_ms = int(room_service.room_state(server_db, workshop_id).timer_ends_at.timestamp() * 1000)
    ends = []
    for _ in range(2):
        page = new_page(width=400, height=860)
        page.goto(f"{server.url}/?join={code}")
        wait_for_app(page)
        frame = page.frame_locator("iframe").first
        frame.locator("#t").wait_for()
        ends.append(int(re.search(r"const end = (\d+)", frame.locator("body").inner_html()).group(1)))
    assert ends == [stored_end_ms, stored_end_ms]  # both browsers count down to the one stored end


def name_fields_shown(server, server_db, new_page, anonymous: bool) -> int:
    """How many name fields a participant's detailed form holds, in a workshop anonymous or not."""
    workshop_id, _ = make_workshop(server_db, name=f"Anonymous {anonymous} workshop")
    room_service.set_anonymous(server_db, workshop_id, anonymous)
    code = get_workshop(server_db, workshop_id)["join_code"]
    phone = new_page(width=400, height=860)
    phone.goto(f"{server.url}/?join={code}")
    wait_for_app(phone)
    phone.get_by_role("switch", name="Add more detail (optional)").click(force=True)
    phone.get_by_text("How it is done today (optional)").wait_for()  # the detailed form is drawn
    wait_for_app(phone)
    for section in ("What good would look like (optional)",):
        phone.get_by_text(section).click()
    wait_for_app(phone)
    return phone.get_by_text("Your name").count() + phone.get_by_text("Who would own fixing it").count()


def test_an_anonymous_workshop_shows_no_name_field(server, server_db, new_page):
    assert name_fields_shown(server, server_db, new_page, anonymous=False) >= 1
    assert name_fields_shown(server, server_db, new_page, anonymous=True) == 0
