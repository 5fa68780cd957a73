"""Exports: spreadsheets that never run participant text, readable reports, a one-page charter."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from aiadopt.domain.charter import draft_charter
from aiadopt.formats import cells, charter_pdf, charts, markdown, pdf_layout, report_pdf, report_text, spreadsheets

WEIGHTS = {"hours": 3.0, "errors": 1.0, "data": 2.0, "votes": 2.0}
LABELS = {
    "hours": "Hours lost a year",
    "errors": "Errors and rework",
    "data": "Information ready and safe",
    "votes": "Votes",
}
GATES = {"red_data": "exclude", "no_owner": "flag"}
WORKSHOP = {
    "name": "Acme discovery",
    "organisation": "Acme Ltd",
    "session_date": "2026-11-24",
    "facilitator": "Sam Rivera",
}
HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\tTabbed", "\rReturn"]
EMOJI = "Stock counts 📦 by hand"
RTL = "طلبات الإجازة שלום"
PIPES = "Orders | returns ![x](http://evil.example/a.png) <b>bold</b>"


def make_shortlist(titles: list[str], seed: int = 3) -> pd.DataFrame:
    """A small synthetic shortlist following the scoring module's contract (plus an extra column)."""
    rng = np.random.default_rng(seed)
    total = sum(WEIGHTS.values())
    rows = []
    for index, title in enumerate(titles):
        shares = rng.random(len(WEIGHTS))
        contributions = {f"contribution_{k}": float(WEIGHTS[k] / total * 100 * s) for k, s in zip(WEIGHTS, shares)}
        rows.append(
            {
                "candidate_id": index + 1,
                "title": title,
                "score": sum(contributions.values()),
                "value_score": float(rng.random()),
                "ease_score": float(rng.random()),
                "hours_per_year": float(rng.integers(10, 2000)),
                "departments": ["Finance", "-2 Purchasing"] if index % 2 == 0 else ["HR"],
                "department_count": 2 if index % 2 == 0 else 1,
                "member_count": 2,
                "data_class": ["green", "amber", "red"][index % 3],
                "owner": "@SUM(A1)" if index == 1 else ("" if index == 2 else "Priya Shah"),
                "kpi_metric": "minutes per invoice" if index % 2 == 0 else "",
                "kpi_unit": "minutes",
                "kpi_baseline": 40.0 if index % 2 == 0 else None,
                "kpi_target": 10.0 if index % 2 == 0 else np.nan,
                "flags": ["No named owner"] if index == 2 else [],
                "p_first": 0.4,
                "p_top3": 0.9,
                "rank_min": 1,
                "rank_max": 3,
                "explanation": "Hours lost give most points.",
                "internal_note": "ignored",
                **contributions,
            }
        )
    frame = pd.DataFrame(rows).sort_values("score", ascending=False).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


TITLES = HOSTILE + [EMOJI, RTL, PIPES, "Re-keying supplier invoices"]


@pytest.fixture(scope="module")
def shortlist() -> pd.DataFrame:
    return make_shortlist(TITLES)


@pytest.fixture(scope="module")
def pain_points() -> list[dict]:
    base = {
        "frequency_count": 20.0,
        "frequency_period": "week",
        "minutes_per_occurrence": 15.0,
        "people_count": 3,
        "data_sensitivity": "amber",
        "hours_per_year": 750.0,
        "id": 1,
        "created_at": "2026-11-24T10:00:00+00:00",
        "source": "facilitator",
    }
    return [
        base | {"department": "Finance", "title": "Invoices", "description": '=HYPERLINK("http://x","y")'},
        base | {"department": "HR", "title": EMOJI, "description": RTL, "owner_name": "-2", "id": 2},
    ]


RED_REASON = "Red data: the information is regulated or confidential, so it cannot be used for a first pilot as it is."
KEPT_OUT = pd.DataFrame(
    [
        {
            "candidate_id": 90,
            "title": "Patient notes retyped",
            "reasons": [RED_REASON],
            "hours_per_year": 640.0,
            "departments": ["Clinic"],
            "member_count": 2,
            "votes": 3,
            "data_class": "red",
        },
        {
            "candidate_id": 91,
            "title": '=HYPERLINK("http://x","kept")',
            "reasons": [RED_REASON, "Inputs and outputs are unclear: map the workflow first."],
            "hours_per_year": 12.5,
            "departments": ["HR"],
            "member_count": 1,
            "votes": 0,
            "data_class": "red",
        },
    ]
)


@pytest.fixture(scope="module")
def workbook(shortlist, pain_points):
    data = spreadsheets.shortlist_to_xlsx(shortlist, pain_points, WEIGHTS, LABELS, GATES, WORKSHOP, KEPT_OUT)
    return load_workbook(io.BytesIO(data))


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


# --- neutralising cells -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("\nNewline", "'\nNewline"),
        ("\x00=1", "'=1"),
        ("plain text", "plain text"),
        ("a\x00b", "ab"),
        ("Café 😀 שלום", "Café 😀 שלום"),
        ("in the middle =1", "in the middle =1"),
        (-2, -2),
        (3.5, 3.5),
        (True, True),
        (None, None),
        (float("nan"), None),
        (["=a", "b"], "'=a; b"),
        (["a", "b"], "a; b"),
    ],
)
def test_neutralise_cell_defuses_formula_text_and_keeps_everything_else(value, expected):
    assert cells.neutralise_cell(value) == expected


@pytest.mark.parametrize("value", [np.int64(4), np.float64(1.5), np.int32(-7), np.bool_(True)])
def test_neutralise_cell_keeps_numpy_numbers_as_python_numbers(value):
    result = cells.neutralise_cell(value)
    assert result == value.item() and type(result) is type(value.item())


def test_neutralise_frame_treats_text_columns_and_leaves_numbers_numeric():
    frame = pd.DataFrame({"title": ["=1+1", "ok"], "score": [1.5, -2.0], "tags": [["-x", "y"], []]})
    safe = cells.neutralise_frame(frame)
    assert safe["title"].tolist() == ["'=1+1", "ok"]
    assert safe["score"].tolist() == [1.5, -2.0]
    assert safe["tags"].tolist() == ["'-x; y", ""]


@pytest.mark.parametrize(
    ("workshop", "kind", "ext", "expected"),
    [
        (
            {"name": "Acme discovery", "session_date": "2026-11-24"},
            "shortlist",
            "xlsx",
            "acme-discovery-2026-11-24-shortlist.xlsx",
        ),
        ({"name": "Café Zürich / Q4", "session_date": ""}, "report", "pdf", "cafe-zurich-q4-report.pdf"),
        ({"name": "../../etc/passwd", "session_date": "not a date"}, "charter", "pdf", "etc-passwd-charter.pdf"),
        ({"name": "Семинар"}, "shortlist", "csv", "workshop-shortlist.csv"),
        ({}, "pilot charter", ".md", "workshop-pilot-charter.md"),
    ],
)
def test_export_filename_is_a_safe_slug(workshop, kind, ext, expected):
    assert cells.export_filename(workshop, kind, ext) == expected


def test_export_filename_is_length_capped():
    name = cells.export_filename({"name": "x" * 500, "session_date": "2026-01-01"}, "shortlist", "xlsx")
    assert len(name) <= 120 and name.endswith(".xlsx") and "/" not in name


# --- XLSX ---------------------------------------------------------------------------------


def test_xlsx_has_the_five_sheets(workbook):
    assert workbook.sheetnames == [
        "Shortlist",
        "Kept out of the ranking",
        "Pain points",
        "Weights and gates",
        "Workshop",
    ]


def test_xlsx_names_each_candidate_kept_out_and_why(workbook):
    """Issue 18, item 5: the workbook counted the ranked candidates but never named the ones kept out."""
    rows = list(workbook["Kept out of the ranking"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("Candidate workflow", "Why it was kept out")
    kept = [dict(zip(header, row)) for row in rows[1:]]
    assert [k["Candidate workflow"] for k in kept] == ["Patient notes retyped", '\'=HYPERLINK("http://x","kept")']
    assert kept[0]["Why it was kept out"] == RED_REASON
    assert kept[1]["Why it was kept out"] == RED_REASON + " Inputs and outputs are unclear: map the workflow first."
    assert kept[0]["Hours lost a year"] == 640 and kept[0]["Votes"] == 3 and kept[0]["Departments"] == "Clinic"
    assert "Rank" not in header and "Score (0-100)" not in header  # a kept-out candidate has neither
    shortlist_titles = [c.value for c in workbook["Shortlist"]["B"]]
    assert "Patient notes retyped" not in shortlist_titles  # the ranked sheet is unchanged
    assert dict(workbook["Workshop"].iter_rows(min_row=2, values_only=True))["Candidate workflows kept out"] == 2


def test_xlsx_says_so_when_nothing_was_kept_out(shortlist, pain_points):
    data = spreadsheets.shortlist_to_xlsx(shortlist, pain_points, WEIGHTS, LABELS, GATES, WORKSHOP, KEPT_OUT.iloc[0:0])
    book = load_workbook(io.BytesIO(data))
    rows = list(book["Kept out of the ranking"].iter_rows(values_only=True))
    assert rows == [
        ("Candidate workflow", "Why it was kept out"),
        ("—", "No rule kept a candidate workflow out of the ranking."),
    ]
    assert dict(book["Workshop"].iter_rows(min_row=2, values_only=True))["Candidate workflows kept out"] == 0


def test_xlsx_has_no_formula_cell_anywhere(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"


def test_xlsx_neutralises_hostile_text_in_every_sheet(workbook):
    texts = {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for hostile in HOSTILE:
        # XML turns a stored CR into LF when the file is read; the apostrophe is what matters.
        # A lone CR may read back as LF, depending on the XML writer openpyxl uses.
        assert {"'" + hostile, ("'" + hostile).replace("\r", "\n")} & texts
        assert hostile not in texts
    assert "'-2" in texts  # the owner of a pain point typed -2
    assert not any(t.startswith(cells.FORMULA_TRIGGERS) for t in texts)


def test_xlsx_keeps_numbers_numeric_and_unicode_intact(workbook, shortlist):
    sheet = workbook["Shortlist"]
    headers = [c.value for c in sheet[1]]
    score = headers.index("Score (0-100)") + 1
    rank = headers.index("Rank") + 1
    hours = headers.index("Hours lost a year") + 1
    for row in range(2, sheet.max_row + 1):
        for column in (score, rank, hours):
            assert sheet.cell(row, column).data_type == "n"
            assert isinstance(sheet.cell(row, column).value, (int, float))
    titles = [sheet.cell(row, headers.index("Candidate workflow") + 1).value for row in range(2, sheet.max_row + 1)]
    assert EMOJI in titles and RTL in titles
    assert sheet.cell(2, rank).value == 1


def test_xlsx_shortlist_shows_each_contribution_with_a_human_heading(workbook, shortlist):
    sheet = workbook["Shortlist"]
    headers = [c.value for c in sheet[1]]
    for label in LABELS.values():
        assert f"{label} (points)" in headers
    score_column = headers.index("Score (0-100)")
    point_columns = [i for i, h in enumerate(headers) if h.endswith("(points)")]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        assert sum(row[i] for i in point_columns) == pytest.approx(row[score_column], abs=0.1)
    assert "internal_note" not in headers


def test_xlsx_heading_row_is_bold_and_frozen(workbook):
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1] if cell.value is not None)
        assert sheet.column_dimensions["A"].width >= 8


def test_xlsx_weights_sheet_lists_weights_shares_and_gates(workbook):
    rows = list(workbook["Weights and gates"].iter_rows(values_only=True))
    assert rows[0] == ("Criterion", "Weight", "Share of the score (%)", "Notes")
    hours = next(r for r in rows if r[0] == "Hours lost a year")
    assert hours[1] == 3 and hours[2] == pytest.approx(37.5)
    assert any(str(r[0]).startswith("Red data") and "kept out of the ranking" in r[3] for r in rows if r[3])


def test_xlsx_workshop_sheet_names_the_workshop(workbook):
    values = dict(workbook["Workshop"].iter_rows(min_row=2, values_only=True))
    assert values["Workshop"] == "Acme discovery"
    assert values["Date"] == "2026-11-24"
    assert values["Candidate workflows ranked"] == len(TITLES)


def test_xlsx_tolerates_missing_optional_columns():
    frame = make_shortlist(["A", "B"])[["rank", "title", "score", "contribution_hours"]]
    book = load_workbook(io.BytesIO(spreadsheets.shortlist_to_xlsx(frame, [], {"hours": 1}, {}, {}, {})))
    assert [c.value for c in book["Shortlist"][1]] == ["Rank", "Candidate workflow", "Score (0-100)", "Hours (points)"]


# --- CSV ----------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_human_headings_and_neutralised(shortlist):
    data = spreadsheets.shortlist_to_csv(shortlist, LABELS, WEIGHTS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Rank", "Candidate workflow", "Status", "Score (0-100)"]
    titles = [r[1] for r in rows[1:]]
    for hostile in HOSTILE:
        assert "'" + hostile in titles
    assert EMOJI in titles and RTL in titles
    assert all(not cell.startswith(cells.FORMULA_TRIGGERS) for row in rows for cell in row)
    assert float(rows[1][3]) == pytest.approx(round(shortlist["score"].max(), 1))


def test_csv_lists_the_ranked_then_the_kept_out_with_a_status_a_filter_can_use(shortlist):
    """Issue 18, item 5: the CSV said nothing about what was kept out of the ranking."""
    data = spreadsheets.shortlist_to_csv(shortlist, LABELS, WEIGHTS, KEPT_OUT)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    header = list(rows[0])
    assert header[:4] == ["Rank", "Candidate workflow", "Status", "Score (0-100)"]
    ranked, kept = rows[: len(TITLES)], rows[len(TITLES) :]
    assert [r["Rank"] for r in ranked] == [str(n) for n in range(1, len(TITLES) + 1)]  # first, in rank order
    assert {r["Status"] for r in ranked} == {"Ranked"}
    assert [r["Candidate workflow"] for r in kept] == ["Patient notes retyped", '\'=HYPERLINK("http://x","kept")']
    assert kept[0]["Status"] == f"Kept out: {RED_REASON}"
    assert kept[1]["Status"].startswith("Kept out: Red data") and "map the workflow first." in kept[1]["Status"]
    assert all(r["Rank"] == "" and r["Score (0-100)"] == "" for r in kept)
    assert kept[0]["Hours lost a year"] == "640.0" and kept[0]["Votes"] == "3"
    # The ranked rows say exactly what they said before the kept-out rows were added (this shortlist has
    # no Votes column: only the kept-out rows bring one, after the others, empty for the ranked rows).
    alone = spreadsheets.shortlist_to_csv(shortlist, LABELS, WEIGHTS).decode("utf-8-sig")
    before = list(csv.DictReader(io.StringIO(alone)))
    assert [{k: r[k] for k in before[0]} for r in ranked] == before
    assert header[len(before[0]) :] == ["Votes"] and {r["Votes"] for r in ranked} == {""}


def test_csv_without_labels_uses_readable_criterion_names(shortlist):
    header = spreadsheets.shortlist_to_csv(shortlist).decode("utf-8-sig").splitlines()[0]
    assert "Hours (points)" in header and "contribution_" not in header


# --- Markdown -----------------------------------------------------------------------------


def test_report_markdown_has_details_method_table_flags_and_exclusions(shortlist):
    text = markdown.report_markdown(
        shortlist, WEIGHTS, LABELS, GATES, WORKSHOP, excluded=[{"title": "Patient notes", "reasons": ["Red data"]}]
    )
    assert text.startswith("# Pilot shortlist: Acme discovery")
    assert "**Organisation:** Acme Ltd" in text
    assert "## How the ranking works" in text and "Stability" in text
    assert "| Hours lost a year | 3 | 38% |" in text
    table = [line for line in text.splitlines() if re.match(r"^\| \d+ \|", line)]
    assert len(table) == len(TITLES)
    assert "## Flags to resolve" in text and "No named owner" in text
    assert "## Kept out of the ranking" in text and "**Patient notes**: Red data" in text


def test_report_markdown_escapes_user_text(shortlist):
    text = markdown.report_markdown(shortlist, WEIGHTS, LABELS, GATES, WORKSHOP)
    row = next(line for line in text.splitlines() if "Orders" in line)
    assert "Orders \\| returns" in row
    assert "![" not in text and "<b>" not in text
    assert row.count(" | ") == 8  # nine cells: the pipe in the title did not add a column


def test_report_markdown_caps_the_table_and_points_to_the_spreadsheet():
    frame = make_shortlist([f"Workflow {i}" for i in range(30)])
    text = markdown.report_markdown(frame, WEIGHTS, LABELS, GATES, WORKSHOP, max_rows=10)
    assert len([line for line in text.splitlines() if re.match(r"^\| \d+ \|", line)]) == 10
    assert "20 more candidates are in the spreadsheet export." in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a|b", "a\\|b"),
        ("![i](u)", "\\!\\[i\\]\\(u\\)"),
        ("<script>", "\\<script\\>"),
        ("line\nbreak", "line break"),
        ("*bold* _x_", "\\*bold\\* \\_x\\_"),
        (None, ""),
    ],
)
def test_escape_markdown(text, expected):
    assert markdown.escape_markdown(text) == expected


# --- charts -------------------------------------------------------------------------------


def test_value_ease_figure_draws_a_bubble_per_candidate_with_quadrants(shortlist):
    figure = charts.value_ease_figure(shortlist)
    axes = figure.axes[0]
    texts = {t.get_text() for t in axes.texts}
    assert {"Quick wins", "Big bets", "Fill-ins", "Not now"} <= texts
    scatter = axes.collections[-1]
    assert len(scatter.get_offsets()) == len(shortlist)
    sizes = scatter.get_sizes()
    biggest = int(np.argmax(cells._sorted_shortlist(shortlist)["hours_per_year"].to_numpy()))
    assert sizes[biggest] == sizes.max()
    colours = {tuple(np.round(c[:3], 2)) for c in scatter.get_facecolors()}
    assert len(colours) == 3  # green, amber and red


def test_contribution_figure_has_a_bar_per_criterion(shortlist):
    top = cells._records(shortlist)[0]
    figure = charts.contribution_figure(top, WEIGHTS, LABELS)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == list(LABELS.values())
    assert len(axes.patches) == 2 * len(WEIGHTS)  # points available behind points earned
    assert charts.figure_png(figure).startswith(b"\x89PNG")


# --- PDF report ---------------------------------------------------------------------------


def test_report_pdf_is_a_pdf_with_both_charts_and_page_numbers(shortlist):
    data = report_pdf.report_pdf(
        shortlist, WEIGHTS, LABELS, GATES, WORKSHOP, excluded=[{"title": "Patient notes", "reason": "Red data"}]
    )
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Subtype\s*/Image", data)) == 2
    assert pdf_pages(data) >= 2


def test_report_pdf_survives_text_the_font_cannot_draw():
    frame = make_shortlist(["中文的标题", "emoji 🧾🤯 and NUL \x00 here", "{nb} alias", "x" * 400])
    data = report_pdf.report_pdf(frame, WEIGHTS, LABELS, GATES, {"name": "工作坊 \x07"})
    assert data.startswith(b"%PDF") and pdf_pages(data) >= 1


def test_report_pdf_of_an_empty_shortlist_still_explains_the_method():
    empty = make_shortlist(["x"]).iloc[0:0]
    data = report_pdf.report_pdf(empty, WEIGHTS, LABELS, GATES, WORKSHOP)
    assert pdf_pages(data) == 1


def test_report_pdf_page_count_follows_the_row_cap():
    frame = make_shortlist([f"Workflow number {i}" for i in range(150)])
    short = report_pdf._build_report(frame, WEIGHTS, LABELS, GATES, WORKSHOP, None, 10, True)
    long = report_pdf._build_report(frame, WEIGHTS, LABELS, GATES, WORKSHOP, None, None, True)
    assert short.pages_count < long.pages_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café", "Café"),
        ("中", "中"),  # WenQuanYi Micro Hei (fonts-wqy-microhei)
        ("a\x00b", "ab"),
        ("👍", "👍"),  # Symbola (fonts-symbola)
        ("😀", "😀"),
        ("{nb}", "{ nb }"),
        ("\U0001fae8", "□"),  # a face from Unicode 15: no font here draws it
        ("\u0d9a", "□"),  # Sinhala: no font here draws it
    ],
)
def test_pdf_text_replaces_only_what_the_font_cannot_draw(text, expected):
    assert pdf_layout.pdf_text(text) == expected


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_report_pdf_text_reads_as_expected(shortlist, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf.report_pdf(shortlist, WEIGHTS, LABELS, GATES, WORKSHOP, compress=False))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    for expected in (
        "PILOT SHORTLIST",
        "Acme discovery",
        "Ranked shortlist",
        "How the ranking works",
        "Page 1 of",
        'HYPERLINK("http://x","y")',
        "Stock counts",
    ):
        assert expected in text


# --- the pilot charter --------------------------------------------------------------------


def make_charter(problem: str | None = None, **overrides) -> dict:
    candidate = make_shortlist(["Re-keying supplier invoices"]).iloc[0].to_dict()
    members = [
        {
            "department": "Finance",
            "description": "We type every supplier invoice by hand.",
            "people_count": 3,
            "data_location": "supplier emails",
            "data_sensitivity": "amber",
            "desired_outcome": "Posted the same day",
        },
        {"department": "Purchasing", "description": "We wait days for approvals.", "people_count": 2},
    ]
    charter = draft_charter(candidate, members, WORKSHOP)
    if problem is not None:
        charter["problem"] = problem
    return charter | overrides


def test_charter_markdown_carries_every_part(shortlist):
    text = markdown.charter_markdown(make_charter())
    for expected in (
        "# Pilot charter: Re-keying supplier invoices",
        "**Owner**",
        "Finance: “We type every",
        "## Plan and success gates",
        "| Problem validation | Weeks 1-2 |",
        "| Scale | Months 4-6 |",
        "## Risks and open points",
        "Sign-off",
        "40 minutes",
        "10 minutes",
    ):
        assert expected in text, expected


def test_charter_pdf_is_one_page_for_typical_content():
    pdf = charter_pdf._build_charter(make_charter())
    assert pdf.pages_count == 1
    assert pdf_pages(charter_pdf.charter_pdf(make_charter())) == 1


@pytest.mark.parametrize("problem_length", [0, 800, 5000])
def test_charter_pdf_stays_on_one_page_however_long_the_text(problem_length):
    words = ("Finance: “We type every supplier invoice by hand and then check it twice.” " * 80)[:problem_length]
    long = make_charter(
        problem=words,
        title="T" * 40 + " " + "very long title words " * 4,
        desired_outcome="Outcome " * 125,
        departments=[f"Department {i}" for i in range(30)],
        data_location="L" * 300,
        risks=[f"Risk {i}: " + "something could go wrong " * 11 for i in range(10)],
        stages=[
            {"name": p["name"], "timing": p["timing"], "objective": "O " * 200, "success_gate": "G " * 200}
            for p in make_charter()["stages"]
        ],
        kpi_metric="M" * 120,
    )
    # How long the longest charters take is measured in bench/exports.py, not asserted here.
    data = charter_pdf.charter_pdf(long)
    assert pdf_pages(data) == 1


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_charter_pdf_shortens_long_problem_text_with_an_ellipsis(tmp_path):
    path = tmp_path / "charter.pdf"
    path.write_bytes(charter_pdf.charter_pdf(make_charter(problem="word " * 1000), compress=False))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "…" in text and "PILOT CHARTER" in text and "Success gate" in text


def test_gates_may_arrive_as_the_scoring_dataclass(shortlist):
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Gates:
        red_data: str = "exclude"
        no_kpi: str = "flag"

    text = markdown.report_markdown(shortlist, WEIGHTS, LABELS, Gates(), WORKSHOP)
    assert "| Red data \\(regulated or confidential information\\) | Candidates that fail it are kept out" in text
    assert "No KPI: measure, baseline or target missing" in text


@pytest.mark.parametrize(
    ("weights", "sentence"),
    [
        ({"a": 1, "b": 1}, "All criteria weigh the same (50% of the score each)."),
        ({"a": 2, "b": 1, "c": 1}, "The heaviest is A (50% of the score)."),
        ({"a": 2, "b": 2, "c": 1}, "The heaviest are A and B (40% of the score each)."),
    ],
)
def test_the_method_names_the_heaviest_criteria_honestly(weights, sentence):
    assert sentence in " ".join(report_text._method_paragraphs(weights, {}, {}))


@pytest.mark.parametrize(
    ("items", "joined"),
    [
        (["No owner.", "No KPI yet."], "No owner. No KPI yet."),
        (["no owner", "red data"], "no owner; red data"),
        ([], ""),
    ],
)
def test_join_sentences(items, joined):
    assert report_text.join_sentences(items) == joined


def test_leader_documents_never_name_a_technology():
    from aiadopt.domain.wording import technology_words_in

    frame = make_shortlist(["Re-keying supplier invoices", "Chasing approvals"])
    text = markdown.report_markdown(frame, WEIGHTS, LABELS, GATES, WORKSHOP) + markdown.charter_markdown(make_charter())
    assert technology_words_in(text) == []


def test_the_outcome_reports_markdown_keeps_a_hostile_unit_as_text():
    """Issue 16, finding 4: the outcome report's Markdown left the KPI unit unescaped."""
    from aiadopt.formats import pilot_report

    report = {
        "pilot": {"title": "T", "started_on": "2026-11-01", "kpi_unit": "![](//host/p)", "kpi_metric": "m"},
        "stages": [{"name": "Discover", "success_gate": "ok"}],
        "measurements": [{"measured_on": "2026-11-02", "value": 3.0, "hours_per_year": None}],
        "gates": {},
        "verdict": "No measurement yet.",
        "status": "no_data",
        "hours_saved": None,
    }
    text = pilot_report.outcome_markdown(report)
    assert "![](" not in text and "\\!\\[\\]" in text
