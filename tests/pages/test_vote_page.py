"""The participant's vote page: dots on candidate workflows, limited, kept across merges."""

from __future__ import annotations

from aiadopt.domain.wording import technology_words_in
from aiadopt.services.capture import get_pain_point, list_pain_points
from aiadopt.services.consolidation import merge_pain_points
from aiadopt.services.participants import participant_for_token
from aiadopt.services.voting import set_participant_votes, votes_of_participant
from aiadopt.services.workshops import update_workshop
from tests.apptest_helpers import participant_app, participant_of, rendered_strings
from tests.factories import load_sample_workshop


def vote_app(db, workshop_id, token=None):
    """A participant who opened the join link and went to the vote page."""
    return participant_app(db, workshop_id, token).switch_page("app_pages/vote.py").run()


def find(app, db, pain_point_id: int, title: str | None = None):
    """Search the ballot for one problem (the page shows ten at a time)."""
    wanted = title or get_pain_point(db, pain_point_id)["title"]
    app.text_input(key="vote_query").set_value(wanted).run()
    return app


def test_vote_page_waits_until_the_facilitator_opens_voting(file_db, sample_workshop):
    workshop_id = sample_workshop
    app = vote_app(file_db, workshop_id)
    assert not app.exception
    assert any("Voting has not started" in i.value for i in app.info)


def test_participant_spends_votes_and_cannot_overspend(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    update_workshop(file_db, workshop_id, {"voting_open": True})
    merged = merge_pain_points(file_db, workshop_id, ids[:3], title="Purchase order approvals")
    app = vote_app(file_db, workshop_id)
    find(app, file_db, 0, "Purchase order approvals").number_input(key=f"vote_{merged}").set_value(3)
    app.get("form_submit_button")[0].click().run()
    find(app, file_db, ids[5]).number_input(key=f"vote_{-ids[5]}").set_value(2)
    app.get("form_submit_button")[0].click().run()
    assert [s.value for s in app.success] == ["Saved: 5 of 5 votes."]
    person = participant_for_token(file_db, workshop_id, app.query_params["me"])
    assert votes_of_participant(file_db, workshop_id, person["id"]) == {ids[0]: 3, ids[5]: 2}

    find(app, file_db, ids[7]).number_input(key=f"vote_{-ids[7]}").set_value(1)
    app.get("form_submit_button")[0].click().run()
    assert any("You have 5 votes to spend; you chose 6" in e.value for e in app.error)
    assert votes_of_participant(file_db, workshop_id, person["id"]) == {ids[0]: 3, ids[5]: 2}


def test_vote_page_names_no_technology_not_even_in_participants_titles(file_db, sample_workshop):
    workshop_id = sample_workshop
    update_workshop(file_db, workshop_id, {"voting_open": True})
    flagged = [r["title"] for r in list_pain_points(file_db, workshop_id) if r["proposes_solution"]]
    assert flagged  # the sample has solution-first entries such as "We need a chatbot ..."
    app = vote_app(file_db, workshop_id)
    shown = rendered_strings(app)
    assert len(shown) > 30
    assert [t for t in shown if technology_words_in(t)] == []
    assert not [t for t in flagged if t in shown]  # they wait for the facilitator to rewrite them


def test_fewer_votes_per_person_after_voting_started_does_not_break_the_page(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    update_workshop(file_db, workshop_id, {"voting_open": True})
    app = vote_app(file_db, workshop_id)
    person = participant_of(file_db, workshop_id, app)
    set_participant_votes(file_db, workshop_id, person["id"], {ids[0]: 4})
    update_workshop(file_db, workshop_id, {"dots_per_participant": 2})
    app.run()
    assert not app.exception
    assert any("now has 2 votes" in w.value for w in app.warning)
    find(app, file_db, ids[0]).number_input(key=f"vote_{-ids[0]}").set_value(2)
    app.get("form_submit_button")[0].click().run()
    assert votes_of_participant(file_db, workshop_id, person["id"]) == {ids[0]: 2}


def test_voting_goes_on_after_entries_close(file_db, sample_workshop):
    workshop_id = sample_workshop
    update_workshop(file_db, workshop_id, {"voting_open": True, "is_open": False})
    app = vote_app(file_db, workshop_id)
    assert not app.exception
    assert [t.value for t in app.title] == ["Vote: what should be fixed first?"]


def test_a_save_after_the_facilitator_grouped_the_problems_asks_to_check_again(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    update_workshop(file_db, workshop_id, {"voting_open": True})
    app = vote_app(file_db, workshop_id)
    find(app, file_db, ids[0]).number_input(key=f"vote_{-ids[0]}").set_value(2)
    merge_pain_points(file_db, workshop_id, ids[:2], title="Invoice matching")  # meanwhile, on the big screen
    app.get("form_submit_button")[0].click().run()
    assert any("problems changed while you were voting" in w.value for w in app.warning)
    assert participant_for_token(file_db, workshop_id, app.query_params["me"]) is None  # nothing saved


def test_votes_on_problems_hidden_by_the_search_are_kept(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    update_workshop(file_db, workshop_id, {"voting_open": True})
    app = vote_app(file_db, workshop_id)
    person = participant_of(file_db, workshop_id, app)
    set_participant_votes(file_db, workshop_id, person["id"], {ids[0]: 2})
    title = next(r["title"] for r in list_pain_points(file_db, workshop_id) if r["id"] == ids[3])
    app.text_input(key="vote_query").set_value(title.split()[0]).run()
    assert f"vote_{-ids[3]}" in [n.key for n in app.number_input]
    app.number_input(key=f"vote_{-ids[3]}").set_value(1)
    app.get("form_submit_button")[0].click().run()
    assert [s.value for s in app.success] == ["Saved: 3 of 5 votes."]
    assert votes_of_participant(file_db, workshop_id, person["id"]) == {ids[0]: 2, ids[3]: 1}


def test_ten_problems_at_a_time_and_moving_on_saves_these_votes(file_db):
    """A whole room opens the vote page at once: each screen draws ten number boxes, not fifty."""
    workshop_id, ids = load_sample_workshop(file_db)
    update_workshop(file_db, workshop_id, {"voting_open": True})
    app = vote_app(file_db, workshop_id)
    first_page = [n.key for n in app.number_input]
    assert len(first_page) == 10
    assert any(c.value.startswith("Problems 1–10 of ") for c in app.caption)
    app.number_input(key=first_page[0]).set_value(2)
    next(b for b in app.get("form_submit_button") if b.label == "Next problems").click().run()
    assert any(c.value.startswith("Problems 11–20 of ") for c in app.caption)
    assert not set(first_page) & {n.key for n in app.number_input}
    person = participant_for_token(file_db, workshop_id, app.query_params["me"])
    assert sum(votes_of_participant(file_db, workshop_id, person["id"]).values()) == 2  # saved on the way
    next(b for b in app.get("form_submit_button") if b.label == "Previous problems").click().run()
    assert app.number_input(key=first_page[0]).value == 2
