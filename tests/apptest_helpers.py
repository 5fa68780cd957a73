"""Helpers for AppTest: every string a page shows, and the Markdown-rendering elements."""

from __future__ import annotations

from google.protobuf.json_format import MessageToDict

# Proto fields that are identifiers or styling, never text a person reads.
_NOT_TEXT = {"id", "formId", "elementType", "tag", "type", "iconName", "icon", "format", "key"}
# Element kinds whose text Streamlit renders as Markdown.
MARKDOWN_KINDS = {"Markdown", "Title", "Header", "Subheader", "Caption", "Alert", "Success", "Info", "Warning",
                  "Error", "Expander", "Tab", "Metric", "Toast"}


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
            bodies.extend(_strings({k: v for k, v in data.items() if k in ("body", "label", "value", "expandable",
                                                                             "tab", "help")}))
    return bodies
