"""The live room in pages: participants' screens per phase, anonymity, the projector, the Set up controls."""

from __future__ import annotations

from aiadopt.domain import room
from aiadopt.domain.ranking.criteria import PRESETS
from aiadopt.services import room as room_service
from aiadopt.services.capture import list_pain_points
from aiadopt.services.participants import participant_for_token
from aiadopt.services.workshops import get_workshop
from tests.apptest_helpers import facilitator_on, participant_app, rendered_strings, submit_form
from tests.factories import load_sample_workshop, make_workshop


def widget_keys(app) -> set[str]:
    """The user keys of every widget on the page."""
    return {
        w.key
        for kind in ("text_input", "text_area", "number_input", "selectbox", "slider", "checkbox")
        for w in app.get(kind)
        if w.key
    }


def test_a_participant_in_welcome_waits_and_sees_no_form(file_db):
    workshop_id, _ = make_workshop(file_db)
    room_service.open_phase(file_db, workshop_id, room.WELCOME)
    app = participant_app(file_db, workshop_id)
    assert not app.exception
    assert any(room.PHASES_BY_KEY[room.WELCOME].participant_message in i.value for i in app.info)
    assert not app.get("form_submit_button")


def test_the_first_capture_screen_holds_only_the_essentials(file_db):
    workshop_id, _ = make_workshop(file_db)
    app = participant_app(file_db, workshop_id)
    keys = {key.rsplit("_", 1)[-1] for key in widget_keys(app) if key.startswith("contribute_form_0_")}
    drawn = {key.split("contribute_form_0_", 1)[1] for key in widget_keys(app) if key.startswith("contribute_form_0_")}
    assert drawn == {
        "department_id",
        "title",
        "description",
        "frequency_count",
        "frequency_period",
        "minutes_per_occurrence",
        "people_count",
    }, keys
    app.toggle(key="contribute_more_detail").set_value(True).run()
    assert len([k for k in widget_keys(app) if k.startswith("contribute_form_0_")]) > 20


def test_a_participant_saves_a_pain_point_from_the_light_form(file_db):
    workshop_id, department_id = make_workshop(file_db)
    app = participant_app(file_db, workshop_id)
    app.text_input(key="contribute_form_0_title").input("Re-keying supplier invoices")
    app.number_input(key="contribute_form_0_minutes_per_occurrence").set_value(12)
    submit_form(app)
    assert not app.exception
    assert any("Saved" in s.value for s in app.success)
    (stored,) = list_pain_points(file_db, workshop_id)
    assert stored["title"] == "Re-keying supplier invoices" and stored["minutes_per_occurrence"] == 12


def test_an_anonymous_workshop_asks_no_name_anywhere(file_db):
    workshop_id, _ = make_workshop(file_db)
    room_service.set_anonymous(file_db, workshop_id, True)
    app = participant_app(file_db, workshop_id)
    app.toggle(key="contribute_more_detail").set_value(True).run()
    assert not [k for k in widget_keys(app) if k.endswith(("_reporter", "_owner_name"))]
    assert not [t for t in rendered_strings(app) if "Your name" in t]


def test_a_participant_opening_the_link_during_voting_lands_on_the_vote_page(file_db):
    workshop_id, _ = load_sample_workshop(file_db)
    room_service.open_phase(file_db, workshop_id, room.VOTE)
    app = participant_app(file_db, workshop_id)
    assert not app.exception
    assert [t.value for t in app.title] == ["Vote: what should be fixed first?"]


def test_im_done_is_counted_for_the_facilitator(file_db):
    workshop_id, _ = make_workshop(file_db)
    app = participant_app(file_db, workshop_id)
    app.button(key="contribute_done").click().run()
    person = participant_for_token(file_db, workshop_id, app.query_params["me"])
    assert person["done_at"]
    assert room_service.presence(file_db, workshop_id)["done"] == 1


def test_the_projector_shows_the_room_and_hides_words_until_revealed(file_db):
    workshop_id, _ = load_sample_workshop(file_db)
    code = get_workshop(file_db, workshop_id)["join_code"]
    app = facilitator_on("app_pages/projector.py", workshop_id)
    assert not app.exception
    shown = rendered_strings(app)
    assert any(code in s and "Join: go to" in s for s in shown)
    assert any(m.label == "Pain points" and m.value == "36" for m in app.metric)
    assert [b.key for b in app.button] == ["app_sign_out"]  # no controls on the projected page (the menu is hidden)
    titles = {row["title"] for row in list_pain_points(file_db, workshop_id)}
    room_service.open_phase(file_db, workshop_id, room.RESULTS)
    app.run()
    assert not [t for t in titles if any(t in s for s in rendered_strings(app))]  # nothing revealed yet
    assert any(code in s for s in rendered_strings(app))  # the join bar stays in every phase
    room_service.reveal_results(file_db, workshop_id, 1)
    app.run()
    revealed = [title for title in titles if any(title in s for s in rendered_strings(app))]
    assert len(revealed) == 1
    assert any("Ranked by the Balanced weights" in s for s in rendered_strings(app))


def test_the_projector_ranks_with_the_weights_chosen_for_the_room(file_db):
    workshop_id, _ = load_sample_workshop(file_db)
    room_service.open_phase(file_db, workshop_id, room.RESULTS)
    room_service.reveal_results(file_db, workshop_id, -1)
    app = facilitator_on("app_pages/projector.py", workshop_id)
    balanced = [s for s in rendered_strings(app) if "<table" in s]
    weights = dict.fromkeys(PRESETS["Balanced"], 0.0) | {"votes": 5.0, "frequency": 1.0}
    room_service.rank_the_room_with(file_db, workshop_id, "Votes first", weights, {})
    app.run()
    assert [s for s in rendered_strings(app) if "<table" in s] != balanced
    assert any("Ranked by the Votes first weights" in s for s in rendered_strings(app))


def test_the_presenter_view_acts_on_the_first_click_and_says_what_it_did(file_db):
    workshop_id, _ = make_workshop(file_db)
    app = facilitator_on("app_pages/room.py", workshop_id)
    assert not app.exception
    assert room_service.room_state(file_db, workshop_id).phase.key == room.CAPTURE
    app.button(key="presenter_timer_3").click().run()
    assert room_service.room_state(file_db, workshop_id).timer_ends_at is not None
    app.button(key="presenter_next").click().run()  # Capture -> Group, with a timer running
    state = room_service.room_state(file_db, workshop_id)
    assert state.phase.key == room.GROUP and state.timer_ends_at is None
    assert any("was stopped" in m.value for m in app.success)  # never silently
    app.button(key="presenter_next_3").click().run()  # Group -> Vote with 3 minutes, one click
    state = room_service.room_state(file_db, workshop_id)
    assert state.phase.key == room.VOTE and 170 < (state.timer_remaining or 0) <= 180
    room_service.open_phase(file_db, workshop_id, room.GROUP)  # moved from another screen meanwhile
    app.run()  # the view's next refresh
    assert app.button(key="presenter_next").label == "Next: Vote"  # never stale
    app.button(key="presenter_qr").click().run()
    assert room_service.room_state(file_db, workshop_id).qr_shown
    app.segmented_control(key="presenter_jump").set_value(room.RESULTS).run()
    assert room_service.room_state(file_db, workshop_id).phase.key == room.RESULTS
    app.button(key="presenter_reveal").click().run()
    assert room_service.room_state(file_db, workshop_id).results_revealed == 1
    assert app.segmented_control(key="presenter_jump").value is None  # ready for the next choice
