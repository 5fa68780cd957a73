"""Room mode never stops the room on its own: a process that dies is started again, with a back-off."""

from __future__ import annotations

from scripts import room


class Dead:
    """A process that has stopped."""

    returncode = 1

    def poll(self) -> int:
        return 1


def test_a_worker_that_keeps_dying_is_always_started_again_ever_more_slowly(monkeypatch):
    """Issue 16, finding 8: the whole room stopped when one worker died for the sixth time."""
    clock = [100.0]
    monkeypatch.setattr(room.time, "monotonic", lambda: clock[0])
    launcher = room.Room()
    monkeypatch.setattr(launcher, "_spawn", lambda *args: Dead())
    worker = launcher.start("worker 1", ["python"], {})
    waits = []
    for _ in range(12):  # it dies at once, again and again
        assert launcher.exited() is worker
        waits.append(launcher.schedule_restart(worker))
        clock[0] += waits[-1]
        assert launcher.due_now() == [worker]
        launcher.restart(worker)
    assert waits == [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0]
    assert worker.restarts == 12  # never given up on
    clock[0] += room.SETTLED_AFTER + 1  # this time it ran for over a minute before it stopped
    assert launcher.schedule_restart(worker) == 0.0


def test_a_worker_that_ran_for_a_while_is_started_again_at_once():
    assert room.restart_wait(1) == 0.0
    assert room.restart_wait(3) == 2.0 and room.restart_wait(50) == room.LONGEST_WAIT
