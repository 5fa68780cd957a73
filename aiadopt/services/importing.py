"""Importing pain points from a spreadsheet, step by step as the facilitator does it.

Download the template, upload a file (`read_upload`), confirm which column holds which field
(`suggest_mapping`), look at the problems (`check_rows`), and import the ready rows in one
transaction (`import_pain_points`). Nothing is written before that last step.
"""

from __future__ import annotations

import pandas as pd

from aiadopt.domain import importing as rules
from aiadopt.domain.importing import ImportReport
from aiadopt.domain.pain_points import build_pain_point, name_key
from aiadopt.formats import table_reader, template
from aiadopt.formats.table_reader import ImportProblem
from aiadopt.services.capture import add_pain_points
from aiadopt.services.workshops import add_department, list_departments
from aiadopt.storage import Database

__all__ = [
    "ImportProblem",
    "ImportReport",
    "check_rows",
    "create_departments",
    "import_pain_points",
    "read_upload",
    "suggest_mapping",
    "template_csv",
    "template_xlsx",
]


def template_csv() -> bytes:
    """The import template as CSV: every column heading and one example row."""
    return template.template_csv()


def template_xlsx() -> bytes:
    """The import template as an Excel workbook, with a Help sheet explaining every column."""
    return template.template_xlsx()


def read_upload(data: bytes, filename: str = "") -> pd.DataFrame:
    """The rows of an uploaded CSV or XLSX file; raises ImportProblem with a message for a person."""
    return table_reader.read_table(data, filename)


def suggest_mapping(columns) -> dict[str, str | None]:
    """For each pain-point field (and "department"), the column of the upload that most likely holds it."""
    return rules.suggest_mapping(columns)


def check_rows(
    table: pd.DataFrame, mapping: dict, department_names: list[str], default_department: str | None = None
) -> ImportReport:
    """Every row of the upload checked against the field rules and the workshop's departments."""
    return rules.check_rows(table, mapping, department_names, default_department)


def create_departments(db: Database, workshop_id: int, names: list[str], actor: str = "facilitator") -> list[int]:
    """Add the departments a file names (after the facilitator confirmed the list); returns their ids.

    Names already in the workshop (as the rules compare names) are left alone.
    """
    existing = {name_key(d["name"]) for d in list_departments(db, workshop_id)}
    ids = []
    for name in names:
        if name_key(name) not in existing:
            ids.append(add_department(db, workshop_id, name, actor=actor))
            existing.add(name_key(name))
    return ids


def import_pain_points(
    db: Database, workshop_id: int, pain_points: list[dict], actor: str = "facilitator"
) -> list[int]:
    """Store checked rows (`ImportReport.rows`) as pain points of a workshop, all or none; returns their ids.

    Raises ValidationError (a department that no longer exists, for instance) or ServiceError.
    """
    department_ids = {d["name"]: d["id"] for d in list_departments(db, workshop_id)}
    built = [
        build_pain_point(
            {k: v for k, v in row.items() if k != "department"},
            workshop_id=workshop_id,
            department_id=department_ids.get(row["department"]),
            source="import",
        )
        for row in pain_points
    ]
    return add_pain_points(db, built, actor=actor)
