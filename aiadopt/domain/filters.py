"""Finding pain points in a list: search text and filters, as pure functions."""

from __future__ import annotations

import unicodedata

SEARCHED_FIELDS = (
    "title",
    "description",
    "department",
    "reporter",
    "current_steps",
    "systems_used",
    "desired_outcome",
    "owner_name",
    "waits_on_teams",
    "data_location",
    "kpi_metric",
)


def _fold(text: str) -> str:
    """Lower-case, accent-free text so 'zoe' finds 'Zoë'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def filter_pain_points(
    rows: list[dict],
    *,
    query: str = "",
    department_ids: list[int] | None = None,
    data_classes: list[str] | None = None,
    flagged_only: bool = False,
) -> list[dict]:
    """The rows matching every filter; the query matches all its words anywhere in the text fields."""
    words = _fold(query).split()
    kept = []
    for row in rows:
        if department_ids and row["department_id"] not in department_ids:
            continue
        if data_classes and row["data_sensitivity"] not in data_classes:
            continue
        if flagged_only and not row["proposes_solution"]:
            continue
        if words:
            haystack = _fold(" ".join(str(row.get(f) or "") for f in SEARCHED_FIELDS))
            if not all(word in haystack for word in words):
                continue
        kept.append(row)
    return kept
