"""Every file a facilitator downloads, listed once: which document it is of, its label, extension,
type and how it is drawn. Pages loop over this list (through `services/exports.py`); adding a
format is adding one entry here and its module.

The documents are plain data: a `Shortlist` for the ranked shortlist and its reports, the charter
dict (`domain/charter.py`), and the pilot outcome report's dict (`services/pilots.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from aiadopt.formats import charter_pdf, markdown, pilot_report, report_pdf, spreadsheets

SHORTLIST, CHARTER, PILOT_OUTCOME = "shortlist", "charter", "pilot_outcome"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Shortlist:
    """Everything the shortlist's files print: the ranking, what was kept out and why, the pain points,
    the weights and gates used, the workshop and how complete its discovery was."""

    ranked: pd.DataFrame
    excluded: pd.DataFrame
    pain_points: list[dict]
    weights: dict
    labels: dict
    gates: dict
    workshop: dict
    audit: dict | None = None
    reference: dict | None = None  # the ranking's average criterion values: to explain the ranks again


@dataclass(frozen=True)
class ExportFormat:
    """One downloadable file: the document it is made of, how it is named, and how it is drawn."""

    document: str  # SHORTLIST, CHARTER or PILOT_OUTCOME
    label: str  # on its download button
    name: str  # in the file's name: acme-2026-11-24-<name>.<extension>
    extension: str
    mime: str
    render: Callable[[Any], bytes]
    primary: bool = False  # the download most people want first


def _text(render: Callable[[Any], str]) -> Callable[[Any], bytes]:
    return lambda document: render(document).encode("utf-8")


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        SHORTLIST,
        "Shortlist (Excel)",
        "shortlist",
        "xlsx",
        XLSX_MIME,
        lambda s: spreadsheets.shortlist_to_xlsx(
            s.ranked, s.pain_points, s.weights, s.labels, s.gates, s.workshop, s.excluded
        ),
    ),
    ExportFormat(
        SHORTLIST,
        "Shortlist (CSV)",
        "shortlist",
        "csv",
        "text/csv",
        lambda s: spreadsheets.shortlist_to_csv(s.ranked, s.labels, s.weights, s.excluded),
    ),
    ExportFormat(
        SHORTLIST,
        "Report (PDF)",
        "report",
        "pdf",
        "application/pdf",
        lambda s: report_pdf.report_pdf(s.ranked, s.weights, s.labels, s.gates, s.workshop, s.excluded, audit=s.audit),
    ),
    ExportFormat(
        SHORTLIST,
        "Report (Markdown)",
        "report",
        "md",
        "text/markdown",
        _text(
            lambda s: markdown.report_markdown(
                s.ranked, s.weights, s.labels, s.gates, s.workshop, s.excluded, audit=s.audit
            )
        ),
    ),
    ExportFormat(CHARTER, "Charter (PDF)", "pilot-charter", "pdf", "application/pdf", charter_pdf.charter_pdf, True),
    ExportFormat(
        CHARTER, "Charter (Markdown)", "pilot-charter", "md", "text/markdown", _text(markdown.charter_markdown)
    ),
    ExportFormat(
        PILOT_OUTCOME, "Outcome report (PDF)", "pilot-outcome", "pdf", "application/pdf", pilot_report.outcome_pdf, True
    ),
    ExportFormat(
        PILOT_OUTCOME,
        "Outcome report (Markdown)",
        "pilot-outcome",
        "md",
        "text/markdown",
        _text(pilot_report.outcome_markdown),
    ),
)


def formats_for(document: str) -> tuple[ExportFormat, ...]:
    """The formats a document downloads as, in the order their buttons show."""
    return tuple(f for f in EXPORT_FORMATS if f.document == document)


def format_of(document: str, extension: str) -> ExportFormat:
    """One document's format by its extension."""
    return next(f for f in EXPORT_FORMATS if f.document == document and f.extension == extension)
