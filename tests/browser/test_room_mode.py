"""Room mode: two Streamlit workers on one database behind HAProxy, as scripts/room.py starts them."""

from __future__ import annotations

import os
import re
import signal
import socket
import time

import pytest
import requests

from scripts.live_server import LiveServer, group_processes, wait_for_app
from scripts.room import COOKIE, WORKER_HEADER, find_haproxy, haproxy_config, worker_name

pytestmark = pytest.mark.browser

WORKERS = 2
START_TIMEOUT = 180  # two workers start one after the other, then the proxy


def accepts_connections(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def room_log(room: LiveServer) -> str:
    return room.log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """Room mode with two workers on free ports, started by the launcher in its own process group;
    the whole group is stopped (or killed) afterwards, pass or fail."""
    if find_haproxy() is None:
        pytest.fail("haproxy is not installed: `make test` installs it (scripts/ensure_system_packages.sh).")
    folder = tmp_path_factory.mktemp("room")
    # No passcode in the environment: the room generates one and every worker shares it.
    running = LiveServer(folder / "workshop.db", None, folder / "room.log", workers=WORKERS)
    try:
        yield running.start(START_TIMEOUT)
    finally:
        running.stop()


def test_the_proxy_config_pins_each_worker_to_loopback_with_its_own_cookie():
    config = haproxy_config("0.0.0.0", 8501, [40001, 40002])
    assert "bind 0.0.0.0:8501" in config
    assert f"cookie {COOKIE} insert indirect nocache" in config
    assert "timeout tunnel 1h" in config
    assert f"server {worker_name(1)} 127.0.0.1:40001 cookie {worker_name(1)} check" in config
    assert f"server {worker_name(2)} 127.0.0.1:40002 cookie {worker_name(2)} check" in config


def test_health_check_answers_through_the_proxy(room):
    answer = requests.get(f"{room.url}/_stcore/health", timeout=5)
    assert answer.status_code == 200
    assert answer.text == "ok"


def test_new_sessions_spread_over_workers_and_each_session_sticks_to_its_worker(room):
    workers_seen = set()
    for _ in range(2 * WORKERS):
        with requests.Session() as session:  # a new browser: its own cookie jar
            first = session.get(room.url + "/", timeout=5)
            assert first.status_code == 200
            worker = first.headers[WORKER_HEADER]
            assert session.cookies.get(COOKIE) == worker
            for _ in range(5):
                again = session.get(room.url + "/", timeout=5)
                assert again.headers[WORKER_HEADER] == worker
            workers_seen.add(worker)
    assert workers_seen == {worker_name(n) for n in range(1, WORKERS + 1)}
    # The cookie alone decides: a browser pinned to worker 2 is always served by worker 2.
    for _ in range(3):
        answer = requests.get(room.url + "/", cookies={COOKIE: worker_name(2)}, timeout=5)
        assert answer.headers[WORKER_HEADER] == worker_name(2)


def test_browsers_get_the_app_over_a_websocket_through_the_proxy(room, new_page):
    pages = []
    for _ in range(WORKERS):  # consecutive browsers land on different workers
        page = new_page(width=420, height=900)
        pages.append(page)
        sockets = []
        page.on("websocket", lambda socket, sockets=sockets: sockets.append(socket))
        page.goto(room.url + "/")
        wait_for_app(page)
        page.get_by_role("heading", name="Join a workshop").wait_for()
        stream = [s for s in sockets if s.url.endswith("/_stcore/stream")]
        assert stream and not stream[-1].is_closed()
        assert stream[-1].url.startswith(f"ws://127.0.0.1:{room.port}/")
    cookies = [c["value"] for page in pages for c in page.context.cookies() if c["name"] == COOKIE]
    assert sorted(cookies) == [worker_name(n) for n in range(1, WORKERS + 1)]


def test_a_worker_that_dies_mid_workshop_comes_back_and_its_browsers_are_served_meanwhile(room):
    found = re.search(r"\[room\] worker 2 \(pid (\d+)\) starting on http://127.0.0.1:(\d+)", room_log(room))
    assert found, room_log(room)
    pid, port = int(found.group(1)), int(found.group(2))
    pinned = {COOKIE: worker_name(2)}

    os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
    deadline = time.monotonic() + 60
    while True:
        answer = requests.get(room.url + "/", cookies=pinned, timeout=10)
        assert answer.status_code == 200  # served by another worker until worker 2 is back
        if answer.headers[WORKER_HEADER] == worker_name(2) and pid not in group_processes(room.process.pid):
            break
        assert time.monotonic() < deadline, room_log(room)
        time.sleep(0.5)
    assert "[room] worker 2 stopped on its own (exit code -9): starting it again at once." in room_log(room)
    assert accepts_connections(port)


def test_stopping_the_room_leaves_no_worker_or_proxy_behind(room):
    group = room.process.pid
    running = group_processes(group)
    commands = list(running.values())
    assert sum("scripts.serve server.py" in c for c in commands) == WORKERS, commands
    assert sum("haproxy" in c.split(" ", 1)[0] for c in commands) == 1, commands
    worker_ports = [int(c.split("--server.port ")[1].split()[0]) for c in commands if "scripts.serve" in c]
    assert all(accepts_connections(port) for port in [room.port, *worker_ports])

    room.process.send_signal(signal.SIGINT)  # Ctrl-C, sent to the script alone: its trap stops the rest
    assert room.process.wait(timeout=30) == 0, room_log(room)

    assert group_processes(group) == {}
    assert not any(accepts_connections(port) for port in [room.port, *worker_ports])
    assert "[room] Stopped." in room_log(room)
