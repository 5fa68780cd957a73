"""Saving and reading the facilitator's edits to a candidate's pilot charter.

A charter is drafted in its workshop's language (the stage texts and the risks the app writes), so the
facilitator edits, and the files print, the words the workshop's leaders read.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiadopt import storage
from aiadopt.domain.candidate_ids import charter_key
from aiadopt.domain.charter import draft_charter
from aiadopt.domain.charter_edits import apply_charter_edits
from aiadopt.i18n import speaking
from aiadopt.services import history
from aiadopt.services.languages import workshop_language
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database

__all__ = ["CharterState", "charter_key", "charter_state", "get_charter", "save_charter"]


def save_charter(db: Database, workshop_id: int, candidate_key: str, fields: dict, actor: str = FACILITATOR) -> None:
    """Store the facilitator's edits to a candidate's pilot charter."""
    get_workshop(db, workshop_id)
    with storage.writing(db):
        storage.charters.save(db, workshop_id, candidate_key, fields)
        history.log(
            db, actor, workshop_id, "update", "charter", None, {"candidate": candidate_key, "fields": sorted(fields)}
        )


def get_charter(db: Database, workshop_id: int, candidate_key: str) -> dict | None:
    """The stored charter edits for a candidate, or None."""
    return storage.charters.get(db, workshop_id, candidate_key)


@dataclass(frozen=True)
class CharterState:
    """A candidate's charter: its key, the draft the app writes, the stored edits, and the two combined."""

    key: str
    draft: dict
    stored: dict
    charter: dict


def charter_state(db: Database, workshop: dict, candidate: dict, members: list[dict]) -> CharterState:
    """The pilot charter of one ranked candidate as the facilitator last left it, in the workshop's language."""
    key = charter_key(int(candidate["candidate_id"]))
    stored = get_charter(db, workshop["id"], key) or {}
    with speaking(workshop_language(workshop)):
        draft = draft_charter(candidate, members, workshop)
        charter, _ = apply_charter_edits(draft, stored)
    return CharterState(key, draft, stored, charter)
