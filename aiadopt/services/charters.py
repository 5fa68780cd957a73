"""Saving and reading the facilitator's edits to a candidate's pilot charter."""

from __future__ import annotations

from dataclasses import dataclass

from aiadopt import storage
from aiadopt.domain.candidate_ids import charter_key
from aiadopt.domain.charter import draft_charter
from aiadopt.domain.charter_edits import apply_charter_edits
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database

__all__ = ["CharterState", "charter_key", "charter_state", "get_charter", "save_charter"]


def save_charter(db: Database, workshop_id: int, candidate_key: str, fields: dict, actor: str = FACILITATOR) -> None:
    """Store the facilitator's edits to a candidate's pilot charter."""
    get_workshop(db, workshop_id)
    with storage.writing(db):
        storage.charters.save(db, workshop_id, candidate_key, fields)
        storage.change_log.record(
            db,
            actor=actor,
            workshop_id=workshop_id,
            action="update",
            entity="charter",
            entity_id=None,
            changes={"candidate": candidate_key, "fields": sorted(fields)},
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
    """The pilot charter of one ranked candidate as the facilitator last left it."""
    key = charter_key(int(candidate["candidate_id"]))
    draft = draft_charter(candidate, members, workshop)
    stored = get_charter(db, workshop["id"], key) or {}
    charter, _ = apply_charter_edits(draft, stored)
    return CharterState(key, draft, stored, charter)
