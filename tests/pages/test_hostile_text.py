"""Text people type stays text on every page: no live image, link or HTML from a pain point."""

from __future__ import annotations

import pytest

from aiadopt.services.capture import count_pain_points
from aiadopt.services.workshops import add_department, create_workshop, start_interview
from tests.apptest_helpers import FACILITATOR_PAGES, assert_inert, facilitator_on, participant_app, submit_form
from tests.factories import make_pain_point, make_workshop

# An image that would fetch, a script, a javascript: link; the capture pages also get an <img> tag.
DECISION_HOSTILE = "![pixel](http://tracker.example/p.png) <script>alert(1)</script> [click](javascript:alert(1))"
HOSTILE = DECISION_HOSTILE + " <img src=x>"


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_hostile_text_is_shown_inert_on_facilitator_pages(facilitator_app, file_db, page):
    workshop_id, department_id = make_workshop(
        file_db, name=HOSTILE[:100], department="![d](http://tracker.example/d.png)"
    )
    interview_id = start_interview(file_db, workshop_id, department_id)
    make_pain_point(
        file_db,
        workshop_id,
        department_id,
        interview_id=interview_id,
        title=HOSTILE[:120],
        description=HOSTILE,
        owner_name="<b>boss</b>",
    )
    facilitator_app.run()
    facilitator_app.switch_page(page).run()
    assert not facilitator_app.exception
    assert_inert(facilitator_app)


def test_hostile_text_is_shown_inert_on_the_participant_page(file_db):
    workshop_id, _ = make_workshop(file_db, name=HOSTILE[:100], department="![d](http://tracker.example/d.png)")
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input(HOSTILE[:120])
    submit_form(app)
    assert not app.exception
    assert count_pain_points(file_db, workshop_id) == 1
    assert_inert(app)


@pytest.mark.parametrize("page", ["app_pages/consolidate.py", "app_pages/ranking.py", "app_pages/charter.py"])
def test_hostile_text_stays_inert_on_decision_pages(file_db, page):
    workshop_id = create_workshop(file_db, name=DECISION_HOSTILE[:100])
    departments = [
        add_department(file_db, workshop_id, name) for name in ("<b>Ops</b>", "![d](http://x.example/d.png)")
    ]
    for number, department_id in enumerate(departments * 2):
        make_pain_point(
            file_db,
            workshop_id,
            department_id,
            title=f"{DECISION_HOSTILE[:100]} {number}",
            description=DECISION_HOSTILE,
            owner_name="[boss](http://x.example)",
            kpi_metric="<img src=x>",
            minutes_per_occurrence=30,
        )
    app = facilitator_on(page, workshop_id)
    assert not app.exception
    assert_inert(app)
