"""Import pain points from a CSV or XLSX file: read, match columns, check every row.

Pure functions over bytes and DataFrames; nothing here writes anywhere. The page reads the
upload, calls `read_table`, lets the facilitator confirm `suggest_mapping`, shows the
`check_rows` report, and stores `report.rows` in one transaction only when the facilitator
confirms. A file that cannot be read raises `ImportProblem` with a message for a person.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aiadopt.domain.fields import CUSTOMER_IMPACT_LEVELS, FIELDS_BY_NAME, PAIN_POINT_FIELDS
from aiadopt.domain.pain_points import clean_text, validate_fields

MAX_BYTES = 5_000_000
MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_UNZIPPED_BYTES = 200_000_000  # a 5 MB workbook that unpacks to more than this is a zip bomb
DEPARTMENT_HEADER = "Department"
ROW_INDEX_NAME = "row"  # read_table's index: the row number a person sees in the spreadsheet

TEMPLATE_HEADERS: tuple[str, ...] = (DEPARTMENT_HEADER,) + tuple(s.label for s in PAIN_POINT_FIELDS)
MAPPING_KEYS: tuple[str, ...] = ("department",) + tuple(s.name for s in PAIN_POINT_FIELDS)

# A leading apostrophe is how exports neutralise text that a spreadsheet would run as a
# formula; reading our own export back removes it again.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r\n])")


class ImportProblem(ValueError):
    """A file that cannot be imported, with a message for the person who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- templates ----------------------------------------------------------------------------

EXAMPLE_ROW: dict[str, object] = {
    "department": "Finance",
    "title": "Re-keying supplier invoices",
    "description": "Every supplier invoice arrives by email and is typed into the finance "
    "system by hand. About one in ten has a typing mistake that someone finds weeks later.",
    "reporter": "",
    "trigger": "A supplier invoice arrives by email",
    "current_steps": "Open the email\nType the invoice into the finance system\nFile the PDF",
    "systems_used": "email, finance system, shared spreadsheet",
    "frequency_count": 20,
    "frequency_period": "week",
    "minutes_per_occurrence": 15,
    "people_count": 3,
    "error_rate_pct": 10,
    "waits_on_other_teams": "yes",
    "waits_on_teams": "Purchasing",
    "customer_impact": CUSTOMER_IMPACT_LEVELS[1],
    "io_clarity": 4,
    "rule_based": 4,
    "severity": 4,
    "change_readiness": 4,
    "data_location": "supplier emails, finance system",
    "data_availability": 3,
    "data_quality": 3,
    "data_sensitivity": "amber",
    "desired_outcome": "Invoices posted the day they arrive",
    "kpi_metric": "minutes to process one invoice",
    "kpi_unit": "minutes",
    "kpi_baseline": 15,
    "kpi_target": 5,
    "owner_name": "",
}


def _template_frame() -> pd.DataFrame:
    row = [EXAMPLE_ROW[key] for key in MAPPING_KEYS]
    return pd.DataFrame([row], columns=list(TEMPLATE_HEADERS), dtype=object)


def template_csv() -> bytes:
    """An empty import file with every column heading and one example row (UTF-8, Excel-ready)."""
    return _csv_bytes(_template_frame())


def template_xlsx() -> bytes:
    """The import template as a workbook: a 'Pain points' sheet and a 'Help' sheet per column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pain points"
    frame = _template_frame()
    sheet.append(list(frame.columns))
    sheet.append([None if v == "" else v for v in frame.iloc[0].tolist()])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF4")
    for index, header in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(header) + 2, 14), 40)
    for cell in sheet[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("Help")
    help_sheet.append(["Column", "What to write", "Unit", "Allowed values", "Required"])
    help_sheet.append([DEPARTMENT_HEADER, "The department this pain point belongs to. It must "
                       "already exist in the workshop.", "", "", "yes"])
    for spec in PAIN_POINT_FIELDS:
        allowed = ""
        if spec.name == "customer_impact":
            allowed = "; ".join(CUSTOMER_IMPACT_LEVELS.values())
        elif spec.choices:
            allowed = ", ".join(str(c) for c in spec.choices)
        elif spec.kind == "flag":
            allowed = "yes, no"
        elif spec.minimum is not None:
            allowed = f"{spec.minimum:g} to {spec.maximum:,g}"
        help_sheet.append([spec.label, spec.help, spec.unit, allowed, "yes" if spec.required else ""])
    for cell in help_sheet[1]:
        cell.font = bold
        cell.fill = fill
    for letter, width in zip("ABCDE", (34, 80, 16, 40, 10)):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    text = frame.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def pain_points_to_table(pain_points: list[dict]) -> pd.DataFrame:
    """Pain points with the template's human headings, so an export can be imported again."""
    records = []
    for point in pain_points:
        record = [_missing_to_none(point.get("department"))]
        for spec in PAIN_POINT_FIELDS:
            value = _missing_to_none(point.get(spec.name))
            if spec.kind == "flag" and value is not None:
                value = "yes" if bool(value) else "no"
            elif spec.name == "customer_impact" and value is not None:
                value = CUSTOMER_IMPACT_LEVELS.get(int(value), value)
            elif spec.kind in ("integer", "scale") and isinstance(value, float) and value.is_integer():
                value = int(value)
            record.append(value)
        records.append(record)
    return pd.DataFrame(records, columns=list(TEMPLATE_HEADERS), dtype=object)


def _missing_to_none(value: object) -> object:
    if value is None or isinstance(value, (str, bool, list, tuple, dict)):
        return value
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


# --- reading a file -----------------------------------------------------------------------


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:,.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:,.0f} KB"
    return f"{n:,} bytes"


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "This file is a program, not a spreadsheet. Upload a CSV or Excel (.xlsx) file."),
    (b"%PDF", "This file is a PDF. Upload the pain points as a CSV or Excel (.xlsx) file."),
    (b"\xd0\xcf\x11\xe0", "This is an older Excel file (.xls). Open it in Excel or LibreOffice, "
     "save it as .xlsx or CSV, and upload that."),
    (b"\x89PNG", "This file is an image. Upload a CSV or Excel (.xlsx) file."),
    (b"\xff\xd8\xff", "This file is an image. Upload a CSV or Excel (.xlsx) file."),
    (b"GIF8", "This file is an image. Upload a CSV or Excel (.xlsx) file."),
    (b"{\\rtf", "This file is a text document. Upload a CSV or Excel (.xlsx) file."),
    (b"\x1f\x8b", "This file is compressed. Unpack it and upload the CSV or Excel (.xlsx) file inside."),
)


def read_table(data: bytes, filename: str = "", max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """The rows of an uploaded CSV or XLSX file as text and numbers; raises ImportProblem.

    The file type is decided by content, not by name. The index (named "row") holds the row
    number a person sees in the spreadsheet, the heading row being row 1 when it is first.
    `frame.attrs["notes"]` lists anything worth telling (merged cells filled, the sheet used).
    """
    size = len(data or b"")
    if size > max_bytes:
        raise ImportProblem(
            f"The file is {_size(size)}; the limit is {_size(max_bytes)}. "
            "Split it into smaller files, or remove columns you do not need, and upload again."
        )
    if size == 0 or not data.strip():
        raise ImportProblem("The file is empty. Fill in the template and upload it again.")
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise ImportProblem(message)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        frame = _read_xlsx(data)
    else:
        frame = _read_csv(data, filename)
    return frame


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")  # Excel's "Unicode text" export
        except UnicodeDecodeError:
            raise ImportProblem("The file says it is Unicode text but parts of it are damaged. "
                                "Save it again as CSV (UTF-8) and upload that.") from None
    if b"\x00" in data[:65536]:
        raise ImportProblem("This file is not a spreadsheet: it holds binary data. "
                            "Upload a CSV or Excel (.xlsx) file.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Excel on Windows writes for "CSV"
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls > max(3, len(sample) // 100)


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon, tab or bar: the one that splits the first rows most consistently."""
    sample = text[:65536]
    best, best_score = ",", (0.0, 1)
    for delimiter in (",", ";", "\t", "|"):
        try:
            rows = []
            for row in csv.reader(io.StringIO(sample), delimiter=delimiter):
                if any(cell.strip() for cell in row):
                    rows.append(row)
                if len(rows) >= 30:
                    break
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        # The last sampled row may be cut in half; judge on the complete ones.
        judged = rows[:-1] if len(rows) > 2 and len(sample) < len(text) else rows
        score = (sum(1 for r in judged if len(r) == width) / len(judged), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, filename: str) -> pd.DataFrame:
    text = _decode(data)
    if _looks_binary(text):
        raise ImportProblem("This file is not a spreadsheet: it holds binary data. "
                            "Upload a CSV or Excel (.xlsx) file.")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        raise ImportProblem("This file is a web page. Upload a CSV or Excel (.xlsx) file.")
    delimiter = _sniff_delimiter(text)
    records: list[tuple[int, list]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            records.append((number, [_cell(value) for value in row]))
    except csv.Error as error:
        raise ImportProblem(
            f"Row {reader.line_num} of the file could not be read as CSV ({error}). "
            "Open it in a spreadsheet program, save it as CSV again and upload it."
        ) from None
    name = "CSV" if not filename.lower().endswith((".xlsx", ".xlsm")) else "text (CSV)"
    notes = [f"Read as {name}, columns separated by {_DELIMITER_NAMES[delimiter]}."]
    return _frame_from_records(records, notes)


_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _cell(value: object) -> object:
    """A cell as read: text trimmed (empty as None), dates as ISO text, numbers as numbers."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().replace("\x00", "")
        if not text:
            return None
        return _NEUTRALISED.sub("", text)
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 60.0
    return value


def _column_name(index: int) -> str:
    return f"Column {get_column_letter(index + 1)}"


def _frame_from_records(records: list[tuple[int, list]], notes: list[str]) -> pd.DataFrame:
    """Heading row, data rows (with their spreadsheet numbers), checks common to CSV and XLSX."""
    rows = [(n, r) for n, r in records if any(v is not None for v in r)]
    if not rows:
        raise ImportProblem("The file is empty. Fill in the template and upload it again.")
    header_number, header = rows[0]
    body = rows[1:]
    if not body:
        raise ImportProblem("The file has column headings but no rows of pain points below them. "
                            "Add at least one row and upload again.")
    if len(body) > MAX_ROWS:
        raise ImportProblem(
            f"The file has {len(body):,} rows of pain points; one import takes at most "
            f"{MAX_ROWS:,}. Split it into smaller files and import them one after the other."
        )
    width = max(len(r) for _, r in rows)
    # Drop trailing columns with neither a heading nor any value.
    while width > 0 and all(len(r) < width or r[width - 1] is None for _, r in rows):
        width -= 1
    if width > MAX_COLUMNS:
        raise ImportProblem(f"The file has {width:,} columns; the template has "
                            f"{len(TEMPLATE_HEADERS)}. Remove the columns you do not need.")
    names: list[str] = []
    for index in range(width):
        value = header[index] if index < len(header) else None
        text = clean_text(value) if value is not None else ""
        names.append(text or _column_name(index))
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        key = " ".join(name.casefold().split())
        if key in seen:
            first = get_column_letter(seen[key] + 1)
            raise ImportProblem(
                f"Two columns have the heading “{name}” (columns {first} and "
                f"{get_column_letter(index + 1)}). Rename or remove one of them and upload again."
            )
        seen[key] = index
    data = [(list(r) + [None] * width)[:width] for _, r in body]
    frame = pd.DataFrame(data, columns=names, dtype=object,
                         index=pd.Index([n for n, _ in body], name=ROW_INDEX_NAME))
    if header_number != 1:
        notes.append(f"The column headings were found on row {header_number}.")
    frame.attrs["notes"] = notes
    return frame


def _read_xlsx(data: bytes) -> pd.DataFrame:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.namelist()
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportProblem("This file looks like an Excel file but it is damaged. Open it in "
                            "Excel or LibreOffice, save it again and upload it.") from None
    if "xl/workbook.xml" not in members:
        if "content.xml" in members:
            raise ImportProblem("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx "
                                "or CSV and upload that.")
        if "word/document.xml" in members:
            raise ImportProblem("This is a Word document. Upload a CSV or Excel (.xlsx) file.")
        raise ImportProblem("This is a zip archive, not an Excel workbook. Upload a CSV or "
                            "Excel (.xlsx) file.")
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ImportProblem(f"This workbook unpacks to {_size(unzipped)}, far more than a list "
                            "of pain points needs. Copy the rows into a new workbook and upload that.")
    sheet_xml = [m for m in members if m.startswith("xl/worksheets/") and m.endswith(".xml")]
    has_merged = any(b"<mergeCell " in archive.read(m) for m in sheet_xml)
    has_formulas = any(re.search(rb"<(?:\w+:)?f[ >/]", archive.read(m)) for m in sheet_xml)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
        try:
            values_book = load_workbook(io.BytesIO(data), data_only=True, read_only=not has_merged)
            formula_book = (load_workbook(io.BytesIO(data), data_only=False, read_only=True)
                            if has_formulas else None)
        except Exception:  # openpyxl raises many types for damaged files
            raise ImportProblem("This Excel file could not be opened; it may be damaged or "
                                "protected with a password. Save it again without a password "
                                "and upload it.") from None
    try:
        sheet = _choose_sheet(values_book)
        notes = []
        if len(values_book.sheetnames) > 1:
            notes.append(f"Read the sheet “{sheet.title}”.")
        records = _sheet_records(sheet)
        if has_merged and getattr(sheet, "merged_cells", None) and sheet.merged_cells.ranges:
            ranges = list(sheet.merged_cells.ranges)
            _fill_merged(records, ranges)
            notes.append("Merged cells were filled with the value of their first cell ("
                         + ", ".join(str(r) for r in ranges[:5]) + ("…" if len(ranges) > 5 else "") + ").")
        if formula_book is not None:
            _refuse_formulas_without_values(formula_book[sheet.title], records)
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()
    return _frame_from_records(records, notes)


def _choose_sheet(book):
    worksheets = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    worksheets = worksheets or list(book.worksheets)
    for sheet in worksheets:
        if sheet.title.strip().casefold() == "pain points":
            return sheet
    for sheet in worksheets:
        for row in sheet.iter_rows(values_only=True, max_row=50):
            if any(v is not None and str(v).strip() for v in row):
                return sheet
    if not worksheets:
        raise ImportProblem("The workbook has no sheets with rows in it.")
    return worksheets[0]


def _sheet_records(sheet) -> list[tuple[int, list]]:
    if hasattr(sheet, "reset_dimensions"):
        # Read-only sheets trust the file's stated size; a wrong one (A1:XFD1048576) would pad
        # every row to 16,384 cells. Read the rows that are really there instead.
        sheet.reset_dimensions()
    records: list[tuple[int, list]] = []
    data_rows = 0
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if len(row) > 16_384:
            row = row[:16_384]
        values = [_cell(v) for v in row]
        if any(v is not None for v in values):
            data_rows += 1
            # Stop reading early: the count in the message only has to show it is too many.
            if data_rows > MAX_ROWS + 1:
                raise ImportProblem(
                    f"The file has more than {MAX_ROWS:,} rows of pain points; one import takes "
                    f"at most {MAX_ROWS:,}. Split it into smaller files and import them one "
                    "after the other."
                )
        records.append((number, values))
    return records


def _fill_merged(records: list[tuple[int, list]], ranges) -> None:
    by_number = {number: values for number, values in records}
    for merged in ranges:
        top = by_number.get(merged.min_row)
        if top is None or merged.min_col - 1 >= len(top):
            continue
        value = top[merged.min_col - 1]
        for row_number in range(merged.min_row, merged.max_row + 1):
            values = by_number.get(row_number)
            if values is None:
                continue
            if len(values) < merged.max_col:
                values.extend([None] * (merged.max_col - len(values)))
            for col in range(merged.min_col, merged.max_col + 1):
                values[col - 1] = value


def _refuse_formulas_without_values(formula_sheet, records: list[tuple[int, list]]) -> None:
    """Formulas are never calculated here: their saved results are used, or the file is refused."""
    values = {number: row for number, row in records}
    missing = []
    if hasattr(formula_sheet, "reset_dimensions"):
        formula_sheet.reset_dimensions()
    for number, row in enumerate(formula_sheet.iter_rows(), start=1):
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                saved = values.get(number, [])
                index = cell.column - 1
                if index >= len(saved) or saved[index] is None:
                    missing.append(f"{cell.column_letter}{number}")
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5:,} more" if len(missing) > 5 else "")
        raise ImportProblem(
            f"Some cells hold formulas without a saved result ({shown}). Formulas are not "
            "calculated on import: open the file in Excel or LibreOffice, save it (which stores "
            "the results), or paste the cells as values, then upload again."
        )


# --- matching columns to fields -----------------------------------------------------------


def _normalise(text: object) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return re.sub(r"[^0-9a-z]", "", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


SYNONYMS: dict[str, tuple[str, ...]] = {
    "department": ("department", "dept", "departement", "team", "businessunit", "division",
                   "function", "departmentname"),
    "title": ("title", "painpoint", "problem", "issue", "summary", "subject", "name of problem"),
    "description": ("description", "details", "detail", "problemdescription", "whathappens"),
    "reporter": ("reporter", "yourname", "name", "reportedby", "submittedby", "author", "who"),
    "trigger": ("trigger", "whatstartsit", "startevent", "starts"),
    "current_steps": ("steps", "currentsteps", "process", "howitisdone", "howitisdonetoday"),
    "systems_used": ("systems", "systemsused", "tools", "toolsused", "software", "systemsandtools"),
    "frequency_count": ("frequency", "howoften", "howmanytimes", "count", "times", "occurrences",
                        "volume", "frequencycount"),
    "frequency_period": ("per", "period", "frequencyperiod", "perperiod", "timeframe", "every"),
    "minutes_per_occurrence": ("minutes", "mins", "min", "duration", "minutesperoccurrence",
                               "timetaken", "minuteseach", "minuteseachtime", "timeperoccurrence"),
    "people_count": ("people", "peoplecount", "headcount", "numberofpeople", "staff", "fte"),
    "error_rate_pct": ("errorrate", "errors", "error", "rework", "errorratepct", "errorpct"),
    "waits_on_other_teams": ("waits", "waiting", "waitsonotherteams", "dependsonotherteams"),
    "waits_on_teams": ("whichteams", "teamswaitedon", "waitsonteams", "otherteams"),
    "customer_impact": ("customerimpact", "effectoncustomers", "customer", "customers"),
    "io_clarity": ("clarity", "ioclarity", "inputsandoutputs", "inputsoutputs"),
    "rule_based": ("rulebased", "rules", "rulesorjudgement", "judgement"),
    "severity": ("severity", "pain", "howmuchithurts"),
    "change_readiness": ("readiness", "changereadiness", "readinesstochange"),
    "data_location": ("datalocation", "datasource", "wheredatalives", "wheretheinformationlives"),
    "data_availability": ("dataavailability", "availability"),
    "data_quality": ("dataquality", "quality"),
    "data_sensitivity": ("datasensitivity", "sensitivity", "dataclass", "classification"),
    "desired_outcome": ("desiredoutcome", "outcome", "goal", "whatgoodwouldlooklike"),
    "kpi_metric": ("kpi", "kpimetric", "metric", "measure", "measureofsuccess", "kpimeasure"),
    "kpi_unit": ("kpiunit", "unit", "unitofthemeasure"),
    "kpi_baseline": ("baseline", "kpibaseline", "todaysvalue", "currentvalue"),
    "kpi_target": ("target", "kpitarget", "targetvalue"),
    "owner_name": ("owner", "ownername", "volunteer", "whowouldownit"),
}


def _names_for(key: str) -> tuple[set[str], set[str]]:
    """(exact names: the field name and its label; synonyms) for one mapping key."""
    label = DEPARTMENT_HEADER if key == "department" else FIELDS_BY_NAME[key].label
    exact = {_normalise(key), _normalise(label), _normalise(re.sub(r"\(.*?\)", "", label))}
    return exact, {_normalise(s) for s in SYNONYMS.get(key, ())}


def suggest_mapping(columns) -> dict[str, str | None]:
    """For each pain-point field (and "department"), the column that most likely holds it."""
    columns = [str(c) for c in columns]
    variants = {
        column: {_normalise(column), _normalise(re.sub(r"\(.*?\)|\[.*?\]", "", column))} - {""}
        for column in columns
    }
    mapping: dict[str, str | None] = {key: None for key in MAPPING_KEYS}
    used: set[str] = set()
    names = {key: _names_for(key) for key in MAPPING_KEYS}
    # Exact names first for every field, then synonyms, so "Minutes each time" is never
    # taken by a looser match before its own field looks for it.
    for pass_index in (0, 1):
        for key in MAPPING_KEYS:
            if mapping[key] is not None:
                continue
            wanted = names[key][pass_index]
            for column in columns:
                if column not in used and variants[column] & wanted:
                    mapping[key] = column
                    used.add(column)
                    break
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # pragma: no cover - rapidfuzz is a project dependency
        return mapping
    for key in MAPPING_KEYS:
        if mapping[key] is not None:
            continue
        free = [c for c in columns if c not in used]
        if not free:
            break
        choices = {c: _normalise(c) for c in free}
        targets = names[key][0] | names[key][1]
        best = None
        for target in targets:
            if len(target) < 5:
                continue
            found = process.extractOne(target, choices, scorer=fuzz.ratio, score_cutoff=90)
            if found and (best is None or found[1] > best[1]):
                best = found
        if best:
            mapping[key] = best[2]
            used.add(best[2])
    return mapping


# --- checking rows ------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import would add, and every problem found, by spreadsheet row."""

    rows: list[dict] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    total_rows: int = 0

    @property
    def ok(self) -> bool:
        """True when every row can be imported."""
        return not self.problems

    def problem_table(self) -> pd.DataFrame:
        """The problems as a table with the columns Row, Field, Problem."""
        return pd.DataFrame(self.problems, columns=["Row", "Field", "Problem"])


def _row_key(values: list[object]) -> tuple:
    return tuple("" if v is None else clean_text(v).casefold() if isinstance(v, str) else repr(v)
                 for v in values)


def check_rows(df: pd.DataFrame, mapping: dict, department_names: list[str],
               default_department: str | None = None) -> ImportReport:
    """Check every row against the field rules and the workshop's departments.

    `rows` holds the clean values of the rows without problems (ready for build_pain_point,
    with the matched department name under "department"). Rows are numbered as in the
    spreadsheet: read_table's "row" index, or heading = row 1 for any other frame.
    """
    report = ImportReport(total_rows=len(df))
    mapped = {key: column for key, column in (mapping or {}).items()
              if key in MAPPING_KEYS and column is not None and column in df.columns}
    departments = {clean_text(name).casefold(): name for name in department_names}
    if "title" not in mapped:
        report.problems.append((1, FIELDS_BY_NAME["title"].label,
                                "No column is matched to “Short title”. Choose the column that "
                                "holds the titles."))
    if "department" not in mapped and default_department is None:
        report.problems.append((1, DEPARTMENT_HEADER,
                                "No column is matched to “Department”. Choose that column, or "
                                "choose one department for every row."))
    if report.problems:
        return report
    if df.index.name == ROW_INDEX_NAME:
        numbers = [int(n) for n in df.index]
    else:
        numbers = list(range(2, len(df) + 2))
    keys = list(mapped)
    columns = [mapped[k] for k in keys]
    first_seen: dict[tuple, int] = {}
    names_list = ", ".join(department_names[:12]) + (", …" if len(department_names) > 12 else "")
    for number, values in zip(numbers, df[columns].itertuples(index=False, name=None)):
        values = [_missing_to_none(v) for v in values]
        if all(v is None for v in values):
            continue
        key = _row_key(values)
        if key in first_seen:
            report.problems.append((number, "Whole row",
                                    f"Same as row {first_seen[key]}: remove one of the two."))
            continue
        first_seen[key] = number
        raw = dict(zip(keys, values))
        department_raw = raw.pop("department", None)
        clean, errors = validate_fields(raw)
        row_problems = [(number, FIELDS_BY_NAME[name].label, message)
                        for name, message in errors.items()]
        department_text = clean_text(department_raw) if department_raw is not None else ""
        if not department_text and default_department is not None:
            department_text = default_department
        department = departments.get(department_text.casefold())
        if not department_text:
            row_problems.append((number, DEPARTMENT_HEADER, "Department is needed: write the "
                                 f"name of one of the workshop's departments ({names_list})."))
        elif department is None:
            hint = (f"Use one of: {names_list}, or add it to the workshop first."
                    if department_names else "The workshop has no departments yet: add them first.")
            row_problems.append((number, DEPARTMENT_HEADER,
                                 f"There is no department called “{department_text}” in this "
                                 f"workshop. {hint}"))
        if row_problems:
            report.problems.extend(row_problems)
            continue
        report.rows.append(clean | {"department": department})
        report.row_numbers.append(number)
    return report
