"""Accounts, the workshops shared with them, their sessions, invitations and the sign-in rules."""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.connection import insert_row, now


def count(db: Database) -> int:
    """Accounts not removed."""
    return db.execute("SELECT count(*) FROM accounts WHERE removed_at IS NULL").fetchone()[0]


def insert(db: Database, name: str, email: str, role: str, password_hash: str | None) -> int:
    return insert_row(
        db,
        "accounts",
        {"name": name, "email": email, "role": role, "password_hash": password_hash, "created_at": now()},
    )


def get(db: Database, account_id: int) -> dict | None:
    rows = list(db.table("accounts").rows_where("id = ? AND removed_at IS NULL", [account_id]))
    return rows[0] if rows else None


def by_email(db: Database, email: str) -> dict | None:
    rows = list(db.table("accounts").rows_where("email = ? AND removed_at IS NULL", [email]))
    return rows[0] if rows else None


def list_all(db: Database) -> list[dict]:
    return list(db.table("accounts").rows_where("removed_at IS NULL", order_by="id"))


def update(db: Database, account_id: int, changes: dict) -> None:
    db.table("accounts").update(account_id, changes)


def remove(db: Database, account_id: int) -> None:
    """Mark an account removed (its name stays in the change log); its memberships go."""
    db.table("accounts").update(account_id, {"removed_at": now(), "password_hash": None})
    db.execute("DELETE FROM workshop_members WHERE account_id = ?", [account_id])


def memberships(db: Database, account_id: int) -> dict[int, str]:
    """Workshop id -> role, for the workshops shared with this account (deleted workshops left out)."""
    return {
        row[0]: row[1]
        for row in db.execute(
            "SELECT m.workshop_id, m.role FROM workshop_members m JOIN workshops w ON w.id = m.workshop_id "
            "WHERE m.account_id = ? AND w.deleted_at IS NULL",
            [account_id],
        ).fetchall()
    }


def members_of(db: Database, workshop_id: int) -> list[dict]:
    return [
        dict(row)
        for row in db.query(
            "SELECT a.id, a.name, a.email, m.role FROM workshop_members m JOIN accounts a ON a.id = m.account_id "
            "WHERE m.workshop_id = ? AND a.removed_at IS NULL ORDER BY a.name",
            [workshop_id],
        )
    ]


def set_member(db: Database, workshop_id: int, account_id: int, role: str | None) -> None:
    """Share a workshop with an account in a role, or stop sharing it (None)."""
    if role is None:
        db.execute("DELETE FROM workshop_members WHERE workshop_id = ? AND account_id = ?", [workshop_id, account_id])
        return
    db.execute(
        "INSERT INTO workshop_members (workshop_id, account_id, role, added_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(workshop_id, account_id) DO UPDATE SET role = excluded.role",
        [workshop_id, account_id, role, now()],
    )


def start_session(db: Database, digest: str, account_id: int, how: str, expires_at: str) -> None:
    db.table("account_sessions").insert(
        {"token": digest, "account_id": account_id, "how": how, "created_at": now(), "expires_at": expires_at}
    )


def session(db: Database, digest: str) -> dict | None:
    """A session still running (not ended) by its token's hash, with its account's id."""
    rows = list(db.table("account_sessions").rows_where("token = ? AND ended_at IS NULL", [digest]))
    return rows[0] if rows else None


def end_sessions(db: Database, *, digest: str | None = None, account_id: int | None = None) -> int:
    """End one session, an account's sessions, or (neither given) every session; how many ended."""
    where, values = "ended_at IS NULL", list[object]()
    if digest is not None:
        where, values = where + " AND token = ?", [digest]
    elif account_id is not None:
        where, values = where + " AND account_id = ?", [account_id]
    stamp = now()
    owners = f"SELECT account_id FROM account_sessions WHERE {where}"
    db.execute(f"UPDATE accounts SET signed_out_at = ? WHERE id IN ({owners})", [stamp, *values])
    if account_id is not None:
        db.execute("UPDATE accounts SET signed_out_at = ? WHERE id = ?", [stamp, account_id])
    elif digest is None:
        db.execute("UPDATE accounts SET signed_out_at = ?", [stamp])
    return db.execute(f"UPDATE account_sessions SET ended_at = ? WHERE {where}", [stamp, *values]).rowcount


def add_invitation(db: Database, digest: str, role: str, created_by: int, expires_at: str) -> None:
    db.table("invitations").insert(
        {"code": digest, "role": role, "created_by": created_by, "created_at": now(), "expires_at": expires_at}
    )


def invitation(db: Database, digest: str) -> dict | None:
    rows = list(db.table("invitations").rows_where("code = ?", [digest]))
    return rows[0] if rows else None


def use_invitation(db: Database, digest: str, account_id: int) -> bool:
    """Mark an invitation used; False when it had been used already (two at once: one wins)."""
    return (
        db.execute(
            "UPDATE invitations SET used_at = ?, used_by = ? WHERE code = ? AND used_at IS NULL",
            [now(), account_id, digest],
        ).rowcount
        == 1
    )


def open_invitations(db: Database) -> list[dict]:
    return list(
        db.table("invitations").rows_where("used_at IS NULL AND expires_at > ?", [now()], order_by="created_at")
    )


def drop_invitation(db: Database, digest: str) -> None:
    db.execute("DELETE FROM invitations WHERE code = ? AND used_at IS NULL", [digest])


def rules(db: Database) -> list[dict]:
    return list(db.table("sign_in_rules").rows_where(order_by="kind, value"))


def add_rule(db: Database, kind: str, value: str, role: str) -> None:
    db.execute(
        "INSERT INTO sign_in_rules (kind, value, role, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(kind, value) DO UPDATE SET role = excluded.role",
        [kind, value, role, now()],
    )


def drop_rule(db: Database, rule_id: int) -> None:
    db.execute("DELETE FROM sign_in_rules WHERE id = ?", [rule_id])


def add_handoff(db: Database, digest: str, account_id: int, how: str, expires_at: str) -> None:
    row = {"code": digest, "account_id": account_id, "how": how, "expires_at": expires_at}
    db.table("sign_in_handoffs").insert(row)


def take_handoff(db: Database, digest: str) -> dict | None:
    """The hand-over behind a code, removed as it is taken (a second use finds nothing)."""
    rows = list(db.table("sign_in_handoffs").rows_where("code = ?", [digest]))
    if rows:
        db.execute("DELETE FROM sign_in_handoffs WHERE code = ?", [digest])
    db.execute("DELETE FROM sign_in_handoffs WHERE expires_at < ?", [now()])
    return rows[0] if rows else None
