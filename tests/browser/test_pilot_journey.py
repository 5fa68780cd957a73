"""Issue 11 in a real browser: two measurements, and the chart and the verdict follow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aiadopt.services.pilots import start_pilot
from scripts.live_server import open_page, sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE, screenshot
from tests.factories import load_sample_workshop

pytestmark = pytest.mark.browser
CHARTER = {"title": "Invoice approvals", "kpi_metric": "cycle time", "kpi_unit": "days", "kpi_baseline": 6}


def measure(page, value: str) -> None:
    page.get_by_role("spinbutton", name="Value (days)").fill(value)
    page.get_by_role("button", name="Save measurement").click()
    page.get_by_text("Measurement saved.").wait_for()
    wait_for_app(page)


def test_two_measurements_draw_the_line_and_move_the_verdict(server, server_db, new_page):
    workshop_id, ids = load_sample_workshop(server_db)
    started = date.today() - timedelta(days=21)
    start_pilot(server_db, workshop_id, f"pain_point:{ids[0]}", CHARTER | {"kpi_target": 2}, started)
    page = new_page()
    sign_in_as_facilitator(page, server.url, PASSCODE)
    open_page(page, "Pilots")
    wait_for_app(page)
    page.get_by_text("No measurement yet: record today's cycle time").wait_for()
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0

    measure(page, "4")
    page.get_by_text("On track, 3 weeks in: cycle time 6 days → 4 days, target 2 days (50% of the way)").wait_for()
    page.locator("[data-testid='stPlotlyChart']").first.wait_for()

    measure(page, "2")
    page.get_by_text("Target reached, 3 weeks in: cycle time 6 days → 2 days").wait_for()
    screenshot(page, "pilot-after-two-measurements.png")
