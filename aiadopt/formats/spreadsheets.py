"""The shortlist and the pain points as spreadsheets: CSV and an XLSX workbook for leaders.

Every text cell is neutralised so no participant text runs as a formula; numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import SupportsFloat, cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aiadopt.domain.ranking.gates import gate_label
from aiadopt.formats import palette
from aiadopt.formats.cells import (
    _sorted_shortlist,
    as_list,
    criterion_keys,
    criterion_label,
    csv_bytes,
    is_missing,
    neutralise_frame,
)
from aiadopt.formats.report_text import gate_action, gates_dict
from aiadopt.formats.template import pain_points_to_table

XLSX_CELL_LIMIT = 32_767

# --- the shortlist as a table -------------------------------------------------------------

# (contract column, human heading, rounding); contributions are inserted after "score".
_SHORTLIST_COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("rank", "Rank", None),
    ("title", "Candidate workflow", None),
    ("score", "Score (0-100)", 1),
    ("flags", "Flags", None),
    ("p_first", "Chance of ranking first (%)", 0),
    ("p_top3", "Chance of a top-3 place (%)", 0),
    ("rank_min", "Best rank when weights move", None),
    ("rank_max", "Worst rank when weights move", None),
    ("hours_per_year", "Hours lost a year", 0),
    ("departments", "Departments", None),
    ("department_count", "Number of departments", None),
    ("member_count", "Pain points in this candidate", None),
    ("votes", "Votes", None),
    ("occurrences_per_year", "Times a year", 0),
    ("owner", "Owner", None),
    ("kpi_metric", "KPI measure", None),
    ("kpi_baseline", "KPI baseline", None),
    ("kpi_target", "KPI target", None),
    ("kpi_unit", "KPI unit", None),
    ("data_class", "Data class", None),
    ("value_score", "Value (0-1)", 2),
    ("ease_score", "Ease (0-1)", 2),
    ("explanation", "Why this rank", None),
)
_PERCENT_COLUMNS = {"p_first", "p_top3"}


def shortlist_table(shortlist: pd.DataFrame, labels: dict | None = None, weights: dict | None = None) -> pd.DataFrame:
    """The shortlist with human headings, in rank order (for CSV, XLSX and the page)."""
    ranked = _sorted_shortlist(shortlist)
    out = pd.DataFrame(index=range(len(ranked)))
    keys = criterion_keys(ranked, weights)
    for column, heading, digits in _SHORTLIST_COLUMNS:
        if column in ranked.columns:
            values = ranked[column].tolist()
            if column in _PERCENT_COLUMNS:
                values = [None if is_missing(v) else float(v) * 100 for v in values]
            if column in ("flags", "departments"):
                values = ["; ".join(as_list(v)) for v in values]
            if digits is not None:
                values = [None if is_missing(v) else round(float(v), digits) for v in values]
            out[heading] = _typed_series(column, values)
        if column == "score":
            for key in keys:
                source = f"contribution_{key}"
                if source in ranked.columns:
                    out[f"{criterion_label(labels, key)} (points)"] = _typed_series(
                        source, [None if is_missing(v) else round(float(v), 2) for v in ranked[source]]
                    )
    return out


_WHOLE_NUMBER_COLUMNS = {"rank", "rank_min", "rank_max", "department_count", "member_count", "votes"}
_NUMBER_COLUMNS = {
    "score",
    "p_first",
    "p_top3",
    "hours_per_year",
    "kpi_baseline",
    "kpi_target",
    "value_score",
    "ease_score",
    "occurrences_per_year",
}


def _typed_series(column: str, values: list) -> pd.Series:
    """Numbers as a numeric column (so spreadsheets get numbers), anything else as objects."""
    numeric = column in _NUMBER_COLUMNS or column in _WHOLE_NUMBER_COLUMNS or column.startswith("contribution_")
    if numeric:
        try:
            dtype = "Int64" if column in _WHOLE_NUMBER_COLUMNS else "float64"
            return pd.Series([None if is_missing(v) else v for v in values], dtype=dtype)
        except (TypeError, ValueError):
            pass  # tolerate a producer that puts text here: export it as it is
    return pd.Series(values, dtype=object)


# --- CSV ----------------------------------------------------------------------------------


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """Text cells neutralised against formulas, then CSV as every export writes it."""
    return csv_bytes(neutralise_frame(frame))


def shortlist_to_csv(shortlist: pd.DataFrame, labels: dict | None = None, weights: dict | None = None) -> bytes:
    """The ranked shortlist as CSV bytes (UTF-8 with BOM, human headings, neutralised)."""
    return _csv_bytes(shortlist_table(shortlist, labels, weights))


def pain_points_to_csv(pain_points: list[dict]) -> bytes:
    """Pain points as CSV bytes with the import template's headings (re-importable)."""
    return _csv_bytes(pain_points_to_table(pain_points))


def pain_points_sheet(pain_points: list[dict]) -> pd.DataFrame:
    """Pain points for the workbook: template columns (re-importable), then derived ones."""
    table = pain_points_to_table(pain_points)
    extra = {
        "Hours lost a year": [_round_or_none(p.get("hours_per_year"), 1) for p in pain_points],
        "Times a year": [_round_or_none(p.get("occurrences_per_year"), 1) for p in pain_points],
        "Reads like a solution": ["yes" if p.get("proposes_solution") else "" for p in pain_points],
        "Added by": [p.get("source") or "" for p in pain_points],
        "Added at": [str(p.get("created_at") or "")[:19].replace("T", " ") for p in pain_points],
        "Pain point ID": [p.get("id") for p in pain_points],
    }
    for heading, values in extra.items():
        table[heading] = pd.Series(values, dtype=object)
    return table


def _round_or_none(value: object, digits: int) -> float | None:
    return None if is_missing(value) else round(float(cast(SupportsFloat, value)), digits)


# --- XLSX ---------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor=palette.INK.lstrip("#"))
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")


def _column_width(header: str, values: list) -> float:
    sample = [len(str(v)) for v in values[:300] if v is not None]
    longest = max(sample, default=0)
    return float(min(max(len(header) * 0.9 + 2, min(longest, 60) + 2, 8), 62))


def _write_sheet(book: Workbook, title: str, frame: pd.DataFrame, number_formats: dict[str, str] | None = None) -> None:
    """One neutralised sheet: bold frozen heading row, widths from content, typed numbers."""
    sheet = book.create_sheet(title)
    safe = neutralise_frame(frame)
    headers = [str(h) for h in safe.columns]
    columns = [_cell_values(safe.iloc[:, i]) for i in range(len(headers))]
    formats = number_formats or {}
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _column_width(header, columns[index - 1])
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(safe), 1) + 1}"
    heading_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header[:XLSX_CELL_LIMIT])
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        heading_cells.append(cell)
    sheet.append(heading_cells)
    formatted = {i: formats[h] for i, h in enumerate(frame.columns) if h in formats}
    for values in zip(*columns) if columns else ():
        row = []
        for index, value in enumerate(values):
            if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT:
                value = value[: XLSX_CELL_LIMIT - 1] + "…"
            if index in formatted and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = formatted[index]
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)


def _cell_values(series: pd.Series) -> list:
    """Python values for openpyxl: NaN and NA become empty cells (openpyxl would write 'nan')."""
    values = series.tolist()
    if pd.api.types.is_numeric_dtype(series.dtype):
        return [None if v is pd.NA or v != v else v for v in values]
    return values


def _weights_frame(weights: dict, labels: dict | None, gates: dict | None) -> pd.DataFrame:
    total = sum(float(w) for w in weights.values()) or 1.0
    rows = [
        [criterion_label(labels, key), round(float(weight), 3), round(float(weight) / total * 100, 1), ""]
        for key, weight in weights.items()
    ]
    if gates:
        rows.append([None, None, None, None])
        rows.append(["Rule", None, None, "What it does"])
        for gate, action in gates.items():
            rows.append([gate_label(gate), None, None, gate_action(action)])
    return pd.DataFrame(rows, columns=["Criterion", "Weight", "Share of the score (%)", "Notes"], dtype=object)


def _workshop_frame(workshop: dict, shortlist: pd.DataFrame, pain_points: list[dict]) -> pd.DataFrame:
    rows = [
        ("Workshop", workshop.get("name")),
        ("Organisation", workshop.get("organisation")),
        ("Date", workshop.get("session_date")),
        ("Facilitator", workshop.get("facilitator")),
        ("Candidate workflows ranked", len(shortlist)),
        ("Pain points", len(pain_points)),
        ("Exported", dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
    ]
    return pd.DataFrame(rows, columns=["Item", "Value"], dtype=object)


def shortlist_to_xlsx(
    shortlist: pd.DataFrame, pain_points: list[dict], weights: dict, labels: dict, gates: dict, workshop: dict
) -> bytes:
    """The workbook for leaders: Shortlist, Pain points, Weights and gates, Workshop."""
    book = Workbook(write_only=True)
    gates = gates_dict(gates)
    table = shortlist_table(shortlist, labels, weights)
    # Values are rounded for reading; only hours get a number format (each formatted cell
    # costs a styled cell object, and the General format shows rounded numbers well).
    _write_sheet(book, "Shortlist", table, {"Hours lost a year": "#,##0"})
    _write_sheet(book, "Pain points", pain_points_sheet(list(pain_points or [])), {"Hours lost a year": "#,##0"})
    _write_sheet(
        book,
        "Weights and gates",
        _weights_frame(dict(weights or {}), labels, gates),
        {"Weight": "0.00", "Share of the score (%)": "0.0"},
    )
    _write_sheet(book, "Workshop", _workshop_frame(dict(workshop or {}), shortlist, list(pain_points or [])))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
