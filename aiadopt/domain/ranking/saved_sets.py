"""What a saved set of weights and gate choices may hold (the Rank page's sliders and switches)."""

from __future__ import annotations

import math

from aiadopt.domain.pain_points import ValidationError
from aiadopt.domain.ranking.criteria import CRITERION_KEYS
from aiadopt.domain.ranking.gates import GATE_MODES, GATE_NAMES

MIN_WEIGHT = 0.0
MAX_WEIGHT = 5.0


def check_weight_set(weights: object, gates: object) -> tuple[dict[str, float], dict[str, str]]:
    """The weights (known criteria, 0 to 5) and gate choices (known gates and modes); ValidationError otherwise."""
    if not isinstance(weights, dict) or not isinstance(gates, dict):
        raise ValidationError({"weights": "A weight set holds a weight per criterion and a choice per gate."})
    unknown = sorted(str(k) for k in weights if k not in CRITERION_KEYS) + sorted(
        str(k) for k in gates if k not in GATE_NAMES
    )
    if unknown:
        names = ", ".join(unknown)
        raise ValidationError({"weights": f"The weight set names criteria or gates this app does not know: {names}."})
    clean_weights: dict[str, float] = {}
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValidationError({"weights": f"The weight of {key} is not a number."})
        if not MIN_WEIGHT <= value <= MAX_WEIGHT:
            raise ValidationError({"weights": f"The weight of {key} must be between 0 and 5."})
        clean_weights[key] = float(value)
    if any(value not in GATE_MODES for value in gates.values()):
        raise ValidationError({"weights": "A gate is set to something other than " + " or ".join(GATE_MODES) + "."})
    return clean_weights, dict(gates)
