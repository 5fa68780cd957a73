"""What a pain point holds: every field with its label, unit, range and plain-language help.

One table drives the capture forms, validation, the import template and the docs, so a
field is described once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiadopt.domain.data_classes import DATA_CLASSES

FREQUENCY_PERIODS: dict[str, float] = {
    # A working year: 250 working days, 50 working weeks.
    "day": 250.0,
    "week": 50.0,
    "month": 12.0,
    "quarter": 4.0,
    "year": 1.0,
}

CUSTOMER_IMPACT_LEVELS: dict[int, str] = {
    0: "None: customers never notice",
    1: "Low: customers notice now and then",
    2: "Medium: customers wait or complain",
    3: "High: customers are lost or harmed",
}

SCALE_ANCHORS: dict[str, tuple[str, str]] = {
    "io_clarity": ("vague, different every time", "same inputs, same outputs every time"),
    "rule_based": ("needs judgement every time", "follows fixed rules"),
    "severity": ("a minor annoyance", "hurts every single day"),
    "change_readiness": ("the team would resist a change", "the team is asking for a change"),
    "data_availability": ("scattered or missing", "all in one place, easy to get"),
    "data_quality": ("often wrong or incomplete", "complete and correct"),
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a pain point as a person sees it."""

    name: str
    label: str
    kind: str  # text, longtext, number, integer, choice, scale, flag
    help: str
    section: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    required: bool = False
    choices: tuple = field(default_factory=tuple)
    default: object = None
    exclusive_minimum: bool = False


SECTIONS = (
    "The pain point",
    "How it is done today",
    "How often and how long",
    "The shape of the work",
    "The information it uses",
    "What good would look like",
)

PAIN_POINT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "title",
        "Short title",
        "text",
        "A few words that name the problem, e.g. 'Re-keying supplier invoices'. 3 to 120 characters.",
        SECTIONS[0],
        max_length=120,
        required=True,
    ),
    FieldSpec(
        "theme",
        "Theme",
        "text",
        "The part of the interview guide this answers, e.g. 'Repetitive tasks'. Optional.",
        SECTIONS[0],
        max_length=80,
    ),
    FieldSpec(
        "description",
        "What goes wrong",
        "longtext",
        "Describe the problem in your own "
        "words: what happens, where it gets stuck, what it costs you. Describe the "
        "problem, not a fix. Up to 5,000 characters.",
        SECTIONS[0],
        max_length=5000,
    ),
    FieldSpec(
        "reporter",
        "Your name (optional)",
        "text",
        "Leave empty to stay anonymous. Only the facilitator sees names.",
        SECTIONS[0],
        max_length=80,
    ),
    FieldSpec(
        "trigger",
        "What starts it",
        "text",
        "The event that starts the work, e.g. 'a supplier invoice arrives by email'.",
        SECTIONS[1],
        max_length=300,
    ),
    FieldSpec(
        "current_steps",
        "Steps today",
        "longtext",
        "The steps as they are done today, one per line.",
        SECTIONS[1],
        max_length=2000,
    ),
    FieldSpec(
        "systems_used",
        "Systems, files and tools used",
        "text",
        "Where the work is done today, e.g. 'email, shared spreadsheet, finance system'.",
        SECTIONS[1],
        max_length=300,
    ),
    FieldSpec(
        "frequency_count",
        "How many times",
        "number",
        "How many times one person does this per period, e.g. 20 times per week. More than 0, at most 10,000.",
        SECTIONS[2],
        unit="times per period",
        minimum=0,
        maximum=10_000,
        required=True,
        default=1.0,
        exclusive_minimum=True,
    ),
    FieldSpec(
        "frequency_period",
        "Per",
        "choice",
        "The period the count is for. A year counts 250 working days and 50 working weeks.",
        SECTIONS[2],
        choices=tuple(FREQUENCY_PERIODS),
        default="week",
        required=True,
    ),
    FieldSpec(
        "minutes_per_occurrence",
        "Minutes each time",
        "number",
        "How long it takes once, from start to finish, in minutes. More than 0, at most 2,400 (a full working week).",
        SECTIONS[2],
        unit="minutes",
        minimum=0,
        maximum=2400,
        required=True,
        default=15.0,
        exclusive_minimum=True,
    ),
    FieldSpec(
        "people_count",
        "People who do it",
        "integer",
        "How many people do this work. 1 to 10,000.",
        SECTIONS[2],
        unit="people",
        minimum=1,
        maximum=10_000,
        required=True,
        default=1,
    ),
    FieldSpec(
        "error_rate_pct",
        "Share that needs fixing or redoing",
        "number",
        "Out of every 100 times, how many need correcting or doing again. 0 to 100.",
        SECTIONS[2],
        unit="%",
        minimum=0,
        maximum=100,
        default=0.0,
    ),
    FieldSpec(
        "waits_on_other_teams",
        "Waits on other teams",
        "flag",
        "Tick if the work stops while another team answers, approves or hands something over.",
        SECTIONS[2],
        default=False,
    ),
    FieldSpec(
        "waits_on_teams",
        "Which teams",
        "text",
        "The teams you wait on, e.g. 'Finance, Legal'.",
        SECTIONS[2],
        max_length=300,
    ),
    FieldSpec(
        "customer_impact",
        "Effect on customers",
        "choice",
        "How much customers feel this problem.",
        SECTIONS[2],
        choices=tuple(CUSTOMER_IMPACT_LEVELS),
        default=0,
    ),
    FieldSpec(
        "io_clarity",
        "How clear are the inputs and outputs",
        "scale",
        "1: vague, different every time. 5: the same inputs and the same outputs every time.",
        SECTIONS[3],
        unit="1 to 5",
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "rule_based",
        "Rules or judgement",
        "scale",
        "1: needs judgement every time. 5: follows fixed rules anyone could write down.",
        SECTIONS[3],
        unit="1 to 5",
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "severity",
        "How much it hurts",
        "scale",
        "1: a minor annoyance. 5: hurts every single day.",
        SECTIONS[3],
        unit="1 to 5",
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "change_readiness",
        "Readiness to change",
        "scale",
        "1: the team would resist a change to how this is done. 5: the team is asking for one.",
        SECTIONS[3],
        unit="1 to 5",
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "data_location",
        "Where the information lives",
        "text",
        "The places the information for this work is kept, e.g. 'supplier emails, finance system'.",
        SECTIONS[4],
        max_length=300,
    ),
    FieldSpec(
        "data_availability",
        "How easy the information is to get",
        "scale",
        "1: scattered or missing. 5: all in one place, easy to get.",
        SECTIONS[4],
        unit="1 to 5",
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "data_quality",
        "How good the information is",
        "scale",
        "1: often wrong or incomplete. 5: complete and correct.",
        SECTIONS[4],
        unit="1 to 5",
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "data_sensitivity",
        "Data class",
        "choice",
        "Green: safe to use as it is. Amber: "
        "personal or commercially sensitive, needs care. Red: regulated or "
        "confidential, cannot be used as it is.",
        SECTIONS[4],
        choices=tuple(DATA_CLASSES),
        default="green",
        required=True,
    ),
    FieldSpec(
        "desired_outcome",
        "What good would look like",
        "longtext",
        "The result you want, e.g. 'invoices posted the day they arrive'.",
        SECTIONS[5],
        max_length=1000,
    ),
    FieldSpec(
        "kpi_metric",
        "Measure of success",
        "text",
        "The number that would show it is better, e.g. 'minutes to process one invoice'.",
        SECTIONS[5],
        max_length=120,
    ),
    FieldSpec("kpi_unit", "Unit of the measure", "text", "e.g. minutes, days, % of cases.", SECTIONS[5], max_length=30),
    FieldSpec(
        "kpi_baseline",
        "Today's value (baseline)",
        "number",
        "The measure today, e.g. 40. Leave empty if nobody knows yet. 0 to 1,000,000,000.",
        SECTIONS[5],
        unit="the unit of the measure",
        minimum=0,
        maximum=1_000_000_000,
    ),
    FieldSpec(
        "kpi_target",
        "Target value",
        "number",
        "The value you would call a success, e.g. 10. 0 to 1,000,000,000.",
        SECTIONS[5],
        unit="the unit of the measure",
        minimum=0,
        maximum=1_000_000_000,
    ),
    FieldSpec(
        "owner_name",
        "Who would own fixing it",
        "text",
        "A person willing to carry the change (may be you). Leave empty if nobody has volunteered yet.",
        SECTIONS[5],
        max_length=80,
    ),
)

FIELDS_BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in PAIN_POINT_FIELDS}


def fields_in_section(section: str) -> list[FieldSpec]:
    """The fields shown under one heading of the capture form."""
    return [spec for spec in PAIN_POINT_FIELDS if spec.section == section]


# What a participant's first screen asks (department comes first); everything else is optional
# and drawn only when they ask for more detail.
ESSENTIAL_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "frequency_count",
    "frequency_period",
    "minutes_per_occurrence",
    "people_count",
)
# Fields that name a person: never asked, and never stored, in an anonymous workshop.
NAME_FIELDS: tuple[str, ...] = ("reporter", "owner_name")
