"""Benchmark: exports of a very large workshop (5,000 candidates, 5,000 pain points).

Each export is timed best of 3 and printed next to a floor measured in the same run on the
same machine: the least any export of that size could cost with the same library.
- XLSX floor: the same cells written with a bare openpyxl write-only workbook (no styling,
  no neutralising, no widths).
- PDF floor: fpdf2, with the same embedded fonts, writing as many plain text lines as the
  report draws (counted while building it), with no charts and no layout.
- Charter with overlong text (every field far longer than a page holds, as the tests build it):
  the slowest of three problem lengths, next to the same plain-lines floor as the charter.
The figures to track are the last two lines: `exports: <slowest seconds> s (target 3 s)` for
the four exports, then `exports_long_charter: <seconds> s (target 5 s)`.

Run: .venv/bin/python bench/exports.py
"""

from __future__ import annotations

import functools
import io
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from aiadopt.domain.charter import draft_charter  # noqa: E402
from aiadopt.domain.fields import FREQUENCY_PERIODS, PAIN_POINT_FIELDS  # noqa: E402
from aiadopt.formats import pdf_layout, spreadsheets  # noqa: E402
from aiadopt.formats.charter_pdf import charter_pdf  # noqa: E402
from aiadopt.formats.report_pdf import report_pdf  # noqa: E402

N = 5_000
SEED = 20261124
TARGET_SECONDS = 3.0
LONG_CHARTER_TARGET_SECONDS = 5.0
WEIGHTS = {
    "hours": 3.0,
    "errors": 1.0,
    "customers": 1.0,
    "clarity": 1.0,
    "rules": 1.0,
    "data": 2.0,
    "readiness": 1.0,
    "votes": 2.0,
}
LABELS = {
    "hours": "Hours lost a year",
    "errors": "Errors and rework",
    "customers": "Effect on customers",
    "clarity": "Clear inputs and outputs",
    "rules": "Rule-based work",
    "data": "Information ready and safe",
    "readiness": "Readiness to change",
    "votes": "Votes",
}
GATES = {"red_data": "exclude", "no_owner": "flag", "no_baseline": "flag"}
WORKSHOP = {
    "name": "Benchmark workshop",
    "organisation": "Acme Ltd",
    "session_date": "2026-11-24",
    "facilitator": "Sam Rivera",
}
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


def synthetic_pain_points(rng: np.random.Generator) -> list[dict]:
    rows = []
    for index in range(N):
        row = {
            "id": index + 1,
            "department": DEPARTMENTS[index % len(DEPARTMENTS)],
            "created_at": "2026-11-24T10:00:00.000000+00:00",
            "source": "facilitator",
        }
        for spec in PAIN_POINT_FIELDS:
            if spec.kind in ("text", "longtext"):
                length = int(rng.integers(3, 60 if spec.kind == "longtext" else 10))
                row[spec.name] = " ".join(rng.choice(WORDS, size=length))
            elif spec.kind == "number":
                row[spec.name] = float(rng.integers(1, 100))
            elif spec.kind in ("integer", "scale"):
                row[spec.name] = int(rng.integers(1, 6))
            elif spec.kind == "flag":
                row[spec.name] = bool(rng.integers(0, 2))
            else:
                row[spec.name] = spec.choices[int(rng.integers(0, len(spec.choices)))]
        row["title"] = "=SUM(A1) " + row["title"] if index % 50 == 0 else row["title"]
        row["occurrences_per_year"] = row["frequency_count"] * FREQUENCY_PERIODS[row["frequency_period"]]
        row["hours_per_year"] = row["occurrences_per_year"] * row["minutes_per_occurrence"] * row["people_count"] / 60
        rows.append(row)
    return rows


def synthetic_shortlist(rng: np.random.Generator) -> pd.DataFrame:
    total = sum(WEIGHTS.values())
    shares = rng.random((N, len(WEIGHTS)))
    frame = pd.DataFrame({f"contribution_{k}": WEIGHTS[k] / total * 100 * shares[:, i] for i, k in enumerate(WEIGHTS)})
    frame["score"] = frame.sum(axis=1)
    frame["candidate_id"] = np.arange(1, N + 1)
    frame["title"] = [" ".join(rng.choice(WORDS, size=int(rng.integers(3, 9)))).capitalize() for _ in range(N)]
    frame["value_score"] = rng.random(N)
    frame["ease_score"] = rng.random(N)
    frame["hours_per_year"] = rng.integers(10, 5000, N).astype(float)
    frame["departments"] = [
        list(rng.choice(DEPARTMENTS, size=int(rng.integers(1, 4)), replace=False)) for _ in range(N)
    ]
    frame["department_count"] = frame["departments"].map(len)
    frame["member_count"] = rng.integers(1, 8, N)
    frame["data_class"] = rng.choice(["green", "amber", "red"], N)
    frame["owner"] = rng.choice(["Priya Shah", "", "Jo Lee", "@owner"], N)
    frame["kpi_metric"] = rng.choice(["minutes per invoice", "", "days to close"], N)
    frame["kpi_unit"] = "minutes"
    frame["kpi_baseline"] = np.where(rng.random(N) < 0.6, 40.0, np.nan)
    frame["kpi_target"] = np.where(rng.random(N) < 0.6, 10.0, np.nan)
    frame["flags"] = [["No named owner"] if o == "" else [] for o in frame["owner"]]
    frame["p_first"] = rng.random(N) / 10
    frame["p_top3"] = rng.random(N) / 3
    frame["rank_min"] = 1
    frame["rank_max"] = rng.integers(1, 40, N)
    frame["explanation"] = "Hours lost a year give most of the points; the information is ready."
    frame = frame.sort_values("score", ascending=False).reset_index(drop=True)
    frame.insert(0, "rank", np.arange(1, N + 1))
    return frame


def best_of(runs: int, function) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def xlsx_floor(shortlist: pd.DataFrame, pain_points: list[dict]) -> None:
    """The same cells through a bare openpyxl write-only workbook."""
    book = Workbook(write_only=True)
    tables = (spreadsheets.shortlist_table(shortlist, LABELS, WEIGHTS), spreadsheets.pain_points_sheet(pain_points))
    for frame in tables:
        sheet = book.create_sheet()
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in row])
    book.save(io.BytesIO())


def count_report_lines(shortlist: pd.DataFrame) -> int:
    """How many text lines (cell calls) the PDF report draws."""
    calls = 0
    original = pdf_layout.Document.cell

    def counting(self, *args, **kwargs):
        nonlocal calls
        calls += 1
        return original(self, *args, **kwargs)

    pdf_layout.Document.cell = counting
    try:
        report_pdf(shortlist, WEIGHTS, LABELS, GATES, WORKSHOP)
    finally:
        pdf_layout.Document.cell = original
    return calls


def pdf_floor(lines: int) -> None:
    """fpdf2 with the same fonts writing `lines` plain lines of text."""
    pdf = pdf_layout.Document(compress=True)
    pdf.add_page()
    pdf.set_font(pdf_layout.FONT, "", 9)
    for number in range(lines):
        pdf.cell(0, 4.5, f"Line {number} of plain text for the floor", new_x="LMARGIN", new_y="NEXT")
    pdf.output()


def long_charter(charter: dict, problem_length: int) -> dict:
    """A charter with every part far longer than one page holds (as the tests build it)."""
    problem = "Finance: “We type every supplier invoice by hand and then check it twice.” " * 80
    return charter | {
        "problem": problem[:problem_length],
        "title": "T" * 40 + " " + "very long title words " * 4,
        "desired_outcome": "Outcome " * 125,
        "departments": [f"Department {i}" for i in range(30)],
        "data_location": "L" * 300,
        "risks": [f"Risk {i}: " + "something could go wrong " * 11 for i in range(10)],
        "phases": [
            {"name": p["name"], "timing": p["timing"], "objective": "O " * 200, "success_gate": "G " * 200}
            for p in charter["phases"]
        ],
        "kpi_metric": "M" * 120,
    }


def show(name: str, seconds: float, floor_name: str, floor: float) -> None:
    """One measured figure next to its floor."""
    print(f"{name:<34}{seconds:6.2f} s   floor, {floor_name}: {floor:5.2f} s")


def main() -> None:
    rng = np.random.default_rng(SEED)
    pain_points = synthetic_pain_points(rng)
    shortlist = synthetic_shortlist(rng)
    top = shortlist.iloc[0].to_dict()
    charter = draft_charter(top, [p for p in pain_points[:5]], WORKSHOP)
    lines = count_report_lines(shortlist)

    results = {}
    print(f"Synthetic workshop: {N:,} candidates, {N:,} pain points (seed {SEED}); best of 3 each.")
    results["xlsx"] = best_of(
        3, lambda: spreadsheets.shortlist_to_xlsx(shortlist, pain_points, WEIGHTS, LABELS, GATES, WORKSHOP)
    )
    show(
        "XLSX export (4 sheets)",
        results["xlsx"],
        "bare openpyxl write-only",
        best_of(3, lambda: xlsx_floor(shortlist, pain_points)),
    )
    results["pdf"] = best_of(3, lambda: report_pdf(shortlist, WEIGHTS, LABELS, GATES, WORKSHOP))
    show(
        "PDF report (table: top 100)",
        results["pdf"],
        f"fpdf2 {lines:,} plain lines",
        best_of(3, lambda: pdf_floor(lines)),
    )
    results["csv"] = best_of(3, lambda: spreadsheets.shortlist_to_csv(shortlist, LABELS, WEIGHTS))
    show(
        "CSV shortlist",
        results["csv"],
        "pandas to_csv of the same table",
        best_of(3, lambda: spreadsheets.shortlist_table(shortlist, LABELS, WEIGHTS).to_csv(index=False)),
    )
    results["charter"] = best_of(3, lambda: charter_pdf(charter))
    charter_floor = best_of(3, lambda: pdf_floor(60))
    show("Charter PDF (one page)", results["charter"], "fpdf2 60 plain lines", charter_floor)
    every_row = best_of(1, lambda: report_pdf(shortlist, WEIGHTS, LABELS, GATES, WORKSHOP, max_rows=None))
    print(f"(info) PDF report, all {N:,} rows in the table: {every_row:.2f} s (not the default)")
    print(f"exports: {max(results.values()):.2f} s (target {TARGET_SECONDS:g} s)")

    # The slowest of three problem lengths: the layout is measured until one fits the page.
    overlong = [long_charter(charter, length) for length in (0, 800, 5000)]
    long_seconds = max(best_of(3, functools.partial(charter_pdf, one)) for one in overlong)
    show("Charter PDF, overlong text", long_seconds, "fpdf2 60 plain lines", charter_floor)
    print(f"exports_long_charter: {long_seconds:.2f} s (target {LONG_CHARTER_TARGET_SECONDS:g} s)")


if __name__ == "__main__":
    main()
