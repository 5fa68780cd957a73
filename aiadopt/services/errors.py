"""What can stop a person's action, each with its own error and a message in plain words.

`ValidationError` (from the domain) means the input itself is wrong; these say why an action on
valid input cannot happen: the record is gone, it is not yours, or the workshop is closed to it.
"""

from __future__ import annotations


class ServiceError(Exception):
    """An action that could not happen; its message is meant for the person who tried."""


class NotFound(ServiceError, LookupError):
    """The record asked for does not exist or has been deleted."""


class NotAllowed(ServiceError, PermissionError):
    """The record exists, but this person may not act on it (a participant and someone else's entry)."""


class Closed(ServiceError):
    """The workshop is closed to this action (entries or voting)."""


class EditConflict(ServiceError):
    """Someone else changed the same fields of an entry since this person opened it: nothing is saved,
    and both versions travel with the error so the page can show them side by side."""

    def __init__(self, message: str, theirs: dict, mine: dict) -> None:
        super().__init__(message)
        self.theirs = theirs
        self.mine = mine
