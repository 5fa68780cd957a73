"""Validation and derived numbers for pain points."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiadopt.domain.fields import FREQUENCY_PERIODS, PAIN_POINT_FIELDS
from aiadopt.domain.pain_points import (
    MAX_OCCURRENCES_PER_YEAR,
    ValidationError,
    build_pain_point,
    clean_text,
    hours_lost_per_year,
    occurrences_per_year,
    validate_fields,
)
from tests.factories import pain_point_fields

# 20 a week, 12 minutes, 3 people: 600 hours a year.
VALID = pain_point_fields(
    title="Re-keying supplier invoices", frequency_count=20, minutes_per_occurrence=12, people_count=3
)


def build(**changes):
    return build_pain_point(VALID | changes, workshop_id=1, department_id=1)


@pytest.mark.parametrize(
    ("count", "period", "per_year"),
    [(1, "day", 250), (2, "week", 100), (3, "month", 36), (1, "quarter", 4), (5, "year", 5), (0.5, "week", 25)],
)
def test_frequency_is_normalised_to_a_working_year(count, period, per_year):
    assert occurrences_per_year(count, period) == per_year


@pytest.mark.parametrize(
    ("count", "period", "minutes", "people", "hours"),
    [
        (20, "week", 12, 3, 600.0),  # 20 x 50 = 1,000 a year x 12 min x 3 people = 36,000 min
        (1, "day", 60, 1, 250.0),  # 250 a year x 1 h
        (1, "month", 90, 2, 36.0),  # 12 x 1.5 h x 2
        (4, "year", 15, 10, 10.0),  # 4 x 0.25 h x 10
    ],
)
def test_hours_lost_per_year_multiplies_occurrences_minutes_and_people(count, period, minutes, people, hours):
    assert hours_lost_per_year(count, period, minutes, people) == pytest.approx(hours)
    assert build(
        frequency_count=count, frequency_period=period, minutes_per_occurrence=minutes, people_count=people
    ).hours_per_year == pytest.approx(hours)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": ""}, "title", "needed"),
        ({"title": "   \t  "}, "title", "needed"),
        ({"title": "ab"}, "title", "at least 3"),
        ({"title": "x" * 121}, "title", "too long"),
        ({"description": "y" * 100_000}, "description", "100,000 characters"),
        ({"minutes_per_occurrence": 0}, "minutes_per_occurrence", "more than 0"),
        ({"minutes_per_occurrence": -5}, "minutes_per_occurrence", "more than 0"),
        ({"minutes_per_occurrence": "ten"}, "minutes_per_occurrence", "must be a number"),
        ({"minutes_per_occurrence": 100_000}, "minutes_per_occurrence", "at most 2,400"),
        ({"frequency_count": "lots"}, "frequency_count", "must be a number"),
        ({"frequency_count": 5000, "frequency_period": "day"}, "frequency_count", "more than one person"),
        ({"frequency_count": 1e12}, "frequency_count", "at most 10,000"),
        ({"frequency_count": float("inf")}, "frequency_count", "must be a number"),
        ({"frequency_period": "fortnight"}, "frequency_period", "one of"),
        ({"people_count": 0}, "people_count", "between 1 and 10,000"),
        ({"people_count": 2.5}, "people_count", "whole number"),
        ({"error_rate_pct": 140}, "error_rate_pct", "between 0 and 100"),
        ({"error_rate_pct": -1}, "error_rate_pct", "between 0 and 100"),
        ({"severity": 9}, "severity", "between 1 and 5"),
        ({"data_sensitivity": "purple"}, "data_sensitivity", "one of"),
        ({"waits_on_other_teams": "sometimes"}, "waits_on_other_teams", "yes or no"),
        ({"kpi_baseline": -3}, "kpi_baseline", "between 0"),
        ({"kpi_target": "soon"}, "kpi_target", "must be a number"),
    ],
)
def test_bad_input_gets_a_plain_message_on_its_field(changes, field, words):
    with pytest.raises(ValidationError) as raised:
        build(**changes)
    assert field in raised.value.errors
    assert words in raised.value.errors[field]


def test_every_problem_is_reported_at_once():
    with pytest.raises(ValidationError) as raised:
        build(title=" ", minutes_per_occurrence=-1, people_count=0, frequency_count="x")
    assert set(raised.value.errors) == {"title", "minutes_per_occurrence", "people_count", "frequency_count"}


def test_missing_department_is_reported():
    with pytest.raises(ValidationError) as raised:
        build_pain_point(VALID, workshop_id=1, department_id=None)
    assert "department_id" in raised.value.errors


@pytest.mark.parametrize(
    "text",
    [
        "Bestellungen dauern zu lange 😩🔥",
        "الفواتير تتأخر كل أسبوع",  # right-to-left
        "שליחת דוחות ידנית",
        "<script>alert('x')</script>",
        "![tracker](http://evil.example/x.png) and [click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '=HYPERLINK("http://evil.example")',
    ],
)
def test_any_text_is_stored_exactly_as_typed(text):
    pain_point = build(title=text[:120], description=text)
    assert pain_point.description == text
    assert pain_point.title == text[:120].strip()


def test_control_characters_are_removed_but_newlines_kept():
    assert clean_text("a\x00b\x07c\r\nd\te") == "abc\nd\te"


@pytest.mark.parametrize(
    ("raw", "number"),
    [("12", 12.0), (" 1,250 ", 1250.0), ("2,5", 2.5), ("7.5", 7.5), (3, 3.0)],
)
def test_numbers_typed_as_text_are_understood(raw, number):
    clean, errors = validate_fields(VALID | {"minutes_per_occurrence": raw})
    assert not errors
    assert clean["minutes_per_occurrence"] == number


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("weekly", "week"), ("Day", "day"), ("per month", None), ("quarterly", "quarter")],
)
def test_period_words_are_understood(raw, stored):
    clean, errors = validate_fields(VALID | {"frequency_period": raw})
    assert clean.get("frequency_period") == stored
    assert bool(errors) == (stored is None)


def test_solution_wording_is_flagged_not_blocked():
    pain_point = build(title="We need a chatbot for customer questions")
    assert pain_point.proposes_solution
    assert "chatbot" in pain_point.solution_terms
    assert not build(title="Customers wait two days for an answer").proposes_solution


def test_every_field_has_a_label_and_plain_help_and_numbers_have_units_and_ranges():
    for spec in PAIN_POINT_FIELDS:
        assert spec.label and len(spec.help) > 10, spec.name
        if spec.kind in ("number", "integer", "scale"):
            assert spec.unit and spec.minimum is not None and spec.maximum is not None, spec.name


@settings(max_examples=80, deadline=None)
@given(
    count=st.floats(0.1, 100),
    period=st.sampled_from(list(FREQUENCY_PERIODS)),
    minutes=st.floats(0.5, 600),
    people=st.integers(1, 500),
    factor=st.floats(1.0, 3.0),
)
def test_more_time_frequency_or_people_never_lowers_hours_lost(count, period, minutes, people, factor):
    base = hours_lost_per_year(count, period, minutes, people)
    assert hours_lost_per_year(count * factor, period, minutes, people) >= base
    assert hours_lost_per_year(count, period, minutes * factor, people) >= base
    assert hours_lost_per_year(count, period, minutes, people + 1) >= base


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_cleaning_text_is_idempotent_and_never_raises(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=150, deadline=None)
@given(raw=st.one_of(st.none(), st.text(max_size=20), st.floats(allow_nan=True), st.integers(), st.booleans()))
def test_validation_of_any_number_input_gives_a_number_or_a_message(raw):
    clean, errors = validate_fields(VALID | {"minutes_per_occurrence": raw})
    if "minutes_per_occurrence" in errors:
        assert isinstance(errors["minutes_per_occurrence"], str)
    else:
        value = clean["minutes_per_occurrence"]
        assert 0 < value <= 2400 and not math.isnan(value)


def test_absurd_yearly_volume_limit_is_per_person():
    assert occurrences_per_year(1000, "day") == MAX_OCCURRENCES_PER_YEAR
    clean, errors = validate_fields(VALID | {"frequency_count": 1000, "frequency_period": "day"})
    assert not errors


def test_changed_fields_lists_only_what_the_person_changed():
    opened = build().to_row() | {"waits_on_other_teams": 0, "severity": 3, "department_id": 1}
    edited = build(title="Re-keying supplier invoices twice", waits_on_other_teams=False, severity=3.0)
    from aiadopt.domain.pain_points import changed_fields

    assert changed_fields(edited, opened) == {"title": "Re-keying supplier invoices twice"}
    assert changed_fields(build(waits_on_other_teams=True), opened) == {"waits_on_other_teams": True}
