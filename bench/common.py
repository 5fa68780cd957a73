"""What the benches share: timing next to a floor, the figure lines, percentiles, synthetic pain points,
a database with a workshop made through the app's services, and CPU and memory readers."""

from __future__ import annotations

import contextlib
import math
import os
import resource
import statistics
import time
from pathlib import Path

import numpy as np

from aiadopt.domain.fields import PAIN_POINT_FIELDS
from aiadopt.services.database import open_database
from aiadopt.services.workshops import add_department, create_workshop

DEPARTMENTS = ["Finance", "HR", "Sales", "Operations", "Customer service", "Legal", "Purchasing", "IT"]
WORDS = ["invoice", "approval", "report", "customer", "order", "contract", "payroll", "ticket", "supplier", "stock"]
WORDS += ["delivery", "schedule", "request", "check", "copy", "chase", "email", "spreadsheet", "form"]


def timed(function) -> tuple[float, object]:
    """Seconds one call takes, and its result."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median_time(function, runs: int = 3) -> float:
    return statistics.median(timed(function)[0] for _ in range(runs))


def interleaved(runs: int, *functions, pick=statistics.median) -> list[float]:
    """Each function timed `runs` times, taking turns (a slow spell hits them alike); the `pick` of each."""
    rounds = [[timed(function)[0] for function in functions] for _ in range(runs)]
    return [pick(times) for times in zip(*rounds)]


def versus(label: str, measured, floor_label: str, floor, runs: int = 3, pick=statistics.median) -> float:
    """Time `measured` and its floor taking turns, print both, and return the measured seconds."""
    seconds, floor_seconds = interleaved(runs, measured, floor, pick=pick)
    print(f"{label:<36}{seconds:7.3f} s   floor, {floor_label}: {floor_seconds:.3f} s (x{seconds / floor_seconds:.1f})")
    return seconds


def figure(name: str, value: str, target: str) -> None:
    """The line a figure is tracked by."""
    print(f"{name}: {value} (target {target})")


def percentile(values, share: float) -> float:
    """The `share` (0-100) percentile, linear between values; NaN for none."""
    values = list(values)
    return float(np.percentile(values, share)) if values else math.nan


def random_pain_point(rng: np.random.Generator, words: int, long_words: int, fit: bool = False) -> dict:
    """Every pain point field at random: texts of 3 to `words` WORDS (`long_words` for long ones), cut to
    the field's length if `fit`."""
    row = {}
    for spec in PAIN_POINT_FIELDS:
        if spec.kind in ("text", "longtext"):
            text = " ".join(
                rng.choice(WORDS, size=int(rng.integers(3, long_words if spec.kind == "longtext" else words)))
            )
            row[spec.name] = text[: spec.max_length] if fit and spec.max_length else text
        elif spec.kind == "number":
            row[spec.name] = float(rng.integers(1, 100))
        elif spec.kind in ("integer", "scale"):
            row[spec.name] = int(rng.integers(1, 6))
        elif spec.kind == "flag":
            row[spec.name] = bool(rng.integers(0, 2))
        else:
            row[spec.name] = spec.choices[int(rng.integers(0, len(spec.choices)))]
    return row


@contextlib.contextmanager
def database(path: Path):
    """A connection to the database file at `path`, closed afterwards."""
    db = open_database(path)
    try:
        yield db
    finally:
        db.conn.close()


@contextlib.contextmanager
def workshop_database(path: Path, departments, **workshop):
    """(connection, workshop id, department ids by name) of a new workshop made through the services."""
    with database(path) as db:
        workshop_id = create_workshop(db, **workshop)
        yield db, workshop_id, {name: add_department(db, workshop_id, name) for name in departments}


def usage(pids) -> tuple[float, int]:
    """CPU seconds used so far and resident bytes now, summed over these processes (from /proc)."""
    cpu, rss = 0.0, 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return cpu, rss


def own_cpu() -> float:
    """This process's CPU seconds so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def bench_owner() -> int:
    """An owner account in the database AIADOPT_DB_PATH names (the bench's AppTest sessions sign in as it)."""
    from aiadopt import storage
    from aiadopt.services import accounts

    db = storage.connect()
    try:
        found = storage.accounts.by_email(db, "bench@example.org")
        return (
            found["id"] if found else accounts.create_account(db, "Bench", "bench@example.org", "owner", "bench pass 1")
        )
    finally:
        db.close()
