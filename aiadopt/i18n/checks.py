"""What a catalogue must be before it ships: complete, true to its source, and free of technology words.

Pure checks over `.po` files (Babel's own reader), used by the tests (`make test` fails on any problem)
and readable by hand: `python -m aiadopt.i18n.checks` prints every problem of every catalogue.

- `catalogue_problems`: an entry not translated, fuzzy, missing from the catalogue, with placeholders
  that differ from the English, or a plural form left empty;
- `technology_leaks`: a text participants can see (an entry extracted from a participant source,
  `PARTICIPANT_SOURCES`) that names a technology in the catalogue's own language (its word list in
  `aiadopt.domain.language`).
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from aiadopt.domain.language import LANGUAGES, SOURCE_LANGUAGE
from aiadopt.domain.wording import technology_words_in
from aiadopt.i18n import catalogues

TEMPLATE_NAME = "messages.pot"
ROOT = Path(__file__).resolve().parents[2]  # the paths in the catalogues' locations are relative to it

# The sources whose texts participants' screens show (the join, capture and vote pages, the projector the
# room reads, and the rules, fields, guide, phases and refusals those pages say): every entry extracted
# from one of them is checked for technology words in every language.
PARTICIPANT_SOURCES: frozenset[str] = frozenset(
    {
        "app.py",
        "app_pages/join.py",
        "app_pages/contribute.py",
        "app_pages/vote.py",
        "app_pages/projector.py",
        "aiadopt/ui/forms.py",
        "aiadopt/ui/language.py",
        "aiadopt/ui/room.py",
        "aiadopt/ui/session.py",
        "aiadopt/ui/tables.py",
        "aiadopt/ui/views.py",
        "aiadopt/domain/coverage.py",
        "aiadopt/domain/data_classes.py",
        "aiadopt/domain/fields.py",
        "aiadopt/domain/guide.py",
        "aiadopt/domain/pain_points.py",
        "aiadopt/domain/room.py",
        "aiadopt/domain/voting.py",
        "aiadopt/domain/wording.py",
        "aiadopt/domain/ranking/criteria.py",
        "aiadopt/services/capture.py",
        "aiadopt/services/database.py",
        "aiadopt/services/participants.py",
        "aiadopt/services/room.py",
        "aiadopt/services/voting.py",
    }
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one entry of one catalogue, in words a translator acts on."""

    code: str
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.code}: {self.what}: {self.msgid!r}"


def template_path(directory: Path | None = None) -> Path:
    """The template `make strings` extracts every marked English text into."""
    return (directory or catalogues.LOCALES_DIR) / TEMPLATE_NAME


def read_catalogue(path: Path, code: str | None = None) -> Catalog:
    """A `.po` (or the `.pot`) as Babel reads it."""
    with path.open("rb") as source:
        return read_po(source, locale=code if code in LANGUAGES else None, domain=catalogues.DOMAIN)


def entries(catalogue: Catalog) -> Iterator[Message]:
    """The catalogue's entries, without its header."""
    return (message for message in catalogue if message.id)


def placeholders(text: str) -> set[str]:
    """The `{names}` a text fills in (ValueError for braces that do not pair)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _key(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _forms(message: Message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string or ())


def _sources(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def _placeholder_problem(message: Message) -> str | None:
    wanted = set().union(*(placeholders(text) for text in _sources(message)))
    plural = not isinstance(message.id, str)
    for form in _forms(message):
        try:
            found = placeholders(form)
        except ValueError:
            return "braces that do not pair"
        # A plural form may spell the number out ("eine Stimme"): only {n} may be left out of one.
        if (plural and not (wanted - {"n"}) <= found <= wanted) or (not plural and found != wanted):
            return f"placeholders {sorted(found)} instead of {sorted(wanted)}"
    return None


def entry_problems(code: str, message: Message) -> list[Problem]:
    """What is wrong with one translated entry: not translated, fuzzy, a plural form empty, placeholders."""
    key = _key(message)
    forms = _forms(message)
    if message.fuzzy:
        return [Problem(code, key, "fuzzy (a translator must check it)")]
    if not forms or not any(forms):
        return [Problem(code, key, "not translated")]
    if not all(forms):
        return [Problem(code, key, "a plural form is empty")]
    said = _placeholder_problem(message)
    return [Problem(code, key, said)] if said else []


def catalogue_problems(code: str, directory: Path | None = None) -> list[Problem]:
    """Everything standing between a language's catalogue and a complete one (empty when complete)."""
    path = catalogues.catalogue_path(code, directory)
    if not path.exists():
        return [Problem(code, "", f"no catalogue at {path}")]
    catalogue = read_catalogue(path, code)
    found = {_key(message) for message in entries(catalogue)}
    problems = [problem for message in entries(catalogue) for problem in entry_problems(code, message)]
    if catalogue.num_plurals and any(
        not isinstance(message.id, str) and len(_forms(message)) != catalogue.num_plurals
        for message in entries(catalogue)
    ):
        problems.append(Problem(code, "", f"plural entries need {catalogue.num_plurals} forms"))
    template = template_path(directory)
    if template.exists():
        problems += [
            Problem(code, _key(message), "missing: run make strings")
            for message in entries(read_catalogue(template))
            if _key(message) not in found
        ]
    return problems


def participant_entries(catalogue: Catalog, sources: Iterable[str] = PARTICIPANT_SOURCES) -> Iterator[Message]:
    """The entries extracted from a source participants' screens show."""
    wanted = set(sources)
    return (message for message in entries(catalogue) if {file for file, _ in message.locations} & wanted)


def technology_leaks(code: str, directory: Path | None = None) -> dict[str, list[str]]:
    """Texts participants can see that name a technology in this language: English text (the
    template's) -> the words found in its translation (English: in the text itself)."""
    path = template_path(directory) if code == SOURCE_LANGUAGE else catalogues.catalogue_path(code, directory)
    leaks: dict[str, list[str]] = {}
    for message in participant_entries(read_catalogue(path, code)):
        texts = _sources(message) if code == SOURCE_LANGUAGE else _forms(message)
        words = [word for text in texts for word in technology_words_in(_without_placeholders(text), code)]
        if words:
            leaks[_key(message)] = sorted(set(words))
    return leaks


def _without_placeholders(text: str) -> str:
    try:
        return "".join(literal for literal, *_ in string.Formatter().parse(text))
    except ValueError:
        return text


def main() -> int:
    """Print every catalogue's problems and leaks; exit status 1 when there is any."""
    count = 0
    for code in LANGUAGES:
        found = [] if code == SOURCE_LANGUAGE else catalogue_problems(code)
        leaks = technology_leaks(code)
        for problem in found:
            print(problem)
        for text, words in leaks.items():
            print(f"{code}: names a technology ({', '.join(words)}): {text!r}")
        count += len(found) + len(leaks)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
