"""Consolidating: a workshop's candidate workflows, and merging, splitting and renaming them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from aiadopt import storage
from aiadopt.domain import candidate_ids
from aiadopt.domain.candidates import aggregate_candidates, default_title
from aiadopt.domain.duplicates import DuplicateSuggestion, suggest_duplicates
from aiadopt.domain.pain_points import ValidationError, clean_text, with_derived_numbers
from aiadopt.domain.voting import candidate_of_pain_points, candidate_votes
from aiadopt.domain.workshops import CANDIDATE_TITLE_LENGTH, required_text
from aiadopt.services.capture import check_live_pain_points, get_pain_point, list_pain_points
from aiadopt.services.errors import NotFound
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database


@dataclass
class WorkshopCandidates:
    """Everything the consolidation, ranking and export pages need about a workshop's candidates."""

    pain_points: list[dict]
    groups: dict[int, list[int]]
    titles: dict[int, str]
    candidates: pd.DataFrame

    def pain_point_ids(self, chosen: list[int]) -> list[int]:
        """The pain points behind some candidates (a merged one brings all its members)."""
        ids: list[int] = []
        for candidate_id in chosen:
            if candidate_ids.is_merged(candidate_id):
                ids.extend(self.groups.get(candidate_id, []))
            else:
                ids.append(candidate_ids.pain_point_of(candidate_id))
        return sorted(set(ids))

    def members(self, candidate_id: int) -> list[dict]:
        """The pain point rows of one candidate."""
        wanted = set(self.pain_point_ids([candidate_id]))
        return [row for row in self.pain_points if row["id"] in wanted]

    def label(self, candidate_id: int) -> str:
        """A one-line name for a candidate in a picker."""
        row = self.candidates.loc[self.candidates["candidate_id"] == candidate_id].iloc[0]
        departments = ", ".join(row["departments"])
        if candidate_ids.is_merged(candidate_id):
            return f"Merged: {row['title']} ({row['member_count']} pain points; {departments})"
        return f"No. {candidate_ids.pain_point_of(candidate_id)}: {row['title']} ({departments})"


def load_candidates(db: Database, workshop_id: int, with_votes: bool = True) -> WorkshopCandidates:
    """Pain points, merges, titles and (unless left out) votes of a workshop, aggregated into candidate workflows."""
    pain_points = list_pain_points(db, workshop_id)
    groups, titles = storage.candidates.groups(db, workshop_id)
    votes = candidate_votes(groups, storage.votes.by_pain_point(db, workshop_id)) if with_votes else {}
    return WorkshopCandidates(pain_points, groups, titles, aggregate_candidates(pain_points, groups, titles, votes))


def duplicate_suggestions(db: Database, workshop_id: int, state: WorkshopCandidates) -> list[DuplicateSuggestion]:
    """Likely duplicates among the workshop's pain points, leaving out pairs already merged or rejected."""
    owner = candidate_of_pain_points(state.groups)
    rejected = storage.candidates.rejected_pairs(db, workshop_id)
    return suggest_duplicates(state.pain_points, groups=owner, rejected=rejected)


def merge_pain_points(
    db: Database, workshop_id: int, pain_point_ids: Iterable[int], title: str = "", actor: str = FACILITATOR
) -> int:
    """Merge pain points (and the candidates they belong to) into one candidate workflow; returns its id."""
    get_workshop(db, workshop_id)
    wanted = sorted({int(i) for i in pain_point_ids})
    with storage.writing(db):
        rows = check_live_pain_points(db, workshop_id, wanted)
        existing = sorted({c for c in (storage.candidates.candidate_of(db, r["id"]) for r in rows) if c is not None})
        members = set(wanted)
        for candidate_id in existing:
            members.update(storage.candidates.members(db, candidate_id))
        if len(members) < 2:
            raise ValidationError({"pain points": "Choose at least two different pain points to merge."})
        # Without a title: the name already given to a merged part, else the member losing most hours.
        clean_title = clean_text(title) or (
            _live_candidate(db, existing[0])["title"]
            if existing
            else default_title([with_derived_numbers(get_pain_point(db, member)) for member in members])
        )
        if len(clean_title) > CANDIDATE_TITLE_LENGTH:
            raise ValidationError({"title": "The candidate's title is too long: keep it under 120 characters."})
        for candidate_id in existing:
            storage.candidates.remove_members(db, candidate_id)
            storage.candidates.retire(db, candidate_id)
        candidate_id = storage.candidates.insert(db, workshop_id, clean_title, members)
        # Charter edits made for a merged part follow it into the new candidate (the latest wins).
        earlier = [candidate_ids.charter_key(c) for c in existing]
        earlier += [candidate_ids.charter_key(candidate_ids.single(m)) for m in wanted]
        edited = storage.charters.latest_edited(db, workshop_id, earlier)
        if edited:
            storage.charters.save(db, workshop_id, candidate_ids.charter_key(candidate_id), edited)
        storage.change_log.record(
            db,
            actor=actor,
            workshop_id=workshop_id,
            action="merge",
            entity="candidate",
            entity_id=candidate_id,
            changes={"pain_points": sorted(members), "absorbed_candidates": existing, "title": clean_title},
        )
    return candidate_id


def candidate_members(db: Database, candidate_id: int) -> list[int]:
    """The pain point ids of a live merged candidate (deleted pain points left out)."""
    return storage.candidates.members(db, candidate_id)


def _live_candidate(db: Database, candidate_id: int) -> dict:
    candidate = storage.candidates.get(db, candidate_id)
    if candidate is None:
        raise NotFound("That candidate workflow no longer exists.")
    return candidate


def split_candidate(
    db: Database, candidate_id: int, pain_point_ids: Iterable[int] | None = None, actor: str = FACILITATOR
) -> list[int]:
    """Take pain points out of a candidate (all of them when none given); returns those taken out.

    A candidate left with fewer than two pain points dissolves: its last one stands alone again.
    """
    candidate = _live_candidate(db, candidate_id)
    with storage.writing(db):
        members = storage.candidates.members(db, candidate_id)
        chosen = None if pain_point_ids is None else {int(p) for p in pain_point_ids}
        leaving = members if chosen is None else [i for i in members if i in chosen]
        if not leaving:
            raise ValidationError({"pain points": "Choose pain points that belong to this candidate."})
        remaining = [i for i in members if i not in leaving]
        if len(remaining) < 2:
            leaving, remaining = members, []
        storage.candidates.remove_members(db, candidate_id, leaving)
        if not remaining:
            storage.candidates.retire(db, candidate_id)
        storage.change_log.record(
            db,
            actor=actor,
            workshop_id=candidate["workshop_id"],
            action="split",
            entity="candidate",
            entity_id=candidate_id,
            changes={"taken_out": leaving, "remaining": remaining},
        )
    return leaving


def rename_candidate(db: Database, candidate_id: int, title: str, actor: str = FACILITATOR) -> None:
    """Give a merged candidate workflow a clearer title."""
    candidate = _live_candidate(db, candidate_id)
    clean_title = required_text(title, "title", CANDIDATE_TITLE_LENGTH)
    with storage.writing(db):
        storage.candidates.rename(db, candidate_id, clean_title)
        storage.change_log.record(
            db,
            actor=actor,
            workshop_id=candidate["workshop_id"],
            action="update",
            entity="candidate",
            entity_id=candidate_id,
            changes={"title": [candidate["title"], clean_title]},
        )


def candidate_groups(db: Database, workshop_id: int) -> tuple[dict[int, list[int]], dict[int, str]]:
    """Live merged candidates: members (live pain points only) and titles, by candidate id."""
    return storage.candidates.groups(db, workshop_id)


def reject_duplicate(db: Database, workshop_id: int, first_id: int, second_id: int, actor: str = FACILITATOR) -> None:
    """Remember that two pain points are not duplicates, so they are not suggested again."""
    low, high = sorted((int(first_id), int(second_id)))
    with storage.writing(db):
        storage.candidates.reject_pair(db, workshop_id, low, high)
        storage.change_log.record(
            db,
            actor=actor,
            workshop_id=workshop_id,
            action="reject",
            entity="duplicate_suggestion",
            entity_id=None,
            changes={"pain_points": [low, high]},
        )


def rejected_duplicates(db: Database, workshop_id: int) -> set[frozenset[int]]:
    """Pairs of pain points the facilitator said are not duplicates."""
    return storage.candidates.rejected_pairs(db, workshop_id)
