"""Issue 10 in a real browser: two pain points under two themes, and the audit sees them."""

from __future__ import annotations

import pytest

from aiadopt.services.capture import list_pain_points
from aiadopt.services.workshops import start_interview
from scripts.live_server import open_page, sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE, screenshot
from tests.factories import make_workshop

pytestmark = pytest.mark.browser


def capture(page, theme: str, title: str) -> None:
    """Choose the theme being discussed, type a title and save."""
    page.get_by_text(theme, exact=False).first.click()
    wait_for_app(page)
    page.get_by_role("textbox", name="Short title").fill(title)
    page.get_by_role("button", name="Save pain point").click()
    page.get_by_text(f"Saved: {title}").wait_for()
    wait_for_app(page)


def test_two_pain_points_under_two_themes_change_the_audit(server, server_db, new_page):
    workshop_id, department_id = make_workshop(server_db, name="Audit journey", department="Finance")
    start_interview(server_db, workshop_id, department_id, interviewer="Sam")
    page = new_page()
    sign_in_as_facilitator(page, server.url, PASSCODE)
    open_page(page, "Audit")
    wait_for_app(page)
    page.get_by_text("Finance: not asked about “Bottlenecks”, “Repetitive work”").wait_for()

    open_page(page, "Interview")
    wait_for_app(page)
    capture(page, "Bottlenecks", "Approvals wait for one manager")
    capture(page, "Repetitive work", "Invoices typed in by hand")
    assert {p["theme"] for p in list_pain_points(server_db, workshop_id)} == {"Bottlenecks", "Repetitive work"}

    open_page(page, "Audit")
    wait_for_app(page)
    page.get_by_text("Finance: not asked about “Errors and rework”").wait_for()  # the two are heard now
    assert page.get_by_text("“Bottlenecks”").count() == 0
    screenshot(page, "audit-after-two-themes.png")
