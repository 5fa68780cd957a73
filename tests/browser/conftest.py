"""Real-browser fixtures: `streamlit run` on a free port, Playwright driving Debian's Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aiadopt import storage
from scripts.live_server import CHROMIUM, CHROMIUM_ARGS, ROOT, LiveServer

PASSCODE = "browser-test-passcode"
ARTIFACTS = ROOT / "test-artifacts"


class Server(LiveServer):
    """The live app plus a way to arrange and check its database."""

    def db(self):
        """A connection to the server's database."""
        return storage.connect(self.db_path)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app started as a user would, on a fresh database; stopped afterwards."""
    folder = tmp_path_factory.mktemp("server")
    with Server(folder / "workshop.db", PASSCODE, folder / "streamlit.log") as live:
        yield live


@pytest.fixture
def server_db(server):
    """A connection to the live app's database, to arrange and check it; closed after the test."""
    db = server.db()
    yield db
    db.close()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium; in CI a missing browser fails the run instead of skipping."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run must install it.")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """A factory for pages in separate browser contexts (separate people)."""
    contexts = []

    def make(width: int = 1400, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    """Keep a picture of what the browser showed (test-artifacts/, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
