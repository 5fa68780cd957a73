"""Joining a workshop by its code: unknown, closed and deleted workshops get a plain message."""

from __future__ import annotations

import pytest

from aiadopt.services.errors import Closed, NotFound
from aiadopt.services.participants import workshop_for_join_code
from aiadopt.services.workshops import delete_workshop, get_workshop, restore_workshop, update_workshop


@pytest.mark.parametrize("code", ["", "   ", "NOPE42", "x" * 500, "<script>", "'; DROP TABLE workshops; --"])
def test_unknown_join_code_gets_a_plain_message(workshop, code):
    db, _, _ = workshop
    with pytest.raises(NotFound) as raised:
        workshop_for_join_code(db, code)
    assert "code" in str(raised.value)


def test_closed_or_deleted_workshop_refuses_its_join_code(workshop):
    db, workshop_id, _ = workshop
    code = get_workshop(db, workshop_id)["join_code"]
    update_workshop(db, workshop_id, {"is_open": False})
    with pytest.raises(Closed, match="closed"):
        workshop_for_join_code(db, code)
    update_workshop(db, workshop_id, {"is_open": True})
    delete_workshop(db, workshop_id)
    with pytest.raises(NotFound, match="no longer exists"):
        workshop_for_join_code(db, code)
    restore_workshop(db, workshop_id)
    assert workshop_for_join_code(db, code)["id"] == workshop_id
