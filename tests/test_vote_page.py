"""The participant's vote page: dots on candidate workflows, limited, kept across merges."""

from __future__ import annotations

from aiadopt import sample, storage
from aiadopt.wording import technology_words_in
from tests.apptest_helpers import rendered_strings
from tests.conftest import new_app


def vote_app(db, workshop_id, token=None):
    app = new_app()
    app.query_params["join"] = storage.get_workshop(db, workshop_id)["join_code"]
    if token:
        app.query_params["me"] = token
    app.run()
    app.switch_page("app_pages/vote.py").run()
    return app


def test_vote_page_waits_until_the_facilitator_opens_voting(file_db):
    workshop_id = sample.load_sample(file_db)
    app = vote_app(file_db, workshop_id)
    assert not app.exception
    assert any("Voting has not started" in i.value for i in app.info)


def test_participant_spends_votes_and_cannot_overspend(file_db):
    workshop_id = sample.load_sample(file_db)
    storage.update_workshop(file_db, workshop_id, {"voting_open": True})
    ids = [r["id"] for r in storage.list_pain_points(file_db, workshop_id)]
    merged = storage.merge_pain_points(file_db, workshop_id, ids[:3], title="Purchase order approvals")
    app = vote_app(file_db, workshop_id)
    app.number_input(key=f"vote_{merged}").set_value(3)
    app.number_input(key=f"vote_{-ids[5]}").set_value(2)
    app.get("form_submit_button")[0].click().run()
    assert [s.value for s in app.success] == ["Saved: 5 of 5 votes."]
    person = storage.participant_for_token(file_db, workshop_id, app.query_params["me"])
    assert storage.votes_of_participant(file_db, workshop_id, person["id"]) == {ids[0]: 3, ids[5]: 2}

    app.number_input(key=f"vote_{-ids[7]}").set_value(1)
    app.get("form_submit_button")[0].click().run()
    assert any("You have 5 votes to spend; you chose 6" in e.value for e in app.error)
    assert storage.votes_of_participant(file_db, workshop_id, person["id"]) == {ids[0]: 3, ids[5]: 2}


def test_vote_page_names_no_technology(file_db):
    workshop_id = sample.load_sample(file_db)
    storage.update_workshop(file_db, workshop_id, {"voting_open": True})
    participant_titles = {r["title"] for r in storage.list_pain_points(file_db, workshop_id)}
    app = vote_app(file_db, workshop_id)
    own_words = [t for t in rendered_strings(app) if not any(title in t for title in participant_titles)]
    assert len(own_words) > 3
    assert [t for t in own_words if technology_words_in(t)] == []
