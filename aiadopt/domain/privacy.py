"""Personal data: where the app keeps people's names, and how one person's name is erased from it.

A name is erased wherever it stands: in the fields that hold a name, in the lists of names
(interviewees), inside free text (a description that says "ask Megan"), and inside the documents
the app writes as JSON (charter edits, a pilot's stages, the change log's details). What is left
says that something was erased, never what.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from aiadopt.domain.pain_points import ValidationError, name_key

ERASED = "[erased]"

# Fields that hold one person's name, by table (an erased one is left empty, or says [erased] where
# the field may not be empty).
NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "change_log": ("actor",),
    "workshops": ("facilitator",),
    "departments": ("lead",),
    "interviews": ("interviewer",),
    "pain_points": ("reporter", "owner_name"),
    "pilots": ("owner",),
    "pilot_measurements": ("recorded_by",),
    "pilot_gates": ("decider",),
}
REQUIRED_NAMES = {("change_log", "actor")}
# Fields that hold several names, separated by commas, semicolons or lines.
NAME_LIST_FIELDS: dict[str, tuple[str, ...]] = {"interviews": ("interviewees",)}
# Free text that may mention someone by name.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "workshops": ("name", "organisation"),
    "interviews": ("notes",),
    "pain_points": (
        "title",
        "description",
        "trigger",
        "current_steps",
        "systems_used",
        "waits_on_teams",
        "data_location",
        "desired_outcome",
        "kpi_metric",
    ),
    "candidates": ("title",),
    "pilots": ("title", "kpi_metric"),
    "pilot_measurements": ("note",),
    "pilot_gates": ("evidence",),
}
# Documents the app writes as JSON text.
JSON_FIELDS: dict[str, tuple[str, ...]] = {"charters": ("fields",), "pilots": ("stages",), "change_log": ("changes",)}
TABLES = tuple(dict.fromkeys([*NAME_FIELDS, *NAME_LIST_FIELDS, *TEXT_FIELDS, *JSON_FIELDS]))
# Who the change log says acted when that was a role, not a person.
ROLE_ACTORS = re.compile(r"^(?:facilitator|terminal|a participant|participant #\d+)$")
_SEPARATORS = re.compile(r"\s*(?:[,;\n]|\band\b)\s*")


def check_name(name: object) -> str:
    """The name to erase, checked: something a person is called (two letters or more)."""
    text = " ".join(str(name or "").split())
    if len(name_key(text)) < 2:
        raise ValidationError({"name": "Type the name to erase (at least two letters)."})
    return text


def _pattern(name: str) -> re.Pattern:
    """The name as a whole word or words, in any case, with any spacing between its parts."""
    parts = [re.escape(part) for part in name.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", re.IGNORECASE)


def erase_in_text(text: str, name: str) -> tuple[str, int]:
    """Text with every mention of the name replaced by [erased]; and how many mentions there were."""
    if name_key(text) == name_key(name):
        return ERASED, 1
    return _pattern(name).subn(ERASED, text)


def erase_in_list(text: str, name: str) -> tuple[str, int]:
    """A list of names with this one taken out (the others kept as written)."""
    names = [part for part in _SEPARATORS.split(text) if part.strip()]
    kept = [part for part in names if name_key(part) != name_key(name)]
    if len(kept) == len(names):
        return erase_in_text(text, name)  # written another way: mentions still go
    return ", ".join(kept), len(names) - len(kept)


def erase_in_json(document: str, name: str) -> tuple[str, int]:
    """A JSON document with the name erased from every text inside it (keys and numbers untouched)."""
    try:
        value = json.loads(document)
    except (TypeError, ValueError, RecursionError):
        return erase_in_text(document, name)
    count = 0

    def walk(item: object) -> object:
        nonlocal count
        if isinstance(item, str):
            erased, found = erase_in_text(item, name)
            count += found
            return erased
        if isinstance(item, list):
            return [walk(inner) for inner in item]
        if isinstance(item, dict):
            return {key: walk(inner) for key, inner in item.items()}
        return item

    erased = walk(value)
    return (json.dumps(erased, ensure_ascii=False) if count else document), count


def erase_in_row(table: str, row: Mapping, name: str) -> tuple[dict, int]:
    """The changes that erase the name from one row (only changed columns), and how many mentions went."""
    changes: dict[str, str] = {}
    total = 0
    for field in NAME_FIELDS.get(table, ()):
        if isinstance(row.get(field), str) and row[field] and name_key(row[field]) == name_key(name):
            changes[field], total = (ERASED if (table, field) in REQUIRED_NAMES else ""), total + 1
    for kinds, eraser in (
        (NAME_LIST_FIELDS, erase_in_list),
        (TEXT_FIELDS, erase_in_text),
        (JSON_FIELDS, erase_in_json),
    ):
        for field in kinds.get(table, ()):
            value = changes.get(field, row.get(field))
            if isinstance(value, str) and value:
                erased, found = eraser(value, name)
                if found:
                    changes[field], total = erased, total + found
    return changes, total


def names_in(rows_by_table: Mapping[str, Sequence[Mapping]]) -> dict[str, dict[str, int]]:
    """Every name the name fields hold, with where it appears: name -> {table: rows}."""
    found: dict[str, dict[str, int]] = {}
    spelled: dict[str, str] = {}
    for table, fields in {**NAME_FIELDS, **NAME_LIST_FIELDS}.items():
        for row in rows_by_table.get(table, []):
            for field in fields:
                value = row.get(field)
                if not isinstance(value, str) or not value.strip() or ROLE_ACTORS.match(value):
                    continue
                names = _SEPARATORS.split(value) if field in NAME_LIST_FIELDS.get(table, ()) else [value]
                for raw in names:
                    key = name_key(raw)
                    if len(key) < 2 or key == name_key(ERASED):
                        continue
                    shown = spelled.setdefault(key, " ".join(raw.split()))
                    places = found.setdefault(shown, {})
                    places[table] = places.get(table, 0) + 1
    return dict(sorted(found.items(), key=lambda item: item[0].casefold()))
