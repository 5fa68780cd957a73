"""Benchmark: exports of a very large workshop (5,000 candidates, 5,000 pain points).

Each export is timed best of 3, taking turns with its floor (the least any export of that size could
cost with the same library): for the XLSX, the same cells through a bare openpyxl write-only
workbook; for the PDFs, fpdf2 with the same fonts writing as many plain lines as the report draws
(counted while building it), or 60 for a charter; for the CSV, pandas to_csv of the same table. The
charter with overlong text (every field far longer than a page holds) is the slowest of three
problem lengths. Ends with `exports: <slowest> s (target 3 s)` and `exports_long_charter: ...`.

Run: .venv/bin/python bench/exports.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt.domain.charter import draft_charter  # noqa: E402
from aiadopt.domain.fields import FREQUENCY_PERIODS  # noqa: E402
from aiadopt.formats import pdf_layout, spreadsheets  # noqa: E402
from aiadopt.formats.charter_pdf import charter_pdf  # noqa: E402
from aiadopt.formats.report_pdf import report_pdf  # noqa: E402
from aiadopt.formats.safe_text import escape_markdown  # noqa: E402
from bench.common import DEPARTMENTS, WORDS, figure, random_pain_point, timed, versus  # noqa: E402

N = 5_000
SEED = 20261124
CRITERIA = {  # name: (weight, label)
    "hours": (3.0, "Hours lost a year"),
    "errors": (1.0, "Errors and rework"),
    "customers": (1.0, "Effect on customers"),
    "clarity": (1.0, "Clear inputs and outputs"),
    "rules": (1.0, "Rule-based work"),
    "data": (2.0, "Information ready and safe"),
    "readiness": (1.0, "Readiness to change"),
    "votes": (2.0, "Votes"),
}
WEIGHTS = {name: weight for name, (weight, _) in CRITERIA.items()}
LABELS = {name: label for name, (_, label) in CRITERIA.items()}
GATES = {"red_data": "exclude", "no_owner": "flag", "no_baseline": "flag"}
WORKSHOP = {"name": "Benchmark workshop", "organisation": "Acme Ltd", "session_date": "2026-11-24"}
WORKSHOP["facilitator"] = "Sam Rivera"
SETTINGS = (WEIGHTS, LABELS, GATES, WORKSHOP)  # what the report and the spreadsheet are drawn with


def synthetic_pain_points(rng: np.random.Generator) -> list[dict]:
    rows = []
    for index in range(N):
        row = {"id": index + 1, "department": DEPARTMENTS[index % len(DEPARTMENTS)], "source": "facilitator"}
        row |= {"created_at": "2026-11-24T10:00:00.000000+00:00"} | random_pain_point(rng, 10, 60)
        row["title"] = "=SUM(A1) " + row["title"] if index % 50 == 0 else row["title"]
        row["occurrences_per_year"] = row["frequency_count"] * FREQUENCY_PERIODS[row["frequency_period"]]
        row["hours_per_year"] = row["occurrences_per_year"] * row["minutes_per_occurrence"] * row["people_count"] / 60
        rows.append(row)
    return rows


def synthetic_shortlist(rng: np.random.Generator) -> pd.DataFrame:
    total = sum(WEIGHTS.values())
    shares = rng.random((N, len(WEIGHTS)))
    frame = pd.DataFrame({f"contribution_{k}": WEIGHTS[k] / total * 100 * shares[:, i] for i, k in enumerate(WEIGHTS)})
    frame["score"], frame["candidate_id"] = frame.sum(axis=1), np.arange(1, N + 1)
    frame["title"] = [" ".join(rng.choice(WORDS, size=int(rng.integers(3, 9)))).capitalize() for _ in range(N)]
    frame["value_score"], frame["ease_score"] = rng.random(N), rng.random(N)
    frame["hours_per_year"] = rng.integers(10, 5000, N).astype(float)
    frame["departments"] = [
        list(rng.choice(DEPARTMENTS, size=int(rng.integers(1, 4)), replace=False)) for _ in range(N)
    ]
    frame["department_count"], frame["member_count"] = frame["departments"].map(len), rng.integers(1, 8, N)
    frame["data_class"] = rng.choice(["green", "amber", "red"], N)
    frame["owner"] = rng.choice(["Priya Shah", "", "Jo Lee", "@owner"], N)
    frame["kpi_metric"], frame["kpi_unit"] = rng.choice(["minutes per invoice", "", "days to close"], N), "minutes"
    frame["kpi_baseline"] = np.where(rng.random(N) < 0.6, 40.0, np.nan)
    frame["kpi_target"] = np.where(rng.random(N) < 0.6, 10.0, np.nan)
    frame["flags"] = [["No named owner"] if o == "" else [] for o in frame["owner"]]
    frame["p_first"], frame["p_top3"] = rng.random(N) / 10, rng.random(N) / 3
    frame["rank_min"], frame["rank_max"] = 1, rng.integers(1, 40, N)
    frame["explanation"] = "Hours lost a year give most of the points; the information is ready."
    frame = frame.sort_values("score", ascending=False).reset_index(drop=True)
    frame.insert(0, "rank", np.arange(1, N + 1))
    return frame


def xlsx_floor(shortlist: pd.DataFrame, pain_points: list[dict]) -> None:
    book = Workbook(write_only=True)
    for frame in (
        spreadsheets.shortlist_table(shortlist, LABELS, WEIGHTS),
        spreadsheets.pain_points_sheet(pain_points),
    ):
        sheet = book.create_sheet()
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in row])
    book.save(io.BytesIO())


def count_report_lines(shortlist: pd.DataFrame) -> int:
    """How many text lines (cell calls) the PDF report draws."""
    with mock.patch.object(pdf_layout.Document, "cell", autospec=True, side_effect=pdf_layout.Document.cell) as cell:
        report_pdf(shortlist, *SETTINGS)
    return cell.call_count


def pdf_floor(lines: int) -> None:
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
        "stages": [
            {"name": p["name"], "timing": p["timing"], "objective": "O " * 200, "success_gate": "G " * 200}
            for p in charter["stages"]
        ],
        "kpi_metric": "M" * 120,
    }


def main() -> None:
    rng = np.random.default_rng(SEED)
    pain_points, shortlist = synthetic_pain_points(rng), synthetic_shortlist(rng)
    charter = draft_charter(shortlist.iloc[0].to_dict(), pain_points[:5], WORKSHOP)
    lines = count_report_lines(shortlist)
    print(f"Synthetic workshop: {N:,} candidates, {N:,} pain points (seed {SEED}); best of 3 each.")
    exports = [  # (label, export, floor label, floor)
        (
            "XLSX export (4 sheets)",
            lambda: spreadsheets.shortlist_to_xlsx(shortlist, pain_points, *SETTINGS),
            "bare openpyxl write-only",
            lambda: xlsx_floor(shortlist, pain_points),
        ),
        (
            "PDF report (table: top 100)",
            lambda: report_pdf(shortlist, *SETTINGS),
            f"fpdf2 {lines:,} plain lines",
            lambda: pdf_floor(lines),
        ),
        (
            "CSV shortlist",
            lambda: spreadsheets.shortlist_to_csv(shortlist, LABELS, WEIGHTS),
            "pandas to_csv of the same table",
            lambda: spreadsheets.shortlist_table(shortlist, LABELS, WEIGHTS).to_csv(index=False),
        ),
        ("Charter PDF (one page)", lambda: charter_pdf(charter), "fpdf2 60 plain lines", lambda: pdf_floor(60)),
    ]
    slowest = max(versus(*export, pick=min) for export in exports)
    every_row = timed(lambda: report_pdf(shortlist, *SETTINGS, max_rows=None))[0]
    print(f"(info) PDF report, all {N:,} rows in the table: {every_row:.2f} s (not the default)")
    figure("exports", f"{slowest:.2f} s", "3 s")
    # The slowest of three problem lengths: the layout is measured until one fits the page.
    overlong = {length: long_charter(charter, length) for length in (0, 800, 5000)}
    longest = max(
        versus(
            f"Charter PDF, overlong, problem {n:,}",
            lambda one=one: charter_pdf(one),
            "fpdf2 60 lines",
            lambda: pdf_floor(60),
            pick=min,
        )
        for n, one in overlong.items()
    )
    figure("exports_long_charter", f"{longest:.2f} s", "5 s")
    # Escaping what participants typed (every Markdown export and page) grows with the text, no faster:
    # a megabyte of prose with every kind of mark, next to one pass of str.translate over it.
    prose = ("Keying *PO* #12 [see](x) `code` <b>|</b> _under_ 1. ~~struck~~ \\ back\n" * 15_000)[:1_000_000]
    marks = str.maketrans({c: "\\" + c for c in "*_`[]()#<>|~\\"})
    escaping = versus(
        "Escape 1 MB of typed text", lambda: escape_markdown(prose), "one str.translate", lambda: prose.translate(marks)
    )
    figure("exports_escape_1mb", f"{escaping:.2f} s", "1 s")


if __name__ == "__main__":
    main()
