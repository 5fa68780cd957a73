"""Who is acting, and what they may do: checked once, where every service passes.

The screen's connection carries who is at it (`act_as`, set by `aiadopt/ui/session.py` for every run
and fragment run): an `Account`, or `PARTICIPANT` for a join link or a visitor. A connection that
carries nobody (the terminal, tests, the background reader) acts for the system.

- Reading a workshop (`services.workshops.get_workshop`, which every service asks first) needs the
  workshop to be shared with the account.
- Every change is logged (`services.history.log`), so that is where it is checked: an observer
  changes nothing, a participant's screen only makes participants' changes, and the log names the
  account that acted instead of "facilitator".
- Participants' names (who reported an entry, a volunteer owner, the interviewees) are left out of
  what an observer reads.
"""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain import accounts as rules
from aiadopt.domain.accounts import Account
from aiadopt.domain.language import N_
from aiadopt.services.errors import NotAllowed, NotFound
from aiadopt.storage import Database

PARTICIPANT = "participant"  # a join link's screen, or a visitor not signed in
PARTICIPANT_ACTORS = ("participant #", "a participant")
FACILITATOR_ACTOR = "facilitator"
_ATTRIBUTE = "aiadopt_acting_for"


def act_as(db: Database, who: Account | str | None) -> Database:
    """Mark a connection as acting for someone (an Account, PARTICIPANT, or None for the system)."""
    setattr(db, _ATTRIBUTE, who)
    return db


def acting(db: Database) -> Account | str | None:
    return getattr(db, _ATTRIBUTE, None)


def role_on(db: Database, workshop_id: int | None) -> str | None:
    """The acting account's role on a workshop, read now (a workshop shared a moment ago counts)."""
    who = acting(db)
    if not isinstance(who, Account) or workshop_id is None:
        return None
    if who.is_owner:
        return rules.FACILITATOR
    row = db.execute(
        "SELECT role FROM workshop_members WHERE workshop_id = ? AND account_id = ?", [workshop_id, who.id]
    ).fetchone()
    return row[0] if row else None


def require_read(db: Database, workshop_id: int) -> None:
    """The workshop must be shared with the acting account (participants and the system read any)."""
    if isinstance(acting(db), Account) and role_on(db, workshop_id) is None:
        raise NotFound(N_("This workshop is not shared with you."))


def may_open(db: Database, workshop_id: int) -> bool:
    return not isinstance(acting(db), Account) or role_on(db, workshop_id) is not None


def may_change(db: Database, workshop_id: int | None) -> bool:
    """Whether the acting account may change this workshop (the system may; a participant through their own
    services only, which `require_change` tells apart by the actor)."""
    who = acting(db)
    if isinstance(who, Account):
        return role_on(db, workshop_id) == rules.FACILITATOR
    return True


def shows_names(db: Database, workshop_id: int) -> bool:
    """Whether participants' names may be shown to whoever reads (never to an observer)."""
    who = acting(db)
    return not isinstance(who, Account) or role_on(db, workshop_id) == rules.FACILITATOR


def require_change(db: Database, workshop_id: int | None, actor: str, action: str, entity: str) -> str:
    """Refuse a change the acting person may not make; returns the actor the change log names."""
    who = acting(db)
    if isinstance(who, Account):
        if entity == "workshop" and action in ("create", "restore"):
            if not who.may_create_workshops:
                raise NotAllowed(N_("Observers look at workshops shared with them; they do not create any."))
            if workshop_id is not None and not who.is_owner:
                storage.accounts.set_member(db, workshop_id, who.id, rules.FACILITATOR)  # its creator runs it
        elif workshop_id is not None and role_on(db, workshop_id) != rules.FACILITATOR:
            raise NotAllowed(N_("You may look at this workshop, not change it: ask one of its facilitators."))
        return who.label if actor == FACILITATOR_ACTOR else actor
    if who == PARTICIPANT and not str(actor).startswith(PARTICIPANT_ACTORS):
        raise NotAllowed(N_("Only a facilitator may do that."))
    return actor


def blank_names(db: Database, workshop_id: int, rows: list[dict], fields: tuple[str, ...]) -> list[dict]:
    """The rows with participants' names left out, when whoever reads may not see them."""
    if shows_names(db, workshop_id):
        return rows
    return [row | {name: "" for name in fields if row.get(name)} for row in rows]
