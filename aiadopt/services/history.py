"""The change log as the services write it: one line per thing a person did, inside its write.

Every service logs through `log`, so who did what is recorded the same way everywhere.
"""

from __future__ import annotations

from aiadopt import storage
from aiadopt.services import permissions
from aiadopt.storage import Database


def log(
    db: Database,
    actor: str,
    workshop_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    changes: dict | None = None,
) -> None:
    """Write one line of the change log (inside the caller's write transaction), once the acting person
    may make this change (`permissions.require_change`: refused inside the transaction, nothing is kept),
    naming the account that acted."""
    named = permissions.require_change(db, workshop_id, actor, action, entity)
    storage.change_log.record(
        db,
        actor=named,
        workshop_id=workshop_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        changes=changes,
    )
