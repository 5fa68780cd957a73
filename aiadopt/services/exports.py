"""What a facilitator downloads: the shortlist, the report, the pilot charter and pain points.

Pages call these; the file formats themselves live in `aiadopt.formats`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from aiadopt.formats import cells, markdown, pilot_report, spreadsheets
from aiadopt.formats import charter_pdf as charter_layout  # the services below keep the formats' names
from aiadopt.formats import report_pdf as report_layout


def export_filename(workshop: dict, kind: str, ext: str) -> str:
    """A safe file name for a download, such as acme-discovery-2026-11-24-shortlist.xlsx."""
    return cells.export_filename(workshop, kind, ext)


def shortlist_to_xlsx(
    shortlist: pd.DataFrame, pain_points: list[dict], weights: dict, labels: dict, gates: dict, workshop: dict
) -> bytes:
    """The shortlist workbook for leaders: shortlist, pain points, weights and gates, workshop."""
    return spreadsheets.shortlist_to_xlsx(shortlist, pain_points, weights, labels, gates, workshop)


def shortlist_to_csv(shortlist: pd.DataFrame, labels: dict | None = None, weights: dict | None = None) -> bytes:
    """The ranked shortlist as a CSV file."""
    return spreadsheets.shortlist_to_csv(shortlist, labels, weights)


def pain_points_to_csv(pain_points: list[dict]) -> bytes:
    """Pain points as a CSV file that can be imported again."""
    return spreadsheets.pain_points_to_csv(pain_points)


def report_markdown(
    shortlist: pd.DataFrame,
    weights: dict,
    labels: dict,
    gates: dict,
    workshop: dict,
    excluded: pd.DataFrame | Iterable[object] | None = None,
    max_rows: int | None = 100,
    audit: dict | None = None,
) -> str:
    """The shortlist report as Markdown text (with the audit section when given)."""
    return markdown.report_markdown(shortlist, weights, labels, gates, workshop, excluded, max_rows, audit)


def report_pdf(
    shortlist: pd.DataFrame,
    weights: dict,
    labels: dict,
    gates: dict,
    workshop: dict,
    excluded: pd.DataFrame | Iterable[object] | None = None,
    max_rows: int | None = 100,
    audit: dict | None = None,
) -> bytes:
    """The shortlist report as an A4 PDF (with the audit section when given)."""
    return report_layout.report_pdf(shortlist, weights, labels, gates, workshop, excluded, max_rows, audit=audit)


def charter_markdown(charter: dict) -> str:
    """The pilot charter as Markdown text (also shown on the page)."""
    return markdown.charter_markdown(charter)


def charter_pdf(charter: dict) -> bytes:
    """The pilot charter on one A4 page."""
    return charter_layout.charter_pdf(charter)


def pilot_outcome_pdf(report: dict) -> bytes:
    """The one-page pilot outcome report as PDF."""
    return pilot_report.outcome_pdf(report)


def pilot_outcome_markdown(report: dict) -> str:
    """The pilot outcome report as Markdown."""
    return pilot_report.outcome_markdown(report)
