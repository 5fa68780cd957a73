"""Start `streamlit run app.py` on a free port with its own database (browser tests, screenshots)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A running app on its own database file."""

    def __init__(self, db_path: Path, passcode: str, log_path: Path):
        self.db_path = Path(db_path)
        self.passcode = passcode
        self.log_path = Path(log_path)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> LiveServer:
        """Launch the server and wait for its health check."""
        env = os.environ | {
            "AIADOPT_DB_PATH": str(self.db_path),
            "AIADOPT_FACILITATOR_PASSCODE": self.passcode,
            "AIADOPT_BASE_URL": self.url,
        }
        with open(self.log_path, "w") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.port",
                    str(self.port),
                    "--server.address",
                    "127.0.0.1",
                    "--server.headless",
                    "true",
                    "--browser.gatherUsageStats",
                    "false",
                    "--server.fileWatcherType",
                    "none",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"The app did not start within {timeout} s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        """Stop the server."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process = None


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the script for this page."""
    page.wait_for_selector("[data-testid='stApp']", state="attached")
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def sign_in_as_facilitator(page, url: str, passcode: str) -> None:
    """Open the app and sign in with the facilitator passcode."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("link", name="Facilitator sign-in").click()
    page.get_by_role("textbox", name="Passcode").fill(passcode)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Set up the workshop").wait_for()
