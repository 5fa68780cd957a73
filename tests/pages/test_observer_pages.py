"""An observer (a department head, a sponsor) on the app (issue 19): the four read-only pages of the
workshops shared with them, no edit control, no participant's name."""

from __future__ import annotations

from aiadopt.domain import accounts as rules
from aiadopt.services import accounts, pilots, workshops
from aiadopt.services.permissions import act_as
from tests.apptest_helpers import new_app, owner_id, registered_pages, rendered_strings, sign_in
from tests.factories import load_sample_workshop

PASSWORD = "observer password 1"
EDIT_BUTTONS = {
    "Save",
    "Remove",
    "Show this ranking on the projector",
    "Save charter",
    "Start tracking",
    "Save measurement",
    "Save gate",
    "Go back to the workshop's data",
}


def observer_on(file_db, page: str | None = None):
    """The sample workshop shared with an observer, who opens the app (and `page`, if given)."""
    owner = accounts.account(file_db, owner_id())
    workshop_id, _ = load_sample_workshop(file_db)
    department_id = workshops.list_departments(file_db, workshop_id)[0]["id"]
    workshops.start_interview(file_db, workshop_id, department_id, "Sam Owner", "Jo Bloggs, Priya Shah")
    observer = accounts.create_account(file_db, "Dana Head", "dana@example.org", rules.OBSERVER, PASSWORD)
    accounts.share_workshop(file_db, owner, workshop_id, observer, rules.OBSERVER)
    app = sign_in(new_app(), observer)
    app.run()
    if page:
        app.switch_page(page).run()
    return app, workshop_id


def buttons(app) -> set[str]:
    return {b.label for b in app.button} | {b.label for b in app.get("form_submit_button")}


def test_an_observer_has_four_read_only_pages(file_db):
    app, _ = observer_on(file_db)
    assert not app.exception
    assert [t.value for t in app.title] == ["Audit: what was heard, what is still unheard"]
    assert [file for file, _ in registered_pages()["observer"]] == [
        "app_pages/audit.py",
        "app_pages/ranking.py",
        "app_pages/charter.py",
        "app_pages/pilots.py",
    ]


def test_the_audit_says_who_was_heard_without_naming_the_interviewees(file_db):
    app, _ = observer_on(file_db, "app_pages/audit.py")
    assert not app.exception
    text = " ".join(rendered_strings(app))
    assert "by Sam Owner" in text, text
    assert "Jo Bloggs" not in text and "Priya Shah" not in text


def test_rank_shows_the_shortlist_and_no_control_that_changes_anything(file_db):
    app, _ = observer_on(file_db, "app_pages/ranking.py")
    assert not app.exception
    assert [h.value for h in app.header][:2] == ["Top candidate", "Ranked shortlist"]
    assert not buttons(app) & EDIT_BUTTONS
    assert not [box for box in app.text_input if box.label == "Name"]  # nothing to save weights under


def test_the_charter_is_read_and_exported_not_edited(file_db):
    app, _ = observer_on(file_db, "app_pages/charter.py")
    assert not app.exception
    assert not buttons(app) & EDIT_BUTTONS
    assert not app.tabs  # only the preview


def test_pilots_are_followed_not_recorded(file_db):
    app, workshop_id = observer_on(file_db, "app_pages/pilots.py")
    assert not app.exception
    assert any("No pilot is being tracked" in i.value for i in app.info)
    act_as(file_db, None)
    pilots.start_pilot(file_db, workshop_id, "p1", {"title": "Re-keying", "kpi_metric": "Minutes"}, "2026-01-05")
    app.run()
    assert not app.exception
    assert not buttons(app) & EDIT_BUTTONS
    assert any(m.label == "Baseline" for m in app.metric)


def test_an_observer_with_nothing_shared_is_told_so(file_db):
    observer = accounts.create_account(file_db, "Lee", "lee@example.org", rules.OBSERVER, PASSWORD)
    load_sample_workshop(file_db)
    app = sign_in(new_app(), observer)
    app.run()
    assert not app.exception
    assert any("No workshop has been shared with you yet" in i.value for i in app.sidebar.info)
