"""Facilitator accounts: the first owner, invitations, passwords, the organisation's sign-in, sessions.

A session is a random token in an HttpOnly cookie (set by `aiadopt/ui/web.py` when the browser
hands over a one-time code, so no secret is ever in an address); the database keeps only a hash of
the token keyed with this server's secret, its account and when it ends (12 hours on). Sign-out, the
owner removing the account, or `--end-sessions` from the terminal end it server-side. Every worker
of a room reads the same table, so a sign-in made on one is accepted by all.

From the terminal: `python -m aiadopt.services.accounts --new-owner-password` (a new password for the
owner, printed once, and their sessions ended) and `--end-sessions` (everyone signs in again).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from aiadopt import storage
from aiadopt.domain import accounts as rules
from aiadopt.domain.accounts import Account
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import access
from aiadopt.services.access import Client, SignInResult
from aiadopt.services.errors import NotAllowed, NotFound
from aiadopt.services.languages import check_language
from aiadopt.storage import Database

SESSION_SETTING = "account_session_key"
HANDOFF_SECONDS = 60
PASSWORD_KIND = "password"  # sign-in attempts, slowed per client like the old passcode
_hasher = PasswordHasher()  # Argon2id, its library's recommended costs


def _now() -> datetime:
    return datetime.now(UTC)


def _key(db: Database) -> bytes:
    """This server's secret for session hashes, made once and kept in the database."""
    stored = storage.settings.get(db, SESSION_SETTING) or storage.settings.set_once(
        db, SESSION_SETTING, secrets.token_hex(32)
    )
    return stored.encode("ascii")


def _digest(db: Database, token: str) -> str:
    return hmac.new(_key(db), token.encode("utf-8"), hashlib.sha256).hexdigest()


def _code_digest(code: str) -> str:
    return hashlib.sha256(" ".join(code.upper().split()).encode("utf-8")).hexdigest()


def has_accounts(db: Database) -> bool:
    return storage.accounts.count(db) > 0


def account(db: Database, account_id: int) -> Account | None:
    """An account with the workshops shared with it, or None when it is gone."""
    row = storage.accounts.get(db, account_id)
    if row is None:
        return None
    memberships = storage.accounts.memberships(db, row["id"])
    return Account(row["id"], row["name"], row["email"], row["role"], memberships, row.get("language") or "")


# --- The first owner, and invitations --------------------------------------------------------------


def set_up_owner(db: Database, code: str, name: str, email: str, password: str, client: Client | None = None) -> int:
    """The first account, made with the one-time set-up code the terminal printed; it owns the server."""
    who = client or Client()
    if has_accounts(db):
        raise NotAllowed(N_("This server already has an owner: sign in, or ask the owner for an invitation."))
    clean = (rules.clean_name(name), rules.clean_email(email), rules.check_password(password))
    result = access.sign_in(db, code, who)  # the set-up code is the old passcode, slowed the same way
    if not result.ok:
        raise ValidationError({"code": _set_up_code_words(result)})
    with storage.writing(db):
        if has_accounts(db):  # two at once: the first one wins
            raise NotAllowed(N_("This server already has an owner: sign in, or ask the owner for an invitation."))
        return storage.accounts.insert(db, clean[0], clean[1], rules.OWNER, _hasher.hash(clean[2]))


def _set_up_code_words(result: SignInResult) -> str:
    """The passcode's refusal, said of the set-up code."""
    if result.wait_seconds:
        return Message(
            "Too many wrong set-up codes from here. Please wait {wait} seconds and try again.",
            wait=result.wait_seconds,
        )
    return N_("That set-up code is not right. Check it in the terminal that started the app.")


def invite(db: Database, by: Account, role: str) -> str:
    """A one-time invitation code (shown once) for a new facilitator or observer, valid for 7 days."""
    if not by.is_owner:
        raise NotAllowed(N_("Only the owner invites people."))
    chosen = rules.check_role(role, (rules.FACILITATOR, rules.OBSERVER))
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    expires = (_now() + timedelta(days=rules.INVITATION_DAYS)).isoformat(timespec="microseconds")
    with storage.writing(db):
        storage.accounts.add_invitation(db, _code_digest(code), chosen, by.id, expires)
    return code


def accept_invitation(db: Database, code: str, name: str, email: str, password: str) -> int:
    """Make the invited account; an expired, used or unknown code makes nothing."""
    clean = (rules.clean_name(name), rules.clean_email(email), rules.check_password(password))
    digest = _code_digest(code)
    with storage.writing(db):
        found = storage.accounts.invitation(db, digest)
        if found is None or found["used_at"] or found["expires_at"] < _now().isoformat(timespec="microseconds"):
            raise ValidationError({"code": N_("That invitation code is not valid (used, expired or mistyped).")})
        if storage.accounts.by_email(db, clean[1]):
            raise ValidationError({"email": N_("An account with that e-mail address exists: sign in instead.")})
        account_id = storage.accounts.insert(db, clean[0], clean[1], found["role"], _hasher.hash(clean[2]))
        if not storage.accounts.use_invitation(db, digest, account_id):
            raise ValidationError({"code": N_("That invitation code was used a moment ago.")})
    return account_id


def open_invitations(db: Database, by: Account) -> list[dict]:
    if not by.is_owner:
        raise NotAllowed(N_("Only the owner sees invitations."))
    return storage.accounts.open_invitations(db)


# --- Signing in ------------------------------------------------------------------------------------


def sign_in(db: Database, email: str, password: str, client: Client | None = None) -> tuple[SignInResult, int | None]:
    """Check an e-mail and password; wrong ones slow down the client that sent them (never lock anyone out)."""
    who = client or Client()
    address = str(email or "").strip().lower()
    # Checked and recorded (as wrong, until the slow hash says otherwise) in one write transaction.
    wait, attempt = access.reserve_attempt(db, access.PASSCODE, who)
    if wait:
        return SignInResult(
            False, Message("Too many wrong tries from here. Please wait {wait} seconds.", wait=wait), wait
        ), None
    row = storage.accounts.by_email(db, address)
    ok = False
    if row is not None and row["password_hash"]:
        try:
            ok = _hasher.verify(row["password_hash"], str(password or ""))
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        _hasher.hash("an equal amount of work for an unknown address")
    if ok and row is not None:
        access.attempt_was_right(db, attempt)
        return SignInResult(True, Message("Signed in as {name}.", name=row["name"])), row["id"]
    time.sleep(access.WRONG_GUESS_DELAY_SECONDS)
    return SignInResult(False, N_("That e-mail address and password do not match an account.")), None


def create_account(db: Database, name: str, email: str, role: str, password: str | None = None) -> int:
    """An account made directly (the terminal, tests, scripts: no invitation needed)."""
    clean = (rules.clean_name(name), rules.clean_email(email), rules.check_role(role))
    hashed = _hasher.hash(rules.check_password(password)) if password is not None else None
    with storage.writing(db):
        if storage.accounts.by_email(db, clean[1]):
            raise ValidationError({"email": N_("An account with that e-mail address exists.")})
        return storage.accounts.insert(db, *clean, hashed)


def still_signed_in(db: Database, account_id: int, signed_in_at: float) -> bool:
    """Whether a sign-in made at `signed_in_at` (seconds since 1970, the organisation's token) still
    holds: within 12 hours, and not before the account was last signed out or had its sessions ended."""
    moment = datetime.fromtimestamp(float(signed_in_at), UTC)
    if _now() - moment > timedelta(hours=rules.SESSION_HOURS):
        return False
    row = storage.accounts.get(db, account_id)
    return row is not None and (
        not row["signed_out_at"] or moment.isoformat(timespec="microseconds") > row["signed_out_at"]
    )


def organisation_account(db: Database, email: str, name: str, groups: list[str]) -> Account:
    """The account of someone the organisation's sign-in vouched for: theirs if it exists, else made under
    the owner's rules (an e-mail, a group or a domain, with the role each gets); NotAllowed otherwise."""
    address = rules.clean_email(email)
    row = storage.accounts.by_email(db, address)
    if row is None:
        role = rules.admitted_role(address, groups, storage.accounts.rules(db))
        if role is None:
            raise NotAllowed(
                Message(
                    "{address} may not use this server yet: the owner lets people in by e-mail, group or domain.",
                    address=address,
                )
            )
        with storage.writing(db):
            account_id = storage.accounts.insert(db, rules.clean_name(name or address), address, role, None)
    else:
        account_id = row["id"]
    found = account(db, account_id)
    assert found is not None
    return found


def start_session(db: Database, account_id: int, how: str = "password") -> str:
    """A sign-in to hand to the browser: a one-time code, good for a minute, that the browser swaps
    for its session cookie (`take_handoff`, in any worker of the room)."""
    code = secrets.token_urlsafe(24)
    expires = (_now() + timedelta(seconds=HANDOFF_SECONDS)).isoformat(timespec="microseconds")
    with storage.writing(db):
        storage.accounts.add_handoff(db, _code_digest(code), account_id, how, expires)
    return code


def take_handoff(db: Database, code: str) -> str | None:
    """Swap a one-time code (once, within its minute) for a new session; returns the cookie's token."""
    if not code or len(code) > 200:
        return None
    with storage.writing(db):
        found = storage.accounts.take_handoff(db, _code_digest(code))
        if found is None or found["expires_at"] < _now().isoformat(timespec="microseconds"):
            return None
        if storage.accounts.get(db, found["account_id"]) is None:
            return None
        token = secrets.token_urlsafe(32)
        expires = (_now() + timedelta(hours=rules.SESSION_HOURS)).isoformat(timespec="microseconds")
        storage.accounts.start_session(db, _digest(db, token), found["account_id"], found["how"], expires)
    return token


def session_account(db: Database, token: str) -> Account | None:
    """The account a session cookie belongs to, if the session runs (not ended, not past its 12 hours)."""
    if not token or len(token) > 200:
        return None
    row = storage.accounts.session(db, _digest(db, token))
    if row is None or row["expires_at"] < _now().isoformat(timespec="microseconds"):
        return None
    return account(db, row["account_id"])


def end_session(db: Database, token: str) -> None:
    """Sign out: the session ends on the server, whatever the browser keeps."""
    if token:
        with storage.writing(db):
            storage.accounts.end_sessions(db, digest=_digest(db, token))


def end_sessions_of(db: Database, account_id: int) -> int:
    """End every session of one account (signing out where no cookie is at hand)."""
    with storage.writing(db):
        return storage.accounts.end_sessions(db, account_id=account_id)


def end_every_session(db: Database) -> int:
    with storage.writing(db):
        return storage.accounts.end_sessions(db)


# --- The owner's work --------------------------------------------------------------------------------


def _owner_only(by: Account) -> None:
    if not by.is_owner:
        raise NotAllowed(N_("Only the owner manages accounts."))


def list_accounts(db: Database, by: Account) -> list[dict]:
    _owner_only(by)
    return [{k: v for k, v in row.items() if k != "password_hash"} for row in storage.accounts.list_all(db)]


def remove_account(db: Database, by: Account, account_id: int) -> None:
    """Remove an account: its sessions end at once; its name stays in the change log."""
    _owner_only(by)
    if account_id == by.id:
        raise ValidationError({"account": N_("The owner cannot remove their own account.")})
    if storage.accounts.get(db, account_id) is None:
        raise NotFound(N_("That account no longer exists."))
    with storage.writing(db):
        storage.accounts.end_sessions(db, account_id=account_id)
        storage.accounts.remove(db, account_id)


def reset_password(db: Database, by: Account, account_id: int) -> str:
    """A new password for someone (shown once to the owner); their sessions end."""
    _owner_only(by)
    if storage.accounts.get(db, account_id) is None:
        raise NotFound(N_("That account no longer exists."))
    password = _new_password()
    with storage.writing(db):
        storage.accounts.update(db, account_id, {"password_hash": _hasher.hash(password)})
        storage.accounts.end_sessions(db, account_id=account_id)
    return password


def change_password(db: Database, who: Account, current: str, new: str) -> None:
    row = storage.accounts.get(db, who.id)
    if row is None:
        raise NotFound(N_("That account no longer exists."))
    try:
        _hasher.verify(row["password_hash"] or "", str(current or ""))
    except (VerificationError, InvalidHashError):
        raise ValidationError({"password": N_("The current password is not right.")}) from None
    with storage.writing(db):
        storage.accounts.update(db, who.id, {"password_hash": _hasher.hash(rules.check_password(new))})


def set_account_language(db: Database, who: Account, account_id: int, code: object) -> str:
    """Keep the language someone chose for their pages on their account ('' follows the browser), so it
    follows them across devices and refreshes; only they choose it."""
    if who.id != account_id:
        raise NotAllowed(N_("Only the person signed in chooses their own language."))
    if storage.accounts.get(db, account_id) is None:
        raise NotFound(N_("That account no longer exists."))
    chosen = "" if code in (None, "") else check_language(code)
    with storage.writing(db):
        storage.accounts.update(db, account_id, {"language": chosen})
    return chosen


def sign_in_rules(db: Database, by: Account) -> list[dict]:
    _owner_only(by)
    return storage.accounts.rules(db)


def add_sign_in_rule(db: Database, by: Account, kind: str, value: str, role: str) -> None:
    _owner_only(by)
    clean = rules.check_rule(kind, value, role)
    with storage.writing(db):
        storage.accounts.add_rule(db, *clean)


def drop_sign_in_rule(db: Database, by: Account, rule_id: int) -> None:
    _owner_only(by)
    with storage.writing(db):
        storage.accounts.drop_rule(db, rule_id)


def share_workshop(db: Database, by: Account, workshop_id: int, account_id: int, role: str | None) -> None:
    """Add someone to a workshop as a facilitator or observer, or take them off it (None)."""
    if not by.may_change(workshop_id):
        raise NotAllowed(N_("Only the workshop's facilitators share it."))
    chosen = None if role is None else rules.check_role(role, rules.WORKSHOP_ROLES)
    if storage.accounts.get(db, account_id) is None:
        raise NotFound(N_("That account no longer exists."))
    with storage.writing(db):
        storage.accounts.set_member(db, workshop_id, account_id, chosen)


def workshop_members(db: Database, workshop_id: int) -> list[dict]:
    return storage.accounts.members_of(db, workshop_id)


def _new_password() -> str:
    return "-".join(secrets.token_hex(3) for _ in range(4))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m aiadopt.services.accounts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--new-owner-password", action="store_true", help="a new password for the owner")
    parser.add_argument("--end-sessions", action="store_true", help="end every session: everyone signs in again")
    args = parser.parse_args(argv)
    db = storage.connect()
    if args.new_owner_password:
        owners = [a for a in storage.accounts.list_all(db) if a["role"] == rules.OWNER]
        if not owners:
            raise SystemExit("No owner yet: start the app and use the set-up code it prints.")
        password = _new_password()
        with storage.writing(db):
            storage.accounts.update(db, owners[0]["id"], {"password_hash": _hasher.hash(password)})
            storage.accounts.end_sessions(db, account_id=owners[0]["id"])
        print(f"New password for {owners[0]['email']}: {password}")
    if args.end_sessions:
        print(f"Sessions ended: {end_every_session(db)}.")


if __name__ == "__main__":
    main()
