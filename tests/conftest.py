"""Shared fixtures: a fresh database per test, pointed at through the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from aiadopt import storage

PASSCODE = "test passcode 1"
APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def fresh_db():
    """A migrated in-memory database."""
    return storage.connect_memory()


@pytest.fixture
def db_file(tmp_path, monkeypatch):
    """A database file under tmp_path, used by the app through AIADOPT_DB_PATH."""
    path = tmp_path / "workshop.db"
    monkeypatch.setenv("AIADOPT_DB_PATH", str(path))
    monkeypatch.setenv("AIADOPT_FACILITATOR_PASSCODE", PASSCODE)
    return path


@pytest.fixture
def file_db(db_file):
    """A connection to the test's database file (the same one the app uses)."""
    return storage.connect(db_file)


def new_app() -> AppTest:
    """The whole app, as a browser session would run it."""
    return AppTest.from_file(APP, default_timeout=60)


@pytest.fixture
def facilitator_app(db_file):
    """The app for a facilitator who has signed in."""
    app = new_app()
    app.session_state["facilitator_signed_in"] = True
    return app
