"""The catalogues: complete before they ship, and a new language is a catalogue and a word list, nothing else."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from aiadopt import i18n
from aiadopt.domain.language import LANGUAGES, SOURCE_LANGUAGE, Language, language_code
from aiadopt.domain.wording import solution_terms_in, technology_words_in
from aiadopt.i18n import catalogues, checks
from tests.apptest_helpers import new_app

TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def write(directory, code: str, entries: list[tuple], template: bool = False) -> None:
    """A catalogue (or the template) of (English, translation[, flags]) entries, written with Babel."""
    catalogue = Catalog(locale=None if template else code, domain=catalogues.DOMAIN)
    for english, translated, *flags in entries:
        catalogue.add(
            english,
            "" if template else translated,
            locations=[("app_pages/join.py", None)],
            flags=flags[0] if flags else (),
        )
    target = checks.template_path(directory) if template else catalogues.catalogue_path(code, directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as po:
        write_po(po, catalogue)


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """The catalogues read from a test directory instead of aiadopt/locales (read again after the test)."""
    monkeypatch.setattr(catalogues, "LOCALES_DIR", tmp_path)
    catalogues.reload()
    yield tmp_path
    monkeypatch.undo()
    catalogues.reload()


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_is_complete(code):
    """No entry untranslated or fuzzy, none missing, placeholders as in the English, every plural form filled.

    Fails until the translators have finished a language (`python -m aiadopt.i18n.checks` lists what is left)."""
    problems = checks.catalogue_problems(code)
    assert not problems, f"{len(problems)} problems, first: " + "; ".join(str(p) for p in problems[:5])


def test_the_completeness_check_names_each_kind_of_gap(tmp_path):
    english = [
        ("Join", ""),
        ("Vote", ""),
        ("Saved: {total}", ""),
        ("Welcome", ""),
        (("{n} vote", "{n} votes"), ""),
        ("Missing here", ""),
    ]
    write(tmp_path, "de", english, template=True)
    write(
        tmp_path,
        "de",
        [
            ("Join", "Beitreten"),
            ("Vote", ""),  # not translated
            ("Saved: {total}", "Gespeichert: {summe}"),  # a placeholder renamed
            ("Welcome", "Willkommen", ["fuzzy"]),
            (("{n} vote", "{n} votes"), ("eine Stimme", "")),  # a plural form empty
        ],
    )
    found = {(p.msgid, p.what.split(" ")[0]) for p in checks.catalogue_problems("de", tmp_path)}
    assert found == {
        ("Vote", "not"),
        ("Saved: {total}", "placeholders"),
        ("Welcome", "fuzzy"),
        ("{n} vote", "a"),
        ("Missing here", "missing:"),
    }


def test_a_complete_catalogue_passes_the_check(tmp_path):
    english = [("Join", ""), ("Saved: {total}", ""), (("{n} vote", "{n} votes"), "")]
    write(tmp_path, "de", english, template=True)
    write(
        tmp_path,
        "de",
        [
            ("Join", "Beitreten"),
            ("Saved: {total}", "{total} gespeichert"),
            (("{n} vote", "{n} votes"), ("eine Stimme", "{n} Stimmen")),
        ],
    )
    assert checks.catalogue_problems("de", tmp_path) == []


ESPERANTO = Language(
    "eo",
    "Esperanto",
    ("artefarita* inteligenteco*", "roboto*", "babilroboto*", "aŭtomatig*"),
    (r"\bni bezonas\b[^.!?\n]{0,40}?\b(?:ilo|apo|programo|sistemo)(?:j|n|jn)?\b",),
)


def test_a_new_language_needs_only_a_catalogue_and_a_word_list(locales, monkeypatch, file_db):
    # 1. Its word list: a Language record (here registered for the test; for real, added to LANGUAGES).
    monkeypatch.setitem(LANGUAGES, "eo", ESPERANTO)
    # 2. Its catalogue, as translators write it (every entry of the template, here a few).
    entries = [
        ("Join a workshop", "Aliĝi al laborrenkontiĝo"),
        ("Join", "Aliĝi"),
        (("{n} vote", "{n} votes"), ("{n} voĉdono", "{n} voĉdonoj")),
    ]
    write(locales, "eo", entries, template=True)
    write(locales, "eo", entries)
    catalogues.reload()

    assert "eo" in i18n.available_languages()
    assert language_code("eo-EO", i18n.available_languages()) == "eo"
    with i18n.speaking("eo"):
        assert i18n.t("Join a workshop") == "Aliĝi al laborrenkontiĝo"
        assert i18n.tn("{n} vote", "{n} votes", 3) == "3 voĉdonoj"
        assert i18n.t("Something not translated yet") == "Something not translated yet"
        assert i18n.language_name("eo") == "Esperanto"
    # The word rule and the nudge hold in it, and its catalogue passes every check.
    assert technology_words_in("Ni uzus babilroboton", "eo") == ["babilroboton"]
    assert solution_terms_in("Ni bezonas novan apon por la horaro", "eo")
    assert checks.catalogue_problems("eo", locales) == []
    assert checks.technology_leaks("eo", locales) == {}
    # The chooser offers it, named in itself, and choosing it speaks it.
    app = new_app().run()
    chooser = app.segmented_control(key="language_chooser")
    assert "Esperanto" in chooser.options
    chooser.set_value("eo").run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Aliĝi al laborrenkontiĝo"]
    assert app.query_params["lang"] == "eo"


def test_a_language_without_a_catalogue_is_not_offered(locales):
    write(locales, "de", [("Join", "Beitreten")])
    catalogues.reload()
    assert i18n.available_languages() == ("en", "de")
    with i18n.speaking("fr"):  # no catalogue: the English
        assert i18n.t("Join") == "Join"


def test_a_half_translated_catalogue_shows_english_never_a_blank(locales):
    write(
        locales,
        "de",
        [
            ("Join", "Beitreten"),
            ("Vote", ""),
            ("Welcome", "Willkommen", ["fuzzy"]),
            ("Saved: {total}", "Gespeichert: {summe}"),  # broken: the English, filled in
            (("{n} vote", "{n} votes"), ("", "")),
        ],
    )
    catalogues.reload()
    with i18n.speaking("de"):
        assert i18n.t("Join") == "Beitreten"
        assert i18n.t("Vote") == "Vote"
        assert i18n.t("Welcome") == "Welcome"
        assert i18n.t("Saved: {total}", total=3) == "Saved: 3"
        assert i18n.tn("{n} vote", "{n} votes", 2) == "2 votes"


def test_numbers_and_dates_are_written_as_each_language_writes_them():
    import datetime as dt

    written = {}
    for code in LANGUAGES:
        with i18n.speaking(code):
            written[code] = (i18n.number(1250), i18n.date(dt.date(2026, 11, 28)))
    assert written["en"] == ("1,250", "November 28, 2026")
    assert written["de"] == ("1.250", "28. November 2026")
    assert written["fr"][0].replace("\u202f", " ") == "1 250"
    assert written["es"][1] == "28 de noviembre de 2026"


def test_an_empty_text_stays_empty_in_every_language():
    # gettext answers "" with the catalogue's header (Project-Id-Version, …): t guards it.
    for code in LANGUAGES:
        with i18n.speaking(code):
            assert i18n.t("") == ""
            assert i18n.t("", n=3) == ""
