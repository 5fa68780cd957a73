"""Problem-first in every language: the technology words, the nudge, and which language a person gets."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain.language import LANGUAGES, SOURCE_LANGUAGE, best_language, language_code
from aiadopt.domain.pain_points import solution_flag
from aiadopt.domain.wording import solution_terms_in, technology_words_in
from aiadopt.i18n import catalogues, checks
from aiadopt.ui.forms import short_help


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_technology_word_rule_holds_in_every_language(code):
    """Every text participants can see, as each language's catalogue says it, names no technology in that
    language (English: the texts themselves). Entries not translated yet show the English, checked as English."""
    assert checks.technology_leaks(code) == {}


def test_the_word_rule_catches_a_word_planted_in_a_translation(tmp_path):
    template = checks.read_catalogue(checks.template_path())
    participant = next(iter(checks.participant_entries(template)))
    facilitator_only = [("aiadopt/formats/charter.py", None)]
    planted = Catalog(locale="de", domain=catalogues.DOMAIN)
    planted.add(participant.id, "Hier hilft die KI", locations=participant.locations)
    planted.add("Planted elsewhere", "Die Automatisierung", locations=facilitator_only)  # not a participant text
    planted.add("Not translated yet", "", locations=participant.locations)
    target = catalogues.catalogue_path("de", tmp_path)
    target.parent.mkdir(parents=True)
    with target.open("wb") as po:
        write_po(po, planted)
    key = participant.id if isinstance(participant.id, str) else participant.id[0]
    assert checks.technology_leaks("de", tmp_path) == {key: ["ki"]}


def test_participant_texts_come_from_participant_sources():
    template = checks.read_catalogue(checks.template_path())
    files = {file for message in checks.participant_entries(template) for file, _ in message.locations}
    assert {
        "app_pages/contribute.py",
        "app_pages/vote.py",
        "aiadopt/domain/fields.py",
        "aiadopt/domain/guide.py",
    } <= files
    missing = {source for source in checks.PARTICIPANT_SOURCES if not (checks.ROOT / source).exists()}
    assert not missing


@pytest.mark.parametrize(
    ("code", "text", "words"),
    [
        ("de", "Die KI soll das machen", ["ki"]),
        ("de", "mit künstlicher Intelligenz", ["künstlicher intelligenz"]),
        ("de", "Künstliche Intelligenz hilft", ["künstliche intelligenz"]),
        ("de", "Automatisierung der Rechnungen", ["automatisierung"]),
        ("de", "das ließe sich automatisieren", ["automatisieren"]),
        ("de", "ein Chatbot für den Kundendienst", ["chatbot"]),
        ("de", "ein Kundendienst-Chatbot", ["chatbot"]),
        ("de", "ein Sprachmodell", ["sprachmodell"]),
        ("de", "Die Kiste steht im Keller", []),
        ("fr", "Avec l'IA ce serait simple", ["ia"]),
        ("fr", "l'intelligence artificielle", ["intelligence artificielle"]),
        ("fr", "l'automatisation des factures", ["automatisation"]),
        ("fr", "un agent conversationnel", ["agent conversationnel"]),
        ("fr", "j'ai attendu trois jours", []),
        ("es", "con IA sería fácil", ["ia"]),
        ("es", "la inteligencia artificial", ["inteligencia artificial"]),
        ("es", "la automatización de facturas", ["automatización"]),
        ("es", "un asistente virtual", ["asistente virtual"]),
        ("es", "la media de días", []),
        ("en", "an AI copilot", ["ai", "copilot"]),
    ],
)
def test_technology_words_are_found_with_their_inflections(code, text, words):
    assert technology_words_in(text, code) == words


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("de", "Wir brauchen einen Chatbot"),
        ("de", "wir brauchen ein neues Tool für die Schichtplanung"),
        ("de", "Wir sollten eine Software kaufen"),
        ("de", "Ein Ticketsystem einführen"),
        ("fr", "Il nous faut un outil"),
        ("fr", "Nous avons besoin d'un logiciel pour les plannings"),
        ("fr", "On devrait acheter une appli"),
        ("es", "Necesitamos una app"),
        ("es", "Nos hace falta una herramienta para los turnos"),
        ("es", "Deberíamos comprar un programa"),
        ("en", "We need a new app for the rota"),
    ],
)
def test_the_nudge_recognises_solution_talk_in_every_language(code, text):
    assert solution_terms_in(text, code)
    assert solution_terms_in(text)  # without a language: every language's rules (people write in their own)
    assert solution_flag({"title": text})["proposes_solution"]


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("de", "Rechnungen warten drei Tage auf die Freigabe"),
        ("de", "Das System verliert die Hälfte der Bestellungen"),
        ("de", "Wir brauchen drei Tage für jede Freigabe"),
        ("fr", "Les factures attendent trois jours la signature"),
        ("fr", "Il faut ressaisir chaque commande deux fois"),
        ("es", "Las facturas esperan tres días la firma"),
        ("es", "Necesitamos tres llamadas para cambiar una entrega"),
        ("en", "Invoices wait three days for approval"),
    ],
)
def test_problems_described_are_not_taken_for_solution_talk(code, text):
    assert solution_terms_in(text, code) == []
    assert not solution_flag({"title": text})["proposes_solution"]


@given(st.text(max_size=60))
def test_language_code_never_raises_and_names_a_known_language_or_none(value):
    found = language_code(value)
    assert found is None or found in LANGUAGES


@given(st.lists(st.one_of(st.none(), st.text(max_size=12), st.integers())), st.text(max_size=12))
def test_best_language_always_lands_on_an_available_language(candidates, default):
    assert best_language(candidates, default, ("en", "de")) in ("en", "de")


@pytest.mark.parametrize(
    ("value", "code"),
    [("de-CH", "de"), ("fr_FR", "fr"), ("ES", "es"), (" en-GB ", "en"), ("xx", None), ("", None), (None, None)],
)
def test_a_locale_or_lang_value_names_its_language(value, code):
    assert language_code(value) == code


def test_the_first_language_wanted_and_available_wins_else_the_workshops():
    assert best_language([None, "xx", "fr-CA", "de"], "es") == "fr"
    assert best_language(["xx", "zz-<script>"], "de") == "de"
    assert best_language([], "nonsense") == SOURCE_LANGUAGE


@given(st.text(max_size=200))
def test_the_word_rule_never_raises_on_any_text(text):
    for code in (None, *LANGUAGES):
        assert isinstance(technology_words_in(text, code), list)
        assert isinstance(solution_terms_in(text, code), list)


@pytest.mark.parametrize(
    ("help_text", "caption"),
    [
        ("How often, e.g. 20 times per week. More than 0.", "How often, e.g. 20 times per week."),
        ("Wie oft, z. B. 20-mal pro Woche. Mehr als 0.", "Wie oft, z. B. 20-mal pro Woche."),
        ("Combien de fois, par ex. 20 fois par semaine. Plus de 0.", "Combien de fois, par ex. 20 fois par semaine."),
        ("¿Cuántas veces?, p. ej. 20 por semana. Más de 0.", "¿Cuántas veces?, p. ej. 20 por semana."),
        ("The period the count is for", "The period the count is for."),
    ],
)
def test_a_phones_help_caption_keeps_its_example_in_every_language(help_text, caption):
    assert short_help(help_text) == caption
