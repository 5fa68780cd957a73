"""Shared fixtures: a fresh database per test, pointed at through the environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from aiadopt import storage

PASSCODE = "test passcode 1"
APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def fresh_db():
    """A migrated in-memory database, closed after the test."""
    db = storage.connect_memory()
    yield db
    db.close()


@pytest.fixture
def db_file(tmp_path, monkeypatch):
    """A database file under tmp_path, used by the app through AIADOPT_DB_PATH."""
    path = tmp_path / "workshop.db"
    monkeypatch.setenv("AIADOPT_DB_PATH", str(path))
    monkeypatch.setenv("AIADOPT_FACILITATOR_PASSCODE", PASSCODE)
    return path


@pytest.fixture
def file_db(db_file):
    """A connection to the test's database file (the same one the app uses), closed after the test."""
    db = storage.connect(db_file)
    yield db
    db.close()


def new_app() -> AppTest:
    """The whole app, as a browser session would run it."""
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture
def facilitator_app(db_file):
    """The app for a facilitator who has signed in."""
    app = new_app()
    app.session_state["facilitator_signed_in"] = True
    return app


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: every test must run there, browser tests included."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every test must run in CI.", red=True)
        session.exitstatus = 1
