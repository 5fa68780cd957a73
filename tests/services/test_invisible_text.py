"""Issue 9, finding 5: direction overrides and zero-width marks neither stored nor shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain.pain_points import INVISIBLE_MARKS, ValidationError, clean_text, name_key
from aiadopt.formats.cells import neutralise_cell
from aiadopt.formats.safe_text import escape_markdown
from aiadopt.services.workshops import add_department, create_workshop, get_workshop, list_departments

RLO = "\u202e"  # right-to-left override
ZWSP = "\u200b"  # zero-width space


def test_a_direction_override_in_a_workshop_name_is_not_stored(fresh_db):
    workshop_id = create_workshop(fresh_db, name=f"Team {RLO}day 2026-11-28")
    assert get_workshop(fresh_db, workshop_id)["name"] == "Team day 2026-11-28"


@pytest.mark.parametrize("lookalike", [f"Fin{ZWSP}ance", "FINANCE", "Ｆｉｎａｎｃｅ", "Fin\u200dance", " finance  "])
def test_departments_that_look_the_same_are_one_department(fresh_db, lookalike):
    workshop_id = create_workshop(fresh_db, name="Team day")
    add_department(fresh_db, workshop_id, "Finance")
    with pytest.raises(ValidationError, match="already a department called Finance"):
        add_department(fresh_db, workshop_id, lookalike)
    assert [d["name"] for d in list_departments(fresh_db, workshop_id)] == ["Finance"]


def test_text_stored_before_the_rule_is_shown_and_exported_without_its_marks():
    legacy = f"Invoice {RLO}8202-11-62{ZWSP} matching"
    assert RLO not in escape_markdown(legacy) and ZWSP not in escape_markdown(legacy)
    assert neutralise_cell(legacy) == "Invoice 8202-11-62 matching"
    assert neutralise_cell("=" + legacy) == "'=Invoice 8202-11-62 matching"


def test_joiners_that_scripts_and_emoji_need_stay():
    assert clean_text("👩\u200d💻 می\u200cخواهم") == "👩\u200d💻 می\u200cخواهم"


@given(st.text())
def test_cleaned_text_never_holds_an_invisible_mark_and_names_compare_stably(text):
    cleaned = clean_text(text)
    assert not INVISIBLE_MARKS.search(cleaned)
    assert name_key(cleaned) == name_key(text) == name_key(name_key(text))
