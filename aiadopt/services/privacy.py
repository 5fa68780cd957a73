"""Personal data: the names a workshop holds, erasing one person, and purging what was deleted long ago.

Erasing is the one deliberate exception to the append-only change log: it rewrites the log's rows
that mention the person, inside one transaction recorded in `erasures`, and the log then says that
an erasure happened (how many values changed), never what was erased. Later backups hold nothing
of it. From the terminal: `python -m aiadopt.services.privacy --purge`.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta

from aiadopt import config, storage
from aiadopt.domain import candidate_ids, privacy
from aiadopt.domain.accounts import Account
from aiadopt.domain.language import N_
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import history, permissions
from aiadopt.services.errors import NotAllowed, NotFound
from aiadopt.services.participants import ANONYMOUS_ACTOR, participant_actor, unusable_token_digest
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database


def names(db: Database, workshop_id: int) -> dict[str, dict[str, int]]:
    """Every person's name the workshop holds, with where it appears (name -> {table: rows})."""
    get_workshop(db, workshop_id, include_deleted=True)
    if not permissions.shows_names(db, workshop_id):
        raise NotAllowed(N_("Only the workshop's facilitators see the names it holds."))
    return privacy.names_in(storage.copies.workshop_rows(db, workshop_id))


def _named(db: Database, actor: str) -> str:
    """How an erasure names who made it: the signed-in account's name, else the actor given."""
    who = permissions.acting(db)
    return who.label if isinstance(who, Account) and actor == FACILITATOR else actor


def _erase_in_workshop(db: Database, workshop_id: int, name: str) -> int:
    changed = 0
    rows = storage.copies.workshop_rows(db, workshop_id)
    for table in privacy.TABLES:
        for row in rows.get(table, []):
            changes, found = privacy.erase_in_row(table, row, name)
            if changes:
                storage.privacy.update(db, table, row["id"], changes)
                changed += found
                if table == "pain_points" and {"title", "description"} & set(changes):
                    # What the text meant to the encoder goes with the name; it is made again from the new text.
                    storage.privacy.delete(db, "pain_point_vectors", "pain_point_id = ?", [row["id"]])
    return changed


def erase_name(db: Database, workshop_ids: list[int], name: object, actor: str = FACILITATOR) -> int:
    """Erase one person's name from these workshops: names, lists, free text, charters, pilots and the
    change log; returns how many mentions were erased. The log records the erasure, not the name."""
    person = privacy.check_name(name)
    for workshop_id in workshop_ids:
        get_workshop(db, workshop_id, include_deleted=True)
    total = 0
    with storage.writing(db):
        for workshop_id in workshop_ids:
            erasure = storage.privacy.begin(db, workshop_id, _named(db, actor), "person")
            changed = _erase_in_workshop(db, workshop_id, person)
            storage.privacy.end(db, erasure, changed)
            history.log(db, actor, workshop_id, "erase", "person", None, {"values": changed})
            total += changed
    return total


def participants(db: Database, workshop_id: int) -> list[dict]:
    """The workshop's participants who saved something: their number, entries and when they joined."""
    get_workshop(db, workshop_id, include_deleted=True)
    rows = storage.copies.workshop_rows(db, workshop_id)
    titles: dict[int, list[str]] = {}
    for point in rows["pain_points"]:
        if point.get("participant_id") is not None:
            titles.setdefault(point["participant_id"], []).append(point["title"])
    return [
        {"id": person["id"], "joined": person["created_at"], "entries": titles.get(person["id"], [])}
        for person in rows["participants"]
    ]


def erase_participant(db: Database, workshop_id: int, participant_id: int, actor: str = FACILITATOR) -> int:
    """Erase what ties a participant to their entries: the names on them, their number in the change log,
    their personal link and their screen's presence. Their entries and votes stay, anonymous."""
    get_workshop(db, workshop_id, include_deleted=True)
    rows = storage.copies.workshop_rows(db, workshop_id)
    person = next((p for p in rows["participants"] if p["id"] == participant_id), None)
    if person is None:
        raise NotFound(N_("That participant is not in this workshop."))
    mine = [p for p in rows["pain_points"] if p.get("participant_id") == participant_id]
    spoken = {p[field] for p in mine for field in ("reporter", "owner_name") if p.get(field)}
    number = participant_actor(participant_id)
    changed = 0
    with storage.writing(db):
        erasure = storage.privacy.begin(db, workshop_id, _named(db, actor), "participant")
        for point in mine:
            blank = {field: "" for field in ("reporter", "owner_name") if point.get(field)}
            if blank:
                storage.privacy.update(db, "pain_points", point["id"], blank)
                changed += len(blank)
        for entry in rows["change_log"]:
            changes: dict = {}
            if entry["actor"] == number:
                changes["actor"] = ANONYMOUS_ACTOR
            details = entry.get("changes") or ""
            for said in spoken:
                details, found = privacy.erase_in_json(details, said)
                if found:
                    changes["changes"] = details
            if changes:
                storage.privacy.update(db, "change_log", entry["id"], changes)
                changed += len(changes)
        storage.privacy.update(db, "participants", participant_id, {"token": unusable_token_digest()})
        changed += storage.privacy.delete(db, "screens", "token = ?", [person["token"]])
        storage.privacy.end(db, erasure, changed)
        history.log(db, actor, workshop_id, "erase", "participant", None, {"values": changed})
    return changed


def purge_deleted(db: Database, older_than_days: int | None = None, actor: str = FACILITATOR) -> dict[str, int]:
    """Delete for good what was deleted more than this many days ago (default AIADOPT_PURGE_AFTER_DAYS):
    pain points, departments no entry uses, whole workshops, and screens' presence records; returns counts."""
    who = permissions.acting(db)
    if isinstance(who, Account) and not who.is_owner:
        # It reaches every workshop on this server, those not shared with this account included.
        raise NotAllowed(N_("Only the owner purges what was deleted: it reaches every workshop on this server."))
    named = _named(db, actor)
    days = older_than_days if older_than_days is not None else config.purge_after_days()
    if days < 1:
        raise ValidationError({"days": N_("Purge what was deleted at least a day ago.")})
    cutoff = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="microseconds")
    counts = {"workshops": 0, "pain_points": 0, "departments": 0, "screens": 0}
    with storage.writing(db):
        erasure = storage.privacy.begin(db, None, named, "purge")
        for workshop in storage.workshops.list_all(db, include_deleted=True):
            if workshop["deleted_at"] and workshop["deleted_at"] < cutoff:
                storage.privacy.delete(
                    db,
                    "pain_point_vectors",
                    "pain_point_id IN (SELECT id FROM pain_points WHERE workshop_id = ?)",
                    [workshop["id"]],
                )
                storage.privacy.delete(db, "review_decisions", "workshop_id = ?", [workshop["id"]])
                storage.privacy.delete(db, "imported_files", "workshop_id = ?", [workshop["id"]])
                for table in reversed(list(storage.copies.WORKSHOP_TABLES)):
                    ids = [row["id"] for row in storage.copies.workshop_rows(db, workshop["id"])[table]]
                    for row_id in ids:
                        storage.privacy.delete(db, table, "id = ?", [row_id])
                storage.privacy.delete(db, "screens", "workshop_id = ?", [workshop["id"]])
                counts["workshops"] += 1
        gone = [
            row[0]
            for row in db.execute(
                "SELECT id FROM pain_points WHERE deleted_at IS NOT NULL AND deleted_at < ?", [cutoff]
            ).fetchall()
        ]
        for pain_point_id in gone:
            for table, column in (
                ("candidate_members", "pain_point_id"),
                ("votes", "pain_point_id"),
                ("duplicate_rejections", "first_id"),
                ("duplicate_rejections", "second_id"),
            ):
                storage.privacy.delete(db, table, f"{column} = ?", [pain_point_id])
            storage.privacy.delete(
                db, "charters", "candidate_key = ?", [candidate_ids.charter_key(candidate_ids.single(pain_point_id))]
            )
            # What the log said about it (its title, its fields) goes with it; the log keeps that it was purged.
            for (entry_id,) in db.execute(
                "SELECT id FROM change_log WHERE entity = 'pain_point' AND entity_id = ?", [pain_point_id]
            ).fetchall():
                storage.privacy.update(db, "change_log", entry_id, {"changes": json.dumps({"purged": True})})
            storage.privacy.delete(db, "pain_point_vectors", "pain_point_id = ?", [pain_point_id])
            counts["pain_points"] += storage.privacy.delete(db, "pain_points", "id = ?", [pain_point_id])
        counts["departments"] = storage.privacy.delete(
            db,
            "departments",
            "deleted_at IS NOT NULL AND deleted_at < ? AND id NOT IN (SELECT department_id FROM pain_points) "
            "AND id NOT IN (SELECT department_id FROM interviews)",
            [cutoff],
        )
        counts["screens"] = storage.privacy.delete(db, "screens", "seen_at < ?", [cutoff])
        storage.privacy.end(db, erasure, sum(counts.values()))
    return counts


def erasures(db: Database, workshop_id: int) -> list[dict]:
    """The latest erasures in a workshop and the purges of the whole server, newest first: when, by whom,
    what kind and how many values changed (never what)."""
    return storage.privacy.recent(db, workshop_id, with_purges=True)


def main(argv: list[str] | None = None) -> None:
    """From the terminal: purge what was deleted long ago."""
    parser = argparse.ArgumentParser(prog="python -m aiadopt.services.privacy", description=main.__doc__)
    parser.add_argument("--purge", action="store_true", help="delete for good what was deleted long ago")
    parser.add_argument("--days", type=int, default=None, help="how many days ago (default AIADOPT_PURGE_AFTER_DAYS)")
    args = parser.parse_args(argv)
    if not args.purge:
        parser.print_help()
        return
    counts = purge_deleted(storage.connect(), args.days, actor="terminal")
    print("Purged: " + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items()) + ".")


if __name__ == "__main__":
    main()
