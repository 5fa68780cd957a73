"""Who reaches which page: guests, the facilitator's passcode, participants through a join link."""

from __future__ import annotations

import pytest

from aiadopt import storage
from aiadopt.services import access
from aiadopt.services.room import open_phase
from aiadopt.services.workshops import delete_workshop, get_workshop
from tests.apptest_helpers import FACILITATOR_PAGES, new_app, sign_in, submit_form
from tests.conftest import PASSCODE
from tests.factories import make_workshop


def titles(app) -> list[str]:
    return [t.value for t in app.title]


def test_guest_sees_join_page_and_no_facilitator_page(db_file):
    app = new_app()
    app.run()
    assert not app.exception
    assert titles(app) == ["Join a workshop"]
    for page in FACILITATOR_PAGES:  # not registered for a guest, so not reachable at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)


def test_a_fresh_server_makes_its_owner_with_the_set_up_code_then_asks_for_passwords(db_file):
    app = new_app()
    app.switch_page("app_pages/sign_in.py").run()
    assert any("no accounts yet" in i.value for i in app.info)
    app.text_input(key="sign_in_setup_code").input("not it")
    app.text_input(key="sign_in_setup_name").input("Sam Owner")
    app.text_input(key="sign_in_setup_email").input("sam@example.org")
    app.text_input(key="sign_in_new").input("a long password 1")
    app.get("form_submit_button")[0].click().run()
    assert any("set-up code is not right" in e.value for e in app.error)
    assert "account_id" not in app.session_state
    app.text_input(key="sign_in_setup_code").input(PASSCODE)
    app.get("form_submit_button")[0].click().run()
    assert not app.exception and app.session_state["account_id"]
    app.run()
    assert titles(app) == ["Set up the workshop"]
    again = new_app()  # another browser: the server has an owner now, so it asks for a password
    again.switch_page("app_pages/sign_in.py").run()
    again.text_input(key="sign_in_email").input("sam@example.org")
    again.text_input(key="sign_in_password").input("not the password")
    again.get("form_submit_button")[0].click().run()
    assert [e.value for e in again.error] == ["That e-mail address and password do not match an account."]
    again.text_input(key="sign_in_password").input("a long password 1")
    again.get("form_submit_button")[0].click().run()
    again.run()
    assert titles(again) == ["Set up the workshop"]


def test_facilitator_page_checks_the_role_itself(db_file):
    app = sign_in(new_app())
    app.run()
    app.session_state["account_id"] = None
    app.query_params["join"] = ""
    app.switch_page("app_pages/pain_points.py").run()
    assert "Pain points" not in titles(app)


def test_participant_reaches_only_the_contribution_page(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    app = new_app()
    app.query_params["join"] = get_workshop(file_db, workshop_id)["join_code"]
    sign_in(app)  # even a signed-in browser opening the link
    app.run()
    assert titles(app) == ["Team day"]
    for page in FACILITATOR_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        (lambda db, w: "NOSUCH", "No workshop has that join code"),
        (
            lambda db, w: (open_phase(db, w, "closed"), get_workshop(db, w)["join_code"])[1],
            "closed to new entries",
        ),
        (
            lambda db, w: (delete_workshop(db, w), get_workshop(db, w, include_deleted=True)["join_code"])[1],
            "no longer exists",
        ),
        (lambda db, w: "<b>bad</b>", "not valid"),
    ],
)
def test_bad_join_links_get_a_plain_message_and_store_nothing(file_db, arrange, message):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    code = arrange(file_db, workshop_id)
    before = storage.table_counts(file_db)
    app = new_app()
    app.query_params["join"] = code
    app.run()
    assert not app.exception
    assert any(message in e.value for e in app.error)
    after = storage.table_counts(file_db)
    attempts = after.pop("passcode_attempts") - before.pop("passcode_attempts")
    assert after == before
    assert attempts == (message != "closed to new entries")  # a wrong code counts against this browser


def test_wrong_join_codes_slow_that_browser_down(file_db, monkeypatch):
    """Issue 9, finding 6: wrong join codes were not slowed down."""
    monkeypatch.setattr(access.time, "sleep", lambda seconds: None)
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    app = new_app()
    app.run()
    for n in range(access.FREE_ATTEMPTS[access.JOIN_CODE][0] + 1):
        app.text_input(key="join_code").input(f"WRONG{n}")
        app.get("form_submit_button")[0].click().run()
    app.text_input(key="join_code").input(get_workshop(file_db, workshop_id)["join_code"])
    app.get("form_submit_button")[0].click().run()
    assert any("Too many wrong workshop codes from here" in e.value for e in app.error)
    assert "join" not in app.query_params


def test_guest_joins_with_the_code_typed_in(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    app = new_app()
    app.run()
    app.text_input(key="join_code").input(get_workshop(file_db, workshop_id)["join_code"].lower())
    submit_form(app)
    assert titles(app) == ["Team day"]


def test_opening_the_join_link_again_and_again_stores_no_participant(file_db):
    """Issue 9, finding 6: 200 visits made 200 participant rows; now a row waits for a first save."""
    workshop_id, _ = make_workshop(file_db, name="Team day", facilitator="Sam")
    code = get_workshop(file_db, workshop_id)["join_code"]
    for _ in range(5):
        app = new_app()
        app.query_params["join"] = code
        app.run()
        assert titles(app) == ["Team day"] and app.query_params["me"]
    assert storage.table_counts(file_db)["participants"] == 0
    app.text_input(key="contribute_form_0_title").input("Chasing signatures")
    app.get("form_submit_button")[0].click().run()
    assert any("Saved" in s.value for s in app.success)
    assert storage.table_counts(file_db)["participants"] == 1
    app.run()  # the same browser: the same person
    assert storage.table_counts(file_db)["participants"] == 1
