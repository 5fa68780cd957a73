"""Saving and reading the facilitator's edits to a candidate's pilot charter."""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain.candidate_ids import charter_key
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database

__all__ = ["charter_key", "get_charter", "save_charter"]


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
