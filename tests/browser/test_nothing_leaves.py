"""Nothing leaves the machine: every request every page makes goes to the app's own server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from aiadopt.services.workshops import get_workshop
from scripts.live_server import sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE
from tests.factories import load_sample_workshop

pytestmark = pytest.mark.browser

FACILITATOR_PAGES = [
    "Set up",
    "Interview",
    "Pain points",
    "Consolidate",
    "Rank",
    "Pilot charter",
    "Import and back up",
    "Projector",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def foreign(urls: list[str]) -> list[str]:
    """The addresses asked of any other machine (data: and blob: addresses stay in the browser)."""
    return sorted(
        {u for u in urls if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS}
    )


def test_every_page_asks_only_this_machine(server, server_db, new_page):
    """Issue 9, finding 11: every page asked a font server for the page icon."""
    workshop_id, _ = load_sample_workshop(server_db)
    requested: list[str] = []

    participant = new_page(width=420, height=900)
    participant.on("request", lambda request: requested.append(request.url))
    code = get_workshop(server_db, workshop_id)["join_code"]
    for address in (f"{server.url}/?join={code}", f"{server.url}/vote?join={code}"):
        participant.goto(address)
        wait_for_app(participant)

    facilitator = new_page()
    facilitator.on("request", lambda request: requested.append(request.url))
    sign_in_as_facilitator(facilitator, server.url, PASSCODE)
    for title in FACILITATOR_PAGES:
        facilitator.get_by_role("link", name=title, exact=True).first.click()
        wait_for_app(facilitator)
    icons = facilitator.eval_on_selector_all("link[rel~='icon']", "links => links.map(l => l.href)")
    assert len(requested) > 20
    assert icons and not foreign(icons)
    assert foreign(requested) == []
