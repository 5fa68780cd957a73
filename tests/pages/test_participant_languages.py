"""Participants' screens in their own language: every text through the catalogues, per session.

The real translations come from translators; these tests prove the mechanism with a pseudo-German
catalogue made from the template, in which every English text reads ⟪like this⟫: a text shown
without the brackets never went through the catalogues (an English leftover a German phone would see).
"""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from google.protobuf.json_format import MessageToDict

from aiadopt.domain.language import N_
from aiadopt.i18n import catalogues, checks, speaking, t
from aiadopt.services.capture import list_pain_points
from aiadopt.services.languages import set_workshop_language
from aiadopt.services.room import open_phase, reveal_results, show_qr, start_timer
from aiadopt.services.workshops import get_workshop, list_departments
from tests.apptest_helpers import _strings as text_fields
from tests.apptest_helpers import facilitator_on, new_app, participant_app, rendered_strings, submit_form, walk
from tests.factories import load_sample_workshop, make_workshop

OPEN, CLOSE = "⟪", "⟫"
# What a page sends that nobody reads as words: layout and widget enums, our style sheets, table data.
NOT_WORDS = re.compile(
    r"^(?:[A-Z_]+|\s*|<style>.*|<script>.*|\{.*\}|/{4,}.*|[0-9a-f]{32}|[\d\s:.,%–·h—-]*)$", re.DOTALL
)
LANGUAGE_NAMES = {"English", "Deutsch", "Français", "Español"}


def pseudo(text: str) -> str:
    """An English text as the pseudo-German catalogue says it."""
    return OPEN + text + CLOSE


def write_catalogue(directory, code: str, translate) -> None:
    """A catalogue for `code` holding every entry of the template, each translated by `translate`
    (None: left untranslated)."""
    template = checks.read_catalogue(checks.template_path())
    catalogue = Catalog(locale=code, domain=catalogues.DOMAIN)
    for message in checks.entries(template):
        forms = message.id if isinstance(message.id, tuple | list) else (message.id,)
        said = [translate(form) for form in forms]
        string = ("" if said[0] is None else said[0]) if len(forms) == 1 else tuple(s or "" for s in said)
        catalogue.add(message.id, string, locations=message.locations, flags=message.flags)
    target = catalogues.catalogue_path(code, directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as po:
        write_po(po, catalogue)


@pytest.fixture
def pseudo_german(tmp_path, monkeypatch):
    """Pseudo-German for every text, and a French catalogue in which only the page titles are translated."""
    write_catalogue(tmp_path, "de", pseudo)
    french = {"Join a workshop": "Rejoindre un atelier", "Vote: what should be fixed first?": "Votez"}
    write_catalogue(tmp_path, "fr", french.get)
    monkeypatch.setattr(catalogues, "LOCALES_DIR", tmp_path)
    catalogues.reload()
    yield
    monkeypatch.undo()
    catalogues.reload()


def data_of(db, workshop_id: int) -> set[str]:
    """Everything people typed into this workshop (shown as typed, in any language)."""
    workshop = get_workshop(db, workshop_id)
    typed = {workshop["name"], workshop["join_code"], *(d["name"] for d in list_departments(db, workshop_id))}
    for point in list_pain_points(db, workshop_id):
        typed |= {str(point["title"]), str(point.get("description") or "")}
    return typed


def heading_title(text: str) -> str | None:
    """The title of a ballot heading ('**title**  \\n:small[...]', Markdown escaped)."""
    found = re.match(r"^\*\*(.+?)\*\*(?:  \n:small\[:gray\[.*\]\])?$", text, re.DOTALL)
    return found.group(1).replace("\\", "") if found else None


def shown_strings(root) -> list[str]:
    """Every text under one part of the page (the main area: the sidebar is the facilitator's own)."""
    found: list[str] = []
    for node in walk(root):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            found.extend(text_fields(MessageToDict(proto)))
    return found


def leftovers(app, typed: set[str], main_only: bool = False) -> list[str]:
    """The texts the page shows that did not come through the catalogues (nor from what people typed)."""
    left = []
    for text in shown_strings(app.main) if main_only else rendered_strings(app):
        if re.match(r"^\S*join=\w+&me=", text):  # a participant's own link (its query)
            continue
        plain = text.replace("\\", "")
        if OPEN in text or NOT_WORDS.match(text) or text in LANGUAGE_NAMES or plain in typed:
            continue
        if heading_title(text) in typed:
            continue
        left.append(text)
    for table in app.dataframe:
        left += [str(column) for column in table.value.columns if OPEN not in str(column)]
    return left


def german_participant(db, workshop_id: int, token: str | None = None):
    """A participant who opened the join link with lang=de."""
    app = new_app()
    app.query_params["join"] = get_workshop(db, workshop_id)["join_code"]
    app.query_params["lang"] = "de"
    if token:
        app.query_params["me"] = token
    return app.run()


def test_every_text_on_the_capture_screen_comes_from_the_catalogue(file_db, pseudo_german):
    workshop_id, _ = load_sample_workshop(file_db)
    typed = data_of(file_db, workshop_id)
    app = german_participant(file_db, workshop_id)
    assert not app.exception
    assert leftovers(app, typed) == []
    submit_form(app)  # nothing chosen, nothing typed: every field's message
    assert app.error and leftovers(app, typed) == []

    app.toggle(key="contribute_more_detail").set_value(True).run()  # every field, the guide's themes
    assert leftovers(app, typed) == []
    department = list_departments(file_db, workshop_id)[0]["id"]
    title = next(w for w in app.text_input if w.key.endswith("_title"))
    title.input("We need a new app for the rota")
    next(w for w in app.selectbox if w.key.endswith("_department_id")).set_value(department)
    submit_form(app)
    assert app.success and app.warning  # saved, and the nudge: solution talk
    typed = data_of(file_db, workshop_id)
    assert leftovers(app, typed) == []

    saved = max(list_pain_points(file_db, workshop_id), key=lambda point: point["id"])
    again = german_participant(file_db, workshop_id, app.query_params["me"])  # a refresh: their entries
    assert leftovers(again, typed) == []
    again.selectbox(key="contribute_mine_chosen").select(saved["id"]).run()  # editing one of them
    assert again.get("form_submit_button")[-1].label == pseudo("Save changes")
    assert leftovers(again, typed) == []
    again.button(key=f"contribute_mine_delete_{saved['id']}").click().run()  # deleted, with its undo
    assert again.button(key="contribute_mine_undo").label.startswith(OPEN)
    assert leftovers(again, typed) == []


@pytest.mark.parametrize("phase", ["welcome", "group", "results", "closed"])
def test_every_phase_message_comes_from_the_catalogue(file_db, pseudo_german, phase):
    workshop_id, _ = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, phase)
    if phase == "group":
        start_timer(file_db, workshop_id, 5, False)  # the countdown's words too
    app = german_participant(file_db, workshop_id)
    assert not app.exception
    assert leftovers(app, data_of(file_db, workshop_id)) == []


def test_every_text_on_the_vote_screen_comes_from_the_catalogue(file_db, pseudo_german):
    workshop_id, _ = load_sample_workshop(file_db)
    typed = data_of(file_db, workshop_id)
    app = german_participant(file_db, workshop_id).switch_page("app_pages/vote.py").run()
    assert leftovers(app, typed) == []  # voting not open yet
    open_phase(file_db, workshop_id, "vote", minutes=5)
    app.run()
    assert not app.exception
    assert leftovers(app, typed) == []
    first = next(w for w in app.number_input if w.key.startswith("vote_"))
    first.set_value(2)
    next(b for b in app.get("form_submit_button") if b.label == pseudo("Save my votes")).click().run()
    assert app.success and leftovers(app, typed) == []
    next(b for b in app.get("form_submit_button") if b.label == pseudo("Next problems")).click().run()
    assert leftovers(app, typed) == []


def test_every_text_on_the_join_screen_comes_from_the_catalogue(file_db, pseudo_german):
    app = new_app()
    app.query_params["lang"] = "de"
    app.run()
    assert leftovers(app, set()) == []
    app.text_input(key="join_code").input("NOPE42")
    submit_form(app)
    assert app.error and leftovers(app, set()) == []


@pytest.mark.parametrize("phase", ["welcome", "capture", "vote", "results"])
def test_the_projector_speaks_the_workshops_language(file_db, pseudo_german, phase):
    workshop_id, _ = load_sample_workshop(file_db)
    set_workshop_language(file_db, workshop_id, "de")
    open_phase(file_db, workshop_id, phase, minutes=3 if phase in ("capture", "vote") else None)
    if phase == "results":
        reveal_results(file_db, workshop_id, -1)
    app = facilitator_on("app_pages/projector.py", workshop_id)  # the facilitator's own language stays English
    assert not app.exception
    assert any(OPEN in s for s in shown_strings(app.main))
    assert leftovers(app, data_of(file_db, workshop_id), main_only=True) == []


def test_the_large_qr_says_what_it_is_in_the_workshops_language(file_db, pseudo_german):
    workshop_id, _ = load_sample_workshop(file_db)
    set_workshop_language(file_db, workshop_id, "de")
    show_qr(file_db, workshop_id, True)
    app = facilitator_on("app_pages/projector.py", workshop_id)
    with speaking("de"):
        alt = t(N_("QR code: scan it with your phone's camera to join the workshop"))
    assert any(f'alt="{alt}"' in s.replace("&#x27;", "'") for s in rendered_strings(app))


def test_the_presenters_controls_come_from_the_catalogue(file_db, pseudo_german):
    workshop_id, _ = load_sample_workshop(file_db)
    open_phase(file_db, workshop_id, "results")
    app = facilitator_on("app_pages/room.py", workshop_id)
    app.segmented_control(key="language_chooser").set_value("de").run()
    assert not app.exception
    controls = [b for b in app.button if b.key and b.key.startswith("presenter_")]
    assert controls and all(b.label.startswith(OPEN) for b in controls)
    jump = app.segmented_control(key="presenter_jump")
    assert jump.label.startswith(OPEN) and all(option.startswith(OPEN) for option in jump.options)


def test_an_unknown_lang_falls_back_silently_to_the_workshops_language(file_db, pseudo_german):
    workshop_id, _ = make_workshop(file_db)
    set_workshop_language(file_db, workshop_id, "de")
    app = new_app()
    app.query_params["join"] = get_workshop(file_db, workshop_id)["join_code"]
    app.query_params["lang"] = "xx-<script>"
    app.run()
    assert not app.exception and not app.error
    assert app.session_state["language"] == "de"
    assert app.segmented_control(key="language_chooser").value == "de"


def test_a_half_translated_catalogue_shows_english_never_a_blank(file_db, pseudo_german):
    workshop_id, _ = make_workshop(file_db)
    app = participant_app(file_db, workshop_id)
    app.segmented_control(key="language_chooser").set_value("fr").run()  # French: only two titles
    assert not app.exception
    assert app.session_state["language"] == "fr"
    assert app.get("form_submit_button")[0].label == "Save pain point"  # not translated: the English
    assert all(b.label for b in app.button) and all(w.label for w in app.text_input)
    vote = app.switch_page("app_pages/vote.py").run()
    assert [title.value for title in vote.title] == ["Votez"]  # translated: the French


def test_two_sessions_in_two_languages_each_see_their_own(file_db, pseudo_german):
    workshop_id, _ = make_workshop(file_db)
    german = german_participant(file_db, workshop_id).switch_page("app_pages/vote.py").run()
    french = participant_app(file_db, workshop_id)
    french.segmented_control(key="language_chooser").set_value("fr").run()
    french.switch_page("app_pages/vote.py").run()
    german.run()  # after the French session ran: still German
    assert [title.value for title in german.title] == [pseudo("Vote: what should be fixed first?")]
    assert [title.value for title in french.title] == ["Votez"]
    english = participant_app(file_db, workshop_id).switch_page("app_pages/vote.py").run()
    assert [title.value for title in english.title] == ["Vote: what should be fixed first?"]


def form_widget_ids(app) -> dict[str, str]:
    """Each form field's identity, which the browser keeps what was typed (not sent yet) against."""
    widgets = [*app.text_input, *app.text_area, *app.number_input, *app.selectbox, *app.toggle]
    return {w.key: w.id for w in widgets if w.key}


def test_changing_language_mid_form_keeps_what_was_typed(file_db, pseudo_german):
    workshop_id, _ = make_workshop(file_db)
    app = participant_app(file_db, workshop_id)
    app.toggle(key="contribute_more_detail").set_value(True).run()
    before = form_widget_ids(app)
    app.segmented_control(key="language_chooser").set_value("de").run()
    assert app.get("form_submit_button")[0].label == pseudo("Save pain point")
    # The same fields (a field whose identity changed would come back empty in the browser: the
    # browser test types, switches and finds its words), and the choices this session made stay.
    assert form_widget_ids(app) == before
    assert app.toggle(key="contribute_more_detail").value is True
    assert app.query_params["lang"] == "de"  # kept in the personal link
    app.text_input(key="contribute_form_0_title").input("Rota changes by phone")
    app.text_area(key="contribute_form_0_description").input("מחכים שלושה ימים לאישור")  # typed right to left
    submit_form(app)
    (saved,) = list_pain_points(file_db, workshop_id)
    assert (saved["title"], saved["description"], saved["language"]) == (
        "Rota changes by phone",
        "מחכים שלושה ימים לאישור",
        "de",
    )
