"""Take the README screenshots: the app on the sample workshop, in headless Chromium.

Run from the repo root: .venv/bin/python scripts/screenshots.py (with --languages: only the participant's
capture and vote screens in each language)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from aiadopt.domain import room  # noqa: E402
from aiadopt.services import room as room_service  # noqa: E402
from aiadopt.services import sample  # noqa: E402
from aiadopt.services.database import open_database
from aiadopt.services.workshops import get_workshop
from scripts.live_server import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    LiveServer,
    open_page,
    sign_in_as_facilitator,
    wait_for_app,
)

IMAGES = ROOT / "docs" / "images"
PASSCODE = "screenshot-passcode"


def facilitator_page(page, server: LiveServer, link: str, heading: str, name: str) -> None:
    """Open one facilitator page from the navigation and save its picture."""
    open_page(page, link)
    page.get_by_role("heading", name=heading).first.wait_for()
    wait_for_app(page)
    page.wait_for_timeout(800)
    page.screenshot(path=str(IMAGES / name))


def live_room_shots(browser, server: LiveServer, db, workshop_id: int, code: str) -> None:
    """The projector on a 1080p screen and a participant's phone, in each phase of the room."""
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    sign_in_as_facilitator(projector, server.url, PASSCODE)
    open_page(projector, "Projector")
    wait_for_app(projector)
    small = browser.new_page(viewport={"width": 1024, "height": 768})  # an older projector
    sign_in_as_facilitator(small, server.url, PASSCODE)
    open_page(small, "Projector")
    phone = browser.new_page(viewport={"width": 400, "height": 860}, device_scale_factor=2)
    phone.goto(f"{server.url}/?join={code}")
    wait_for_app(phone)
    for phase in (p.key for p in room.PHASES if p.key != room.CLOSED):
        room_service.open_phase(db, workshop_id, phase)
        if phase == room.CAPTURE:
            room_service.start_timer(db, workshop_id, 10)
        if phase == room.RESULTS:
            room_service.reveal_results(db, workshop_id, 3)
        phone.wait_for_timeout(room.POLL_SECONDS * 1000 + 2500)  # the phone follows by itself
        wait_for_app(phone)
        phone.screenshot(path=str(IMAGES / f"room-phone-{phase}.png"))
        projector.wait_for_timeout(3500)
        wait_for_app(projector)
        if phase in (room.CAPTURE, room.VOTE, room.RESULTS):
            projector.screenshot(path=str(IMAGES / f"projector-{phase}.png"))
        small.wait_for_timeout(500)
        wait_for_app(small)
        small.screenshot(path=str(IMAGES / f"projector-1024-{phase}.png"))
    room_service.open_phase(db, workshop_id, room.CAPTURE)


LANGUAGES = ("en", "de", "fr", "es")


def language_shots(browser, server: LiveServer, db, workshop_id: int, code: str) -> None:
    """A participant's phone in each language (the join link's lang=): the capture screen with its
    detail shown, then the vote screen."""
    phones = {}
    room_service.open_phase(db, workshop_id, room.CAPTURE)
    for language in LANGUAGES:
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.goto(f"{server.url}/?join={code}&lang={language}")
        wait_for_app(phone)
        phone.locator("[data-testid='stForm']").first.wait_for()
        phone.wait_for_timeout(800)
        phone.screenshot(path=str(IMAGES / f"capture-phone-{language}.png"))
        phones[language] = phone
    room_service.open_phase(db, workshop_id, room.VOTE)
    for language, phone in phones.items():
        phone.wait_for_url("**/vote?**", timeout=room.POLL_SECONDS * 1000 + 20000)  # it follows the room
        phone.locator("[data-testid='stForm'] [data-testid='stNumberInput']").first.wait_for()
        wait_for_app(phone)
        phone.wait_for_timeout(800)
        phone.screenshot(path=str(IMAGES / f"vote-phone-{language}.png"))
        phone.close()
    room_service.open_phase(db, workshop_id, room.CAPTURE)


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
            if sys.argv[1:] == ["--languages"]:  # only the participant's phone in each language
                language_shots(browser, server, db, workshop_id, code)
                browser.close()
                return
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            sign_in_as_facilitator(page, server.url, PASSCODE)
            facilitator_page(page, server, "Pain points", "Pain points", "pain-points.png")
            facilitator_page(page, server, "Interview", "Interview a department", "interview.png")
            page.set_viewport_size({"width": 1440, "height": 1100})
            facilitator_page(page, server, "Audit", "Audit: what was heard, what is still unheard", "audit.png")
            page.set_viewport_size({"width": 1440, "height": 1250})
            facilitator_page(page, server, "Consolidate", "Consolidate into candidate workflows", "consolidate.png")
            page.get_by_role("button", name="Accept as one workflow").nth(1).click()  # a decision, then Undo
            page.get_by_text("Accepted:").wait_for()
            wait_for_app(page)
            page.screenshot(path=str(IMAGES / "consolidate-decided.png"))
            page.get_by_role("button", name="Undo").click()
            page.get_by_text("Undone:").wait_for()
            page.set_viewport_size({"width": 1440, "height": 1500})
            facilitator_page(page, server, "Rank", "Rank candidates for a first pilot", "ranking.png")
            page.wait_for_timeout(1500)
            page.locator("[data-testid='stPlotlyChart']").first.screenshot(path=str(IMAGES / "value-ease.png"))
            page.set_viewport_size({"width": 1280, "height": 900})  # a laptop: the flags without scrolling
            facilitator_page(page, server, "Rank", "Rank candidates for a first pilot", "ranking-1280.png")
            page.set_viewport_size({"width": 1440, "height": 1500})
            facilitator_page(page, server, "Pilot charter", "Pilot charter", "charter-page.png")
            page.set_viewport_size({"width": 1440, "height": 900})
            open_page(page, "Run the room")
            wait_for_app(page)
            page.wait_for_timeout(2500)
            page.screenshot(path=str(IMAGES / "presenter.png"))
            phone = browser.new_page(viewport={"width": 400, "height": 860}, device_scale_factor=2)
            phone.goto(f"{server.url}/?join={code}")
            wait_for_app(phone)
            phone.wait_for_timeout(800)
            phone.screenshot(path=str(IMAGES / "participant-phone.png"))
            live_room_shots(browser, server, db, workshop_id, code)
            language_shots(browser, server, db, workshop_id, code)
            for extra in sys.argv[1:]:
                print("unknown option", extra)
            browser.close()
    finally:
        server.stop()
    print(f"screenshots written to {IMAGES}")


if __name__ == "__main__":
    main()
