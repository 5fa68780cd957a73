"""The shortlist and the pain points as spreadsheets: CSV and an XLSX workbook for leaders.

Both name what was kept out of the ranking and why: the CSV in rows after the ranked ones, told
apart by its Status column; the workbook in a sheet of its own. Every text cell is neutralised so
no participant text runs as a formula; numbers stay numbers.

Language: headings, sheet names, statuses and the app's own sentences are said in the language being
written (the workshop's, set by `services/exports.render`); entries stay exactly as typed. Numeric
cells stay plain numbers in every language (a CSV keeps '.' decimals and no thousands separators, so
any program reads it back; a spreadsheet shows numbers in its reader's own settings). The pain points'
template columns keep the import template's English headings, so the sheet and its CSV import again.
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

from aiadopt.domain.language import N_
from aiadopt.formats import palette
from aiadopt.formats.cells import (
    _sorted_shortlist,
    as_list,
    criterion_keys,
    criterion_label,
    csv_bytes,
    format_date,
    is_missing,
    neutralise_frame,
)
from aiadopt.formats.report_text import (
    KEPT_OUT_HEADING,
    RANKED_STATUS,
    excluded_reasons,
    excluded_records,
    gate_action,
    gate_label,
    gates_dict,
    kept_out_status,
)
from aiadopt.formats.template import pain_points_to_table
from aiadopt.i18n import current_language, t

XLSX_CELL_LIMIT = 32_767

# --- the shortlist as a table -------------------------------------------------------------

HOURS_HEADING = N_("Hours lost a year")

# (contract column, human heading (English, marked), rounding); contributions are inserted after "score".
_SHORTLIST_COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("rank", N_("Rank"), None),
    ("title", N_("Candidate workflow"), None),
    ("score", N_("Score (0-100)"), 1),
    ("flags", N_("Flags"), None),
    ("p_first", N_("Chance of ranking first (%)"), 0),
    ("p_top3", N_("Chance of a top-3 place (%)"), 0),
    ("rank_min", N_("Best rank when weights move"), None),
    ("rank_max", N_("Worst rank when weights move"), None),
    ("hours_per_year", HOURS_HEADING, 0),
    ("departments", N_("Departments"), None),
    ("department_count", N_("Number of departments"), None),
    ("member_count", N_("Pain points in this candidate"), None),
    ("votes", N_("Votes"), None),
    ("occurrences_per_year", N_("Times a year"), 0),
    ("owner", N_("Owner"), None),
    ("kpi_metric", N_("KPI measure"), None),
    ("kpi_baseline", N_("KPI baseline"), None),
    ("kpi_target", N_("KPI target"), None),
    ("kpi_unit", N_("KPI unit"), None),
    ("data_class", N_("Data class"), None),
    ("value_score", N_("Value (0-1)"), 2),
    ("ease_score", N_("Ease (0-1)"), 2),
    ("explanation", N_("Why this rank"), None),
)
_PERCENT_COLUMNS = {"p_first", "p_top3"}


def shortlist_table(shortlist: pd.DataFrame, labels: dict | None = None, weights: dict | None = None) -> pd.DataFrame:
    """The shortlist with human headings in the language being written, in rank order (for CSV and XLSX)."""
    ranked = _sorted_shortlist(shortlist)
    out = pd.DataFrame(index=range(len(ranked)))
    keys = criterion_keys(ranked, weights)
    for column, heading, digits in _SHORTLIST_COLUMNS:
        if column in ranked.columns:
            values = ranked[column].tolist()
            if column in _PERCENT_COLUMNS:
                values = [None if is_missing(v) else float(v) * 100 for v in values]
            if column == "flags":
                values = ["; ".join(t(flag) for flag in as_list(v)) for v in values]
            if column == "departments":
                values = ["; ".join(as_list(v)) for v in values]
            if column == "explanation":
                values = [v if is_missing(v) else t(v) for v in values]
            if digits is not None:
                values = [None if is_missing(v) else round(float(v), digits) for v in values]
            out[t(heading)] = _typed_series(column, values)
        if column == "score":
            for key in keys:
                source = f"contribution_{key}"
                if source in ranked.columns:
                    out[t("{criterion} (points)", criterion=criterion_label(labels, key))] = _typed_series(
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


STATUS_HEADING = N_("Status")
WHY_KEPT_OUT_HEADING = N_("Why it was kept out")
_TITLE_HEADING = N_("Candidate workflow")


def _insert_after_title(table: pd.DataFrame, heading: str, values: list) -> pd.DataFrame:
    """`table` with a text column right after the candidate's title (first when it has none)."""
    columns, title = list(table.columns), t(_TITLE_HEADING)
    position = columns.index(title) + 1 if title in columns else 0
    table.insert(position, t(heading), pd.Series(values, index=table.index, dtype=object))
    return table


def kept_out_table(
    excluded: pd.DataFrame | list | None, labels: dict | None = None, weights: dict | None = None
) -> pd.DataFrame:
    """The candidates a rule kept out of the ranking, with why, under the shortlist's headings (no rank or score)."""
    records = excluded_records(excluded)
    table = shortlist_table(pd.DataFrame(records), labels, weights)
    return _insert_after_title(table, WHY_KEPT_OUT_HEADING, [excluded_reasons(r) for r in records])


def shortlist_csv_table(
    shortlist: pd.DataFrame,
    labels: dict | None = None,
    weights: dict | None = None,
    excluded: pd.DataFrame | list | None = None,
) -> pd.DataFrame:
    """The ranked rows in rank order, then the kept-out ones; a Status column tells them apart."""
    ranked = shortlist_table(shortlist, labels, weights)
    ranked = _insert_after_title(ranked, STATUS_HEADING, [t(RANKED_STATUS)] * len(ranked))
    records = excluded_records(excluded)
    if not records:
        return ranked
    kept = shortlist_table(pd.DataFrame(records), labels, weights)
    kept = _insert_after_title(kept, STATUS_HEADING, [kept_out_status(r) for r in records])
    columns = list(ranked.columns) + [c for c in kept.columns if c not in ranked.columns]
    # Each column keeps its type (a rank stays a whole number) where the kept-out rows have no value.
    types = {c: (ranked if c in ranked.columns else kept)[c].dtype for c in columns}
    parts = [part.reindex(columns=columns).astype(types) for part in (ranked, kept)]
    return pd.concat(parts, ignore_index=True)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """Text cells neutralised against formulas, then CSV as every export writes it."""
    return csv_bytes(neutralise_frame(frame))


def shortlist_to_csv(
    shortlist: pd.DataFrame,
    labels: dict | None = None,
    weights: dict | None = None,
    excluded: pd.DataFrame | list | None = None,
) -> bytes:
    """The shortlist as CSV bytes (UTF-8 with BOM, human headings, neutralised): the ranked candidates,
    then those kept out, each with its Status ("Ranked" or "Kept out: <why>").

    Headings and statuses are in the language being written; numbers stay plain numbers with '.'
    decimals in every language, so the file stays machine-readable."""
    return _csv_bytes(shortlist_csv_table(shortlist, labels, weights, excluded))


def pain_points_to_csv(pain_points: list[dict]) -> bytes:
    """Pain points as CSV bytes with the import template's headings (re-importable, so never translated)."""
    return _csv_bytes(pain_points_to_table(pain_points))


def pain_points_sheet(pain_points: list[dict]) -> pd.DataFrame:
    """Pain points for the workbook: template columns (re-importable: the template's headings), then
    derived ones (headed in the language being written)."""
    table = pain_points_to_table(pain_points)
    extra = {
        t(HOURS_HEADING): [_round_or_none(p.get("hours_per_year"), 1) for p in pain_points],
        t("Times a year"): [_round_or_none(p.get("occurrences_per_year"), 1) for p in pain_points],
        t("Reads like a solution"): [t("yes") if p.get("proposes_solution") else "" for p in pain_points],
        t("Added by"): [p.get("source") or "" for p in pain_points],
        t("Added at"): [str(p.get("created_at") or "")[:19].replace("T", " ") for p in pain_points],
        t("Pain point ID"): [p.get("id") for p in pain_points],
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


_SHEET_TITLE_LIMIT = 31  # Excel allows no more, and none of : \ / ? * [ ]


def sheet_title(title: str) -> str:
    """A sheet's name as Excel allows it (a translated name can be longer, or hold a character it refuses)."""
    for character in ":\\/?*[]":
        title = title.replace(character, " ")
    return title.strip()[:_SHEET_TITLE_LIMIT].strip() or "Sheet"


def _write_sheet(book: Workbook, title: str, frame: pd.DataFrame, number_formats: dict[str, str] | None = None) -> None:
    """One neutralised sheet: bold frozen heading row, widths from content, typed numbers."""
    sheet = book.create_sheet(sheet_title(title))
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
        rows.append([t("Rule"), None, None, t("What it does")])
        for gate, action in gates.items():
            rows.append([gate_label(gate), None, None, gate_action(action)])
    columns = [t("Criterion"), t(WEIGHT_HEADING), t(SHARE_HEADING), t("Notes")]
    return pd.DataFrame(rows, columns=columns, dtype=object)


WEIGHT_HEADING, SHARE_HEADING = N_("Weight"), N_("Share of the score (%)")


def _exported_at(now: dt.datetime) -> str:
    """When the file was made: English as 2026-11-24 14:05, other languages with the date as they write it."""
    if current_language() == "en":
        return now.strftime("%Y-%m-%d %H:%M")
    return f"{format_date(now.date().isoformat())} {now:%H:%M}"


def _workshop_frame(workshop: dict, shortlist: pd.DataFrame, kept_out: int, pain_points: list[dict]) -> pd.DataFrame:
    rows = [
        (t("Workshop"), workshop.get("name")),
        (t("Organisation"), workshop.get("organisation")),
        (t("Date"), format_date(workshop.get("session_date")) or workshop.get("session_date")),
        (t("Facilitator"), workshop.get("facilitator")),
        (t("Candidate workflows ranked"), len(shortlist)),
        (t("Candidate workflows kept out"), kept_out),
        (t("Pain points"), len(pain_points)),
        (t("Exported"), _exported_at(dt.datetime.now())),
    ]
    return pd.DataFrame(rows, columns=[t("Item"), t("Value")], dtype=object)


def nothing_kept_out() -> pd.DataFrame:
    """The kept-out sheet when no rule kept a candidate out, in the language being written."""
    return pd.DataFrame(
        [["—", t("No rule kept a candidate workflow out of the ranking.")]],
        columns=[t(_TITLE_HEADING), t(WHY_KEPT_OUT_HEADING)],
    )


def shortlist_to_xlsx(
    shortlist: pd.DataFrame,
    pain_points: list[dict],
    weights: dict,
    labels: dict,
    gates: dict,
    workshop: dict,
    excluded: pd.DataFrame | list | None = None,
) -> bytes:
    """The workbook for leaders: Shortlist, Kept out of the ranking, Pain points, Weights and gates, Workshop."""
    book = Workbook(write_only=True)
    gates = gates_dict(gates)
    table = shortlist_table(shortlist, labels, weights)
    kept_out = kept_out_table(excluded, labels, weights)
    # Values are rounded for reading; only hours get a number format (each formatted cell
    # costs a styled cell object, and the General format shows rounded numbers well).
    hours_format = {t(HOURS_HEADING): "#,##0"}
    _write_sheet(book, t("Shortlist"), table, hours_format)
    _write_sheet(book, t(KEPT_OUT_HEADING), kept_out if len(kept_out) else nothing_kept_out(), hours_format)
    _write_sheet(book, t("Pain points"), pain_points_sheet(list(pain_points or [])), hours_format)
    _write_sheet(
        book,
        t("Weights and gates"),
        _weights_frame(dict(weights or {}), labels, gates),
        {t(WEIGHT_HEADING): "0.00", t(SHARE_HEADING): "0.0"},
    )
    _write_sheet(
        book, t("Workshop"), _workshop_frame(dict(workshop or {}), shortlist, len(kept_out), list(pain_points or []))
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
