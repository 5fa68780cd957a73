"""Criteria of the ranking: what each measures, how its inputs become 0..1, weights and presets.

`criterion_matrix` turns a candidates table into an (n, k) matrix of criterion values, each 0..1
where higher is better for a first pilot (missing inputs get a neutral value and a flag). The
model is documented, number by number, in docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import pandas as pd

from aiadopt.domain.fields import FIELDS_BY_NAME

# --- Scales -----------------------------------------------------------------------------

HOURS_CAP = 10_000.0  # hours lost a year that count as "as much as it gets" (about 6 full-time people)
OCCURRENCES_CAP = 10_000.0  # times a year (40 every working day) that count as "as often as it gets"
ERROR_CAP_PCT = 50.0  # half the cases redone is as bad as rework gets for ranking purposes
BREADTH_CAP = 3  # extra departments beyond the first that count (4 departments = full marks)

Weights: TypeAlias = Mapping[str, float]


@dataclass(frozen=True)
class Criterion:
    """One criterion of the ranking: what it measures and how its input becomes 0..1."""

    key: str
    label: str
    group: str  # "value" (what fixing it is worth) or "ease" (how ready it is to start)
    description: str
    transform: str
    inputs: tuple[str, ...]


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "time_recoverable",
        "Time lost",
        "value",
        "Hours lost a year, added up across everyone who does the work.",
        "log10(1 + hours) / log10(1 + 10,000), capped at 1",
        ("hours_per_year",),
    ),
    Criterion(
        "frequency",
        "How often",
        "value",
        "How many times a year the work happens.",
        "log10(1 + times a year) / log10(1 + 10,000), capped at 1",
        ("occurrences_per_year",),
    ),
    Criterion(
        "error_rework",
        "Errors and rework",
        "value",
        "The share of cases that need correcting or doing again.",
        "share redone (%) / 50, capped at 1",
        ("error_rate_pct",),
    ),
    Criterion(
        "waiting",
        "Waiting on other teams",
        "value",
        "How much of it stops while another team answers or approves.",
        "share of its pain points that wait on other teams (0 to 1)",
        ("waits_on_other_teams",),
    ),
    Criterion(
        "customer_impact",
        "Customer impact",
        "value",
        "How much customers feel the problem.",
        "level (0 none to 3 high) / 3",
        ("customer_impact",),
    ),
    Criterion(
        "severity",
        "How much it hurts",
        "value",
        "How much the people doing it feel the pain.",
        "(score on 1 to 5 - 1) / 4",
        ("severity",),
    ),
    Criterion(
        "breadth",
        "Departments raising it",
        "value",
        "How many departments raised the same problem.",
        "min(departments - 1, 3) / 3",
        ("department_count",),
    ),
    Criterion(
        "votes",
        "Votes",
        "value",
        "The dots participants put on it.",
        "votes / the most votes any candidate got (0 for all when nobody voted)",
        ("votes",),
    ),
    Criterion(
        "io_clarity",
        "Clear inputs and outputs",
        "ease",
        "Whether the same inputs give the same outputs every time.",
        "(score on 1 to 5 - 1) / 4",
        ("io_clarity",),
    ),
    Criterion(
        "rule_based",
        "Follows rules",
        "ease",
        "Whether the work follows fixed rules rather than judgement.",
        "(score on 1 to 5 - 1) / 4",
        ("rule_based",),
    ),
    Criterion(
        "data_readiness",
        "Information ready",
        "ease",
        "Whether the information is easy to get and good enough.",
        "(mean of availability and quality, each 1 to 5, - 1) / 4",
        ("data_availability", "data_quality"),
    ),
    Criterion(
        "kpi_defined",
        "KPI defined",
        "ease",
        "Whether the measure of success, today's value and the target are known.",
        "a third each for measure, baseline and target",
        ("has_kpi_metric", "has_kpi_baseline", "has_kpi_target"),
    ),
    Criterion(
        "owner_named",
        "Owner named",
        "ease",
        "Whether someone has volunteered to own the change.",
        "1 when an owner is named, else 0",
        ("owner",),
    ),
    Criterion(
        "change_readiness",
        "Team ready to change",
        "ease",
        "Whether the team is asking for a change or would resist it.",
        "(score on 1 to 5 - 1) / 4",
        ("change_readiness",),
    ),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)
VALUE_MASK = np.array([c.group == "value" for c in CRITERIA])  # the value criteria; the rest are ease
EASE_MASK = ~VALUE_MASK

PRESETS: dict[str, dict[str, float]] = {
    # Value and ease count half each; within each half every criterion counts the same.
    "Balanced": {
        "time_recoverable": 3,
        "frequency": 3,
        "error_rework": 3,
        "waiting": 3,
        "customer_impact": 3,
        "severity": 3,
        "breadth": 3,
        "votes": 3,
        "io_clarity": 4,
        "rule_based": 4,
        "data_readiness": 4,
        "kpi_defined": 4,
        "owner_named": 4,
        "change_readiness": 4,
    },
    "Quick win": {
        "time_recoverable": 1,
        "frequency": 1,
        "error_rework": 1,
        "waiting": 1,
        "customer_impact": 1,
        "severity": 1,
        "breadth": 0,
        "votes": 1,
        "io_clarity": 4,
        "rule_based": 4,
        "data_readiness": 4,
        "kpi_defined": 3,
        "owner_named": 3,
        "change_readiness": 3,
    },
    "Biggest impact": {
        "time_recoverable": 5,
        "frequency": 3,
        "error_rework": 3,
        "waiting": 2,
        "customer_impact": 3,
        "severity": 2,
        "breadth": 3,
        "votes": 2,
        "io_clarity": 1,
        "rule_based": 1,
        "data_readiness": 1,
        "kpi_defined": 1,
        "owner_named": 1,
        "change_readiness": 1,
    },
    "Lowest risk": {
        "time_recoverable": 1,
        "frequency": 1,
        "error_rework": 1,
        "waiting": 0,
        "customer_impact": 0,
        "severity": 1,
        "breadth": 0,
        "votes": 1,
        "io_clarity": 3,
        "rule_based": 2,
        "data_readiness": 4,
        "kpi_defined": 4,
        "owner_named": 4,
        "change_readiness": 3,
    },
}

# Neutral value for each numeric input when it is missing (None/NaN): the capture form's own
# default for judgements on a 1..5 scale (the middle, 3); zero for quantities, so nothing is
# credited that was not reported. The missing-data flag tells the facilitator either way.
NEUTRAL_VALUES: dict[str, float] = {
    "hours_per_year": 0.0,
    "occurrences_per_year": 0.0,
    "error_rate_pct": 0.0,
    "waits_on_other_teams": 0.0,
    "customer_impact": 0.0,
    "severity": 3.0,
    "io_clarity": 3.0,
    "rule_based": 3.0,
    "change_readiness": 3.0,
    "data_availability": 3.0,
    "data_quality": 3.0,
}

INPUT_LABELS: dict[str, str] = {
    "hours_per_year": "Hours lost per year",
    "occurrences_per_year": "Times per year",
    **{
        name: FIELDS_BY_NAME[name].label
        for name in (
            "error_rate_pct",
            "waits_on_other_teams",
            "customer_impact",
            "severity",
            "io_clarity",
            "rule_based",
            "change_readiness",
            "data_availability",
            "data_quality",
            "frequency_count",
            "minutes_per_occurrence",
            "people_count",
            "data_sensitivity",
        )
    },
}


# --- Weights ----------------------------------------------------------------------------


class WeightsError(ValueError):
    """Weights that cannot be used, with a plain-language message."""


def weights_vector(weights: Weights) -> np.ndarray:
    """Checked weights as a vector in CRITERIA order, normalised to sum to 1."""
    unknown = [key for key in weights if key not in CRITERIA_BY_KEY]
    if unknown:
        raise WeightsError(f"There is no criterion called {unknown[0]!r}.")
    vector = np.zeros(len(CRITERIA))
    for position, criterion in enumerate(CRITERIA):
        raw = weights.get(criterion.key, 0.0)
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = math.nan
        if isinstance(raw, bool) or not math.isfinite(value):
            raise WeightsError(f"The weight for {criterion.label} is not a number. Use a number from 0 upwards.")
        if value < 0:
            raise WeightsError(
                f"The weight for {criterion.label} is below zero ({value:g}). Use 0 to leave a criterion out."
            )
        vector[position] = value
    total = vector.sum()
    if total <= 0:
        raise WeightsError("Give at least one criterion a weight above zero.")
    return vector / total


# --- Criterion matrix -------------------------------------------------------------------


def _numbers(candidates: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """A numeric column as floats with its missing mask, neutral-filled."""
    n = len(candidates)
    neutral = NEUTRAL_VALUES[column]
    if column not in candidates.columns:
        return np.full(n, neutral), np.ones(n, dtype=bool)
    values = _floats(candidates[column])
    missing = ~np.isfinite(values)
    return np.where(missing, neutral, values), missing


def _floats(column: pd.Series) -> np.ndarray:
    """A column as floats, NaN where a value is missing or not a number."""
    if not pd.api.types.is_numeric_dtype(column.dtype):
        column = pd.to_numeric(column, errors="coerce")
    return column.to_numpy(dtype=float, na_value=np.nan)


def _stripped(column: pd.Series) -> pd.Series:
    """A column as stripped text, '' where missing."""
    if isinstance(column.dtype, pd.StringDtype):  # pandas' own string columns: no round trip through objects
        return column.str.strip().fillna("")
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def _text_present(candidates: pd.DataFrame, column: str) -> np.ndarray:
    if column not in candidates.columns:
        return np.zeros(len(candidates), dtype=bool)
    return _stripped(candidates[column]).ne("").to_numpy(dtype=bool)


def _number_present(candidates: pd.DataFrame, column: str) -> np.ndarray:
    if column not in candidates.columns:
        return np.zeros(len(candidates), dtype=bool)
    return np.isfinite(_floats(candidates[column]))


def _flag_column(candidates: pd.DataFrame, flag: str, fallback: Callable[[], np.ndarray]) -> np.ndarray:
    if flag in candidates.columns:
        return candidates[flag].fillna(False).astype(bool).to_numpy()
    return fallback()


def _scale(values: np.ndarray) -> np.ndarray:
    return (np.clip(values, 1.0, 5.0) - 1.0) / 4.0


def _log_scale(values: np.ndarray, cap: float) -> np.ndarray:
    return np.clip(np.log10(1.0 + np.maximum(values, 0.0)) / math.log10(1.0 + cap), 0.0, 1.0)


def read_inputs(candidates: pd.DataFrame) -> dict[str, np.ndarray]:
    """Every input the model reads, as arrays: numbers neutral-filled, with a missing mask each."""
    n = len(candidates)
    inputs: dict[str, np.ndarray] = {}
    for name in NEUTRAL_VALUES:
        inputs[name], inputs[f"{name}_missing"] = _numbers(candidates, name)
    if "department_count" in candidates.columns:
        departments = _floats(candidates["department_count"])
        inputs["department_count"] = np.where(np.isfinite(departments), departments, 1.0)
    else:
        inputs["department_count"] = np.ones(n)
    if "votes" in candidates.columns:
        votes = _floats(candidates["votes"])
        inputs["votes"] = np.where(np.isfinite(votes), np.maximum(votes, 0.0), 0.0)
    else:
        inputs["votes"] = np.zeros(n)
    inputs["has_kpi_metric"] = _flag_column(
        candidates, "has_kpi_metric", lambda: _text_present(candidates, "kpi_metric")
    )
    inputs["has_kpi_baseline"] = _flag_column(
        candidates, "has_kpi_baseline", lambda: _number_present(candidates, "kpi_baseline")
    )
    inputs["has_kpi_target"] = _flag_column(
        candidates, "has_kpi_target", lambda: _number_present(candidates, "kpi_target")
    )
    inputs["has_owner"] = _text_present(candidates, "owner" if "owner" in candidates.columns else "owner_name")
    if "data_class" in candidates.columns:
        inputs["data_class"] = _stripped(candidates["data_class"]).str.lower().to_numpy(dtype=object)
    else:
        inputs["data_class"] = np.full(n, "", dtype=object)
    return inputs


def criterion_values(inputs: dict[str, np.ndarray]) -> np.ndarray:
    """The criterion values from the inputs, columns in CRITERIA order."""
    n = len(inputs["votes"])
    most_votes = inputs["votes"].max() if n else 0.0
    columns = {
        "time_recoverable": _log_scale(inputs["hours_per_year"], HOURS_CAP),
        "frequency": _log_scale(inputs["occurrences_per_year"], OCCURRENCES_CAP),
        "error_rework": np.clip(inputs["error_rate_pct"] / ERROR_CAP_PCT, 0.0, 1.0),
        "waiting": np.clip(inputs["waits_on_other_teams"], 0.0, 1.0),
        "customer_impact": np.clip(inputs["customer_impact"], 0.0, 3.0) / 3.0,
        "severity": _scale(inputs["severity"]),
        "breadth": np.clip(inputs["department_count"] - 1.0, 0.0, BREADTH_CAP) / BREADTH_CAP,
        "votes": inputs["votes"] / most_votes if most_votes > 0 else np.zeros(n),
        "io_clarity": _scale(inputs["io_clarity"]),
        "rule_based": _scale(inputs["rule_based"]),
        "data_readiness": _scale((inputs["data_availability"] + inputs["data_quality"]) / 2.0),
        "kpi_defined": (inputs["has_kpi_metric"].astype(float) + inputs["has_kpi_baseline"] + inputs["has_kpi_target"])
        / 3.0,
        "owner_named": inputs["has_owner"].astype(float),
        "change_readiness": _scale(inputs["change_readiness"]),
    }
    if n == 0:
        return np.zeros((0, len(CRITERIA)))
    return np.column_stack([columns[key] for key in CRITERION_KEYS])


def criterion_matrix(candidates: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Criterion values (n x k, each 0..1, higher is better) and which were neutral-filled."""
    inputs = read_inputs(candidates)
    none = np.zeros(len(candidates), dtype=bool)
    flags = pd.DataFrame(
        {
            key: np.logical_or.reduce([inputs.get(f"{name}_missing", none) for name in CRITERIA_BY_KEY[key].inputs])
            for key in CRITERION_KEYS
        },
        index=candidates.index,
    )
    return criterion_values(inputs), flags
