"""Saving, listing and removing named sets of ranking weights and gate choices."""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain.language import N_
from aiadopt.domain.ranking.saved_sets import check_weight_set
from aiadopt.domain.workshops import WEIGHT_SET_NAME_LENGTH, required_text
from aiadopt.services import history
from aiadopt.services.errors import NotFound
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database


def save_weight_set(
    db: Database,
    workshop_id: int,
    name: str,
    weights: dict[str, float],
    gates: dict[str, str],
    actor: str = FACILITATOR,
) -> int:
    """Save a named custom set of weights and gate choices for a workshop (same name: replaced)."""
    get_workshop(db, workshop_id)
    clean_name = required_text(name, "name", WEIGHT_SET_NAME_LENGTH)
    weights, gates = check_weight_set(weights, gates)
    with storage.writing(db):
        set_id = storage.weight_sets.save(db, workshop_id, clean_name, weights, gates)
        history.log(
            db,
            actor,
            workshop_id,
            "create",
            "weight_set",
            set_id,
            {"name": clean_name, "weights": weights, "gates": gates},
        )
    return set_id


def list_weight_sets(db: Database, workshop_id: int) -> list[dict]:
    """A workshop's saved weight sets, weights and gates decoded."""
    return storage.weight_sets.list_for(db, workshop_id)


def delete_weight_set(db: Database, set_id: int, actor: str = FACILITATOR) -> None:
    """Remove a saved weight set (soft)."""
    row = storage.weight_sets.get(db, set_id)
    if row is None:
        raise NotFound(N_("That weight set no longer exists."))
    with storage.writing(db):
        storage.weight_sets.retire(db, set_id)
        history.log(db, actor, row["workshop_id"], "delete", "weight_set", set_id)
