"""Joining a workshop by its code: unknown, closed and deleted workshops get a plain message."""

from __future__ import annotations

import pytest

from aiadopt.services.errors import Closed, NotFound
from aiadopt.services.participants import new_visitor, visitor_for_token, workshop_for_join_code
from aiadopt.services.room import mark_seen, open_phase
from aiadopt.services.workshops import delete_workshop, get_workshop, restore_workshop
from tests.factories import make_workshop


@pytest.mark.parametrize("code", ["", "   ", "NOPE42", "x" * 500, "<script>", "'; DROP TABLE workshops; --"])
def test_unknown_join_code_gets_a_plain_message(workshop, code):
    db, _, _ = workshop
    with pytest.raises(NotFound) as raised:
        workshop_for_join_code(db, code)
    assert "code" in str(raised.value)


def test_closed_or_deleted_workshop_refuses_its_join_code(workshop):
    db, workshop_id, _ = workshop
    code = get_workshop(db, workshop_id)["join_code"]
    open_phase(db, workshop_id, "closed")
    with pytest.raises(Closed, match="closed"):
        workshop_for_join_code(db, code)
    open_phase(db, workshop_id, "capture")
    delete_workshop(db, workshop_id)
    with pytest.raises(NotFound, match="no longer exists"):
        workshop_for_join_code(db, code)
    restore_workshop(db, workshop_id)
    assert workshop_for_join_code(db, code)["id"] == workshop_id


def test_a_visitor_who_saved_nothing_is_the_same_visitor_after_a_reload(workshop):
    """Issue 18, item 4: a reload before a first save keeps the link's token, so the ballot's order stays."""
    db, workshop_id, _ = workshop
    other_id, _ = make_workshop(db, name="Another workshop")
    visitor = new_visitor(db, workshop_id)
    assert visitor_for_token(db, workshop_id, visitor["token"]) is None  # a token the screen never showed
    mark_seen(db, workshop_id, visitor["token"])  # the page's first sign of life
    assert visitor_for_token(db, workshop_id, visitor["token"]) == visitor
    assert visitor_for_token(db, other_id, visitor["token"]) is None  # another workshop's link
    assert visitor_for_token(db, workshop_id, "made-up-token") is None
    assert visitor_for_token(db, workshop_id, "") is None
