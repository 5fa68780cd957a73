"""Data classes (green, amber, red): their order, wording, colours and the rule for unknowns.

Decided once here and imported everywhere: consolidation, scoring, the charter, the exports
and the charts all read these names.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiadopt.domain.language import N_

GREEN, AMBER, RED = "green", "amber", "red"

# Safest first: a candidate's class is the least safe of its pain points'.
DATA_CLASS_ORDER: dict[str, int] = {GREEN: 0, AMBER: 1, RED: 2}

# The names alone, as sentences and legends say them ("confirmed as green"); translated where shown.
DATA_CLASS_NAMES: dict[str, str] = {GREEN: N_("green"), AMBER: N_("amber"), RED: N_("red")}

# What a person chooses from, with plain-language help.
DATA_CLASSES: dict[str, str] = {
    GREEN: N_("Green: internal or public information, safe to use as it is"),
    AMBER: N_("Amber: personal or commercially sensitive, usable with care and permission"),
    RED: N_("Red: regulated or confidential, cannot be used as it is"),
}

# The same choices in fewer words, where room is tight (the printed charter's key facts).
DATA_CLASS_SHORT_LABELS: dict[str, str] = {
    GREEN: N_("Green: safe to use as it is"),
    AMBER: N_("Amber: sensitive, use with care and permission"),
    RED: N_("Red: regulated or confidential, not usable as it is"),
}

# A class nobody gave (or one this version does not know) is not known to be safe:
# it counts as amber, "use with care", everywhere.
UNKNOWN_DATA_CLASS = AMBER

# One palette for every chart and document (plotly on screen, matplotlib and the PDF layout).
DATA_CLASS_COLOURS: dict[str, str] = {GREEN: "#2E7D32", AMBER: "#E0A100", RED: "#C62828"}


def data_class_of(value: object) -> str:
    """The known data class a stored value stands for; anything else is the unknown class."""
    text = str(value or "").strip().lower()
    return text if text in DATA_CLASS_ORDER else UNKNOWN_DATA_CLASS


def least_safe(values: Iterable[object]) -> str:
    """The least safe class among several (unknowns count as amber); green when there are none."""
    classes = [data_class_of(value) for value in values]
    return max(classes, key=DATA_CLASS_ORDER.__getitem__) if classes else GREEN


def colour_of(value: object) -> str:
    """The colour a data class is drawn in."""
    return DATA_CLASS_COLOURS[data_class_of(value)]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """A '#RRGGBB' colour as an (r, g, b) triple, for layouts that take numbers."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
