"""Importing pain points from CSV and XLSX: every bad file gets a message, good rows round-trip."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from aiadopt.domain.fields import PAIN_POINT_FIELDS
from aiadopt.domain.importing import (
    DEPARTMENT_HEADER,
    MAPPING_KEYS,
    TEMPLATE_HEADERS,
    check_rows,
    repeats_text,
    suggest_mapping,
    summary,
)
from aiadopt.domain.pain_points import validate_fields
from aiadopt.formats import spreadsheets
from aiadopt.formats.table_reader import ImportProblem, read_table
from aiadopt.formats.template import pain_points_to_table, template_csv, template_xlsx
from tests.factories import VALID_PAIN_POINT as VALID_FIELDS

DEPARTMENTS = ["Finance", "HR", "Customer service"]


def xlsx_bytes(rows: list[list], build=None, title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if build:
        build(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cached_value(data: bytes, formula: str, cached: str) -> bytes:
    """The workbook with a saved result for `formula`, as Excel stores after calculating."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(
                    rb"(<f>"
                    + re.escape(formula.encode())
                    + rb"</f>)<v\s*/>|(<f>"
                    + re.escape(formula.encode())
                    + rb"</f>)<v></v>",
                    lambda m: (m.group(1) or m.group(2)) + b"<v>" + cached.encode() + b"</v>",
                    content,
                )
            target.writestr(item, content)
    return out.getvalue()


def sample_pain_points() -> list[dict]:
    return [
        {
            "department": "Finance",
            "title": "Re-keying supplier invoices",
            "description": "We type them.\nTwice.",
            "frequency_count": 20.0,
            "frequency_period": "week",
            "minutes_per_occurrence": 15.0,
            "people_count": 3,
            "error_rate_pct": 12.5,
            "waits_on_other_teams": 1,
            "waits_on_teams": "Purchasing",
            "customer_impact": 2,
            "io_clarity": 4,
            "rule_based": 5,
            "severity": 4,
            "change_readiness": 3,
            "data_sensitivity": "amber",
            "kpi_metric": "minutes per invoice",
            "kpi_unit": "minutes",
            "kpi_baseline": 40.0,
            "kpi_target": 10.0,
            "owner_name": "Priya Shah",
            "reporter": "",
            "hours_per_year": 750.0,
            "id": 1,
        },
        {
            "department": "HR",
            "title": '=HYPERLINK("http://x","y")',
            "description": "-2 people, @everyone, +1",
            "frequency_count": 1.5,
            "frequency_period": "month",
            "minutes_per_occurrence": 90.0,
            "people_count": 1,
            "waits_on_other_teams": 0,
            "customer_impact": 0,
            "data_sensitivity": "red",
            "kpi_baseline": None,
            "kpi_target": None,
            "owner_name": "-2",
            "reporter": "Zoë 😀",
            "trigger": "طلب جديد",
            "id": 2,
        },
        {
            "department": "Customer service",
            "title": "Same answers 📦 every day",
            "frequency_count": 30.0,
            "frequency_period": "day",
            "minutes_per_occurrence": 3.0,
            "people_count": 12,
            "data_sensitivity": "green",
            "current_steps": "Open ticket\nCopy answer\nSend",
            "id": 3,
        },
    ]


def expected_values(points: list[dict]) -> list[dict]:
    return [validate_fields(p)[0] | {"department": p["department"]} for p in points]


# --- templates and mapping ----------------------------------------------------------------


def test_template_columns_map_to_themselves():
    mapping = suggest_mapping(TEMPLATE_HEADERS)
    assert mapping["department"] == DEPARTMENT_HEADER
    for spec in PAIN_POINT_FIELDS:
        assert mapping[spec.name] == spec.label


@pytest.mark.parametrize("make", [template_csv, template_xlsx])
def test_template_example_row_imports_cleanly(make):
    frame = read_table(make(), "template")
    assert list(frame.columns) == list(TEMPLATE_HEADERS)
    report = check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    assert report.ok, report.problems
    assert report.rows[0]["title"] == "Re-keying supplier invoices"
    assert report.rows[0]["department"] == "Finance"
    assert report.row_numbers == [2]


def test_template_xlsx_explains_every_column():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template_xlsx()))
    assert book.sheetnames == ["Pain points", "Help"]
    helped = {row[0] for row in book["Help"].iter_rows(min_row=2, values_only=True)}
    assert helped == set(TEMPLATE_HEADERS)


@pytest.mark.parametrize(
    ("column", "field"),
    [
        ("Dept", "department"),
        ("department ", "department"),
        ("TEAM", "department"),
        ("Title", "title"),
        ("short_title", "title"),
        ("Minutes", "minutes_per_occurrence"),
        ("Minutes each time (minutes)", "minutes_per_occurrence"),
        ("Frequency", "frequency_count"),
        ("How often", "frequency_count"),
        ("Period", "frequency_period"),
        ("People", "people_count"),
        ("Data class", "data_sensitivity"),
        ("Owner", "owner_name"),
        ("Baseline", "kpi_baseline"),
        ("Target", "kpi_target"),
        ("KPI", "kpi_metric"),
        ("Error rate %", "error_rate_pct"),
        ("Descripton", "description"),  # a typo, caught by the fuzzy match
    ],
)
def test_suggest_mapping_understands_common_headings(column, field):
    assert suggest_mapping(["Something else", column])[field] == column


def test_suggest_mapping_uses_each_column_once_and_leaves_the_rest_empty():
    mapping = suggest_mapping(["Title", "Notes"])
    assert set(mapping) == set(MAPPING_KEYS)
    assert [k for k, v in mapping.items() if v] == ["title"]


# --- round trips --------------------------------------------------------------------------


def test_export_then_import_through_csv_gives_back_the_same_values():
    points = sample_pain_points()
    data = spreadsheets.pain_points_to_csv(points)
    frame = read_table(data, "pain-points.csv")
    report = check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    assert report.ok, report.problems
    assert report.rows == expected_values(points)


def test_export_then_import_through_the_xlsx_workbook_gives_back_the_same_values():
    points = sample_pain_points()
    shortlist = pd.DataFrame({"rank": [1], "title": ["x"], "score": [50.0]})
    data = spreadsheets.shortlist_to_xlsx(shortlist, points, {}, {}, {}, {"name": "W"})
    frame = read_table(data, "shortlist.xlsx")
    assert "Read the sheet “Pain points”." in frame.attrs["notes"]
    report = check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    assert report.ok, report.problems
    assert report.rows == expected_values(points)


def test_pain_points_table_uses_the_template_headings():
    table = pain_points_to_table(sample_pain_points())
    assert list(table.columns) == list(TEMPLATE_HEADERS)
    assert table.loc[0, "Waits on other teams"] == "yes"
    assert table.loc[0, "Effect on customers"].startswith("Medium")


# --- reading files ------------------------------------------------------------------------

CSV_TEXT = (
    "Department,Short title,How many times,Per,Minutes each time,People who do it\nFinance,Café invoices,2,week,10,1\n"
)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "The file is empty."),
        (b"  \r\n \n", "The file is empty."),
        (b",,,\n,,\n", "The file is empty."),
        (b"Department,Short title\n", "no rows of pain points"),
        (b"Department,Short title\n,,\n", "no rows of pain points"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "a program, not a spreadsheet"),
        (b"%PDF-1.7\n...", "This file is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "older Excel file (.xls)"),
        (b"\x89PNG\r\n\x1a\n" + bytes(50), "an image"),
        (bytes(range(256)) * 20, "binary data"),
        (bytes((i * 37 + 11) % 256 for i in range(5000)), "binary data"),
        (bytes((i % 31) + 1 for i in range(3000)), "binary data"),  # control bytes, no NUL
        (b"<!DOCTYPE html><html><body>hi</body></html>", "a web page"),
        (b"Title,title\nA,B\n", "Two columns have the heading “title” (columns A and B)"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_unreadable_files_get_a_plain_message(data, fragment):
    with pytest.raises(ImportProblem) as problem:
        read_table(data, "upload.csv")
    assert fragment in problem.value.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ImportProblem, match="zip archive, not an Excel workbook"):
        read_table(buffer.getvalue(), "renamed.xlsx")


def test_a_renamed_program_is_refused_whatever_its_name():
    with pytest.raises(ImportProblem, match="program"):
        read_table(b"MZ" + bytes(1000), "pain-points.xlsx")


def test_a_50_mb_file_is_refused_at_once_with_its_size_and_the_limit():
    # How fast the refusal comes is measured in bench/importing.py, not asserted here.
    data = b"a," * 25_000_000
    with pytest.raises(ImportProblem) as problem:
        read_table(data, "huge.csv")
    assert problem.value.message.startswith("The file is 50.0 MB; the limit is 5.0 MB.")


@pytest.mark.parametrize("limit_rows", [5_001, 7_000])
def test_more_than_5000_rows_is_refused(limit_rows):
    data = ("Department,Short title\n" + "Finance,Invoice\n" * limit_rows).encode()
    with pytest.raises(ImportProblem, match="more than 5,000 rows of pain points; one import takes at most 5,000"):
        read_table(data, "big.csv")


def test_more_than_5000_rows_in_a_workbook_is_refused():
    data = xlsx_bytes([["Department", "Short title"]] + [["Finance", f"Invoice {i}"] for i in range(5_001)])
    with pytest.raises(ImportProblem, match="more than 5,000 rows"):
        read_table(data, "big.xlsx")


def test_exactly_5000_rows_are_accepted():
    data = ("Department,Short title\n" + "Finance,Invoice\n" * 5_000).encode()
    assert len(read_table(data, "ok.csv")) == 5_000


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"), "UTF-8 with BOM"),
        (CSV_TEXT.encode("utf-8"), "UTF-8"),
        (CSV_TEXT.encode("cp1252"), "Windows-1252"),
        (CSV_TEXT.replace("Café", "Caf\u00e9").encode("latin-1"), "Latin-1"),
        (codecs.BOM_UTF16_LE + CSV_TEXT.replace(",", "\t").encode("utf-16-le"), "UTF-16 (Excel Unicode text)"),
    ],
)
def test_common_encodings_are_read(data, encoding):
    frame = read_table(data, "x.csv")
    assert frame.loc[2, "Short title"] == "Café invoices", encoding
    assert frame.columns[0] == "Department"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_recognised(delimiter):
    text = (
        CSV_TEXT.replace(",", delimiter)
        + f'HR{delimiter}"Chasing, approvals; again"{delimiter}3{delimiter}day{delimiter}5{delimiter}2\n'
    )
    frame = read_table(text.encode(), "x.csv")
    assert list(frame.columns) == [
        "Department",
        "Short title",
        "How many times",
        "Per",
        "Minutes each time",
        "People who do it",
    ]
    assert frame.loc[3, "Short title"] == "Chasing, approvals; again"


def test_rows_keep_the_numbers_people_see_in_their_spreadsheet():
    text = "\n\nDepartment,Short title\nFinance,One\n\nHR,Two\n"
    frame = read_table(text.encode(), "x.csv")
    assert frame.index.tolist() == [4, 6]
    assert "row 3" in frame.attrs["notes"][-1]


def test_merged_cells_are_filled_down():
    def merge(book, sheet):
        sheet.merge_cells("A2:A4")

    data = xlsx_bytes([["Department", "Short title"], ["Finance", "One"], [None, "Two"], [None, "Three"]], merge)
    frame = read_table(data, "merged.xlsx")
    assert frame["Department"].tolist() == ["Finance", "Finance", "Finance"]
    assert any("Merged cells" in note and "A2:A4" in note for note in frame.attrs["notes"])


def test_a_formula_without_a_saved_result_is_refused_and_never_calculated():
    data = xlsx_bytes([["Department", "Short title", "How many times"], ["Finance", "One", "=1+1"]])
    with pytest.raises(ImportProblem) as problem:
        read_table(data, "formulas.xlsx")
    assert "C2" in problem.value.message and "not calculated" in problem.value.message


def test_a_formula_with_a_saved_result_gives_that_result():
    data = with_cached_value(
        xlsx_bytes([["Department", "Short title", "How many times"], ["Finance", "One", "=1+1"]]), "1+1", "7"
    )
    frame = read_table(data, "formulas.xlsx")
    assert frame.loc[2, "How many times"] == 7  # the stored value, not 1+1 worked out here


def test_duplicate_headings_in_a_workbook_are_refused():
    data = xlsx_bytes([["Department", "Short title", "Department"], ["Finance", "One", "HR"]])
    with pytest.raises(ImportProblem, match="columns A and C"):
        read_table(data, "dup.xlsx")


def test_workbook_dates_and_numbers_arrive_typed():
    import datetime as dt

    data = xlsx_bytes(
        [["Department", "Short title", "How many times", "When"], ["Finance", "One", 2.5, dt.datetime(2026, 11, 24)]]
    )
    frame = read_table(data, "typed.xlsx")
    assert frame.loc[2, "How many times"] == 2.5
    assert frame.loc[2, "When"] == "2026-11-24"


def test_neutralised_text_from_an_export_reads_back_as_typed():
    frame = read_table(b"Department,Short title\nFinance,'=SUM(A1)\n", "x.csv")
    assert frame.loc[2, "Short title"] == "=SUM(A1)"


# --- checking rows ------------------------------------------------------------------------


def frame_of(
    rows: list[list],
    columns=("Department", "Short title", "How many times", "Per", "Minutes each time", "People who do it"),
) -> pd.DataFrame:
    lines = [",".join(columns)] + [",".join(str(v) for v in row) for row in rows]
    return read_table("\n".join(lines).encode(), "x.csv")


def test_check_rows_reports_each_problem_with_its_spreadsheet_row_and_field():
    frame = frame_of(
        [
            ["Finance", "Invoices", 2, "week", 10, 1],
            ["Finance", "Invoices", "lots", "week", 10, 1],
            ["Legal", "Contracts", 2, "fortnight", 0, 1],
            ["finance", "Approvals", 1, "day", 5, 2],
        ]
    )
    report = check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    assert not report.ok
    assert report.problems == [
        (3, "How many times", "How many times must be a number, e.g. 1."),
        (
            4,
            "Per",
            "Per must be one of: day, week, month, quarter, year (or daily, weekly, monthly, quarterly, yearly).",
        ),
        (4, "Minutes each time", "Minutes each time must be more than 0 and at most 2,400 minutes."),
        (
            4,
            "Department",
            "There is no department called “Legal” in this workshop. Use one of: Finance, HR, "
            "Customer service, or add it to the workshop first.",
        ),
    ]
    assert report.row_numbers == [2, 5]
    assert [r["department"] for r in report.rows] == ["Finance", "Finance"]  # matched whatever the case
    assert list(report.problem_table().columns) == ["Row", "Field", "Problem"]


def test_a_row_repeating_an_earlier_row_of_the_file_is_left_out_and_named():
    """Issue 18, item 3: "row 7 repeats row 3", whatever the spaces, the case or how a number is written."""
    frame = frame_of(
        [
            ["Finance", "Invoices", 2, "week", 10, 1],
            ["HR", "Other", 1, "day", 5, 1],
            ["finance", "  INVOICES ", "2.0", "week", 10, 1],
            ["Finance", "Invoices", 2, "week", 12, 1],  # other minutes: another report of the same work
        ]
    )
    report = check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    assert report.ok
    assert report.repeats == [(4, 2)]
    assert report.row_numbers == [2, 3, 5]
    assert repeats_text(report) == "row 4 repeats row 2"
    assert summary(report) == (
        "info",
        "3 new rows are ready to import. Left out: 1 repeating an earlier row of the file.",
    )


def test_check_rows_needs_a_title_column_and_a_department():
    frame = frame_of([["Finance", "Invoices", 2, "week", 10, 1]])
    mapping = suggest_mapping(frame.columns) | {"title": None, "department": None}
    report = check_rows(frame, mapping, DEPARTMENTS)
    assert [p[:2] for p in report.problems] == [(1, "Short title"), (1, "Department")]
    assert report.rows == []


def test_check_rows_can_put_every_row_in_one_chosen_department():
    frame = frame_of([["", "Invoices", 2, "week", 10, 1]])
    report = check_rows(
        frame, suggest_mapping(frame.columns) | {"department": None}, DEPARTMENTS, default_department="HR"
    )
    assert report.ok and report.rows[0]["department"] == "HR"


def test_check_rows_writes_nothing_and_leaves_the_frame_unchanged():
    frame = frame_of([["Finance", "Invoices", 2, "week", 10, 1]])
    before = frame.copy()
    check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    pd.testing.assert_frame_equal(frame, before)


def test_check_rows_on_a_plain_frame_counts_the_heading_as_row_1():
    frame = pd.DataFrame({"Department": ["Finance", "Nowhere"], "Short title": ["Invoices", "Other"]})
    report = check_rows(frame, suggest_mapping(frame.columns), DEPARTMENTS)
    assert [p[0] for p in report.problems] == [3]


def workbook_with_hidden_part(real_size: int, claimed_size: int | None = None) -> bytes:
    """A real workbook plus one sheet part of `real_size` bytes whose directory may claim another size."""
    buffer = io.BytesIO(xlsx_bytes([["Department", "Short title"], ["Finance", "Invoice"]]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet9.xml", b"<c/>" * (real_size // 4))
    data = bytearray(buffer.getvalue())
    if claimed_size is not None:  # rewrite the sizes the archive states for that part, both headers
        name = b"xl/worksheets/sheet9.xml"
        central = data.rindex(name) - 46
        assert data[central : central + 4] == b"PK\x01\x02"
        data[central + 24 : central + 28] = claimed_size.to_bytes(4, "little")
        local = data.index(name) - 30
        assert data[local : local + 4] == b"PK\x03\x04"
        data[local + 22 : local + 26] = claimed_size.to_bytes(4, "little")
    return bytes(data)


def test_a_workbook_that_unpacks_to_too_much_is_refused_on_what_really_comes_out():
    """Issue 9, finding 3: 569 KB holding 190 MB of XML was parsed for 108 s before refusal."""
    data = workbook_with_hidden_part(60_000_000)
    assert len(data) < 1_000_000
    with pytest.raises(ImportProblem, match="unpacks to more than 50.0 MB"):
        read_table(data, "big.xlsx")


def test_a_workbook_that_lies_about_its_size_is_refused_with_a_plain_message():
    """Issue 9, finding 3: a directory claiming 1,000 bytes for 2 GB of XML ended in an uncaught error."""
    data = workbook_with_hidden_part(60_000_000, claimed_size=1_000)
    with pytest.raises(ImportProblem, match="damaged|unpacks to more than"):
        read_table(data, "lying.xlsx")


def test_a_million_row_csv_is_refused_without_reading_it_all():
    data = b"Department,Short title\n" + b"F,x\n" * 1_000_000  # 4 MB: under the size limit
    with pytest.raises(ImportProblem, match="more than 5,000 rows"):
        read_table(data, "rows.csv")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.1, 0.25, None, 0.05], [10, 25, None, 5]),  # fractions
        ([10, 25, 5], [10, 25, 5]),  # percentages already
        (["10%", "25 %", "5%"], [10, 25, 5]),  # written with the sign
        ([0, 1, 1], [0, 1, 1]),  # only 0 and 1: too little to say they are fractions
    ],
)
def test_shares_are_read_as_fractions_percentages_or_with_the_sign(values, expected):
    frame = pd.DataFrame({"Title": [f"Task {n}" for n in range(len(values))], "error_share": values, "Dept": "Finance"})
    mapping = suggest_mapping(frame.columns)
    assert mapping["error_rate_pct"] == "error_share"
    report = check_rows(frame, mapping, ["Finance"])
    got = [row["error_rate_pct"] for row in report.rows]
    assert got == [e if e is not None else 0.0 for e in expected]


def test_customer_impact_takes_numbers_words_and_yes_no_and_says_so_when_not():
    clean, _ = validate_fields(VALID_FIELDS | {"customer_impact": "yes"})
    assert clean["customer_impact"] == 2
    clean, _ = validate_fields(VALID_FIELDS | {"customer_impact": "High"})
    assert clean["customer_impact"] == 3
    _, errors = validate_fields(VALID_FIELDS | {"customer_impact": "sometimes"})
    assert errors["customer_impact"] == (
        "Effect on customers must be one of: 0 or none, 1 or low, 2 or medium, 3 or high "
        "(yes counts as medium, no as none)."
    )


def with_merged_ranges(data: bytes, refs: list[str]) -> bytes:
    """The workbook with these merged ranges written into its sheet's XML, as any spreadsheet program can."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
                content = content.replace(
                    b"</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>'.encode()
                )
            target.writestr(info, content)
    return out.getvalue()


def test_a_tiny_workbook_with_one_huge_merged_range_is_read_in_streaming_mode(monkeypatch):
    """Issue 16, finding 1: a 3.7 KB workbook with <mergeCell ref="C1:XFD400"/> stalled the server
    (about 50 s, 2.1 GB resident): openpyxl made one object per merged cell before any limit ran."""
    from aiadopt.formats import table_reader

    data = with_merged_ranges(
        xlsx_bytes([["Department", "Short title", "Notes"], ["Finance", "Invoices", "x"], ["Sales", "Quotes", None]]),
        ["C1:XFD400"],
    )
    assert len(data) < 8_000
    modes = []
    real_load = table_reader.load_workbook
    monkeypatch.setattr(
        table_reader, "load_workbook", lambda *a, **k: modes.append(k.get("read_only")) or real_load(*a, **k)
    )
    frame = read_table(data, "merged.xlsx")
    assert modes and all(modes)  # never the full mode that makes an object per merged cell
    assert list(frame.columns) == ["Department", "Short title", "Notes"]  # the range is cut to the sheet's cells
    assert frame["Notes"].tolist() == ["Notes", "Notes"]  # filled from the range's first cell, as before
    assert any("Merged cells were filled" in note for note in frame.attrs["notes"])


def test_a_workbook_merging_cells_in_thousands_of_places_is_refused_plainly():
    refs = [f"A{row}:B{row}" for row in range(2, 2 + 2_500)]
    data = with_merged_ranges(xlsx_bytes([["Department", "Short title"], ["Finance", "Invoices"]]), refs)
    with pytest.raises(ImportProblem, match="merges cells in more than 2,000 places"):
        read_table(data, "many.xlsx")


def test_blank_lines_cost_nothing(monkeypatch):
    """Issue 16, finding 8: a 4.5 MB CSV of blank lines used 900 MB (every blank row was kept)."""
    from aiadopt.formats import table_reader

    data = b"Department,Short title\n" + b"\n" * 4_000_000 + b",,\n" * 100_000 + b"Finance,Invoices\n"
    kept = []
    real = table_reader._frame_from_records
    monkeypatch.setattr(
        table_reader, "_frame_from_records", lambda records, notes: kept.append(len(records)) or real(records, notes)
    )
    frame = read_table(data, "blank.csv")
    assert kept == [2]  # the heading and the one row: no blank line was held in memory
    assert frame["Short title"].tolist() == ["Invoices"]
    assert frame.index.tolist() == [4_100_002]  # the row keeps the number a person sees in the file
