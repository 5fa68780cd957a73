"""The pilot charter's editable fields, and applying a facilitator's edits to a draft."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from aiadopt.domain.charter import (
    MAX_RISKS,
    PROBLEM_MAX_LENGTH,
    STAGE_TEXT_KEYS,
    STAGES,
    as_list,
    derived_risks,
    plain_text,
    render_stages,
)
from aiadopt.domain.data_classes import DATA_CLASSES
from aiadopt.domain.language import N_
from aiadopt.domain.pain_points import parse_number


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
    CharterField(
        "title",
        N_("Pilot title"),
        "text",
        "The workflow the pilot will change, in a few words. 3 to 120 characters.",
        max_length=120,
        required=True,
    ),
    CharterField(
        "problem",
        N_("The problem, in the departments' own words"),
        "longtext",
        "What the departments said, quoted. Up to 5,000 characters; the printed page shortens long text.",
        max_length=PROBLEM_MAX_LENGTH,
    ),
    CharterField(
        "desired_outcome",
        N_("What good would look like"),
        "longtext",
        "The result the departments want. Up to 1,000 characters.",
        max_length=1000,
    ),
    CharterField(
        "departments",
        N_("Departments"),
        "list",
        "The departments taking part, one per line.",
        max_length=80,
        max_items=30,
    ),
    CharterField(
        "people_affected",
        N_("People who do this work"),
        "integer",
        "How many people do this work today. 0 to 1,000,000.",
        maximum=1_000_000,
    ),
    CharterField(
        "owner", N_("Owner"), "text", "The person who carries the pilot and answers for its result.", max_length=80
    ),
    CharterField(
        "kpi_metric",
        N_("Measure of success (KPI)"),
        "text",
        "The number that shows the pilot worked, e.g. 'minutes to process one invoice'.",
        max_length=120,
    ),
    CharterField("kpi_unit", N_("Unit of the measure"), "text", "e.g. minutes, days, % of cases.", max_length=30),
    CharterField(
        "kpi_baseline",
        N_("Baseline (today)"),
        "number",
        "The measure today. Leave empty if it still has to be measured. 0 or more.",
        maximum=1_000_000_000,
    ),
    CharterField(
        "kpi_target",
        N_("Target"),
        "number",
        "The value that counts as success. Leave empty if not agreed yet. 0 or more.",
        maximum=1_000_000_000,
    ),
    CharterField(
        "data_class",
        N_("Data class"),
        "choice",
        "Green: safe to use as it is. Amber: sensitive, needs care. Red: regulated or confidential.",
    ),
    CharterField(
        "data_location",
        N_("Where the information lives"),
        "text",
        "The places the information for this work is kept.",
        max_length=300,
    ),
    CharterField(
        "risks",
        N_("Risks and open points"),
        "list",
        "One per line; the printed page shows the first few.",
        max_length=300,
        max_items=MAX_RISKS,
    ),
) + tuple(
    CharterField(
        f"stage_{number}_{key}",
        f"Stage {number}, {stage['name']}: {'objective' if key == 'objective' else 'success gate'}",
        "longtext",
        "Plain words about the work, not about tools. Up to 400 characters.",
        max_length=400,
        required=True,
    )
    for number, stage in enumerate(STAGES, start=1)
    for key in STAGE_TEXT_KEYS
)

CHARTER_FIELDS_BY_NAME: dict[str, CharterField] = {f.name: f for f in CHARTER_FIELDS}


# --- editing ------------------------------------------------------------------------------


def _check_edit(spec: CharterField, raw: object) -> tuple[object, str | None]:
    """The clean value of one edited field, or a plain-language message."""
    if spec.kind in ("text", "longtext"):
        text = plain_text(raw)
        if spec.required and len(text) < 3:
            return None, f"{spec.label} needs at least 3 characters."
        if spec.max_length and len(text) > spec.max_length:
            return None, (
                f"{spec.label} is too long: {len(text):,} characters. Please keep it under {spec.max_length:,}."
            )
        return text, None
    if spec.kind == "list":
        items = as_list(raw)
        if spec.max_items and len(items) > spec.max_items:
            return None, f"{spec.label}: at most {spec.max_items} lines, please ({len(items)} given)."
        too_long = [item for item in items if spec.max_length and len(item) > spec.max_length]
        if too_long:
            return None, (
                f"{spec.label}: each line must be under {spec.max_length:,} characters; one has {len(too_long[0]):,}."
            )
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
        text = plain_text(raw).lower()
        for choice in DATA_CLASSES:
            if text == choice or text.startswith(choice + ":"):
                return choice, None
        return None, f"{spec.label} must be one of: green, amber, red."
    raise ValueError(f"unknown field kind {spec.kind!r}")


def stage_field_names(edits: dict) -> dict:
    """Charter edits stored before the plan's steps were called stages ("phase_2_objective"), renamed."""
    return {re.sub(r"^phase_(\d)_", r"stage_\1_", str(name)): value for name, value in edits.items()}


def apply_charter_edits(draft: dict, edits: dict) -> tuple[dict, dict[str, str]]:
    """Apply the facilitator's edits; returns (charter, message per refused field).

    Refused edits leave the draft's value in place. Risks and stage texts that were written
    by the draft (not by a person) follow the edited fields, so a charter never says "no owner
    yet" after an owner was named.
    """
    charter = copy.deepcopy(draft)
    charter.setdefault("stages", render_stages(charter))
    charter.setdefault("risks", derived_risks(charter))
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
        match = re.fullmatch(r"stage_(\d)_(objective|success_gate)", name)
        if match:
            charter["stages"][int(match.group(1)) - 1][match.group(2)] = value
        else:
            charter[name] = value

    old_risks, new_risks = derived_risks(draft), derived_risks(charter)
    if "risks" not in edits or "risks" in errors:
        kept = [r for r in charter["risks"] if r not in old_risks or r in new_risks]
        charter["risks"] = (kept + [r for r in new_risks if r not in kept])[:MAX_RISKS]

    old_stages, new_stages = render_stages(draft), render_stages(charter)
    for index, stage in enumerate(charter["stages"]):
        for key in STAGE_TEXT_KEYS:
            edited = f"stage_{index + 1}_{key}" in edits and f"stage_{index + 1}_{key}" not in errors
            if not edited and stage.get(key) == old_stages[index][key]:
                stage[key] = new_stages[index][key]
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
        match = re.fullmatch(r"stage_(\d)_(objective|success_gate)", spec.name)
        if match:
            values[spec.name] = charter["stages"][int(match.group(1)) - 1][match.group(2)]
        elif spec.kind == "list":
            values[spec.name] = "\n".join(as_list(charter.get(spec.name)))
        else:
            values[spec.name] = charter.get(spec.name)
    return values
