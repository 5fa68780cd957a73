"""A participant's menu ("Add pain points", "Vote") reads in their language from the first load (issue 20)."""

from __future__ import annotations

from aiadopt.services.languages import set_workshop_language
from aiadopt.services.workshops import get_workshop
from tests.apptest_helpers import new_app
from tests.factories import make_workshop


def test_the_menu_is_titled_in_the_workshops_language_on_the_first_load(file_db):
    workshop_id, _ = make_workshop(file_db)
    set_workshop_language(file_db, workshop_id, "de")
    app = new_app()
    app.query_params["join"] = get_workshop(file_db, workshop_id)["join_code"]
    app.run()  # the menu is drawn before the workshop is known: the run starts again once, in German
    assert not app.exception and not app.error
    assert (app.session_state["language"], app.session_state["language_menu"]) == ("de", "de")
    app.run()  # later runs know the workshop's language before the menu
    assert app.session_state["language_menu"] == "de"


def test_a_link_in_another_language_titles_the_menu_in_it_at_once(file_db):
    workshop_id, _ = make_workshop(file_db)
    set_workshop_language(file_db, workshop_id, "de")
    app = new_app()
    app.query_params["join"] = get_workshop(file_db, workshop_id)["join_code"]
    app.query_params["lang"] = "fr"
    app.run()
    assert not app.exception
    assert (app.session_state["language"], app.session_state["language_menu"]) == ("fr", "fr")
    assert "language_menu_retitled" not in app.session_state  # no second run was needed
