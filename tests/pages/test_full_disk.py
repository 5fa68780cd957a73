"""Issue 16, finding 6: a full or read-only disk gets a plain message on every page, never the error page.

The disk is made full (SQLite may not grow the file) or read-only (SQLite refuses every write) on
each connection the app opens once the workshop is set up; what was stored before must survive.
"""

from __future__ import annotations

import pytest

from aiadopt.services import room as room_service
from aiadopt.services.capture import count_pain_points
from aiadopt.storage import connection
from tests.apptest_helpers import OWNER_EMAIL, PASSWORD, facilitator_on, new_app, owner_id, participant_app, submit_form
from tests.factories import make_pain_point, make_workshop


@pytest.fixture
def disk(monkeypatch):
    """Call disk("full") or disk("read_only"): from then on every new connection meets that disk."""
    real = connection._connect

    def make(state: str) -> None:
        def broken(path=None):
            db = real(path)
            if state == "full":  # the file may not grow by a single page
                pages = db.execute("PRAGMA page_count").fetchone()[0]
                db.execute(f"PRAGMA max_page_count = {pages}")
            else:
                db.execute("PRAGMA query_only = ON")
            return db

        monkeypatch.setattr(connection, "_connect", broken)

    return make


def test_a_participants_save_on_a_full_disk_says_so_and_keeps_their_text(file_db, disk):
    workshop_id, department_id = make_workshop(file_db)
    make_pain_point(file_db, workshop_id, department_id)
    app = participant_app(file_db, workshop_id)
    disk("full")
    app.selectbox(key="contribute_form_0_department_id").select(department_id)
    app.text_input(key="contribute_form_0_title").input("Keying supplier invoices")
    app.text_area(key="contribute_form_0_description").input("Every invoice by hand. " * 200)
    submit_form(app)
    assert not app.exception
    assert any("disk of the computer running the workshop is full" in e.value for e in app.error)
    assert app.text_input(key="contribute_form_0_title").value == "Keying supplier invoices"  # nothing typed lost
    assert count_pain_points(file_db, workshop_id) == 1  # and what was stored before is there


def test_a_newcomers_first_page_on_a_read_only_disk_opens_and_drops_its_sign_of_life(file_db, disk):
    workshop_id, _ = make_workshop(file_db)
    disk("read_only")
    dropped = room_service.dropped_heartbeats()
    app = participant_app(file_db, workshop_id)
    assert not app.exception
    assert app.text_input(key="contribute_form_0_title")  # the form is there to type into
    assert room_service.dropped_heartbeats() == dropped + 1  # counted, not shown


def test_the_facilitator_signs_in_on_a_read_only_disk(db_file, disk):
    owner = owner_id(str(db_file))  # the database and its owner exist, as they do once the server ran
    disk("read_only")
    app = new_app()
    app.switch_page("app_pages/sign_in.py").run()
    app.text_input(key="sign_in_email").input(OWNER_EMAIL)
    app.text_input(key="sign_in_password").input(PASSWORD)
    app.get("form_submit_button")[0].click().run()
    assert not app.exception
    assert app.session_state["account_id"] == owner
    assert any("this tab only" in w.value for w in app.warning)
    assert [t.value for t in app.title] == ["Set up the workshop"]
    app.run()
    assert [t.value for t in app.title] == ["Set up the workshop"]  # still signed in on this tab


def test_a_facilitators_change_on_a_read_only_disk_says_why_on_the_page(file_db, disk):
    workshop_id, _ = make_workshop(file_db)
    app = facilitator_on("app_pages/setup.py", workshop_id)
    disk("read_only")
    next(box for box in app.text_input if box.label == "Department name").input("Sales")
    submit_form(app, "Add department")
    assert not app.exception
    assert any("cannot be written at the moment" in e.value for e in app.error)
