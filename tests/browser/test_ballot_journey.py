"""A fair ballot on a phone (issue 18, item 4): only what can be ranked, each person's own order, kept
across pages and a reload, and a line of what each problem is about."""

from __future__ import annotations

import re

import pytest

from aiadopt.domain.voting import one_line
from aiadopt.services import sample
from aiadopt.services.capture import list_pain_points
from aiadopt.services.room import open_phase
from aiadopt.services.workshops import get_workshop
from scripts.live_server import wait_for_app
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 400, "height": 860}


def titles_on_screen(phone) -> list[str]:
    """The problem titles the ballot shows on this screen, top to bottom: each vote box is named by its
    title (for screen readers too), as Markdown made inert."""
    boxes = phone.get_by_role("spinbutton")
    names = [boxes.nth(n).get_attribute("aria-label") or "" for n in range(boxes.count())]
    return [re.sub(r"\\(.)", r"\1", name) for name in names]  # the escaping's backslashes taken off


def whole_ballot(phone) -> list[str]:
    """Every title, page after page, as this person is shown them; back on the first page afterwards."""
    seen = titles_on_screen(phone)
    forward = phone.get_by_role("button", name="Next problems")
    pages = 1
    while forward.count() and forward.is_enabled():
        forward.click()
        phone.get_by_text(f"Problems {pages * 10 + 1}–").wait_for()
        wait_for_app(phone)
        seen += titles_on_screen(phone)
        pages += 1
    for _ in range(pages - 1):
        phone.get_by_role("button", name="Previous problems").click()
        wait_for_app(phone)
    phone.get_by_text("Problems 1–10 of").wait_for()
    return seen


def open_ballot(new_page, url: str, code: str):
    phone = new_page(**PHONE)
    phone.goto(f"{url}/?join={code}")
    phone.get_by_role("heading", name="Vote: what should be fixed first?").wait_for()
    wait_for_app(phone)
    phone.get_by_text("Problems 1–10 of").wait_for()
    return phone


def test_two_phones_get_a_fair_ballot_each_in_their_own_order(server, server_db, new_page):
    workshop_id = sample.load_sample(server_db)
    open_phase(server_db, workshop_id, "vote")
    code = get_workshop(server_db, workshop_id)["join_code"]
    rows = list_pain_points(server_db, workshop_id)
    red = {r["title"] for r in rows if r["data_sensitivity"] == "red"}
    votable = {r["title"] for r in rows if r["data_sensitivity"] != "red" and not r["proposes_solution"]}
    assert len(red) == 4 and len(votable) == 30

    first, second = open_ballot(new_page, server.url, code), open_ballot(new_page, server.url, code)
    mine, theirs = whole_ballot(first), whole_ballot(second)
    assert set(mine) == set(theirs) == votable  # red data is never offered: those votes could not count
    assert len(mine) == len(votable)
    assert mine != theirs  # each person has their own order
    assert mine != sorted(mine, key=str.casefold)  # not the alphabet's

    # Each line says what the problem is about, on one line of about a hundred characters.
    shown = titles_on_screen(first)[0]
    point = next(r for r in rows if r["title"] == shown)
    description = one_line(point["description"])
    assert description and len(description) <= 100
    first.get_by_text(description, exact=True).wait_for()
    assert first.locator("[data-testid='stForm'] strong").first.inner_text().strip() == shown  # the title above it
    screenshot(first, "ballot-phone.png")

    link = first.url
    first.reload()  # before any save: the same person, the same order
    first.get_by_text("Problems 1–10 of").wait_for()
    wait_for_app(first)
    assert first.url == link
    assert whole_ballot(first) == mine

    votes = first.get_by_role("spinbutton")
    votes.first.fill("3")
    first.get_by_role("button", name="Save my votes").click()
    first.get_by_text("Saved: 3 of 5 votes.").wait_for()
    first.reload()  # and after a save
    first.get_by_text("3 of 5 votes saved").wait_for()
    wait_for_app(first)
    assert titles_on_screen(first) == mine[:10]
