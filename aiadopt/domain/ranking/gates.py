"""Gates: first-pilot conditions a candidate can fail, one record each, and how people read them.

Each gate is set to "exclude" (the candidate is kept out of the ranking, with its reasons) or
"flag" (it stays ranked and shows the text). Numbers that were not given always raise a flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from aiadopt.domain.data_classes import DATA_CLASS_ORDER
from aiadopt.domain.language import N_, Message, listed
from aiadopt.domain.ranking.criteria import INPUTS, Facts, input_label

GATE_MODES: tuple[str, ...] = ("exclude", "flag")
UNCLEAR_IO_BELOW = 2.5  # io_clarity (1..5) below this raises the "unclear inputs and outputs" gate

RED_DATA_TEXT = N_(
    "Red data: the information is regulated or confidential, so it cannot be used for a first pilot as it is."
)
NO_OWNER_TEXT = N_("No one owns this yet: a pilot without an owner stalls.")
UNCLEAR_IO_TEXT = N_("Inputs and outputs are unclear: map the workflow first.")
NO_KPI_TEXTS = {
    # (has metric, has baseline, has target) -> text
    (False, False, False): N_("No KPI yet: agree what to measure, today's value and the target."),
    (False, True, True): N_("No KPI measure named yet: say what the baseline and target measure."),
    (False, True, False): N_("No KPI measure or target yet: name the measure and agree the target."),
    (False, False, True): N_("No KPI measure or baseline yet: name the measure and measure today's value."),
    (True, False, False): N_(
        "No KPI baseline or target yet: measure today's value and agree the target before the pilot starts."
    ),
    (True, False, True): N_("No KPI baseline yet: measure today's value before the pilot starts."),
    (True, True, False): N_("No KPI target yet: agree the value that would count as success."),
}
# The Pain points page's "Describes a solution" mark, carried to the shortlist, its files and reports.
SOLUTION_TEXT = N_("Describes a solution instead of a problem: restate it as the problem before a pilot.")
MISSING_TEXT = N_(
    "Some numbers were not given ({fields}): neutral values were used, so check them with the department."
)
# The texts above are marked English: screens and files say them in their language (`t(flag)`).


def _kpi_text(facts: Facts) -> str:
    parts = (bool(facts["has_kpi_metric"]), bool(facts["has_kpi_baseline"]), bool(facts["has_kpi_target"]))
    return NO_KPI_TEXTS.get(parts, "")


@dataclass(frozen=True)
class Gate:
    """A first-pilot condition: its name on screen, what it does unless chosen otherwise, and the
    text a candidate that fails it gets ('' when it passes)."""

    name: str
    label: str
    default: str
    failure: Callable[[Facts], str]


GATES: tuple[Gate, ...] = (
    Gate(
        "red_data",
        N_("Red data (regulated or confidential information)"),
        "exclude",
        lambda f: RED_DATA_TEXT if f["data_class"] == "red" else "",
    ),
    Gate("no_owner", N_("No owner named"), "flag", lambda f: "" if f["has_owner"] else NO_OWNER_TEXT),
    Gate("no_kpi", N_("No KPI: measure, baseline or target missing"), "flag", _kpi_text),
    Gate(
        "unclear_io",
        N_("Unclear inputs and outputs"),
        "flag",
        lambda f: UNCLEAR_IO_TEXT if f["io_clarity"] < UNCLEAR_IO_BELOW else "",
    ),
)
GATE_NAMES: tuple[str, ...] = tuple(g.name for g in GATES)
GATE_LABELS: dict[str, str] = {g.name: g.label for g in GATES}  # marked: on screen and in every export via t()


def gate_label(gate: str) -> str:
    """A gate's name for people (English, marked: shown through `t`): the known gates by label, others
    from their key."""
    return GATE_LABELS.get(gate, gate.replace("_", " ").capitalize())


class Gates(Mapping[str, str]):
    """What happens to candidates that fail each first-pilot condition: "exclude" or "flag"."""

    def __init__(self, **modes: str) -> None:
        unknown = [name for name in modes if name not in GATE_NAMES]
        if unknown:
            raise ValueError(f"There is no gate called {unknown[0]!r}.")
        self._modes = {g.name: modes.get(g.name, g.default) for g in GATES}
        for name, mode in self._modes.items():
            if mode not in GATE_MODES:
                raise ValueError(f"The {name} gate must be 'exclude' or 'flag', not {mode!r}.")

    def __getitem__(self, name: str) -> str:
        return self._modes[name]

    def __getattr__(self, name: str) -> str:
        try:
            return self.__dict__["_modes"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._modes)

    def __len__(self) -> int:
        return len(self._modes)

    def __repr__(self) -> str:
        return f"Gates({', '.join(f'{k}={v!r}' for k, v in self._modes.items())})"


@dataclass(frozen=True)
class GateOutcome:
    """One candidate against the gates: why it is kept out (empty: it is ranked), and its flags."""

    reasons: list[str]
    flags: list[str]


def _listed_missing(value: object) -> list[str]:
    """The names in a candidate's `missing` list (a list, tuple or array; anything else lists none)."""
    if hasattr(value, "tolist") and not isinstance(value, str | float):
        value = value.tolist()
    return [str(v) for v in value] if isinstance(value, list | tuple | set) else []


def gate_outcomes(candidates: pd.DataFrame, inputs: Mapping, facts: Sequence[Facts], gates: Gates) -> list[GateOutcome]:
    """Each candidate's outcome: the gates it fails (as reasons or flags, by the gate's mode), then its
    own flags: numbers missing, a solution described instead of a problem."""
    given = candidates["missing"].tolist() if "missing" in candidates.columns else [None] * len(candidates)
    solution = (
        candidates["proposes_solution"].fillna(False).astype(bool).tolist()
        if "proposes_solution" in candidates.columns
        else [False] * len(candidates)
    )
    known_class = "data_class" in candidates.columns
    outcomes = []
    for position, candidate in enumerate(facts):
        reasons: list[str] = []
        flags: list[str] = []
        for gate in GATES:
            text = gate.failure(candidate)
            if text:
                (reasons if gates[gate.name] == "exclude" else flags).append(text)
        missing = _listed_missing(given[position])
        missing += [i.name for i in INPUTS if inputs[f"{i.name}_missing"][position]]
        if known_class and candidate["data_class"] not in DATA_CLASS_ORDER:
            missing.append("data_sensitivity")
        if missing:
            flags.append(
                Message(MISSING_TEXT, fields=listed(Message(input_label(name)) for name in dict.fromkeys(missing)))
            )
        if solution[position]:
            flags.append(SOLUTION_TEXT)
        outcomes.append(GateOutcome(reasons, flags))
    return outcomes
