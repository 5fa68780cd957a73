"""Score and rank candidate workflows for a first pilot: criteria, weights, gates, robustness.

A functional core in three layers, as scikit-criteria does it:

- `criterion_matrix` turns a candidates table into an (n, k) matrix of criterion values,
  each 0..1 where higher is better for a first pilot (missing inputs get a neutral value
  and a flag);
- `score` is the bare weighted sum, with no checks;
- `rank_candidates` validates the weights, applies the gates, scores, orders, explains each
  rank in one sentence and measures how stable each rank is when the weights move.

The model is documented, number by number, in docs/scoring.md.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aiadopt.domain.fields import FIELDS_BY_NAME

# --- Scales -----------------------------------------------------------------------------

HOURS_CAP = 10_000.0  # hours lost a year that count as "as much as it gets" (about 6 full-time people)
OCCURRENCES_CAP = 10_000.0  # times a year (40 every working day) that count as "as often as it gets"
ERROR_CAP_PCT = 50.0  # half the cases redone is as bad as rework gets for ranking purposes
BREADTH_CAP = 3  # extra departments beyond the first that count (4 departments = full marks)
UNCLEAR_IO_BELOW = 2.5  # io_clarity (1..5) below this raises the "unclear inputs and outputs" gate
TIE_DECIMALS = 10  # scores (0..1) equal to this many decimals count as a tie

# --- Robustness settings ----------------------------------------------------------------

DEFAULT_DRAWS = 1000
DEFAULT_CONCENTRATION = 50.0
DIRICHLET_EPSILON = 1e-3  # keeps zero-weight criteria near zero in the draws
RANK_RANGE_QUANTILES = (0.05, 0.95)
RANK_RANGE_BUDGET = 1_000_000  # candidate x draw ranks computed for the rank range
RANK_RANGE_MIN_DRAWS = 100
_CHUNK_DRAWS = 64  # draws scored at a time: the block (64 x 10,000 float32, 2.6 MB) is reused
_CHUNK_CELLS = 8_000_000  # at most this many draw x candidate scores per block (32 MB of float32)
_KEY_DRAWS = 16  # draws whose ranks are sorted at a time (16 x 10,000 keys: 1.3 MB)
_PENDING_PAIRS = 1_000_000  # draw x candidate pairs near the top gathered before they are counted

DATA_CLASS_COLOURS = {"green": "#2e7d32", "amber": "#f0a500", "red": "#c62828"}

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
    Criterion("time_recoverable", "Time lost", "value",
              "Hours lost a year, added up across everyone who does the work.",
              "log10(1 + hours) / log10(1 + 10,000), capped at 1",
              ("hours_per_year",)),
    Criterion("frequency", "How often", "value",
              "How many times a year the work happens.",
              "log10(1 + times a year) / log10(1 + 10,000), capped at 1",
              ("occurrences_per_year",)),
    Criterion("error_rework", "Errors and rework", "value",
              "The share of cases that need correcting or doing again.",
              "share redone (%) / 50, capped at 1",
              ("error_rate_pct",)),
    Criterion("waiting", "Waiting on other teams", "value",
              "How much of it stops while another team answers or approves.",
              "share of its pain points that wait on other teams (0 to 1)",
              ("waits_on_other_teams",)),
    Criterion("customer_impact", "Customer impact", "value",
              "How much customers feel the problem.",
              "level (0 none to 3 high) / 3",
              ("customer_impact",)),
    Criterion("severity", "How much it hurts", "value",
              "How much the people doing it feel the pain.",
              "(score on 1 to 5 - 1) / 4",
              ("severity",)),
    Criterion("breadth", "Departments raising it", "value",
              "How many departments raised the same problem.",
              "min(departments - 1, 3) / 3",
              ("department_count",)),
    Criterion("votes", "Votes", "value",
              "The dots participants put on it.",
              "votes / the most votes any candidate got (0 for all when nobody voted)",
              ("votes",)),
    Criterion("io_clarity", "Clear inputs and outputs", "ease",
              "Whether the same inputs give the same outputs every time.",
              "(score on 1 to 5 - 1) / 4",
              ("io_clarity",)),
    Criterion("rule_based", "Follows rules", "ease",
              "Whether the work follows fixed rules rather than judgement.",
              "(score on 1 to 5 - 1) / 4",
              ("rule_based",)),
    Criterion("data_readiness", "Information ready", "ease",
              "Whether the information is easy to get and good enough.",
              "(mean of availability and quality, each 1 to 5, - 1) / 4",
              ("data_availability", "data_quality")),
    Criterion("kpi_defined", "KPI defined", "ease",
              "Whether the measure of success, today's value and the target are known.",
              "a third each for measure, baseline and target",
              ("has_kpi_metric", "has_kpi_baseline", "has_kpi_target")),
    Criterion("owner_named", "Owner named", "ease",
              "Whether someone has volunteered to own the change.",
              "1 when an owner is named, else 0",
              ("owner",)),
    Criterion("change_readiness", "Team ready to change", "ease",
              "Whether the team is asking for a change or would resist it.",
              "(score on 1 to 5 - 1) / 4",
              ("change_readiness",)),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)
_VALUE_MASK = np.array([c.group == "value" for c in CRITERIA])
_EASE_MASK = ~_VALUE_MASK
_VOTES = CRITERION_KEYS.index("votes")

PRESETS: dict[str, dict[str, float]] = {
    # Value and ease count half each; within each half every criterion counts the same.
    "Balanced": {
        "time_recoverable": 3, "frequency": 3, "error_rework": 3, "waiting": 3,
        "customer_impact": 3, "severity": 3, "breadth": 3, "votes": 3,
        "io_clarity": 4, "rule_based": 4, "data_readiness": 4, "kpi_defined": 4,
        "owner_named": 4, "change_readiness": 4,
    },
    "Quick win": {
        "time_recoverable": 1, "frequency": 1, "error_rework": 1, "waiting": 1,
        "customer_impact": 1, "severity": 1, "breadth": 0, "votes": 1,
        "io_clarity": 4, "rule_based": 4, "data_readiness": 4, "kpi_defined": 3,
        "owner_named": 3, "change_readiness": 3,
    },
    "Biggest impact": {
        "time_recoverable": 5, "frequency": 3, "error_rework": 3, "waiting": 2,
        "customer_impact": 3, "severity": 2, "breadth": 3, "votes": 2,
        "io_clarity": 1, "rule_based": 1, "data_readiness": 1, "kpi_defined": 1,
        "owner_named": 1, "change_readiness": 1,
    },
    "Lowest risk": {
        "time_recoverable": 1, "frequency": 1, "error_rework": 1, "waiting": 0,
        "customer_impact": 0, "severity": 1, "breadth": 0, "votes": 1,
        "io_clarity": 3, "rule_based": 2, "data_readiness": 4, "kpi_defined": 4,
        "owner_named": 4, "change_readiness": 3,
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
    **{name: FIELDS_BY_NAME[name].label for name in (
        "error_rate_pct", "waits_on_other_teams", "customer_impact", "severity", "io_clarity",
        "rule_based", "change_readiness", "data_availability", "data_quality",
        "frequency_count", "minutes_per_occurrence", "people_count", "data_sensitivity",
    )},
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
            raise WeightsError(
                f"The weight for {criterion.label} is not a number. Use a number from 0 upwards."
            )
        if value < 0:
            raise WeightsError(
                f"The weight for {criterion.label} is below zero ({value:g}). "
                "Use 0 to leave a criterion out."
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


def _read_inputs(candidates: pd.DataFrame) -> dict[str, np.ndarray]:
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
    inputs["has_kpi_metric"] = _flag_column(candidates, "has_kpi_metric",
                                            lambda: _text_present(candidates, "kpi_metric"))
    inputs["has_kpi_baseline"] = _flag_column(candidates, "has_kpi_baseline",
                                              lambda: _number_present(candidates, "kpi_baseline"))
    inputs["has_kpi_target"] = _flag_column(candidates, "has_kpi_target",
                                            lambda: _number_present(candidates, "kpi_target"))
    inputs["has_owner"] = _text_present(candidates, "owner" if "owner" in candidates.columns else "owner_name")
    if "data_class" in candidates.columns:
        inputs["data_class"] = _stripped(candidates["data_class"]).str.lower().to_numpy(dtype=object)
    else:
        inputs["data_class"] = np.full(n, "", dtype=object)
    return inputs


def _matrix(inputs: dict[str, np.ndarray]) -> np.ndarray:
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
        "kpi_defined": (inputs["has_kpi_metric"].astype(float) + inputs["has_kpi_baseline"]
                        + inputs["has_kpi_target"]) / 3.0,
        "owner_named": inputs["has_owner"].astype(float),
        "change_readiness": _scale(inputs["change_readiness"]),
    }
    if n == 0:
        return np.zeros((0, len(CRITERIA)))
    return np.column_stack([columns[key] for key in CRITERION_KEYS])


def criterion_matrix(candidates: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Criterion values (n x k, each 0..1, higher is better) and which were neutral-filled."""
    inputs = _read_inputs(candidates)
    none = np.zeros(len(candidates), dtype=bool)
    flags = pd.DataFrame(
        {
            key: np.logical_or.reduce([inputs.get(f"{name}_missing", none) for name in CRITERIA_BY_KEY[key].inputs])
            for key in CRITERION_KEYS
        },
        index=candidates.index,
    )
    return _matrix(inputs), flags


def score(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted sum of criterion values per candidate (no checks; weights as given)."""
    # An elementwise product then a row sum, not a BLAS call: the same row always gives the
    # same bits wherever it sits in the matrix, so identical candidates tie exactly.
    return (matrix * weights).sum(axis=1)


# --- Gates ------------------------------------------------------------------------------

GATE_MODES = ("exclude", "flag")

RED_DATA_TEXT = ("Red data: the information is regulated or confidential, so it cannot be used "
                 "for a first pilot as it is.")
NO_OWNER_TEXT = "No one owns this yet: a pilot without an owner stalls."
UNCLEAR_IO_TEXT = "Inputs and outputs are unclear: map the workflow first."
NO_KPI_TEXTS = {
    # (has metric, has baseline, has target) -> text
    (False, False, False): "No KPI yet: agree what to measure, today's value and the target.",
    (False, True, True): "No KPI measure named yet: say what the baseline and target measure.",
    (False, True, False): "No KPI measure or target yet: name the measure and agree the target.",
    (False, False, True): "No KPI measure or baseline yet: name the measure and measure today's value.",
    (True, False, False): "No KPI baseline or target yet: measure today's value and agree the target "
                          "before the pilot starts.",
    (True, False, True): "No KPI baseline yet: measure today's value before the pilot starts.",
    (True, True, False): "No KPI target yet: agree the value that would count as success.",
}
MISSING_TEXT = "Some numbers were not given ({fields}): neutral values were used, so check them with the department."


@dataclass(frozen=True)
class Gates:
    """What happens to candidates that fail a first-pilot condition: "exclude" or "flag"."""

    red_data: str = "exclude"
    no_owner: str = "flag"
    no_kpi: str = "flag"
    unclear_io: str = "flag"

    def __post_init__(self) -> None:
        for name in ("red_data", "no_owner", "no_kpi", "unclear_io"):
            if getattr(self, name) not in GATE_MODES:
                raise ValueError(f"The {name} gate must be 'exclude' or 'flag', not {getattr(self, name)!r}.")


_LIST_LIKE = (list, tuple, set, np.ndarray)


def _missing_inputs(candidates: pd.DataFrame, inputs: dict[str, np.ndarray]) -> dict[int, list[str]]:
    """Row position -> names of the inputs that were missing and neutral-filled (only rows with any)."""
    found: dict[int, list[str]] = defaultdict(list)
    if "missing" in candidates.columns:
        listed = candidates["missing"].to_numpy(dtype=object)
        try:  # most lists are empty, and an empty list is false: only the rest need a closer look
            maybe = np.flatnonzero(listed.astype(bool)).tolist()
        except ValueError:  # an array of several values has no single truth value
            maybe = range(len(listed))
        for position in maybe:
            if isinstance(listed[position], _LIST_LIKE) and len(listed[position]):
                found[position].extend(str(v) for v in listed[position])
    for name in NEUTRAL_VALUES:
        for position in np.flatnonzero(inputs[f"{name}_missing"]).tolist():
            found[position].append(name)
    if "data_class" in candidates.columns:
        unknown = ~np.isin(inputs["data_class"], list(DATA_CLASS_COLOURS))
        for position in np.flatnonzero(unknown).tolist():
            found[position].append("data_sensitivity")
    return {position: list(dict.fromkeys(names)) for position, names in found.items()}


def _gate_outcomes(candidates: pd.DataFrame, inputs: dict[str, np.ndarray], gates: Gates
                   ) -> tuple[np.ndarray, list[tuple[str, ...]], list[tuple[str, ...]], dict[int, str]]:
    """Each candidate's gate outcome, as (outcome per row; reasons to exclude and flags to show
    per outcome, in a fixed order; row position -> the missing-numbers flag).

    Rows with the same gate results share one outcome: a handful of text lists, not n.
    """
    red = inputs["data_class"] == "red"
    kpi = inputs["has_kpi_metric"].astype(np.int64) * 4 + inputs["has_kpi_baseline"] * 2 + inputs["has_kpi_target"]
    unclear = inputs["io_clarity"] < UNCLEAR_IO_BELOW
    code = red.astype(np.int64) | (~inputs["has_owner"] << 1) | (kpi << 2) | (unclear << 5)
    present = np.flatnonzero(np.bincount(code, minlength=64))  # the codes that occur, in order
    lookup = np.zeros(64, dtype=np.int64)
    lookup[present] = np.arange(len(present))
    outcome = lookup[code]
    reasons, flags = [], []
    for value in present.tolist():
        kpi_code = (value >> 2) & 7
        texts = (
            (RED_DATA_TEXT if value & 1 else "", gates.red_data),
            (NO_OWNER_TEXT if value & 2 else "", gates.no_owner),
            (NO_KPI_TEXTS.get((bool(kpi_code & 4), bool(kpi_code & 2), bool(kpi_code & 1)), ""), gates.no_kpi),
            (UNCLEAR_IO_TEXT if value & 32 else "", gates.unclear_io),
        )
        reasons.append(tuple(t for t, mode in texts if t and mode == "exclude"))
        flags.append(tuple(t for t, mode in texts if t and mode == "flag"))
    missing = {}
    for position, names in _missing_inputs(candidates, inputs).items():
        labels = ", ".join(INPUT_LABELS.get(name, name.replace("_", " ")) for name in names)
        missing[position] = MISSING_TEXT.format(fields=labels)
    return outcome, reasons, flags, missing


def _texts_of(rows: np.ndarray, outcome: np.ndarray, texts: list[tuple[str, ...]],
              extra: Mapping[int, str] | None = None) -> list[list[str]]:
    """A fresh list of texts for each row position in `rows`, with the row's extra text appended."""
    out = [list(texts[i]) for i in outcome[rows].tolist()]
    if extra:
        place = np.full(len(outcome), -1, dtype=np.int64)
        place[rows] = np.arange(len(rows))
        for position, text in extra.items():
            if place[position] >= 0:
                out[place[position]].append(text)
    return out


# --- Robustness -------------------------------------------------------------------------


def _stability_weights(weights: Weights | np.ndarray) -> np.ndarray:
    if isinstance(weights, Mapping):
        return weights_vector(weights)
    vector = np.asarray(weights, dtype=float)
    return weights_vector(dict(zip(CRITERION_KEYS, vector)))


def _count_places(near_top: list[tuple[np.ndarray, np.ndarray, np.ndarray]], places: int,
                  firsts: np.ndarray, top3: np.ndarray) -> None:
    """Add up who is 1st and who is in the top `places` of each draw, from (draw, row, score)
    of every score near the top of its draw: by score, then by row (ties go to the earlier row)."""
    if not near_top:
        return
    draw, row, value = (np.concatenate(parts) for parts in zip(*near_top))
    order = np.lexsort((row, -value, draw))
    draw, row = draw[order], row[order]
    first_of_draw = np.r_[0, np.flatnonzero(np.diff(draw)) + 1]
    place = np.arange(len(draw)) - np.repeat(first_of_draw, np.diff(np.r_[first_of_draw, len(draw)]))
    firsts += np.bincount(row[place == 0], minlength=len(firsts))
    top3 += np.bincount(row[place < places], minlength=len(top3))


def rank_stability(matrix: np.ndarray, weights: Weights | np.ndarray, draws: int = 2000,
                   concentration: float = DEFAULT_CONCENTRATION, seed: int = 0) -> pd.DataFrame:
    """How often each row ranks 1st and in the top 3, and its rank range, as the weights move.

    Weights are drawn from a Dirichlet distribution centred on the chosen weights. Ties go to
    the earlier row, so pass rows in the order of the main ranking.
    """
    return pd.DataFrame(_stability(matrix, weights, draws, concentration, seed))


def _stability(matrix: np.ndarray, weights: Weights | np.ndarray, draws: int,
               concentration: float, seed: int) -> dict[str, np.ndarray]:
    """rank_stability's columns as arrays."""
    matrix = np.asarray(matrix, dtype=float)
    n = matrix.shape[0]
    if n == 0 or draws <= 0:
        return {c: np.full(n, np.nan) for c in ("p_first", "p_top3", "rank_min", "rank_max")}
    if concentration <= 0:
        raise ValueError("The concentration must be above zero.")
    centre = _stability_weights(weights)
    rng = np.random.default_rng(seed)
    drawn = rng.dirichlet(concentration * centre + DIRICHLET_EPSILON, size=draws).astype(np.float32)
    # Criteria in rows, candidates in columns: a (draws x k) @ (k x n) product per block of draws.
    values_t = np.ascontiguousarray(matrix.T, dtype=np.float32)
    np.maximum(values_t, np.float32(0.0), out=values_t)
    values_t += np.float32(0.0)  # -0.0 becomes +0.0: no score is negative, so the bit order below holds

    firsts = np.zeros(n, dtype=np.int64)
    top3 = np.zeros(n, dtype=np.int64)
    places = min(3, n)
    near_top: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (draw, row, score) per block
    pending = 0
    sample = min(draws, max(RANK_RANGE_MIN_DRAWS, RANK_RANGE_BUDGET // n))
    # Ranks up to 32,767 fit in 16 bits: half the memory to scatter into and to sort.
    rank_type = np.int16 if n <= np.iinfo(np.int16).max else np.int32
    sample_ranks = np.empty((sample, n), dtype=rank_type)
    positions = np.arange(n, dtype=np.uint64)
    rank_numbers = np.arange(1, n + 1, dtype=rank_type)
    # The leaders on the chosen weights: their 3rd best score in a draw is a floor for the top 3.
    base = score(matrix, centre)
    lead = min(n, 32)
    leaders = np.sort(np.argpartition(-base, lead - 1)[:lead]) if lead < n else np.arange(n)
    chunk = max(1, min(_CHUNK_DRAWS, _CHUNK_CELLS // n, draws))
    block = np.empty((chunk, n), dtype=np.float32)
    at_floor = np.empty((chunk, n), dtype=bool)
    key_buffer = np.empty((min(_KEY_DRAWS, sample), n), dtype=np.uint64)
    for start in range(0, draws, chunk):
        stop = min(start + chunk, draws)
        scores = np.matmul(drawn[start:stop], values_t, out=block[:stop - start])
        if start < sample:
            # Exact ranks with ties to the earlier row: sort a 64-bit key holding the score's
            # bits (non-negative floats order like their bit patterns) above the row position.
            # A few draws at a time, in place, in one reused buffer: fresh large arrays cost
            # page faults.
            for first in range(start, min(stop, sample), _KEY_DRAWS):
                last = min(first + _KEY_DRAWS, stop, sample)
                keys = key_buffer[:last - first]
                keys[...] = scores[first - start:last - start].view(np.uint32)
                np.invert(keys, out=keys)
                keys <<= np.uint64(32)  # the inverted score bits, so the best score sorts first
                keys |= positions
                keys.sort(axis=1)
                keys &= np.uint64(0xFFFFFFFF)  # now the row at each place, draw by draw
                rows = keys.view(np.int64)
                # One draw at a time: its scattered writes stay within one cached row.
                for draw in range(last - first):
                    sample_ranks[first + draw][rows[draw]] = rank_numbers
        # Top 3 without sorting every draw: the 3rd best score among the leaders is a floor
        # no top-3 score can be under; only the few scores at or above it are kept, and
        # counted a batch of blocks at a time.
        floor = np.partition(scores[:, leaders], lead - places, axis=1)[:, lead - places]
        np.greater_equal(scores, floor[:, None], out=at_floor[:stop - start])
        flat = np.flatnonzero(at_floor[:stop - start])
        near_top.append((flat // n + start, flat % n, scores.reshape(-1)[flat]))
        pending += len(flat)
        if pending > _PENDING_PAIRS:
            _count_places(near_top, places, firsts, top3)
            near_top, pending = [], 0
    _count_places(near_top, places, firsts, top3)
    ranks_sorted = np.ascontiguousarray(sample_ranks.T)  # one row per candidate, sorted in place
    ranks_sorted.sort(axis=1)
    low = max(math.ceil(RANK_RANGE_QUANTILES[0] * sample) - 1, 0)
    high = max(math.ceil(RANK_RANGE_QUANTILES[1] * sample) - 1, 0)
    return {
        "p_first": firsts / draws,
        "p_top3": top3 / draws,
        "rank_min": ranks_sorted[:, low].astype(np.int64),
        "rank_max": ranks_sorted[:, high].astype(np.int64),
    }


# --- Ranking ----------------------------------------------------------------------------


@dataclass
class RankingResult:
    """The ranked shortlist, the candidates kept out by a gate, and the weights that were used."""

    ranked: pd.DataFrame
    excluded: pd.DataFrame
    weights: dict[str, float]  # the weights used, each a share of 1 (votes set aside when nobody voted)
    notes: tuple[str, ...] = field(default_factory=tuple)
    reference: dict[str, float] = field(default_factory=dict)  # average criterion values of the ranked


_SUFFIXES = ("th", "st", "nd", "rd")


def _ordinal_suffixes(ranks: np.ndarray) -> list[str]:
    """The ordinal suffix of each rank: 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    ranks = np.asarray(ranks, dtype=np.int64)
    teen = (ranks % 100 >= 10) & (ranks % 100 <= 20)
    last = ranks % 10
    return [_SUFFIXES[i] for i in np.where(teen | (last > 3), 0, last).tolist()]


def _counts(numbers: np.ndarray, one: str, many: str) -> list[str]:
    """'1 hour', '640 hours', '1,250 hours', 'under 1 hour' for each number."""
    return [f"under 1 {one}" if 0 < x < 1 else f"{round(x):,} {one if round(x) == 1 else many}"
            for x in numbers.tolist()]


_STRENGTH = {
    "waiting": "waiting on other teams",
    "customer_impact": "customers feeling it",
    "severity": "how much it hurts",
    "io_clarity": "clear inputs and outputs",
    "rule_based": "following fixed rules",
    "data_readiness": "information that is easy to get and good",
    "kpi_defined": "a KPI with a baseline and a target",
    "owner_named": "a named owner",
    "change_readiness": "a team asking for change",
}
_WEAKNESS = {
    "time_recoverable": "little time lost",
    "frequency": "happening rarely",
    "error_rework": "few errors to remove",
    "waiting": "little waiting on other teams",
    "customer_impact": "little effect on customers",
    "severity": "little pain felt",
    "breadth": "only one department raising it",
    "votes": "few votes",
    "io_clarity": "unclear inputs and outputs",
    "rule_based": "judgement needed every time",
    "data_readiness": "information that is hard to get or unreliable",
    "owner_named": "no owner yet",
    "change_readiness": "a team not yet ready to change",
}
_TIME, _BREADTH = CRITERION_KEYS.index("time_recoverable"), CRITERION_KEYS.index("breadth")
_GOOD_FROM = np.array([1.0 if key == "kpi_defined" else 0.5 for key in CRITERION_KEYS])
_WEAK_BELOW = _GOOD_FROM  # the same line: a criterion is either good or weak
_PREREQUISITE = np.array([key in ("kpi_defined", "owner_named") for key in CRITERION_KEYS])
# Indexed by has_metric * 4 + has_baseline * 2 + has_target.
_KPI_GAPS = np.array([
    "no KPI yet", "no measure or baseline yet", "no measure or target yet", "no measure yet",
    "no baseline or target yet", "no baseline yet", "no target yet", "no KPI yet",
], dtype=object)


def _phrase_facts(inputs: dict[str, np.ndarray], rows: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The numbers and labels the sentences quote, as arrays (optionally only some rows, in order)."""
    take = (lambda a: a) if rows is None else (lambda a: a[rows])
    return {
        "hours": take(inputs["hours_per_year"]),
        "occurrences": take(inputs["occurrences_per_year"]),
        "errors": take(inputs["error_rate_pct"]),
        "votes": take(inputs["votes"]),
        "departments": take(inputs["department_count"]).astype(np.int64),
        "data_class": take(inputs["data_class"]),
        "has_kpi_metric": take(inputs["has_kpi_metric"]),
        "has_kpi_baseline": take(inputs["has_kpi_baseline"]),
        "has_kpi_target": take(inputs["has_kpi_target"]),
    }


def _strength_phrases(key: str, facts: dict[str, np.ndarray], rows: np.ndarray) -> list[str] | str:
    if key == "time_recoverable":
        departments = facts["departments"][rows]
        return [f"{text} a year lost" + (f" across {d} departments" if d > 1 else "")
                for text, d in zip(_counts(facts["hours"][rows], "hour", "hours"), departments.tolist())]
    if key == "frequency":
        return [f"happening {text} a year" for text in _counts(facts["occurrences"][rows], "time", "times")]
    if key == "error_rework":
        return [f"{x:.0f}% of cases redone" for x in facts["errors"][rows].tolist()]
    if key == "breadth":
        return [f"being raised by {d} departments" for d in facts["departments"][rows].tolist()]
    if key == "votes":
        return _counts(facts["votes"][rows], "vote", "votes")
    return _STRENGTH[key]


def _weakness_phrases(key: str, facts: dict[str, np.ndarray], rows: np.ndarray) -> list[str] | str:
    if key != "kpi_defined":
        return _WEAKNESS[key]
    code = (facts["has_kpi_metric"][rows].astype(np.int64) * 4 + facts["has_kpi_baseline"][rows] * 2
            + facts["has_kpi_target"][rows])
    return _KPI_GAPS[code]


def _fill(slots: np.ndarray, phrase: Callable, facts: dict[str, np.ndarray]) -> np.ndarray:
    """An object array of phrases, one per row, for the criterion index in `slots` ('' for -1)."""
    out = np.full(len(slots), "", dtype=object)
    for index in np.flatnonzero(np.bincount(slots[slots >= 0], minlength=len(CRITERIA))):
        rows = np.flatnonzero(slots == index)
        out[rows] = phrase(CRITERION_KEYS[index], facts, rows)
    return out


def _compact(slots: np.ndarray) -> np.ndarray:
    """Move the -1 (empty) slots of each row to the end, keeping the order of the others."""
    order = np.argsort(slots < 0, axis=1, kind="stable")
    return np.take_along_axis(slots, order, axis=1)


def _join_phrases(parts: list[np.ndarray]) -> np.ndarray:
    """Join up to three phrase columns per row as 'a', 'a and b' or 'a, b and c' ('' stays '')."""
    stacked = np.column_stack(parts) if parts else np.zeros((0, 0), dtype=object)
    filled = stacked != ""
    order = np.argsort(~filled, axis=1, kind="stable")
    stacked = np.take_along_axis(stacked, order, axis=1)
    count = filled.sum(axis=1)
    first = stacked[:, 0]
    out = first.copy()
    if stacked.shape[1] >= 2:
        out = np.where(count == 2, first + " and " + stacked[:, 1], out)
    if stacked.shape[1] >= 3:
        out = np.where(count == 3, first + ", " + stacked[:, 1] + " and " + stacked[:, 2], out)
    return out


def _pick(values: np.ndarray, weights: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: 3 strength and 2 weakness criterion indices (-1 for none), judged against the average.

    A strength is a criterion where the candidate is good (value >= 0.5) and earns more points
    than the average candidate; a weakness is one where it is weak (value < 0.5) and earns
    fewer. A KPI counts as a strength only when complete and as a weakness whenever a part
    is missing; a missing owner or KPI part (first-pilot conditions) is named before any
    other weakness. Criteria every candidate shares explain nothing about the order, so
    they come last; when nothing stands out (one candidate, all alike), absolute points decide.
    """
    # One criterion at a time, along all candidates: each step works on one short row (in
    # cache, no large temporary arrays), with the criterion's weight and average as numbers.
    values = np.ascontiguousarray(values.T)
    good = np.full(values.shape, -1.0)
    bad = np.full(values.shape, -1.0)
    for criterion, (value, weight, average) in enumerate(zip(values, weights.tolist(), reference.tolist())):
        if not weight > 0:
            continue
        gap = (value - average) * weight
        good[criterion] = np.where(value >= _GOOD_FROM[criterion], np.where(gap > 0, 1.0 + gap, value * weight), -1.0)
        lost = (1.0 - value) * weight
        weak = np.where(gap < 0, 1.0 - gap, lost)
        if _PREREQUISITE[criterion]:  # a missing owner or KPI part: always named first
            weak = np.where(weak > 0, 3.0 + lost, weak)
        bad[criterion] = np.where(value < _WEAK_BELOW[criterion], weak, -1.0)
    return _top(good, 3), _top(bad, 2)


def _top(merit: np.ndarray, count: int) -> np.ndarray:
    """Per column of `merit` (criteria in rows), the row indices of its `count` largest positive
    values, best first, -1 when fewer; among equals the earlier criterion comes first.

    `merit` is used up: each pick is set to -inf before the next.
    """
    criteria, n = merit.shape
    columns = np.arange(n)
    picked = np.full((n, count), -1, dtype=np.int64)
    for place in range(min(count, criteria)):
        best = np.maximum.reduce(merit, axis=0)
        index = np.full(n, criteria - 1, dtype=np.int64)
        for criterion in range(criteria - 2, -1, -1):  # last to first, so the earliest equal one wins
            np.copyto(index, criterion, where=merit[criterion] == best)
        picked[:, place] = np.where(best > 0, index, -1)
        merit[index, columns] = -np.inf
    return picked


def _held_back(worst: np.ndarray, facts: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """What holds each row back, as (a code per row, the phrase of each code):
    'amber data, no owner yet and few votes' ('' for nothing).

    The phrase depends only on the data class, the two weakness criteria and which KPI parts
    are missing, so each distinct combination is phrased once and shared by its rows.
    """
    data_class = facts["data_class"]
    held = np.where(data_class == "amber", 1, np.where(data_class == "red", 2, 0))
    kpi = facts["has_kpi_metric"].astype(np.int64) * 4 + facts["has_kpi_baseline"] * 2 + facts["has_kpi_target"]
    combination = ((held * 16 + worst[:, 0] + 1) * 16 + worst[:, 1] + 1) * 8 + kpi
    seen = np.zeros(3 * 16 * 16 * 8, dtype=np.int64)
    seen[combination] = np.arange(len(combination))  # one row (any) standing for each combination
    codes = np.flatnonzero(np.bincount(combination, minlength=len(seen)))
    first = seen[codes]
    facts = {name: values[first] for name, values in facts.items()}
    held = np.where(held[first] > 0, facts["data_class"] + " data", "").astype(object)
    phrases = _join_phrases([held, _fill(worst[first, 0], _weakness_phrases, facts),
                             _fill(worst[first, 1], _weakness_phrases, facts)])
    seen[codes] = np.arange(len(codes))
    return seen[combination], phrases


def _tail(one: str, two: str, weakness: str) -> str:
    """A sentence after its rank: ' mainly for A and B; held back by C.'"""
    strengths = f" mainly for {one} and {two}" if two else f" mainly for {one}" if one else " with no clear strength"
    return strengths + (f"; held back by {weakness}." if weakness else ".")


# Strengths that quote the candidate's own numbers ("640 hours a year lost"); the last entry
# stands for "no strength" (-1).
_QUOTES_NUMBERS = np.array([key not in _STRENGTH for key in CRITERION_KEYS] + [False])


def _explanations(ranks: np.ndarray, values: np.ndarray, weights: np.ndarray, reference: np.ndarray,
                  facts: dict[str, np.ndarray]) -> list[str]:
    """One sentence per row: 'Ranks 2nd mainly for A and B; held back by C and D.'"""
    if len(ranks) == 0:
        return []
    best, worst = _pick(values, weights, reference)
    # "640 hours a year lost across 3 departments" already says the breadth.
    said = ((best == _TIME).any(axis=1) & (facts["departments"] > 1))[:, None]
    repeated = (best == _BREADTH) & said
    best = (_compact(np.where(repeated, -1, best)) if repeated.any() else best)[:, :2]
    held, weaknesses = _held_back(worst, facts)
    tails = np.empty(len(best), dtype=object)
    # Most rows are told in fixed words, in a few hundred combinations at most: each is
    # worded once. Rows quoting their own numbers are worded one by one.
    own = _QUOTES_NUMBERS[best].any(axis=1)
    rows = np.flatnonzero(~own)
    combination = ((best[rows, 0] + 1) * 16 + best[rows, 1] + 1) * len(weaknesses) + held[rows]
    _, first, which = np.unique(combination, return_index=True, return_inverse=True)
    first = rows[first]  # a row standing for each combination
    strength = [_STRENGTH.get(key, "") for key in CRITERION_KEYS] + [""]  # [-1] is "no strength"
    worded = [_tail(strength[one], strength[two], weaknesses[code]) for one, two, code in
              zip(best[first, 0].tolist(), best[first, 1].tolist(), held[first].tolist())]
    tails[rows] = np.array(worded, dtype=object)[which.reshape(-1)]
    rows = np.flatnonzero(own)
    if len(rows):
        some = {name: values[rows] for name, values in facts.items()}
        ones = _fill(best[rows, 0], _strength_phrases, some).tolist()
        twos = _fill(best[rows, 1], _strength_phrases, some).tolist()
        tails[rows] = [_tail(one, two, weaknesses[code]) for one, two, code in zip(ones, twos, held[rows].tolist())]
    return [f"Ranks {rank}{suffix}{tail}" for rank, suffix, tail in
            zip(np.asarray(ranks).tolist(), _ordinal_suffixes(ranks), tails.tolist())]


def explain(candidate_row: Mapping, rank: int, weights: Weights | None = None,
            reference: Mapping[str, float] | None = None) -> str:
    """One sentence saying why a candidate ranks where it does (strengths, then what holds it back).

    `weights` are the weights used (default: equal); `reference` the average criterion values
    of the ranked candidates (RankingResult.reference; default: the candidate itself).
    """
    vector = weights_vector(weights) if weights is not None else np.full(len(CRITERIA), 1 / len(CRITERIA))
    values = np.array([[float(candidate_row.get(f"criterion_{key}", 0.0)) for key in CRITERION_KEYS]])
    centre = values[0] if reference is None else np.array([float(reference[key]) for key in CRITERION_KEYS])
    row = candidate_row.to_dict() if isinstance(candidate_row, pd.Series) else dict(candidate_row)
    facts = _phrase_facts(_read_inputs(pd.DataFrame([row])))
    return _explanations(np.array([rank]), values, vector, centre, facts)[0]


LEAD_COLUMNS = (
    "rank", "candidate_id", "title", "score", "value_score", "ease_score", "p_first", "p_top3",
    "rank_min", "rank_max", "flags", "explanation", "hours_per_year", "occurrences_per_year",
    "departments", "department_count", "member_count", "data_class", "owner", "kpi_metric",
    "kpi_unit", "kpi_baseline", "kpi_target", "votes",
)


def _effective_weights(centre: np.ndarray, votes: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Sets the votes weight aside when nobody has voted, so it holds no one back."""
    if centre[_VOTES] == 0 or votes.size == 0 or votes.max() > 0:
        return centre, ()
    rest = centre.copy()
    rest[_VOTES] = 0.0
    if rest.sum() == 0:
        return centre, ("Nobody has voted yet and only votes carry weight, so every candidate scores 0.",)
    return rest / rest.sum(), ("Nobody has voted yet: the votes weight was set aside so it holds no one back.",)


def _group_score(matrix: np.ndarray, centre: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = centre[mask]
    if weights.sum() == 0:
        weights = np.ones(mask.sum())  # a group with no weight still gets a position on the chart
    return score(matrix[:, mask], weights / weights.sum())


def _frame(candidates: pd.DataFrame, rows: np.ndarray, lead: list[str], computed: Mapping[str, object]) -> pd.DataFrame:
    """The ranked table built in one go: the `lead` columns first, then the other computed
    columns, then the candidates' own columns (rows `rows`, in that order); a lead column
    found nowhere is left empty."""
    part = candidates.iloc[rows].reset_index(drop=True)
    names = lead + [c for c in computed if c not in lead]
    names += [c for c in candidates.columns if c not in computed and c not in names]
    columns = {}
    for name in names:
        if name in computed:
            columns[name] = computed[name]
        elif name in part.columns:
            columns[name] = part[name]
        else:
            columns[name] = np.full(len(rows), None, dtype=object)
    return pd.DataFrame(columns)


def rank_candidates(candidates: pd.DataFrame, weights: Weights | None = None, gates: Gates | None = None,
                    *, draws: int = DEFAULT_DRAWS, concentration: float = DEFAULT_CONCENTRATION,
                    seed: int = 0) -> RankingResult:
    """Score, gate, order and explain candidate workflows; rank 1 is the best first pilot."""
    weights = PRESETS["Balanced"] if weights is None else weights
    gates = Gates() if gates is None else gates
    centre = weights_vector(weights)
    candidates = candidates.reset_index(drop=True)
    if "candidate_id" not in candidates.columns:
        raise ValueError("The candidates table needs a candidate_id column.")
    if candidates["candidate_id"].duplicated().any():
        raise ValueError("Each candidate workflow needs its own candidate_id.")
    inputs = _read_inputs(candidates)
    matrix = _matrix(inputs)
    effective, notes = _effective_weights(centre, inputs["votes"])
    outcome, reasons, flags, missing = _gate_outcomes(candidates, inputs, gates)
    keep = ~np.array([bool(r) for r in reasons], dtype=bool)[outcome]

    scores = score(matrix, effective)
    hours = inputs["hours_per_year"]
    ids = candidates["candidate_id"].to_numpy()
    kept = np.flatnonzero(keep)
    # Score descending, then more hours lost, then the smaller candidate_id.
    order = kept[np.lexsort((ids[kept], -hours[kept], -np.round(scores[kept], TIE_DECIMALS)))]

    ranked_matrix = matrix[order]
    reference = ranked_matrix.mean(axis=0) if len(order) else np.zeros(len(CRITERIA))
    ranks = np.arange(1, len(order) + 1)
    contributions = ranked_matrix * effective * 100.0
    computed: dict[str, object] = {
        "rank": ranks,
        "score": scores[order] * 100.0,
        "value_score": _group_score(ranked_matrix, effective, _VALUE_MASK),
        "ease_score": _group_score(ranked_matrix, effective, _EASE_MASK),
        "flags": _texts_of(order, outcome, flags, missing),
        "explanation": _explanations(ranks, ranked_matrix, effective, reference, _phrase_facts(inputs, order)),
        **{f"criterion_{key}": ranked_matrix[:, i] for i, key in enumerate(CRITERION_KEYS)},
        **{f"contribution_{key}": contributions[:, i] for i, key in enumerate(CRITERION_KEYS)},
    }
    computed.update(_stability(ranked_matrix, effective, draws, concentration, seed))
    rest = [c for c in computed if c not in LEAD_COLUMNS]
    table = _frame(candidates, order, list(LEAD_COLUMNS) + rest, computed)

    out = np.flatnonzero(~keep)
    excluded = candidates.iloc[out].reset_index(drop=True)
    excluded.insert(0, "reasons", _texts_of(out, outcome, reasons))
    first = [c for c in ("candidate_id", "title", "reasons") if c in excluded.columns]
    excluded = excluded[first + [c for c in excluded.columns if c not in first]]
    used = {key: float(effective[i]) for i, key in enumerate(CRITERION_KEYS)}
    return RankingResult(ranked=table, excluded=excluded, weights=used, notes=notes,
                         reference={key: float(reference[i]) for i, key in enumerate(CRITERION_KEYS)})


def contributions_long(result: RankingResult, candidate_id: int) -> pd.DataFrame:
    """One row per criterion for one ranked candidate: value, weight share, points earned and lost."""
    rows = result.ranked[result.ranked["candidate_id"] == candidate_id]
    if rows.empty:
        raise KeyError(f"Candidate {candidate_id} is not in the ranked list.")
    row = rows.iloc[0]
    records = []
    for criterion in CRITERIA:
        value = float(row[f"criterion_{criterion.key}"])
        weight = result.weights[criterion.key]
        records.append({
            "criterion": criterion.key,
            "label": criterion.label,
            "group": criterion.group,
            "value": value,
            "weight": weight,
            "contribution": float(row[f"contribution_{criterion.key}"]),
            "lost": weight * (1.0 - value) * 100.0,
        })
    return pd.DataFrame(records)


# --- Figures ----------------------------------------------------------------------------

_FONT = dict(size=18)


def _plain(text: object, limit: int = 60) -> str:
    """Participant text made safe for a chart label (no markup) and short enough to read."""
    value = str(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return html.escape(value)


LABELLED_RANKS = 20  # bubbles that show their rank number on the matrix


def value_ease_figure(ranked: pd.DataFrame) -> go.Figure:
    """Value against ease for each ranked candidate, bubbles sized by hours lost, coloured by data class."""
    figure = go.Figure()
    if len(ranked):
        hours = pd.to_numeric(ranked["hours_per_year"], errors="coerce").fillna(0.0).clip(lower=0.0)
        size_ref = 2.0 * max(float(hours.max()), 1.0) / (60.0 ** 2)
    for data_class, colour in DATA_CLASS_COLOURS.items():
        part = ranked[ranked["data_class"].astype(str) == data_class] if len(ranked) else ranked
        if not len(part):
            continue
        part_hours = pd.to_numeric(part["hours_per_year"], errors="coerce").fillna(0.0).clip(lower=0.0).to_numpy()
        ranks = part["rank"].to_numpy()
        # Numpy arrays keep plotly's per-element validation out of the way on large workshops;
        # only the leading ranks carry a number on the bubble, the rest say it on hover.
        figure.add_trace(go.Scatter(
            x=part["ease_score"].to_numpy(dtype=float), y=part["value_score"].to_numpy(dtype=float),
            mode="markers+text", name=f"{data_class.capitalize()} data",
            text=np.where(ranks <= LABELLED_RANKS, ranks.astype(str), ""), textposition="middle center",
            textfont=dict(size=16, color="white"),
            marker=dict(size=np.clip(part_hours, 1.0, None), sizemode="area", sizeref=size_ref, sizemin=14,
                        color=colour, line=dict(width=1, color="#333333"), opacity=0.85),
            hovertext=np.array([f"{r}. {_plain(t)}<br>{h:,.0f} hours a year" for r, t, h in
                                zip(ranks, part["title"], part_hours)], dtype=str),
            hoverinfo="text",
        ))
    line = dict(color="#888888", width=2, dash="dash")
    figure.add_shape(type="line", x0=0.5, x1=0.5, y0=0, y1=1, line=line)
    figure.add_shape(type="line", x0=0, x1=1, y0=0.5, y1=0.5, line=line)
    for x, y, label in ((0.98, 0.98, "Quick wins"), (0.02, 0.98, "Big bets"),
                        (0.98, 0.02, "Fill-ins"), (0.02, 0.02, "Not now")):
        figure.add_annotation(x=x, y=y, text=f"<b>{label}</b>", showarrow=False, font=dict(size=20, color="#555555"),
                              xanchor="right" if x > 0.5 else "left", yanchor="top" if y > 0.5 else "bottom")
    figure.update_layout(
        title=dict(text="Value and ease of each candidate workflow", font=dict(size=24)),
        xaxis=dict(title="Ease: how ready it is to start", range=[0, 1], tickformat=".1f"),
        yaxis=dict(title="Value: what fixing it is worth", range=[0, 1], tickformat=".1f"),
        font=_FONT, legend=dict(title="Data class"), plot_bgcolor="white", height=650,
    )
    figure.update_xaxes(showgrid=False, zeroline=False, linecolor="#888888", mirror=True)
    figure.update_yaxes(showgrid=False, zeroline=False, linecolor="#888888", mirror=True)
    return figure


def hours_by_department(rows: pd.DataFrame | list[dict]) -> pd.Series:
    """Hours lost a year per department, largest first, from pain points or from candidates."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.Series(dtype=float, name="hours_per_year")
    if "hours_by_department" in frame.columns:
        pairs = [(d, h) for mapping in frame["hours_by_department"] if isinstance(mapping, Mapping)
                 for d, h in mapping.items()]
        frame = pd.DataFrame(pairs, columns=["department", "hours_per_year"])
    if frame.empty:
        return pd.Series(dtype=float, name="hours_per_year")
    hours = pd.to_numeric(frame["hours_per_year"], errors="coerce").fillna(0.0)
    totals = hours.groupby(frame["department"].astype(str)).sum()
    return totals.sort_values(ascending=False, kind="stable").rename("hours_per_year")


def hours_by_department_figure(rows: pd.DataFrame | list[dict]) -> go.Figure:
    """Horizontal bars of hours lost a year per department (pain points, or candidates with hours_by_department)."""
    totals = hours_by_department(rows).iloc[::-1]
    figure = go.Figure(go.Bar(
        x=totals.to_numpy(), y=[_plain(d, 40) for d in totals.index], orientation="h",
        marker_color="#3f6fb5", text=[f"{h:,.0f} h" for h in totals.to_numpy()], textposition="auto",
        hovertemplate="%{y}: %{x:,.0f} hours a year<extra></extra>",
    ))
    figure.update_layout(
        title=dict(text="Hours lost a year, by department", font=dict(size=24)),
        xaxis=dict(title="Hours a year", tickformat=",.0f"), font=_FONT, plot_bgcolor="white",
        height=max(350, 80 + 50 * len(totals)), margin=dict(l=20),
    )
    return figure


def contribution_figure(result: RankingResult, candidate_id: int) -> go.Figure:
    """Horizontal bars: the points each criterion adds to one candidate's score, and the points it misses."""
    parts = contributions_long(result, candidate_id).iloc[::-1]
    row = result.ranked[result.ranked["candidate_id"] == candidate_id].iloc[0]
    colours = ["#3f6fb5" if g == "value" else "#2e8b57" for g in parts["group"]]
    details = np.column_stack([parts["value"], parts["weight"] * 100.0])
    figure = go.Figure()
    figure.add_trace(go.Bar(
        x=parts["contribution"], y=parts["label"], orientation="h", marker_color=colours, name="Points earned",
        text=[f"{c:.1f}" for c in parts["contribution"]], textposition="inside", customdata=details,
        hovertemplate="%{y}: %{x:.1f} points earned<br>value %{customdata[0]:.2f} of 1, "
                      "weight %{customdata[1]:.1f}%<extra></extra>",
    ))
    figure.add_trace(go.Bar(
        x=parts["lost"], y=parts["label"], orientation="h", marker_color="#d9d9d9", name="Points missed",
        customdata=details, hovertemplate="%{y}: %{x:.1f} points missed<extra></extra>",
    ))
    figure.update_layout(
        barmode="stack",
        title=dict(text=f"Why it scores {row['score']:.0f} of 100: {_plain(row['title'], 50)}", font=dict(size=22)),
        xaxis=dict(title="Points (blue: value, green: ease, grey: missed; a full bar is the criterion's weight)"),
        font=_FONT, plot_bgcolor="white", height=650, margin=dict(l=20), showlegend=False,
    )
    return figure
