"""The translation catalogues: `aiadopt/locales/<code>/LC_MESSAGES/messages.po`, read once per process.

Each `.po` is compiled in memory (Babel's own `read_po` and `write_mo`) when the process first needs
it, so there is no compiled file to fall out of step with its source. Fuzzy and untranslated entries
are left out of the compiled catalogue: a half-translated catalogue shows English, never a blank
(and the catalogue test fails, so it never ships that way).
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from aiadopt.domain.language import LANGUAGES, SOURCE_LANGUAGE

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


def catalogue_path(code: str, directory: Path | None = None) -> Path:
    """Where a language's catalogue lives."""
    return (directory or LOCALES_DIR) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _compiled(directory: str) -> dict[str, gettext.GNUTranslations]:
    found: dict[str, gettext.GNUTranslations] = {}
    for po in sorted(Path(directory).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        code = po.parent.parent.name
        with po.open("rb") as source:
            catalogue = read_po(source, locale=code if code in LANGUAGES else None, domain=DOMAIN)
        compiled = io.BytesIO()
        write_mo(compiled, catalogue)  # without fuzzy or empty entries: those show the English
        compiled.seek(0)
        found[code] = gettext.GNUTranslations(compiled)
    return found


def translations(code: str) -> gettext.NullTranslations:
    """A language's compiled catalogue (English, or a language without one, translates nothing)."""
    return _compiled(str(LOCALES_DIR)).get(code) or gettext.NullTranslations()


def available_languages() -> tuple[str, ...]:
    """The languages people may choose: English, and each language with both a record and a catalogue."""
    catalogued = _compiled(str(LOCALES_DIR))
    return tuple(code for code in LANGUAGES if code == SOURCE_LANGUAGE or code in catalogued)


def reload() -> None:
    """Read the catalogues again (after `LOCALES_DIR` changed, in tests)."""
    _compiled.cache_clear()
