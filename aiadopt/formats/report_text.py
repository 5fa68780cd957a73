"""What the report and the charter say, whatever the format: the same words in Markdown and PDF.

Plain text only; each format escapes or limits it on its way out.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import Any, cast

import pandas as pd

from aiadopt.domain.charter import format_amount
from aiadopt.domain.charter_edits import CHARTER_FIELDS_BY_NAME
from aiadopt.domain.ranking.gates import gate_label
from aiadopt.formats.cells import as_list, criterion_label, is_missing, number_or_none

# --- rules and gates ----------------------------------------------------------------------


def gates_dict(gates: object) -> dict:
    """Gates as {name: 'exclude' | 'flag'}, from a dict or a dataclass such as scoring.Gates."""
    if not gates:
        return {}
    if dataclasses.is_dataclass(gates) and not isinstance(gates, type):
        return dataclasses.asdict(gates)
    return dict(cast(Mapping[str, str], gates))


def gate_action(action: object) -> str:
    """What a gate's mode does to a candidate that fails it, in a sentence."""
    text = str(action or "").strip().lower()
    if text == "exclude":
        return "Candidates that fail it are left off the shortlist."
    if text == "flag":
        return "Candidates that fail it stay on the shortlist with a flag."
    return str(action or "")


# --- the report ---------------------------------------------------------------------------


def join_sentences(items: list[str]) -> str:
    """Flags or reasons as one line: sentences joined by a space, short phrases by "; "."""
    items = [str(i).strip() for i in items if str(i).strip()]
    if all(i[-1] in ".!?…" for i in items):
        return " ".join(items)
    return "; ".join(items)


def workshop_details(workshop: dict) -> list[tuple[str, str]]:
    """The workshop's organisation, date and facilitator, as (label, value) where given."""
    items = [
        ("Organisation", workshop.get("organisation")),
        ("Date", workshop.get("session_date")),
        ("Facilitator", workshop.get("facilitator")),
    ]
    return [(label, str(value)) for label, value in items if value and not is_missing(value)]


def kpi_text(row: dict) -> str:
    """A candidate's KPI in one line: 'measure: baseline → target', or 'not chosen yet'."""
    metric = str(row.get("kpi_metric") or "").strip()
    unit = str(row.get("kpi_unit") or "").strip() if not is_missing(row.get("kpi_unit")) else ""
    baseline: Any = row.get("kpi_baseline")
    target: Any = row.get("kpi_target")
    if not metric or is_missing(row.get("kpi_metric")):
        return "not chosen yet"
    parts = [metric]
    if not is_missing(baseline) or not is_missing(target):
        before = format_amount(float(baseline), unit) if not is_missing(baseline) else "?"
        after = format_amount(float(target), unit) if not is_missing(target) else "?"
        parts.append(f"{before} → {after}")
    return ": ".join(parts)


def stability_text(row: dict) -> str:
    """How stable a candidate's rank is: its rank range and its chance of ranking first."""
    parts = []
    if not is_missing(row.get("rank_min")) and not is_missing(row.get("rank_max")):
        low, high = int(row["rank_min"]), int(row["rank_max"])
        parts.append(f"rank {low}" if low == high else f"ranks {low}–{high}")
    if not is_missing(row.get("p_first")):
        parts.append(f"{float(row['p_first']) * 100:.0f}% first")
    return ", ".join(parts)


def excluded_items(excluded: pd.DataFrame | Iterable[object] | None) -> list[tuple[str, str]]:
    """(title, reasons) from a DataFrame or a list of dicts; tolerant of the reason's name."""
    if excluded is None:
        return []
    records = excluded.to_dict("records") if isinstance(excluded, pd.DataFrame) else list(excluded)
    items = []
    for record in records:
        if not isinstance(record, dict):
            items.append((str(record), ""))
            continue
        reasons: list[str] = []
        for key in ("reasons", "reason", "excluded_by", "gates", "flags"):
            reasons += as_list(record.get(key))
        items.append((str(record.get("title") or "Untitled"), join_sentences(list(dict.fromkeys(reasons)))))
    return items


def _method_paragraphs(weights: dict, labels: dict | None, gates: dict | None) -> list[str]:
    """How the ranking works, in paragraphs: criteria, score, weights, stability and rules."""
    total = sum(float(w) for w in weights.values()) or 1.0
    largest = max(weights, key=lambda k: float(weights[k])) if weights else None
    names = [criterion_label(labels, key) for key in weights]
    criteria = f" ({', '.join(names)})" if names else ""
    paragraphs = [
        "Each candidate workflow groups similar pain points that departments reported in the "
        f"workshop. Each criterion{criteria} turns what they reported into a value from 0 to 1.",
        "The score is a weighted sum out of 100: each criterion's value times its share of the "
        "weights. The points per criterion add up to the score, so every score can be traced "
        "back to what was reported and to the weights below.",
    ]
    if largest is not None:
        top = float(weights[largest])
        heaviest = [criterion_label(labels, k) for k, w in weights.items() if math.isclose(float(w), top)]
        share = f"{top / total * 100:.0f}%"
        if len(heaviest) == len(weights):
            sentence = f"All criteria weigh the same ({share} of the score each)."
        elif len(heaviest) == 1:
            sentence = f"The heaviest is {heaviest[0]} ({share} of the score)."
        else:
            sentence = f"The heaviest are {', '.join(heaviest[:-1])} and {heaviest[-1]} ({share} of the score each)."
        paragraphs.append(f"The weights were set by the facilitator. {sentence}")
    paragraphs.append(
        "Stability: the weights were moved around their chosen values many times and the "
        "candidates ranked again each time. The chance of ranking first is the share of those "
        "rankings a candidate came first; the rank range is its best and worst rank. A wide "
        "range means the order depends on the weights and deserves discussion."
    )
    if gates:
        excluding = [gate_label(g) for g, a in gates.items() if str(a).lower() == "exclude"]
        flagging = [gate_label(g) for g, a in gates.items() if str(a).lower() != "exclude"]
        if excluding:
            paragraphs.append("Rules that leave a candidate off the shortlist: " + "; ".join(excluding) + ".")
        if flagging:
            paragraphs.append("Rules that keep a candidate but flag it: " + "; ".join(flagging) + ".")
    return paragraphs


# --- the pilot charter --------------------------------------------------------------------


def charter_label(name: str) -> str:
    """A charter field's heading, as the charter form names it."""
    return CHARTER_FIELDS_BY_NAME[name].label


def charter_kpi(charter: dict) -> tuple[str, str, str]:
    """The charter's measure of success, baseline and target, with words where one is missing."""
    unit = str(charter.get("kpi_unit") or "")
    baseline = number_or_none(charter.get("kpi_baseline"))
    target = number_or_none(charter.get("kpi_target"))
    return (
        str(charter.get("kpi_metric") or "") or "To be chosen",
        format_amount(baseline, unit) if baseline is not None else "To be measured",
        format_amount(target, unit) if target is not None else "To be agreed",
    )
