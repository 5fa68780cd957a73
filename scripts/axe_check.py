"""Check every page of the app with axe-core at a phone's and a laptop's width, and print what it finds.

Run from the repo root: .venv/bin/python scripts/axe_check.py   (-v prints each page state as it goes)
It starts the app on the sample workshop (with a pilot tracked and measured), in headless Chromium, and
visits every page app.py registers: the guest pages, every facilitator page signed in (the projector
last: it hides the menu), and the participant pages through the join link, in Capture (with and without
'more detail') and in Vote. Each page state is checked at 390 px and 1366 px wide. axe-core comes from
the pinned `axe-playwright-python` wheel (requirements-dev.txt); nothing is fetched from the network.
It prints a table (page, width, violations: rule, elements, impact), where each violation is, and
`axe: <total> violations on <n> page states`; the exit code is 1 when there is any.
Violations in Streamlit's own markup that the app cannot reach are listed in STREAMLIT_OWN, each with
its reason: the table shows them apart and the total does not count them.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from aiadopt.domain import room  # noqa: E402
from aiadopt.services import room as room_service  # noqa: E402
from aiadopt.services import sample  # noqa: E402
from aiadopt.services.capture import list_pain_points  # noqa: E402
from aiadopt.services.database import open_database  # noqa: E402
from aiadopt.services.pilots import list_pilots, record_measurement, start_pilot  # noqa: E402
from aiadopt.services.workshops import get_workshop  # noqa: E402
from scripts.live_server import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    sign_in_as_facilitator,
    wait_for_app,
)
from tests.apptest_helpers import registered_pages  # noqa: E402

PASSCODE = "axe-check-passcode"
PROJECTOR = "app_pages/projector.py"
# A phone held upright and a small laptop: the widths the facilitator checked.
VIEWPORTS = {390: 844, 1366: 768}
PHONE_MENU_BELOW_PX = 700  # narrower than this, the menu covers the page when it is unfolded
FIRST_PAGE_MS = 120_000  # a cold server's first page (imports, migrations) on a busy machine
# Every rule axe runs by default, and WCAG 2.2's target size (24 x 24 px), which it leaves off by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
PILOT_CHARTER = {
    "title": "Invoice approvals",
    "kpi_metric": "cycle time",
    "kpi_unit": "days",
    "kpi_baseline": 6,
    "kpi_target": 2,
}
# The Streamlit element names (data-testid) around an element, innermost first: how a finding is placed.
_TESTIDS_AROUND = """(selectors) => selectors.map((selector) => {
  const names = [];
  for (let e = document.querySelector(selector); e; e = e.parentElement) {
    if (e.dataset && e.dataset.testid) names.push(e.dataset.testid);
  }
  return names;
})"""


@dataclass(frozen=True)
class StreamlitOwn:
    """A violation in Streamlit's own markup that the app cannot change: which rule, inside what, and why."""

    rule: str
    inside: str  # the data-testid of the Streamlit element that holds the faulty markup
    reason: str


STREAMLIT_OWN: tuple[StreamlitOwn, ...] = (
    StreamlitOwn(
        "list",
        "stSidebarNav",
        "The menu with sections (the facilitator's Prepare / In the room / Decide / After the workshop) is "
        "drawn by st.navigation as <ul><div><header/><li/>...</div></ul>: a list whose children are not "
        "list items. No option of st.navigation changes it; a menu without sections has valid markup.",
    ),
    StreamlitOwn(
        "listitem",
        "stSidebarNav",
        "The same menu: its <li> items sit in a <div> inside the <ul>, not in the list itself.",
    ),
    StreamlitOwn(
        "presentation-role-conflict",
        "stFileUploaderDropzone",
        "st.file_uploader's drop zone is a <section role='presentation'> that also carries aria-label and "
        "tabindex; the app cannot change its attributes. Its button 'Browse files' is labelled and works.",
    ),
)


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page state: how many elements, how bad, and whether it is Streamlit's own."""

    rule: str
    impact: str
    count: int
    streamlit_own: bool = False
    elements: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.rule} x{self.count} ({self.impact})"


@dataclass(frozen=True)
class PageState:
    """What axe found on one page at one width."""

    page: str
    width: int
    violations: tuple[Violation, ...]

    @property
    def counted(self) -> tuple[Violation, ...]:
        """The violations the app answers for (Streamlit's own set apart)."""
        return tuple(v for v in self.violations if not v.streamlit_own)

    @property
    def total(self) -> int:
        """Elements in violation, counting each rule's elements."""
        return sum(v.count for v in self.counted)


def is_streamlit_own(rule: str, testids_around: list[str]) -> bool:
    """Whether a violation on an element inside these Streamlit elements is one listed in STREAMLIT_OWN."""
    return any(own.rule == rule and own.inside in testids_around for own in STREAMLIT_OWN)


def describe(node: dict) -> str:
    """An element as axe names it: its CSS path, then the start of its markup."""
    markup = " ".join(str(node.get("html", "")).split())
    return f"{' '.join(map(str, node['target']))}  {markup[:140]}"


def violations_of(axe_response: dict, testids_around: Callable[[list[str]], list[list[str]]]) -> tuple[Violation, ...]:
    """axe's answer as violations, Streamlit's own set apart (one rule may break in both kinds of markup)."""
    found = []
    for rule in axe_response["violations"]:
        nodes = rule["nodes"]
        around = testids_around([str(node["target"][-1]) for node in nodes])
        own = [is_streamlit_own(rule["id"], names) for names in around]
        for streamlit_own in (False, True):
            group = [describe(node) for node, is_own in zip(nodes, own, strict=True) if is_own == streamlit_own]
            if group:
                found.append(Violation(rule["id"], rule["impact"] or "", len(group), streamlit_own, tuple(group)))
    return tuple(found)


def check(page) -> tuple[Violation, ...]:
    """Run axe-core on what the page shows now."""
    wait_for_app(page)
    page.wait_for_timeout(700)  # charts and fonts settle after the script run
    response = Axe().run(page, options=AXE_OPTIONS).response
    return violations_of(response, lambda selectors: page.evaluate(_TESTIDS_AROUND, selectors))


def open_app(page, address: str) -> None:
    """Open an address of the app and wait for its first page (a cold server takes a while)."""
    page.goto(address)
    page.get_by_test_id("stMainBlockContainer").get_by_role("heading").first.wait_for(timeout=FIRST_PAGE_MS)
    wait_for_app(page)


def menu_open(page) -> bool:
    """Whether the menu is unfolded (folded away, its links are still in the page, off screen)."""
    return page.locator("[data-testid='stSidebar'][data-collapsed='false']").count() > 0


def follow_link(page, title: str) -> None:
    """Click the menu link of a page, as a person would: on a phone, unfold the menu first and fold it after."""
    if not menu_open(page):
        page.get_by_test_id("stExpandSidebarButton").click()
        page.locator("[data-testid='stSidebar'][data-collapsed='false']").wait_for()
    page.get_by_role("link", name=re.compile(rf"(^|\W){re.escape(title)}$")).first.click()
    wait_for_app(page)
    if page.viewport_size["width"] < PHONE_MENU_BELOW_PX and page.get_by_test_id("stSidebarContent").is_visible():
        folded = page.locator("[data-testid='stSidebar'][data-collapsed='true']")
        try:  # a phone's menu folds itself after a choice ...
            folded.wait_for(state="attached", timeout=3000)
        except PlaywrightTimeout:  # ... or is folded by hand: it covers the page
            page.get_by_test_id("stSidebarCollapseButton").locator("button").click(force=True)
            folded.wait_for(state="attached")
        page.wait_for_timeout(400)


def sign_in(page, url: str, passcode: str = PASSCODE) -> None:
    """Sign in as the facilitator the way the browser tests do, at a laptop's width, then return to this one."""
    size = page.viewport_size
    open_app(page, url)  # a cold server answers its first page slowly
    page.set_viewport_size({"width": max(VIEWPORTS), "height": size["height"]})
    sign_in_as_facilitator(page, url, passcode)
    wait_for_app(page)
    page.set_viewport_size(size)
    page.wait_for_timeout(500)


def prepare_sample(db) -> tuple[int, str]:
    """The sample workshop in Capture, with a pilot tracked and measured: every page has its content."""
    workshop_id = sample.load_sample(db)
    first = list_pain_points(db, workshop_id)[0]
    start_pilot(db, workshop_id, f"pain_point:{first['id']}", PILOT_CHARTER, date.today() - timedelta(days=21))
    pilot_id = list_pilots(db, workshop_id)[0]["id"]
    record_measurement(db, pilot_id, 4, date.today() - timedelta(days=7), note="first week")
    room_service.open_phase(db, workshop_id, room.CAPTURE)
    return workshop_id, get_workshop(db, workshop_id)["join_code"]


def state(page, title: str) -> PageState:
    """What axe finds on the page shown now, under this title."""
    return PageState(title, page.viewport_size["width"], check(page))


def guest_states(page, url: str) -> Iterator[PageState]:
    """The pages someone sees before joining or signing in."""
    open_app(page, url)
    for _, title in registered_pages()["guest"]:
        follow_link(page, title)
        yield state(page, title)


def facilitator_states(page, url: str) -> Iterator[PageState]:
    """Every facilitator page, signed in; the projector last, since it hides the menu (it is the big screen)."""
    sign_in(page, url)
    for _, title in sorted(registered_pages()["facilitator"], key=lambda entry: entry[0] == PROJECTOR):
        follow_link(page, title)
        yield state(page, title)


def participant_states(page, url: str, code: str, move_room: Callable[[str], None]) -> Iterator[PageState]:
    """The participant's pages through the join link: adding pain points in Capture, voting in Vote."""
    titles = dict(registered_pages()["participant"])
    move_room(room.CAPTURE)
    open_app(page, f"{url}/?join={code}")
    page.get_by_role("tab", name="Add a pain point").wait_for()
    yield state(page, titles["app_pages/contribute.py"])
    page.get_by_text("Add more detail (optional)").click()
    yield state(page, titles["app_pages/contribute.py"] + ", more detail")
    move_room(room.VOTE)  # the phone follows the room by itself
    page.get_by_role("heading", name=re.compile("^Vote")).wait_for(timeout=room.POLL_SECONDS * 1000 + 20_000)
    yield state(page, titles["app_pages/vote.py"])
    move_room(room.CAPTURE)


def table(states: list[PageState]) -> str:
    """The results as a Markdown table: page, width, violations (rule, elements, impact)."""
    lines = ["| page | width | violations |", "| --- | --- | --- |"]
    for found in states:
        ours = ", ".join(map(str, found.counted)) or "0"
        own = [str(v) for v in found.violations if v.streamlit_own]
        extra = f" (Streamlit's own, not counted: {', '.join(own)})" if own else ""
        lines.append(f"| {found.page} | {found.width} px | {ours}{extra} |")
    return "\n".join(lines)


def details(states: list[PageState]) -> str:
    """Where each counted violation is: the elements axe names (the first eight of each)."""
    lines = []
    for found in states:
        for violation in found.counted:
            lines.append(f"{found.page} @ {found.width} px: {violation}")
            lines.extend(f"    {element}" for element in violation.elements[:8])
    return "\n".join(lines)


def run_all(verbose: bool = False) -> list[PageState]:
    """Start the app on the sample workshop and check every page state at every width."""
    folder = Path(tempfile.mkdtemp())
    db_path = folder / "sample.db"
    db = open_database(db_path)
    workshop_id, code = prepare_sample(db)

    def move_room(phase: str) -> None:
        room_service.open_phase(db, workshop_id, phase)

    states: list[PageState] = []
    with LiveServer(db_path, PASSCODE, folder / "streamlit.log") as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        visits: tuple[Callable[..., Iterator[PageState]], ...] = (
            lambda page: guest_states(page, server.url),
            lambda page: facilitator_states(page, server.url),
            lambda page: participant_states(page, server.url, code, move_room),
        )
        for width, height in VIEWPORTS.items():
            for visit in visits:  # each in a browser context of its own: a person of its own
                context = browser.new_context(viewport={"width": width, "height": height})
                context.set_default_timeout(30_000)
                for found in visit(context.new_page()):
                    states.append(found)
                    if verbose:
                        print(f"{found.page} @ {width} px: {', '.join(map(str, found.counted)) or '0'}", flush=True)
                context.close()
        browser.close()
    db.close()
    return states


def main() -> int:
    """Print the table, where each violation is, and the summary line; 1 when any violation is left."""
    states = run_all(verbose="-v" in sys.argv[1:])
    print(table(states))
    where = details(states)
    if where:
        print("\nWhere:\n" + where)
    total = sum(found.total for found in states)
    print(f"axe: {total} violations on {len(states)} page states")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
