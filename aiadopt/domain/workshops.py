"""What a workshop, a department, an interview and a guide question may hold, checked in plain words."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from aiadopt.domain.pain_points import ValidationError, clean_text

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room
JOIN_CODE_LENGTH = 6
PARTICIPANT_TOKEN_BYTES = 18
MAX_TOKEN_LENGTH = 64

# Field -> (how a person names it, longest allowed text).
WORKSHOP_TEXT = {
    "name": ("workshop name", 120),
    "organisation": ("organisation", 120),
    "session_date": ("date", 10),
    "facilitator": ("facilitator", 80),
}
DEPARTMENT_TEXT = {"name": ("department name", 80), "lead": ("department lead", 80)}
INTERVIEW_TEXT = {"interviewer": ("interviewer", 80), "interviewees": ("interviewees", 300), "notes": ("notes", 20_000)}
CANDIDATE_TITLE_LENGTH = 120
WEIGHT_SET_NAME_LENGTH = 60
GUIDE_LIMITS = {"theme": 80, "question": 500, "follow_ups": 2000}


def new_join_code() -> str:
    """A random join code, easy to read aloud (no 0/O, no 1/I)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_participant_token() -> str:
    """A secret, unguessable token for a participant's own link."""
    return secrets.token_urlsafe(PARTICIPANT_TOKEN_BYTES)


def token_digest(key: str, token: str) -> str:
    """The keyed hash stored for a participant's token: the database never holds the token itself.

    Whoever reads the database or a backup cannot rebuild anyone's personal link from it.
    """
    return hmac.new(key.encode("utf-8"), token.encode("utf-8"), hashlib.sha256).hexdigest()


def new_token_key() -> str:
    """The secret key of one database's token hashes."""
    return secrets.token_hex(32)


def normalise_join_code(code: object) -> str:
    """A join code as typed (spaces, dashes, lower case) in its stored form; '' when it cannot be one."""
    cleaned = clean_text(code).upper().replace(" ", "").replace("-", "")
    if not cleaned or len(cleaned) > 32 or not cleaned.isalnum():
        return ""
    return cleaned


def normalise_token(token: object) -> str:
    """A participant token from a link; '' when it cannot be one."""
    cleaned = clean_text(token)
    return cleaned if 0 < len(cleaned) <= MAX_TOKEN_LENGTH else ""


def required_text(value: object, label: str, max_length: int) -> str:
    """Cleaned text that must be given and fit; raises ValidationError in plain words."""
    text = clean_text(value)
    if not text:
        raise ValidationError({label: f"The {label} is needed."})
    return optional_text(text, label, max_length)


def optional_text(value: object, label: str, max_length: int) -> str:
    """Cleaned text that may be empty but must fit; raises ValidationError in plain words."""
    text = clean_text(value)
    if len(text) > max_length:
        raise ValidationError({label: f"The {label} is too long: keep it under {max_length} characters."})
    return text


def clean_fields(values: dict, spec: dict[str, tuple[str, int]], required: Iterable[str] = ()) -> dict:
    """The given fields of `values` that `spec` knows, cleaned and checked."""
    needed = set(required)
    return {
        key: (required_text if key in needed else optional_text)(values[key], label, limit)
        for key, (label, limit) in spec.items()
        if key in values
    }


def edited_guide_rows(workshop_id: int, questions: Iterable[dict]) -> list[dict]:
    """Edited guide questions as rows to store; blank rows dropped, problems reported per row."""
    rows: list[dict] = []
    errors: dict[str, str] = {}
    for position, question in enumerate(questions, start=1):
        theme = clean_text(question.get("theme"))
        text = clean_text(question.get("question"))
        follow_ups = clean_text(question.get("follow_ups"))
        if not theme and not text:
            continue
        if not theme or not text:
            errors[f"row {position}"] = f"Row {position}: each question needs a theme and the question itself."
        elif (
            len(theme) > GUIDE_LIMITS["theme"]
            or len(text) > GUIDE_LIMITS["question"]
            or len(follow_ups) > GUIDE_LIMITS["follow_ups"]
        ):
            errors[f"row {position}"] = (
                f"Row {position}: keep themes under 80, questions under 500 and follow-ups under 2,000 characters."
            )
        rows.append(
            {
                "workshop_id": workshop_id,
                "position": len(rows) + 1,
                "theme": theme,
                "question": text,
                "follow_ups": follow_ups,
            }
        )
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError({"guide": "The guide needs at least one question."})
    return rows
