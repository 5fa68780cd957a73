"""The main capture journey in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiadopt.domain import room
from aiadopt.services import backup
from aiadopt.services.capture import list_pain_points
from aiadopt.services.room import open_phase
from aiadopt.services.voting import votes_by_pain_point
from aiadopt.services.workshops import create_workshop, get_workshop, list_departments, start_interview
from scripts.live_server import choose_tab, open_page, sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE, screenshot
from tests.factories import make_pain_point, make_workshop

pytestmark = pytest.mark.browser


def test_participant_entry_through_join_link_reaches_facilitator_table(server, server_db, new_page):
    workshop_id, _ = make_workshop(server_db, name="Browser journey workshop")
    code = get_workshop(server_db, workshop_id)["join_code"]

    participant = new_page(width=420, height=900)  # a phone-sized screen
    participant.goto(f"{server.url}/?join={code}")
    wait_for_app(participant)
    participant.get_by_role("textbox", name="Short title").fill("Chasing signatures on purchase orders")
    participant.get_by_role("textbox", name="What goes wrong").fill("Orders wait days for a second signature.")
    participant.get_by_role("button", name="Save pain point").click()
    participant.get_by_text("Saved. Thank you!").wait_for()

    # The participant's identity survives a refresh: their entry is still theirs.
    participant.reload()
    wait_for_app(participant)
    choose_tab(participant, "Your entries")
    participant.get_by_text("Choose an entry to edit or delete").wait_for()

    facilitator = new_page()
    sign_in_as_facilitator(facilitator, server.url, PASSCODE)
    open_page(facilitator, "Pain points")
    facilitator.get_by_role("heading", name="Pain points").wait_for()
    facilitator.get_by_text("1 of 1").wait_for()
    wait_for_app(facilitator)
    # The room keeps typing: the facilitator's table announces new entries by itself.
    choose_tab(participant, "Add a pain point")
    participant.get_by_role("textbox", name="Short title").fill("Month-end pack built by hand")
    participant.get_by_role("button", name="Save pain point").click()
    facilitator.get_by_text("1 new pain point has arrived.").wait_for(timeout=20_000)
    facilitator.get_by_role("button", name="Show", exact=True).click()
    facilitator.get_by_text("2 of 2").wait_for()
    stored = list_pain_points(server_db, workshop_id)
    assert [row["title"] for row in stored] == ["Chasing signatures on purchase orders", "Month-end pack built by hand"]
    assert stored[0]["source"] == "participant"
    screenshot(facilitator, "capture-facilitator-table.png")
    screenshot(participant, "capture-participant.png")


HOSTILE = (
    '![pixel](http://tracker.example/pixel.png) <img src="http://tracker.example/img.png"> '
    '<script>document.title="pwned"</script> [click](javascript:alert(1))'
)


def test_hostile_text_fetches_nothing_and_runs_nothing(server, server_db, new_page):
    workshop_id, department_id = make_workshop(
        server_db, name="Hostile text check", department="![d](http://tracker.example/dept.png)"
    )
    interview_id = start_interview(server_db, workshop_id, department_id)
    for number in range(2):
        make_pain_point(
            server_db,
            workshop_id,
            department_id,
            interview_id=interview_id,
            title=f"{HOSTILE[:110]} {number}",
            description=HOSTILE,
            owner_name="<b>boss</b>",
            frequency_count=2,
            minutes_per_occurrence=30,
        )
    page = new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in_as_facilitator(page, server.url, PASSCODE)  # the newest workshop is chosen on sign-in
    for link, heading in (
        ("Pain points", "Pain points"),
        ("Interview", "Interview a department"),
        ("Consolidate", "Consolidate into candidate workflows"),
        ("Rank", "Rank candidates for a first pilot"),
        ("Pilot charter", "Pilot charter"),
    ):
        open_page(page, link)
        page.get_by_role("heading", name=heading).first.wait_for()
        wait_for_app(page)
        live = page.locator("a[href*='tracker.example'], a[href^='javascript'], img[src*='tracker.example']")
        assert live.count() == 0, link  # shown as text, never as a link or an image
    assert not [url for url in requested if "tracker.example" in url or url.startswith("javascript:")]
    assert page.title() != "pwned"
    screenshot(page, "hostile-charter.png")


def test_participant_moves_between_adding_and_voting_and_keeps_their_identity(server, server_db, new_page):
    workshop_id, department_id = make_workshop(server_db, name="Voting journey", department="Sales")
    for title in ("Quotes wait for approval", "Prices typed twice"):
        make_pain_point(server_db, workshop_id, department_id, title=title)  # 3 a week, 20 minutes, 2 people
    open_phase(server_db, workshop_id, "vote")
    code = get_workshop(server_db, workshop_id)["join_code"]

    phone = new_page(width=400, height=900)
    phone.goto(f"{server.url}/?join={code}")  # the room is voting: the link opens the vote page
    wait_for_app(phone)
    phone.get_by_role("heading", name="Vote: what should be fixed first?").wait_for()
    wait_for_app(phone)
    assert f"join={code}" in phone.url and "me=" in phone.url
    votes = phone.get_by_role("spinbutton")
    votes.first.fill("3")
    votes.nth(1).fill("2")
    phone.get_by_role("button", name="Save my votes").click()
    phone.get_by_text("Saved: 5 of 5 votes.").wait_for()
    phone.reload()
    wait_for_app(phone)
    phone.get_by_text("5 of 5 votes saved").wait_for()  # a refresh keeps who they are
    me = phone.url.split("me=")[1].split("&")[0]
    open_phase(server_db, workshop_id, "capture")  # the room goes back to adding: the phone follows by itself
    phone.get_by_role("tab", name="Add a pain point").wait_for(timeout=(room.POLL_SECONDS + 15) * 1000)
    assert f"me={me}" in phone.url  # the same person on the other page
    assert sum(votes_by_pain_point(server_db, workshop_id).values()) == 5


def test_a_refused_department_name_stays_in_the_box_to_correct(server, server_db, new_page):
    create_workshop(server_db, name="Department form check")
    page = new_page()
    sign_in_as_facilitator(page, server.url, PASSCODE)
    choose_tab(page, "Departments")
    name_box = page.get_by_role("textbox", name="Department name")
    too_long = "Customer operations and service excellence department for the northern region" + "s" * 10
    name_box.fill(too_long)
    page.get_by_role("button", name="Add department").click()
    page.get_by_text("too long").first.wait_for()
    wait_for_app(page)
    assert page.get_by_role("textbox", name="Department name").input_value() == too_long
    page.get_by_role("textbox", name="Department name").fill("Customer operations")
    page.get_by_role("button", name="Add department").click()
    page.get_by_text("Department added: Customer operations.").wait_for()
    wait_for_app(page)
    screenshot(page, "department-added.png")
    assert page.get_by_role("textbox", name="Department name").input_value() == ""


def test_the_backup_downloads_in_the_browser_and_restores_elsewhere(server, server_db, other_db, new_page):
    make_workshop(server_db, name="Backup by browser")
    page = new_page()
    sign_in_as_facilitator(page, server.url, PASSCODE)
    open_page(page, "Back up and restore")
    page.get_by_role("heading", name="Back up and restore").wait_for()
    wait_for_app(page)
    choose_tab(page, "Back up this workshop")
    wait_for_app(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the backup").click()
    data = Path(download_info.value.path()).read_bytes()
    target = other_db
    restored = backup.restore_workshop(target, data)
    assert get_workshop(target, restored)["name"] == "Backup by browser"
    assert [d["name"] for d in list_departments(target, restored)] == ["Finance"]
