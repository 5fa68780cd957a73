"""Say it in the person's language: one translation function over the catalogues, per session.

- `t(text, **params)` translates an English text (or a `Message`) into the current language and fills
  in its `{placeholders}`, numbers formatted for the language; `tn` chooses a plural form.
- The current language is per session, never process-global: `speaking(code)` sets it for a block
  (files in the workshop's language, tests), and the screen's layer tells `set_language_source` how to
  read a session's own choice (`aiadopt.ui.language`), so two phones in two languages each see theirs.
- `number`, `percent` and `date` write numbers and dates as the language does (Babel).

Below the screens, nothing here knows about Streamlit: files and reports use it too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from functools import cache
from typing import ParamSpec, TypeVar

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from aiadopt.domain.language import LANGUAGES, SOURCE_LANGUAGE, Message, english
from aiadopt.i18n.catalogues import available_languages, translations

__all__ = [
    "available_languages",
    "current_language",
    "date",
    "in_this_language",
    "language_name",
    "number",
    "percent",
    "set_language_source",
    "speaking",
    "t",
    "tn",
]

P = ParamSpec("P")
R = TypeVar("R")

_SPOKEN: ContextVar[str | None] = ContextVar("aiadopt_language", default=None)
_source: Callable[[], str | None] | None = None


def set_language_source(source: Callable[[], str | None] | None) -> None:
    """How to read the language of the session being served (the screen's layer sets it once)."""
    global _source
    _source = source


def current_language() -> str:
    """The language now: one set by `speaking`, else the session's own, else English."""
    code = _SPOKEN.get() or (_source() if _source is not None else None)
    return code if code in LANGUAGES else SOURCE_LANGUAGE


@contextlib.contextmanager
def speaking(code: str) -> Iterator[None]:
    """Everything translated inside the block is in this language (e.g. a file in the workshop's language)."""
    token = _SPOKEN.set(code)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def in_this_language(function: Callable[P, R]) -> Callable[P, R]:
    """`function` run in the language current now, wherever it is called later: a widget's `format_func`
    keeps the words its options were drawn in (Streamlit's test runner calls it again outside the run)."""
    code = current_language()

    def in_code(*args: P.args, **kwargs: P.kwargs) -> R:
        with speaking(code):
            return function(*args, **kwargs)

    return in_code


def language_name(code: str) -> str:
    """A language's name in itself ('Deutsch')."""
    return LANGUAGES[code].name if code in LANGUAGES else code


@cache
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (ValueError, LookupError):  # a language Babel does not know (a test language): English numbers
        return Locale.parse(SOURCE_LANGUAGE)


def number(value: float, decimals: int = 0) -> str:
    """A number as the current language writes it (1,250 / 1.250 / 1 250), rounded to `decimals`
    (whole numbers keep no decimals)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(current_language()))


def percent(share: float) -> str:
    """A share (0.25) as the current language writes a percentage (25 %, 25%)."""
    return format_percent(share, locale=_locale(current_language()))


def date(day: dt.date) -> str:
    """A date as the current language writes it in full (28 November 2026, 28. November 2026)."""
    return format_date(day, format="long", locale=_locale(current_language()))


def _param(value: object) -> str:
    if isinstance(value, Message):
        return t(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value, decimals=0 if float(value).is_integer() else 2)
    if isinstance(value, dt.date):  # a day as the language writes it in full (English as the message reads)
        return english(value) if current_language() == SOURCE_LANGUAGE else date(value)
    return str(value)


def _fill(translated: str, english: str, params: Mapping[str, object]) -> str:
    if not params:
        return translated
    values = {name: _param(value) for name, value in params.items()}
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation: the English, never a blank
        return english.format(**values)


def t(text: str, **params: object) -> str:
    """`text` (English, marked for the catalogues) in the current language, its `{placeholders}` filled in."""
    if not text:  # gettext answers an empty text with the catalogue's header: empty in, empty out
        return ""
    if isinstance(text, Message) and not params:
        message: Message = text
        text, params = message.template, dict(message.params)
    code = current_language()
    translated = translations(code).gettext(text) if code != SOURCE_LANGUAGE else text
    return _fill(translated or text, text, params)


def tn(singular: str, plural: str, n: int, **params: object) -> str:
    """The singular or the plural form, as the current language chooses for `n` (`{n}` is filled in)."""
    code = current_language()
    chosen = translations(code).ngettext(singular, plural, n)
    english = singular if n == 1 else plural
    return _fill(chosen or english, english, {"n": n, **params})
