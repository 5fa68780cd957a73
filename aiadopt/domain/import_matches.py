"""Which rows of an import a workshop already holds: the same pain point, with the same or other values.

Pure rules over plain rows (the clean values `importing.check_rows` makes, and stored pain points
with their department's name). Two rows are the same pain point when their department, title and
description are the same once spaces and case are set aside; the other values decide whether the
row is the same as the stored one or an update candidate. Names are never compared.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from aiadopt.domain.fields import FIELDS_BY_NAME, NAME_FIELDS
from aiadopt.domain.language import N_, Message, listed
from aiadopt.domain.pain_points import name_key


@dataclass(frozen=True)
class Difference:
    """One value a row of the file gives otherwise than the pain point already stored."""

    field: str
    stored: object
    in_file: object

    def __str__(self) -> str:
        return self.said()

    def said(self) -> Message:
        """The difference in plain words, translatable where it is shown."""
        return Message(
            "{field} {stored} in the workshop, {in_file} in the file",
            field=Message(FIELDS_BY_NAME[self.field].label),
            stored=_shown(self.stored),
            in_file=_shown(self.in_file),
        )


@dataclass(frozen=True)
class AlreadyThere:
    """A row of the file that is a pain point the workshop already holds (live or deleted)."""

    row: int  # its row number in the spreadsheet
    values: dict  # its clean values, as in ImportReport.rows
    pain_point_id: int
    deleted: bool
    differences: tuple[Difference, ...] = ()

    def changes(self) -> dict:
        """The file's values that differ from the stored ones, by field (an update of the stored pain point)."""
        return {d.field: d.in_file for d in self.differences}

    def description(self) -> str:
        """What the workshop holds of this row, in plain words."""
        said = listed((d.said() for d in self.differences), "; ")
        if self.deleted:
            if said:
                return Message("deleted (restore it from Deleted on the Pain points page); {values}", values=said)
            return Message("deleted (restore it from Deleted on the Pain points page)")
        return Message("other values: {values}", values=said) if said else Message("the same values")


# Two rows are the same pain point when their department and these texts are the same, once spaces
# and case are set aside (`name_key`); a file without a description column is compared on its titles.
IDENTITY_FIELDS = ("title", "description")
# Names are never compared, nor written over: a name erased from the workshop stays erased.
_NOT_COMPARED = frozenset(IDENTITY_FIELDS) | frozenset(NAME_FIELDS)


def _shown(value: object) -> object:
    if value is None or value == "":
        return Message(N_("nothing"))
    if isinstance(value, bool):
        return Message(N_("yes")) if value else Message(N_("no"))
    if isinstance(value, float):
        return f"{value:,.6g}"
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def comparable(value: object) -> object:
    """A value as rows are compared: texts by name_key, numbers by value (1 == 1.0), yes/no as 1/0."""
    if isinstance(value, str):
        return name_key(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return round(float(value), 9)
    return value


def identity(department: object, values: dict, fields: list[str]) -> tuple:
    """What makes a row the same pain point as another: its department and texts, normalised."""
    return (name_key(department), *(name_key(values.get(f) or "") for f in IDENTITY_FIELDS if f in fields))


def differences(stored: dict, values: dict, fields: list[str]) -> tuple[Difference, ...]:
    """The values of the file's columns (names and the identity texts aside) that differ from a stored row."""
    return tuple(
        Difference(name, stored.get(name), values.get(name))
        for name in fields
        if name not in _NOT_COMPARED and comparable(stored.get(name)) != comparable(values.get(name))
    )


def set_aside(
    rows: list[dict], numbers: list[int], stored: list[dict], fields: list[str]
) -> tuple[list[dict], list[int], list[AlreadyThere]]:
    """(new rows, their row numbers, rows already there): each stored pain point answers for one row at most.

    A stored pain point with the same values is preferred to one with other values; a row whose every
    namesake is taken by earlier rows is new (two people may report the same work).
    """
    waiting: dict[tuple, list[dict]] = {}
    for row in sorted(stored, key=lambda r: (bool(r.get("deleted_at")), r["id"])):
        waiting.setdefault(identity(row["department"], row, fields), []).append(row)
    new_rows, new_numbers, already = [], [], []
    for number, values in zip(numbers, rows):
        namesakes = waiting.get(identity(values["department"], values, fields), [])
        if not namesakes:
            new_rows.append(values)
            new_numbers.append(number)
            continue
        found = [(differences(row, values, fields), row) for row in namesakes]
        changed, match = min(found, key=lambda pair: bool(pair[0]))  # the first with the same values, if any
        namesakes.remove(match)
        already.append(AlreadyThere(number, values, match["id"], bool(match.get("deleted_at")), changed))
    return new_rows, new_numbers, already


def fingerprint(data: bytes) -> str:
    """The hash a file is remembered by: the same bytes, the same file."""
    return hashlib.sha256(data).hexdigest()
