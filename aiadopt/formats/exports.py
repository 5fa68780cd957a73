"""Exports for leaders: the ranked shortlist (CSV, XLSX, Markdown, PDF) and the pilot charter.

Pure functions from plain data (the ranked shortlist DataFrame, pain-point rows, weights,
the workshop dict) to bytes or text. Participant text is untrusted everywhere it goes:
spreadsheet cells are neutralised so no text runs as a formula (OWASP CSV injection
guidance), Markdown is escaped, and PDF text is limited to characters the embedded font can
draw, so an emoji or a script the font lacks never breaks an export. Charts are drawn with
matplotlib's object API (no pyplot, no global backend), fonts come from matplotlib's own
DejaVu files, so nothing depends on the machine's fonts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import math
import numbers
import re
import unicodedata
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aiadopt.formats import safe_text
from aiadopt.domain.charter import CHARTER_FIELDS_BY_NAME, format_amount
from aiadopt.domain.fields import DATA_CLASSES
from aiadopt.formats.importing import pain_points_to_table

# --- spreadsheet safety -------------------------------------------------------------------

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
# Characters XML 1.0 cannot hold (openpyxl refuses them); tab, CR and LF stay.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CELL_LIMIT = 32_767


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, bytes, list, tuple, set, dict)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def neutralise_cell(value: object) -> object:
    """A value safe for a spreadsheet cell: text that could start a formula gets a leading '.

    Numbers (int, float, bool, numpy numbers) stay numbers; None and NaN stay empty (None);
    lists become "; "-joined text; dates stay dates; every other character is kept as it is.
    """
    if type(value) is str:  # the common case first: exports hold many thousands of cells
        if not value.startswith(FORMULA_TRIGGERS) and not _XML_ILLEGAL.search(value):
            return value
    elif type(value) is float:
        return None if value != value or math.isinf(value) else value
    elif type(value) is int:
        return value
    if _is_missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return None if math.isinf(number) else number
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, (dt.date, dt.time)):
        return value
    if isinstance(value, (list, tuple, set, np.ndarray)):
        value = "; ".join(str(item) for item in value if not _is_missing(item))
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    dangerous = text.startswith(FORMULA_TRIGGERS)
    text = _XML_ILLEGAL.sub("", text)
    return "'" + text if dangerous else text


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text (object or string) column neutralised; headers too."""
    out = pd.DataFrame(index=df.index)
    for position, column in enumerate(df.columns):
        series = df.iloc[:, position]
        name = neutralise_cell(column) if isinstance(column, str) else column
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            out[name] = series.to_numpy()
        else:
            out[name] = pd.Series([neutralise_cell(v) for v in series], index=df.index, dtype=object)
    return out


def _slug(text: object, limit: int) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-")


def export_filename(workshop: dict, kind: str, ext: str) -> str:
    """A safe file name such as acme-discovery-2026-11-24-shortlist.xlsx."""
    name = _slug((workshop or {}).get("name"), 60) or "workshop"
    date = str((workshop or {}).get("session_date") or "")
    date = date[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date[:10]) else ""
    kind_slug = _slug(kind, 30) or "export"
    extension = _slug(ext, 8) or "txt"
    stem = "-".join(part for part in (name, date, kind_slug) if part)
    return f"{stem[:110].rstrip('-')}.{extension}"


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


def humanise_key(key: str) -> str:
    """'hours_lost' -> 'Hours lost' (for keys without a label)."""
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def criterion_keys(shortlist: pd.DataFrame, weights: dict | None = None) -> list[str]:
    """The criteria in weight order, then any other contribution_ columns of the shortlist."""
    keys = [k for k in (weights or {})]
    for column in shortlist.columns:
        if str(column).startswith("contribution_"):
            key = str(column)[len("contribution_"):]
            if key not in keys:
                keys.append(key)
    return keys


def _label(labels: dict | None, key: str) -> str:
    return str((labels or {}).get(key) or humanise_key(key))


def _as_list(value: object) -> list[str]:
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Series)):
        return [str(item) for item in value if not _is_missing(item) and str(item).strip()]
    return [str(value)]


def _sorted_shortlist(shortlist: pd.DataFrame) -> pd.DataFrame:
    if "rank" in shortlist.columns and len(shortlist):
        return shortlist.sort_values("rank", kind="stable")
    return shortlist


def shortlist_table(shortlist: pd.DataFrame, labels: dict | None = None,
                    weights: dict | None = None) -> pd.DataFrame:
    """The shortlist with human headings, in rank order (for CSV, XLSX and the page)."""
    ranked = _sorted_shortlist(shortlist)
    out = pd.DataFrame(index=range(len(ranked)))
    keys = criterion_keys(ranked, weights)
    for column, heading, digits in _SHORTLIST_COLUMNS:
        if column in ranked.columns:
            values = ranked[column].tolist()
            if column in _PERCENT_COLUMNS:
                values = [None if _is_missing(v) else float(v) * 100 for v in values]
            if column in ("flags", "departments"):
                values = ["; ".join(_as_list(v)) for v in values]
            if digits is not None:
                values = [None if _is_missing(v) else round(float(v), digits) for v in values]
            out[heading] = _typed_series(column, values)
        if column == "score":
            for key in keys:
                source = f"contribution_{key}"
                if source in ranked.columns:
                    out[f"{_label(labels, key)} (points)"] = _typed_series(
                        source, [None if _is_missing(v) else round(float(v), 2) for v in ranked[source]]
                    )
    return out


_WHOLE_NUMBER_COLUMNS = {"rank", "rank_min", "rank_max", "department_count", "member_count", "votes"}
_NUMBER_COLUMNS = {"score", "p_first", "p_top3", "hours_per_year", "kpi_baseline", "kpi_target",
                   "value_score", "ease_score", "occurrences_per_year"}


def _typed_series(column: str, values: list) -> pd.Series:
    """Numbers as a numeric column (so spreadsheets get numbers), anything else as objects."""
    numeric = column in _NUMBER_COLUMNS or column in _WHOLE_NUMBER_COLUMNS or column.startswith("contribution_")
    if numeric:
        try:
            dtype = "Int64" if column in _WHOLE_NUMBER_COLUMNS else "float64"
            return pd.Series([None if _is_missing(v) else v for v in values], dtype=dtype)
        except (TypeError, ValueError):
            pass  # tolerate a producer that puts text here: export it as it is
    return pd.Series(values, dtype=object)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows accents and other scripts correctly."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def shortlist_to_csv(shortlist: pd.DataFrame, labels: dict | None = None,
                     weights: dict | None = None) -> bytes:
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
    return None if _is_missing(value) else round(float(value), digits)


# --- XLSX ---------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F3858")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="top")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _column_width(header: str, values: list) -> float:
    sample = [len(str(v)) for v in values[:300] if v is not None]
    longest = max(sample, default=0)
    return float(min(max(len(header) * 0.9 + 2, min(longest, 60) + 2, 8), 62))


def _write_sheet(book: Workbook, title: str, frame: pd.DataFrame,
                 number_formats: dict[str, str] | None = None) -> None:
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
    rows = [[_label(labels, key), float(weight), float(weight) / total * 100, ""]
            for key, weight in weights.items()]
    if gates:
        rows.append([None, None, None, None])
        rows.append(["Rule", None, None, "What it does"])
        for gate, action in gates.items():
            rows.append([gate_label(gate), None, None, _gate_action(action)])
    return pd.DataFrame(rows, columns=["Criterion", "Weight", "Share of the score (%)", "Notes"],
                        dtype=object)


GATE_LABELS = {
    "red_data": "Red data (regulated or confidential information)",
    "no_owner": "No owner named",
    "no_kpi": "No KPI: measure, baseline or target missing",
    "unclear_io": "Unclear inputs and outputs",
}


def gate_label(gate: str) -> str:
    """A rule's name for people: the known gates by name, others from their key."""
    return GATE_LABELS.get(gate, humanise_key(gate))


def _gates_dict(gates: object) -> dict:
    """Gates as {name: 'exclude' | 'flag'}, from a dict or a dataclass such as scoring.Gates."""
    if not gates:
        return {}
    if dataclasses.is_dataclass(gates) and not isinstance(gates, type):
        return dataclasses.asdict(gates)
    return dict(gates)


def _gate_action(action: object) -> str:
    text = str(action or "").strip().lower()
    if text == "exclude":
        return "Candidates that fail it are left off the shortlist."
    if text == "flag":
        return "Candidates that fail it stay on the shortlist with a flag."
    return str(action or "")


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


def shortlist_to_xlsx(shortlist: pd.DataFrame, pain_points: list[dict], weights: dict,
                      labels: dict, gates: dict, workshop: dict) -> bytes:
    """The workbook for leaders: Shortlist, Pain points, Weights and gates, Workshop."""
    book = Workbook(write_only=True)
    gates = _gates_dict(gates)
    table = shortlist_table(shortlist, labels, weights)
    # Values are rounded for reading; only hours get a number format (each formatted cell
    # costs a styled cell object, and the General format shows rounded numbers well).
    _write_sheet(book, "Shortlist", table, {"Hours lost a year": "#,##0"})
    _write_sheet(book, "Pain points", pain_points_sheet(list(pain_points or [])),
                 {"Hours lost a year": "#,##0"})
    _write_sheet(book, "Weights and gates", _weights_frame(dict(weights or {}), labels, gates),
                 {"Weight": "0.00", "Share of the score (%)": "0.0"})
    _write_sheet(book, "Workshop", _workshop_frame(dict(workshop or {}), shortlist, list(pain_points or [])))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Markdown -----------------------------------------------------------------------------



def escape_markdown(text: object) -> str:
    """User text safe inside Markdown (and a table cell): no links, images, HTML or pipes."""
    if _is_missing(text):
        return ""
    return safe_text.escape_markdown(text, one_line=True)


def join_sentences(items: list[str]) -> str:
    """Flags or reasons as one line: sentences joined by a space, short phrases by "; "."""
    items = [str(i).strip() for i in items if str(i).strip()]
    if all(i[-1] in ".!?…" for i in items):
        return " ".join(items)
    return "; ".join(items)


def _fmt_number(value: object, digits: int = 0) -> str:
    if _is_missing(value):
        return ""
    number = float(value)
    return f"{number:,.{digits}f}"


def _kpi_text(row: dict) -> str:
    metric = str(row.get("kpi_metric") or "").strip()
    unit = str(row.get("kpi_unit") or "").strip() if not _is_missing(row.get("kpi_unit")) else ""
    baseline, target = row.get("kpi_baseline"), row.get("kpi_target")
    if not metric or _is_missing(row.get("kpi_metric")):
        return "not chosen yet"
    parts = [metric]
    if not _is_missing(baseline) or not _is_missing(target):
        before = format_amount(float(baseline), unit) if not _is_missing(baseline) else "?"
        after = format_amount(float(target), unit) if not _is_missing(target) else "?"
        parts.append(f"{before} → {after}")
    return ": ".join(parts)


def _stability_text(row: dict) -> str:
    parts = []
    if not _is_missing(row.get("rank_min")) and not _is_missing(row.get("rank_max")):
        low, high = int(row["rank_min"]), int(row["rank_max"])
        parts.append(f"rank {low}" if low == high else f"ranks {low}–{high}")
    if not _is_missing(row.get("p_first")):
        parts.append(f"{float(row['p_first']) * 100:.0f}% first")
    return ", ".join(parts)


def _excluded_items(excluded: object) -> list[tuple[str, str]]:
    """(title, reasons) from a DataFrame or a list of dicts; tolerant of the reason's name."""
    if excluded is None:
        return []
    records = excluded.to_dict("records") if isinstance(excluded, pd.DataFrame) else list(excluded)
    items = []
    for record in records:
        if not isinstance(record, dict):
            items.append((str(record), ""))
            continue
        reasons: list[str] = []
        for key in ("reasons", "reason", "excluded_by", "gates", "flags"):
            reasons += _as_list(record.get(key))
        items.append((str(record.get("title") or "Untitled"), join_sentences(list(dict.fromkeys(reasons)))))
    return items


def _method_paragraphs(weights: dict, labels: dict | None, gates: dict | None) -> list[str]:
    total = sum(float(w) for w in weights.values()) or 1.0
    largest = max(weights, key=lambda k: float(weights[k])) if weights else None
    names = [_label(labels, key) for key in weights]
    criteria = f" ({', '.join(names)})" if names else ""
    paragraphs = [
        "Each candidate workflow groups similar pain points that departments reported in the "
        f"workshop. Each criterion{criteria} turns what they reported into a value from 0 to 1.",
        "The score is a weighted sum out of 100: each criterion's value times its share of the "
        "weights. The points per criterion add up to the score, so every score can be traced "
        "back to what was reported and to the weights below.",
    ]
    if largest is not None:
        top = float(weights[largest])
        heaviest = [_label(labels, k) for k, w in weights.items() if math.isclose(float(w), top)]
        share = f"{top / total * 100:.0f}%"
        if len(heaviest) == len(weights):
            sentence = f"All criteria weigh the same ({share} of the score each)."
        elif len(heaviest) == 1:
            sentence = f"The heaviest is {heaviest[0]} ({share} of the score)."
        else:
            sentence = f"The heaviest are {', '.join(heaviest[:-1])} and {heaviest[-1]} ({share} of the score each)."
        paragraphs.append(f"The weights were set by the facilitator. {sentence}")
    paragraphs.append(
        "Stability: the weights were moved around their chosen values many times and the "
        "candidates ranked again each time. The chance of ranking first is the share of those "
        "rankings a candidate came first; the rank range is its best and worst rank. A wide "
        "range means the order depends on the weights and deserves discussion."
    )
    if gates:
        excluding = [gate_label(g) for g, a in gates.items() if str(a).lower() == "exclude"]
        flagging = [gate_label(g) for g, a in gates.items() if str(a).lower() != "exclude"]
        if excluding:
            paragraphs.append("Rules that leave a candidate off the shortlist: " + "; ".join(excluding) + ".")
        if flagging:
            paragraphs.append("Rules that keep a candidate but flag it: " + "; ".join(flagging) + ".")
    return paragraphs


def _records(shortlist: pd.DataFrame) -> list[dict]:
    return _sorted_shortlist(shortlist).to_dict("records")


def _workshop_line(workshop: dict) -> list[tuple[str, str]]:
    items = [("Organisation", workshop.get("organisation")), ("Date", workshop.get("session_date")),
             ("Facilitator", workshop.get("facilitator"))]
    return [(label, str(value)) for label, value in items if value and not _is_missing(value)]


def report_markdown(shortlist: pd.DataFrame, weights: dict, labels: dict, gates: dict,
                    workshop: dict, excluded=None, max_rows: int | None = 100) -> str:
    """The shortlist report as Markdown: details, method, ranked table, flags, exclusions."""
    workshop = dict(workshop or {})
    weights = dict(weights or {})
    gates = _gates_dict(gates)
    records = _records(shortlist)
    shown = records if max_rows is None else records[:max_rows]
    lines = [f"# Pilot shortlist: {escape_markdown(workshop.get('name') or 'Workshop')}", ""]
    details = _workshop_line(workshop)
    if details:
        lines += [" · ".join(f"**{label}:** {escape_markdown(value)}" for label, value in details), ""]
    lines += ["## How the ranking works", ""]
    lines += [escape_markdown(p) + "\n" for p in _method_paragraphs(weights, labels, gates)]
    total = sum(float(w) for w in weights.values()) or 1.0
    if weights:
        lines += ["| Criterion | Weight | Share of the score |", "|---|---:|---:|"]
        lines += [f"| {escape_markdown(_label(labels, k))} | {float(w):.3g} | {float(w) / total * 100:.0f}% |"
                  for k, w in weights.items()]
        lines.append("")
    if gates:
        lines += ["| Rule | What it does |", "|---|---|"]
        lines += [f"| {escape_markdown(gate_label(g))} | {escape_markdown(_gate_action(a))} |"
                  for g, a in gates.items()]
        lines.append("")
    lines += ["## Ranked shortlist", ""]
    if not records:
        lines += ["No candidate workflows were ranked.", ""]
    else:
        lines += ["| Rank | Candidate workflow | Score | Hours a year | Departments | Owner | "
                  "Data class | KPI | Stability |",
                  "|---:|---|---:|---:|---|---|---|---|---|"]
        for row in shown:
            cells = [
                _fmt_number(row.get("rank")),
                escape_markdown(row.get("title")),
                _fmt_number(row.get("score"), 1),
                _fmt_number(row.get("hours_per_year")),
                escape_markdown(", ".join(_as_list(row.get("departments")))),
                escape_markdown(row.get("owner")) or "none yet",
                escape_markdown(row.get("data_class")),
                escape_markdown(_kpi_text(row)),
                escape_markdown(_stability_text(row)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        if len(shown) < len(records):
            lines.append(f"\n{len(records) - len(shown):,} more candidates are in the spreadsheet export.")
        lines.append("")
    if shown:
        top = shown[0]
        lines += [f"## Why “{escape_markdown(top.get('title'))}” ranks first", ""]
        if not _is_missing(top.get("explanation")) and str(top.get("explanation") or "").strip():
            lines += [escape_markdown(top.get("explanation")), ""]
        keys = criterion_keys(shortlist, weights)
        points = [(k, top.get(f"contribution_{k}")) for k in keys if f"contribution_{k}" in top]
        if points:
            lines += ["| Criterion | Points | Out of |", "|---|---:|---:|"]
            for key, value in points:
                available = float(weights.get(key, 0)) / total * 100 if weights else None
                lines.append(f"| {escape_markdown(_label(labels, key))} | {_fmt_number(value, 1)} | "
                             f"{_fmt_number(available, 1) if available is not None else ''} |")
            lines.append("")
    flagged = [row for row in shown if _as_list(row.get("flags"))]
    lines += ["## Flags to resolve", ""]
    if flagged:
        for row in flagged:
            lines.append(f"- **{_fmt_number(row.get('rank'))}. {escape_markdown(row.get('title'))}**: "
                         + escape_markdown(join_sentences(_as_list(row.get("flags")))))
    else:
        lines.append("No flags.")
    lines.append("")
    items = _excluded_items(excluded)
    if items:
        lines += ["## Left off the shortlist", ""]
        for title, reasons in items:
            lines.append(f"- **{escape_markdown(title)}**: {escape_markdown(reasons) or 'excluded by a rule'}")
        lines.append("")
    return "\n".join(lines)


# --- charts -------------------------------------------------------------------------------

DATA_CLASS_COLOURS = {"green": "#2E7D32", "amber": "#E0A100", "red": "#C62828"}
_INK = "#1F3858"


def value_ease_figure(shortlist: pd.DataFrame, label_top: int = 10):
    """The value-versus-ease matrix: bubble area ~ hours a year, colour = data class."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(7.2, 4.6), dpi=100)
    axes = figure.add_subplot(1, 1, 1)
    ranked = _sorted_shortlist(shortlist)
    ease = pd.to_numeric(ranked.get("ease_score", pd.Series(dtype=float)), errors="coerce").fillna(0).clip(0, 1)
    value = pd.to_numeric(ranked.get("value_score", pd.Series(dtype=float)), errors="coerce").fillna(0).clip(0, 1)
    hours = pd.to_numeric(ranked.get("hours_per_year", pd.Series(dtype=float)), errors="coerce").fillna(0).clip(lower=0)
    biggest = float(hours.max()) if len(hours) and float(hours.max()) > 0 else 1.0
    sizes = 30 + 900 * hours / biggest
    classes = ranked.get("data_class", pd.Series(["green"] * len(ranked), index=ranked.index))
    colours = [DATA_CLASS_COLOURS.get(str(c).lower(), "#777777") for c in classes]
    axes.axvspan(0.5, 1.04, ymin=0.5, ymax=1, color="#EAF4EA", zorder=0)
    axes.axhline(0.5, color="#9AA5B1", linewidth=0.9, linestyle="--", zorder=1)
    axes.axvline(0.5, color="#9AA5B1", linewidth=0.9, linestyle="--", zorder=1)
    axes.scatter(ease, value, s=sizes, c=colours, alpha=0.55, edgecolors="white", linewidths=0.6, zorder=2)
    for (x, y, rank) in list(zip(ease, value, ranked.get("rank", pd.Series(range(1, len(ranked) + 1)))))[:label_top]:
        axes.annotate(str(int(rank)), (x, y), ha="center", va="center", fontsize=7.5,
                      fontweight="bold", color=_INK, zorder=3)
    quadrant_style = dict(fontsize=10, fontweight="bold", color="#51606F", alpha=0.9, zorder=4)
    axes.text(0.98, 0.98, "Quick wins", ha="right", va="top", transform=axes.transAxes, **quadrant_style)
    axes.text(0.02, 0.98, "Big bets", ha="left", va="top", transform=axes.transAxes, **quadrant_style)
    axes.text(0.98, 0.02, "Fill-ins", ha="right", va="bottom", transform=axes.transAxes, **quadrant_style)
    axes.text(0.02, 0.02, "Not now", ha="left", va="bottom", transform=axes.transAxes, **quadrant_style)
    axes.set_xlim(-0.04, 1.04)
    axes.set_ylim(-0.04, 1.04)
    axes.set_xlabel("Ease: how ready it is to start  →", fontsize=9, color=_INK)
    axes.set_ylabel("Value: what fixing it is worth  →", fontsize=9, color=_INK)
    axes.tick_params(labelsize=8, colors="#51606F")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    handles = [Line2D([0], [0], marker="o", linestyle="", markersize=8, markerfacecolor=colour,
                      markeredgecolor="white", alpha=0.8, label=f"{name} data")
               for name, colour in DATA_CLASS_COLOURS.items()]
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                fontsize=8, title="Bubble size:\nhours lost a year", title_fontsize=8)
    figure.tight_layout()
    return figure


def contribution_figure(row: dict, weights: dict, labels: dict | None):
    """Horizontal bars: the points each criterion gave one candidate, out of those available."""
    from matplotlib.figure import Figure

    keys = [k for k in criterion_keys(pd.DataFrame([row]), weights) if f"contribution_{k}" in row]
    total = sum(float(w) for w in (weights or {}).values()) or 1.0
    points = [0.0 if _is_missing(row.get(f"contribution_{k}")) else float(row[f"contribution_{k}"]) for k in keys]
    available = [float((weights or {}).get(k, 0)) / total * 100 for k in keys]
    names = [_label(labels, k) for k in keys]
    height = 0.9 + 0.34 * max(len(keys), 1)
    figure = Figure(figsize=(7.2, height), dpi=100)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(keys)))[::-1]
    axes.barh(positions, available, color="#E3E8EE", height=0.62, label="Points available")
    axes.barh(positions, points, color=_INK, height=0.62, label="Points earned")
    for y, earned, possible in zip(positions, points, available):
        axes.text(max(earned, possible) + 0.4, y, f"{earned:.1f} of {possible:.1f}", va="center",
                  fontsize=8, color="#33414F")
    axes.set_yticks(positions)
    axes.set_yticklabels(names, fontsize=8.5, color=_INK)
    axes.set_xlabel("Points towards the score (out of 100)", fontsize=8.5, color=_INK)
    axes.set_xlim(0, max(available + points + [1]) * 1.22)
    axes.tick_params(axis="x", labelsize=8, colors="#51606F")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False, fontsize=8,
                borderaxespad=0.2)
    figure.tight_layout()
    return figure


def figure_png(figure, dpi: int = 200) -> bytes:
    """A matplotlib figure as PNG bytes (Agg canvas, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "DejaVu"
REPLACEMENT = "□"  # shown for a character the font cannot draw
_NB_ALIAS = "{nb}"
_PDF_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
INK = (31, 56, 88)
MUTED = (95, 107, 120)
RULE = (205, 213, 222)
HEAD_FILL = (232, 238, 244)
ZEBRA = (247, 249, 251)
CLASS_RGB = {"green": (46, 125, 50), "amber": (196, 138, 0), "red": (198, 40, 40)}


FALLBACK_FONT = "DejaVuFallback"  # the regular face, for glyphs a bold or oblique face lacks


@functools.lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """Code points the embedded fonts can draw (bold and oblique fall back to regular)."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(FONT_DIR / FONT_FILES[""])).getBestCmap())


def pdf_text(value: object) -> str:
    """Text the embedded font can draw: others become □ (invisible marks are dropped)."""
    if _is_missing(value):
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _PDF_CONTROL.sub("", text).replace("\t", " ").replace(_NB_ALIAS, "{ nb }")
    drawable = _drawable()
    out = []
    for ch in text:
        if ord(ch) in drawable or ch == "\n":
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cs", "Co"):
            continue  # variation selectors, joiners, stray surrogates: nothing to show
        else:
            out.append(REPLACEMENT)
    return "".join(out)


class _Document(FPDF):
    """A4 document with the embedded font, a running header and 'Page n of N' footer."""

    def __init__(self, running_title: str = "", stamp: str = "", compress: bool = True):
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.add_font(FALLBACK_FONT, "", str(FONT_DIR / FONT_FILES[""]))
        self.set_fallback_fonts([FALLBACK_FONT], exact_match=False)
        self.set_compression(compress)
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(True, margin=18)
        self.running_title = pdf_text(running_title)
        self.stamp = pdf_text(stamp)
        self.show_chrome = True
        self.set_title(self.running_title or "Export")
        self.set_creator("Workflow discovery workshop")

    def header(self):
        if not self.show_chrome or self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.set_xy(self.l_margin, 8)
        self.cell(self.epw * 0.75, 4, _fit(self, self.running_title, self.epw * 0.75))
        self.set_xy(self.l_margin, 8)
        self.cell(self.epw, 4, self.stamp, align="R")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, 13, self.w - self.r_margin, 13)
        self.set_y(self.t_margin)

    def footer(self):
        if not self.show_chrome:
            return
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, f"Page {self.page_no()} of {_NB_ALIAS}", align="C")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """One line of `text` that fits `width`, ending in … when shortened."""
    if pdf.get_string_width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdf.get_string_width(text[:middle].rstrip() + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ,;:") + "…"


def _wrap(pdf: FPDF, text: str, width: float, max_lines: int | None = None) -> list[str]:
    """Greedy word wrap in the current font; the last kept line ends in … when cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if pdf.get_string_width(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while pdf.get_string_width(word) > width:  # a word longer than the line
                piece = _fit(pdf, word, width)[:-1] or word[:1]
                lines.append(piece)
                word = word[len(piece):]
            current = word
            if max_lines is not None and len(lines) > max_lines:
                break
        lines.append(current)
        if max_lines is not None and len(lines) > max_lines:
            break
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = _fit(pdf, kept[-1] + " …", width) if kept[-1] else "…"
        if not kept[-1].endswith("…"):
            kept[-1] = _fit(pdf, kept[-1] + "…", width)
        return kept
    return lines


def _heading(pdf: FPDF, text: str, size: float = 12.5, space_before: float = 5) -> None:
    if pdf.will_page_break(space_before + 16):
        pdf.add_page()
    else:
        pdf.ln(space_before)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, size * 0.48, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.2)


def _paragraph(pdf: FPDF, text: str, size: float = 9.2, colour=(40, 48, 56), style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    line_height = size * 0.5
    for line in _wrap(pdf, pdf_text(text), pdf.epw):
        if pdf.will_page_break(line_height):
            pdf.add_page()
        pdf.set_x(pdf.l_margin)
        pdf.cell(pdf.epw, line_height, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.4)


def _dot(pdf: FPDF, x: float, y: float, data_class: str, radius: float = 1.3) -> None:
    pdf.set_fill_color(*CLASS_RGB.get(data_class, MUTED))
    pdf.ellipse(x, y, radius * 2, radius * 2, style="F")


def _table(pdf: FPDF, columns: list[tuple[str, float, str]], rows: list[list[str]],
           size: float = 7.8, max_lines: int = 2, dot_column: int | None = None) -> None:
    """A clean table: shaded heading row (repeated on new pages), zebra rows, wrapped cells."""
    line_height = size * 0.46
    pad = 1.3

    def draw_heading() -> None:
        pdf.set_font(FONT, "B", size)
        heading_lines = [_wrap(pdf, pdf_text(h), w - 2 * pad, 2) for h, w, _ in columns]
        height = max(len(lines) for lines in heading_lines) * line_height + 2 * pad
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_fill_color(*HEAD_FILL)
        pdf.rect(x, y, sum(w for _, w, _ in columns), height, style="F")
        pdf.set_text_color(*INK)
        for (heading, width, align), lines in zip(columns, heading_lines):
            for index, line in enumerate(lines):
                pdf.set_xy(x + pad, y + pad + index * line_height)
                pdf.cell(width - 2 * pad, line_height, line, align=align)
            x += width
        pdf.set_y(y + height)

    draw_heading()
    total_width = sum(w for _, w, _ in columns)
    for number, row in enumerate(rows):
        pdf.set_font(FONT, "", size)
        wrapped = []
        for index, ((_, width, _), value) in enumerate(zip(columns, row)):
            inner = width - 2 * pad - (3.6 if index == dot_column else 0)
            wrapped.append(_wrap(pdf, pdf_text(value), inner, max_lines))
        height = max(len(lines) for lines in wrapped) * line_height + 2 * pad
        if pdf.will_page_break(height):
            pdf.add_page()
            draw_heading()
            pdf.set_font(FONT, "", size)
        x, y = pdf.l_margin, pdf.get_y()
        if number % 2:
            pdf.set_fill_color(*ZEBRA)
            pdf.rect(x, y, total_width, height, style="F")
        pdf.set_text_color(35, 42, 50)
        for index, ((_, width, align), lines) in enumerate(zip(columns, wrapped)):
            offset = 0.0
            if index == dot_column and row[index]:
                _dot(pdf, x + pad, y + pad + line_height / 2 - 1.3, str(row[index]).lower())
                offset = 3.6
            for line_index, line in enumerate(lines):
                pdf.set_xy(x + pad + offset, y + pad + line_index * line_height)
                pdf.cell(width - 2 * pad - offset, line_height, line, align=align)
            x += width
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.15)
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + total_width, y + height)
        pdf.set_y(y + height)
    pdf.ln(2)


def _image(pdf: FPDF, png: bytes, width: float, aspect: float) -> None:
    height = width * aspect
    if pdf.will_page_break(height + 2):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - width) / 2, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 2)


def _figure_aspect(figure) -> float:
    width, height = figure.get_size_inches()
    return float(height / width)


def _today() -> str:
    return dt.date.today().isoformat()


def report_pdf(shortlist: pd.DataFrame, weights: dict, labels: dict, gates: dict, workshop: dict,
               excluded=None, max_rows: int | None = 100, compress: bool = True) -> bytes:
    """The shortlist report as an A4 PDF with the value-versus-ease matrix and the top
    candidate's contribution chart. `max_rows` caps the table (None: every candidate)."""
    return bytes(_build_report(shortlist, weights, labels, gates, workshop, excluded, max_rows,
                               compress).output())


def _build_report(shortlist, weights, labels, gates, workshop, excluded, max_rows, compress) -> FPDF:
    workshop = dict(workshop or {})
    weights = dict(weights or {})
    gates = _gates_dict(gates)
    records = _records(shortlist)
    shown = records if max_rows is None else records[:max_rows]
    name = str(workshop.get("name") or "Workshop")
    pdf = _Document(f"Pilot shortlist · {name}", f"Exported {_today()}", compress)
    pdf.alias_nb_pages(_NB_ALIAS)
    pdf.add_page()

    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, "PILOT SHORTLIST", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*INK)
    for line in _wrap(pdf, pdf_text(name), pdf.epw, 2):
        pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    details = _workshop_line(workshop) + [("Exported", _today())]
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    meta = "   ·   ".join(f"{label}: {value}" for label, value in details)
    for line in _wrap(pdf, pdf_text(meta), pdf.epw, 2):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.l_margin + 30, pdf.get_y() + 2)
    pdf.set_line_width(0.2)
    pdf.ln(5)

    if records:
        top = records[0]
        departments = {d for r in records for d in _as_list(r.get("departments"))}
        pain_points = sum(int(r.get("member_count") or 0) for r in records if not _is_missing(r.get("member_count")))
        summary = (
            f"{len(records):,} candidate workflows were ranked"
            + (f", built from {pain_points:,} pain points" if pain_points else "")
            + (f" reported by {len(departments)} departments" if departments else "")
            + f". The strongest candidate for a first pilot is “{top.get('title')}”, with a score of "
            f"{_fmt_number(top.get('score'), 1)} out of 100"
            + (f", costing about {_fmt_number(top.get('hours_per_year'))} hours a year" if not _is_missing(top.get('hours_per_year')) else "")
            + "."
        )
        _paragraph(pdf, summary, size=10)
        _heading(pdf, "Value and ease", space_before=2)
        _paragraph(pdf, "Each bubble is a candidate workflow; the numbers are ranks. Quick wins, "
                   "top right, are valuable and easy; big bets are valuable but harder.", size=8.5,
                   colour=MUTED)
        matrix = value_ease_figure(shortlist)
        _image(pdf, figure_png(matrix), pdf.epw, _figure_aspect(matrix))

    _heading(pdf, "Ranked shortlist")
    if not records:
        _paragraph(pdf, "No candidate workflows were ranked.")
    else:
        columns = [("#", 8, "R"), ("Candidate workflow", 50, "L"), ("Score", 12, "R"),
                   ("Hours a year", 15, "R"), ("Departments", 29, "L"), ("Owner", 22, "L"),
                   ("Data", 18, "L"), ("Stability", 22, "L")]
        scale = pdf.epw / sum(w for _, w, _ in columns)
        columns = [(h, w * scale, a) for h, w, a in columns]
        rows = [[
            _fmt_number(r.get("rank")), str(r.get("title") or ""), _fmt_number(r.get("score"), 1),
            _fmt_number(r.get("hours_per_year")), ", ".join(_as_list(r.get("departments"))),
            str(r.get("owner") or "") if not _is_missing(r.get("owner")) else "",
            str(r.get("data_class") or ""), _stability_text(r),
        ] for r in shown]
        for row in rows:
            row[5] = row[5] or "none yet"
        _table(pdf, columns, rows, dot_column=6)
        if len(shown) < len(records):
            _paragraph(pdf, f"{len(records) - len(shown):,} more candidates are listed in the "
                       "spreadsheet export.", size=8.5, colour=MUTED)

    if records:
        top = records[0]
        _heading(pdf, f"Why “{top.get('title')}” ranks first")
        explanation = top.get("explanation")
        if not _is_missing(explanation) and str(explanation).strip():
            _paragraph(pdf, str(explanation))
        if any(f"contribution_{k}" in top for k in criterion_keys(shortlist, weights)):
            chart = contribution_figure(top, weights, labels)
            _image(pdf, figure_png(chart), pdf.epw * 0.92, _figure_aspect(chart))
        kpi = _kpi_text(top)
        _paragraph(pdf, f"Owner: {top.get('owner') or 'none yet'}.   Measure of success: {kpi}.",
                   size=9)

    flagged = [r for r in shown if _as_list(r.get("flags"))]
    if flagged:
        _heading(pdf, "Flags to resolve")
        _table(pdf, [("#", pdf.epw * 0.06, "R"), ("Candidate workflow", pdf.epw * 0.38, "L"),
                     ("Flags", pdf.epw * 0.56, "L")],
               [[_fmt_number(r.get("rank")), str(r.get("title") or ""), join_sentences(_as_list(r.get("flags")))]
                for r in flagged], max_lines=4)

    items = _excluded_items(excluded)
    if items:
        _heading(pdf, "Left off the shortlist")
        _table(pdf, [("Candidate workflow", pdf.epw * 0.44, "L"), ("Why", pdf.epw * 0.56, "L")],
               [[title, reasons or "excluded by a rule"] for title, reasons in items], max_lines=4)

    _heading(pdf, "How the ranking works")
    for paragraph in _method_paragraphs(weights, labels, gates):
        _paragraph(pdf, paragraph)
    if weights:
        total = sum(float(w) for w in weights.values()) or 1.0
        _table(pdf, [("Criterion", pdf.epw * 0.5, "L"), ("Weight", pdf.epw * 0.2, "R"),
                     ("Share of the score", pdf.epw * 0.3, "R")],
               [[_label(labels, k), f"{float(w):.3g}", f"{float(w) / total * 100:.0f}%"]
                for k, w in weights.items()], size=8.5)
    if gates:
        _table(pdf, [("Rule", pdf.epw * 0.4, "L"), ("What it does", pdf.epw * 0.6, "L")],
               [[gate_label(g), _gate_action(a)] for g, a in gates.items()], size=8.5)
    return pdf


# --- the pilot charter --------------------------------------------------------------------


def _charter_label(name: str) -> str:
    return CHARTER_FIELDS_BY_NAME[name].label


def _number_or_none(value: object) -> float | None:
    if _is_missing(value) or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _charter_kpi(charter: dict) -> tuple[str, str, str]:
    unit = str(charter.get("kpi_unit") or "")
    baseline = _number_or_none(charter.get("kpi_baseline"))
    target = _number_or_none(charter.get("kpi_target"))
    return (
        str(charter.get("kpi_metric") or "") or "To be chosen",
        format_amount(baseline, unit) if baseline is not None else "To be measured",
        format_amount(target, unit) if target is not None else "To be agreed",
    )


def charter_markdown(charter: dict) -> str:
    """The pilot charter as Markdown (escaped; not limited to one page)."""
    metric, baseline, target = _charter_kpi(charter)
    data_class = str(charter.get("data_class") or "green")
    lines = [f"# Pilot charter: {escape_markdown(charter.get('title'))}", ""]
    context = [("Workshop", charter.get("workshop_name")), ("Organisation", charter.get("organisation")),
               ("Date", charter.get("workshop_date")), ("Facilitator", charter.get("facilitator"))]
    context_text = " · ".join(f"**{k}:** {escape_markdown(v)}" for k, v in context if v)
    if context_text:
        lines += [context_text, ""]
    if charter.get("rank") is not None and not _is_missing(charter.get("rank")):
        score = _number_or_none(charter.get("score"))
        lines += [f"Ranked {int(charter['rank'])} on the workshop's shortlist"
                  + (f" with a score of {score:.1f} out of 100." if score is not None else "."), ""]
    hours = _number_or_none(charter.get("hours_per_year"))
    facts = [
        ("Owner", escape_markdown(charter.get("owner")) or "none yet"),
        ("Departments", escape_markdown(", ".join(_as_list(charter.get("departments"))))),
        ("People who do this work", _fmt_number(charter.get("people_affected"))),
        ("Hours lost a year", _fmt_number(hours) if hours is not None else ""),
        ("Data class", escape_markdown(DATA_CLASSES.get(data_class, data_class))),
        ("Where the information lives", escape_markdown(charter.get("data_location")) or "to be confirmed"),
        ("Measure of success (KPI)", escape_markdown(metric)),
        ("Baseline (today)", escape_markdown(baseline)),
        ("Target", escape_markdown(target)),
    ]
    lines += ["| | |", "|---|---|"] + [f"| **{k}** | {v} |" for k, v in facts] + [""]
    lines += [f"## {_charter_label('problem')}", ""]
    problem = [p for p in str(charter.get("problem") or "").split("\n") if p.strip()]
    lines += [f"> {escape_markdown(p)}\n>" for p in problem] or ["Not recorded."]
    lines.append("")
    if str(charter.get("desired_outcome") or "").strip():
        lines += [f"## {_charter_label('desired_outcome')}", ""]
        lines += [escape_markdown(p) + "\n" for p in str(charter["desired_outcome"]).split("\n") if p.strip()]
    lines += ["## Plan and success gates", "", "| Phase | When | Objective | Success gate |",
              "|---|---|---|---|"]
    for phase in charter.get("phases") or []:
        lines.append(f"| {escape_markdown(phase.get('name'))} | {escape_markdown(phase.get('timing'))} | "
                     f"{escape_markdown(phase.get('objective'))} | {escape_markdown(phase.get('success_gate'))} |")
    lines.append("")
    lines += [f"## {_charter_label('risks')}", ""]
    lines += [f"- {escape_markdown(r)}" for r in _as_list(charter.get("risks"))] or ["None recorded."]
    lines += ["", "## Sign-off", "", "Owner: ____________________   Sponsor: ____________________   "
              "Date: ____________", ""]
    return "\n".join(lines)


# How much of each part the one printed page may hold, loosest first. The problem text
# then takes whatever room is left, up to `problem` lines.
_CHARTER_LAYOUTS = (
    dict(size=9.0, problem=24, outcome=3, phase=6, risks=6, risk_lines=2),
    dict(size=8.6, problem=20, outcome=3, phase=4, risks=5, risk_lines=2),
    dict(size=8.2, problem=16, outcome=2, phase=4, risks=4, risk_lines=2),
    dict(size=7.8, problem=12, outcome=2, phase=3, risks=3, risk_lines=1),
    dict(size=7.4, problem=8, outcome=1, phase=3, risks=3, risk_lines=1),
)
_MIN_PROBLEM_LINES = 3
CHARTER_DATA_CLASS_TEXT = {
    "green": "Green: safe to use as it is",
    "amber": "Amber: sensitive, use with care and permission",
    "red": "Red: regulated or confidential, not usable as it is",
}
_SIGN_OFF_HEIGHT = 16.0


def charter_pdf(charter: dict, compress: bool = True) -> bytes:
    """The pilot charter on exactly one A4 page; long text is shortened with …"""
    return bytes(_build_charter(charter, compress).output())


def _charter_document(compress: bool) -> FPDF:
    pdf = _Document(compress=compress)
    pdf.show_chrome = False
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 13, 15)
    return pdf


def _build_charter(charter: dict, compress: bool = True) -> FPDF:
    # Measure each layout, loosest first, on pages of a scratch document (fonts load once),
    # with the problem text at its minimum; the first that fits gives the problem text the
    # room left over. The chosen layout is then drawn on a fresh one-page document.
    scratch = _charter_document(compress)
    chosen = _CHARTER_LAYOUTS[-1] | {"problem": _MIN_PROBLEM_LINES}  # capped: always fits
    for layout in _CHARTER_LAYOUTS:
        slack = _render_charter(scratch, charter, layout | {"problem": _MIN_PROBLEM_LINES})
        if slack >= 0:
            extra = int(slack // (layout["size"] * 0.47))
            chosen = layout | {"problem": min(layout["problem"], _MIN_PROBLEM_LINES + extra)}
            break
    pdf = _charter_document(compress)
    _render_charter(pdf, charter, chosen)
    return pdf


def _render_charter(pdf: FPDF, charter: dict, layout: dict) -> float:
    """Draw the charter on a new page of `pdf`; returns the room left above the sign-off
    (negative when the content runs into it)."""
    size = layout["size"]
    line = size * 0.47
    pdf.add_page()
    epw = pdf.epw
    bottom = pdf.h - 12 - _SIGN_OFF_HEIGHT

    # Kicker and context
    pdf.set_xy(pdf.l_margin, 12)
    pdf.set_font(FONT, "B", 8)
    pdf.set_text_color(*MUTED)
    pdf.cell(epw / 3, 4, "PILOT CHARTER")
    context = " · ".join(str(v) for v in (charter.get("organisation"), charter.get("workshop_name"),
                                         charter.get("workshop_date")) if v)
    pdf.set_font(FONT, "", 8)
    pdf.set_xy(pdf.l_margin + epw / 3, 12)
    pdf.cell(epw * 2 / 3, 4, _fit(pdf, pdf_text(context), epw * 2 / 3), align="R")
    pdf.set_y(17.5)
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*INK)
    for text in _wrap(pdf, pdf_text(charter.get("title") or "Pilot"), epw, 2):
        pdf.cell(epw, 7.6, text, new_x="LMARGIN", new_y="NEXT")
    rank = charter.get("rank")
    if rank is not None and not _is_missing(rank):
        score = _number_or_none(charter.get("score"))
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(epw, 4.6, f"Ranked {int(rank)} on the workshop's shortlist"
                 + (f", score {score:.1f} of 100" if score is not None else ""),
                 new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1.5, pdf.l_margin + 26, pdf.get_y() + 1.5)
    pdf.set_line_width(0.2)
    pdf.ln(4.5)

    # Key facts: two rows of three boxes
    data_class = str(charter.get("data_class") or "green")
    hours = _number_or_none(charter.get("hours_per_year"))
    facts = [
        ("Owner", str(charter.get("owner") or "") or "None yet: to be named"),
        ("Departments", ", ".join(_as_list(charter.get("departments"))) or "Not recorded"),
        ("People who do this work", _fmt_number(charter.get("people_affected")) or "Not recorded"),
        ("Hours lost a year", _fmt_number(hours) if hours is not None else "Not recorded"),
        ("Data class", CHARTER_DATA_CLASS_TEXT.get(data_class, data_class)),
        ("Where the information lives", str(charter.get("data_location") or "") or "To be confirmed"),
    ]
    box_width = (epw - 2 * 3) / 3
    for row_start in (0, 3):
        y = pdf.get_y()
        heights = []
        for index in range(3):
            label, value = facts[row_start + index]
            x = pdf.l_margin + index * (box_width + 3)
            pdf.set_xy(x, y)
            pdf.set_font(FONT, "B", 7)
            pdf.set_text_color(*MUTED)
            pdf.cell(box_width, 3.6, label.upper())
            pdf.set_font(FONT, "", size)
            pdf.set_text_color(30, 36, 44)
            offset = 3.6 if label == "Data class" else 0.0
            if offset:
                _dot(pdf, x, y + 4.2 + line / 2 - 1.3, data_class)
            lines = _wrap(pdf, pdf_text(value), box_width - offset, 2)
            for number, text in enumerate(lines):
                pdf.set_xy(x + offset, y + 4.2 + number * line)
                pdf.cell(box_width - offset, line, text)
            heights.append(4.2 + len(lines) * line)
        pdf.set_y(y + max(heights) + 2.2)

    # KPI band
    metric, baseline, target = _charter_kpi(charter)
    y = pdf.get_y() + 0.5
    pdf.set_font(FONT, "", size + 0.6)
    metric_lines = _wrap(pdf, pdf_text(metric), epw * 0.52 - 4, 2)
    band = 4.4 + len(metric_lines) * (line + 0.3) + 3
    pdf.set_fill_color(*HEAD_FILL)
    pdf.rect(pdf.l_margin, y, epw, band, style="F")
    for x, width, label, lines in (
        (pdf.l_margin + 3, epw * 0.52 - 4, "MEASURE OF SUCCESS (KPI)", metric_lines),
        (pdf.l_margin + epw * 0.54, epw * 0.21, "BASELINE (TODAY)", [baseline]),
        (pdf.l_margin + epw * 0.77, epw * 0.21, "TARGET", [target]),
    ):
        pdf.set_xy(x, y + 1.8)
        pdf.set_font(FONT, "B", 7)
        pdf.set_text_color(*MUTED)
        pdf.cell(width, 3.4, label)
        pdf.set_font(FONT, "B", size + 0.6)
        pdf.set_text_color(*INK)
        for number, text in enumerate(lines):
            pdf.set_xy(x, y + 5.6 + number * (line + 0.3))
            pdf.cell(width, line + 0.3, _fit(pdf, pdf_text(text), width))
    pdf.set_y(y + band + 1)

    def section(title: str) -> None:
        pdf.ln(2.2)
        pdf.set_font(FONT, "B", 10)
        pdf.set_text_color(*INK)
        pdf.cell(epw, 5, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.6)

    def block(text: str, max_lines: int, style: str = "") -> None:
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(40, 48, 56)
        for text_line in _wrap(pdf, pdf_text(text), epw, max_lines):
            pdf.cell(epw, line, text_line, new_x="LMARGIN", new_y="NEXT")

    section(_charter_label("problem"))
    block(str(charter.get("problem") or "Not recorded."), layout["problem"], "I")
    outcome = str(charter.get("desired_outcome") or "").strip()
    if outcome:
        section(_charter_label("desired_outcome"))
        block(outcome, layout["outcome"])

    section("Plan and success gates")
    phase_columns = [("Phase", epw * 0.17, "L"), ("Objective", epw * 0.415, "L"),
                     ("Success gate", epw * 0.415, "L")]
    phase_rows = [[f"{p.get('name', '')}\n{p.get('timing', '')}", str(p.get("objective") or ""),
                   str(p.get("success_gate") or "")] for p in charter.get("phases") or []]
    _table(pdf, phase_columns, phase_rows, size=size - 0.7, max_lines=layout["phase"])

    risks = _as_list(charter.get("risks"))
    section(_charter_label("risks"))
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(40, 48, 56)
    shown = risks[: layout["risks"]]
    for risk in shown:
        lines = _wrap(pdf, pdf_text(risk), epw - 5, layout["risk_lines"])
        for number, text in enumerate(lines):
            pdf.set_x(pdf.l_margin)
            pdf.cell(5, line, "•" if number == 0 else "")
            pdf.cell(epw - 5, line, text, new_x="LMARGIN", new_y="NEXT")
    if len(risks) > len(shown):
        pdf.set_text_color(*MUTED)
        pdf.cell(epw, line, f"…and {len(risks) - len(shown)} more in the charter file.",
                 new_x="LMARGIN", new_y="NEXT")
    if not risks:
        pdf.cell(epw, line, "None recorded.", new_x="LMARGIN", new_y="NEXT")
    slack = bottom - pdf.get_y()

    # Sign-off, fixed at the foot of the page
    y = pdf.h - 12 - _SIGN_OFF_HEIGHT + 4
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, y, pdf.l_margin + epw, y)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*MUTED)
    width = epw / 3
    for index, label in enumerate(("Owner", "Sponsor", "Date")):
        x = pdf.l_margin + index * width
        pdf.set_draw_color(150, 160, 170)
        pdf.line(x, y + 9, x + width - 8, y + 9)
        pdf.set_xy(x, y + 9.6)
        pdf.cell(width - 8, 3.6, label)
    return slack
