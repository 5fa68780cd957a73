"""Issue 17 in a real browser: the same work told in two languages is suggested together, and the
whole review is done from the keyboard (Tab and Enter), each decision redrawing the review only."""

from __future__ import annotations

import pytest

from aiadopt.services.consolidation import candidate_groups
from aiadopt.services.workshops import add_department
from scripts.live_server import open_page, sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import PASSCODE, screenshot
from tests.factories import make_pain_point, make_workshop

pytestmark = pytest.mark.browser


def focused(page) -> str:
    return page.evaluate("() => (document.activeElement.innerText || document.activeElement.value || '').trim()")


def tab_to(page, label: str, presses: int = 12) -> None:
    """Press Tab until the button with this label has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if focused(page) == label:
            return
    raise AssertionError(f"Tab never reached {label!r}; the focus is on {focused(page)!r}")


def test_a_review_in_two_languages_done_from_the_keyboard(server, server_db, new_page):
    workshop_id, finance = make_workshop(server_db, name="Review from the keyboard", department="Finance")
    accounting = add_department(server_db, workshop_id, "Buchhaltung")
    english = make_pain_point(
        server_db,
        workshop_id,
        finance,
        title="Keying supplier invoices into the ledger",
        description="Every paper invoice is typed into the ledger by hand, one line at a time.",
        frequency_count=40,
    )
    german = make_pain_point(
        server_db,
        workshop_id,
        accounting,
        title="Lieferantenrechnungen von Hand ins Buchhaltungssystem tippen",
        description="Jede Rechnung aus Papier tippen wir einzeln ab.",
        frequency_count=30,
    )
    for title in ("Holiday requests on paper forms", "Booking agency drivers every evening"):
        make_pain_point(server_db, workshop_id, finance, title=title)
    page = new_page(width=1440, height=1100)
    sign_in_as_facilitator(page, server.url, PASSCODE)  # the newest workshop is chosen on sign-in
    open_page(page, "Consolidate")
    page.get_by_role("heading", name="Consolidate into candidate workflows").first.wait_for()
    wait_for_app(page)
    # One suggestion holds the two: the same work told in English and in German.
    page.locator(f".st-key-review_accept_{english}-{german}").wait_for()
    page.get_by_text("Lieferantenrechnungen von Hand ins Buchhaltungssystem tippen").wait_for()
    assert page.get_by_role("button", name="Accept as one workflow").count() == 1
    screenshot(page, "review-two-languages.png")

    page.get_by_role("textbox", name="Title of the merged workflow").first.focus()
    tab_to(page, "Accept as one workflow")
    page.keyboard.press("Enter")
    page.get_by_text("Accepted: 2 pain points are now one candidate workflow.").wait_for()
    wait_for_app(page)
    assert list(candidate_groups(server_db, workshop_id)[0].values()) == [sorted([english, german])]

    page.get_by_role("button", name="Undo").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Undone: Accepted 2 pain points as one workflow.").wait_for()
    wait_for_app(page)
    assert candidate_groups(server_db, workshop_id) == ({}, {})
