"""Untrusted text stays inert in Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.formats.safe_text import escape_markdown

LIVE = re.compile(r"(?<!\\)(!\[|\]\(|<[a-z/]|\*\*)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("![x](http://t.example/p.png)", r"\!\[x\]\(`http://t.example/p.png)`"),
        ("see www.example.com now", "see `www.example.com` now"),
        ("mail anna@example.org", "mail `anna@example.org`"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("Re-keying 2.5 times: a=b", "Re-keying 2.5 times: a=b"),
        ("- not a list\n1. nor this\n> nor a quote", "\\- not a list  \n1\\. nor this  \n\\> nor a quote"),
        ("a | b", r"a \| b"),
    ],
)
def test_markdown_specials_and_links_are_made_inert(text, expected):
    assert escape_markdown(text) == expected


def test_one_line_folds_white_space_and_escapes_pipes_inside_code():
    assert escape_markdown("a\n\nb http://x.example/a|b", one_line=True) == r"a b `http://x.example/a\|b`"


def test_backticks_in_an_address_get_a_longer_fence():
    assert escape_markdown("http://x.example/`a`") == "`` http://x.example/`a` ``"


@given(st.text())
def test_no_live_markup_survives_any_text(text):
    escaped = escape_markdown(text)
    outside_code = re.sub(r"(`+).*?\1", "", escaped, flags=re.DOTALL)
    assert not LIVE.search(outside_code)
    assert not re.search(r"(?<![`\\])\b(?:https?|javascript)\s*:", outside_code.replace("\\:", ""))
