"""The shipped sample workshop is valid input and exercises what later features need."""

from __future__ import annotations

import pytest

from aiadopt.domain.fields import DATA_CLASSES
from aiadopt.domain.pain_points import ValidationError, build_pain_point
from aiadopt.domain.wording import technology_words_in
from tests.factories import read_sample_workshop


@pytest.fixture(scope="module")
def sample() -> dict:
    return read_sample_workshop()


@pytest.fixture(scope="module")
def built(sample) -> list:
    return [build_pain_point(raw, workshop_id=1, department_id=1) for raw in sample["pain_points"]]


def test_sample_workshop_names_organisation_date_and_facilitator(sample):
    workshop = sample["workshop"]
    for key in ("name", "organisation", "session_date", "facilitator"):
        assert workshop[key].strip(), key


def test_every_sample_pain_point_passes_validation(sample):
    problems = {}
    for index, raw in enumerate(sample["pain_points"]):
        try:
            build_pain_point(raw, workshop_id=1, department_id=1)
        except ValidationError as error:
            problems[f"{index}: {raw.get('title')}"] = error.errors
    assert problems == {}


def test_sample_has_at_least_four_departments_and_thirty_pain_points(sample):
    assert len(sample["departments"]) >= 4
    assert len(sample["pain_points"]) >= 30


def test_every_pain_point_names_a_department_that_exists(sample):
    department_names = {department["name"] for department in sample["departments"]}
    unknown = {raw["department"] for raw in sample["pain_points"]} - department_names
    assert unknown == set()


def test_sample_covers_all_three_data_classes(built):
    assert {point.data_sensitivity for point in built} == set(DATA_CLASSES)


def test_sample_flags_between_one_and_three_solution_first_entries(built):
    flagged = [point for point in built if point.proposes_solution]
    assert 1 <= len(flagged) <= 3


def test_technology_words_appear_only_in_flagged_entries(sample, built):
    for raw, point in zip(sample["pain_points"], built):
        if point.proposes_solution:
            continue
        text = " ".join(value for value in raw.values() if isinstance(value, str))
        assert technology_words_in(text) == [], raw["title"]


def test_sample_has_a_full_kpi_and_a_pain_point_without_owner(built):
    assert any(
        point.kpi_metric and point.kpi_unit and point.kpi_baseline is not None and point.kpi_target is not None
        for point in built
    )
    assert any(point.owner_name == "" for point in built)
