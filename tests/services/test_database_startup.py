"""Issue 9, finding 7: a database that cannot be used stops the start with its path and cause."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aiadopt.services.database import DatabaseUnavailable, check_database

ROOT = Path(__file__).resolve().parents[2]


def test_an_impossible_path_names_the_file_and_the_cause(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    target = blocker / "workshop.db"
    with pytest.raises(DatabaseUnavailable) as problem:
        check_database(target)
    assert str(target) in str(problem.value) and "AIADOPT_DB_PATH" in str(problem.value)


def test_a_file_that_is_not_a_database_says_so(tmp_path):
    target = tmp_path / "workshop.db"
    target.write_bytes(b"this is a spreadsheet, not a database" * 200)
    with pytest.raises(DatabaseUnavailable, match="not a workshop database"):
        check_database(target)
    assert target.read_bytes().startswith(b"this is a spreadsheet")  # nothing overwritten


def test_the_start_command_stops_with_a_plain_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = dict(os.environ, AIADOPT_DB_PATH=str(blocker / "workshop.db"))
    done = subprocess.run(
        [sys.executable, "-m", "aiadopt.services.access"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "cannot be used" in done.stderr and str(blocker / "workshop.db") in done.stderr
    assert "Traceback" not in done.stderr


def test_a_usable_database_passes(tmp_path):
    check_database(tmp_path / "workshop.db")
    assert (tmp_path / "workshop.db").exists()
