"""Gates: first-pilot conditions a candidate can fail, their names and how people read them.

Each gate is set to "exclude" (the candidate is kept out of the ranking, with its reasons) or
"flag" (it stays ranked and shows the text). Numbers that were not given always raise a flag.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from aiadopt.domain.data_classes import DATA_CLASS_ORDER
from aiadopt.domain.ranking.criteria import INPUT_LABELS, NEUTRAL_VALUES

GATE_NAMES: tuple[str, ...] = ("red_data", "no_owner", "no_kpi", "unclear_io")
GATE_MODES: tuple[str, ...] = ("exclude", "flag")

# How each gate is named on screen and in every export.
GATE_LABELS: dict[str, str] = {
    "red_data": "Red data (regulated or confidential information)",
    "no_owner": "No owner named",
    "no_kpi": "No KPI: measure, baseline or target missing",
    "unclear_io": "Unclear inputs and outputs",
}

UNCLEAR_IO_BELOW = 2.5  # io_clarity (1..5) below this raises the "unclear inputs and outputs" gate

RED_DATA_TEXT = (
    "Red data: the information is regulated or confidential, so it cannot be used for a first pilot as it is."
)
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
# The Pain points page's "Describes a solution" mark, carried to the shortlist, its files and reports.
SOLUTION_TEXT = "Describes a solution instead of a problem: restate it as the problem before a pilot."
MISSING_TEXT = "Some numbers were not given ({fields}): neutral values were used, so check them with the department."


def gate_label(gate: str) -> str:
    """A gate's name for people: the known gates by label, others from their key."""
    return GATE_LABELS.get(gate, gate.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Gates:
    """What happens to candidates that fail a first-pilot condition: "exclude" or "flag"."""

    red_data: str = "exclude"
    no_owner: str = "flag"
    no_kpi: str = "flag"
    unclear_io: str = "flag"

    def __post_init__(self) -> None:
        for name in GATE_NAMES:
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
            maybe = list(range(len(listed)))
        for position in maybe:
            if isinstance(listed[position], _LIST_LIKE) and len(listed[position]):
                found[position].extend(str(v) for v in listed[position])
    for name in NEUTRAL_VALUES:
        for position in np.flatnonzero(inputs[f"{name}_missing"]).tolist():
            found[position].append(name)
    if "data_class" in candidates.columns:
        unknown = ~np.isin(inputs["data_class"], list(DATA_CLASS_ORDER))
        for position in np.flatnonzero(unknown).tolist():
            found[position].append("data_sensitivity")
    return {position: list(dict.fromkeys(names)) for position, names in found.items()}


def gate_outcomes(
    candidates: pd.DataFrame, inputs: dict[str, np.ndarray], gates: Gates
) -> tuple[np.ndarray, list[tuple[str, ...]], list[tuple[str, ...]], dict[int, list[str]]]:
    """Each candidate's gate outcome, the reasons and flags of each outcome, and each row's own flags.

    Returns (outcome per row; reasons to exclude and flags to show per outcome, in a fixed
    order; row position -> its own flags: numbers missing, a solution described instead of a problem).
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
    extra: dict[int, list[str]] = {}
    for position, names in _missing_inputs(candidates, inputs).items():
        labels = ", ".join(INPUT_LABELS.get(name, name.replace("_", " ")) for name in names)
        extra.setdefault(position, []).append(MISSING_TEXT.format(fields=labels))
    if "proposes_solution" in candidates.columns:
        solution = candidates["proposes_solution"].fillna(False).astype(bool).to_numpy()
        for position in np.flatnonzero(solution).tolist():
            extra.setdefault(position, []).append(SOLUTION_TEXT)
    return outcome, reasons, flags, extra


def texts_of(
    rows: np.ndarray, outcome: np.ndarray, texts: list[tuple[str, ...]], extra: Mapping[int, list[str]] | None = None
) -> list[list[str]]:
    """A fresh list of texts for each row position in `rows`, with the row's extra texts appended."""
    out = [list(texts[i]) for i in outcome[rows].tolist()]
    if extra:
        place = np.full(len(outcome), -1, dtype=np.int64)
        place[rows] = np.arange(len(rows))
        for position, more in extra.items():
            if place[position] >= 0:
                out[place[position]].extend(more)
    return out
