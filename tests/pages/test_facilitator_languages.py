"""Facilitator pages in the facilitator's own language; the workshop's language set on Set up."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from aiadopt.domain.pain_points import ValidationError
from aiadopt.i18n import catalogues
from aiadopt.services import accounts
from aiadopt.services.languages import set_workshop_language
from aiadopt.services.workshops import get_workshop
from aiadopt.ui.session import NAVIGATION_WORDS
from tests.apptest_helpers import new_app, owner_id, registered_pages, sign_in, submit_form
from tests.factories import make_workshop

GERMAN_TITLE = "Den Workshop einrichten"


@pytest.fixture
def planted_german(tmp_path, monkeypatch):
    """A small German catalogue in place of the real ones (read again before and after the test)."""
    catalogue = Catalog(locale="de", domain=catalogues.DOMAIN)
    catalogue.add("Set up the workshop", GERMAN_TITLE)
    catalogue.add("Set up", "Einrichten")
    catalogue.add("Sign out", "Abmelden")
    catalogue.add("Sign in", "Anmelden")
    catalogue.add("Department name", "Name der Abteilung")
    catalogue.add("Add department", "Abteilung hinzufügen")
    catalogue.add("There is already a department called {name}.", "Es gibt schon eine Abteilung namens {name}.")
    target = catalogues.catalogue_path("de", tmp_path)
    target.parent.mkdir(parents=True)
    with target.open("wb") as po:
        write_po(po, catalogue)
    monkeypatch.setattr(catalogues, "LOCALES_DIR", tmp_path)
    catalogues.reload()
    yield
    monkeypatch.undo()
    catalogues.reload()


def setup_page(workshop_id: int):
    """A signed-in facilitator's new session on Set up (as after opening or refreshing the app)."""
    app = sign_in(new_app())
    app.session_state["workshop_id"] = workshop_id
    return app.run()


def test_the_workshop_language_is_saved_from_set_up(file_db):
    workshop_id, _ = make_workshop(file_db)
    app = setup_page(workshop_id)
    choice = app.selectbox(key=f"setup_language_{workshop_id}")
    assert choice.options == ["English", "Deutsch", "Français", "Español"]  # each named in itself
    choice.set_value("de")
    submit_form(app, "Save details")
    assert not app.exception
    assert get_workshop(file_db, workshop_id)["language"] == "de"


def test_an_unknown_workshop_language_is_refused_in_plain_words(file_db):
    workshop_id, _ = make_workshop(file_db)
    with pytest.raises(ValidationError) as refused:
        set_workshop_language(file_db, workshop_id, "xx")
    assert refused.value.errors["language"].startswith("Choose one of the languages: English")
    assert get_workshop(file_db, workshop_id)["language"] == "en"


def test_the_facilitators_choice_is_kept_on_their_account_and_used_after_a_refresh(file_db):
    workshop_id, _ = make_workshop(file_db)
    app = setup_page(workshop_id)
    app.segmented_control(key="language_chooser").set_value("fr").run()
    assert not app.exception
    assert accounts.account(file_db, owner_id()).language == "fr"
    again = setup_page(workshop_id)  # a new session: another device, or a refresh
    assert again.session_state["language"] == "fr"
    assert again.segmented_control(key="language_chooser").value == "fr"


def test_set_up_speaks_the_facilitators_language(file_db, planted_german):
    workshop_id, _ = make_workshop(file_db)
    me = owner_id()
    accounts.set_account_language(file_db, accounts.account(file_db, me), me, "de")
    app = setup_page(workshop_id)
    assert not app.exception
    assert [title.value for title in app.title] == [GERMAN_TITLE]
    assert app.button(key="app_sign_out").label == "Abmelden"


def test_a_refusal_from_the_services_is_said_in_the_facilitators_language(file_db, planted_german):
    workshop_id, _ = make_workshop(file_db, department="Finance")
    me = owner_id()
    accounts.set_account_language(file_db, accounts.account(file_db, me), me, "de")
    app = setup_page(workshop_id)
    next(box for box in app.text_input if box.label == "Name der Abteilung").input(" finance ")
    submit_form(app, "Abteilung hinzufügen")
    assert [error.value for error in app.error] == ["Es gibt schon eine Abteilung namens Finance."]


def test_what_was_typed_stays_when_the_language_changes(file_db, planted_german):
    workshop_id, department_id = make_workshop(file_db)
    app = setup_page(workshop_id)
    app.text_input(key=f"setup_department_rename_{department_id}").input("Claims desk").run()
    app.segmented_control(key="language_chooser").set_value("de").run()
    assert [title.value for title in app.title] == [GERMAN_TITLE]
    assert app.text_input(key=f"setup_department_rename_{department_id}").value == "Claims desk"


def test_a_guest_signing_in_follows_the_links_language(db_file, planted_german):
    owner_id()
    app = new_app()
    app.query_params["lang"] = "de"
    app.run()
    app.switch_page("app_pages/sign_in.py").run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Anmelden"]


def test_an_observers_choice_is_kept_on_their_own_account(file_db):
    workshop_id, _ = make_workshop(file_db)
    observer = accounts.create_account(file_db, "Ola Observer", "ola@example.org", "observer", "observer password 1")
    me = accounts.account(file_db, owner_id())
    accounts.share_workshop(file_db, me, workshop_id, observer, "observer")
    app = sign_in(new_app(), observer)
    app.session_state["workshop_id"] = workshop_id
    app.run()
    app.segmented_control(key="language_chooser").set_value("es").run()
    assert not app.exception
    assert accounts.account(file_db, observer).language == "es"
    assert accounts.account(file_db, me.id).language == ""


def test_someone_else_cannot_choose_an_accounts_language(file_db):
    me = accounts.account(file_db, owner_id())
    other = accounts.create_account(file_db, "Ola Observer", "ola@example.org", "observer", "observer password 1")
    with pytest.raises(accounts.NotAllowed):
        accounts.set_account_language(file_db, me, other, "de")


def test_every_page_title_in_the_navigation_is_marked_for_the_catalogues():
    titles = {title for pages in registered_pages().values() for _, title in pages}
    assert titles <= set(NAVIGATION_WORDS)
