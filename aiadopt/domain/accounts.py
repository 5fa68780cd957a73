"""Facilitator accounts and what each role may do, per workshop.

Three roles. The **owner** manages accounts and may open every workshop. A **facilitator** creates
workshops and runs those they own or were added to. An **observer** reads the audit, the ranking,
the shortlist, charters, exports and pilots of the workshops shared with them, changes nothing and
sees no participant's name. The rules are plain functions of an account and its memberships: the
services ask them, pages only choose what to draw.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError

OWNER, FACILITATOR, OBSERVER = "owner", "facilitator", "observer"
ROLES = (OWNER, FACILITATOR, OBSERVER)
ROLE_LABELS = {OWNER: N_("Owner"), FACILITATOR: N_("Facilitator"), OBSERVER: N_("Observer")}
WORKSHOP_ROLES = (FACILITATOR, OBSERVER)  # what someone may be on one workshop
NAME_LENGTH, EMAIL_LENGTH = 120, 254
PASSWORD_MIN, PASSWORD_MAX = 10, 200
SESSION_HOURS = 12  # a sign-in lasts this long, refreshes included
INVITATION_DAYS = 7
# Pages an observer may open (reading only); every other facilitator page is closed to them.
OBSERVER_PAGES = ("audit", "ranking", "charter", "pilots")
RULE_KINDS = ("domain", "email", "group")  # who may come in through the organisation's sign-in
RULE_LABELS = {"domain": N_("E-mail domain"), "email": N_("E-mail address"), "group": N_("Group")}

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Account:
    """A person who signs in: their role overall, and their role on each workshop shared with them."""

    id: int
    name: str
    email: str
    role: str  # OWNER, FACILITATOR or OBSERVER (what they are on workshops they create or are added to)
    workshops: Mapping[int, str] = field(default_factory=dict)  # workshop id -> FACILITATOR or OBSERVER
    language: str = ""  # the language they chose for their pages ('' follows the browser)

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER

    def role_on(self, workshop_id: int) -> str | None:
        """Their role on one workshop (the owner is a facilitator on every one), or None."""
        if self.is_owner:
            return FACILITATOR
        return self.workshops.get(int(workshop_id))

    def may_open(self, workshop_id: int) -> bool:
        return self.role_on(workshop_id) is not None

    def may_change(self, workshop_id: int) -> bool:
        return self.role_on(workshop_id) == FACILITATOR

    @property
    def may_create_workshops(self) -> bool:
        return self.role in (OWNER, FACILITATOR)

    def sees_names_on(self, workshop_id: int) -> bool:
        """Whether participants' names are shown to them on this workshop (never to an observer)."""
        return self.role_on(workshop_id) == FACILITATOR

    @property
    def label(self) -> str:
        """How the change log names them."""
        return self.name


def clean_name(name: object) -> str:
    """A person's name: trimmed, single spaces, at most NAME_LENGTH characters."""
    typed = unicodedata.normalize("NFC", str(name or ""))
    # Control and direction-override characters would make a name print differently from how it reads.
    text = " ".join("".join(c for c in typed if unicodedata.category(c) not in ("Cc", "Cf", "Cs")).split())
    if not text:
        raise ValidationError({"name": N_("A name is needed.")})
    if len(text) > NAME_LENGTH:
        raise ValidationError({"name": Message("The name is too long: keep it under {n} characters.", n=NAME_LENGTH)})
    return text


def clean_email(email: object) -> str:
    """An e-mail address, lower case; ValidationError when it does not look like one."""
    text = str(email or "").strip().lower()
    if len(text) > EMAIL_LENGTH or not _EMAIL.match(text) or any(unicodedata.category(c)[0] == "C" for c in text):
        raise ValidationError({"email": N_("That does not look like an e-mail address.")})
    return text


def check_password(password: object) -> str:
    """A new password: long enough, not absurdly long."""
    text = str(password or "")
    if len(text) < PASSWORD_MIN:
        raise ValidationError({"password": Message("Choose a password of at least {n} characters.", n=PASSWORD_MIN)})
    if len(text) > PASSWORD_MAX:
        raise ValidationError({"password": Message("A password of at most {n} characters, please.", n=PASSWORD_MAX)})
    return text


def check_role(role: object, allowed: tuple[str, ...] = ROLES) -> str:
    text = str(role or "")
    if text not in allowed:
        raise ValidationError(
            {"role": Message("Choose one of: {roles}.", roles=", ".join(ROLE_LABELS[r] for r in allowed))}
        )
    return text


def admitted_role(email: str, groups: Sequence[str], rules: Sequence[Mapping]) -> str | None:
    """The role the organisation's sign-in gives this person under the owner's rules, or None (not admitted).

    A rule naming this e-mail wins; then a group rule; then the e-mail's domain. Among several, the
    one giving the most rights.
    """
    address = email.lower()
    domain = address.rsplit("@", 1)[-1]
    groups_held = {g.lower() for g in groups}
    order = {OWNER: 0, FACILITATOR: 1, OBSERVER: 2}
    for kind, matches in (
        ("email", lambda v: v == address),
        ("group", lambda v: v in groups_held),
        ("domain", lambda v: v == domain),
    ):
        roles = [r["role"] for r in rules if r["kind"] == kind and matches(str(r["value"]).lower())]
        if roles:
            return min(roles, key=lambda r: order.get(r, 9))
    return None


def check_rule(kind: object, value: object, role: object) -> tuple[str, str, str]:
    """A sign-in rule: who (an e-mail, a group, a domain) and the role they get."""
    clean_kind = str(kind or "")
    if clean_kind not in RULE_KINDS:
        raise ValidationError({"kind": N_("A rule names an e-mail address, a group or an e-mail domain.")})
    text = str(value or "").strip().lower()
    if clean_kind == "email":
        text = clean_email(text)
    elif clean_kind == "domain":
        text = text.lstrip("@")
        if not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", text):
            raise ValidationError({"value": N_("Give a domain such as example.org.")})
    elif not text or len(text) > 200:
        raise ValidationError({"value": N_("Give the group's name as the sign-in service sends it.")})
    return clean_kind, text, check_role(role, (FACILITATOR, OBSERVER))
