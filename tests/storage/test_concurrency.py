"""Many sessions writing at once: one connection per session thread, no write lost."""

from __future__ import annotations

import threading

from aiadopt import storage
from aiadopt.services.capture import list_pain_points
from aiadopt.services.workshops import list_changes
from tests.factories import make_pain_point, make_participant, make_workshop


def test_concurrent_participants_lose_no_pain_point(db_file, file_db):
    workshop_id, department_id = make_workshop(file_db, name="Busy room", department="Operations")
    writers, per_writer = 40, 10
    failures: list[BaseException] = []
    start = threading.Barrier(writers)

    def participant(number: int) -> None:
        own = None
        try:
            own = storage.connect(db_file)  # one connection per session thread, as Streamlit does
            person = make_participant(own, workshop_id)
            start.wait()
            for entry in range(per_writer):
                make_pain_point(
                    own,
                    workshop_id,
                    department_id,
                    participant_id=person["id"],
                    title=f"Writer {number} entry {entry}",
                )
        except BaseException as failure:  # noqa: BLE001 - every failure is a lost write
            failures.append(failure)
        finally:
            if own is not None:
                own.close()

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    titles = {r["title"] for r in list_pain_points(file_db, workshop_id)}
    assert titles == {f"Writer {n} entry {e}" for n in range(writers) for e in range(per_writer)}
    assert len(list_changes(file_db, workshop_id, limit=10_000)) >= writers * per_writer
