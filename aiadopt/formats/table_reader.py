"""Read an uploaded CSV or XLSX file into a table of text and numbers, or say why it cannot be read.

Everything about the file itself lives here: size, row and column limits, CSV decoding and
delimiter sniffing, XLSX reading with merged cells and saved formula results, and the zip-bomb
check. What the columns and rows mean is `aiadopt.domain.importing`'s business. A file that
cannot be read raises `ImportProblem` with a message for a person.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import time
import unicodedata
import warnings
import zipfile
import zlib

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from aiadopt.domain.importing import ROW_INDEX_NAME, TEMPLATE_HEADERS
from aiadopt.domain.pain_points import clean_text

MAX_BYTES = 5_000_000
MAX_ROWS = 5_000
MAX_COLUMNS = 200
# A workbook whose parts unpack to more than this is refused: 5,000 rows of pain points take a few MB.
# Counted on the bytes really unpacked, as they come, not on what the archive claims.
MAX_UNZIPPED_BYTES = 50_000_000
MAX_SECONDS = 20.0  # reading a file that takes longer than this stops with a message
MAX_MERGED_RANGES = 2_000  # a sheet of pain points merges a few header cells, never thousands
_CHUNK = 1 << 20

# A leading apostrophe is how exports neutralise text that a spreadsheet would run as a
# formula; reading our own export back removes it again.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r\n])")


TOO_MANY_ROWS = (
    f"The file has more than {MAX_ROWS:,} rows of pain points; one import takes at most {MAX_ROWS:,}. "
    "Split it into smaller files and import them one after the other."
)


class ImportProblem(ValueError):
    """A file that cannot be imported, with a message for the person who uploaded it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _size(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:,.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:,.0f} KB"
    return f"{n:,} bytes"


_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "This file is a program, not a spreadsheet. Upload a CSV or Excel (.xlsx) file."),
    (b"%PDF", "This file is a PDF. Upload the pain points as a CSV or Excel (.xlsx) file."),
    (
        b"\xd0\xcf\x11\xe0",
        "This is an older Excel file (.xls). Open it in Excel or LibreOffice, "
        "save it as .xlsx or CSV, and upload that.",
    ),
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
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")  # Excel's "Unicode text" export
        except UnicodeDecodeError:
            raise ImportProblem(
                "The file says it is Unicode text but parts of it are damaged. "
                "Save it again as CSV (UTF-8) and upload that."
            ) from None
    if b"\x00" in data[:65536]:
        raise ImportProblem("This file is not a spreadsheet: it holds binary data. Upload a CSV or Excel (.xlsx) file.")
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
        raise ImportProblem("This file is not a spreadsheet: it holds binary data. Upload a CSV or Excel (.xlsx) file.")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        raise ImportProblem("This file is a web page. Upload a CSV or Excel (.xlsx) file.")
    delimiter = _sniff_delimiter(text)
    records: list[tuple[int, list]] = []
    data_rows = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            if not any(row):
                continue  # a blank line costs nothing (not even a look at its cells): only rows with something are kept
            values = [_cell(value) for value in row]
            if all(v is None for v in values):
                continue
            data_rows += 1
            if data_rows > MAX_ROWS + 1:  # stop reading: the message only has to say it is too many
                raise ImportProblem(TOO_MANY_ROWS)
            records.append((number, values))
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
        raise ImportProblem(
            "The file has column headings but no rows of pain points below them. Add at least one row and upload again."
        )
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
        raise ImportProblem(
            f"The file has {width:,} columns; the template has "
            f"{len(TEMPLATE_HEADERS)}. Remove the columns you do not need."
        )
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
    frame = pd.DataFrame(data, columns=names, dtype=object, index=pd.Index([n for n, _ in body], name=ROW_INDEX_NAME))
    if header_number != 1:
        notes.append(f"The column headings were found on row {header_number}.")
    frame.attrs["notes"] = notes
    return frame


def _read_xlsx(data: bytes) -> pd.DataFrame:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportProblem(DAMAGED_XLSX) from None
    if "xl/workbook.xml" not in members:
        if "content.xml" in members:
            raise ImportProblem("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx or CSV and upload that.")
        if "word/document.xml" in members:
            raise ImportProblem("This is a Word document. Upload a CSV or Excel (.xlsx) file.")
        raise ImportProblem("This is a zip archive, not an Excel workbook. Upload a CSV or Excel (.xlsx) file.")
    merged_by_part, has_formulas = _scan_archive(archive)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
        try:
            # Always streaming: a workbook's merged cells are read from its XML below, so openpyxl
            # never makes an object per cell of a merged range (C1:XFD400 is 6.5 million cells).
            values_book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
            formula_book = load_workbook(io.BytesIO(data), data_only=False, read_only=True) if has_formulas else None
        except Exception:  # openpyxl raises many types for damaged files
            raise ImportProblem(
                "This Excel file could not be opened; it may be damaged or "
                "protected with a password. Save it again without a password "
                "and upload it."
            ) from None
    try:
        sheet = _choose_sheet(values_book)
        notes = []
        if len(values_book.sheetnames) > 1:
            notes.append(f"Read the sheet “{sheet.title}”.")
        records = _sheet_records(sheet)
        ranges = merged_by_part.get(getattr(sheet, "_worksheet_path", ""), [])
        if ranges:
            _fill_merged(records, [CellRange(ref) for ref in ranges])
            notes.append(
                "Merged cells were filled with the value of their first cell ("
                + ", ".join(ranges[:5])
                + ("…" if len(ranges) > 5 else "")
                + ")."
            )
        if formula_book is not None:
            _refuse_formulas_without_values(formula_book[sheet.title], records)
    finally:
        values_book.close()
        if formula_book is not None:
            formula_book.close()
    return _frame_from_records(records, notes)


DAMAGED_XLSX = (
    "This file looks like an Excel file but it is damaged. "
    "Open it in Excel or LibreOffice, save it again and upload it."
)
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"')
TOO_MANY_MERGED = (
    f"This workbook merges cells in more than {MAX_MERGED_RANGES:,} places. A list of pain points needs "
    "one row per pain point: unmerge the cells (or copy the rows into a new workbook) and upload again."
)


def _scan_archive(archive: zipfile.ZipFile) -> tuple[dict[str, list[str]], bool]:
    """Unpack every part once, counting the bytes that really come out; (merged ranges by sheet part, has formulas).

    A zip's directory may lie about sizes (a 2 MB file claiming 1,000 bytes holding 2 GB): the
    count stops at MAX_UNZIPPED_BYTES of real output, holding one chunk in memory at a time.
    Merged ranges are read here, as text, so no cell object is ever made for them.
    """
    total = 0
    merged: dict[str, list[str]] = {}
    has_formulas = False
    started = time.monotonic()
    try:
        for info in archive.infolist():
            is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            tail = b""
            with archive.open(info) as part:
                while chunk := part.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_UNZIPPED_BYTES:
                        raise ImportProblem(
                            f"This workbook unpacks to more than {_size(MAX_UNZIPPED_BYTES)}, far more than a "
                            "list of pain points needs. Copy the rows into a new workbook and upload that."
                        )
                    if time.monotonic() - started > MAX_SECONDS:
                        raise ImportProblem(TOO_SLOW)
                    if is_sheet:
                        window = tail + chunk
                        has_formulas = has_formulas or bool(_FORMULA.search(window))
                        refs = merged.setdefault(info.filename, [])
                        for ref in _MERGE_REF.findall(window):
                            if ref.decode() not in refs[-8:]:  # the window's overlap may find one twice
                                refs.append(ref.decode())
                        if len(refs) > MAX_MERGED_RANGES:
                            raise ImportProblem(TOO_MANY_MERGED)
                        tail = chunk[-96:]
    except ImportProblem:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        raise ImportProblem(DAMAGED_XLSX) from None
    return {part: refs for part, refs in merged.items() if refs}, has_formulas


TOO_SLOW = (
    f"Reading this file took longer than {MAX_SECONDS:.0f} seconds, far longer than a list of pain points "
    "needs. Copy the rows into a new workbook or CSV file and upload that."
)


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
    started = time.monotonic()
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number % 256 == 0 and time.monotonic() - started > MAX_SECONDS:
            raise ImportProblem(TOO_SLOW)
        if len(row) > 16_384:
            row = row[:16_384]
        values = [_cell(v) for v in row]
        if all(v is None for v in values):
            continue  # blank rows cost nothing
        data_rows += 1
        # Stop reading early: the count in the message only has to show it is too many.
        if data_rows > MAX_ROWS + 1:
            raise ImportProblem(TOO_MANY_ROWS)
        records.append((number, values))
    return records


def _fill_merged(records: list[tuple[int, list]], ranges: list[CellRange]) -> None:
    """Fill each merged range with its first cell's value, only where the sheet really has cells.

    A range reaching beyond the rows and columns the sheet holds is cut to them: filling costs at
    most the size of the sheet itself, whatever the range claims.
    """
    by_number = {number: values for number, values in records}
    width = min(max((len(values) for values in by_number.values()), default=0), MAX_COLUMNS + 1)
    last_row = max(by_number, default=0)
    for merged in ranges:
        top = by_number.get(merged.min_row)
        if top is None or merged.min_col - 1 >= len(top):
            continue
        value = top[merged.min_col - 1]
        right = min(merged.max_col, width)
        for row_number in range(merged.min_row, min(merged.max_row, last_row) + 1):
            values = by_number.get(row_number)
            if values is None:
                continue
            if len(values) < right:
                values.extend([None] * (right - len(values)))
            for col in range(merged.min_col, right + 1):
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
