"""Configuration from the environment, with defaults (plain functions, read at call time)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"

# Every setting the app reads; tests/test_docs.py checks each one is documented in README.md.
SETTINGS = {
    "AIADOPT_DB_PATH": "Path of the SQLite database file (default: data/aiadopt.db).",
    "AIADOPT_FACILITATOR_PASSCODE": "Facilitator passcode; when unset one is generated once, "
    "stored in the database and printed in the terminal at start-up.",
    "AIADOPT_BASE_URL": "Address participants use to reach the app, used to build join links "
    "(default: the address the facilitator's browser used, else this machine's address on the local network).",
}


def db_path() -> Path:
    """Where the database file lives."""
    configured = os.environ.get("AIADOPT_DB_PATH", "").strip()
    return Path(configured) if configured else DATA_DIR / "aiadopt.db"


def facilitator_passcode_from_env() -> str | None:
    """The passcode set by the operator, or None when the app should generate one."""
    value = os.environ.get("AIADOPT_FACILITATOR_PASSCODE", "").strip()
    return value or None


def base_url() -> str | None:
    """The public address of the app set by the operator, without a trailing slash, or None."""
    value = os.environ.get("AIADOPT_BASE_URL", "").strip().rstrip("/")
    return value or None
