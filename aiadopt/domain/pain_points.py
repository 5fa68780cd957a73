"""Typed records, validation with a plain-language message per field, and derived numbers."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import asdict, dataclass, fields

from aiadopt.domain.fields import CUSTOMER_IMPACT_LEVELS, FREQUENCY_PERIODS, PAIN_POINT_FIELDS, FieldSpec
from aiadopt.domain.language import Message
from aiadopt.domain.wording import solution_terms_in

# Characters that are never meaningful in typed text and break files and terminals:
# C0 controls other than tab and newline, DEL, C1 controls, and NUL.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Marks that change how the text around them is shown without showing themselves: direction
# overrides and isolates (U+202E turns "Date: 2026-11-28" around) and zero-width characters that
# make "Fin\u200bance" look like "Finance". Joiners (U+200C, U+200D) stay: scripts and emoji need them.
INVISIBLE_MARKS = re.compile("[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

MAX_OCCURRENCES_PER_YEAR = 250_000.0  # 1,000 a working day: beyond that it is not one person's task


class ValidationError(ValueError):
    """Raised with a message per field when input cannot be stored."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class PainPoint:
    """One pain point as captured in an interview or by a participant."""

    workshop_id: int
    department_id: int
    title: str
    frequency_count: float
    frequency_period: str
    minutes_per_occurrence: float
    people_count: int
    description: str = ""
    reporter: str = ""
    trigger: str = ""
    current_steps: str = ""
    systems_used: str = ""
    error_rate_pct: float = 0.0
    waits_on_other_teams: bool = False
    waits_on_teams: str = ""
    customer_impact: int = 0
    io_clarity: int = 3
    rule_based: int = 3
    severity: int = 3
    change_readiness: int = 3
    data_location: str = ""
    data_availability: int = 3
    data_quality: int = 3
    data_sensitivity: str = "green"
    desired_outcome: str = ""
    kpi_metric: str = ""
    kpi_unit: str = ""
    kpi_baseline: float | None = None
    kpi_target: float | None = None
    owner_name: str = ""
    interview_id: int | None = None
    participant_id: int | None = None
    source: str = "facilitator"  # facilitator | participant | import
    theme: str = ""  # the guide theme it answers ("" when none)
    proposes_solution: bool = False
    solution_terms: str = ""
    language: str = ""  # the language it was written in (the writer's screen), "" when not known

    def to_row(self) -> dict:
        """The record as a storage row (booleans as 0/1)."""
        row = asdict(self)
        row["waits_on_other_teams"] = int(bool(self.waits_on_other_teams))
        row["proposes_solution"] = int(bool(self.proposes_solution))
        return row

    @property
    def hours_per_year(self) -> float:
        """Hours lost per year across everyone who does this work."""
        return hours_lost_per_year(
            self.frequency_count, self.frequency_period, self.minutes_per_occurrence, self.people_count
        )


PAIN_POINT_COLUMNS = tuple(f.name for f in fields(PainPoint))


def occurrences_per_year(count: float, period: str) -> float:
    """How many times a year a task happens, given a count per day/week/month/quarter/year."""
    if period not in FREQUENCY_PERIODS:
        raise ValueError(f"unknown period {period!r}")
    return float(count) * FREQUENCY_PERIODS[period]


def hours_lost(occurrences: float, minutes: float, people: float) -> float:
    """Hours lost a year: occurrences a year x minutes each x people, in hours (the one formula)."""
    return occurrences * float(minutes) * people / 60.0


def hours_lost_per_year(count: float, period: str, minutes: float, people: int) -> float:
    """Occurrences a year x minutes each x people, in hours."""
    return hours_lost(occurrences_per_year(count, period), minutes, int(people))


def with_derived_numbers(row: dict) -> dict:
    """A stored pain point with its occurrences and hours lost a year added (None when not computable)."""
    period = row.get("frequency_period")
    if period not in FREQUENCY_PERIODS or row.get("frequency_count") is None:
        return row | {"occurrences_per_year": None, "hours_per_year": None}
    occurrences = occurrences_per_year(row["frequency_count"], period)
    minutes, people = row.get("minutes_per_occurrence"), row.get("people_count")
    hours = None if minutes is None or people is None else hours_lost(occurrences, minutes, people)
    return row | {"occurrences_per_year": occurrences, "hours_per_year": hours}


def clean_text(value: object) -> str:
    """Text as stored: Unicode-normalised, control characters and invisible direction marks removed, ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return INVISIBLE_MARKS.sub("", _CONTROL_CHARS.sub("", text)).strip()


def name_key(value: object) -> str:
    """How two names are compared: "Finance", "FINANCE", "Ｆｉｎａｎｃｅ" and "Fin\u200dance" are one name.

    Compatibility-normalised (NFKC), every invisible format character removed, case folded, spaces folded.
    """
    text = unicodedata.normalize("NFKC", clean_text(value)).casefold()
    text = unicodedata.normalize("NFKC", text)  # case folding can undo the normal form
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) != "Cf").split())


def _number_message(spec: FieldSpec) -> str:
    low = spec.minimum
    high = spec.maximum
    label = Message(spec.label)
    if spec.unit and not spec.unit.startswith("the ") and spec.unit != "%":
        unit = Message(spec.unit)
        if spec.exclusive_minimum:
            return Message(
                "{label} must be more than {low} and at most {high} {unit}.", label=label, low=low, high=high, unit=unit
            )
        return Message("{label} must be between {low} and {high} {unit}.", label=label, low=low, high=high, unit=unit)
    if spec.unit == "%":
        return Message("{label} must be between {low} and {high} %.", label=label, low=low, high=high)
    if spec.exclusive_minimum:
        return Message("{label} must be more than {low} and at most {high}.", label=label, low=low, high=high)
    return Message("{label} must be between {low} and {high}.", label=label, low=low, high=high)


def parse_number(raw: object) -> float | None:
    """A float from a number or from text such as ' 1,5 ' or '1,250'; None when empty.

    Raises ValueError (or TypeError) for words, yes/no values and infinity.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise TypeError("a yes/no value is not a number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = clean_text(raw).replace("\u00a0", "").replace(" ", "")
        if text == "":
            return None
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
            text = text.replace(",", "")
        elif re.fullmatch(r"-?\d+,\d+", text):
            text = text.replace(",", ".")
        value = float(text)  # raises ValueError on words
    if math.isnan(value):
        return None
    if math.isinf(value):
        raise ValueError("infinite")
    return value


def _validate_number(spec: FieldSpec, raw: object, errors: dict[str, str]) -> float | None:
    try:
        value = parse_number(raw)
    except (TypeError, ValueError):
        example = spec.default if isinstance(spec.default, (int, float)) else 10
        errors[spec.name] = Message(
            "{label} must be a number, e.g. {example}.", label=Message(spec.label), example=example
        )
        return None
    if value is None:
        if spec.required:
            errors[spec.name] = Message("{label} is needed.", label=Message(spec.label))
        return None
    low, high = spec.minimum, spec.maximum  # every number field has both (fields.py); None means no bound
    too_low = low is not None and (value <= low if spec.exclusive_minimum else value < low)
    too_high = high is not None and value > high
    if too_low or too_high:
        errors[spec.name] = _number_message(spec)
        return None
    if spec.kind in ("integer", "scale"):
        if not float(value).is_integer():
            errors[spec.name] = Message("{label} must be a whole number.", label=Message(spec.label))
            return None
        return int(value)
    return value


def _parse_flag(raw: object) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    if isinstance(raw, (int, float)) and not (isinstance(raw, float) and math.isnan(raw)):
        if raw in (0, 1):
            return bool(raw)
        return None
    text = clean_text(raw).lower()
    if text in ("", "0", "no", "n", "false", "f", "nan"):
        return False
    if text in ("1", "yes", "y", "true", "t", "x"):
        return True
    return None


YES_NO_CUSTOMER_IMPACT = {True: 2, False: 0}


def choice_words(spec: FieldSpec) -> str:
    """The values a choice field takes, as a person may write them."""
    if spec.name == "customer_impact":
        levels = ", ".join(
            f"{level} or {label.split(':')[0].lower()}" for level, label in CUSTOMER_IMPACT_LEVELS.items()
        )
        return f"{levels} (yes counts as medium, no as none)"
    if spec.name == "frequency_period":
        return ", ".join(str(c) for c in spec.choices) + " (or daily, weekly, monthly, quarterly, yearly)"
    return ", ".join(str(c) for c in spec.choices)


def _parse_choice(spec: FieldSpec, raw: object) -> object:
    """The stored choice value for raw input, accepting labels and case-insensitive text."""
    if spec.name == "customer_impact":
        if isinstance(raw, bool):
            return YES_NO_CUSTOMER_IMPACT[raw]
        if isinstance(raw, str):
            text = clean_text(raw).lower()
            # A file that only says whether customers feel it: yes is "medium", no is "none".
            if text in ("yes", "y", "true", "no", "n", "false"):
                return YES_NO_CUSTOMER_IMPACT[text in ("yes", "y", "true")]
            for level, label in (
                (0, "none"),
                (1, "low"),
                (2, "medium"),
                (3, "high"),
            ):
                if text == label or text.startswith(label + ":"):
                    return level
        try:
            number = parse_number(raw)
        except (TypeError, ValueError):
            return None
        if number is not None and float(number).is_integer() and int(number) in spec.choices:
            return int(number)
        return None
    text = clean_text(raw).lower()
    if spec.name == "frequency_period":
        text = {
            "daily": "day",
            "weekly": "week",
            "monthly": "month",
            "quarterly": "quarter",
            "yearly": "year",
            "annually": "year",
            "days": "day",
            "weeks": "week",
            "months": "month",
            "quarters": "quarter",
            "years": "year",
        }.get(text, text)
    for choice in spec.choices:
        if text == str(choice).lower() or text.startswith(str(choice).lower() + ":"):
            return choice
    return None


def validate_fields(raw: dict, *, partial: bool = False) -> tuple[dict, dict[str, str]]:
    """Clean and check pain-point fields; returns (clean values, message per bad field).

    With `partial`, only the fields present in `raw` are checked (an edit of a few fields).
    """
    clean: dict = {}
    errors: dict[str, str] = {}
    for spec in PAIN_POINT_FIELDS:
        if partial and spec.name not in raw:
            continue
        value = raw.get(spec.name, spec.default)
        if spec.kind in ("text", "longtext"):
            text = clean_text(value)
            if spec.required and not text:
                errors[spec.name] = Message("{label} is needed: please write a few words.", label=Message(spec.label))
            elif spec.max_length and len(text) > spec.max_length:
                errors[spec.name] = Message(
                    "{label} is too long: {length} characters. Please keep it under {limit}.",
                    label=Message(spec.label),
                    length=len(text),
                    limit=spec.max_length,
                )
            elif spec.name == "title" and len(text) < 3:
                errors[spec.name] = Message("{label} needs at least 3 characters.", label=Message(spec.label))
            else:
                clean[spec.name] = text
        elif spec.kind in ("number", "integer", "scale"):
            number = _validate_number(spec, value, errors)
            if spec.name not in errors:
                clean[spec.name] = number if number is not None else spec.default
        elif spec.kind == "flag":
            flag = _parse_flag(value)
            if flag is None:
                errors[spec.name] = Message("{label} must be yes or no.", label=Message(spec.label))
            else:
                clean[spec.name] = flag
        elif spec.kind == "choice":
            if value is None or (isinstance(value, str) and not value.strip()):
                choice = spec.default
            else:
                choice = _parse_choice(spec, value)
            if choice is None:
                errors[spec.name] = Message(
                    "{label} must be one of: {choices}.", label=Message(spec.label), choices=choice_words(spec)
                )
            else:
                clean[spec.name] = choice
    if "frequency_count" in clean and "frequency_period" in clean:
        per_year = occurrences_per_year(clean["frequency_count"], clean["frequency_period"])
        if per_year > MAX_OCCURRENCES_PER_YEAR:
            errors["frequency_count"] = Message(
                "That is {times} times a year for one person, more than one person can do (at most {most}). "
                "Check the count and the period.",
                times=round(per_year),
                most=round(MAX_OCCURRENCES_PER_YEAR),
            )
    return clean, errors


def changed_fields(edited: PainPoint, opened: dict) -> dict:
    """The editable fields whose new value differs from the entry as it was opened (yes/no stored as 1/0)."""
    changes = {}
    for spec in PAIN_POINT_FIELDS:
        new, old = getattr(edited, spec.name), opened.get(spec.name)
        if isinstance(new, bool):
            same = new == bool(old)
        elif isinstance(new, (int, float)) and isinstance(old, (int, float)):
            same = float(new) == float(old)
        else:
            same = new == old
        if not same:
            changes[spec.name] = new
    if edited.department_id != opened.get("department_id"):
        changes["department_id"] = edited.department_id
    return changes


SOLUTION_CHECKED_FIELDS = ("title", "description", "desired_outcome")


def solution_flag(fields: dict) -> dict:
    """Whether a pain point's own words propose a tool instead of a problem, and which words."""
    terms = solution_terms_in(" ".join(fields.get(k) or "" for k in SOLUTION_CHECKED_FIELDS))
    return {"proposes_solution": bool(terms), "solution_terms": ", ".join(terms)}


def build_pain_point(raw: dict, *, workshop_id: int, department_id: int | None, **context) -> PainPoint:
    """A checked PainPoint from form or file input; raises ValidationError with every problem."""
    clean, errors = validate_fields(raw)
    if department_id is None:
        errors["department_id"] = Message("Choose the department this pain point belongs to.")
    if errors or department_id is None:
        raise ValidationError(errors)
    return PainPoint(
        workshop_id=workshop_id,
        department_id=department_id,
        **solution_flag(clean),
        **clean,
        **context,
    )
