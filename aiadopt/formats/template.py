"""The import template (CSV and XLSX) and pain points laid out with its headings.

An export written with `pain_points_to_table` uses the template's human headings, so the same
file can be imported again.
"""

from __future__ import annotations

import io
from typing import cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from aiadopt.domain.fields import CUSTOMER_IMPACT_LEVELS, PAIN_POINT_FIELDS
from aiadopt.domain.importing import DEPARTMENT_HEADER, MAPPING_KEYS, TEMPLATE_HEADERS, missing_to_none
from aiadopt.formats.cells import csv_bytes
from aiadopt.formats.palette import HEAD_FILL

EXAMPLE_ROW: dict[str, object] = {
    "department": "Finance",
    "title": "Re-keying supplier invoices",
    "theme": "Repetitive tasks",
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
    return csv_bytes(_template_frame())


def template_xlsx() -> bytes:
    """The import template as a workbook: a 'Pain points' sheet and a 'Help' sheet per column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pain points"
    frame = _template_frame()
    sheet.append(list(frame.columns))
    sheet.append([None if v == "" else v for v in frame.iloc[0].tolist()])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEAD_FILL.lstrip("#"))
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
    help_sheet.append(
        [
            DEPARTMENT_HEADER,
            "The department this pain point belongs to. It must already exist in the workshop.",
            "",
            "",
            "yes",
        ]
    )
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


def pain_points_to_table(pain_points: list[dict]) -> pd.DataFrame:
    """Pain points with the template's human headings, so an export can be imported again."""
    records = []
    for point in pain_points:
        record = [missing_to_none(point.get("department"))]
        for spec in PAIN_POINT_FIELDS:
            value = missing_to_none(point.get(spec.name))
            if spec.kind == "flag" and value is not None:
                value = "yes" if bool(value) else "no"
            elif spec.name == "customer_impact" and value is not None:
                value = CUSTOMER_IMPACT_LEVELS.get(int(cast(float, value)), value)  # a number or numeric text
            elif spec.kind in ("integer", "scale") and isinstance(value, float) and value.is_integer():
                value = int(value)
            record.append(value)
        records.append(record)
    return pd.DataFrame(records, columns=list(TEMPLATE_HEADERS), dtype=object)
