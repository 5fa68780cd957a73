"""The ranking journey in a real browser: move a weight, see the top change, download the shortlist."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from aiadopt.services import sample
from scripts.live_server import open_page, sign_in_as_facilitator, wait_for_app
from tests.browser.conftest import ARTIFACTS, PASSCODE, screenshot

pytestmark = pytest.mark.browser


def top_candidate(page) -> str:
    """The title under 'Top candidate' (the first line of its text block)."""
    block = page.locator("[data-testid='stText']").first
    return block.inner_text().splitlines()[0].strip()


def open_ranking(page, server) -> None:
    sign_in_as_facilitator(page, server.url, PASSCODE)
    open_page(page, "Rank")
    page.get_by_role("heading", name="Top candidate").wait_for()
    wait_for_app(page)


def test_moving_a_weight_changes_the_top_candidate_and_the_download_matches(server, server_db, new_page):
    sample.load_sample(server_db)
    page = new_page(width=1500, height=1000)
    open_ranking(page, server)
    before = top_candidate(page)
    assert before

    time_lost = page.get_by_role("slider", name="Time lost")
    time_lost.focus()
    time_lost.press("End")  # the weight of hours lost a year goes to its maximum, 5
    page.wait_for_function(
        "(before) => { const t = document.querySelector('[data-testid=\"stText\"]');"
        " return t && !t.innerText.startsWith(before); }",
        arg=before,
        timeout=30_000,
    )
    wait_for_app(page)
    after = top_candidate(page)
    assert after != before
    screenshot(page, "ranking-after-weight-change.png")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Shortlist (Excel)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-shortlist.xlsx")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path, read_only=True)["Shortlist"]
    header, first = [next(sheet.iter_rows(min_row=r, max_row=r, values_only=True)) for r in (1, 2)]
    row = dict(zip(header, first))
    assert row[header[0]] == 1
    assert after in first  # the exported first row is the candidate on top of the screen
