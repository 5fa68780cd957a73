"""The charter page: edits stored and previewed, bad edits explained."""

from __future__ import annotations

from aiadopt.formats.registry import CHARTER, formats_for
from aiadopt.services.charters import charter_key, get_charter
from tests.apptest_helpers import facilitator_on


def test_charter_edits_are_stored_and_shown_in_the_preview(file_db, sample_workshop):
    app = facilitator_on("app_pages/charter.py", sample_workshop)
    assert not app.exception
    candidate = app.selectbox(key="charter_candidate").value
    key = charter_key(int(candidate))
    app.text_input(key=f"charter_{key}_owner").input("Aisling Byrne")
    app.number_input(key=f"charter_{key}_kpi_baseline").set_value(40)
    app.number_input(key=f"charter_{key}_kpi_target").set_value(10)
    app.get("form_submit_button")[0].click().run()
    stored = get_charter(file_db, sample_workshop, key)
    assert stored["owner"] == "Aisling Byrne" and stored["kpi_baseline"] == 40 and stored["kpi_target"] == 10
    preview = " ".join(m.value for m in app.markdown)
    assert "Aisling Byrne" in preview
    assert [b.label for b in app.get("download_button")] == [f.label for f in formats_for(CHARTER)]


def test_bad_charter_edit_is_explained_and_not_stored(file_db, sample_workshop):
    app = facilitator_on("app_pages/charter.py", sample_workshop)
    key = charter_key(int(app.selectbox(key="charter_candidate").value))
    app.number_input(key=f"charter_{key}_kpi_target").set_value(-5)
    app.get("form_submit_button")[0].click().run()
    assert any("cannot be negative" in e.value for e in app.error)
    assert get_charter(file_db, sample_workshop, key) is None
