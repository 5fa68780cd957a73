"""Issue 18, item 7: files that look finished: whole words in headings, gaps said once, right-to-left text
in its order on every line, real document titles, and an outcome report that keeps notes apart from risks.

PDFs are read back with poppler (pdftotext for words and their places, pdfinfo for the document title).
"""

from __future__ import annotations

import re
import subprocess

import pytest

from aiadopt.domain import coverage
from aiadopt.domain.coverage import NOTHING_FOUND, build_audit
from aiadopt.formats import charter_pdf, markdown, pdf_layout, pilot_report, report_pdf
from aiadopt.formats.pdf_layout import FONT, Document, wrap_text
from tests.unit.test_exports import GATES, LABELS, WEIGHTS, WORKSHOP, make_charter, make_shortlist, pdf_pages

THEMES = [
    "Bottlenecks",
    "Repetitive work",
    "Errors and rework",
    "Waiting on other teams",
    "Customer pain",
    "How information is used",
    "Daily frustrations",
    "Desired outcome and how it would be measured",
]
DEPARTMENTS = [{"id": n, "name": name} for n, name in enumerate(["Finance", "HR", "Legal", "Sales"], start=1)]


def words_with_places(pdf: bytes) -> list[tuple[int, float, float, str]]:
    """(page, top, left, word) of every word poppler reads in a PDF."""
    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found = []
    for page, body in enumerate(xml.split("<page ")[1:], start=1):
        for left, top, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', body):
            found.append((page, float(top), float(left), word.replace("&amp;", "&")))
    return found


def pdf_text(pdf: bytes) -> str:
    return " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split()
    )


def pdf_info(pdf: bytes) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def audit_section() -> dict:
    """Four departments; Finance was interviewed and raised or noted some themes, the others were not asked."""
    interviews = [{"id": 1, "department_id": 1, "started_at": "2026-11-28", "interviewer": "Sam", "interviewees": ""}]
    marks = [{"interview_id": 1, "theme": "Customer pain", "status": NOTHING_FOUND}]
    pain_points = [
        {"department_id": 1, "theme": "Bottlenecks", "hours_per_year": 10.0},
        {"department_id": 2, "theme": "Repetitive work", "hours_per_year": 5.0},
        {"department_id": 3, "theme": "Bottlenecks", "hours_per_year": 5.0},
    ]
    audit = build_audit(DEPARTMENTS, THEMES, pain_points, interviews, marks)
    return coverage.report_section(audit, THEMES)


# --- headings keep their words whole --------------------------------------------------------


def test_the_audit_headings_of_the_report_never_break_inside_a_word():
    """'Bottlen/ecks' and 'Custo/mer pain' were split across two lines of a narrow column."""
    pdf = report_pdf.report_pdf(
        make_shortlist(["Re-keying invoices"]), WEIGHTS, LABELS, GATES, WORKSHOP, audit=audit_section()
    )
    words = {word for *_, word in words_with_places(pdf)}
    for theme in THEMES:
        for word in theme.split():
            assert word in words, word
    assert not {"Bottlen", "ecks", "Custo", "mer"} & words


def test_a_heading_word_wider_than_its_column_gets_a_smaller_font_not_a_break():
    pdf = Document()
    pdf.add_page()
    pdf.set_font(FONT, "B", 8)
    width = pdf.get_string_width("Bottlenecks") * 0.8
    size, lines = pdf_layout.fit_heading(pdf, "Bottlenecks", width, 8, 3)
    assert lines == ["Bottlenecks"] and size < 8
    pdf.set_font(FONT, "B", size)
    assert pdf.get_string_width(lines[0]) <= width
    pdf.set_font(FONT, "B", 8)
    size, lines = pdf_layout.fit_heading(pdf, "Customer pain", pdf.get_string_width("Customer") + 1, 8, 3)
    assert (size, lines) == (8, ["Customer", "pain"])  # it fits at its size, one whole word a line
    assert pdf.font_size_pt == 8  # the table's own size is left as it was


# --- gaps said once ------------------------------------------------------------------------


def test_a_gap_every_department_shares_is_said_once_then_each_departments_own():
    section = audit_section()
    nowhere = [t for t in THEMES if t not in ("Bottlenecks", "Repetitive work", "Customer pain")]
    assert section["gaps"][0] == "Not asked in any department: " + ", ".join(f"“{t}”" for t in nowhere[:-1]) + (
        f" and “{nowhere[-1]}”"
    )
    assert section["gaps"][1:] == [
        "Finance: not asked about “Repetitive work”",
        "HR: not interviewed; not asked about “Bottlenecks” and “Customer pain”",
        "Legal: not interviewed; not asked about “Repetitive work” and “Customer pain”",
        "Sales: not interviewed",
    ]
    text = markdown.report_markdown(make_shortlist(["A"]), WEIGHTS, LABELS, GATES, WORKSHOP, audit=section)
    unheard = text.split("**Still unheard**")[1].split("**Interviews**")[0]
    assert unheard.count("Daily frustrations") == 1
    pdf = report_pdf.report_pdf(make_shortlist(["A"]), WEIGHTS, LABELS, GATES, WORKSHOP, audit=section)
    said = pdf_text(pdf).split("Still unheard")[1].split("Interviews")[0]
    assert said.count("Daily frustrations") == 1 and "Not asked in any department" in said


def test_with_one_department_its_own_line_says_every_gap():
    audit = build_audit(DEPARTMENTS[:1], THEMES[:2], [], [], [])
    assert coverage.unheard_lines(audit, THEMES[:2]) == ["Finance: not interviewed"]
    interviews = [{"id": 1, "department_id": 1, "started_at": "2026-11-28", "interviewer": "", "interviewees": ""}]
    audit = build_audit(DEPARTMENTS[:1], THEMES[:2], [], interviews, [])
    assert coverage.unheard_lines(audit, THEMES[:2]) == ["Finance: not asked about “Bottlenecks” and “Repetitive work”"]


# --- right-to-left text keeps its order when it wraps --------------------------------------

HEBREW = ["אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע", "עשר", "אחת־עשרה", "שתים־עשרה"]


def rtl_title(pdf: Document, size: float) -> tuple[str, list[list[str]]]:
    """A Hebrew title two lines wide at `size` on `pdf`'s page, whose second line starts with a Latin word;
    and its lines' words, in the order they were typed."""
    pdf.add_page()
    pdf.set_font(FONT, "B", size)
    first = wrap_text(pdf, " ".join(HEBREW * 3), pdf.epw)[0].split(" ")
    for latin in ("Excel", "Outlook", "SharePoint", "spreadsheets", "spreadsheet-exports"):
        title = " ".join(first + [latin] + HEBREW[:3])
        lines = wrap_text(pdf, title, pdf.epw)
        if lines[1].startswith(latin):
            break
    assert len(lines) == 2 and lines[1].split(" ")[0].isascii()
    return title, [line.split(" ") for line in lines]


def assert_reads_right_to_left(pdf: bytes, lines: list[list[str]]) -> None:
    """Each line is on the page with its first typed word rightmost, the next to its left, and so on."""
    rows: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for page, top, left, word in words_with_places(pdf):
        rows.setdefault((page, round(top)), []).append((left, word))
    for words in lines:
        # poppler gives a right-to-left word's letters as drawn, right to left
        typed = {w: w for w in words} | {w[::-1]: w for w in words}
        row = next(r for r in rows.values() if set(words) <= {typed.get(w) for _, w in r})
        assert [typed[w] for _, w in sorted(row, reverse=True) if w in typed] == words


def test_a_wrapped_right_to_left_workshop_name_keeps_its_order_on_the_second_line():
    """Its second line started with a Latin word, so it was drawn left to right, in the wrong order."""
    name, lines = rtl_title(Document(), 20)
    pdf = report_pdf.report_pdf(make_shortlist(["A"]), WEIGHTS, LABELS, GATES, WORKSHOP | {"name": name})
    assert_reads_right_to_left(pdf, lines)


def test_a_wrapped_right_to_left_charter_title_keeps_its_order_on_the_second_line():
    name, lines = rtl_title(charter_pdf._charter_document(True), 17)
    assert_reads_right_to_left(charter_pdf.charter_pdf(make_charter(title=name)), lines)


def test_each_line_of_a_paragraph_is_drawn_in_the_paragraphs_direction():
    pdf = Document()
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    lines = wrap_text(pdf, "Why “" + " ".join(HEBREW) + "” ranks first", 60)
    assert {line.rtl for line in lines} == {False}  # it starts with a Latin word: left to right, every line
    lines = wrap_text(pdf, " ".join(HEBREW) + " Excel and Sage", 60)
    assert {line.rtl for line in lines} == {True}
    assert pdf_layout.fit_text(pdf, lines[0], 10).rtl  # shortening a line keeps its direction


# --- real document titles ------------------------------------------------------------------

OUTCOME = {
    "pilot": {
        "title": "Re-keying supplier invoices",
        "workshop_name": "Acme discovery",
        "started_on": "2026-11-01",
        "kpi_metric": "minutes per invoice",
        "kpi_unit": "minutes",
        "kpi_baseline": 40.0,
        "kpi_target": 10.0,
        "hours_at_start": 750.0,
        "owner": "Priya Shah",
    },
    "stages": [{"name": "Problem validation", "success_gate": "The map of today's work is agreed."}]
    + [{"name": f"Stage {n}", "success_gate": "Agreed."} for n in range(2, 6)],
    "measurements": [
        {
            "measured_on": "2026-11-08",
            "value": 35.0,
            "hours_per_year": None,
            "note": "Two people off sick",
            "recorded_by": "Ana",
        },
        {"measured_on": "2026-11-15", "value": 30.0, "hours_per_year": 600.0, "note": "", "recorded_by": ""},
        {
            "measured_on": "2026-11-22",
            "value": 22.0,
            "hours_per_year": 450.0,
            "note": "New checklist in use",
            "recorded_by": "Tom",
        },
    ],
    "gates": {},
    "verdict": "On track, 3 weeks in.",
    "status": "on_track",
    "hours_saved": 300.0,
    "problem": [
        "Finance: “Re-keying supplier invoices: We type every supplier invoice by hand.”",
        "Purchasing: “Approvals: We wait days for approvals.”",
    ],
    "risks": ["Amber data: personal or commercially sensitive information. Agree permissions and handling."],
    "workshop": {"name": "Acme discovery", "facilitator": "Sam Rivera"},
}


@pytest.mark.parametrize(
    ("document", "title"),
    [
        ("report", "Pilot shortlist · Acme discovery"),
        ("charter", "Pilot charter · Re-keying supplier invoices · Acme discovery"),
        ("outcome", "Pilot outcome · Re-keying supplier invoices · Acme discovery"),
    ],
)
def test_every_pdf_has_a_real_document_title_an_author_and_a_subject(document, title):
    """The charter's title (what a viewer shows on its window) was "Export"."""
    pdf = {
        "report": lambda: report_pdf.report_pdf(make_shortlist(["A"]), WEIGHTS, LABELS, GATES, WORKSHOP),
        "charter": lambda: charter_pdf.charter_pdf(make_charter()),
        "outcome": lambda: pilot_report.outcome_pdf(OUTCOME),
    }[document]()
    info = pdf_info(pdf)
    assert info["Title"] == title
    assert info["Author"] == "Sam Rivera"
    assert len(info["Subject"]) > 20 and "Export" not in info["Subject"]


def test_document_titles_hold_no_control_characters_and_stay_one_line():
    assert pdf_layout.metadata_text("Acme\n\x07 discovery\t2026") == "Acme discovery 2026"
    assert len(pdf_layout.metadata_text("x" * 1000)) == 300


# --- the outcome report: the problem in their words, notes apart from risks ----------------


def test_the_outcome_report_says_the_problem_as_the_departments_told_it_and_keeps_notes_apart_from_risks():
    text = pilot_report.outcome_markdown(OUTCOME)
    problem = text.split("## The problem, in the departments' own words")[1].split("##")[0]
    assert "Finance: “Re-keying supplier invoices" in problem and "Purchasing: “Approvals" in problem
    notes = text.split("## Notes")[1].split("##")[0]
    assert (
        "2026-11-08 \\(Ana\\): Two people off sick" in notes and "2026-11-22 \\(Tom\\): New checklist in use" in notes
    )
    risks = text.split("## Open risks")[1].split("##")[0]
    assert "Amber data" in risks and "checklist" not in risks and "Gate 1" not in risks and "Latest note" not in text
    read = pdf_text(pilot_report.outcome_pdf(OUTCOME))
    pdf_notes = read.split("Notes")[1].split("Open risks")[0]
    assert (
        "2026-11-22 (Tom): New checklist in use" in pdf_notes and "2026-11-08 (Ana): Two people off sick" in pdf_notes
    )
    pdf_risks = read.split("Open risks")[1].split("Decision asked for")[0]
    assert "Amber data" in pdf_risks and "checklist" not in pdf_risks and "Gate 1" not in pdf_risks
    assert "We type every supplier invoice by hand" in read.split("own words")[1].split("Gates")[0]


def test_an_outcome_report_without_notes_or_risks_says_so():
    bare = OUTCOME | {"risks": [], "problem": [], "measurements": [OUTCOME["measurements"][1]]}
    text = pilot_report.outcome_markdown(bare)
    assert "## Notes\n\nNo notes yet." in text and "## Open risks\n\nNone recorded." in text
    read = pdf_text(pilot_report.outcome_pdf(bare))
    assert "No notes yet." in read and "None recorded." in read and "Not recorded." in read


def test_the_outcome_pdf_stays_on_one_page_however_much_there_is():
    heavy = OUTCOME | {
        "pilot": OUTCOME["pilot"] | {"title": "Re-keying supplier invoices " * 8, "kpi_metric": "M" * 120},
        "verdict": "On track " * 40,
        "problem": [f"Department {n}: “" + "we type every invoice by hand " * 8 + "”" for n in range(30)],
        "risks": [f"Risk {n}: " + "something could go wrong " * 12 for n in range(10)],
        "measurements": [
            {"measured_on": f"2026-11-{day:02d}", "value": 40.0 - day, "hours_per_year": None, "note": "N " * 250}
            for day in range(2, 28)
        ],
        "stages": [{"name": f"Stage {n}", "success_gate": "G " * 200} for n in range(1, 6)],
        "gates": {n: {"status": "passed", "decided_on": "2026-11-20", "evidence": "E " * 250} for n in range(1, 3)},
    }
    data = pilot_report.outcome_pdf(heavy)
    assert pdf_pages(data) == 1
    read = pdf_text(data)
    assert "Decision asked for" in read  # the last part is on the page, not cut off below it
    assert "more pain points in the Markdown file" in read and "earlier notes in the Markdown file" in read
    assert "more in the charter" in read
