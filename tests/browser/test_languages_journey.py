"""Two phones in two languages in one workshop at once, in a real browser (issue 20).

The expected words are read from the catalogues (`speaking(code)`): until a text is translated the
English shows, and once translators finish the same test checks their German and French.
"""

from __future__ import annotations

import re

import pytest

from aiadopt.domain import room
from aiadopt.domain.language import N_
from aiadopt.i18n import language_name, speaking, t
from aiadopt.services.capture import list_pain_points
from aiadopt.services.room import open_phase
from aiadopt.services.workshops import get_workshop
from scripts.live_server import wait_for_app
from tests.browser.conftest import screenshot
from tests.factories import make_workshop

pytestmark = pytest.mark.browser
FOLLOW_MS = (room.POLL_SECONDS + 10) * 1000  # a poll, plus a page run, on a busy test machine
SAVED = N_("Saved. Thank you! Add another one whenever you are ready.")
TITLE_FIELD = N_("Short title")
SAVE = N_("Save pain point")
VOTE_TITLE = N_("Vote: what should be fixed first?")


def words(code: str, text: str) -> str:
    """A text as this language's catalogue says it now (the English until it is translated)."""
    with speaking(code):  # the catalogues the server reads too (the same files, read once per process)
        return t(text)


def chosen_language(page) -> str:
    """The language the chooser shows as chosen (a radio group, as screen readers hear it)."""
    chooser = page.get_by_test_id("stButtonGroup").first
    return chooser.locator("[role='radio'][aria-checked='true']").first.inner_text().strip()


def test_two_participants_in_two_languages_use_one_workshop_at_once(server, server_db, new_page):
    workshop_id, _ = make_workshop(server_db, name="Mixed room", department="Logistik")
    code = get_workshop(server_db, workshop_id)["join_code"]

    german = new_page(width=390, height=844)
    german.goto(f"{server.url}/?join={code}&lang=de")
    wait_for_app(german)
    french = new_page(width=390, height=844)
    french.goto(f"{server.url}/?join={code}")
    wait_for_app(french)

    # The French participant starts typing in English, then chooses Français: what was typed stays.
    french.get_by_role("textbox", name=words("en", TITLE_FIELD)).fill("Les bons de livraison arrivent en retard")
    french.get_by_test_id("stButtonGroup").first.get_by_role("radio", name=language_name("fr")).click()
    wait_for_app(french)
    assert chosen_language(french) == language_name("fr")
    assert chosen_language(german) == language_name("de")
    title = french.get_by_role("textbox", name=words("fr", TITLE_FIELD))
    assert title.input_value() == "Les bons de livraison arrivent en retard"
    assert "lang=fr" in french.url

    german.get_by_role("textbox", name=words("de", TITLE_FIELD)).fill("Lieferscheine kommen zu spät an")
    german.get_by_role("button", name=words("de", SAVE)).click()
    french.get_by_role("button", name=words("fr", SAVE)).click()
    german.get_by_text(words("de", SAVED)).wait_for()
    french.get_by_text(words("fr", SAVED)).wait_for()
    assert "lang=de" in german.url and "lang=fr" in french.url  # kept in each personal link after saving
    screenshot(german, "languages-capture-de.png")
    screenshot(french, "languages-capture-fr.png")

    stored = {p["title"]: p["language"] for p in list_pain_points(server_db, workshop_id)}
    assert stored == {"Lieferscheine kommen zu spät an": "de", "Les bons de livraison arrivent en retard": "fr"}

    open_phase(server_db, workshop_id, room.VOTE)
    for page, language in ((german, "de"), (french, "fr")):
        page.get_by_role("heading", name=words(language, VOTE_TITLE)).wait_for(timeout=FOLLOW_MS)
        wait_for_app(page)
        assert re.search(rf"[?&]lang={language}(&|$)", page.url)  # kept on moving to the vote page
        assert chosen_language(page) == language_name(language)
        screenshot(page, f"languages-vote-{language}.png")
