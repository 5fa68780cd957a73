"""Migrations from 0.6 on, registered after those in `schema.py` (one `migrations` object, applied in order).

Imported at the end of `schema.py`, so every connection that migrates sees them.
"""

from __future__ import annotations

from sqlite_utils import Database

from aiadopt.storage.schema import migrations


@migrations()
def m026_add_presenter_choices(db: Database) -> None:
    # What the presenter chose for the big screen: the QR code shown large (1) or not (0), and the
    # ranking the projector's results follow (JSON: the weights' name, weights and gate modes; ''
    # for the default, Balanced). Both move the room's version on when changed, like the phase.
    workshops = db.table("workshops")
    workshops.add_column("projector_qr", int, not_null_default=0)
    workshops.add_column("room_ranking", str, not_null_default="")


@migrations()
def m027_create_accounts(db: Database) -> None:
    # People who sign in (no password hash for those who use the organisation's sign-in), the
    # workshops shared with each, their sessions (a keyed hash of the cookie's token, never the
    # token), one-time invitations (a hash of the code), and who the organisation's sign-in admits.
    db.table("accounts").create(
        {
            "id": int,
            "name": str,
            "email": str,
            "role": str,
            "password_hash": str,
            "created_at": str,
            "signed_out_at": str,  # sign-ins from before this are over (an organisation's too)
            "removed_at": str,
        },
        pk="id",
        not_null={"name", "email", "role", "created_at"},
    )
    db.execute("CREATE UNIQUE INDEX accounts_email ON accounts (email) WHERE removed_at IS NULL")
    db.table("workshop_members").create(
        {"workshop_id": int, "account_id": int, "role": str, "added_at": str},
        pk=("workshop_id", "account_id"),
        not_null={"role", "added_at"},
        foreign_keys=[("workshop_id", "workshops", "id"), ("account_id", "accounts", "id")],
    )
    db.table("workshop_members").create_index(["account_id"])
    db.table("account_sessions").create(
        {"token": str, "account_id": int, "how": str, "created_at": str, "expires_at": str, "ended_at": str},
        pk="token",
        not_null={"account_id", "how", "created_at", "expires_at"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db.table("account_sessions").create_index(["account_id"])
    db.table("invitations").create(
        {
            "code": str,
            "role": str,
            "created_by": int,
            "created_at": str,
            "expires_at": str,
            "used_at": str,
            "used_by": int,
        },
        pk="code",
        not_null={"role", "created_at", "expires_at"},
    )
    # A sign-in handed from the page to the browser: a hash of a one-time code, good for a minute.
    db.table("sign_in_handoffs").create(
        {"code": str, "account_id": int, "how": str, "expires_at": str},
        pk="code",
        not_null={"account_id", "how", "expires_at"},
        foreign_keys=[("account_id", "accounts", "id")],
    )
    db.table("sign_in_rules").create(
        {"id": int, "kind": str, "value": str, "role": str, "created_at": str},
        pk="id",
        not_null={"kind", "value", "role", "created_at"},
    )
    db.execute("CREATE UNIQUE INDEX sign_in_rules_one ON sign_in_rules (kind, value)")


@migrations()
def m028_add_languages(db: Database) -> None:
    # The workshop's language (a code such as 'de'): the default for its participants' screens and the
    # language of its files; 'en' for workshops made before. Each pain point keeps the language it was
    # written in ('' when not known: entered before, typed by a facilitator, or imported). Each account
    # keeps the language its person chose for the facilitator pages ('' follows the browser).
    db.table("workshops").add_column("language", str, not_null_default="en")
    db.table("pain_points").add_column("language", str, not_null_default="")
    db.table("accounts").add_column("language", str, not_null_default="")
