"""The pilot charter: a one-page plan for the chosen candidate workflow.

`draft_charter` fills a charter from the candidate, its member pain points and the workshop;
the facilitator edits it field by field (`CHARTER_FIELDS`, `apply_charter_edits`); the export
module prints it. The plan follows five phases, each with a success gate, taken from the
discovery-first framework in the project's seed articles and written about the workflow, never
about a technology: leaders read the charter, and it is a plan to change how work is done.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass

import pandas as pd

from aiadopt.domain.data_classes import DATA_CLASSES, least_safe
from aiadopt.domain.pain_points import clean_text, parse_number

# Each phase: name, timing, and templates for its objective and success gate. Placeholders:
# {workflow} {owner} {departments} {metric} {baseline} {target} {data_class} {data_location}.
PHASES: tuple[dict[str, str], ...] = (
    {
        "name": "Problem validation",
        "timing": "Weeks 1-2",
        "objective": (
            "Confirm with the people who do {workflow} that the problem is real and worth "
            "fixing: map the steps as they are done today and record {metric} on real cases."
        ),
        "success_gate": (
            "{owner} and the people in {departments} agree on the map of today's work, and the "
            "baseline for {metric} is confirmed on real cases (today: {baseline})."
        ),
    },
    {
        "name": "Feasibility",
        "timing": "Weeks 3-4",
        "objective": (
            "Check that the information this work depends on ({data_location}) can be reached, "
            "is good enough and is safe to use, and try a new way of working for {workflow} on "
            "a small set of real cases."
        ),
        "success_gate": (
            "A trial on real cases handles the core steps correctly, and the data class is "
            "confirmed as {data_class} with the handling it needs agreed."
        ),
    },
    {
        "name": "Readiness",
        "timing": "Weeks 5-6",
        "objective": (
            "Prepare the team: agree who does what in the new way of working, write the steps "
            "down, plan training and support, and choose the group that will start first."
        ),
        "success_gate": (
            "A written pilot plan, agreed by {owner} and the leads of {departments}, with the "
            "pilot group named and trained."
        ),
    },
    {
        "name": "Pilot",
        "timing": "Weeks 7-12",
        "objective": (
            "Run the new way of working for {workflow} with the pilot group, track {metric} "
            "every week and remove what gets in the way."
        ),
        "success_gate": (
            "{metric} reaches {target} (baseline: {baseline}) or moves clearly towards it, and "
            "the people in the pilot want to keep working this way."
        ),
    },
    {
        "name": "Scale",
        "timing": "Months 4-6",
        "objective": (
            "Extend the new way of working to everyone who does {workflow} in {departments}, "
            "with training and support, and keep tracking {metric}."
        ),
        "success_gate": (
            "The improvement in {metric} holds at full scale for at least a month, and the time "
            "saved shows in the teams' week."
        ),
    },
)

PHASE_TEXT_KEYS = ("objective", "success_gate")
PROBLEM_MAX_LENGTH = 5000
MAX_RISKS = 10


@dataclass(frozen=True)
class CharterField:
    """One editable field of the pilot charter as the facilitator sees it."""

    name: str
    label: str
    kind: str  # text, longtext, list, integer, number, choice
    help: str
    max_length: int | None = None
    max_items: int | None = None
    maximum: float | None = None
    required: bool = False


CHARTER_FIELDS: tuple[CharterField, ...] = (
    CharterField("title", "Pilot title", "text", "The workflow the pilot will change, in a few "
                 "words. 3 to 120 characters.", max_length=120, required=True),
    CharterField("problem", "The problem, in the departments' own words", "longtext",
                 "What the departments said, quoted. Up to 5,000 characters; the printed page "
                 "shortens long text.", max_length=PROBLEM_MAX_LENGTH),
    CharterField("desired_outcome", "What good would look like", "longtext",
                 "The result the departments want. Up to 1,000 characters.", max_length=1000),
    CharterField("departments", "Departments", "list", "The departments taking part, one per "
                 "line.", max_length=80, max_items=30),
    CharterField("people_affected", "People who do this work", "integer", "How many people do "
                 "this work today. 0 to 1,000,000.", maximum=1_000_000),
    CharterField("owner", "Owner", "text", "The person who carries the pilot and answers for "
                 "its result.", max_length=80),
    CharterField("kpi_metric", "Measure of success (KPI)", "text", "The number that shows the "
                 "pilot worked, e.g. 'minutes to process one invoice'.", max_length=120),
    CharterField("kpi_unit", "Unit of the measure", "text", "e.g. minutes, days, % of cases.",
                 max_length=30),
    CharterField("kpi_baseline", "Baseline (today)", "number", "The measure today. Leave empty "
                 "if it still has to be measured. 0 or more.", maximum=1_000_000_000),
    CharterField("kpi_target", "Target", "number", "The value that counts as success. Leave "
                 "empty if not agreed yet. 0 or more.", maximum=1_000_000_000),
    CharterField("data_class", "Data class", "choice", "Green: safe to use as it is. Amber: "
                 "sensitive, needs care. Red: regulated or confidential."),
    CharterField("data_location", "Where the information lives", "text", "The places the "
                 "information for this work is kept.", max_length=300),
    CharterField("risks", "Risks and open points", "list", "One per line; the printed page "
                 "shows the first few.", max_length=300, max_items=MAX_RISKS),
) + tuple(
    CharterField(
        f"phase_{number}_{key}",
        f"Phase {number}, {phase['name']}: {'objective' if key == 'objective' else 'success gate'}",
        "longtext",
        "Plain words about the work, not about tools. Up to 400 characters.",
        max_length=400,
        required=True,
    )
    for number, phase in enumerate(PHASES, start=1)
    for key in PHASE_TEXT_KEYS
)

CHARTER_FIELDS_BY_NAME: dict[str, CharterField] = {f.name: f for f in CHARTER_FIELDS}


# --- drafting -----------------------------------------------------------------------------


def _missing(value: object) -> bool:
    """None, NaN, pandas NA/NaT: a value nobody gave."""
    if value is None or isinstance(value, (str, bool, list, tuple, dict, set)):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: object) -> float | None:
    if _missing(value) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _text(value: object) -> str:
    return "" if _missing(value) else clean_text(value)


def _unique(items) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        text = _text(item)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def _as_list(value: object) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        return _unique(re.split(r"[;\n]", value))
    try:
        return _unique(list(value))
    except TypeError:
        return _unique([value])


def format_amount(value: float | None, unit: str = "") -> str:
    """A number as people write it: 40, 1,250, 2.5 (with its unit when there is one)."""
    if value is None:
        return ""
    number = float(value)
    text = f"{number:,.0f}" if number.is_integer() or abs(number) >= 100 else f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip() if unit else text


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _join_names(names: list[str]) -> str:
    if not names:
        return "the departments involved"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _phase_context(charter: dict) -> dict[str, str]:
    metric = _text(charter.get("kpi_metric"))
    unit = _text(charter.get("kpi_unit"))
    baseline = _number(charter.get("kpi_baseline"))
    target = _number(charter.get("kpi_target"))
    location = _text(charter.get("data_location"))
    data_class = _text(charter.get("data_class")) or "green"
    return {
        "workflow": f"“{_text(charter.get('title')) or 'this workflow'}”",
        "owner": _text(charter.get("owner")) or "the owner",
        "departments": _join_names(_as_list(charter.get("departments"))),
        "metric": metric or "the measure of success",
        "baseline": format_amount(baseline, unit) if baseline is not None else "not measured yet",
        "target": format_amount(target, unit) if target is not None else "the agreed target",
        "data_class": data_class,
        "data_location": location or "where it lives still to be confirmed",
    }


def _render_phases(charter: dict) -> list[dict]:
    context = _phase_context(charter)
    phases = []
    for phase in PHASES:
        rendered = {"name": phase["name"], "timing": phase["timing"]}
        for key in PHASE_TEXT_KEYS:
            text = phase[key].format(**context)
            rendered[key] = text[0].upper() + text[1:]
        phases.append(rendered)
    return phases


def _derived_risks(charter: dict) -> list[str]:
    """Risks that follow from the charter's own fields (re-derived after every edit)."""
    risks = []
    data_class = _text(charter.get("data_class"))
    if data_class == "red":
        risks.append("Red data: some of the information is regulated or confidential and cannot "
                     "be used as it is. Decide in Feasibility how to keep it out or get approval.")
    elif data_class == "amber":
        risks.append("Amber data: personal or commercially sensitive information. Agree "
                     "permissions and handling before the pilot starts.")
    if not _text(charter.get("owner")):
        risks.append("No owner yet: name the person who will carry the pilot before it starts.")
    if not _text(charter.get("kpi_metric")):
        risks.append("No measure of success chosen yet: agree one during Problem validation.")
    if _number(charter.get("kpi_baseline")) is None:
        risks.append("No baseline yet: measure today's value during Problem validation, "
                     "before anything changes.")
    if _number(charter.get("kpi_target")) is None:
        risks.append("No target yet: agree with the owner what value counts as success.")
    if len(_as_list(charter.get("departments"))) >= 3:
        risks.append("Several departments share this work: agree who decides when they disagree.")
    return risks


# Flags from the ranking about facts the charter holds itself (owner, KPI, data class) are
# replaced by the risks derived from the charter, which stay true as the charter is edited
# (a member may have volunteered as owner although the candidate had none).
_DERIVED_TOPICS = {"owner", "owns", "baseline", "target", "kpi", "metric", "measure", "red", "amber"}


def _risks_from_flags(flags: list[str]) -> list[str]:
    out = []
    for flag in flags:
        if set(re.findall(r"\w+", flag.casefold())) & _DERIVED_TOPICS:
            continue
        out.append(flag[0].upper() + flag[1:])
    return out


def _problem_in_their_words(members: list[dict]) -> str:
    quotes: list[str] = []
    seen: set[str] = set()
    for member in members:
        words = _text(member.get("description")) or _text(member.get("title"))
        if not words or words.casefold() in seen:
            continue
        seen.add(words.casefold())
        department = _text(member.get("department"))
        quote = f"“{words}”"
        quotes.append(f"{department}: {quote}" if department else quote)
    return _shorten("\n".join(quotes), PROBLEM_MAX_LENGTH)


def draft_charter(candidate: dict, members: list[dict], workshop: dict) -> dict:
    """A first pilot charter for a shortlisted candidate, filled from what departments reported."""
    members = list(members or [])
    candidate = dict(candidate or {})

    def first_member(field: str) -> object:
        for member in members:
            value = member.get(field)
            if not _missing(value) and (not isinstance(value, str) or value.strip()):
                return value
        return None

    departments = _as_list(candidate.get("departments")) or _unique(m.get("department") for m in members)
    data_class = _text(candidate.get("data_class")).lower()
    if data_class not in DATA_CLASSES:
        data_class = least_safe(m.get("data_sensitivity") for m in members)
    hours = _number(candidate.get("hours_per_year"))
    if hours is None:
        hours = sum(_number(m.get("hours_per_year")) or 0.0 for m in members)
    metric = _text(candidate.get("kpi_metric")) or _text(first_member("kpi_metric"))
    use_member_kpi = not _text(candidate.get("kpi_metric")) and bool(metric)
    source: dict = {}
    if use_member_kpi:
        source = next(m for m in members if _text(m.get("kpi_metric")) == metric)

    def kpi(field: str) -> object:
        return source.get(field) if use_member_kpi else candidate.get(field)

    people = 0
    for member in members:
        people += int(_number(member.get("people_count")) or 0)
    charter = {
        "candidate_id": candidate.get("candidate_id"),
        "rank": int(_number(candidate.get("rank"))) if _number(candidate.get("rank")) is not None else None,
        "score": _number(candidate.get("score")),
        "title": _shorten(_text(candidate.get("title")) or _text(first_member("title")) or "Pilot", 120),
        "problem": _problem_in_their_words(members),
        "desired_outcome": _shorten("\n".join(_unique(m.get("desired_outcome") for m in members)), 1000),
        "departments": departments,
        "people_affected": people,
        "owner": _shorten(_text(candidate.get("owner")) or _text(first_member("owner_name")), 80),
        "kpi_metric": _shorten(metric, 120),
        "kpi_unit": _shorten(_text(kpi("kpi_unit")), 30),
        "kpi_baseline": _number(kpi("kpi_baseline")),
        "kpi_target": _number(kpi("kpi_target")),
        "data_class": data_class,
        "data_location": _shorten(", ".join(_unique(
            part for m in members for part in re.split(r"[,;\n]", _text(m.get("data_location")))
        )), 300),
        "hours_per_year": round(hours, 1),
        "workshop_name": _text(workshop.get("name")),
        "workshop_date": _text(workshop.get("session_date")),
        "organisation": _text(workshop.get("organisation")),
        "facilitator": _text(workshop.get("facilitator")),
    }
    derived = _derived_risks(charter)
    flags = _as_list(candidate.get("flags"))
    risks = derived + _risks_from_flags(flags)
    charter["risks"] = _unique(_shorten(r, 300) for r in risks)[:MAX_RISKS]
    charter["phases"] = _render_phases(charter)
    return charter


# --- editing ------------------------------------------------------------------------------


def _check_edit(spec: CharterField, raw: object) -> tuple[object, str | None]:
    """The clean value of one edited field, or a plain-language message."""
    if spec.kind in ("text", "longtext"):
        text = _text(raw)
        if spec.required and len(text) < 3:
            return None, f"{spec.label} needs at least 3 characters."
        if spec.max_length and len(text) > spec.max_length:
            return None, (f"{spec.label} is too long: {len(text):,} characters. "
                          f"Please keep it under {spec.max_length:,}.")
        return text, None
    if spec.kind == "list":
        items = _as_list(raw)
        if spec.max_items and len(items) > spec.max_items:
            return None, f"{spec.label}: at most {spec.max_items} lines, please ({len(items)} given)."
        too_long = [item for item in items if spec.max_length and len(item) > spec.max_length]
        if too_long:
            return None, (f"{spec.label}: each line must be under {spec.max_length:,} characters; "
                          f"one has {len(too_long[0]):,}.")
        return items, None
    if spec.kind in ("integer", "number"):
        try:
            value = parse_number(raw)
        except (TypeError, ValueError):
            return None, f"{spec.label} must be a number, e.g. 40."
        if value is None:
            return (0 if spec.kind == "integer" else None), None
        if value < 0:
            return None, f"{spec.label} cannot be negative: use 0 or more."
        if spec.maximum is not None and value > spec.maximum:
            return None, f"{spec.label} must be at most {spec.maximum:,.0f}."
        if spec.kind == "integer":
            if not value.is_integer():
                return None, f"{spec.label} must be a whole number."
            return int(value), None
        return value, None
    if spec.kind == "choice":
        text = _text(raw).lower()
        for choice in DATA_CLASSES:
            if text == choice or text.startswith(choice + ":"):
                return choice, None
        return None, f"{spec.label} must be one of: green, amber, red."
    raise ValueError(f"unknown field kind {spec.kind!r}")


def apply_charter_edits(draft: dict, edits: dict) -> tuple[dict, dict[str, str]]:
    """Apply the facilitator's edits; returns (charter, message per refused field).

    Refused edits leave the draft's value in place. Risks and phase texts that were written
    by the draft (not by a person) follow the edited fields, so a charter never says "no owner
    yet" after an owner was named.
    """
    charter = copy.deepcopy(draft)
    charter.setdefault("phases", _render_phases(charter))
    charter.setdefault("risks", _derived_risks(charter))
    errors: dict[str, str] = {}
    for name, raw in (edits or {}).items():
        spec = CHARTER_FIELDS_BY_NAME.get(name)
        if spec is None:
            errors[name] = "This part of the charter cannot be edited."
            continue
        value, message = _check_edit(spec, raw)
        if message:
            errors[name] = message
            continue
        match = re.fullmatch(r"phase_(\d)_(objective|success_gate)", name)
        if match:
            charter["phases"][int(match.group(1)) - 1][match.group(2)] = value
        else:
            charter[name] = value

    old_risks, new_risks = _derived_risks(draft), _derived_risks(charter)
    if "risks" not in edits or "risks" in errors:
        kept = [r for r in charter["risks"] if r not in old_risks or r in new_risks]
        charter["risks"] = (kept + [r for r in new_risks if r not in kept])[:MAX_RISKS]

    old_phases, new_phases = _render_phases(draft), _render_phases(charter)
    for index, phase in enumerate(charter["phases"]):
        for key in PHASE_TEXT_KEYS:
            edited = f"phase_{index + 1}_{key}" in edits and f"phase_{index + 1}_{key}" not in errors
            if not edited and phase.get(key) == old_phases[index][key]:
                phase[key] = new_phases[index][key]
    return charter, errors


def edits_from_form(draft: dict, form_values: dict) -> dict:
    """The fields a facilitator changed against the draft: only these are stored, so the rest
    keeps following the workshop's data."""
    drafted = charter_values(draft)
    return {name: value for name, value in form_values.items() if value != drafted.get(name)}


def charter_values(charter: dict) -> dict:
    """The current value of every editable field (to pre-fill an edit form)."""
    values = {}
    for spec in CHARTER_FIELDS:
        match = re.fullmatch(r"phase_(\d)_(objective|success_gate)", spec.name)
        if match:
            values[spec.name] = charter["phases"][int(match.group(1)) - 1][match.group(2)]
        elif spec.kind == "list":
            values[spec.name] = "\n".join(_as_list(charter.get(spec.name)))
        else:
            values[spec.name] = charter.get(spec.name)
    return values
