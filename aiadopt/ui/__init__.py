"""The small set of Streamlit helpers the pages share (the only aiadopt module importing Streamlit)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from aiadopt.services.database import Database

from aiadopt.services.errors import ServiceError

from aiadopt.formats import safe_text
from aiadopt.formats.qr import join_qr_png
from aiadopt.services.consolidation import WorkshopCandidates, load_candidates
from aiadopt.services.consolidation import duplicate_suggestions as find_duplicates
from aiadopt.domain.consolidation import DuplicateSuggestion
from aiadopt.domain.fields import (
    CUSTOMER_IMPACT_LEVELS,
    DATA_CLASSES,
    FREQUENCY_PERIODS,
    SECTIONS,
    FieldSpec,
    fields_in_section,
)
from aiadopt.domain.pain_points import ValidationError, build_pain_point, changed_fields
from aiadopt.domain.ranking.criteria import CRITERIA, PRESETS
from aiadopt.domain.ranking.gates import GATE_NAMES, Gates
from aiadopt.domain.ranking.rank import RankingResult, rank_candidates
from aiadopt.services.capture import delete_pain_points, restore_pain_points, update_pain_point
from aiadopt.services.database import data_version, database_file, open_database
from aiadopt.services.participants import participant_for_token, register_participant, workshop_for_join_code
from aiadopt.services.workshops import get_workshop

ROLE_FACILITATOR = "facilitator"
ROLE_PARTICIPANT = "participant"
ROLE_GUEST = "guest"


# Which sections of the capture form start open; the rest sit in expanders.
OPEN_SECTIONS = (SECTIONS[0], SECTIONS[2])


def database() -> Database:
    """A connection for this script run (sqlite3 objects are bound to their thread)."""
    return open_database()


@st.cache_resource(max_entries=16, show_spinner=False)  # shared, not copied: callers only read
def _cached_candidates(db_path: str, workshop_id: int, version: int) -> WorkshopCandidates:
    return load_candidates(open_database(db_path), workshop_id)


def workshop_candidates(db: Database, workshop_id: int) -> WorkshopCandidates:
    """The workshop's candidate workflows, rebuilt only when something in the workshop changed."""
    return _cached_candidates(database_file(db), workshop_id, data_version(db, workshop_id))


@st.cache_resource(max_entries=32, show_spinner=False)  # shared, not copied: callers only read
def _cached_ranking(db_path: str, workshop_id: int, version: int, weights: tuple, gates: tuple) -> RankingResult:
    state = _cached_candidates(db_path, workshop_id, version)
    return rank_candidates(state.candidates, dict(weights), Gates(**dict(gates)))


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, not copied: callers only read
def _cached_suggestions(db_path: str, workshop_id: int, version: int) -> list[DuplicateSuggestion]:
    return find_duplicates(open_database(db_path), workshop_id, _cached_candidates(db_path, workshop_id, version))


def duplicate_suggestions(db: Database, workshop_id: int) -> list[DuplicateSuggestion]:
    """Likely duplicates among the workshop's pain points, recomputed only after a change."""
    return _cached_suggestions(database_file(db), workshop_id, data_version(db, workshop_id))


def chosen_weights() -> dict[str, float]:
    """The weights on the ranking page for this browser session (Balanced until changed)."""
    return dict(st.session_state.get("ranking_weights_current") or PRESETS["Balanced"])


def chosen_gates() -> dict[str, str]:
    """The gate choices on the ranking page for this browser session (defaults until changed)."""
    defaults = {name: getattr(Gates(), name) for name in GATE_NAMES}
    return defaults | dict(st.session_state.get("ranking_gates_current") or {})


def workshop_ranking(db: Database, workshop_id: int, weights: dict[str, float], gates: dict[str, str]) -> RankingResult:
    """The ranked shortlist for these weights and gates, recomputed only when an input changed."""
    return _cached_ranking(database_file(db), workshop_id, data_version(db, workshop_id),
                           tuple(sorted(weights.items())), tuple(sorted(gates.items())))


CRITERION_LABELS = {criterion.key: criterion.label for criterion in CRITERIA}


def escape_markdown(text: object) -> str:
    """Make user text inert inside a Markdown element: no links, images, HTML or formatting."""
    return safe_text.escape_markdown(text)


def big_code(code: str) -> str:
    """HTML for a join code large enough to read from the back of a room (codes are A-Z, 2-9 only)."""
    if not code.isalnum():
        raise ValueError("join codes are letters and digits")
    return (f'<div style="font-size:5.5rem;font-weight:700;letter-spacing:0.25em;line-height:1.1">'
            f"{code}</div>")


def role() -> str:
    """Who is using this browser session: participant (join link), facilitator or guest."""
    if st.query_params.get("join"):
        return ROLE_PARTICIPANT
    if st.session_state.get("facilitator_signed_in"):
        return ROLE_FACILITATOR
    # Moving between a participant's pages drops the address's query; the session remembers.
    if st.session_state.get("participant_join"):
        return ROLE_PARTICIPANT
    return ROLE_GUEST


def participant_context(db: Database) -> tuple[dict, dict]:
    """The workshop of this join link and the participant of this browser; stops with a message if invalid.

    A participant's identity lives in their link (`?me=...`), so a refresh keeps their entries.
    """
    code = st.query_params.get("join") or st.session_state.get("participant_join", "")
    token = st.query_params.get("me") or st.session_state.get("participant_token", "")
    try:
        # Someone who already has their link keeps seeing their entries after the workshop closes.
        workshop = workshop_for_join_code(db, code, allow_closed=True)
        participant = participant_for_token(db, workshop["id"], token)
        if participant is None:
            workshop_for_join_code(db, code)  # a newcomer needs the workshop open
            participant = register_participant(db, workshop["id"])
    except ServiceError as problem:
        st.title("Join a workshop")
        st.error(str(problem))
        if st.button("Enter a different code", key="participant_other_code"):
            st.query_params.clear()
            for key in ("participant_join", "participant_token"):
                st.session_state.pop(key, None)
            st.rerun()
        st.stop()
    st.session_state["participant_join"] = workshop["join_code"]
    st.session_state["participant_token"] = participant["token"]
    link = participant_link(workshop, participant)
    if {k: st.query_params.get(k) for k in link} != link:
        st.query_params.update(link)  # the address always carries the participant's identity
    return workshop, participant


def participant_link(workshop: dict, participant: dict) -> dict[str, str]:
    """The query of a participant's personal link (a refresh keeps their identity)."""
    return {"join": workshop["join_code"], "me": participant["token"]}


def require_facilitator() -> None:
    """Stop the page unless a facilitator signed in: pages check again, not only navigation."""
    if role() != ROLE_FACILITATOR:
        st.error("This page is for the workshop facilitator. Please sign in.")
        st.stop()


def facilitator_page(title: str, intro: str = "") -> tuple[Database, dict]:
    """The common start of a facilitator page: role check, database, chosen workshop, title, messages."""
    require_facilitator()
    db = database()
    workshop = selected_workshop(db)
    if workshop is None:
        st.stop()
    st.title(title)
    if intro:
        st.write(intro)
    show_flashes()
    return db, workshop


def selected_workshop(db: Database, quiet: bool = False) -> dict | None:
    """The workshop the facilitator is working on, or None (with a message unless `quiet`)."""
    workshop_id = st.session_state.get("workshop_id")
    if workshop_id is None:
        if not quiet:
            st.info("Start or choose a workshop on the Set up page first.")
        return None
    try:
        return get_workshop(db, workshop_id)
    except ServiceError as missing:
        st.session_state.pop("workshop_id", None)
        if not quiet:
            st.warning(str(missing))
        return None


def flash(message: str, kind: str = "success") -> None:
    """Show a message after the next rerun (for confirmations that survive st.rerun)."""
    st.session_state.setdefault("_flash", []).append((kind, message))


def show_flashes() -> None:
    """Render and clear queued confirmations."""
    for kind, message in st.session_state.pop("_flash", []):
        getattr(st, kind)(message)


def _widget(spec: FieldSpec, value, key: str):
    if spec.kind == "text":
        return st.text_input(spec.label, value=value or "", help=spec.help, key=key)
    if spec.kind == "longtext":
        return st.text_area(spec.label, value=value or "", help=spec.help, key=key, height=100)
    if spec.kind == "number":
        return st.number_input(
            f"{spec.label} (%)" if spec.unit == "%" else spec.label,
            value=None if value is None or value == "" else float(value),
            step=1.0,
            help=spec.help,
            key=key,
            placeholder="Leave empty if not known" if not spec.required else None,
        )
    if spec.kind == "integer":
        return st.number_input(f"{spec.label}", value=int(value if value not in (None, "") else spec.default or 1),
                               step=1, help=spec.help, key=key)
    if spec.kind == "scale":
        return st.slider(spec.label, min_value=int(spec.minimum), max_value=int(spec.maximum),
                         value=int(value if value not in (None, "") else spec.default), help=spec.help, key=key)
    if spec.kind == "flag":
        return st.checkbox(spec.label, value=bool(value), help=spec.help, key=key)
    if spec.kind == "choice":
        labels = {
            "frequency_period": {p: f"per {p}" for p in FREQUENCY_PERIODS},
            "customer_impact": CUSTOMER_IMPACT_LEVELS,
            "data_sensitivity": DATA_CLASSES,
        }[spec.name]
        options = list(spec.choices)
        current = value if value in options else spec.default
        return st.selectbox(spec.label, options, index=options.index(current),
                            format_func=lambda option: labels[option], help=spec.help, key=key)
    raise ValueError(spec.kind)


def pain_point_form(form_key: str, departments: list[dict], *, workshop_id: int,
                    initial: dict | None = None, submit_label: str = "Save pain point",
                    department_id: int | None = None, context: dict | None = None):
    """Render the capture form; on a valid submit return the built PainPoint, else None.

    Typed text is never thrown away: invalid input stays in the form with a message under
    each field. The caller clears the form after a successful save with `reset_form`.
    """
    generation = st.session_state.get(f"{form_key}_generation", 0)
    errors: dict = st.session_state.get(f"{form_key}_errors", {})
    values = initial or {}
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
            chosen_department = st.selectbox(
                "Department", ids, index=ids.index(start) if start in ids else (0 if start is None else None),
                format_func=lambda d: names[d], key=widget_key,
                help="The department where this work happens.", placeholder="Choose a department",
            ) if ids else None
            if "department_id" in errors:
                st.error(errors["department_id"])
        raw = {}
        for section in SECTIONS:
            container = st.container() if section in OPEN_SECTIONS else st.expander(section + " (optional)")
            with container:
                if section in OPEN_SECTIONS:
                    st.markdown(f"**{section}**")
                for spec in fields_in_section(section):
                    raw[spec.name] = _widget(spec, values.get(spec.name, spec.default),
                                             f"{form_key}_{generation}_{spec.name}")
                    if spec.name in errors:
                        st.error(errors[spec.name])
        submitted = st.form_submit_button(submit_label, type="primary")
    if not submitted:
        return None
    try:
        pain_point = build_pain_point(raw, workshop_id=workshop_id, department_id=chosen_department,
                                      **(context or {}))
    except ValidationError as invalid:
        st.session_state[f"{form_key}_errors"] = invalid.errors
        st.rerun()
    st.session_state.pop(f"{form_key}_errors", None)
    return pain_point


def reset_form(form_key: str) -> None:
    """Clear a capture form after a save (a new form generation starts empty)."""
    st.session_state[f"{form_key}_generation"] = st.session_state.get(f"{form_key}_generation", 0) + 1
    st.session_state.pop(f"{form_key}_errors", None)


PAIN_POINT_TABLE_COLUMNS = {
    "id": "No.",
    "department": "Department",
    "title": "Pain point",
    "reporter": "Reported by",
    "hours_per_year": "Hours a year",
    "frequency": "How often",
    "minutes_per_occurrence": "Minutes each",
    "people_count": "People",
    "error_rate_pct": "Rework %",
    "data_sensitivity": "Data class",
    "owner_name": "Owner",
    "flag": "Flag",
}


def pain_point_frame(rows: list[dict], columns: dict[str, str] = PAIN_POINT_TABLE_COLUMNS) -> pd.DataFrame:
    """Pain points as a display table (plain text cells: nothing a participant typed is rendered)."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=list(columns.values()))
    frame["frequency"] = frame["frequency_count"].map(lambda c: f"{c:g}") + " per " + frame["frequency_period"]
    frame["flag"] = frame["proposes_solution"].map(lambda f: "Describes a solution" if f else "")
    frame["hours_per_year"] = frame["hours_per_year"].round(0)
    keep = [c for c in columns if c in frame.columns]
    return frame[keep].rename(columns=columns)




def undo_delete_button(db: Database, key: str, actor: str, participant_id: int | None = None) -> None:
    """Offer to undo the last delete made on this page."""
    last_deleted = st.session_state.get(f"{key}_last_deleted")
    if not last_deleted:
        return
    count = len(last_deleted)
    if st.button(f"Undo delete ({count} pain point{'s' if count != 1 else ''})", key=f"{key}_undo",
                 icon=":material/undo:"):
        try:
            restored = restore_pain_points(db, last_deleted, actor=actor, participant_id=participant_id)
        except ServiceError as problem:
            show_problem(problem)
            return
        st.session_state.pop(f"{key}_last_deleted", None)
        flash(f"Restored {len(restored)} pain point{'s' if len(restored) != 1 else ''}.")
        st.rerun()


def show_problem(problem: Exception) -> None:
    """An error message for the person at the screen; any words they typed stay inert."""
    errors = getattr(problem, "errors", None)
    text = " ".join(errors.values()) if errors else str(problem)
    st.error(escape_markdown(text))


def workshop_label(workshop: dict) -> str:
    """A workshop's name in a picker, told apart from namesakes by its date and code."""
    parts = [workshop["name"], workshop.get("session_date") or "", workshop["join_code"]]
    return " · ".join(part for part in parts if part)


def manage_entries(db: Database, rows: list[dict], *, key: str, departments: list[dict], workshop_id: int,
                   actor: str, participant_id: int | None = None) -> None:
    """Pick one listed pain point to edit or delete (with undo)."""
    undo_delete_button(db, key, actor, participant_id)
    if not rows:
        return
    titles = {row["id"]: f"No. {row['id']}: {row['title']}" for row in rows}
    chosen = st.selectbox("Choose an entry to edit or delete", [None, *titles],
                          format_func=lambda i: "—" if i is None else titles[i], key=f"{key}_chosen")
    if chosen is None:
        return
    current = next(row for row in rows if row["id"] == chosen)
    # The entry as it was when this person opened it: only what they change is written, so an
    # edit someone else made to another field meanwhile is kept.
    opened = st.session_state.setdefault(f"{key}_opened_{chosen}", dict(current))
    edited = pain_point_form(f"{key}_edit_{chosen}", departments, workshop_id=workshop_id, initial=opened,
                             submit_label="Save changes")
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


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHORTLIST_COLUMN_CONFIG = {
    "Score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%.0f"),
    "Hours a year": st.column_config.NumberColumn("Hours a year", format="%d"),
    "Ranked 1st": st.column_config.NumberColumn(
        "Ranked 1st", format="%d%%", help="Share of 1,000 random weightings near yours in which it ranks first."),
    "In top 3": st.column_config.NumberColumn(
        "In top 3", format="%d%%", help="Share of those weightings in which it stays in the top 3."),
    "Rank range": st.column_config.TextColumn(
        "Rank range", help="The ranks it takes in 90% of those weightings: a narrow range is a stable rank."),
    "Candidate workflow": st.column_config.TextColumn("Candidate workflow", width="large"),
}


def shortlist_frame(ranked: pd.DataFrame) -> pd.DataFrame:
    """The ranked shortlist as the facilitator reads it (plain-text cells)."""
    if ranked.empty:
        return pd.DataFrame(columns=["Rank", "Candidate workflow", "Score", "Hours a year", "Departments", "Flags",
                                     "Ranked 1st", "In top 3", "Rank range", "Data class", "Owner", "Votes"])
    low, high = ranked["rank_min"].astype(int), ranked["rank_max"].astype(int)
    return pd.DataFrame({
        "Rank": ranked["rank"].astype(int),
        "Candidate workflow": ranked["title"],
        "Score": ranked["score"].round(1),
        "Hours a year": ranked["hours_per_year"].round(0).astype(int),
        "Departments": ranked["departments"].map(", ".join),
        "Flags": ranked["flags"].map(lambda flags: " ".join(flags) if flags else ""),
        "Ranked 1st": (ranked["p_first"] * 100).round(0).astype(int),
        "In top 3": (ranked["p_top3"] * 100).round(0).astype(int),
        "Rank range": [f"{a}" if a == b else f"{a}–{b}" for a, b in zip(low, high)],
        "Data class": ranked["data_class"].str.capitalize(),
        "Owner": ranked["owner"].fillna(""),
        "Votes": ranked["votes"].astype(int),
    })
