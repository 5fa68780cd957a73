"""The pain-point capture form, and editing or deleting one's entries with undo."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, Literal, cast

import streamlit as st

from aiadopt.domain.coverage import theme_label
from aiadopt.domain.fields import (
    CUSTOMER_IMPACT_LEVELS,
    DATA_CLASSES,
    FREQUENCY_PERIODS,
    SECTIONS,
    FieldSpec,
    fields_in_section,
)
from aiadopt.domain.pain_points import ValidationError, build_pain_point, changed_fields
from aiadopt.services.capture import delete_pain_points, restore_pain_points, update_pain_point
from aiadopt.services.database import Database
from aiadopt.services.errors import ServiceError
from aiadopt.ui.session import flash, rerun, show_problem

# Which sections of the capture form start open; the rest sit in expanders.
OPEN_SECTIONS = (SECTIONS[0], SECTIONS[2])


def _whole_number(value: object, fallback: object) -> int:
    """A whole number for a widget: the value given, else the field's default."""
    return int(cast(float, value if value not in (None, "") else fallback))


def _theme_widget(spec: FieldSpec, value: object, key: str, themes: Sequence[str]) -> str:
    """The guide's themes to choose from (a theme the guide no longer has stays, marked)."""
    current = str(value or "")
    options = ["", *themes] + ([current] if current and current not in themes else [])
    return st.selectbox(
        spec.label,
        options,
        index=options.index(current),
        format_func=lambda theme: theme_label(theme, themes),
        help=spec.help,
        key=key,
    )


def _widget(spec: FieldSpec, value: object, key: str, themes: Sequence[str] = ()) -> object:
    if spec.name == "theme":
        return _theme_widget(spec, value, key, themes)
    if spec.kind == "text":
        return st.text_input(spec.label, value=value or "", help=spec.help, key=key)
    if spec.kind == "longtext":
        return st.text_area(spec.label, value=value or "", help=spec.help, key=key, height=100)
    if spec.kind == "number":
        return st.number_input(
            f"{spec.label} (%)" if spec.unit == "%" else spec.label,
            value=None if value is None or value == "" else float(cast(float, value)),
            step=1.0,
            # Counts and minutes read as people write them ("3", "2.5"), not "3.00".
            format="%g" if spec.maximum is not None and spec.maximum < 1_000_000 else None,
            help=spec.help,
            key=key,
            placeholder="Leave empty if not known" if not spec.required else None,
        )
    if spec.kind == "integer":
        return st.number_input(
            f"{spec.label}",
            value=_whole_number(value, spec.default or 1),
            step=1,
            help=spec.help,
            key=key,
        )
    if spec.kind == "scale":
        return st.slider(
            spec.label,
            min_value=_whole_number(spec.minimum, 1),
            max_value=_whole_number(spec.maximum, 5),
            value=_whole_number(value, spec.default),
            help=spec.help,
            key=key,
        )
    if spec.kind == "flag":
        return st.checkbox(spec.label, value=bool(value), help=spec.help, key=key)
    if spec.kind == "choice":
        labels: dict[Any, str] = {
            "frequency_period": {p: f"per {p}" for p in FREQUENCY_PERIODS},
            "customer_impact": CUSTOMER_IMPACT_LEVELS,
            "data_sensitivity": DATA_CLASSES,
        }[spec.name]  # type: ignore[assignment]
        options = list(spec.choices)
        current = value if value in options else spec.default
        return st.selectbox(
            spec.label,
            options,
            index=options.index(current),
            format_func=lambda option: labels[option],
            help=spec.help,
            key=key,
        )
    raise ValueError(spec.kind)


def pain_point_form(
    form_key: str,
    departments: list[dict],
    *,
    workshop_id: int,
    initial: dict | None = None,
    submit_label: str = "Save pain point",
    department_id: int | None = None,
    context: dict | None = None,
    only: Collection[str] | None = None,
    hide: Collection[str] = (),
    themes: Sequence[str] = (),
    rerun_scope: Literal["app", "fragment"] = "app",
):
    """Render the capture form; on a valid submit return the built PainPoint, else None.

    Typed text is never thrown away: invalid input stays in the form with a message under
    each field. The caller clears the form after a successful save with `reset_form`.
    `only` draws just those fields (the rest keep their defaults, and are never drawn, so a
    phone's first screen stays light); `hide` leaves fields out (names, in an anonymous workshop).
    `themes` are the guide's themes a pain point may answer (the theme field is left out without them).
    """
    generation = st.session_state.get(f"{form_key}_generation", 0)
    errors: dict = st.session_state.get(f"{form_key}_errors", {})
    values = initial or {}
    if not themes and not values.get("theme"):
        hide = (*hide, "theme")
    with st.form(f"{form_key}_{generation}", clear_on_submit=False, border=True):
        if errors:
            st.error("Some answers need a second look: see the notes under the fields below.")
        chosen_department = department_id
        if department_id is None:
            widget_key = f"{form_key}_{generation}_department_id"
            live = [d for d in departments if not d.get("deleted_at")]
            # A department removed while someone was typing stays visible (marked) for that
            # person, so their choice is never swapped for another one behind their back.
            held = {st.session_state.get(widget_key), values.get("department_id")}
            shown = live + [d for d in departments if d.get("deleted_at") and d["id"] in held]
            names = {d["id"]: d["name"] + (" (removed)" if d.get("deleted_at") else "") for d in shown}
            ids = list(names)
            start = values.get("department_id")
            if any(d.get("deleted_at") for d in shown):
                st.warning("A department chosen here was removed by the facilitator: choose another one.")
            chosen_department = (
                st.selectbox(
                    "Department",
                    ids,
                    index=ids.index(start) if start in ids else (0 if start is None else None),
                    format_func=lambda d: names[d],
                    key=widget_key,
                    help="The department where this work happens.",
                    placeholder="Choose a department",
                )
                if ids
                else None
            )
            if "department_id" in errors:
                st.error(errors["department_id"])
        raw = {}
        for section in SECTIONS:
            specs = [s for s in fields_in_section(section) if s.name not in hide and (only is None or s.name in only)]
            if not specs:
                continue
            if only is not None:
                container = st.container()
            else:
                container = st.container() if section in OPEN_SECTIONS else st.expander(section + " (optional)")
            with container:
                if section in OPEN_SECTIONS and only is None:
                    st.markdown(f"**{section}**")
                for spec in specs:
                    raw[spec.name] = _widget(
                        spec, values.get(spec.name, spec.default), f"{form_key}_{generation}_{spec.name}", themes
                    )
                    if spec.name in errors:
                        st.error(errors[spec.name])
        submitted = st.form_submit_button(submit_label, type="primary")
    if not submitted:
        return None
    try:
        pain_point = build_pain_point(raw, workshop_id=workshop_id, department_id=chosen_department, **(context or {}))
    except ValidationError as invalid:
        st.session_state[f"{form_key}_errors"] = invalid.errors
        rerun(rerun_scope)
    st.session_state.pop(f"{form_key}_errors", None)
    return pain_point


def reset_form(form_key: str) -> None:
    """Clear a capture form after a save (a new form generation starts empty)."""
    st.session_state[f"{form_key}_generation"] = st.session_state.get(f"{form_key}_generation", 0) + 1
    st.session_state.pop(f"{form_key}_errors", None)


def undo_delete_button(db: Database, key: str, actor: str, participant_id: int | None = None) -> None:
    """Offer to undo the last delete made on this page."""
    last_deleted = st.session_state.get(f"{key}_last_deleted")
    if not last_deleted:
        return
    count = len(last_deleted)
    if st.button(
        f"Undo delete ({count} pain point{'s' if count != 1 else ''})", key=f"{key}_undo", icon=":material/undo:"
    ):
        try:
            restored = restore_pain_points(db, last_deleted, actor=actor, participant_id=participant_id)
        except ServiceError as problem:
            show_problem(problem)
            return
        st.session_state.pop(f"{key}_last_deleted", None)
        flash(f"Restored {len(restored)} pain point{'s' if len(restored) != 1 else ''}.")
        st.rerun()


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
    titles = {row["id"]: f"No. {row['id']}: {row['title']}" for row in rows}
    chosen = st.selectbox(
        "Choose an entry to edit or delete",
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
        submit_label="Save changes",
        hide=hide,
        themes=themes,
    )
    if edited is not None:
        changes = changed_fields(edited, opened)
        try:
            diff = update_pain_point(db, chosen, changes, actor=actor, participant_id=participant_id)
        except (ValidationError, ServiceError) as problem:
            show_problem(problem)
        else:
            st.session_state.pop(f"{key}_opened_{chosen}", None)
            reset_form(f"{key}_edit_{chosen}")
            flash("Changes saved." if diff else "Nothing changed.")
            st.rerun()
    if st.button("Delete this entry", key=f"{key}_delete_{chosen}", icon=":material/delete:"):
        try:
            deleted = delete_pain_points(db, [chosen], actor=actor, participant_id=participant_id)
        except ServiceError as problem:
            show_problem(problem)
            return
        st.session_state[f"{key}_last_deleted"] = deleted
        st.session_state.pop(f"{key}_chosen", None)
        flash("Deleted. You can undo this.", "info")
        st.rerun()
