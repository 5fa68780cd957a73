"""The Rank page's controls: a preset or saved set, a weight per criterion, and a mode per gate."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from aiadopt.domain.language import N_, SOURCE_LANGUAGE
from aiadopt.domain.ranking.criteria import CRITERIA, PRESETS
from aiadopt.domain.ranking.explanations import explain
from aiadopt.domain.ranking.gates import GATE_LABELS, GATE_MODES, GATE_NAMES
from aiadopt.domain.ranking.rank import RankingResult
from aiadopt.domain.room import room_ranking_of
from aiadopt.i18n import current_language, t
from aiadopt.services.database import Database
from aiadopt.services.room import rank_the_room_with, room_state
from aiadopt.services.weight_sets import delete_weight_set, list_weight_sets, save_weight_set
from aiadopt.ui.session import act, may_change
from aiadopt.ui.views import chosen_gates, chosen_weights

MODE_LABELS = {"exclude": N_("Keep out of the ranking"), "flag": N_("Rank, but flag it")}
WEIGHT_KEYS = {criterion.key: f"ranking_weight_{criterion.key}" for criterion in CRITERIA}
GATE_KEYS = {name: f"ranking_gate_{name}" for name in GATE_NAMES}
PRESETS_HELP = N_(
    "Balanced: value and ease count half each. Quick win: favours work that is easy to start. "
    "Biggest impact: favours time, errors and customers. Lowest risk: favours ready information, "
    "an owner and a KPI."
)


def _apply(weights: dict, gates: dict | None = None) -> None:
    """Put a preset or saved set into the controls (runs before the widgets are drawn)."""
    for key, widget in WEIGHT_KEYS.items():
        try:
            value = float(weights.get(key, 0.0))
        except (TypeError, ValueError):
            value = 0.0
        st.session_state[widget] = min(max(value, 0.0), 5.0) if value == value else 0.0
    for name, mode in (gates or {}).items():
        if name in GATE_KEYS and mode in GATE_MODES:
            st.session_state[GATE_KEYS[name]] = mode


def ranking_controls(db: Database, workshop: dict) -> tuple[dict[str, float], dict[str, str]]:
    """Draw the weights and gates; returns those chosen (and keeps them for the session's other pages)."""
    # Widget values live in session state; they are restored from the last choice when the page opens.
    for key, value in chosen_weights().items():
        st.session_state.setdefault(WEIGHT_KEYS[key], float(value))
    for name, mode in chosen_gates().items():
        st.session_state.setdefault(GATE_KEYS[name], mode)
    saved = {s["name"]: s for s in list_weight_sets(db, workshop["id"])}

    def apply_saved() -> None:
        chosen = saved.get(st.session_state.get("ranking_saved_choice"))
        if chosen:
            _apply(chosen["weights"], chosen["gates"])

    st.selectbox(
        t("Start from a preset"),
        list(PRESETS),
        key="ranking_preset",
        on_change=lambda: _apply(PRESETS[st.session_state["ranking_preset"]]),
        format_func=t,
        help=t(PRESETS_HELP),
    )
    if saved:
        st.selectbox(
            t("Or a saved set"),
            [None, *saved],
            key="ranking_saved_choice",
            on_change=apply_saved,
            format_func=lambda name: "—" if name is None else name,
        )
    with st.expander(t("Weights"), expanded=True, icon=":material/tune:"):
        st.caption(t("How much each criterion counts, from 0 (ignored) to 5. Only the proportions matter."))
        for group, heading in (("value", N_("What fixing it is worth")), ("ease", N_("How ready it is to start"))):
            st.markdown(f"**{t(heading)}**")
            for criterion in (c for c in CRITERIA if c.group == group):
                st.slider(
                    t(criterion.label),
                    0.0,
                    5.0,
                    step=0.5,
                    key=WEIGHT_KEYS[criterion.key],
                    help=t(
                        "{description} Scored as: {transform}.",
                        description=t(criterion.description),
                        transform=t(criterion.transform),
                    ),
                )
    with st.expander(t("Gates for a first pilot"), icon=":material/rule:"):
        for name, label in GATE_LABELS.items():
            st.radio(
                t(label),
                list(GATE_MODES),
                key=GATE_KEYS[name],
                format_func=lambda mode: t(MODE_LABELS[mode]),
                horizontal=True,
            )
    weights = {key: float(st.session_state[widget]) for key, widget in WEIGHT_KEYS.items()}
    gates = {name: st.session_state[widget] for name, widget in GATE_KEYS.items()}
    st.session_state["ranking_weights_current"] = weights
    st.session_state["ranking_gates_current"] = gates
    if not may_change(db, workshop["id"]):  # an observer tries weights; saving them is the facilitators'
        return weights, gates
    _for_the_room(db, workshop, weights, gates, saved)
    with st.expander(t("Save these weights"), icon=":material/bookmark:"):
        set_name = st.text_input(t("Name"), key="ranking_set_name", placeholder=t("e.g. Board view"))
        if st.button(t("Save"), key="ranking_save_set"):
            act(
                lambda: save_weight_set(db, workshop["id"], set_name, weights, gates),
                t("Weights saved for this workshop."),
            )
        if saved:
            doomed = st.selectbox(t("Remove a saved set"), list(saved), key="ranking_remove_choice")
            if st.button(t("Remove"), key="ranking_remove_set"):
                act(lambda: delete_weight_set(db, saved[doomed]["id"]), t("Saved set removed."), "info")
    return weights, gates


def weights_name(weights: dict[str, float], saved: dict[str, dict]) -> str:
    """What these weights are called: a preset's or a saved set's name, else 'your own'."""
    for name, preset in PRESETS.items():
        if all(abs(float(preset.get(key, 0.0)) - value) < 1e-9 for key, value in weights.items()):
            return name
    for name, chosen in saved.items():
        if all(abs(float(chosen["weights"].get(key, 0.0)) - value) < 1e-9 for key, value in weights.items()):
            return name
    return N_("your own")


def _for_the_room(db: Database, workshop: dict, weights: dict, gates: dict, saved: dict[str, dict]) -> None:
    """The ranking the projector's results follow: said, and set from these weights in one click."""
    current = room_state(db, workshop["id"]).ranking or room_ranking_of("")
    name = weights_name(weights, saved)
    if dict(current.weights) == weights and dict(current.gates) in ({}, gates):
        st.caption(t("The projector's results follow these weights ({name}).", name=t(current.name)))
        return
    st.caption(t("The projector's results follow the {name} weights.", name=t(current.name)))
    if st.button(t("Show this ranking on the projector"), key="ranking_for_the_room", icon=":material/cast:"):
        act(
            lambda: rank_the_room_with(db, workshop["id"], name, weights, gates),
            t("The projector's results now follow the {name} weights.", name=t(name)),
        )


def said_explanation(row: Mapping, result: RankingResult) -> str:
    """Why a candidate ranks where it does, in this session's language: the ranking (shared by every
    screen) says it in English, and another language says it again from the same numbers."""
    if current_language() == SOURCE_LANGUAGE or not result.reference:
        return str(row["explanation"])
    return explain(row, int(row["rank"]), result.weights, result.reference)
