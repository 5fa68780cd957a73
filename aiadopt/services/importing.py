"""Importing pain points from a spreadsheet, step by step as the facilitator does it.

Download the template, upload a file (`read_upload`), confirm which column holds which field
(`suggest_mapping`), look at the problems and at what the workshop already holds (`check_upload`),
and import the ready rows in one transaction (`import_checked`). Nothing is written before that
last step, which also remembers the file (by a hash of its bytes) so a second import says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from aiadopt import storage
from aiadopt.domain import importing as rules
from aiadopt.domain.import_matches import AlreadyThere, fingerprint
from aiadopt.domain.importing import ImportReport
from aiadopt.domain.pain_points import build_pain_point, name_key
from aiadopt.formats import table_reader, template
from aiadopt.formats.registry import XLSX_MIME
from aiadopt.formats.table_reader import ImportProblem
from aiadopt.services.capture import add_pain_points, update_pain_point
from aiadopt.services.workshops import add_department, list_departments
from aiadopt.storage import Database

__all__ = [
    "XLSX_MIME",
    "AlreadyThere",
    "ImportProblem",
    "ImportReport",
    "ImportResult",
    "check_rows",
    "check_upload",
    "confirm_label",
    "create_departments",
    "import_checked",
    "import_pain_points",
    "imported_before_message",
    "repeats_text",
    "summary",
    "read_upload",
    "suggest_mapping",
    "template_csv",
    "template_xlsx",
]


imported_before_message = rules.imported_before_message
repeats_text = rules.repeats_text
summary = rules.summary
confirm_label = rules.confirm_label


def template_csv() -> bytes:
    """The import template as CSV: every column heading and one example row."""
    return template.template_csv()


def template_xlsx() -> bytes:
    """The import template as an Excel workbook, with a Help sheet explaining every column."""
    return template.template_xlsx()


def read_upload(data: bytes, filename: str = "") -> pd.DataFrame:
    """The rows of an uploaded CSV or XLSX file, carrying the hash of its bytes (`attrs["fingerprint"]`);
    raises ImportProblem with a message for a person."""
    table = table_reader.read_table(data, filename)
    table.attrs["fingerprint"] = fingerprint(data)
    return table


def suggest_mapping(columns) -> dict[str, str | None]:
    """For each pain-point field (and "department"), the column of the upload that most likely holds it."""
    return rules.suggest_mapping(columns)


def check_rows(
    table: pd.DataFrame, mapping: dict, department_names: list[str], default_department: str | None = None
) -> ImportReport:
    """Every row of the upload checked against the field rules and the workshop's departments."""
    return rules.check_rows(table, mapping, department_names, default_department)


def check_upload(
    db: Database, workshop_id: int, table: pd.DataFrame, mapping: dict, default_department: str | None = None
) -> ImportReport:
    """Every row of an upload checked against the field rules, the workshop's departments and the pain
    points it already holds (live or deleted); and when this very file went into the workshop before."""
    names = [d["name"] for d in list_departments(db, workshop_id)]
    stored = storage.pain_points.list_for(db, workshop_id) + storage.pain_points.list_for(db, workshop_id, deleted=True)
    report = rules.check_rows(table, mapping, names, default_department, stored=stored)
    report.fingerprint = str(table.attrs.get("fingerprint") or "")
    if report.fingerprint:
        report.imported_before = [row["at"] for row in storage.imports.earlier(db, workshop_id, report.fingerprint)]
    return report


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: the new pain points' ids, and the ids of those it updated."""

    added: list[int]
    updated: list[int]


def import_checked(
    db: Database,
    workshop_id: int,
    report: ImportReport,
    *,
    again: bool = False,
    update: bool = False,
    actor: str = "facilitator",
) -> ImportResult:
    """Store what the check found, all or none: the new rows; with `again` the rows already in the
    workshop once more, as new pain points; with `update` (otherwise) the file's other values on the
    stored pain points. The file is remembered by its hash. Raises ValidationError or ServiceError."""
    rows, updates = report.planned(again=again, update=update)
    with storage.writing(db):
        known = {row["id"] for row in storage.pain_points.list_for(db, workshop_id)}
        known |= {row["id"] for row in storage.pain_points.list_for(db, workshop_id, deleted=True)}
        # A row sent again within minutes gives the stored one's id (capture's resend rule): not added.
        added = [i for i in import_pain_points(db, workshop_id, rows, actor=actor) if i not in known] if rows else []
        updated = [a.pain_point_id for a in updates if update_pain_point(db, a.pain_point_id, a.changes(), actor=actor)]
        if report.fingerprint:
            storage.imports.record(db, workshop_id, report.fingerprint, report.total_rows, len(added), len(updated))
    return ImportResult(added, updated)


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
