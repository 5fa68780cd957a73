"""Derived views the pages share, cached per process and keyed on the workshop's data version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from aiadopt.domain.duplicates import DuplicateSuggestion
from aiadopt.domain.ranking.criteria import CRITERIA, PRESETS
from aiadopt.domain.ranking.gates import GATE_NAMES, Gates
from aiadopt.domain.ranking.rank import RankingResult, rank_candidates
from aiadopt.domain.voting import candidate_votes, open_for_voting
from aiadopt.formats import safe_text
from aiadopt.services.consolidation import WorkshopCandidates, load_candidates
from aiadopt.services.consolidation import duplicate_suggestions as find_duplicates
from aiadopt.services.database import Database, content_version, data_version, database_file, open_database


@st.cache_resource(max_entries=16, show_spinner=False)  # shared, not copied: callers only read
def _cached_candidates(db_path: str, workshop_id: int, version: int) -> WorkshopCandidates:
    return load_candidates(open_database(db_path), workshop_id)


def workshop_candidates(db: Database, workshop_id: int) -> WorkshopCandidates:
    """The workshop's candidate workflows, rebuilt only when something in the workshop changed."""
    return _cached_candidates(database_file(db), workshop_id, data_version(db, workshop_id))


@dataclass(frozen=True)
class BallotLine:
    """One problem on the vote page, ready to draw: its words already made inert."""

    candidate_id: int
    label: str
    raised_by: str
    folded_title: str


@dataclass(frozen=True)
class Ballot:
    """What participants vote on: the candidates open for voting, by title, and how pain points group."""

    lines: tuple[BallotLine, ...]
    groups: Mapping[int, list[int]]

    def matching(self, query: str) -> tuple[BallotLine, ...]:
        """The lines whose title holds every word of `query` (all of them for an empty query)."""
        words = query.casefold().split()
        return tuple(line for line in self.lines if all(word in line.folded_title for word in words))

    def votes_on_lines(self, pain_point_votes: Mapping[int, int]) -> dict[int, int]:
        """A participant's dots per candidate on this ballot (dots on problems no longer shown are left out)."""
        shown = {line.candidate_id for line in self.lines}
        return {cid: dots for cid, dots in candidate_votes(self.groups, pain_point_votes).items() if cid in shown}


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, not copied: callers only read
def _cached_ballot(db_path: str, workshop_id: int, version: int) -> Ballot:
    state = load_candidates(open_database(db_path), workshop_id, with_votes=False)
    candidates = open_for_voting(state.candidates)
    lines = [
        BallotLine(
            candidate_id=int(row.candidate_id),
            label=safe_text.escape_markdown(row.title),
            raised_by=safe_text.escape_markdown("Raised by " + ", ".join(row.departments)),
            folded_title=str(row.title).casefold(),
        )
        for row in candidates.itertuples()
    ]
    return Ballot(tuple(sorted(lines, key=lambda line: line.folded_title)), state.groups)


def ballot(db: Database, workshop_id: int) -> Ballot:
    """The vote page's problems, rebuilt when the candidates change, not at every vote.

    A room saving its votes changes the data version many times a second; the ballot stays the same,
    and a whole room opens the vote page at once, so everything a line needs is prepared here once.
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
