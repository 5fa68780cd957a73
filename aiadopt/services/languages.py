"""The workshop's language: the default for its participants' screens and the language of its files."""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain.language import LANGUAGES, Message, language_code
from aiadopt.domain.pain_points import ValidationError
from aiadopt.i18n import available_languages
from aiadopt.services import history
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database


def check_language(code: object) -> str:
    """A language people may choose ('de', 'fr-CH' gives fr), refused in plain words otherwise."""
    found = language_code(code, available_languages())
    if found is None:
        names = ", ".join(LANGUAGES[c].name for c in available_languages())
        raise ValidationError({"language": Message("Choose one of the languages: {names}.", names=names)})
    return found


def workshop_language(workshop: dict) -> str:
    """The workshop's language (English for a workshop from before, or one naming a language no longer offered)."""
    return language_code(workshop.get("language"), available_languages()) or "en"


def set_workshop_language(db: Database, workshop_id: int, code: object, actor: str = FACILITATOR) -> str:
    """Set the workshop's language; participants' screens that follow it change within seconds."""
    get_workshop(db, workshop_id)
    chosen = check_language(code)
    with storage.writing(db):
        storage.workshops.change_room(db, workshop_id, {"language": chosen})
        history.log(db, actor, workshop_id, "language", "workshop", workshop_id, {"language": chosen})
    return chosen
