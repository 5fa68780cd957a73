"""Problem, not tool: no participant-facing text names a technology; solution wording is spotted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aiadopt.domain.fields import CUSTOMER_IMPACT_LEVELS, DATA_CLASSES, PAIN_POINT_FIELDS
from aiadopt.domain.guide import DEFAULT_GUIDE
from aiadopt.domain.wording import PROBLEM_NUDGE, solution_terms_in, technology_words_in
from aiadopt.services.workshops import get_workshop
from tests.apptest_helpers import new_app, rendered_strings
from tests.factories import make_workshop

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("We need a chatbot", ["chatbot"]),
        ("Could AI do this?", ["ai"]),
        ("use A.I. for it", ["a.i."]),
        ("Automate the invoice run", ["automate"]),
        ("an RPA bot", ["rpa", "bot"]),
        ("ChatGPT or Copilot", ["chatgpt", "copilot"]),
        ("machine learning model", ["machine learning"]),
        ("said the chair", []),
        ("maintain the airline email", []),
        ("robotics-free warehouse", []),
        ("Buy a tool for scheduling", []),
    ],
)
def test_technology_words_are_found_on_word_boundaries(text, words):
    assert technology_words_in(text) == words


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("We need a chatbot for customer questions", True),
        ("Buy a tool for scheduling", True),
        ("We need a new system for approvals", True),
        ("Invoices wait three days for approval", False),
        ("The system loses half the orders", False),
    ],
)
def test_solution_first_wording_is_spotted(text, flagged):
    assert bool(solution_terms_in(text)) is flagged


def test_shipped_wording_names_no_technology():
    texts = [PROBLEM_NUDGE, *DATA_CLASSES.values(), *CUSTOMER_IMPACT_LEVELS.values()]
    for spec in PAIN_POINT_FIELDS:
        texts += [spec.label, spec.help, spec.section, spec.unit]
    for question in DEFAULT_GUIDE:
        texts += [question.theme, question.question, *question.follow_ups]
    offending = {text: technology_words_in(text) for text in texts if technology_words_in(text)}
    assert offending == {}


def test_participant_page_titles_name_no_technology():
    source = (ROOT / "app.py").read_text()
    titles = re.findall(r'(?:title|page_title)="([^"]+)"', source)
    assert titles and not [t for t in titles if technology_words_in(t)]


def test_no_participant_page_names_a_technology(file_db):
    workshop_id, _ = make_workshop(file_db, name="Team day")
    code = get_workshop(file_db, workshop_id)["join_code"]
    screens = {}
    guest = new_app()
    guest.run()
    screens["join page"] = rendered_strings(guest)
    participant = new_app()
    participant.query_params["join"] = code
    participant.run()
    screens["contribute page"] = rendered_strings(participant)
    # After a solution-first entry the nudge shows; it must itself stay technology-free.
    participant.text_input(key="contribute_form_0_title").input("Invoices wait for approval")
    participant.text_area(key="contribute_form_0_description").input("We need a new system for this")
    participant.get("form_submit_button")[0].click().run()
    nudge_screen = rendered_strings(participant)
    assert any("reads like a solution" in text for text in nudge_screen)
    # The participant's own words are theirs; everything else must be clean.
    screens["after a solution-first entry"] = [t for t in nudge_screen if "new system" not in t]
    unknown = new_app()
    unknown.query_params["join"] = "WRONG1"
    unknown.run()
    screens["unknown code"] = rendered_strings(unknown)
    offending = {name: [t for t in texts if technology_words_in(t)] for name, texts in screens.items()}
    assert offending == {name: [] for name in screens}
    assert all(len(texts) >= 3 for texts in screens.values())
