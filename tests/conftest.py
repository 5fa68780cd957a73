"""Shared fixtures: a fresh database per test, pointed at through the environment.

The builders they use, and tests use directly, are in tests/factories.py.
"""

from __future__ import annotations

import os

import pytest

from aiadopt import storage
from aiadopt.services import sample
from tests.apptest_helpers import new_app, owner_id, sign_in
from tests.factories import load_sample_workshop, make_workshop

PASSCODE = "test passcode 1"
# Pain points' meaning is read when Consolidate opens, not by a background process per test database
# (tests/services/test_similarity.py starts that process on purpose).
os.environ.setdefault("AIADOPT_READ_IN_BACKGROUND", "0")


@pytest.fixture
def fresh_db():
    """A migrated in-memory database, closed after the test."""
    db = storage.connect_memory()
    yield db
    db.close()


@pytest.fixture
def other_db():
    """A second migrated in-memory database (another machine's, say), closed after the test."""
    db = storage.connect_memory()
    yield db
    db.close()


@pytest.fixture
def workshop(fresh_db):
    """A workshop with one department: (db, workshop id, department id)."""
    workshop_id, department_id = make_workshop(fresh_db, organisation="Acme")
    return fresh_db, workshop_id, department_id


@pytest.fixture
def sample_db(fresh_db):
    """The sample workshop: (db, workshop id, pain point ids)."""
    workshop_id, ids = load_sample_workshop(fresh_db)
    return fresh_db, workshop_id, ids


@pytest.fixture
def db_file(tmp_path, monkeypatch):
    """A database file under tmp_path, used by the app through AIADOPT_DB_PATH."""
    path = tmp_path / "workshop.db"
    monkeypatch.setenv("AIADOPT_DB_PATH", str(path))
    monkeypatch.setenv("AIADOPT_FACILITATOR_PASSCODE", PASSCODE)
    return path


@pytest.fixture
def file_db(db_file):
    """A connection to the test's database file (the same one the app uses), closed after the test; its
    owner account is made first (the facilitator pages sign in as it)."""
    owner_id(str(db_file))
    db = storage.connect(db_file)
    yield db
    db.close()


@pytest.fixture
def facilitator_app(db_file):
    """The app for a facilitator who has signed in."""
    app = new_app()
    sign_in(app)
    return app


@pytest.fixture
def sample_workshop(file_db):
    """The sample workshop in the app's database file; its id."""
    return sample.load_sample(file_db)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: every test must run there, browser tests included."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every test must run in CI.", red=True)
        session.exitstatus = 1
