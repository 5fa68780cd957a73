"""Room mode: two Streamlit workers on one database behind HAProxy, as scripts/room.py starts them."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from scripts.live_server import ROOT, free_port, wait_for_app
from scripts.room import COOKIE, WORKER_HEADER, find_haproxy, haproxy_config, worker_name

pytestmark = pytest.mark.browser

WORKERS = 2
START_TIMEOUT = 180  # two workers start one after the other, then the proxy


def group_processes(group: int) -> dict[int, str]:
    """Live processes in a process group: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if os.getpgid(pid) == group and state != "Z":
                found[pid] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, IndexError):
            continue  # gone while we looked
    return found


def accepts_connections(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def room_log(room) -> str:
    return room.log_path.read_text(errors="replace")


class RunningRoom:
    """scripts/room.py started in its own process group, so nothing it starts can escape cleanup."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.db_path = folder / "workshop.db"
        self.log_path = folder / "room.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> RunningRoom:
        # No passcode in the environment: the room generates one and every worker shares it.
        env = {k: v for k, v in os.environ.items() if k not in ("AIADOPT_FACILITATOR_PASSCODE", "AIADOPT_BASE_URL")}
        env["AIADOPT_DB_PATH"] = str(self.db_path)
        command = [sys.executable, "-m", "scripts.room", "--workers", str(WORKERS), "--port", str(self.port)]
        with open(self.log_path, "wb") as out:
            self.process = subprocess.Popen(
                [*command, "--address", "127.0.0.1"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"room mode stopped (exit {self.process.returncode}):\n{room_log(self)}")
            try:
                if requests.get(f"{self.url}/_stcore/health", timeout=2).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"room mode was not healthy within {START_TIMEOUT} s:\n{room_log(self)}")

    def kill_everything(self) -> None:
        """Last resort, even when a test failed: nothing of this room outlives the tests."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        for pid in group_processes(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """Room mode with two workers on free ports; stopped (or killed) afterwards, pass or fail."""
    if find_haproxy() is None:
        pytest.fail("haproxy is not installed: `make test` installs it (scripts/ensure_system_packages.sh).")
    running = RunningRoom(tmp_path_factory.mktemp("room"))
    try:
        yield running.start()
    finally:
        running.kill_everything()


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
    assert "[room] worker 2 stopped on its own (exit code -9): starting it again." in room_log(room)
    assert accepts_connections(port)


def test_stopping_the_room_leaves_no_worker_or_proxy_behind(room):
    group = room.process.pid
    running = group_processes(group)
    commands = list(running.values())
    assert sum("streamlit run app.py" in c for c in commands) == WORKERS, commands
    assert sum("haproxy" in c.split(" ", 1)[0] for c in commands) == 1, commands
    worker_ports = [int(c.split("--server.port ")[1].split()[0]) for c in commands if "streamlit run" in c]
    assert all(accepts_connections(port) for port in [room.port, *worker_ports])

    room.process.send_signal(signal.SIGINT)  # Ctrl-C, sent to the script alone: its trap stops the rest
    assert room.process.wait(timeout=30) == 0, room_log(room)

    assert group_processes(group) == {}
    assert not any(accepts_connections(port) for port in [room.port, *worker_ports])
    assert "[room] Stopped." in room_log(room)
