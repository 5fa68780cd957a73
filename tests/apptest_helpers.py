"""Helpers for AppTest: the app as a person opens it, every string a page shows, inert Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from aiadopt.services.participants import stored_participant
from aiadopt.services.workshops import get_workshop

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# Facilitator pages of the capture stage: setup, interview, the pain point table.
FACILITATOR_PAGES = ["app_pages/setup.py", "app_pages/interview.py", "app_pages/pain_points.py"]
# A live image, link or HTML tag: what user text must never become in Markdown.
LIVE_MARKUP = re.compile(r"(?<!\\)(!\[|\]\(|<script|<img|<b>)")

# Proto fields that are identifiers or styling, never text a person reads.
_NOT_TEXT = {"id", "formId", "elementType", "tag", "type", "iconName", "icon", "format", "key"}
# Element kinds whose text Streamlit renders as Markdown.
MARKDOWN_KINDS = {
    "Markdown",
    "Title",
    "Header",
    "Subheader",
    "Caption",
    "Alert",
    "Success",
    "Info",
    "Warning",
    "Error",
    "Expander",
    "Tab",
    "Metric",
    "Toast",
}


def walk(node):
    """Every node of an AppTest element tree."""
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def _strings(value, field=""):
    if isinstance(value, str):
        if field not in _NOT_TEXT:
            yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, key)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, field)


def rendered_strings(app) -> list[str]:
    """All text the page sends to the browser: bodies, labels, help, options, values, tab labels."""
    found = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            found.extend(_strings(MessageToDict(proto)))
    return found


def markdown_bodies(app) -> list[str]:
    """The text of every element that Streamlit renders as Markdown."""
    bodies = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        if kind in MARKDOWN_KINDS or kind == "Block":
            data = MessageToDict(proto)
            bodies.extend(
                _strings(
                    {k: v for k, v in data.items() if k in ("body", "label", "value", "expandable", "tab", "help")}
                )
            )
    return bodies


def new_app() -> AppTest:
    """The whole app, as a browser session would run it."""
    return AppTest.from_file(APP, default_timeout=60)


def facilitator_on(page: str, workshop_id: int) -> AppTest:
    """A signed-in facilitator on `page`, working on this workshop."""
    app = new_app()
    app.session_state["facilitator_signed_in"] = True
    app.session_state["workshop_id"] = workshop_id
    app.run()
    return app.switch_page(page).run()


def participant_app(db, workshop_id: int, token: str | None = None) -> AppTest:
    """A participant who opened the workshop's join link (with their identity token, if given)."""
    app = new_app()
    app.query_params["join"] = get_workshop(db, workshop_id)["join_code"]
    if token:
        app.query_params["me"] = token
    return app.run()


def submit_form(app, label: str | None = None) -> None:
    """Press a form's submit button (the first one, or the one with this label)."""
    buttons = app.get("form_submit_button")
    button = buttons[0] if label is None else next(b for b in buttons if b.label == label)
    button.click().run()


def assert_inert(app) -> None:
    """No Markdown element carries a live image, link, or HTML tag from user text."""
    for body in markdown_bodies(app):
        assert not LIVE_MARKUP.search(body), body


def participant_of(db, workshop_id: int, app) -> dict:
    """The participant whose link the app's browser holds, stored as their first save would store them."""
    person = {"id": None, "workshop_id": workshop_id, "token": app.query_params["me"]}
    stored_participant(db, person)
    return person
