"""Issue 10: the coverage rules of the departmental audit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain import coverage
from aiadopt.domain.coverage import NOT_YET, NOTHING_FOUND, RAISED, SKIPPED, Cell, build_audit

THEMES = ["Bottlenecks", "Repetitive work", "Customer pain"]
DEPARTMENTS = [{"id": 1, "name": "Finance"}, {"id": 2, "name": "HR"}, {"id": 3, "name": "Legal"}]


def point(department_id: int, theme: str, hours: float = 10.0) -> dict:
    return {"department_id": department_id, "theme": theme, "hours_per_year": hours}


def test_a_pain_point_under_a_theme_wins_over_a_note_made_before_it():
    marks = {"Bottlenecks": NOTHING_FOUND, "Customer pain": SKIPPED}
    status = coverage.interview_status(THEMES, ["Bottlenecks"], marks)
    assert status == {"Bottlenecks": RAISED, "Repetitive work": NOT_YET, "Customer pain": SKIPPED}


def test_the_audit_says_what_was_heard_and_what_is_still_unheard():
    interviews = [
        {
            "id": 10,
            "department_id": 1,
            "started_at": "2026-11-28T09:00",
            "interviewer": "Sam",
            "interviewees": "Ana, Tom",
        }
    ]
    marks = [{"interview_id": 10, "theme": "Customer pain", "status": NOTHING_FOUND}]
    pain_points = [point(1, "Bottlenecks", 100), point(1, "Bottlenecks", 20), point(2, "Repetitive work", 5)]
    audit = build_audit(DEPARTMENTS, THEMES, pain_points, interviews, marks)
    assert audit.cells[("Finance", "Bottlenecks")] == Cell(2, 120.0, RAISED)
    assert audit.cells[("Finance", "Customer pain")].status == NOTHING_FOUND  # silence recorded as an answer
    assert audit.covered == {"Finance": (2, 3), "HR": (1, 3), "Legal": (0, 3)}
    assert audit.gaps == [
        "Finance: not asked about “Repetitive work”",
        "HR: not interviewed; not asked about “Bottlenecks” and “Customer pain”",
        "Legal: not interviewed",
    ]
    assert coverage.interview_lines(audit) == [
        "Finance: 2026-11-28 by Sam, 2 people",
        "HR: no interview",
        "Legal: no interview",
    ]


def test_skipped_on_purpose_is_not_a_gap_and_not_covered():
    interviews = [{"id": 1, "department_id": 1, "started_at": "2026-11-28", "interviewer": "", "interviewees": ""}]
    marks = [{"interview_id": 1, "theme": t, "status": SKIPPED} for t in THEMES]
    audit = build_audit(DEPARTMENTS[:1], THEMES, [], interviews, marks)
    assert audit.gaps == [] and audit.covered["Finance"] == (0, 3)
    headings, rows = coverage.audit_table(audit, THEMES)
    assert rows == [["Finance", "0 of 3", "skipped", "skipped", "skipped"]]


def test_a_theme_removed_from_the_guide_keeps_its_name_marked_and_old_entries_have_no_theme():
    pain_points = [point(1, "Old theme"), point(1, "")]
    audit = build_audit(DEPARTMENTS[:1], THEMES, pain_points, [], [])
    headings, rows = coverage.audit_table(audit, THEMES)
    assert headings[-2:] == ["Old theme (removed)", "No theme"]
    assert rows[0][-2:] == ["1 · 10 h", "1 · 10 h"]


def test_a_long_guide_of_30_themes_and_an_interview_with_no_pain_points():
    themes = [f"Theme {n}" for n in range(30)]
    interviews = [{"id": 1, "department_id": 1, "started_at": "2026-11-28", "interviewer": "Sam", "interviewees": ""}]
    audit = build_audit(DEPARTMENTS[:1], themes, [], interviews, [])
    assert audit.covered["Finance"] == (0, 30)
    assert audit.gaps[0].startswith("Finance: not asked about “Theme 0”, “Theme 1”")
    assert coverage.interview_lines(audit) == ["Finance: 2026-11-28 by Sam"]


@given(st.text(alphabet=" ,;\nab", max_size=40))
def test_people_are_counted_from_the_names_written(text):
    names = [n for n in text.replace(";", ",").replace("\n", ",").split(",") if n.strip()]
    assert coverage.people_count(text) == len(names)
