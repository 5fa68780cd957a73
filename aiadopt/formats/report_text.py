"""What the report and the charter say, whatever the format: the same words in Markdown and PDF.

Plain text only; each format escapes or limits it on its way out. The fixed words are English,
marked, and said in the language being written (`aiadopt.i18n.t`: the workshop's, set by
`services/exports.render`); what people typed is never translated.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import Any, cast

import pandas as pd

from aiadopt.domain.charter_edits import CHARTER_FIELDS_BY_NAME
from aiadopt.domain.language import N_
from aiadopt.domain.ranking.gates import gate_label as english_gate_label
from aiadopt.formats.cells import (
    as_list,
    criterion_label,
    format_amount,
    format_date,
    format_percent,
    is_missing,
    number_or_none,
)
from aiadopt.i18n import t

# --- rules and gates ----------------------------------------------------------------------


def gates_dict(gates: object) -> dict:
    """Gates as {name: 'exclude' | 'flag'}, from a dict or a dataclass such as scoring.Gates."""
    if not gates:
        return {}
    if dataclasses.is_dataclass(gates) and not isinstance(gates, type):
        return dataclasses.asdict(gates)
    return dict(cast(Mapping[str, str], gates))


def gate_label(gate: str) -> str:
    """A gate's name for people, in the language being written."""
    return t(english_gate_label(gate))


def said(texts: object) -> list[str]:
    """Flags or reasons the app wrote (in English, marked where they are made), in the language being written."""
    return [t(text) for text in as_list(texts)]


def gate_action(action: object) -> str:
    """What a gate's mode does to a candidate that fails it, in a sentence."""
    text = str(action or "").strip().lower()
    if text == "exclude":
        return t("Candidates that fail it are kept out of the ranking.")
    if text == "flag":
        return t("Candidates that fail it stay on the shortlist with a flag.")
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
        (t("Organisation"), workshop.get("organisation")),
        (t("Date"), format_date(workshop.get("session_date"))),
        (t("Facilitator"), workshop.get("facilitator")),
    ]
    return [(label, str(value)) for label, value in items if value and not is_missing(value)]


def report_subject(workshop: dict) -> str:
    """What the shortlist report is, for its file's properties: the ranking, of whose workshop, when."""
    parts = (workshop.get("organisation"), format_date(workshop.get("session_date")))
    whose = " · ".join(str(value) for value in parts if value and not is_missing(value))
    subject = t(
        "Candidate workflows ranked for a first pilot, with what was kept out and how complete the discovery was"
    )
    return subject + (f" ({whose})" if whose else "")


def kpi_text(row: dict) -> str:
    """A candidate's KPI in one line: 'measure: baseline → target', or 'not chosen yet'."""
    metric = str(row.get("kpi_metric") or "").strip()
    unit = str(row.get("kpi_unit") or "").strip() if not is_missing(row.get("kpi_unit")) else ""
    baseline: Any = row.get("kpi_baseline")
    target: Any = row.get("kpi_target")
    if not metric or is_missing(row.get("kpi_metric")):
        return t("not chosen yet")
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
        parts.append(t("rank {rank}", rank=low) if low == high else t("ranks {best}–{worst}", best=low, worst=high))
    if not is_missing(row.get("p_first")):
        parts.append(t("{share} first", share=format_percent(float(row["p_first"]))))
    return ", ".join(parts)


# What was kept out of the ranking, and why: the same words in every file (and on the Rank page).
# English, marked; say them with `t` where they are written.
KEPT_OUT_HEADING = N_("Kept out of the ranking")
RANKED_STATUS = N_("Ranked")
KEPT_OUT_STATUS = N_("Kept out: {reasons}")
NO_REASON_TEXT = N_("a rule keeps it out.")


def excluded_records(excluded: pd.DataFrame | Iterable[object] | None) -> list[dict]:
    """The candidates kept out of the ranking as dicts, from a DataFrame or a list (a bare value is a title)."""
    if excluded is None:
        return []
    records = excluded.to_dict("records") if isinstance(excluded, pd.DataFrame) else list(excluded)
    return [record if isinstance(record, dict) else {"title": str(record)} for record in records]


def excluded_reasons(record: dict) -> str:
    """Why one candidate was kept out, in plain words (tolerant of the reason's name)."""
    reasons: list[str] = []
    for key in ("reasons", "reason", "excluded_by", "gates"):
        reasons += said(as_list(record.get(key)))
    return join_sentences(list(dict.fromkeys(reasons))) or t(NO_REASON_TEXT)


def kept_out_status(record: dict) -> str:
    """The status a kept-out candidate carries in the shortlist's CSV: 'Kept out: <why>'."""
    return t(KEPT_OUT_STATUS, reasons=excluded_reasons(record))


def excluded_items(excluded: pd.DataFrame | Iterable[object] | None) -> list[tuple[str, str]]:
    """(title, why it was kept out) for each candidate kept out of the ranking."""
    return [(str(r.get("title") or t("Untitled")), excluded_reasons(r)) for r in excluded_records(excluded)]


def _method_paragraphs(weights: dict, labels: dict | None, gates: dict | None) -> list[str]:
    """How the ranking works, in paragraphs: criteria, score, weights, stability and rules."""
    total = sum(float(w) for w in weights.values()) or 1.0
    largest = max(weights, key=lambda k: float(weights[k])) if weights else None
    names = [criterion_label(labels, key) for key in weights]
    grouped = t("Each candidate workflow groups similar pain points that departments reported in the workshop.")
    turned = (
        t("Each criterion ({criteria}) turns what they reported into a value from 0 to 1.", criteria=", ".join(names))
        if names
        else t("Each criterion turns what they reported into a value from 0 to 1.")
    )
    paragraphs = [
        f"{grouped} {turned}",
        t(
            "The score is a weighted sum out of 100: each criterion's value times its share of the "
            "weights. The points per criterion add up to the score, so every score can be traced "
            "back to what was reported and to the weights below."
        ),
    ]
    if largest is not None:
        top = float(weights[largest])
        heaviest = [criterion_label(labels, k) for k, w in weights.items() if math.isclose(float(w), top)]
        share = format_percent(top / total)
        if len(heaviest) == len(weights):
            sentence = t("All criteria weigh the same ({share} of the score each).", share=share)
        elif len(heaviest) == 1:
            sentence = t("The heaviest is {criterion} ({share} of the score).", criterion=heaviest[0], share=share)
        else:
            sentence = t(
                "The heaviest are {criteria} and {last} ({share} of the score each).",
                criteria=", ".join(heaviest[:-1]),
                last=heaviest[-1],
                share=share,
            )
        paragraphs.append(t("The weights were set by the facilitator.") + " " + sentence)
    paragraphs.append(
        t(
            "Stability: the weights were moved around their chosen values many times and the "
            "candidates ranked again each time. The chance of ranking first is the share of those "
            "rankings a candidate came first; the rank range is its best and worst rank. A wide "
            "range means the order depends on the weights and deserves discussion."
        )
    )
    if gates:
        excluding = [gate_label(g) for g, a in gates.items() if str(a).lower() == "exclude"]
        flagging = [gate_label(g) for g, a in gates.items() if str(a).lower() != "exclude"]
        if excluding:
            paragraphs.append(t("Rules that keep a candidate out of the ranking: {rules}.", rules="; ".join(excluding)))
        if flagging:
            paragraphs.append(t("Rules that keep a candidate but flag it: {rules}.", rules="; ".join(flagging)))
    return paragraphs


# --- the pilot charter --------------------------------------------------------------------


def charter_label(name: str) -> str:
    """A charter field's heading, as the charter form names it, in the language being written."""
    return t(CHARTER_FIELDS_BY_NAME[name].label)


def charter_kpi(charter: dict) -> tuple[str, str, str]:
    """The charter's measure of success, baseline and target, with words where one is missing."""
    unit = str(charter.get("kpi_unit") or "")
    baseline = number_or_none(charter.get("kpi_baseline"))
    target = number_or_none(charter.get("kpi_target"))
    return (
        str(charter.get("kpi_metric") or "") or t("To be chosen"),
        format_amount(baseline, unit) if baseline is not None else t("To be measured"),
        format_amount(target, unit) if target is not None else t("To be agreed"),
    )
