"""Issue 17: what pain points mean is read once, in the background, and kept with the text it came from."""

from __future__ import annotations

import time

from aiadopt import storage
from aiadopt.services import similarity
from aiadopt.services.capture import get_pain_point, update_pain_point
from tests.factories import make_pain_point, make_workshop


def test_the_background_reader_makes_what_is_pending_and_what_changed(file_db, db_file):
    workshop_id, department_id = make_workshop(file_db)
    first = make_pain_point(file_db, workshop_id, department_id, title="Keying supplier invoices by hand")
    second = make_pain_point(file_db, workshop_id, department_id, title="Chasing timesheets every Monday")
    assert similarity.has_pending(file_db, workshop_id)
    assert similarity.read_in_background(str(db_file), workshop_id, linger=0.1) == 2
    assert not similarity.has_pending(file_db, workshop_id)
    update_pain_point(file_db, second, {"title": "Chasing missing timesheets before payroll"})
    update_pain_point(file_db, first, {"minutes_per_occurrence": 45})  # not its text: nothing to read again
    assert similarity.read_in_background(str(db_file), workshop_id, linger=0.1) == 1
    stored = storage.vectors.stored(file_db, [first, second], similarity.MODEL)
    assert stored[second][0] == similarity.text_hash(get_pain_point(file_db, second))
    assert not similarity.has_pending(file_db, workshop_id)


def test_a_facilitator_save_starts_one_low_priority_reader_that_the_room_never_waits_for(file_db, db_file, monkeypatch):
    monkeypatch.setenv("AIADOPT_READ_IN_BACKGROUND", "1")
    workshop_id, department_id = make_workshop(file_db)
    pain_point_id = make_pain_point(file_db, workshop_id, department_id, title="Keying supplier invoices by hand")
    make_pain_point(file_db, workshop_id, department_id, title="Typing vendor bills into the ledger")
    reader = similarity._readers[(str(db_file), workshop_id)]
    try:
        assert not similarity.catch_up(str(db_file), workshop_id)  # one reader at a time
        deadline = time.monotonic() + 60
        while similarity.has_pending(file_db, workshop_id) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert storage.vectors.stored(file_db, [pain_point_id], similarity.MODEL)
        with open(f"/proc/{reader.pid}/stat") as stat:
            assert int(stat.read().rsplit(")", 1)[1].split()[16]) == 19  # its nice value: the lowest priority
    finally:
        reader.terminate()
        reader.wait(10)
