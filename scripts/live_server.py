"""The one launcher: start the app (or another Streamlit script, or room mode) and stop all it started.

It owns the server command (`python -m streamlit run app.py --server.port N --server.address A`;
every other setting is in `.streamlit/config.toml`), the environment (a database of its own, a known
passcode), the health wait (`/_stcore/health`) and the process tree: a server starts in its own
session, so it leads a process group, and stopping it sends SIGTERM to the whole group, then SIGKILL
to whatever is left. Room mode's workers and proxy are in that group too: nothing outlives a test.
Used by room mode (scripts/room.py), the browser tests, the bench and the screenshots.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEALTH_PATH = "/_stcore/health"
STOP_GRACE = 15  # seconds a process group gets to stop after SIGTERM before SIGKILL
CHROMIUM = os.environ.get("AIADOPT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# The user's own settings never leak into a server started here: it gets its own.
APP_SETTINGS = ("AIADOPT_DB_PATH", "AIADOPT_FACILITATOR_PASSCODE", "AIADOPT_BASE_URL")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(
    port: int, *, script: str = "server.py", address: str = "127.0.0.1", options: Mapping[str, object] | None = None
) -> list[str]:
    """`streamlit run` for one server (through scripts/serve.py, which asks no other machine anything);
    `options` are flags this server needs beyond config.toml."""
    flags = [part for name, value in (options or {}).items() for part in (f"--{name}", str(value))]
    command = [sys.executable, "-m", "scripts.serve", script]
    return [*command, "--server.port", str(port), "--server.address", address, *flags]


def room_command(port: int, workers: int, address: str = "127.0.0.1") -> list[str]:
    """Room mode (scripts/room.py): `workers` servers behind HAProxy on address:port."""
    return [sys.executable, "-m", "scripts.room", "--workers", str(workers), "--port", str(port), "--address", address]


def server_env(db_path: Path, passcode: str | None, base_url: str, environ: Mapping[str, str] = os.environ) -> dict:
    """The environment of a server on its own database (no passcode: the app generates one)."""
    env = {name: value for name, value in environ.items() if name not in APP_SETTINGS}
    env |= {"AIADOPT_DB_PATH": str(db_path), "AIADOPT_BASE_URL": base_url, "PYTHONUNBUFFERED": "1"}
    if passcode is not None:
        env["AIADOPT_FACILITATOR_PASSCODE"] = passcode
    return env


def is_healthy(url: str) -> bool:
    """Whether the server at `url` answers its health check now."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def wait_until_healthy(url: str, timeout: float, process: subprocess.Popen | None = None, name: str = "") -> None:
    """Wait for the health check; RuntimeError when the process stops first or time runs out."""
    deadline = time.monotonic() + timeout
    while not is_healthy(url):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{name or url} stopped (exit code {process.returncode}) before it was ready.")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name or url} did not answer {url}{HEALTH_PATH} within {timeout:.0f} s.")
        time.sleep(0.3)


def group_processes(group: int) -> dict[int, str]:
    """Live processes (not zombies) of a process group: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == group:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, IndexError, ValueError):
            continue  # gone while we looked
    return found


def signal_group(group: int, signum: int) -> None:
    """Send a signal to every process of a group (none left is fine)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signum)


def start_group(command: list[str], env: Mapping[str, str], output) -> subprocess.Popen:
    """Start a command in the project root, in its own session: it leads a new process group."""
    return subprocess.Popen(
        command, cwd=ROOT, env=dict(env), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_group(process: subprocess.Popen, grace: float = STOP_GRACE) -> None:
    """SIGTERM to the process's whole group, then SIGKILL to whatever is still there after `grace`."""
    group = process.pid
    if process.poll() is None:
        signal_group(group, signal.SIGTERM)
    deadline = time.monotonic() + grace
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)
    while group_processes(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    if group_processes(group):
        signal_group(group, signal.SIGKILL)
    process.wait()


class LiveServer:
    """A running app on its own database file (room mode when `workers` > 1); a context manager."""

    def __init__(
        self,
        db_path: Path,
        passcode: str | None,
        log_path: Path,
        *,
        script: str = "server.py",
        workers: int = 1,
        owner: bool = True,
        options: Mapping[str, object] | None = None,
    ):
        self.db_path = Path(db_path)
        self.passcode = passcode
        self.owner = owner  # an owner account signs in with the passcode (without: a fresh server's set-up)
        self.log_path = Path(log_path)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if workers > 1:
            if options:
                raise ValueError("room mode takes no Streamlit options: its workers are started by scripts/room.py")
            self.command = room_command(self.port, workers)
        else:  # `options`: Streamlit flags beyond config.toml, e.g. {"secrets.files": path}
            self.command = streamlit_command(self.port, script=script, options=options)
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> LiveServer:
        """Launch the server and wait for its health check; stop it all when it does not come up."""
        env = server_env(self.db_path, self.passcode, self.url)
        if self.owner and self.passcode and len(self.passcode) >= 10:  # the owner signs in with it as their password
            ensure_owner(self.db_path, self.passcode)
        with open(self.log_path, "wb") as out:
            self.process = start_group(self.command, env, out)
        try:
            wait_until_healthy(self.url, timeout, self.process, "the server")
        except RuntimeError as failure:
            self.stop()
            raise RuntimeError(f"{failure}\n{self.log()}") from None
        return self

    def stop(self) -> None:
        """Stop the server and every process it started."""
        if self.process is not None:
            stop_group(self.process)
            self.process = None

    def pids(self) -> list[int]:
        """The server's processes now (room mode: the script, its workers and the proxy)."""
        return list(group_processes(self.process.pid)) if self.process is not None else []

    def log(self, lines: int = 40) -> str:
        """The last lines the server printed."""
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the script for this page.

    The app says so itself (`data-test-script-state` on its root, which Streamlit keeps for its own
    browser tests), and its running sign has gone. The short pause first lets a run that an action
    has just asked for begin: the browser marks the app as running only once the server says so."""
    page.wait_for_selector("[data-testid='stApp']", state="attached")
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=30_000,
    )


OWNER_EMAIL = "owner@example.org"  # the account LiveServer makes, with its passcode as the password


def ensure_owner(db_path: Path, password: str, email: str = OWNER_EMAIL) -> None:
    """The server's owner account (made on its database before it starts, unless one is there)."""
    from aiadopt import storage
    from aiadopt.services import accounts

    db = storage.connect(db_path)
    try:
        if storage.accounts.by_email(db, email) is None:
            accounts.create_account(db, "Sam Owner", email, "owner", password)
    finally:
        db.close()


def sign_in_as_facilitator(page, url: str, passcode: str, email: str = OWNER_EMAIL) -> None:
    """Open the app and sign in with an account's e-mail and password (the server's passcode)."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("textbox", name="E-mail").fill(email)
    page.get_by_role("textbox", name="Password").fill(passcode)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up the workshop").wait_for()


def open_page(page, title: str, tries: int = 3) -> None:
    """Follow the menu link of the page with this title (not one whose title merely contains it), and
    wait until the browser is on that page's address.

    A click that lands within a moment of the previous page's run can be lost (Streamlit 1.67): a person
    sees the page did not change and clicks again, and so does this, at most `tries` times."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    link = page.get_by_role("link", name=re.compile(rf"(^|\W){re.escape(title)}$")).first
    address = link.get_attribute("href") or ""
    for _ in range(tries):
        link.click()
        try:
            page.wait_for_url(address, timeout=10_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"the {title!r} page did not open after {tries} clicks")


def choose_tab(page, name: str, tries: int = 3) -> int:
    """Open the tab with this name and wait until the app has drawn it.

    A tab chosen within a moment of a page's first run is sometimes put back to the first tab by the run
    the choice asks for (Streamlit 1.67, a tab that reruns the page: 7 of 30 clicks in a probe made right
    after a page load, none two seconds later). A person sees the tab did not change and chooses it again;
    so does this, at most `tries` times, and says how many clicks it took."""
    tab = page.get_by_role("tab", name=name, exact=True)
    for clicks in range(1, tries + 1):
        tab.click()
        wait_for_app(page)
        if tab.get_attribute("aria-selected") == "true":
            return clicks
    raise AssertionError(f"the {name!r} tab did not stay open after {tries} clicks")
