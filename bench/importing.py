"""Benchmark: importing the largest file allowed (5,000 rows with every template column).

The Import page reads the upload, suggests a mapping and checks every row on each rerun (each
change of a column match), so reading plus checking is what a facilitator waits for. Each step
is timed as the median of several runs and printed next to a floor measured in the same run on
the same machine:
- CSV floor: pandas.read_csv of the same bytes, every column as text (no decoding checks, no
  sniffing, no limits).
- XLSX floor: pandas.read_excel of the same workbook (openpyxl underneath, no merged-cell or
  formula checks).
- Check floor: validate_fields on every row (the field rules alone: no mapping, no
  duplicate or department checks).
- Refusal of a 50 MB file: no floor (it should cost nothing); for scale, the time pandas takes
  just to read a 50 MB CSV, which the size check spares.
The last lines are the figures to track: `importing_<what>: <figure> (target <target>)`, the
refusal in milliseconds, reading plus checking in seconds.

Run: .venv/bin/python bench/importing.py
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt.domain.fields import FREQUENCY_PERIODS, PAIN_POINT_FIELDS  # noqa: E402
from aiadopt.domain.importing import check_rows, suggest_mapping  # noqa: E402
from aiadopt.domain.pain_points import validate_fields  # noqa: E402
from aiadopt.formats.table_reader import MAX_ROWS, ImportProblem, read_table  # noqa: E402
from aiadopt.formats.template import pain_points_to_table  # noqa: E402

SEED = 20261124
RUNS = 5
DEPARTMENTS = ["Finance", "HR", "Sales", "Operations", "Customer service", "Legal", "Purchasing", "IT"]
WORDS = [
    "invoice",
    "approval",
    "report",
    "customer",
    "order",
    "contract",
    "payroll",
    "ticket",
    "supplier",
    "stock",
    "delivery",
    "schedule",
    "request",
    "check",
    "copy",
    "chase",
    "email",
    "spreadsheet",
    "form",
]
TARGETS = {"refuse_50mb": 0.1, "csv_5000_rows": 2.0, "xlsx_5000_rows": 3.0}  # seconds


def synthetic_pain_points(rng: np.random.Generator) -> list[dict]:
    """MAX_ROWS valid, distinct pain points with every field filled in."""
    rows = []
    for index in range(MAX_ROWS):
        row: dict[str, object] = {"department": DEPARTMENTS[index % len(DEPARTMENTS)]}
        for spec in PAIN_POINT_FIELDS:
            if spec.kind in ("text", "longtext"):
                length = int(rng.integers(3, 40 if spec.kind == "longtext" else 8))
                text = " ".join(rng.choice(WORDS, size=length))
                row[spec.name] = text[: spec.max_length] if spec.max_length else text
            elif spec.kind == "number":
                row[spec.name] = float(rng.integers(1, 100))
            elif spec.kind in ("integer", "scale"):
                row[spec.name] = int(rng.integers(1, 6))
            elif spec.kind == "flag":
                row[spec.name] = bool(rng.integers(0, 2))
            else:
                row[spec.name] = spec.choices[int(rng.integers(0, len(spec.choices)))]
        row["title"] = f"{row['title']} {index}"  # no two rows the same
        row["frequency_period"] = list(FREQUENCY_PERIODS)[index % len(FREQUENCY_PERIODS)]
        rows.append(row)
    return rows


def median_seconds(action, runs: int = RUNS) -> float:
    """The median wall time of `action()` over `runs` runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def refuse(data: bytes) -> None:
    """Read a too-large file, which must be refused."""
    try:
        read_table(data, "huge.csv")
    except ImportProblem:
        return
    raise AssertionError("a 50 MB file was not refused")


def map_and_check(frame: pd.DataFrame) -> None:
    """What the page does with a table it has read: suggest a mapping and check every row."""
    report = check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    if not report.ok or len(report.rows) != MAX_ROWS:
        raise AssertionError(f"the synthetic file did not import cleanly: {report.problems[:3]}")


def validate_only(frame: pd.DataFrame) -> None:
    """The check floor: the field rules alone on every row."""
    keys = {column: key for key, column in suggest_mapping(frame.columns).items() if column is not None}
    for record in frame.to_dict("records"):
        validate_fields({keys[c]: v for c, v in record.items() if keys.get(c) not in (None, "department")})


def main() -> None:
    """Time each import step of the largest allowed file and print it next to its floor."""
    table = pain_points_to_table(synthetic_pain_points(np.random.default_rng(SEED)))
    csv_data = table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False, sheet_name="Pain points")
    xlsx_data = buffer.getvalue()
    huge = b"a," * 25_000_000
    huge_csv = ("a,b\n" + "1,2\n" * 12_500_000).encode()  # 50 MB that pandas can parse

    print(
        f"File: {MAX_ROWS:,} rows x {len(table.columns)} columns; CSV {len(csv_data) / 1e6:.1f} MB, "
        f"XLSX {len(xlsx_data) / 1e6:.1f} MB. Median of {RUNS} runs."
    )
    figures = {}

    figures["refuse_50mb"] = median_seconds(lambda: refuse(huge), runs=21)
    scale = median_seconds(lambda: pd.read_csv(io.BytesIO(huge_csv)), runs=3)
    print(
        f"Refuse a 50 MB file:       {figures['refuse_50mb'] * 1000:8.3f} ms  "
        f"(no floor; for scale, pandas reading a 50 MB CSV: {scale:.2f} s)"
    )

    for kind, data, floor_name, floor in (
        (
            "csv",
            csv_data,
            "pandas.read_csv",
            lambda: pd.read_csv(io.BytesIO(csv_data), dtype=str, encoding="utf-8-sig"),
        ),
        ("xlsx", xlsx_data, "pandas.read_excel", lambda: pd.read_excel(io.BytesIO(xlsx_data), dtype=str)),
    ):
        frame = read_table(data, f"big.{kind}")
        read = median_seconds(partial(read_table, data, f"big.{kind}"))
        check = median_seconds(partial(map_and_check, frame))
        floor_seconds = median_seconds(floor)
        figures[f"{kind}_5000_rows"] = read + check
        print(
            f"{kind.upper():4} read_table:           {read:8.3f} s   "
            f"floor ({floor_name}) {floor_seconds:.3f} s, x{read / floor_seconds:.1f}"
        )
        floor_check = median_seconds(partial(validate_only, frame))
        print(
            f"{kind.upper():4} map and check rows:   {check:8.3f} s   "
            f"floor (validate_fields per row) {floor_check:.3f} s, x{check / floor_check:.1f}"
        )
        print(f"{kind.upper():4} read, map and check:  {read + check:8.3f} s   (what each rerun of the page costs)")

    refusal_ms, target_ms = figures["refuse_50mb"] * 1000, TARGETS["refuse_50mb"] * 1000
    print(f"importing_refuse_50mb: {refusal_ms:.3f} ms (target {target_ms:g} ms)")
    for what in ("csv_5000_rows", "xlsx_5000_rows"):
        print(f"importing_{what}: {figures[what]:.2f} s (target {TARGETS[what]:g} s)")


if __name__ == "__main__":
    main()
