"""What a pain point holds: every field with its label, unit, range and plain-language help.

One table drives the capture forms, validation, the import template and the docs, so a
field is described once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiadopt.domain.data_classes import DATA_CLASSES
from aiadopt.domain.language import N_

FREQUENCY_PERIODS: dict[str, float] = {
    # A working year: 250 working days, 50 working weeks.
    "day": 250.0,
    "week": 50.0,
    "month": 12.0,
    "quarter": 4.0,
    "year": 1.0,
}

# How each period reads after a count ("20 per week").
FREQUENCY_PERIOD_LABELS: dict[str, str] = {
    "day": N_("per day"),
    "week": N_("per week"),
    "month": N_("per month"),
    "quarter": N_("per quarter"),
    "year": N_("per year"),
}

CUSTOMER_IMPACT_LEVELS: dict[int, str] = {
    0: N_("None: customers never notice"),
    1: N_("Low: customers notice now and then"),
    2: N_("Medium: customers wait or complain"),
    3: N_("High: customers are lost or harmed"),
}

SCALE_ANCHORS: dict[str, tuple[str, str]] = {
    "io_clarity": (N_("vague, different every time"), N_("same inputs, same outputs every time")),
    "rule_based": (N_("needs judgement every time"), N_("follows fixed rules")),
    "severity": (N_("a minor annoyance"), N_("hurts every single day")),
    "change_readiness": (N_("the team would resist a change"), N_("the team is asking for a change")),
    "data_availability": (N_("scattered or missing"), N_("all in one place, easy to get")),
    "data_quality": (N_("often wrong or incomplete"), N_("complete and correct")),
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
    N_("The pain point"),
    N_("How it is done today"),
    N_("How often and how long"),
    N_("The shape of the work"),
    N_("The information it uses"),
    N_("What good would look like"),
)

PAIN_POINT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "title",
        N_("Short title"),
        "text",
        N_("A few words that name the problem, e.g. 'Re-keying supplier invoices'. 3 to 120 characters."),
        SECTIONS[0],
        max_length=120,
        required=True,
    ),
    FieldSpec(
        "theme",
        N_("Theme"),
        "text",
        N_("The part of the interview guide this answers, e.g. 'Repetitive tasks'. Optional."),
        SECTIONS[0],
        max_length=80,
    ),
    FieldSpec(
        "description",
        N_("What goes wrong"),
        "longtext",
        N_(
            "Describe the problem in your own "
            "words: what happens, where it gets stuck, what it costs you. Describe the "
            "problem, not a fix. Up to 5,000 characters."
        ),
        SECTIONS[0],
        max_length=5000,
    ),
    FieldSpec(
        "reporter",
        N_("Your name (optional)"),
        "text",
        N_("Leave empty to stay anonymous. Only the facilitator sees names."),
        SECTIONS[0],
        max_length=80,
    ),
    FieldSpec(
        "trigger",
        N_("What starts it"),
        "text",
        N_("The event that starts the work, e.g. 'a supplier invoice arrives by email'."),
        SECTIONS[1],
        max_length=300,
    ),
    FieldSpec(
        "current_steps",
        N_("Steps today"),
        "longtext",
        N_("The steps as they are done today, one per line."),
        SECTIONS[1],
        max_length=2000,
    ),
    FieldSpec(
        "systems_used",
        N_("Systems, files and tools used"),
        "text",
        N_("Where the work is done today, e.g. 'email, shared spreadsheet, finance system'."),
        SECTIONS[1],
        max_length=300,
    ),
    FieldSpec(
        "frequency_count",
        N_("How many times"),
        "number",
        N_("How many times one person does this per period, e.g. 20 times per week. More than 0, at most 10,000."),
        SECTIONS[2],
        unit=N_("times per period"),
        minimum=0,
        maximum=10_000,
        required=True,
        default=1.0,
        exclusive_minimum=True,
    ),
    FieldSpec(
        "frequency_period",
        N_("Per"),
        "choice",
        N_("The period the count is for. A year counts 250 working days and 50 working weeks."),
        SECTIONS[2],
        choices=tuple(FREQUENCY_PERIODS),
        default="week",
        required=True,
    ),
    FieldSpec(
        "minutes_per_occurrence",
        N_("Minutes each time"),
        "number",
        N_(
            "How long it takes once, from start to finish, in minutes. "
            "More than 0, at most 2,400 (a full working week)."
        ),
        SECTIONS[2],
        unit=N_("minutes"),
        minimum=0,
        maximum=2400,
        required=True,
        default=15.0,
        exclusive_minimum=True,
    ),
    FieldSpec(
        "people_count",
        N_("People who do it"),
        "integer",
        N_("How many people do this work. 1 to 10,000."),
        SECTIONS[2],
        unit=N_("people"),
        minimum=1,
        maximum=10_000,
        required=True,
        default=1,
    ),
    FieldSpec(
        "error_rate_pct",
        N_("Share that needs fixing or redoing"),
        "number",
        N_("Out of every 100 times, how many need correcting or doing again. 0 to 100."),
        SECTIONS[2],
        unit=N_("%"),
        minimum=0,
        maximum=100,
        default=0.0,
    ),
    FieldSpec(
        "waits_on_other_teams",
        N_("Waits on other teams"),
        "flag",
        N_("Tick if the work stops while another team answers, approves or hands something over."),
        SECTIONS[2],
        default=False,
    ),
    FieldSpec(
        "waits_on_teams",
        N_("Which teams"),
        "text",
        N_("The teams you wait on, e.g. 'Finance, Legal'."),
        SECTIONS[2],
        max_length=300,
    ),
    FieldSpec(
        "customer_impact",
        N_("Effect on customers"),
        "choice",
        N_("How much customers feel this problem."),
        SECTIONS[2],
        choices=tuple(CUSTOMER_IMPACT_LEVELS),
        default=0,
    ),
    FieldSpec(
        "io_clarity",
        N_("How clear are the inputs and outputs"),
        "scale",
        N_("1: vague, different every time. 5: the same inputs and the same outputs every time."),
        SECTIONS[3],
        unit=N_("1 to 5"),
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "rule_based",
        N_("Rules or judgement"),
        "scale",
        N_("1: needs judgement every time. 5: follows fixed rules anyone could write down."),
        SECTIONS[3],
        unit=N_("1 to 5"),
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "severity",
        N_("How much it hurts"),
        "scale",
        N_("1: a minor annoyance. 5: hurts every single day."),
        SECTIONS[3],
        unit=N_("1 to 5"),
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "change_readiness",
        N_("Readiness to change"),
        "scale",
        N_("1: the team would resist a change to how this is done. 5: the team is asking for one."),
        SECTIONS[3],
        unit=N_("1 to 5"),
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "data_location",
        N_("Where the information lives"),
        "text",
        N_("The places the information for this work is kept, e.g. 'supplier emails, finance system'."),
        SECTIONS[4],
        max_length=300,
    ),
    FieldSpec(
        "data_availability",
        N_("How easy the information is to get"),
        "scale",
        N_("1: scattered or missing. 5: all in one place, easy to get."),
        SECTIONS[4],
        unit=N_("1 to 5"),
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "data_quality",
        N_("How good the information is"),
        "scale",
        N_("1: often wrong or incomplete. 5: complete and correct."),
        SECTIONS[4],
        unit=N_("1 to 5"),
        minimum=1,
        maximum=5,
        default=3,
    ),
    FieldSpec(
        "data_sensitivity",
        N_("Data class"),
        "choice",
        N_(
            "Green: safe to use as it is. Amber: "
            "personal or commercially sensitive, needs care. Red: regulated or "
            "confidential, cannot be used as it is."
        ),
        SECTIONS[4],
        choices=tuple(DATA_CLASSES),
        default="green",
        required=True,
    ),
    FieldSpec(
        "desired_outcome",
        N_("What good would look like"),
        "longtext",
        N_("The result you want, e.g. 'invoices posted the day they arrive'."),
        SECTIONS[5],
        max_length=1000,
    ),
    FieldSpec(
        "kpi_metric",
        N_("Measure of success"),
        "text",
        N_("The number that would show it is better, e.g. 'minutes to process one invoice'."),
        SECTIONS[5],
        max_length=120,
    ),
    FieldSpec(
        "kpi_unit", N_("Unit of the measure"), "text", N_("e.g. minutes, days, % of cases."), SECTIONS[5], max_length=30
    ),
    FieldSpec(
        "kpi_baseline",
        N_("Today's value (baseline)"),
        "number",
        N_("The measure today, e.g. 40. Leave empty if nobody knows yet. 0 to 1,000,000,000."),
        SECTIONS[5],
        unit=N_("the unit of the measure"),
        minimum=0,
        maximum=1_000_000_000,
    ),
    FieldSpec(
        "kpi_target",
        N_("Target value"),
        "number",
        N_("The value you would call a success, e.g. 10. 0 to 1,000,000,000."),
        SECTIONS[5],
        unit=N_("the unit of the measure"),
        minimum=0,
        maximum=1_000_000_000,
    ),
    FieldSpec(
        "owner_name",
        N_("Who would own fixing it"),
        "text",
        N_("A person willing to carry the change (may be you). Leave empty if nobody has volunteered yet."),
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
