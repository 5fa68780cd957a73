"""The main capture journey in a real browser."""

from __future__ import annotations

import pytest

from aiadopt import storage
from scripts.live_server import sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE, screenshot

pytestmark = pytest.mark.browser


def test_participant_entry_through_join_link_reaches_facilitator_table(server, new_page):
    db = server.db()
    workshop_id = storage.create_workshop(db, name="Browser journey workshop")
    storage.add_department(db, workshop_id, "Finance")
    code = storage.get_workshop(db, workshop_id)["join_code"]

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
    participant.get_by_role("tab", name="Your entries").click()
    participant.get_by_text("Choose an entry to edit or delete").wait_for()

    facilitator = new_page()
    sign_in_as_facilitator(facilitator, server.url, PASSCODE)
    facilitator.get_by_role("link", name="Pain points").click()
    facilitator.get_by_role("heading", name="Pain points").wait_for()
    facilitator.get_by_text("1 of 1").wait_for()
    stored = storage.list_pain_points(server.db(), workshop_id)
    assert [row["title"] for row in stored] == ["Chasing signatures on purchase orders"]
    assert stored[0]["source"] == "participant"
    screenshot(facilitator, "capture-facilitator-table.png")
    screenshot(participant, "capture-participant.png")
