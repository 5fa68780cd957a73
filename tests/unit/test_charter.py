"""The pilot charter: drafted from what departments said, edited with plain messages."""

from __future__ import annotations

import math

import pytest

from aiadopt.domain.charter import STAGES, draft_charter
from aiadopt.domain.charter_edits import CHARTER_FIELDS, CHARTER_FIELDS_BY_NAME, apply_charter_edits, charter_values
from aiadopt.domain.wording import technology_words_in

WORKSHOP = {
    "name": "Acme discovery",
    "organisation": "Acme Ltd",
    "session_date": "2026-11-24",
    "facilitator": "Sam Rivera",
}


def candidate(**overrides) -> dict:
    row = {
        "rank": 1,
        "candidate_id": 7,
        "title": "Re-keying supplier invoices",
        "score": 71.25,
        "value_score": 0.8,
        "ease_score": 0.7,
        "hours_per_year": 1250.0,
        "departments": ["Finance", "Purchasing"],
        "department_count": 2,
        "member_count": 3,
        "data_class": "amber",
        "owner": "",
        "kpi_metric": "minutes to process one invoice",
        "kpi_unit": "minutes",
        "kpi_baseline": 40.0,
        "kpi_target": 10.0,
        "flags": ["No named owner", "Waits on three teams"],
        "p_first": 0.6,
        "p_top3": 0.9,
        "rank_min": 1,
        "rank_max": 2,
        "explanation": "",
        "contribution_hours": 30.0,
    }
    return row | overrides


MEMBERS = [
    {
        "department": "Finance",
        "title": "Invoices by hand",
        "description": "We type every invoice by hand.",
        "people_count": 3,
        "data_location": "supplier emails",
        "data_sensitivity": "amber",
        "desired_outcome": "Invoices posted the day they arrive",
        "owner_name": "Priya Shah",
    },
    {
        "department": "Purchasing",
        "title": "Approvals",
        "description": "We wait days for approvals.",
        "people_count": 2,
        "data_location": "finance system",
        "data_sensitivity": "green",
        "owner_name": "",
    },
    {
        "department": "Finance",
        "title": "Duplicate",
        "description": "We type every invoice by hand.",
        "people_count": 1,
        "data_location": "Supplier emails",
        "data_sensitivity": "green",
    },
]


@pytest.fixture
def draft() -> dict:
    return draft_charter(candidate(), MEMBERS, WORKSHOP)


def all_text(charter: dict) -> str:
    parts = [charter["problem"], charter["desired_outcome"], *charter["risks"]]
    for stage in charter["stages"]:
        parts += list(stage.values())
    return "\n".join(parts)


def test_stages_follow_the_five_stage_framework():
    assert [(p["name"], p["timing"]) for p in STAGES] == [
        ("Problem validation", "Weeks 1-2"),
        ("Feasibility", "Weeks 3-4"),
        ("Readiness", "Weeks 5-6"),
        ("Pilot", "Weeks 7-12"),
        ("Scale", "Months 4-6"),
    ]
    assert all(p["objective"] and p["success_gate"] for p in STAGES)


def test_stages_never_name_a_technology():
    for stage in STAGES:
        for text in stage.values():
            assert technology_words_in(text) == [], text


def test_drafted_charter_never_names_a_technology(draft):
    assert technology_words_in(all_text(draft)) == []


def test_draft_quotes_each_department_in_its_own_words(draft):
    assert draft["problem"] == ("Finance: “We type every invoice by hand.”\nPurchasing: “We wait days for approvals.”")


def test_draft_takes_its_facts_from_candidate_members_and_workshop(draft):
    assert draft["title"] == "Re-keying supplier invoices"
    assert draft["departments"] == ["Finance", "Purchasing"]
    assert draft["people_affected"] == 6
    assert draft["owner"] == "Priya Shah"  # the candidate had none; a member volunteered
    assert (draft["kpi_metric"], draft["kpi_unit"], draft["kpi_baseline"], draft["kpi_target"]) == (
        "minutes to process one invoice",
        "minutes",
        40.0,
        10.0,
    )
    assert draft["data_class"] == "amber"
    assert draft["data_location"] == "supplier emails, finance system"  # each place once
    assert draft["hours_per_year"] == 1250.0
    assert draft["desired_outcome"] == "Invoices posted the day they arrive"
    assert (draft["workshop_name"], draft["workshop_date"]) == ("Acme discovery", "2026-11-24")
    assert (draft["rank"], draft["candidate_id"]) == (1, 7)


def test_draft_stages_are_written_about_the_chosen_workflow(draft):
    assert [p["name"] for p in draft["stages"]] == [p["name"] for p in STAGES]
    text = " ".join(p["objective"] + " " + p["success_gate"] for p in draft["stages"])
    assert "“Re-keying supplier invoices”" in text
    assert "minutes to process one invoice" in text
    assert "40 minutes" in text and "10 minutes" in text
    assert "Priya Shah" in text and "Finance and Purchasing" in text
    assert all(p["objective"][0].isupper() and p["success_gate"][0].isupper() for p in draft["stages"])


def test_draft_risks_come_from_data_class_and_flags_without_repeats(draft):
    assert draft["risks"][0].startswith("Amber data")
    assert "Waits on three teams" in draft["risks"]
    # "No named owner" is a flag of the candidate, but a member volunteered: no owner risk.
    assert not any("owner" in r.lower() for r in draft["risks"])


@pytest.mark.parametrize(
    ("overrides", "starts"),
    [
        ({"data_class": "red"}, "Red data"),
        ({"kpi_baseline": None}, "No baseline yet"),
        ({"kpi_target": math.nan}, "No target yet"),
        ({"kpi_metric": "", "kpi_baseline": None}, "No measure of success"),
        ({"departments": ["A", "B", "C"]}, "Several departments"),
    ],
)
def test_draft_names_the_risks_a_leader_should_see(overrides, starts):
    charter = draft_charter(candidate(**overrides), MEMBERS[1:2], WORKSHOP)
    assert any(r.startswith(starts) for r in charter["risks"]), charter["risks"]


def test_draft_with_no_owner_anywhere_says_so():
    charter = draft_charter(candidate(flags=["No named owner"]), MEMBERS[1:2], WORKSHOP)
    owner_risks = [r for r in charter["risks"] if "owner" in r.lower()]
    assert owner_risks == ["No owner yet: name the person who will carry the pilot before it starts."]
    assert "The owner and the people in" in charter["stages"][0]["success_gate"]


def test_draft_without_a_candidate_kpi_uses_a_members_kpi():
    members = [
        MEMBERS[1],
        MEMBERS[0] | {"kpi_metric": "days to pay", "kpi_unit": "days", "kpi_baseline": 30, "kpi_target": 5},
    ]
    charter = draft_charter(
        candidate(kpi_metric="", kpi_baseline=None, kpi_target=None, kpi_unit=""), members, WORKSHOP
    )
    assert (charter["kpi_metric"], charter["kpi_unit"], charter["kpi_baseline"], charter["kpi_target"]) == (
        "days to pay",
        "days",
        30.0,
        5.0,
    )


def test_draft_from_nothing_still_makes_a_charter():
    charter = draft_charter({"title": "X workflow"}, [], {})
    assert charter["title"] == "X workflow"
    assert charter["problem"] == "" and charter["people_affected"] == 0
    assert len(charter["stages"]) == 5


def test_editable_fields_have_labels_and_include_every_stage_text():
    assert all(f.label and f.help for f in CHARTER_FIELDS)
    for number in range(1, 6):
        assert f"stage_{number}_objective" in CHARTER_FIELDS_BY_NAME
        assert f"stage_{number}_success_gate" in CHARTER_FIELDS_BY_NAME


def test_valid_edits_are_applied(draft):
    charter, errors = apply_charter_edits(
        draft,
        {
            "title": "  Supplier invoices  ",
            "kpi_baseline": "45",
            "kpi_target": 12,
            "people_affected": "1,200",
            "departments": "Finance\nPurchasing\nLegal",
            "data_class": "Green",
            "stage_2_objective": "Try it on twenty invoices.",
        },
    )
    assert errors == {}
    assert charter["title"] == "Supplier invoices"
    assert (charter["kpi_baseline"], charter["kpi_target"], charter["people_affected"]) == (45.0, 12.0, 1200)
    assert charter["departments"] == ["Finance", "Purchasing", "Legal"]
    assert charter["data_class"] == "green"
    assert charter["stages"][1]["objective"] == "Try it on twenty invoices."
    assert draft["title"] == "Re-keying supplier invoices"  # the draft itself is untouched


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kpi_baseline", -5, "Baseline (today) cannot be negative: use 0 or more."),
        ("kpi_target", "ten", "Target must be a number, e.g. 40."),
        ("people_affected", 2.5, "People who do this work must be a whole number."),
        ("people_affected", -1, "People who do this work cannot be negative: use 0 or more."),
        ("title", "ab", "Pilot title needs at least 3 characters."),
        ("owner", "x" * 81, "Owner is too long: 81 characters. Please keep it under 80."),
        (
            "problem",
            "x" * 5001,
            "The problem, in the departments' own words is too long: 5,001 characters. Please keep it under 5,000.",
        ),
        ("data_class", "purple", "Data class must be one of: green, amber, red."),
        ("risks", [f"risk {i}" for i in range(11)], "Risks and open points: at most 10 lines, please (11 given)."),
        ("stage_1_objective", "", "Stage 1, Problem validation: objective needs at least 3 characters."),
        ("candidate_id", 3, "This part of the charter cannot be edited."),
    ],
)
def test_bad_edits_get_a_plain_message_and_keep_the_draft_value(draft, field, value, message):
    charter, errors = apply_charter_edits(draft, {field: value})
    assert errors == {field: message}
    if field in draft:
        assert charter[field] == draft[field]


def test_naming_an_owner_removes_the_no_owner_risk_and_updates_the_plan():
    draft = draft_charter(candidate(), MEMBERS[1:2], WORKSHOP)
    assert any(r.startswith("No owner yet") for r in draft["risks"])
    charter, errors = apply_charter_edits(draft, {"owner": "Jo Lee"})
    assert errors == {}
    assert not any(r.startswith("No owner yet") for r in charter["risks"])
    assert charter["stages"][0]["success_gate"].startswith("Jo Lee and the people in")


def test_clearing_the_baseline_adds_its_risk_but_keeps_a_hand_written_stage(draft):
    edited, _ = apply_charter_edits(draft, {"stage_4_success_gate": "Ten minutes or less, every week."})
    charter, errors = apply_charter_edits(edited, {"kpi_baseline": ""})
    assert errors == {}
    assert charter["kpi_baseline"] is None
    assert any(r.startswith("No baseline yet") for r in charter["risks"])
    assert "today: not measured yet" in charter["stages"][0]["success_gate"]
    assert charter["stages"][3]["success_gate"] == "Ten minutes or less, every week."


def test_hand_written_risks_are_kept(draft):
    charter, errors = apply_charter_edits(draft, {"risks": "Month-end peak\nHoliday cover"})
    assert errors == {} and charter["risks"] == ["Month-end peak", "Holiday cover"]


def test_charter_values_prefill_every_editable_field(draft):
    values = charter_values(draft)
    assert set(values) == set(CHARTER_FIELDS_BY_NAME)
    assert values["departments"] == "Finance\nPurchasing"
    again, errors = apply_charter_edits(draft, values)
    assert errors == {} and again == draft
