"""Measure the duplicate-suggestion threshold on the sample workshop's planted clusters.

For each threshold, every pair of pain points placed in one suggestion counts as predicted;
a predicted pair inside a planted cluster is right, any other pair is wrong, except the pairs
listed in ALSO_SAME (the same workflow described from two sides: neither right nor wrong).
Prints precision, recall and F1 per threshold, a character-level baseline and the same
measure without the synonym list for comparison, the time 2,000 pain points take, and ends
with `duplicate_threshold: <measured> (target <shipped>)`.

Run: .venv/bin/python bench/duplicate_threshold.py
"""

from __future__ import annotations

import itertools
import random
import re
import sys
import time
from pathlib import Path
from unittest import mock

import numpy as np
from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt.domain import duplicates as consolidation  # noqa: E402
from aiadopt.domain.duplicates import DUPLICATE_THRESHOLD, suggest_duplicates  # noqa: E402
from aiadopt.services.sample import read_sample  # noqa: E402

PLANTED = {
    "purchase order approvals": (
        "Invoices stuck because there is no PO number",
        "Waiting for purchase order sign-off on spare parts",
        "Quotes held up by PO approvals for subcontract haulage",
    ),
    "re-typing customer details": (
        "Copying customer details into the complaints log",
        "Re-keying new customer details from the CRM into the booking system",
    ),
    "chasing timesheets": (
        "Wage accrual waits on late timesheets",
        "Chasing missing timesheets before payroll",
    ),
    "monthly reporting by hand": (
        "Month-end management pack built by hand",
        "Monthly on-time delivery report pieced together from three exports",
        "Monthly sales figures for the board compiled by hand",
    ),
}
ALSO_SAME = (
    ("Digging out signed delivery notes for customers", "Finding POD scans when Customer Service asks"),
    ("Credit checks for new trading accounts", "Waiting for a credit limit before a customer's first booking"),
)
GRID = np.round(np.arange(0.10, 0.351, 0.01), 2)
NEAR_BEST = 0.05  # F1 within this of the best counts as "as good"
SCALE = 2_000  # pain points in the timing run


def load() -> tuple[list[dict], set[frozenset[int]], set[frozenset[int]]]:
    """The sample's pain points with ids, the planted pairs and the neither-nor pairs."""
    points = [dict(raw, id=i + 1) for i, raw in enumerate(read_sample()["pain_points"])]
    by_title = {p["title"]: p["id"] for p in points}

    def ids(titles: tuple[str, ...]) -> list[int]:
        missing = [t for t in titles if t not in by_title]
        if missing:
            raise SystemExit(f"The sample no longer has these planted titles: {missing}")
        return [by_title[t] for t in titles]

    planted = {frozenset(p) for titles in PLANTED.values() for p in itertools.combinations(ids(titles), 2)}
    also = {frozenset(ids(pair)) for pair in ALSO_SAME}
    return points, planted, also


def measure(
    predicted: set[frozenset[int]], planted: set[frozenset[int]], also: set[frozenset[int]]
) -> tuple[float, float, float, int, int]:
    """Precision, recall, F1, right pairs, wrong pairs."""
    predicted = predicted - also
    right = len(predicted & planted)
    wrong = len(predicted - planted)
    precision = right / (right + wrong) if right + wrong else 1.0
    recall = right / len(planted)
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    return precision, recall, f1, right, wrong


def choose(grid: np.ndarray, f1: np.ndarray) -> float:
    """The middle of the widest run of thresholds whose F1 is within NEAR_BEST of the best."""
    good = f1 >= f1.max() - NEAR_BEST
    best_run: tuple[int, int] = (0, 0)
    start = None
    for i, flag in enumerate(list(good) + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start > best_run[1] - best_run[0]:
                best_run = (start, i)
            start = None
    lo, hi = best_run
    return float(grid[(lo + hi - 1) // 2])


def baseline(points: list[dict], planted: set[frozenset[int]], also: set[frozenset[int]]) -> tuple[float, float]:
    """Best pair F1 of plain rapidfuzz token_set_ratio on title (0.6) and title + description (0.4)."""
    titles = [p["title"] for p in points]
    full = [p["title"] + " " + p.get("description", "") for p in points]
    scores = (
        0.6 * process.cdist(titles, titles, scorer=fuzz.token_set_ratio, processor=utils.default_process)
        + 0.4 * process.cdist(full, full, scorer=fuzz.token_set_ratio, processor=utils.default_process)
    ) / 100
    ids = [p["id"] for p in points]
    upper = np.triu_indices(len(points), 1)
    best = (0.0, 0.0)
    for threshold in np.unique(scores[upper]):
        chosen = {frozenset((ids[i], ids[j])) for i, j in zip(*upper) if scores[i, j] >= threshold}
        f1 = measure(chosen, planted, also)[2]
        if f1 > best[0]:
            best = (f1, float(threshold))
    return best


def sweep(
    points: list[dict], planted: set[frozenset[int]], also: set[frozenset[int]], show: bool = False
) -> np.ndarray:
    """F1 per threshold of GRID (and, with `show`, one table line per threshold)."""
    f1s = []
    for threshold in GRID:
        suggestions = suggest_duplicates(points, threshold=float(threshold))
        predicted = {frozenset(p) for s in suggestions for p in itertools.combinations(s.pain_point_ids, 2)}
        precision, recall, f1, right, wrong = measure(predicted, planted, also)
        f1s.append(f1)
        if show:
            print(
                f"{threshold:9.2f}  {len(suggestions):11d}  {right:5d}  {wrong:5d}  "
                f"{precision:9.2f}  {recall:6.2f}  {f1:5.2f}"
            )
    return np.array(f1s)


def without_synonyms(points: list[dict], planted: set[frozenset[int]], also: set[frozenset[int]]) -> np.ndarray:
    """F1 per threshold with no synonym or abbreviation folded: what the generic list adds."""
    with (
        mock.patch.object(consolidation, "_SYNONYMS", {}),
        mock.patch.object(consolidation, "_PHRASES", re.compile(r"(?!)")),
    ):
        return sweep(points, planted, also)


def seconds_at_scale(points: list[dict], count: int = SCALE, seed: int = 3) -> float:
    """Seconds suggest_duplicates takes for `count` pain points made from the sample's words (best of 3)."""
    rng = random.Random(seed)
    words = " ".join(p["title"] + " " + p.get("description", "") for p in points).split()
    rows = []
    for i in range(count):
        source = rng.choice(points)
        noise = " ".join(rng.choice(words) for _ in range(rng.randint(10, 60)))
        rows.append(dict(source, id=i + 1, description=noise + " " + source.get("description", "")))
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        suggest_duplicates(rows)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    points, planted, also = load()
    print(
        f"{len(points)} pain points, {len(planted)} planted duplicate pairs in {len(PLANTED)} clusters, "
        f"{len(also)} pairs counted neither right nor wrong"
    )
    print("threshold  suggestions  right  wrong  precision  recall    F1")
    f1s = sweep(points, planted, also, show=True)
    chosen = choose(GRID, f1s)
    base_f1, base_threshold = baseline(points, planted, also)
    print(
        f"best F1 {f1s.max():.2f}; thresholds within {NEAR_BEST} of it: "
        f"{', '.join(f'{t:.2f}' for t in GRID[f1s >= f1s.max() - NEAR_BEST])}"
    )
    print(f"baseline, rapidfuzz token_set_ratio alone: best F1 {base_f1:.2f} at {base_threshold:.2f}")
    bare = without_synonyms(points, planted, also)
    print(
        f"without the synonym list: best F1 {bare.max():.2f} at {GRID[bare.argmax()]:.2f}, "
        f"{bare[np.isclose(GRID, DUPLICATE_THRESHOLD)][0]:.2f} at {DUPLICATE_THRESHOLD:.2f}"
    )
    print(f"{SCALE:,} pain points: {seconds_at_scale(points):.2f} s (target 1 s)")
    print(f"duplicate_threshold: {chosen:.2f} (target {DUPLICATE_THRESHOLD:.2f})")


if __name__ == "__main__":
    main()
