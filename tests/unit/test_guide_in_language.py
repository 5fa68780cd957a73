"""The interview guide is stored in English and edited in the facilitator's language (issue 20)."""

from __future__ import annotations

import pickle

from aiadopt import i18n
from aiadopt.domain.language import Message
from aiadopt.ui.guide import guide_as_shown, guide_as_stored

STORED = [
    {"theme": "Bottlenecks", "question": "Where does work pile up or slow down in your week?", "follow_ups": ""},
    {"theme": "Our own {theme}", "question": "Typed by the facilitator?", "follow_ups": "One\nTwo"},
]


def test_an_unchanged_default_reads_translated_and_is_saved_as_the_english():
    with i18n.speaking("de"):
        shown, english = guide_as_shown(STORED)
        assert shown[0]["theme"] == i18n.t("Bottlenecks") != "Bottlenecks"
        assert shown[1] == STORED[1]  # the facilitator's own texts as typed
        edited = [shown[0] | {"question": "Eine eigene Frage?"}, shown[1]]
        assert guide_as_stored(edited, english) == [
            {"theme": "Bottlenecks", "question": "Eine eigene Frage?", "follow_ups": ""},
            STORED[1],
        ]


def test_a_message_survives_a_copy_with_braces_in_what_was_typed():
    said = Message("Saved: {title}", title="a {title} typed")
    again = pickle.loads(pickle.dumps(said))
    assert (again, again.template, dict(again.params)) == (said, said.template, dict(said.params))
