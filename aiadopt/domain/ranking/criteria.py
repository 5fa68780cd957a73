"""Criteria of the ranking, one record each: what it measures, the inputs it reads, how they become 0..1,
its weight in each preset, and how a sentence names it as a strength or a weakness.

Everything else is derived from the records: the presets table, the neutral values, the input labels,
the candidate table's columns (`domain/candidates.py` combines each input over a merged candidate's
members as its record says) and the explanation phrases. Adding a criterion is adding one record here
(and its line in docs/scoring.md). The model is documented, number by number, in docs/scoring.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

import numpy as np
import pandas as pd

from aiadopt import i18n
from aiadopt.domain.fields import FIELDS_BY_NAME
from aiadopt.domain.language import N_, SOURCE_LANGUAGE
from aiadopt.domain.ranking.inputs import (
    CANDIDATE_FACTS,
    Input,
    field_input,
    highest,
    mean_by_occurrences,
    member_hours,
    member_occurrences,
    number,
    total,
)

# --- Scales -----------------------------------------------------------------------------

HOURS_CAP = 10_000.0  # hours lost a year that count as "as much as it gets" (about 6 full-time people)
OCCURRENCES_CAP = 10_000.0  # times a year (40 every working day) that count as "as often as it gets"
ERROR_CAP_PCT = 50.0  # half the cases redone is as bad as rework gets for ranking purposes
BREADTH_CAP = 3  # extra departments beyond the first that count (4 departments = full marks)

Weights: TypeAlias = Mapping[str, float]
Inputs: TypeAlias = Mapping[str, np.ndarray]  # every input of every candidate, by input name
Facts: TypeAlias = Mapping[str, Any]  # one candidate's inputs and data class, as plain numbers


# --- Criteria -------------------------------------------------------------------------------


class Presets(NamedTuple):
    """A criterion's weight (0 to 5) in each preset."""

    balanced: float
    quick_win: float
    biggest_impact: float
    lowest_risk: float


PRESET_NAMES: dict[str, str] = {
    "balanced": N_("Balanced"),  # value and ease count half each; within each half every criterion the same
    "quick_win": N_("Quick win"),
    "biggest_impact": N_("Biggest impact"),
    "lowest_risk": N_("Lowest risk"),
}

Phrase: TypeAlias = str | Callable[[Facts], str]


@dataclass(frozen=True)
class Criterion:
    """One criterion of the ranking: what it measures, how its inputs become 0..1 (higher is better
    for a first pilot), its weight in each preset, and its words in an explanation."""

    key: str
    label: str
    group: str  # "value" (what fixing it is worth) or "ease" (how ready it is to start)
    description: str
    transform: str  # the rule in words, as docs/scoring.md and the Rank page's help show it
    inputs: tuple[Input, ...]  # numbers read from pain points; facts (CANDIDATE_FACTS) are not listed
    score: Callable[[Inputs], np.ndarray]
    presets: Presets
    strength: Phrase  # 'mainly for <strength>'
    weakness: Phrase  # 'held back by <weakness>'
    good_from: float = 0.5  # a value from here up is a strength, below it a weakness
    first_pilot_condition: bool = False  # a weakness here is named before any other
    also_says: Callable[[Facts], tuple[str, ...]] | None = None  # criteria its strength phrase already names

    def phrase(self, strong: bool, facts: Facts) -> str:
        """The words for this criterion as a strength or a weakness of one candidate."""
        phrase = self.strength if strong else self.weakness
        return i18n.t(phrase) if isinstance(phrase, str) else phrase(facts)


def scale(values: np.ndarray) -> np.ndarray:
    """A 1..5 answer as 0..1: (x - 1) / 4."""
    return (np.clip(values, 1.0, 5.0) - 1.0) / 4.0


def log_scale(values: np.ndarray, cap: float) -> np.ndarray:
    """log10(1 + x) / log10(1 + cap), capped at 1."""
    return np.clip(np.log10(1.0 + np.maximum(values, 0.0)) / math.log10(1.0 + cap), 0.0, 1.0)


def share_of_most(values: np.ndarray) -> np.ndarray:
    """Each value as a share of the largest (0 for all when the largest is 0)."""
    most = values.max() if len(values) else 0.0
    return values / most if most > 0 else np.zeros(len(values))


# What `counted` counts: each a plural pair, written out for the catalogues' extraction (tn:1,2).
_COUNTS: dict[str, Callable[[int], str]] = {
    "hour": lambda n: i18n.tn("{n} hour", "{n} hours", n),
    "time": lambda n: i18n.tn("{n} time", "{n} times", n),
    "vote": lambda n: i18n.tn("{n} vote", "{n} votes", n),
}


def counted(amount: float, what: str) -> str:
    """'1 hour', '640 hours', '1,250 hours', 'under 1 hour' (`what`: hour, time or vote), in the language
    being spoken."""
    if 0 < amount < 1:
        return i18n.t("under {amount}", amount=_COUNTS[what](1))
    return _COUNTS[what](round(amount))


def share_text(percent: float) -> str:
    """A percentage (12.0) in whole per cent, as the language being spoken writes it (12%, 12 %)."""
    if i18n.current_language() == SOURCE_LANGUAGE:
        return f"{percent:.0f}%"
    return i18n.percent(round(percent) / 100)


_KPI_GAPS = {  # (has measure, has baseline, has target) -> what is missing
    (False, False, False): N_("no KPI yet"),
    (False, False, True): N_("no measure or baseline yet"),
    (False, True, False): N_("no measure or target yet"),
    (False, True, True): N_("no measure yet"),
    (True, False, False): N_("no baseline or target yet"),
    (True, False, True): N_("no baseline yet"),
    (True, True, False): N_("no target yet"),
    (True, True, True): N_("no KPI yet"),  # never said: a complete KPI is not a weakness
}


def kpi_gap(facts: Facts) -> str:
    """Which parts of a candidate's KPI are missing, in words."""
    gap = _KPI_GAPS[(bool(facts["has_kpi_metric"]), bool(facts["has_kpi_baseline"]), bool(facts["has_kpi_target"]))]
    return i18n.t(gap)


def _one_to_five(name: str) -> Input:
    return field_input(name, neutral=3.0)


HOURS = Input("hours_per_year", N_("Hours lost per year"), 0.0, total, member_hours)
OCCURRENCES = Input("occurrences_per_year", N_("Times per year"), 0.0, total, member_occurrences)

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "time_recoverable",
        N_("Time lost"),
        "value",
        "Hours lost a year, added up across everyone who does the work.",
        "log10(1 + hours) / log10(1 + 10,000), capped at 1",
        (HOURS,),
        lambda x: log_scale(x["hours_per_year"], HOURS_CAP),
        Presets(3, 1, 5, 1),
        strength=lambda f: i18n.t("{hours} a year lost", hours=counted(f["hours_per_year"], "hour"))
        + (i18n.t(" across {n} departments", n=f["department_count"]) if f["department_count"] > 1 else ""),
        weakness=N_("little time lost"),
        also_says=lambda f: ("breadth",) if f["department_count"] > 1 else (),
    ),
    Criterion(
        "frequency",
        N_("How often"),
        "value",
        "How many times a year the work happens.",
        "log10(1 + times a year) / log10(1 + 10,000), capped at 1",
        (OCCURRENCES,),
        lambda x: log_scale(x["occurrences_per_year"], OCCURRENCES_CAP),
        Presets(3, 1, 3, 1),
        strength=lambda f: i18n.t("happening {times} a year", times=counted(f["occurrences_per_year"], "time")),
        weakness=N_("happening rarely"),
    ),
    Criterion(
        "error_rework",
        N_("Errors and rework"),
        "value",
        "The share of cases that need correcting or doing again.",
        "share redone (%) / 50, capped at 1",
        (field_input("error_rate_pct", 0.0, mean_by_occurrences),),
        lambda x: np.clip(x["error_rate_pct"] / ERROR_CAP_PCT, 0.0, 1.0),
        Presets(3, 1, 3, 1),
        strength=lambda f: i18n.t("{share} of cases redone", share=share_text(f["error_rate_pct"])),
        weakness=N_("few errors to remove"),
    ),
    Criterion(
        "waiting",
        N_("Waiting on other teams"),
        "value",
        "How much of it stops while another team answers or approves.",
        "share of its pain points that wait on other teams (0 to 1)",
        (field_input("waits_on_other_teams", 0.0),),
        lambda x: np.clip(x["waits_on_other_teams"], 0.0, 1.0),
        Presets(3, 1, 2, 0),
        strength=N_("waiting on other teams"),
        weakness=N_("little waiting on other teams"),
    ),
    Criterion(
        "customer_impact",
        N_("Customer impact"),
        "value",
        "How much customers feel the problem.",
        "level (0 none to 3 high) / 3",
        (field_input("customer_impact", 0.0, highest),),
        lambda x: np.clip(x["customer_impact"], 0.0, 3.0) / 3.0,
        Presets(3, 1, 3, 0),
        strength=N_("customers feeling it"),
        weakness=N_("little effect on customers"),
    ),
    Criterion(
        "severity",
        N_("How much it hurts"),
        "value",
        "How much the people doing it feel the pain.",
        "(score on 1 to 5 - 1) / 4",
        (_one_to_five("severity"),),
        lambda x: scale(x["severity"]),
        Presets(3, 1, 2, 1),
        strength=N_("how much it hurts"),
        weakness=N_("little pain felt"),
    ),
    Criterion(
        "breadth",
        N_("Departments raising it"),
        "value",
        "How many departments raised the same problem.",
        "min(departments - 1, 3) / 3",
        (),
        lambda x: np.clip(x["department_count"] - 1.0, 0.0, BREADTH_CAP) / BREADTH_CAP,
        Presets(3, 0, 3, 0),
        strength=lambda f: i18n.t("being raised by {n} departments", n=f["department_count"]),
        weakness=N_("only one department raising it"),
    ),
    Criterion(
        "votes",
        N_("Votes"),
        "value",
        "The dots participants put on it.",
        "votes / the most votes any candidate got (0 for all when nobody voted)",
        (),
        lambda x: share_of_most(x["votes"]),
        Presets(3, 1, 2, 1),
        strength=lambda f: counted(f["votes"], "vote"),
        weakness=N_("few votes"),
    ),
    Criterion(
        "io_clarity",
        N_("Clear inputs and outputs"),
        "ease",
        "Whether the same inputs give the same outputs every time.",
        "(score on 1 to 5 - 1) / 4",
        (_one_to_five("io_clarity"),),
        lambda x: scale(x["io_clarity"]),
        Presets(4, 4, 1, 3),
        strength=N_("clear inputs and outputs"),
        weakness=N_("unclear inputs and outputs"),
    ),
    Criterion(
        "rule_based",
        N_("Follows rules"),
        "ease",
        "Whether the work follows fixed rules rather than judgement.",
        "(score on 1 to 5 - 1) / 4",
        (_one_to_five("rule_based"),),
        lambda x: scale(x["rule_based"]),
        Presets(4, 4, 1, 2),
        strength=N_("following fixed rules"),
        weakness=N_("judgement needed every time"),
    ),
    Criterion(
        "data_readiness",
        N_("Information ready"),
        "ease",
        "Whether the information is easy to get and good enough.",
        "(mean of availability and quality, each 1 to 5, - 1) / 4",
        (_one_to_five("data_availability"), _one_to_five("data_quality")),
        lambda x: scale((x["data_availability"] + x["data_quality"]) / 2.0),
        Presets(4, 4, 1, 4),
        strength=N_("information that is easy to get and good"),
        weakness=N_("information that is hard to get or unreliable"),
    ),
    Criterion(
        "kpi_defined",
        N_("KPI defined"),
        "ease",
        "Whether the measure of success, today's value and the target are known.",
        "a third each for measure, baseline and target",
        (),
        lambda x: (x["has_kpi_metric"] + x["has_kpi_baseline"] + x["has_kpi_target"]) / 3.0,
        Presets(4, 3, 1, 4),
        strength=N_("a KPI with a baseline and a target"),
        weakness=kpi_gap,
        good_from=1.0,  # only a complete KPI is a strength
        first_pilot_condition=True,
    ),
    Criterion(
        "owner_named",
        N_("Owner named"),
        "ease",
        "Whether someone has volunteered to own the change.",
        "1 when an owner is named, else 0",
        (),
        lambda x: x["has_owner"].astype(float),
        Presets(4, 3, 1, 4),
        strength=N_("a named owner"),
        weakness=N_("no owner yet"),
        first_pilot_condition=True,
    ),
    Criterion(
        "change_readiness",
        N_("Team ready to change"),
        "ease",
        "Whether the team is asking for a change or would resist it.",
        "(score on 1 to 5 - 1) / 4",
        (_one_to_five("change_readiness"),),
        lambda x: scale(x["change_readiness"]),
        Presets(4, 3, 1, 3),
        strength=N_("a team asking for change"),
        weakness=N_("a team not yet ready to change"),
    ),
)

# --- Derived from the records (never written twice) -----------------------------------------

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}
CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)
CRITERION_LABELS: dict[str, str] = {c.key: c.label for c in CRITERIA}
VALUE_MASK = np.array([c.group == "value" for c in CRITERIA])  # the value criteria; the rest are ease
EASE_MASK = ~VALUE_MASK
PRESETS: dict[str, dict[str, float]] = {
    title: {c.key: float(getattr(c.presets, name)) for c in CRITERIA} for name, title in PRESET_NAMES.items()
}
INPUTS: tuple[Input, ...] = tuple(dict.fromkeys(i for c in CRITERIA for i in c.inputs))
# The neutral value of each number read from pain points: the middle of a 1..5 answer (the capture
# form's own default), zero for quantities, so nothing is credited that was not reported. The
# missing-data flag tells the facilitator either way.
NEUTRAL_VALUES: dict[str, float] = {i.name: i.neutral for i in INPUTS}
INPUT_LABELS: dict[str, str] = {i.name: i.label for i in INPUTS}


def input_label(name: str) -> str:
    """How people read an input or field name in the missing-data flag."""
    if name in INPUT_LABELS:
        return INPUT_LABELS[name]
    if name in FIELDS_BY_NAME:
        return FIELDS_BY_NAME[name].label
    return name.replace("_", " ")


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
        value = number(raw) if not isinstance(raw, bool) else None
        if value is None:
            raise WeightsError(f"The weight for {criterion.label} is not a number. Use a number from 0 upwards.")
        if value < 0:
            raise WeightsError(
                f"The weight for {criterion.label} is below zero ({value:g}). Use 0 to leave a criterion out."
            )
        vector[position] = value
    total_weight = vector.sum()
    if total_weight <= 0:
        raise WeightsError("Give at least one criterion a weight above zero.")
    return vector / total_weight


# --- Reading a candidates table ---------------------------------------------------------------


def _floats(column: pd.Series) -> np.ndarray:
    """A column as floats, NaN where a value is missing or not a number."""
    if not pd.api.types.is_numeric_dtype(column.dtype):
        column = pd.to_numeric(column, errors="coerce")
    return column.to_numpy(dtype=float, na_value=np.nan)


def _text_present(candidates: pd.DataFrame, column: str) -> np.ndarray:
    if column not in candidates.columns:
        return np.zeros(len(candidates), dtype=bool)
    values = candidates[column]
    return values.astype(object).where(values.notna(), "").astype(str).str.strip().ne("").to_numpy(dtype=bool)


def _fact(candidates: pd.DataFrame, name: str) -> np.ndarray:
    """A candidate fact as floats: the column when the table has it, else what its other columns say."""
    if name in candidates.columns:
        values = _floats(candidates[name])
        if name == "votes":
            values = np.maximum(values, 0.0)
        return np.where(np.isfinite(values), values, CANDIDATE_FACTS[name])
    # Tables written by hand or by older code: the facts follow from the text they hold.
    fallbacks = {
        "has_owner": lambda: _text_present(candidates, "owner" if "owner" in candidates.columns else "owner_name"),
        "has_kpi_metric": lambda: _text_present(candidates, "kpi_metric"),
        "has_kpi_baseline": lambda: np.isfinite(_floats(candidates["kpi_baseline"]))
        if "kpi_baseline" in candidates.columns
        else np.zeros(len(candidates), dtype=bool),
        "has_kpi_target": lambda: np.isfinite(_floats(candidates["kpi_target"]))
        if "kpi_target" in candidates.columns
        else np.zeros(len(candidates), dtype=bool),
    }
    if name in fallbacks:
        return fallbacks[name]().astype(float)
    return np.full(len(candidates), CANDIDATE_FACTS[name])


def read_inputs(candidates: pd.DataFrame) -> dict[str, np.ndarray]:
    """Every input the model reads, as arrays: numbers neutral-filled with a `<name>_missing` mask each,
    the candidate facts, and the data class (lower case, '' when not given)."""
    inputs: dict[str, np.ndarray] = {}
    for given in INPUTS:
        if given.name in candidates.columns:
            values = _floats(candidates[given.name])
            missing = ~np.isfinite(values)
        else:
            values = np.full(len(candidates), np.nan)
            missing = np.ones(len(candidates), dtype=bool)
        inputs[given.name] = np.where(missing, given.neutral, values)
        inputs[f"{given.name}_missing"] = missing
    for name in CANDIDATE_FACTS:
        inputs[name] = _fact(candidates, name)
    inputs["has_owner"] = inputs["has_owner"].astype(bool)
    if "data_class" in candidates.columns:
        classes = candidates["data_class"]
        text = classes.astype(object).where(classes.notna(), "").astype(str).str.strip().str.lower()
        inputs["data_class"] = text.to_numpy(dtype=object)
    else:
        inputs["data_class"] = np.full(len(candidates), "", dtype=object)
    return inputs


def criterion_values(inputs: Inputs) -> np.ndarray:
    """The criterion values from the inputs, columns in CRITERIA order (n x k, each 0..1)."""
    n = len(inputs["votes"])
    if n == 0:
        return np.zeros((0, len(CRITERIA)))
    return np.column_stack([np.asarray(c.score(inputs), dtype=float) for c in CRITERIA])


def candidate_facts(inputs: Inputs) -> list[dict[str, Any]]:
    """Each candidate's inputs and data class as plain numbers (what gates and sentences read)."""
    names = [i.name for i in INPUTS] + list(CANDIDATE_FACTS) + ["data_class"]
    columns = {name: np.asarray(inputs[name]).tolist() for name in names}
    columns["department_count"] = [int(d) for d in columns["department_count"]]
    return [dict(zip(columns, row)) for row in zip(*columns.values())]


def criterion_matrix(candidates: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Criterion values (n x k, each 0..1, higher is better) and which were neutral-filled."""
    inputs = read_inputs(candidates)
    none = np.zeros(len(candidates), dtype=bool)
    flags = pd.DataFrame(
        {c.key: np.logical_or.reduce([inputs[f"{i.name}_missing"] for i in c.inputs] or [none]) for c in CRITERIA},
        index=candidates.index,
    )
    return criterion_values(inputs), flags
