"""Exports of the sample workshop, end to end: what leaders receive."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from openpyxl import load_workbook

from aiadopt import storage
from aiadopt.domain.charter import draft_charter
from aiadopt.domain.ranking.criteria import CRITERIA, PRESETS
from aiadopt.domain.ranking.gates import SOLUTION_TEXT, Gates
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.formats import charter_pdf, report_pdf, spreadsheets
from aiadopt.formats import markdown as markdown_format
from aiadopt.services import exports, sample
from aiadopt.services.consolidation import load_candidates
from aiadopt.services.workshops import get_workshop

LABELS = {c.key: c.label for c in CRITERIA}
GATES = {"red_data": "exclude", "no_owner": "flag", "no_kpi": "flag", "unclear_io": "flag"}


@pytest.fixture(scope="module")
def sample_state():
    """The sample workshop and its candidates, read once for the module; the database closed after."""
    db = storage.connect_memory()
    workshop_id = sample.load_sample(db)
    yield get_workshop(db, workshop_id), load_candidates(db, workshop_id)
    db.close()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_sample_charters_fit_on_one_page(sample_state):
    workshop, state = sample_state
    result = rank_candidates(state.candidates, draws=50)
    rows = result.ranked.to_dict("records")
    # The top three, and the three with the most text to fit (a PDF takes about 0.4 s to build).
    wordiest = sorted(
        rows,
        key=lambda r: -sum(
            len(m["description"]) + len(m["desired_outcome"]) for m in state.members(int(r["candidate_id"]))
        ),
    )
    for row in rows[:3] + wordiest[:3]:
        charter = draft_charter(row, state.members(int(row["candidate_id"])), workshop)
        assert pages(charter_pdf.charter_pdf(charter)) == 1, row["title"]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_xlsx_shortlist_follows_the_weights_used(sample_state, preset):
    workshop, state = sample_state
    result = rank_candidates(state.candidates, PRESETS[preset], draws=50)
    data = spreadsheets.shortlist_to_xlsx(result.ranked, state.pain_points, result.weights, LABELS, GATES, workshop)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Shortlist"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]]))
    top = result.ranked.iloc[0]
    assert top["title"] in first.values()
    score = next(value for heading, value in first.items() if heading.startswith("Score"))
    assert score == pytest.approx(top["score"], abs=0.051)
    assert not [c for ws in book.worksheets for r in ws.iter_rows() for c in r if c.data_type == "f"]
    assert sheet.max_row == len(result.ranked) + 1


def test_report_pdf_of_the_sample_names_the_top_candidate_and_the_method(sample_state):
    workshop, state = sample_state
    result = rank_candidates(state.candidates, draws=50)
    markdown = markdown_format.report_markdown(
        result.ranked, result.weights, LABELS, Gates(), workshop, result.excluded
    )
    assert result.ranked.iloc[0]["title"] in markdown
    for excluded in result.excluded["title"]:
        assert markdown_format.escape_markdown(excluded) in markdown or excluded in markdown
    pdf = report_pdf.report_pdf(result.ranked, result.weights, LABELS, GATES, workshop, result.excluded)
    assert pdf.startswith(b"%PDF") and 2 <= pages(pdf) <= 10


def test_solution_first_entries_are_flagged_in_the_shortlist_its_files_and_reports(sample_state):
    """Issue 9, finding 9: the Pain points page's solution flag was missing everywhere after it."""
    workshop, state = sample_state
    result = rank_candidates(state.candidates, draws=50)
    flagged = result.ranked[result.ranked["proposes_solution"].astype(bool)]
    assert len(flagged) > 0  # the sample has solution-first entries ("We need a chatbot ...")
    assert all(SOLUTION_TEXT in flags for flags in flagged["flags"])
    assert not any(SOLUTION_TEXT in f for f in result.ranked[~result.ranked["proposes_solution"].astype(bool)]["flags"])
    csv_text = spreadsheets.shortlist_to_csv(result.ranked).decode("utf-8-sig")
    assert csv_text.count(SOLUTION_TEXT) == len(flagged)
    book = load_workbook(
        io.BytesIO(
            spreadsheets.shortlist_to_xlsx(result.ranked, state.pain_points, result.weights, LABELS, GATES, workshop)
        )
    )
    assert sum(SOLUTION_TEXT in str(c.value) for row in book["Shortlist"].iter_rows() for c in row) == len(flagged)
    markdown = markdown_format.report_markdown(
        result.ranked, result.weights, LABELS, Gates(), workshop, result.excluded
    )
    assert markdown_format.escape_markdown(SOLUTION_TEXT) in markdown
    pdf = report_pdf.report_pdf(result.ranked, result.weights, LABELS, GATES, workshop, result.excluded)
    read_back = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Describes a solution instead of a problem" in " ".join(read_back.split())


def test_the_weights_sheet_holds_numbers_a_person_reads(sample_state):
    """Issue 9, finding 12: the "Weights and gates" sheet showed 0.06666666666666665."""
    workshop, state = sample_state
    result = rank_candidates(state.candidates, draws=20)
    data = spreadsheets.shortlist_to_xlsx(result.ranked, state.pain_points, result.weights, LABELS, GATES, workshop)
    sheet = load_workbook(io.BytesIO(data))["Weights and gates"]
    numbers = [c.value for row in sheet.iter_rows(min_row=2) for c in row[1:3] if isinstance(c.value, float)]
    assert numbers and all(len(repr(n).split(".")[1]) <= 3 for n in numbers)


def test_every_shortlist_file_of_the_sample_names_what_was_kept_out_and_why(sample_state):
    """Issue 18, item 5: only the reports named the candidates a rule kept out; the CSV and XLSX now do too."""
    workshop, state = sample_state
    result = rank_candidates(state.candidates, draws=20)
    kept_out = result.excluded["title"].tolist()
    assert kept_out  # the sample has red-data candidates, kept out by default
    document = exports.Shortlist(
        result.ranked, result.excluded, state.pain_points, result.weights, LABELS, GATES, workshop
    )
    files = {f.extension: exports.render(f, document) for f in exports.formats_for(exports.SHORTLIST)}
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert [r["Status"] for r in rows] == ["Ranked"] * len(result.ranked) + [
        "Kept out: " + " ".join(reasons) for reasons in result.excluded["reasons"]
    ]
    assert [r["Candidate workflow"] for r in rows[len(result.ranked) :]] == kept_out
    book = load_workbook(io.BytesIO(files["xlsx"]))
    sheet = list(book["Kept out of the ranking"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in sheet] == kept_out and all(row[1].startswith("Red data") for row in sheet)
    workshop_sheet = dict(book["Workshop"].iter_rows(min_row=2, values_only=True))
    assert workshop_sheet["Candidate workflows ranked"] + workshop_sheet["Candidate workflows kept out"] == len(
        state.candidates
    )
    for title in kept_out:
        assert title in files["md"].decode("utf-8")
