"""The participant's vote page: dots on candidate workflows, limited, kept across merges."""

from __future__ import annotations

from aiadopt.domain.ranking.criteria import PRESETS
from aiadopt.domain.ranking.inputs import member_hours
from aiadopt.domain.voting import one_line
from aiadopt.domain.wording import technology_words_in
from aiadopt.formats.safe_text import escape_markdown
from aiadopt.services.capture import get_pain_point, list_pain_points
from aiadopt.services.consolidation import merge_pain_points
from aiadopt.services.participants import participant_for_token
from aiadopt.services.room import open_phase, rank_the_room_with
from aiadopt.services.voting import set_participant_votes, votes_of_participant
from aiadopt.services.workshops import update_workshop
from aiadopt.ui.views import ballot as ballot_of
from tests.apptest_helpers import participant_app, participant_of, rendered_strings, sign_in
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
    open_phase(file_db, workshop_id, "vote")
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
    open_phase(file_db, workshop_id, "vote")
    flagged = [r["title"] for r in list_pain_points(file_db, workshop_id) if r["proposes_solution"]]
    assert flagged  # the sample has solution-first entries such as "We need a chatbot ..."
    app = vote_app(file_db, workshop_id)
    shown = rendered_strings(app)
    assert len(shown) > 30
    assert [t for t in shown if technology_words_in(t)] == []
    assert not [t for t in flagged if t in shown]  # they wait for the facilitator to rewrite them


def test_fewer_votes_per_person_after_voting_started_does_not_break_the_page(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
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
    open_phase(file_db, workshop_id, "vote")
    app = vote_app(file_db, workshop_id)
    assert not app.exception
    assert [t.value for t in app.title] == ["Vote: what should be fixed first?"]


def test_a_save_after_the_facilitator_grouped_the_problems_asks_to_check_again(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    app = vote_app(file_db, workshop_id)
    find(app, file_db, ids[0]).number_input(key=f"vote_{-ids[0]}").set_value(2)
    merge_pain_points(file_db, workshop_id, ids[:2], title="Invoice matching")  # meanwhile, on the big screen
    app.get("form_submit_button")[0].click().run()
    assert any("problems changed while you were voting" in w.value for w in app.warning)
    assert participant_for_token(file_db, workshop_id, app.query_params["me"]) is None  # nothing saved


def test_votes_on_problems_hidden_by_the_search_are_kept(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
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
    open_phase(file_db, workshop_id, "vote")
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


# --- A fair ballot (issue 18, item 4) ----------------------------------------------------------


def first_page(app) -> list[str]:
    return [n.key for n in app.number_input]


def whole_ballot(app) -> list[str]:
    """Every number box's key, page after page, in the order this participant is shown them."""
    keys = first_page(app)
    while True:
        forward = next((b for b in app.get("form_submit_button") if b.label == "Next problems"), None)
        if forward is None or forward.disabled:
            return keys
        forward.click().run()
        keys += first_page(app)


def test_red_data_problems_are_not_on_the_ballot(file_db):
    """Red data can never be ranked for a first pilot: votes spent on it would be wasted."""
    workshop_id, ids = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    rows = list_pain_points(file_db, workshop_id)
    red = [r["id"] for r in rows if r["data_sensitivity"] == "red"]
    assert len(red) == 4  # the sample's card payments, accident packs, fit notes and health referrals
    shown = whole_ballot(vote_app(file_db, workshop_id))
    expected = {f"vote_{-r['id']}" for r in rows if r["data_sensitivity"] != "red" and not r["proposes_solution"]}
    assert set(shown) == expected and len(shown) == len(expected)
    merged = merge_pain_points(file_db, workshop_id, [ids[0], red[0]], title="Payments without a reference")
    app = vote_app(file_db, workshop_id)
    find(app, file_db, 0, "Payments without a reference")
    assert f"vote_{merged}" not in first_page(app)  # a merge with red data in it is red


def test_each_participant_has_their_own_order_and_keeps_it_across_pages_and_visits(file_db):
    workshop_id, _ = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    first, second = vote_app(file_db, workshop_id), vote_app(file_db, workshop_id)
    assert first.query_params["me"] != second.query_params["me"]
    assert first_page(first) != first_page(second)
    assert sorted(first_page(first)) != first_page(first)  # not by candidate number either
    order, theirs = whole_ballot(first), whole_ballot(second)
    assert order != theirs and sorted(order) == sorted(theirs)
    again = vote_app(file_db, workshop_id, token=first.query_params["me"])  # a refresh, before any save
    assert again.query_params["me"] == first.query_params["me"]  # the same person
    assert whole_ballot(again) == order
    titles = [line.label for line in ballot_of(file_db, workshop_id).lines]
    assert (
        titles
        == sorted(titles, key=str.casefold)
        != [line.label for line in ballot_of(file_db, workshop_id).shown_to(first.query_params["me"])]
    )


def test_each_problem_shows_a_line_of_what_it_is_about(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    point = get_pain_point(file_db, ids[0])
    app = find(vote_app(file_db, workshop_id), file_db, ids[0])
    (heading,) = [m.value for m in app.markdown if m.value.startswith("**")]
    title, description = heading.split("  \n")
    assert title == f"**{escape_markdown(point['title'], one_line=True)}**"
    assert description.startswith(":small[:gray[") and description.endswith("…]]")
    shown = description.removeprefix(":small[:gray[").removesuffix("]]")
    assert shown == escape_markdown(one_line(point["description"]), one_line=True)
    assert len(one_line(point["description"])) <= 100 < len(point["description"])
    assert app.number_input(key=f"vote_{-ids[0]}").label == escape_markdown(point["title"], one_line=True)


def test_a_merged_problem_shows_the_description_of_its_member_losing_most_hours(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    members = [get_pain_point(file_db, i) for i in ids[2:5]]
    biggest = max(members, key=member_hours)
    assert biggest["id"] != min(ids[2:5])  # the largest is not merely the first
    merge_pain_points(file_db, workshop_id, ids[2:5], title="Month-end chasing")
    app = find(vote_app(file_db, workshop_id), file_db, 0, "Month-end chasing")
    (heading,) = [m.value for m in app.markdown if m.value.startswith("**Month")]
    assert escape_markdown(one_line(biggest["description"]), one_line=True) in heading


def test_a_browser_signed_in_as_facilitator_gets_no_ballot_when_facilitators_do_not_vote(file_db):
    workshop_id, ids = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    app = participant_app(file_db, workshop_id)
    sign_in(app)  # signed in, then opened the join link
    app.switch_page("app_pages/vote.py").run()
    assert len(app.number_input) == 10  # facilitators vote unless the workshop says otherwise
    person = participant_of(file_db, workshop_id, app)
    set_participant_votes(file_db, workshop_id, person["id"], {ids[0]: 2}, by_facilitator=True)
    update_workshop(file_db, workshop_id, {"facilitators_vote": False})
    app.run()
    assert not app.exception and not app.number_input
    assert any("Facilitators do not vote in this workshop" in i.value for i in app.info)
    app.button(key="vote_take_back").click().run()
    assert votes_of_participant(file_db, workshop_id, person["id"]) == {}
    assert not [b for b in app.button if b.key == "vote_take_back"]
    participant = vote_app(file_db, workshop_id)  # a participant's browser still votes
    assert len(participant.number_input) == 10


def test_a_made_up_token_in_the_link_gets_a_fresh_one_of_its_own(file_db):
    """Only a token this app gave out and saw is kept across a reload before a first save."""
    workshop_id, _ = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    made_up = "Zz" * 12
    app = vote_app(file_db, workshop_id, token=made_up)
    assert not app.exception and app.query_params["me"] != made_up


def test_the_ballot_follows_the_gates_of_the_ranking_chosen_for_the_room(file_db):
    """Red data only flagged in the room's ranking (the projector's results): then it can be ranked, and voted on."""
    workshop_id, _ = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "vote")
    red = {f"vote_{-r['id']}" for r in list_pain_points(file_db, workshop_id) if r["data_sensitivity"] == "red"}
    assert not red & set(whole_ballot(vote_app(file_db, workshop_id)))
    rank_the_room_with(file_db, workshop_id, "Red flagged", PRESETS["Balanced"], {"red_data": "flag"})
    assert red <= set(whole_ballot(vote_app(file_db, workshop_id)))
