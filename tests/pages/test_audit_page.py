"""Issue 10: the audit view, on screen and in the reports."""

from __future__ import annotations

import subprocess

from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.services import exports, sample
from aiadopt.services.audit import audit_report_section, mark_theme
from aiadopt.services.consolidation import load_candidates
from aiadopt.services.workshops import add_department, list_departments, list_interviews
from tests.apptest_helpers import facilitator_on, rendered_strings
from tests.factories import make_pain_point


def test_the_audit_shows_departments_by_themes_and_the_gaps_in_plain_words(file_db):
    workshop_id = sample.load_sample(file_db)
    add_department(file_db, workshop_id, "Legal")
    app = facilitator_on("app_pages/audit.py", workshop_id)
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["Department"]) == [d["name"] for d in list_departments(file_db, workshop_id)]
    assert (
        "Customer pain" in table.columns and table.loc[table["Department"] == "Finance", "Covered"].item() == "4 of 8"
    )
    shown = rendered_strings(app)
    assert "• Legal: not interviewed" in shown
    assert any(s.startswith("• HR: not interviewed; not asked about") for s in shown)
    assert any(s.startswith("Finance: ") and "3 people" in s for s in shown)


def test_a_mark_or_a_new_pain_point_changes_the_matrix(file_db):
    workshop_id = sample.load_sample(file_db)
    finance = next(d["id"] for d in list_departments(file_db, workshop_id) if d["name"] == "Finance")
    (interview,) = list_interviews(file_db, workshop_id, finance)
    app = facilitator_on("app_pages/audit.py", workshop_id)
    cell = app.dataframe[0].value.set_index("Department").loc["Finance", "Repetitive work"]
    assert cell == "—"
    mark_theme(file_db, interview["id"], "Repetitive work", "nothing_found")
    app.run()
    assert app.dataframe[0].value.set_index("Department").loc["Finance", "Repetitive work"] == "asked, nothing found"
    make_pain_point(
        file_db, workshop_id, finance, interview_id=interview["id"], title="Retyping", theme="Repetitive work"
    )
    app.run()
    assert (
        app.dataframe[0].value.set_index("Department").loc["Finance", "Repetitive work"] == "1 · 100 h"
    )  # 3 a week x 20 minutes x 2 people


def test_the_reports_carry_the_audit(file_db):
    workshop_id = sample.load_sample(file_db)
    section = audit_report_section(file_db, workshop_id)
    state = load_candidates(file_db, workshop_id)
    result = rank_candidates(state.candidates, draws=20)
    document = exports.Shortlist(
        result.ranked, result.excluded, [], result.weights, {}, {}, {"name": "Sample"}, section
    )
    files = {f.extension: exports.render(f, document) for f in exports.formats_for(exports.SHORTLIST)}
    markdown = files["md"].decode("utf-8")
    assert "## How complete the discovery was" in markdown
    assert "HR: not interviewed" in markdown and "| Finance | 4 of 8 |" in markdown
    pdf = files["pdf"]
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split()
    )
    assert "How complete the discovery was" in text and "Legal" not in text and "HR: not interviewed" in text
