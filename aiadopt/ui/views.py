"""Derived views the pages share, cached per process and keyed on the workshop's data version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from aiadopt.domain.duplicates import DuplicateSuggestion
from aiadopt.domain.ranking.criteria import PRESETS
from aiadopt.domain.ranking.gates import GATE_NAMES, Gates
from aiadopt.domain.ranking.rank import RankingResult, rank_candidates
from aiadopt.domain.voting import (
    ballot_description,
    ballot_keys,
    ballot_order,
    candidate_votes,
    on_ballot,
    participant_seed,
)
from aiadopt.formats import safe_text
from aiadopt.i18n import t, tn
from aiadopt.services import permissions, similarity
from aiadopt.services.consolidation import WorkshopCandidates, load_candidates
from aiadopt.services.consolidation import duplicate_suggestions as find_duplicates
from aiadopt.services.database import Database, content_version, data_version, database_file, open_database
from aiadopt.services.room import room_state


@st.cache_resource(max_entries=16, show_spinner=False)  # shared, not copied: callers only read
def _cached_candidates(db_path: str, workshop_id: int, version: int, names: bool) -> WorkshopCandidates:
    # `names` has no default: the cache keys on the arguments as given, so every caller gives all four
    # (one leaving it out made a second entry for the same candidates, built again on every decision).
    return load_candidates(open_database(db_path), workshop_id, names=names)


def workshop_candidates(db: Database, workshop_id: int) -> WorkshopCandidates:
    """The workshop's candidate workflows, rebuilt only when something in the workshop changed; without
    participants' names for a reader who may not see them (an observer: the cache is kept apart)."""
    names = permissions.shows_names(db, workshop_id)
    return _cached_candidates(database_file(db), workshop_id, data_version(db, workshop_id), names)


@dataclass(frozen=True)
class BallotLine:
    """One problem on the vote page, ready to draw: its words already made inert."""

    candidate_id: int
    label: str  # the title, for the number box
    heading: str  # the title in bold and a line of its description under it, in small grey
    departments: tuple[str, ...]  # the departments that raised it, as they are named
    folded_title: str

    @property
    def raised_by(self) -> str:
        """'Raised by Finance, Sales' in this session's language, inert (the ballot is shared by every language)."""
        return safe_text.escape_markdown(t("Raised by {departments}", departments=", ".join(self.departments)))


@dataclass(frozen=True)
class Ballot:
    """What participants vote on: the candidates that can be ranked, ready to draw, and how pain points group.

    `lines` are in one fixed order (by title); each participant sees them in their own order (`shown_to`).
    """

    lines: tuple[BallotLine, ...]
    groups: Mapping[int, list[int]]
    keys: np.ndarray = field(compare=False, repr=False)  # one per line: what each person's order is made from

    def shown_to(self, token: str, query: str = "") -> tuple[BallotLine, ...]:
        """The lines in this participant's own order (the same at every run), those whose title holds
        every word of `query` (all of them for an empty query)."""
        words = query.casefold().split()
        lines = self.lines
        order = ballot_order(self.keys, participant_seed(token)).tolist()
        if not words:
            return tuple(lines[i] for i in order)
        return tuple(line for i in order if all(word in (line := lines[i]).folded_title for word in words))

    def votes_on_lines(self, pain_point_votes: Mapping[int, int]) -> dict[int, int]:
        """A participant's dots per candidate on this ballot (dots on problems no longer shown are left out)."""
        shown = {line.candidate_id for line in self.lines}
        return {cid: dots for cid, dots in candidate_votes(self.groups, pain_point_votes).items() if cid in shown}


def _ballot_line(candidate_id: int, title: str, departments: list[str], members: list[dict]) -> BallotLine:
    label = safe_text.escape_markdown(title, one_line=True)
    description = ballot_description(members)
    heading = f"**{label}**"
    if description:  # the line break is Markdown's own (two spaces): the escaped text holds none
        heading += f"  \n:small[:gray[{safe_text.escape_markdown(description, one_line=True)}]]"
    return BallotLine(
        candidate_id=int(candidate_id),
        label=label,
        heading=heading,
        departments=tuple(str(d) for d in departments),
        folded_title=str(title).casefold(),
    )


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, not copied: callers only read
def _cached_ballot(db_path: str, workshop_id: int, version: int, gates: tuple) -> Ballot:
    state = load_candidates(open_database(db_path), workshop_id, with_votes=False)
    by_id = {int(row["id"]): row for row in state.pain_points}
    votable = on_ballot(state.candidates, Gates(**dict(gates)))
    # A workshop with nothing to vote on yet has a candidates table without columns.
    wanted = ["candidate_id", "title", "departments", "member_ids"]
    rows = [] if votable.empty else list(votable[wanted].itertuples(index=False, name=None))
    lines = sorted(
        (
            _ballot_line(candidate_id, title, departments, [by_id[i] for i in member_ids])
            for candidate_id, title, departments, member_ids in rows
        ),
        key=lambda line: (line.folded_title, line.candidate_id),
    )
    return Ballot(tuple(lines), state.groups, ballot_keys([line.candidate_id for line in lines]))


def ballot(db: Database, workshop_id: int) -> Ballot:
    """The vote page's problems, rebuilt when the candidates change, not at every vote.

    A room saving its votes changes the data version many times a second; the ballot stays the same,
    and a whole room opens the vote page at once, so everything a line needs is prepared here once.
    What can be ranked follows the gates of the ranking chosen for the room (the defaults until one is).
    """
    ranking = room_state(db, workshop_id).ranking
    gates = tuple(sorted(ranking.gates.items())) if ranking else ()
    return _cached_ballot(database_file(db), workshop_id, content_version(db, workshop_id), gates)


@st.cache_resource(max_entries=32, show_spinner=False)  # shared, not copied: callers only read
def _cached_ranking(
    db_path: str, workshop_id: int, version: int, weights: tuple, gates: tuple, names: bool = True
) -> RankingResult:
    state = _cached_candidates(db_path, workshop_id, version, names)
    return rank_candidates(state.candidates, dict(weights), Gates(**dict(gates)))


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, not copied: callers only read
def _cached_suggestions(db_path: str, workshop_id: int, version: int) -> list[DuplicateSuggestion]:
    return find_duplicates(open_database(db_path), workshop_id, _cached_candidates(db_path, workshop_id, version, True))


def keep_meaning_up(db: Database, workshop_id: int) -> None:
    """From the facilitator's screens that refresh themselves: read what new pain points mean, in the
    background, so Consolidate opens with every vector made (participants' pages never do this)."""
    if similarity.has_pending(db, workshop_id):
        similarity.catch_up(database_file(db), workshop_id)


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
        permissions.shows_names(db, workshop_id),
    )


def votes_summary(allowed: int, spent: int, stored_total: int) -> None:
    """What a participant has to place and has placed, above the ballot (and votes left on removed problems)."""
    if spent > allowed:
        st.warning(
            tn(
                "Each person now has {n} vote and you had placed {spent}. Take some back, then save again.",
                "Each person now has {n} votes and you had placed {spent}. Take some back, then save again.",
                allowed,
                spent=spent,
            )
        )
    st.write(
        tn(
            "You have **{n} vote**. Put it on the problem that costs your organisation the most. "
            "Press *Save my votes* when you are done; you can change it until voting closes.",
            "You have **{n} votes**. Put them on the problems that cost your organisation the most; "
            "you may put several on one. Press *Save my votes* when you are done; you can change them until "
            "voting closes.",
            allowed,
        )
    )
    st.progress(
        min(spent / allowed, 1.0),
        text=tn("{spent} of {n} vote saved", "{spent} of {n} votes saved", allowed, spent=spent),
    )
    if stored_total > spent:
        st.caption(
            tn(
                "{n} of your votes was on a problem that is no longer on the list: it is yours to place again.",
                "{n} of your votes were on problems that are no longer on the list: they are yours to place again.",
                stored_total - spent,
            )
        )
