"""Nothing leaves the machine: every request every page makes goes to the app's own server."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from aiadopt.services.workshops import get_workshop
from scripts.live_server import open_page, sign_in_as_facilitator, wait_for_app
from tests.apptest_helpers import registered_pages
from tests.browser.conftest import PASSCODE
from tests.factories import load_sample_workshop

pytestmark = pytest.mark.browser

# Every facilitator page app.py registers; the projector, which hides the menu, comes last.
FACILITATOR_PAGES = sorted((title for _, title in registered_pages()["facilitator"]), key=lambda t: t == "Projector")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def foreign(urls: list[str]) -> list[str]:
    """The addresses asked of any other machine (data: and blob: addresses stay in the browser)."""
    return sorted(
        {u for u in urls if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS}
    )


def test_every_page_asks_only_this_machine(server, server_db, new_page):
    """Issue 9, finding 11: every page asked a font server for the page icon."""
    workshop_id, _ = load_sample_workshop(server_db)
    requested: list[str] = []

    participant = new_page(width=420, height=900)
    participant.on("request", lambda request: requested.append(request.url))
    code = get_workshop(server_db, workshop_id)["join_code"]
    for address in (f"{server.url}/?join={code}", f"{server.url}/vote?join={code}"):
        participant.goto(address)
        wait_for_app(participant)

    facilitator = new_page()
    facilitator.on("request", lambda request: requested.append(request.url))
    sign_in_as_facilitator(facilitator, server.url, PASSCODE)
    for title in FACILITATOR_PAGES:
        open_page(facilitator, title)
        wait_for_app(facilitator)
    icons = facilitator.eval_on_selector_all("link[rel~='icon']", "links => links.map(l => l.href)")
    assert len(requested) > 20
    assert icons and not foreign(icons)
    assert foreign(requested) == []


# Loaded by every Python process that finds it on its path: records each name the process resolves
# and each address it connects to (Python's own audit events), without changing what it does.
RECORD_CONNECTS = """
import json, os, sys
_log = open(os.environ["AIADOPT_CONNECT_LOG"], "a", buffering=1)
def _record(event, args):
    if event == "socket.connect":
        _log.write(json.dumps(["connect", repr(args[1])]) + "\\n")
    elif event == "socket.getaddrinfo":
        _log.write(json.dumps(["resolve", str(args[0])]) + "\\n")
sys.addaudithook(_record)
"""
LOOPBACK = ("127.0.0.1", "::1", "localhost", "0.0.0.0", "::", "None")


def test_the_server_asks_no_other_machine_at_start_or_for_a_foreign_websocket(tmp_path, monkeypatch):
    """Issue 16, finding 2: every start asked checkip.amazonaws.com, and a websocket with a foreign
    Origin made the server look its external address up, blocking everyone for 12 s without DNS."""
    import json

    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    from scripts.live_server import LiveServer

    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(RECORD_CONNECTS)
    log = tmp_path / "connects.jsonl"
    monkeypatch.setenv("AIADOPT_CONNECT_LOG", str(log))
    monkeypatch.setenv("PYTHONPATH", f"{hook}:{os.environ.get('PYTHONPATH', '')}")
    with LiveServer(tmp_path / "w.db", PASSCODE, tmp_path / "server.log") as live:
        stream = live.url.replace("http", "ws") + "/_stcore/stream"
        with connect(stream, origin=live.url, open_timeout=10):
            pass  # the app's own page: welcome
        refused = None
        try:
            with connect(stream, origin="http://evil.example", open_timeout=10):
                pass
        except InvalidStatus as status:
            refused = status.response.status_code
        assert refused == 403
    seen = [json.loads(line) for line in log.read_text().splitlines()]
    elsewhere = [(kind, where) for kind, where in seen if not any(host in where for host in LOOPBACK)]
    assert elsewhere == []
    # The recorder sees what Streamlit does on its own: it points a socket at 8.8.8.8 to find its address.
    control = tmp_path / "control.jsonl"
    env = os.environ | {"AIADOPT_CONNECT_LOG": str(control)}
    subprocess.run(
        [sys.executable, "-c", "from streamlit import net_util; net_util.get_internal_ip()"], env=env, check=True
    )
    assert any("8.8.8.8" in where for _, where in (json.loads(line) for line in control.read_text().splitlines()))
