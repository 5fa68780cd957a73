"""Benchmark: importing the largest file allowed (5,000 rows with every template column).

The Import page reads the upload, suggests a mapping and checks every row on each rerun, so reading
plus checking is what a facilitator waits for. Each step is the median of 5 runs, taking turns with
its floor: pandas.read_csv (every column as text) or pandas.read_excel of the same bytes for reading;
validate_fields on every row (the field rules alone) for checking. A 50 MB file must be refused at
no cost (no floor; for scale, what pandas takes to read a 50 MB CSV). Ends with
`importing_<what>: <figure> (target <target>)`, the refusal in ms, reading plus checking in s.

Run: .venv/bin/python bench/importing.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt.domain.fields import FREQUENCY_PERIODS  # noqa: E402
from aiadopt.domain.importing import check_rows, suggest_mapping  # noqa: E402
from aiadopt.domain.pain_points import validate_fields  # noqa: E402
from aiadopt.formats.table_reader import MAX_ROWS, ImportProblem, read_table  # noqa: E402
from aiadopt.formats.template import pain_points_to_table  # noqa: E402
from bench.common import DEPARTMENTS, figure, median_time, random_pain_point, versus  # noqa: E402

SEED = 20261124
RUNS = 5


def synthetic_pain_points(rng: np.random.Generator) -> list[dict]:
    """MAX_ROWS valid, distinct pain points with every field filled in."""
    rows = []
    for index in range(MAX_ROWS):
        row = {"department": DEPARTMENTS[index % len(DEPARTMENTS)]} | random_pain_point(rng, 8, 40, fit=True)
        row["title"] = f"{row['title']} {index}"  # no two rows the same
        row["frequency_period"] = list(FREQUENCY_PERIODS)[index % len(FREQUENCY_PERIODS)]
        rows.append(row)
    return rows


def refuse(data: bytes) -> None:
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
    table = pain_points_to_table(synthetic_pain_points(np.random.default_rng(SEED)))
    csv_data, xlsx = table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig"), io.BytesIO()
    table.to_excel(xlsx, index=False, sheet_name="Pain points")
    files = {  # kind: (bytes, floor label, floor)
        "csv": (
            csv_data,
            "pandas.read_csv",
            lambda: pd.read_csv(io.BytesIO(csv_data), dtype=str, encoding="utf-8-sig"),
        ),
        "xlsx": (xlsx.getvalue(), "pandas.read_excel", lambda: pd.read_excel(io.BytesIO(xlsx.getvalue()), dtype=str)),
    }
    print(
        f"File: {MAX_ROWS:,} rows x {len(table.columns)} columns; CSV {len(csv_data) / 1e6:.1f} MB, "
        f"XLSX {len(xlsx.getvalue()) / 1e6:.1f} MB. Median of {RUNS} runs."
    )
    huge, huge_csv = b"a," * 25_000_000, ("a,b\n" + "1,2\n" * 12_500_000).encode()  # 50 MB; pandas can parse the CSV
    refusal = median_time(lambda: refuse(huge), runs=21)
    scale = median_time(lambda: pd.read_csv(io.BytesIO(huge_csv)), runs=3)
    print(
        f"Refuse a 50 MB file: {refusal * 1000:.3f} ms (no floor; for scale, pandas reading a 50 MB CSV: {scale:.2f} s)"
    )
    totals = {}
    for kind, (data, floor_label, floor) in files.items():
        frame = read_table(data, f"big.{kind}")
        read = versus(f"{kind.upper()} read_table", lambda: read_table(data, f"big.{kind}"), floor_label, floor, RUNS)  # noqa: B023
        check = versus(
            f"{kind.upper()} map and check rows",
            lambda: map_and_check(frame),  # noqa: B023
            "validate_fields per row",
            lambda: validate_only(frame),  # noqa: B023
            RUNS,
        )
        totals[kind] = read + check
        print(f"{kind.upper()} read, map and check: {read + check:.3f} s (what each rerun of the page costs)")
    figure("importing_refuse_50mb", f"{refusal * 1000:.3f} ms", "100 ms")
    figure("importing_csv_5000_rows", f"{totals['csv']:.2f} s", "2 s")
    figure("importing_xlsx_5000_rows", f"{totals['xlsx']:.2f} s", "3 s")


if __name__ == "__main__":
    main()
