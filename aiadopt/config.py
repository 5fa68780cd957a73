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
    "AIADOPT_PURGE_AFTER_DAYS": "Deleted pain points, departments and workshops older than this many days may be "
    "purged for good, with the screens' presence records (default: 30).",
    "AIADOPT_SUGGEST_BY_MEANING": "0 leaves the sentence encoder unloaded: duplicate suggestions compare words only "
    "(default: 1).",
    "AIADOPT_READ_IN_BACKGROUND": "0: pain points' meaning is read when Consolidate opens, not by a background "
    "process during the workshop (default: 1).",
}
PURGE_AFTER_DAYS = 30


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


def purge_after_days() -> int:
    """How old deleted rows must be before they may be purged, in days (at least 1)."""
    value = os.environ.get("AIADOPT_PURGE_AFTER_DAYS", "").strip()
    try:
        return max(1, int(value)) if value else PURGE_AFTER_DAYS
    except ValueError:
        return PURGE_AFTER_DAYS


def suggest_by_meaning() -> bool:
    """Whether duplicate suggestions read what pain points mean (the sentence encoder) besides their
    words; AIADOPT_SUGGEST_BY_MEANING=0 leaves the encoder unloaded (words only)."""
    return os.environ.get("AIADOPT_SUGGEST_BY_MEANING", "1").strip().lower() not in ("0", "false", "no", "off")


def read_in_background() -> bool:
    """Whether a background process reads new pain points' meaning during the workshop
    (AIADOPT_READ_IN_BACKGROUND=0: only when Consolidate opens)."""
    return os.environ.get("AIADOPT_READ_IN_BACKGROUND", "1").strip().lower() not in ("0", "false", "no", "off")
