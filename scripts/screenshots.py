"""Take the README screenshots: the app on the sample workshop, in headless Chromium.

Run from the repo root: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from aiadopt.services import sample  # noqa: E402
from aiadopt.services.database import open_database
from aiadopt.services.workshops import get_workshop
from scripts.live_server import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    LiveServer,
    sign_in_as_facilitator,
    wait_for_app,
)

IMAGES = ROOT / "docs" / "images"
PASSCODE = "screenshot-passcode"


def facilitator_page(page, server: LiveServer, link: str, heading: str, name: str) -> None:
    """Open one facilitator page from the navigation and save its picture."""
    page.get_by_role("link", name=link).click()
    page.get_by_role("heading", name=heading).first.wait_for()
    wait_for_app(page)
    page.wait_for_timeout(800)
    page.screenshot(path=str(IMAGES / name))


def main() -> None:
    """Start the app on a fresh sample database and photograph its main pages."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    db = open_database(folder / "sample.db")
    workshop_id = sample.load_sample(db)
    code = get_workshop(db, workshop_id)["join_code"]
    server = LiveServer(folder / "sample.db", PASSCODE, folder / "streamlit.log").start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            sign_in_as_facilitator(page, server.url, PASSCODE)
            facilitator_page(page, server, "Pain points", "Pain points", "pain-points.png")
            facilitator_page(page, server, "Interview", "Interview a department", "interview.png")
            facilitator_page(page, server, "Consolidate", "Consolidate into candidate workflows", "consolidate.png")
            page.set_viewport_size({"width": 1440, "height": 1500})
            facilitator_page(page, server, "Rank", "Rank candidates for a first pilot", "ranking.png")
            page.wait_for_timeout(1500)
            page.locator("[data-testid='stPlotlyChart']").first.screenshot(path=str(IMAGES / "value-ease.png"))
            facilitator_page(page, server, "Pilot charter", "Pilot charter", "charter-page.png")
            page.set_viewport_size({"width": 1440, "height": 900})
            page.get_by_role("link", name="Set up").click()
            page.get_by_role("tab", name="Room and join link").click()
            wait_for_app(page)
            page.screenshot(path=str(IMAGES / "join-link.png"))
            phone = browser.new_page(viewport={"width": 400, "height": 860}, device_scale_factor=2)
            phone.goto(f"{server.url}/?join={code}")
            wait_for_app(phone)
            phone.wait_for_timeout(800)
            phone.screenshot(path=str(IMAGES / "participant-phone.png"))
            for extra in sys.argv[1:]:
                print("unknown option", extra)
            browser.close()
    finally:
        server.stop()
    print(f"screenshots written to {IMAGES}")


if __name__ == "__main__":
    main()
