"""Derived views the pages share, cached per process and keyed on the workshop's data version."""

from __future__ import annotations

import streamlit as st

from aiadopt.domain.duplicates import DuplicateSuggestion
from aiadopt.domain.ranking.criteria import CRITERIA, PRESETS
from aiadopt.domain.ranking.gates import GATE_NAMES, Gates
from aiadopt.domain.ranking.rank import RankingResult, rank_candidates
from aiadopt.services.consolidation import WorkshopCandidates, load_candidates
from aiadopt.services.consolidation import duplicate_suggestions as find_duplicates
from aiadopt.services.database import Database, content_version, data_version, database_file, open_database


@st.cache_resource(max_entries=16, show_spinner=False)  # shared, not copied: callers only read
def _cached_candidates(db_path: str, workshop_id: int, version: int) -> WorkshopCandidates:
    return load_candidates(open_database(db_path), workshop_id)


def workshop_candidates(db: Database, workshop_id: int) -> WorkshopCandidates:
    """The workshop's candidate workflows, rebuilt only when something in the workshop changed."""
    return _cached_candidates(database_file(db), workshop_id, data_version(db, workshop_id))


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, not copied: callers only read
def _cached_ballot(db_path: str, workshop_id: int, version: int) -> WorkshopCandidates:
    return load_candidates(open_database(db_path), workshop_id, with_votes=False)


def ballot_candidates(db: Database, workshop_id: int) -> WorkshopCandidates:
    """The candidate workflows people vote on, without vote counts: rebuilt when they change, not at every vote.

    A room saving its votes changes the data version many times a second; the ballot stays the same.
    """
    return _cached_ballot(database_file(db), workshop_id, content_version(db, workshop_id))


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
    return _cached_ranking(
        database_file(db),
        workshop_id,
        data_version(db, workshop_id),
        tuple(sorted(weights.items())),
        tuple(sorted(gates.items())),
    )


CRITERION_LABELS = {criterion.key: criterion.label for criterion in CRITERIA}
