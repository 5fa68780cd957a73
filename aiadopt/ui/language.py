"""Which language this session reads: the browser's, the link's `lang=`, or the chooser's, else the workshop's.

Set at the top of each run (`use_language`) and kept in `st.session_state`, which `aiadopt.i18n` reads
for every text, fragments' own runs included: two phones in two languages on one server each see
their own. Widgets keep keys that do not depend on the language, so changing it mid-form keeps what
was typed.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from aiadopt import i18n
from aiadopt.domain.language import SOURCE_LANGUAGE, best_language, language_code
from aiadopt.formats import safe_text
from aiadopt.services.database import SaveFailed, not_saved_message
from aiadopt.services.languages import workshop_language

LANGUAGE_KEY = "language"  # the language of this session's current run
CHOSEN_KEY = "language_chosen"  # the chooser's choice: it wins once used
LINKED_KEY = "language_linked"  # a `lang=` this session's link carried (kept when pages move)
CHOOSER_KEY = "language_chooser"
WORKSHOP_LANGUAGE_KEY = "language_workshop"  # the participant's workshop's language, as its pages last read it
MENU_LANGUAGE_KEY = "language_menu"  # the language the participant's menu was titled in this run
_RETITLED_KEY = "language_menu_retitled"
LINK_PARAMETER = "lang"


def _session_language() -> str | None:
    if get_script_run_ctx(suppress_warning=True) is None:  # not serving a session (a script, a test)
        return None
    code = st.session_state.get(LANGUAGE_KEY)
    return code if isinstance(code, str) else None


i18n.set_language_source(_session_language)


def _browser_locale() -> str | None:
    try:
        locale = st.context.locale
    except Exception:  # outside a browser session
        return None
    return locale if isinstance(locale, str) else None


def use_language(default: object = SOURCE_LANGUAGE) -> str:
    """Decide this run's language and keep it for the session: the chooser's choice, else the link's
    `lang=`, else the browser's, else `default` (the workshop's language). Unknown values pass silently."""
    available = i18n.available_languages()
    linked = language_code(st.query_params.get(LINK_PARAMETER), available)  # a made-up one: as if none
    if linked:
        st.session_state[LINKED_KEY] = linked
    candidates = [st.session_state.get(CHOSEN_KEY), linked or st.session_state.get(LINKED_KEY), _browser_locale()]
    code = best_language(candidates, default, available)
    st.session_state[LANGUAGE_KEY] = code
    return code


def participant_menu_language() -> str:
    """A participant's language before their menu is drawn (app.py): the chooser's, the link's or the
    browser's, else their workshop's as this session last read it (known from its second run on)."""
    code = use_language(st.session_state.get(WORKSHOP_LANGUAGE_KEY, SOURCE_LANGUAGE))
    st.session_state[MENU_LANGUAGE_KEY] = code
    return code


def participant_language(workshop: dict) -> str:
    """A participant screen's language (the workshop's when nothing else says), kept in its address.

    On a session's first run the menu was titled before the workshop was known: when the workshop's
    language turns out to be another, the run starts again once, so the menu reads in it too."""
    default = workshop_language(workshop)
    st.session_state[WORKSHOP_LANGUAGE_KEY] = default
    code = use_language(default)
    keep_language_in_link()
    menu = st.session_state.get(MENU_LANGUAGE_KEY)
    if menu is not None and menu != code and not st.session_state.get(_RETITLED_KEY):
        st.session_state[_RETITLED_KEY] = True
        st.rerun()
    return code


def language_query() -> dict[str, str]:
    """What a participant's link adds for their language: `lang=` once chosen or given, else nothing."""
    kept = st.session_state.get(CHOSEN_KEY) or st.session_state.get(LINKED_KEY)
    return {LINK_PARAMETER: str(kept)} if kept else {}


def keep_language_in_link() -> None:
    """Keep the chosen language in the address (pages moving along drop the address's query)."""
    wanted = language_query()
    if wanted and st.query_params.get(LINK_PARAMETER) != wanted[LINK_PARAMETER]:
        st.query_params.update(wanted)


def _chosen() -> None:
    code = st.session_state.get(CHOOSER_KEY)
    if code is None:  # the chosen language pressed again: it stays
        st.session_state[CHOOSER_KEY] = st.session_state.get(LANGUAGE_KEY, SOURCE_LANGUAGE)
        return
    st.session_state[CHOSEN_KEY] = code
    st.session_state[LANGUAGE_KEY] = code
    st.query_params[LINK_PARAMETER] = code


def language_chooser() -> None:
    """The languages, each named in itself, to switch this screen to; the choice goes into the link."""
    available = i18n.available_languages()
    if len(available) < 2:
        return
    # Set at every run, even when it holds this value already: a value the browser sent only (not set here)
    # is not drawn again after a page switch, and the chooser would show no language chosen.
    st.session_state[CHOOSER_KEY] = st.session_state.get(LANGUAGE_KEY, SOURCE_LANGUAGE)
    st.segmented_control(
        i18n.t("Language"),
        list(available),
        format_func=i18n.language_name,
        key=CHOOSER_KEY,
        on_change=_chosen,
        label_visibility="collapsed",
    )


def problem_words(problem: Exception) -> str:
    """What went wrong, in this session's language (every field's message for a form)."""
    if isinstance(problem, SaveFailed):
        return i18n.t(not_saved_message(problem))
    errors = getattr(problem, "errors", None)
    if errors:
        return " ".join(i18n.t(message) for message in errors.values())
    said = problem.args[0] if problem.args else ""
    return i18n.t(said) if isinstance(said, str) and said else str(problem)


def say_problem(problem: Exception) -> None:
    """An error message in this session's language; any words the person typed stay inert."""
    st.error(safe_text.escape_markdown(problem_words(problem)))
