"""Issue 18, item 7: the pilot outcome report carries the problem in the departments' words and the
charter's risks, keeps measurement notes apart, and says which workshop and whose it is."""

from __future__ import annotations

import subprocess

import pytest

from aiadopt import storage
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.services import exports, pilots, sample
from aiadopt.services.charters import charter_key, charter_state, save_charter
from aiadopt.services.consolidation import load_candidates, merge_pain_points, split_candidate
from aiadopt.services.workshops import get_workshop


@pytest.fixture
def merged_pilot():
    """A pilot started from two pain points of two departments merged into one candidate, with two notes."""
    db = storage.connect_memory()
    workshop_id = sample.load_sample(db)
    workshop = get_workshop(db, workshop_id)
    points = load_candidates(db, workshop_id).pain_points
    finance = next(p for p in points if p["department"] == "Finance")
    operations = next(p for p in points if p["department"] == "Operations")
    candidate_id = merge_pain_points(db, workshop_id, [finance["id"], operations["id"]], "Chasing approvals")
    state = load_candidates(db, workshop_id)
    result = rank_candidates(state.candidates, draws=0)
    row = result.ranked[result.ranked["candidate_id"] == candidate_id].iloc[0].to_dict()
    key = charter_key(candidate_id)
    save_charter(db, workshop_id, key, {"risks": "Month-end close may delay the trial.\nThe team is short-staffed."})
    charter = charter_state(db, workshop, row, state.members(candidate_id)).charter
    pilot_id = pilots.start_pilot(db, workshop_id, key, charter, "2026-11-01")
    pilots.record_measurement(db, pilot_id, 3, "2026-11-08", note="Two people off sick", recorded_by="Ana")
    pilots.record_measurement(db, pilot_id, 2, "2026-11-15", note="Checklist in use", recorded_by="Tom")
    yield db, workshop, pilot_id, candidate_id, (finance, operations)
    db.close()


def read_back(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def test_the_outcome_report_carries_the_problem_as_each_department_told_it(merged_pilot):
    db, workshop, pilot_id, _, (finance, operations) = merged_pilot
    report = exports.pilot_outcome(db, pilot_id)
    assert [line.split(":")[0] for line in report["problem"]] == ["Finance", "Operations"]
    for member, line in zip((finance, operations), report["problem"]):
        assert member["title"] in line and line.endswith("”")
        assert len(line) <= 230  # shortened for one page
    files = {f.extension: exports.render(f, report) for f in exports.formats_for(exports.PILOT_OUTCOME)}
    text = files["md"].decode("utf-8")
    problem = text.split("## The problem, in the departments' own words")[1].split("##")[0]
    assert "Finance: “" in problem and "Operations: “" in problem
    read = read_back(files["pdf"])
    assert "Finance: “" + finance["title"][:20] in read and "Operations: “" in read


def test_open_risks_are_the_charters_and_notes_stay_in_their_own_dated_section(merged_pilot):
    db, _, pilot_id, _, _ = merged_pilot
    report = exports.pilot_outcome(db, pilot_id)
    assert report["risks"][:2] == ["Month-end close may delay the trial.", "The team is short-staffed."]
    text = exports.render(exports.format_of(exports.PILOT_OUTCOME, "md"), report).decode("utf-8")
    risks = text.split("## Open risks")[1].split("##")[0]
    assert "Month-end close may delay the trial." in risks and "short-staffed" in risks
    assert "Checklist in use" not in risks and "Latest note" not in text and "not passed yet" not in risks
    notes = text.split("## Notes")[1].split("##")[0]
    assert "2026-11-08 \\(Ana\\): Two people off sick" in notes and "2026-11-15 \\(Tom\\): Checklist in use" in notes
    read = read_back(exports.render(exports.format_of(exports.PILOT_OUTCOME, "pdf"), report))
    assert "Month-end close may delay the trial." in read.split("Open risks")[1]
    assert "2026-11-15 (Tom): Checklist in use" in read.split("Notes")[1].split("Open risks")[0]


def test_the_outcome_pdf_names_its_pilot_its_workshop_and_its_facilitator(merged_pilot):
    db, workshop, pilot_id, _, _ = merged_pilot
    pdf = exports.render(exports.format_of(exports.PILOT_OUTCOME, "pdf"), exports.pilot_outcome(db, pilot_id))
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert f"Title:           Pilot outcome · Chasing approvals · {workshop['name']}" in info
    assert f"Author:          {workshop['facilitator']}" in info


def test_a_pilot_whose_candidate_was_split_since_still_reports_from_its_own_record(merged_pilot):
    db, _, pilot_id, candidate_id, _ = merged_pilot
    split_candidate(db, candidate_id)
    report = exports.pilot_outcome(db, pilot_id)
    assert report["risks"][:2] == ["Month-end close may delay the trial.", "The team is short-staffed."]
    assert report["problem"] == []  # its pain points stand alone again: nothing to quote as one problem
    text = exports.render(exports.format_of(exports.PILOT_OUTCOME, "md"), report).decode("utf-8")
    assert "own words\n\nNot recorded." in text


def test_the_outcome_reports_risks_are_the_ones_its_charter_prints():
    """The report rebuilds only the pilot's own candidate: its risks match the charter made from the ranking."""
    db = storage.connect_memory()
    workshop_id = sample.load_sample(db)
    workshop = get_workshop(db, workshop_id)
    state = load_candidates(db, workshop_id)
    ranked = rank_candidates(state.candidates, draws=0).ranked
    flagged = ranked[ranked["flags"].map(len) > 0].head(4).to_dict("records")
    assert any(len(c["flags"]) >= 2 for c in flagged)
    for row in flagged:
        charter = charter_state(db, workshop, row, state.members(int(row["candidate_id"]))).charter
        pilot_id = pilots.start_pilot(db, workshop_id, charter_key(int(row["candidate_id"])), charter, "2026-11-01")
        report = exports.pilot_outcome(db, pilot_id)
        assert report["risks"] == charter["risks"], row["title"]
        assert len(report["problem"]) == row["member_count"]
    db.close()
