"""Helpers for AppTest: the app as a person opens it, every string a page shows, inert Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from aiadopt import storage
from aiadopt.services import accounts
from aiadopt.services.participants import stored_participant
from aiadopt.services.workshops import get_workshop

PASSWORD = "owner password 1"
APP = str(Path(__file__).resolve().parent.parent / "app.py")
# Facilitator pages of the capture stage: setup, interview, the pain point table.
FACILITATOR_PAGES = ["app_pages/setup.py", "app_pages/interview.py", "app_pages/pain_points.py"]
# A live image, link or HTML tag: what user text must never become in Markdown.
# (The app's own QR code is an <img> of its own PNG bytes, a data address: not live user markup.)
LIVE_MARKUP = re.compile(r"(?<!\\)(!\[|\]\(|<script|<img(?! src=\"data:image/png;base64,)|<b>)")

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


def place_of(node, key: str, path: tuple[int, ...] = ()) -> tuple[int, ...] | None:
    """Where the widget with this key sits on the page (its indices from the top), or None.

    The browser keeps a widget's unsent value only while the widget keeps its place: a widget that moves
    is drawn anew, empty."""
    children = getattr(node, "children", None)
    for index, child in (children or {}).items() if isinstance(children, dict) else ():
        if getattr(child, "key", None) == key:
            return (*path, index)
        found = place_of(child, key, (*path, index))
        if found is not None:
            return found
    return None


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


OWNER_EMAIL = "owner@example.org"


def owner_id(path: str | None = None) -> int:
    """The owner's account in the app's database (AIADOPT_DB_PATH), made the first time it is asked for."""
    db = storage.connect(path) if path else storage.connect()
    try:
        found = storage.accounts.by_email(db, OWNER_EMAIL)
        return found["id"] if found else accounts.create_account(db, "Sam Owner", OWNER_EMAIL, "owner", PASSWORD)
    finally:
        db.close()


def sign_in(app: AppTest, account_id: int | None = None) -> AppTest:
    """This AppTest session signed in (as the owner unless an account is given), as after the sign-in page."""
    app.session_state["account_id"] = account_id if account_id is not None else owner_id()
    return app


def facilitator_on(page: str, workshop_id: int) -> AppTest:
    """A signed-in facilitator on `page`, working on this workshop."""
    app = sign_in(new_app())
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


def registered_pages() -> dict[str, list[tuple[str, str]]]:
    """The pages `app.py` registers for each role: role -> [(file, title)], read from its source."""
    import ast

    tree = ast.parse(Path(APP).read_text(encoding="utf-8"))
    pages: dict[str, list[tuple[str, str]]] = {}
    for branch in ast.walk(tree):
        if not isinstance(branch, ast.If) or not isinstance(branch.test, ast.Compare):
            continue
        if ast.unparse(branch.test.left) != "current_role":
            continue
        role = ast.unparse(branch.test.comparators[0]).rsplit("_", 1)[-1].lower()
        body_pages = []
        for node in ast.walk(ast.Module(body=branch.body, type_ignores=[])):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "st.Page":
                title = next(k.value.value for k in node.keywords if k.arg == "title")
                body_pages.append((node.args[0].value, title))
        if body_pages:
            pages.setdefault(role, body_pages)
        orelse = branch.orelse
        if orelse and not isinstance(orelse[0], ast.If):
            guest = [
                (n.args[0].value, next(k.value.value for k in n.keywords if k.arg == "title"))
                for n in ast.walk(ast.Module(body=orelse, type_ignores=[]))
                if isinstance(n, ast.Call) and ast.unparse(n.func) == "st.Page"
            ]
            pages.setdefault("guest", guest)
    return pages
