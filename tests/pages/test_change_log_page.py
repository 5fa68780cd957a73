"""The Change log page: who changed what in the workshop, newest first, shown as plain text."""

from __future__ import annotations

from aiadopt.services.workshops import add_department
from tests.apptest_helpers import assert_inert, facilitator_on
from tests.factories import make_workshop


def test_the_change_log_lists_the_latest_changes_newest_first(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day")
    add_department(file_db, workshop_id, "![x](http://tracker.example/p.png) Sales")
    app = facilitator_on("app_pages/change_log.py", workshop_id)
    assert not app.exception
    table = app.dataframe[0].value
    assert table["What"].tolist()[:3] == ["create department", "create department", "create workshop"]
    assert set(table["Who"]) == {"facilitator"}
    assert_inert(app)
