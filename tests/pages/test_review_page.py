"""Issue 17: the Consolidate page reviews a whole suggestion at a time, and says when it reads words only."""

from __future__ import annotations

import pytest

from aiadopt.services import similarity
from aiadopt.services.capture import list_pain_points
from aiadopt.services.consolidation import candidate_groups, rejected_duplicates
from tests.apptest_helpers import facilitator_on
from tests.factories import make_pain_point, make_participant, make_workshop

PAGE = "app_pages/consolidate.py"


def buttons(app, prefix: str) -> list:
    return [b for b in app.button if b.key and b.key.startswith(prefix)]


def signature_of(button, prefix: str) -> str:
    return button.key.removeprefix(prefix)


def test_each_suggestion_shows_what_people_wrote_with_departments_and_hours(file_db, sample_workshop):
    app = facilitator_on(PAGE, sample_workshop)
    assert not app.exception
    first = buttons(app, "review_accept_")[0]
    ids = [int(i) for i in signature_of(first, "review_accept_").split("-")]
    by_id = {p["id"]: p for p in list_pain_points(file_db, sample_workshop)}
    shown = " ".join(m.value for m in app.markdown)
    for pid in ids:
        assert by_id[pid]["title"].split()[0] in shown
        assert by_id[pid]["department"] in shown
    assert "hours a year" in shown and "Suggestions are limited" not in " ".join(i.value for i in app.info)


def test_accepting_a_group_then_undoing_it(file_db, sample_workshop):
    app = facilitator_on(PAGE, sample_workshop)
    first = buttons(app, "review_accept_")[0]
    key = signature_of(first, "review_accept_")
    app.text_input(key=f"review_title_{key}").input("Customer details typed twice")
    first.click().run()
    groups, titles = candidate_groups(file_db, sample_workshop)
    assert list(groups.values()) == [[int(i) for i in key.split("-")]]
    assert list(titles.values()) == ["Customer details typed twice"]
    assert "Accepted" in " ".join(s.value for s in app.success)
    assert f"review_accept_{key}" not in [b.key for b in app.button]
    app.button(key="review_undo").click().run()
    assert candidate_groups(file_db, sample_workshop) == ({}, {})
    assert "Undone" in " ".join(s.value for s in app.success)


def test_not_the_same_and_take_out_are_remembered(file_db, sample_workshop):
    app = facilitator_on(PAGE, sample_workshop)
    three = next(b for b in buttons(app, "review_accept_") if signature_of(b, "review_accept_").count("-") >= 2)
    key = signature_of(three, "review_accept_")
    ids = [int(i) for i in key.split("-")]
    app.button(key=f"review_out_{key}_{ids[-1]}").click().run()
    assert rejected_duplicates(file_db, sample_workshop) == {frozenset((ids[-1], other)) for other in ids[:-1]}
    rest = "-".join(map(str, ids[:-1]))
    if f"review_reject_{rest}" in [b.key for b in app.button]:  # the rest, suggested again without it
        app.button(key=f"review_reject_{rest}").click().run()
        assert frozenset(ids[:2]) in rejected_duplicates(file_db, sample_workshop)
    assert candidate_groups(file_db, sample_workshop) == ({}, {})


def test_every_near_copy_is_accepted_with_one_click_and_undone_with_one(file_db):
    workshop_id, department_id = make_workshop(file_db)
    someone = make_participant(file_db, workshop_id)["id"]
    for text in ("Chasing missing timesheets", "Typing supplier invoices", "Booking interview rooms"):
        make_pain_point(file_db, workshop_id, department_id, title=text, description="")
        make_pain_point(file_db, workshop_id, department_id, title=text, description="", participant_id=someone)
    app = facilitator_on(PAGE, workshop_id)
    bulk = app.button(key="review_accept_strong")
    assert bulk.label == "Accept every near-copy (3)"
    bulk.click().run()
    assert len(candidate_groups(file_db, workshop_id)[0]) == 3
    app.button(key="review_undo").click().run()
    assert candidate_groups(file_db, workshop_id) == ({}, {})


def test_suggestions_say_they_are_limited_when_the_meaning_cannot_be_read(file_db, sample_workshop, monkeypatch):
    monkeypatch.setenv("AIADOPT_SUGGEST_BY_MEANING", "0")
    monkeypatch.setattr(similarity, "_state", {"tried": False, "encoder": None, "problem": ""})
    app = facilitator_on(PAGE, sample_workshop)
    assert not app.exception
    assert any("Suggestions are limited" in i.value for i in app.info)
    assert buttons(app, "review_accept_")  # the words still find some


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "**bold** [link](http://x) `code`"])
def test_what_people_wrote_stays_inert_in_the_review(file_db, hostile):
    workshop_id, department_id = make_workshop(file_db)
    someone = make_participant(file_db, workshop_id)["id"]
    make_pain_point(file_db, workshop_id, department_id, title=f"Chasing timesheets {hostile}", description=hostile)
    make_pain_point(
        file_db,
        workshop_id,
        department_id,
        title=f"Chasing timesheets {hostile}",
        description=hostile,
        participant_id=someone,
    )
    app = facilitator_on(PAGE, workshop_id)
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown)
    assert "<script>" not in shown and "[link](http" not in shown


def test_a_decision_builds_the_workshops_candidates_once(file_db, sample_workshop, monkeypatch):
    """The review and its suggestions read the same cached candidates: a decision rebuilds them once,
    not once for the review and again for the suggestions."""
    from aiadopt.ui import views

    built = []
    real = views.load_candidates
    monkeypatch.setattr(views, "load_candidates", lambda *args, **kwargs: built.append(1) or real(*args, **kwargs))
    app = facilitator_on(PAGE, sample_workshop)
    built.clear()
    buttons(app, "review_reject_")[0].click().run()
    assert not app.exception
    assert len(built) == 1
