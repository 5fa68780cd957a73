"""Consolidating: a workshop's candidate workflows, and merging, splitting and renaming them."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from aiadopt import storage
from aiadopt.domain import candidate_ids
from aiadopt.domain.candidates import aggregate_candidates, default_title
from aiadopt.domain.duplicates import DuplicateSuggestion, Likeness, likelihood_matrix, suggest_duplicates
from aiadopt.domain.fields import NAME_FIELDS
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError, clean_text, with_derived_numbers
from aiadopt.domain.voting import candidate_of_pain_points, candidate_votes, open_for_voting
from aiadopt.domain.workshops import CANDIDATE_TITLE_LENGTH, required_text
from aiadopt.services import history, similarity
from aiadopt.services.capture import check_live_pain_points, get_pain_point, list_pain_points
from aiadopt.services.errors import NotFound
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database, database_file


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
        return self.labels[candidate_id]

    @cached_property
    def votable(self) -> pd.DataFrame:
        """The candidates participants may vote on (titles that describe a problem, not a solution)."""
        return open_for_voting(self.candidates)

    @cached_property
    def labels(self) -> dict[int, str]:
        """Every candidate's one-line name, made once (a picker asks for each of hundreds, every run)."""
        found: dict[int, str] = {}
        columns = self.candidates[["candidate_id", "title", "member_count", "departments"]]
        for candidate_id, title, member_count, departments in columns.itertuples(index=False, name=None):
            where = ", ".join(departments)
            if candidate_ids.is_merged(candidate_id):
                found[candidate_id] = Message(
                    "Merged: {title} ({n} pain points; {where})", title=title, n=int(member_count), where=where
                )
            else:
                number = str(candidate_ids.pain_point_of(candidate_id))
                found[candidate_id] = Message(
                    "No. {number}: {title} ({where})", number=number, title=title, where=where
                )
        return found


# What an observer reads where a volunteer owner's name would be: someone volunteered (the ranking counts it),
# and who is for the workshop's facilitators to say.
HIDDEN_OWNER = N_("a volunteer (name not shown)")


def load_candidates(db: Database, workshop_id: int, with_votes: bool = True, names: bool = True) -> WorkshopCandidates:
    """Pain points, merges, titles and (unless left out) votes of a workshop, aggregated into candidate workflows;
    with `names=False`, without participants' names (who reported it, the volunteer owner), as an observer reads."""
    pain_points = list_pain_points(db, workshop_id)
    groups, titles = storage.candidates.groups(db, workshop_id)
    votes = candidate_votes(groups, storage.votes.by_pain_point(db, workshop_id)) if with_votes else {}
    candidates = aggregate_candidates(pain_points, groups, titles, votes)
    if not names:  # scored with the names (who reported, whether someone volunteered), then they are hidden
        pain_points = [row | {field: "" for field in NAME_FIELDS if row.get(field)} for row in pain_points]
        candidates = candidates.assign(owner=[HIDDEN_OWNER if owner else "" for owner in candidates["owner"]])
    return WorkshopCandidates(pain_points, groups, titles, candidates)


def duplicate_suggestions(db: Database, workshop_id: int, state: WorkshopCandidates) -> list[DuplicateSuggestion]:
    """Likely duplicates among the workshop's pain points, the most hours they would join first, leaving
    out pairs already merged or rejected. Compares meaning and words (words alone without the encoder)."""
    owner = candidate_of_pain_points(state.groups)
    rejected = storage.candidates.rejected_pairs(db, workshop_id)
    vectors, likeness = _compared(db, state.pain_points)
    return suggest_duplicates(state.pain_points, vectors, groups=owner, rejected=rejected, likeness=likeness)


_KEPT: OrderedDict[str, tuple[dict, Likeness | None]] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEEP_LIKENESS_UP_TO = 2_000  # pain points: two float32 matrices of 2,000 x 2,000 are 32 MB


def _compared(db: Database, pain_points: list[dict]) -> tuple[dict, Likeness | None]:
    """The pain points' vectors and their pairs' likeness, kept in this process for the same texts: a
    decision changes which pain points are together, not what they say, so the next suggestions
    skip reading vectors and comparing."""
    digest = hashlib.sha256(database_file(db).encode())
    for point in pain_points:
        digest.update(f"{point['id']}:{similarity.text_hash(point)};".encode())
    key = digest.hexdigest()
    with _KEPT_LOCK:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    vectors = similarity.workshop_vectors(db, pain_points)
    likeness = likelihood_matrix(pain_points, vectors) if len(pain_points) <= KEEP_LIKENESS_UP_TO else None
    if len(vectors) == len(pain_points) or similarity.limited_because():  # nothing left to make
        with _KEPT_LOCK:
            _KEPT[key] = (vectors, likeness)
            while len(_KEPT) > 4:
                _KEPT.popitem(last=False)
    return vectors, likeness


@dataclass(frozen=True)
class Merged:
    """What one merge did: the new candidate, its members, and the candidates it absorbed (with theirs)."""

    candidate_id: int
    members: tuple[int, ...]
    absorbed: tuple[tuple[int, tuple[int, ...]], ...]


def merge_pain_points(
    db: Database, workshop_id: int, pain_point_ids: Iterable[int], title: str = "", actor: str = FACILITATOR
) -> int:
    """Merge pain points (and the candidates they belong to) into one candidate workflow; returns its id."""
    get_workshop(db, workshop_id)
    with storage.writing(db):
        return merge_inside(db, workshop_id, pain_point_ids, title, actor).candidate_id


def merge_inside(db: Database, workshop_id: int, pain_point_ids: Iterable[int], title: str, actor: str) -> Merged:
    """The merge itself, inside the caller's write: whatever candidate a pain point is in when the write
    starts is absorbed whole, so two facilitators merging the same pain point at once lose nothing."""
    wanted = sorted({int(i) for i in pain_point_ids})
    rows = check_live_pain_points(db, workshop_id, wanted)
    existing = sorted({c for c in (storage.candidates.candidate_of(db, r["id"]) for r in rows) if c is not None})
    members = set(wanted)
    absorbed = []
    for candidate_id in existing:
        theirs = storage.candidates.members(db, candidate_id)
        absorbed.append((candidate_id, tuple(theirs)))
        members.update(theirs)
    if len(members) < 2:
        raise ValidationError({"pain points": N_("Choose at least two different pain points to merge.")})
    # Without a title: the name already given to a merged part, else the member losing most hours.
    clean_title = clean_text(title) or (
        _live_candidate(db, existing[0])["title"]
        if existing
        else default_title([with_derived_numbers(get_pain_point(db, member)) for member in members])
    )
    if len(clean_title) > CANDIDATE_TITLE_LENGTH:
        raise ValidationError({"title": N_("The candidate's title is too long: keep it under 120 characters.")})
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
    history.log(
        db,
        actor,
        workshop_id,
        "merge",
        "candidate",
        candidate_id,
        {"pain_points": sorted(members), "absorbed_candidates": existing, "title": clean_title},
    )
    return Merged(candidate_id, tuple(sorted(members)), tuple(absorbed))


def candidate_members(db: Database, candidate_id: int) -> list[int]:
    """The pain point ids of a live merged candidate (deleted pain points left out)."""
    return storage.candidates.members(db, candidate_id)


def _live_candidate(db: Database, candidate_id: int) -> dict:
    candidate = storage.candidates.get(db, candidate_id)
    if candidate is None:
        raise NotFound(N_("That candidate workflow no longer exists."))
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
            raise ValidationError({"pain points": N_("Choose pain points that belong to this candidate.")})
        remaining = [i for i in members if i not in leaving]
        if len(remaining) < 2:
            leaving, remaining = members, []
        storage.candidates.remove_members(db, candidate_id, leaving)
        if not remaining:
            storage.candidates.retire(db, candidate_id)
        history.log(
            db,
            actor,
            candidate["workshop_id"],
            "split",
            "candidate",
            candidate_id,
            {"taken_out": leaving, "remaining": remaining},
        )
    return leaving


def rename_candidate(db: Database, candidate_id: int, title: str, actor: str = FACILITATOR) -> None:
    """Give a merged candidate workflow a clearer title."""
    candidate = _live_candidate(db, candidate_id)
    clean_title = required_text(title, "title", CANDIDATE_TITLE_LENGTH)
    with storage.writing(db):
        storage.candidates.rename(db, candidate_id, clean_title)
        history.log(
            db,
            actor,
            candidate["workshop_id"],
            "update",
            "candidate",
            candidate_id,
            {"title": [candidate["title"], clean_title]},
        )


def candidate_groups(db: Database, workshop_id: int) -> tuple[dict[int, list[int]], dict[int, str]]:
    """Live merged candidates: members (live pain points only) and titles, by candidate id."""
    return storage.candidates.groups(db, workshop_id)


def reject_duplicate(db: Database, workshop_id: int, first_id: int, second_id: int, actor: str = FACILITATOR) -> None:
    """Remember that two pain points are not duplicates, so they are not suggested again."""
    low, high = sorted((int(first_id), int(second_id)))
    with storage.writing(db):
        storage.candidates.reject_pair(db, workshop_id, low, high)
        history.log(db, actor, workshop_id, "reject", "duplicate_suggestion", None, {"pain_points": [low, high]})


def rejected_duplicates(db: Database, workshop_id: int) -> set[frozenset[int]]:
    """Pairs of pain points the facilitator said are not duplicates."""
    return storage.candidates.rejected_pairs(db, workshop_id)
