"""Issue 18, finding 9: a newcomer needed 16 clicks and 8 screens from nothing to a QR on the projector.
Issue 19: on a fresh server the first person sets up the owner account with the printed set-up code."""

from __future__ import annotations

import pytest

from aiadopt.ui.room import QR_ALT
from scripts.live_server import choose_tab, wait_for_app
from tests.browser.conftest import PASSCODE, Server, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A fresh server with no account at all: its set-up code is the passcode it was started with."""
    folder = tmp_path_factory.mktemp("fresh")
    with Server(folder / "workshop.db", PASSCODE, folder / "streamlit.log", owner=False) as live:
        yield live


def test_from_an_empty_app_to_the_qr_on_the_projector_in_at_most_eight_clicks(server, new_page):
    page = new_page(width=1440, height=900)
    clicks = 0

    def click(locator) -> None:
        nonlocal clicks
        locator.click()
        clicks += 1
        wait_for_app(page)

    page.goto(server.url)
    wait_for_app(page)
    click(page.get_by_role("link", name="Sign in"))
    page.get_by_role("textbox", name="Set-up code").fill(PASSCODE)  # printed in the terminal
    page.get_by_role("textbox", name="Your name").fill("Sam Owner")
    page.get_by_role("textbox", name="E-mail").fill("sam@example.org")
    page.get_by_role("textbox", name="Choose a password (at least 10 characters)").fill("a long password 1")
    click(page.get_by_role("button", name="Set up the owner account"))
    page.get_by_role("heading", name="Set up the workshop").wait_for()
    page.get_by_role("textbox", name="Workshop name").fill("Operations discovery")
    click(page.get_by_role("button", name="Create workshop"))
    page.get_by_text("Next steps").wait_for()
    clicks += choose_tab(page, "Departments")
    page.get_by_role("textbox", name="Department name").fill("Finance")
    click(page.get_by_role("button", name="Add department"))
    page.get_by_text("1 department(s) added").wait_for()
    click(page.get_by_role("link", name="Open the Projector on the big screen (join code and QR)"))
    page.get_by_alt_text(QR_ALT).wait_for()
    page.get_by_text("Join: go to").wait_for()
    screenshot(page, "newcomer-projector.png")
    assert clicks <= 8, clicks
