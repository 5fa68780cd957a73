"""Candidate rows for the ranking tests: a complete, middling candidate and a table of them."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, settings

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def candidate(candidate_id: int = 1, **overrides) -> dict:
    """A complete, middling candidate row; override what the test is about."""
    row = {
        "candidate_id": candidate_id, "title": f"Candidate {candidate_id}", "hours_per_year": 100.0,
        "occurrences_per_year": 500.0, "error_rate_pct": 10.0, "waits_on_other_teams": 0.0,
        "customer_impact": 1.0, "severity": 3.0, "department_count": 1, "votes": 0, "io_clarity": 3.0,
        "rule_based": 3.0, "data_availability": 3.0, "data_quality": 3.0, "change_readiness": 3.0,
        "has_kpi_metric": True, "has_kpi_baseline": True, "has_kpi_target": True, "owner": "Sam",
        "data_class": "green", "departments": ["Finance"], "missing": [],
    }
    row.update(overrides)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    """A candidates table of these rows."""
    return pd.DataFrame(list(rows))
