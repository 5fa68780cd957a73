"""The pain-point capture form, and editing or deleting one's entries with undo."""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Sequence
from typing import Any, Literal, cast

import streamlit as st

from aiadopt.domain.coverage import theme_label
from aiadopt.domain.fields import (
    CUSTOMER_IMPACT_LEVELS,
    DATA_CLASSES,
    FIELDS_BY_NAME,
    FREQUENCY_PERIOD_LABELS,
    PAIN_POINT_FIELDS,
    SECTIONS,
    FieldSpec,
    fields_in_section,
)
from aiadopt.domain.language import N_
from aiadopt.domain.pain_points import ValidationError, build_pain_point, changed_fields
from aiadopt.i18n import in_this_language, t, tn
from aiadopt.services.capture import delete_pain_points, restore_pain_points, update_pain_point
from aiadopt.services.database import Database
from aiadopt.services.errors import EditConflict
from aiadopt.ui import session
from aiadopt.ui.language import say_problem
from aiadopt.ui.session import REFUSALS, flash, rerun

# Which sections of the capture form start open; the rest sit in expanders.
OPEN_SECTIONS = (SECTIONS[0], SECTIONS[2])
TEXT_FIELD_NAMES = tuple(spec.name for spec in PAIN_POINT_FIELDS if spec.kind in ("text", "longtext"))
SECOND_TAP_SECONDS = 8.0  # an empty form sent this soon after a save is the same tap again
_NO_TAP_WHILE_SAVING = (
    "<style>[data-testid='stApp'][data-test-script-state='running'] [data-testid='stFormSubmitButton'] button"
    "{pointer-events:none;opacity:.6;cursor:progress}</style>"
)


def _whole_number(value: object, fallback: object) -> int:
    """A whole number for a widget: the value given, else the field's default."""
    return int(cast(float, value if value not in (None, "") else fallback))


def _theme_widget(spec: FieldSpec, value: object, key: str, themes: Sequence[str], **common) -> str:
    """The guide's themes to choose from (a theme the guide no longer has stays, marked)."""
    current = str(value or "")
    options = ["", *themes] + ([current] if current and current not in themes else [])
    return st.selectbox(
        t(spec.label),
        options,
        index=options.index(current),
        format_func=in_this_language(lambda theme: _theme_words(theme, themes)),
        key=key,
        **common,
    )


def _theme_words(theme: str, themes: Sequence[str]) -> str:
    """A theme as the person reads it, in their language (a stored default theme is translated)."""
    if not theme or theme in themes:
        return t(theme_label(theme, themes))
    return t("{theme} (removed)", theme=t(theme))


# Words shortened with a period inside a sentence, in the languages we speak ("e.g." and "z. B." are
# caught by their shape: a period inside, or a word of one or two letters).
_ABBREVIATIONS = frozenset({"bzw", "usw", "etc", "evtl", "ggf", "inkl", "vgl", "resp", "env", "aprox", "etwa"})


def short_help(text: str) -> str:
    """A field's help as a caption: its first sentence (an abbreviation's period does not end it)."""
    for end in re.finditer(r"\.\s+", text):
        word = text[: end.start()].split()[-1] if text[: end.start()].split() else ""
        if len(word) >= 3 and "." not in word and word.lower().strip("'\"“”«»()") not in _ABBREVIATIONS:
            return text[: end.start() + 1].strip()
    first = text.strip()
    return first if first.endswith((".", "?", ")")) else first + "."


def _widget(
    spec: FieldSpec, value: object, key: str, themes: Sequence[str] = (), disabled: bool = False, tooltips: bool = True
) -> object:
    """One field's widget. Without `tooltips` (a phone) its help is a caption under it, not one more Tab stop."""
    result = _field_widget(spec, value, key, themes, disabled, tooltips)
    if not tooltips and spec.help:
        st.caption(short_help(t(spec.help)))
    return result


def _field_widget(
    spec: FieldSpec, value: object, key: str, themes: Sequence[str], disabled: bool, tooltips: bool
) -> object:
    label, help_text = t(spec.label), t(spec.help)
    common: dict[str, Any] = {"disabled": disabled, "help": help_text if tooltips else None}
    if spec.name == "theme":
        return _theme_widget(spec, value, key, themes, **common)
    if spec.kind in ("text", "longtext"):
        # The limit is said where people type; longer text is refused with its length, never cut.
        limit = " " + t("Up to {limit} characters.", limit=spec.max_length) if spec.max_length else ""
        common["help"] = help_text + limit if tooltips else None
        if spec.kind == "text":
            return st.text_input(label, value=value or "", key=key, **common)
        return st.text_area(label, value=value or "", key=key, height=100, **common)
    if spec.kind == "number":
        return st.number_input(
            f"{label} (%)" if spec.unit == "%" else label,
            value=None if value is None or value == "" else float(cast(float, value)),
            step=1.0,
            # Counts and minutes read as people write them ("3", "2.5"), not "3.00".
            format="%g" if spec.maximum is not None and spec.maximum < 1_000_000 else None,
            key=key,
            placeholder=t("Leave empty if not known") if not spec.required else None,
            **common,
        )
    if spec.kind == "integer":
        return st.number_input(
            label,
            value=_whole_number(value, spec.default or 1),
            step=1,
            key=key,
            **common,
        )
    if spec.kind == "scale":
        return st.slider(
            label,
            min_value=_whole_number(spec.minimum, 1),
            max_value=_whole_number(spec.maximum, 5),
            value=_whole_number(value, spec.default),
            key=key,
            **common,
        )
    if spec.kind == "flag":
        return st.checkbox(label, value=bool(value), key=key, **common)
    if spec.kind == "choice":
        labels: dict[Any, str] = {
            "frequency_period": FREQUENCY_PERIOD_LABELS,
            "customer_impact": CUSTOMER_IMPACT_LEVELS,
            "data_sensitivity": DATA_CLASSES,
        }[spec.name]  # type: ignore[assignment]
        options = list(spec.choices)
        current = value if value in options else spec.default
        return st.selectbox(
            label,
            options,
            index=options.index(current),
            format_func=in_this_language(lambda option: t(labels[option])),
            key=key,
            **common,
        )
    raise ValueError(spec.kind)


def pain_point_form(
    form_key: str,
    departments: list[dict],
    *,
    workshop_id: int,
    initial: dict | None = None,
    submit_label: str = "",
    department_id: int | None = None,
    context: dict | None = None,
    only: Collection[str] | None = None,
    hide: Collection[str] = (),
    themes: Sequence[str] = (),
    rerun_scope: Literal["app", "fragment"] = "app",
    read_only: bool = False,
    tooltips: bool = True,
):
    """Render the capture form; on a valid submit return the built PainPoint, else None.

    Typed text is never thrown away: invalid input stays in the form with a message under
    each field, and a `read_only` form (the room closed entries) keeps what was typed in it, on
    the screen, until entries open again. The caller clears the form after a successful save with
    `reset_form`. `only` draws just those fields (the rest keep their defaults, and are never drawn,
    so a phone's first screen stays light); `hide` leaves fields out (names, in an anonymous
    workshop). `themes` are the guide's themes a pain point may answer (the theme field is left out
    without them). Without `tooltips` (a phone), help is a caption under each field.

    A second tap on Save lands on the fresh, empty form the first one left: within a few seconds of
    a save, an empty form sent is that tap, not a mistake, and gets no error (`just_saved`).
    """
    generation = session.generation(form_key)
    errors: dict = st.session_state.get(f"{form_key}_errors", {})
    values = initial or {}
    if not themes and not values.get("theme"):
        hide = (*hide, "theme")
    # While a save is on its way, Save takes no second tap (our own style rule, nothing typed in it).
    st.html(_NO_TAP_WHILE_SAVING, width="content")
    with st.form(f"{form_key}_{generation}", clear_on_submit=False, border=True):
        if errors:
            st.error(t("Some answers need a second look: see the notes under the fields below."))
        chosen_department = department_id
        if department_id is None:
            widget_key = f"{form_key}_{generation}_department_id"
            live = [d for d in departments if not d.get("deleted_at")]
            # A department removed while someone was typing stays visible (marked) for that
            # person, so their choice is never swapped for another one behind their back.
            held = {st.session_state.get(widget_key), values.get("department_id")}
            shown = live + [d for d in departments if d.get("deleted_at") and d["id"] in held]
            removed = " " + t("(removed)")
            names = {d["id"]: d["name"] + (removed if d.get("deleted_at") else "") for d in shown}
            ids = list(names)
            start = values.get("department_id")
            if any(d.get("deleted_at") for d in shown):
                st.warning(t("A department chosen here was removed by the facilitator: choose another one."))
            # Nothing is chosen for the person (a department picked for them files entries wrongly),
            # unless there is only one to choose.
            if start not in ids and len(live) == 1:
                start = live[0]["id"]
            chosen_department = (
                st.selectbox(
                    t("Department"),
                    ids,
                    index=ids.index(start) if start in ids else None,
                    format_func=lambda d: names[d],
                    key=widget_key,
                    help=t("The department where this work happens.") if tooltips else None,
                    placeholder=t("Choose a department"),
                    disabled=read_only,
                )
                if ids
                else None
            )
            if not tooltips and ids:
                st.caption(t("The department where this work happens."))
            if "department_id" in errors:
                st.error(t(errors["department_id"]))
        raw = {}
        for section in SECTIONS:
            specs = [s for s in fields_in_section(section) if s.name not in hide and (only is None or s.name in only)]
            if not specs:
                continue
            if only is not None:
                container = st.container()
            else:
                container = (
                    st.container()
                    if section in OPEN_SECTIONS
                    else st.expander(t("{section} (optional)", section=t(section)))
                )
            with container:
                if section in OPEN_SECTIONS and only is None:
                    st.markdown(f"**{t(section)}**")
                for spec in specs:
                    key, value = f"{form_key}_{generation}_{spec.name}", values.get(spec.name, spec.default)
                    raw[spec.name] = _widget(spec, value, key, themes, read_only, tooltips)
                    if spec.name in errors:
                        st.error(t(errors[spec.name]))
        submitted = st.form_submit_button(submit_label or t("Save pain point"), type="primary", disabled=read_only)
    if not submitted:
        return None
    if just_saved(form_key) and not any(str(raw.get(name) or "").strip() for name in TEXT_FIELD_NAMES):
        return None  # the same tap again, on the fresh form: the confirmation stays, with no error
    try:
        pain_point = build_pain_point(raw, workshop_id=workshop_id, department_id=chosen_department, **(context or {}))
    except ValidationError as invalid:
        st.session_state[f"{form_key}_errors"] = invalid.errors
        rerun(rerun_scope)
    st.session_state.pop(f"{form_key}_errors", None)
    return pain_point


def typed_in(form_key: str) -> bool:
    """Whether the person has typed words into the form now on their screen (kept, whatever happens)."""
    prefix = f"{form_key}_{session.generation(form_key)}_"
    written = [spec.name for spec in PAIN_POINT_FIELDS if spec.kind in ("text", "longtext")]
    return any(str(st.session_state.get(prefix + name) or "").strip() for name in written)


def reset_form(form_key: str) -> None:
    """Clear a capture form after a save (a new form generation starts empty)."""
    session.next_generation(form_key)
    st.session_state.pop(f"{form_key}_errors", None)
    st.session_state[f"{form_key}_saved_at"] = time.monotonic()


def just_saved(form_key: str, within: float = SECOND_TAP_SECONDS) -> bool:
    """Whether this form was saved moments ago (a tap now may be the same tap again)."""
    return time.monotonic() - st.session_state.get(f"{form_key}_saved_at", -1e9) < within


def undo_delete_button(db: Database, key: str, actor: str, participant_id: int | None = None) -> None:
    """Offer to undo the last delete made on this page."""
    last_deleted = st.session_state.get(f"{key}_last_deleted")
    if not last_deleted:
        return
    count = len(last_deleted)
    if st.button(
        tn("Undo delete ({n} pain point)", "Undo delete ({n} pain points)", count),
        key=f"{key}_undo",
        icon=":material/undo:",
    ):
        try:
            restored = restore_pain_points(db, last_deleted, actor=actor, participant_id=participant_id)
        except REFUSALS as problem:
            say_problem(problem)
            return
        st.session_state.pop(f"{key}_last_deleted", None)
        flash(tn("Restored {n} pain point.", "Restored {n} pain points.", len(restored)))
        st.rerun()


def show_conflict(conflict: EditConflict) -> None:
    """Both versions of the fields two people changed at once, side by side, in plain words."""
    st.warning(t(str(conflict)), icon=":material/sync_problem:")
    rows = [
        {
            t("Field"): t(FIELDS_BY_NAME[name].label) if name in FIELDS_BY_NAME else name,
            t("Saved meanwhile by someone else"): "" if theirs is None else str(theirs),
            t("Yours (not saved yet)"): "" if conflict.mine.get(name) is None else str(conflict.mine.get(name)),
        }
        for name, theirs in conflict.theirs.items()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def manage_entries(
    db: Database,
    rows: list[dict],
    *,
    key: str,
    departments: list[dict],
    workshop_id: int,
    actor: str,
    participant_id: int | None = None,
    hide: Collection[str] = (),
    themes: Sequence[str] = (),
) -> None:
    """Pick one listed pain point to edit or delete (with undo)."""
    undo_delete_button(db, key, actor, participant_id)
    if not rows:
        return
    titles = {row["id"]: t("No. {number}: {title}", number=str(row["id"]), title=row["title"]) for row in rows}
    chosen = st.selectbox(
        t("Choose an entry to edit or delete"),
        [None, *titles],
        format_func=lambda i: "—" if i is None else titles[i],
        key=f"{key}_chosen",
    )
    if chosen is None:
        return
    current = next(row for row in rows if row["id"] == chosen)
    # The entry as it was when this person opened it: only what they change is written, so an
    # edit someone else made to another field meanwhile is kept.
    opened = st.session_state.setdefault(f"{key}_opened_{chosen}", dict(current))
    edited = pain_point_form(
        f"{key}_edit_{chosen}",
        departments,
        workshop_id=workshop_id,
        initial=opened,
        submit_label=t("Save changes"),
        hide=hide,
        themes=themes,
    )
    if edited is not None:
        changes = changed_fields(edited, opened)
        try:
            diff = update_pain_point(db, chosen, changes, actor=actor, participant_id=participant_id, opened=opened)
        except EditConflict as conflict:
            show_conflict(conflict)
            st.session_state[f"{key}_opened_{chosen}"] = opened | conflict.theirs  # saving again keeps yours
        except REFUSALS as problem:
            say_problem(problem)
        else:
            st.session_state.pop(f"{key}_opened_{chosen}", None)
            reset_form(f"{key}_edit_{chosen}")
            flash(t("Changes saved.") if diff else t("Nothing changed."))
            st.rerun()
    if st.button(t("Delete this entry"), key=f"{key}_delete_{chosen}", icon=":material/delete:"):
        try:
            deleted = delete_pain_points(db, [chosen], actor=actor, participant_id=participant_id)
        except REFUSALS as problem:
            say_problem(problem)
            return
        st.session_state[f"{key}_last_deleted"] = deleted
        st.session_state.pop(f"{key}_chosen", None)
        flash(t("Deleted. You can undo this."), "info")
        st.rerun()


# The fields a facilitator changes on many pain points at once, and how each is named there.
BULK_FIELDS = {
    "department_id": N_("Department"),
    "data_sensitivity": N_("Data class"),
    "owner_name": N_("Owner"),
    "severity": N_("How much it hurts"),
    "change_readiness": N_("Readiness to change"),
    "io_clarity": N_("How clear are the inputs and outputs"),
}


def bulk_change(department_names: dict[int, str], key: str) -> tuple[str, object]:
    """Choose a field and the new value to give several pain points; returns (field, value)."""
    columns = st.columns(2)
    fields = list(BULK_FIELDS)
    field = str(
        columns[0].selectbox(
            t("Field to change"), fields, format_func=in_this_language(lambda f: t(BULK_FIELDS[f])), key=f"{key}_field"
        )
    )
    with columns[1]:
        if field == "department_id":
            departments = list(department_names)
            return field, st.selectbox(
                t("New value"), departments, format_func=lambda d: department_names[d], key=f"{key}_department"
            )
        if field == "owner_name":
            return field, st.text_input(t("New value"), key=f"{key}_owner")
        spec = FIELDS_BY_NAME[field]
        if spec.kind == "choice":
            classes = list(DATA_CLASSES)
            return field, st.selectbox(
                t("New value"), classes, format_func=in_this_language(lambda c: t(DATA_CLASSES[c])), key=f"{key}_class"
            )
        low, high = _whole_number(spec.minimum, 1), _whole_number(spec.maximum, 5)
        return field, st.slider(t("New value"), low, high, _whole_number(spec.default, 3), key=f"{key}_{field}")


# Our own script, no typed text in it: the newest confirmation takes the focus, so a screen reader
# reads it and a keyboard continues from it (not from the top of the page).
_FOCUS_NEWEST_CONFIRMATION = """<script>
setTimeout(() => {
  const notes = document.querySelectorAll('[data-testid="stAlertContainer"][role="status"]');
  const note = notes[notes.length - 1];
  if (note) { note.setAttribute("tabindex", "-1"); note.focus({preventScroll: false}); }
}, 50);
</script>"""


def saved_note(message: str, nudge: str = "") -> None:
    """The confirmation of a save, once: announced (a status), given the focus, and a nudge if any."""
    st.success(message)
    if nudge:
        st.warning(nudge)
    st.html(_FOCUS_NEWEST_CONFIRMATION, unsafe_allow_javascript=True, width="content")
