"""Issue 18, item 3 in a real browser: the same small file imported twice through the Import page.

The second time, the page says the file was already imported, with its date, before anything is
written; the rows it holds are listed as already in the workshop and nothing is added.
"""

from __future__ import annotations

import pytest

from aiadopt.services.capture import count_pain_points, list_pain_points
from aiadopt.services.workshops import add_department
from scripts.live_server import open_page, sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE, screenshot
from tests.factories import make_workshop

pytestmark = pytest.mark.browser

SURVEY = (
    b"Department,Short title,What goes wrong,How many times,Per,Minutes each time,People who do it\n"
    b"Finance,Chasing approvals,Orders wait for a second signature.,5,week,20,2\n"
    b"Sales,Re-typing orders,Each order is typed twice.,3,day,6,4\n"
    b"Finance,Month-end pack by hand,,1,month,240,1\n"
)


def choose_file(page, data: bytes) -> None:
    """Give the upload box a file, as a person choosing it from their disk."""
    box = page.locator("[data-testid='stFileUploader'] input[type='file']")
    box.set_input_files(files=[{"name": "survey.csv", "mimeType": "text/csv", "buffer": data}])
    wait_for_app(page)


def test_a_file_imported_twice_is_named_the_second_time_and_adds_nothing(server, server_db, new_page):
    workshop_id, _ = make_workshop(server_db, name="Import twice", department="Finance")
    add_department(server_db, workshop_id, "Sales")
    page = new_page()
    sign_in_as_facilitator(page, server.url, PASSCODE)  # the newest workshop is chosen on sign-in
    open_page(page, "Import pain points")
    page.get_by_role("heading", name="Import pain points").first.wait_for()
    wait_for_app(page)

    choose_file(page, SURVEY)
    page.get_by_text("All 3 rows are ready to import.").wait_for()
    page.get_by_role("button", name="Import 3 pain points").click()
    page.get_by_text("Imported 3 pain points into Import twice.").wait_for()
    wait_for_app(page)
    assert count_pain_points(server_db, workshop_id) == 3
    hours = sum(r["hours_per_year"] for r in list_pain_points(server_db, workshop_id))

    choose_file(page, SURVEY)  # the same file, into the fresh upload box
    page.get_by_text("This file was already imported on", exact=False).wait_for(timeout=15_000)
    page.get_by_text(": 3 of its rows are already in this workshop.", exact=False).wait_for()
    page.get_by_text("Nothing new to import.", exact=False).wait_for()
    assert page.get_by_text("ready to import", exact=False).count() == 0
    assert page.get_by_role("button", name="Import 0 pain points").is_disabled()
    assert page.get_by_role("checkbox", name="Import them again anyway").is_visible()
    screenshot(page, "import-twice.png")
    assert count_pain_points(server_db, workshop_id) == 3
    assert sum(r["hours_per_year"] for r in list_pain_points(server_db, workshop_id)) == pytest.approx(hours)
