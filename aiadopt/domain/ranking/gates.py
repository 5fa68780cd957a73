"""Gates: first-pilot conditions a candidate can fail, their names and how people read them."""

from __future__ import annotations

GATE_NAMES: tuple[str, ...] = ("red_data", "no_owner", "no_kpi", "unclear_io")
GATE_MODES: tuple[str, ...] = ("exclude", "flag")

# How each gate is named on screen and in every export.
GATE_LABELS: dict[str, str] = {
    "red_data": "Red data (regulated or confidential information)",
    "no_owner": "No owner named",
    "no_kpi": "No KPI: measure, baseline or target missing",
    "unclear_io": "Unclear inputs and outputs",
}


def gate_label(gate: str) -> str:
    """A gate's name for people: the known gates by label, others from their key."""
    return GATE_LABELS.get(gate, gate.replace("_", " ").capitalize())
