"""Reviewing duplicate suggestions a whole group at a time, and undoing the latest decision as one step.

Each decision (accept a group, take one member out, "not the same", accept every near-copy at once)
is made in one write and kept as the ids it changed (`review_decisions`), so the latest not yet
undone can be taken back: the merged candidates split into what they were, the "not the same" pairs
forgotten. A decision whose candidates changed since (merged again, split, deleted) is not undone
over that change: the facilitator is told why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aiadopt import storage
from aiadopt.domain.duplicates import STRONG, DuplicateSuggestion, pairs_across
from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import history
from aiadopt.services.capture import check_live_pain_points
from aiadopt.services.consolidation import merge_inside
from aiadopt.services.errors import ServiceError
from aiadopt.services.workshops import FACILITATOR, get_workshop
from aiadopt.storage import Database

ACCEPT, TAKE_OUT, NOT_SAME, ACCEPT_STRONG = "accept", "take_out", "not_same", "accept_strong"


@dataclass(frozen=True)
class Decision:
    """A decision on suggestions that can still be undone, told in words."""

    id: int
    kind: str
    merges: int  # candidate workflows it made
    pain_points: int  # pain points it merged or kept apart
    at: str

    @property
    def words(self) -> str:
        """What the decision did, for the Undo line."""
        if self.kind == ACCEPT_STRONG:
            return Message(
                "Accepted {merges} near-copies as one workflow each ({n} pain points).",
                merges=self.merges,
                n=self.pain_points,
            )
        if self.kind == ACCEPT:
            return Message("Accepted {n} pain points as one workflow.", n=self.pain_points)
        if self.kind == TAKE_OUT:
            return N_("Took one pain point out of a suggestion.")
        return Message("Marked {n} pain points as not the same work.", n=self.pain_points)


def _groups(db: Database, pain_point_ids: Iterable[int]) -> dict[int, int]:
    """Pain point id -> the merged candidate it is in now (those in none left out)."""
    found = {pid: storage.candidates.candidate_of(db, pid) for pid in pain_point_ids}
    return {pid: candidate for pid, candidate in found.items() if candidate is not None}


def _remember_not_same(db: Database, workshop_id: int, pairs: set[frozenset[int]]) -> list[list[int]]:
    """Store the pairs not stored yet; returns those (what an undo takes back)."""
    added = []
    for pair in sorted(sorted(p) for p in pairs):
        low, high = pair
        if not storage.candidates.is_rejected(db, workshop_id, low, high):
            storage.candidates.reject_pair(db, workshop_id, low, high)
            added.append([low, high])
    return added


def _latest_id(db: Database, workshop_id: int) -> int:
    latest = storage.candidates.last_decision(db, workshop_id)
    return latest["id"] if latest else 0


def _record(db: Database, workshop_id: int, kind: str, detail: dict, count: int, actor: str) -> int:
    """Keep the decision (unless it changed nothing: sent twice, say) and log it; returns its id."""
    if not detail["merges"] and not detail["rejections"]:
        return _latest_id(db, workshop_id)
    decision_id = storage.candidates.record_decision(db, workshop_id, kind, detail, actor)
    history.log(db, actor, workshop_id, kind, "duplicate_suggestion", decision_id, {"pain_points": count})
    return decision_id


def _merge_detail(merged) -> dict:
    return {"candidate": merged.candidate_id, "members": list(merged.members), "absorbed": merged.absorbed}


def accept(
    db: Database, workshop_id: int, pain_point_ids: Iterable[int], title: str = "", actor: str = FACILITATOR
) -> int:
    """Accept a suggestion: its pain points (with the candidates they are in now) become one candidate
    workflow. Returns the decision's id."""
    get_workshop(db, workshop_id)
    ids = {int(i) for i in pain_point_ids}
    with storage.writing(db):
        groups = _groups(db, ids)
        if len(ids) > 1 and len(groups) == len(ids) and len(set(groups.values())) == 1:
            return _latest_id(db, workshop_id)  # already one workflow (sent twice, or by another screen)
        merged = merge_inside(db, workshop_id, ids, title, actor)
        detail = {"merges": [_merge_detail(merged)], "rejections": []}
        return _record(db, workshop_id, ACCEPT, detail, len(merged.members), actor)


def take_out(
    db: Database, workshop_id: int, pain_point_ids: Iterable[int], leaving: int, actor: str = FACILITATOR
) -> int:
    """Take one member out of a suggestion: it (with the candidate it is in) is not the same as the rest,
    and is not suggested with them again. Returns the decision's id."""
    get_workshop(db, workshop_id)
    ids = sorted({int(i) for i in pain_point_ids})
    if int(leaving) not in ids:
        raise ValidationError({"pain points": N_("That pain point is not in this suggestion.")})
    with storage.writing(db):
        check_live_pain_points(db, workshop_id, ids)
        groups = _groups(db, ids)
        unit = {int(leaving)} | {pid for pid, c in groups.items() if c == groups.get(int(leaving), -1)}
        added = _remember_not_same(db, workshop_id, pairs_across(unit, set(ids) - unit, groups))
        return _record(db, workshop_id, TAKE_OUT, {"merges": [], "rejections": added}, len(unit), actor)


def not_the_same(db: Database, workshop_id: int, pain_point_ids: Iterable[int], actor: str = FACILITATOR) -> int:
    """Say a suggestion's pain points are not the same work: none of its pairs is suggested again.
    Returns the decision's id."""
    get_workshop(db, workshop_id)
    ids = sorted({int(i) for i in pain_point_ids})
    with storage.writing(db):
        check_live_pain_points(db, workshop_id, ids)
        added = _remember_not_same(db, workshop_id, pairs_across(ids, ids, _groups(db, ids)))
        return _record(db, workshop_id, NOT_SAME, {"merges": [], "rejections": added}, len(ids), actor)


def accept_every_strong(
    db: Database, workshop_id: int, suggestions: Sequence[DuplicateSuggestion], actor: str = FACILITATOR
) -> tuple[int, int]:
    """Accept every suggestion of nearly the same text in one write, as one decision; returns
    (the decision's id, how many candidate workflows it made)."""
    get_workshop(db, workshop_id)
    strong = [s for s in suggestions if s.strength == STRONG]
    if not strong:
        raise ValidationError({"suggestions": N_("There is no near-copy to accept.")})
    with storage.writing(db):
        merges = [_merge_detail(merge_inside(db, workshop_id, s.pain_point_ids, "", actor)) for s in strong]
        # A later merge may have absorbed an earlier one (suggestions overlapping since they were made).
        live = [m for m in merges if storage.candidates.get(db, m["candidate"]) is not None]
        count = sum(len(m["members"]) for m in live)
        decision_id = _record(db, workshop_id, ACCEPT_STRONG, {"merges": merges, "rejections": []}, count, actor)
    return decision_id, len(live)


def last_decision(db: Database, workshop_id: int) -> Decision | None:
    """The latest decision on suggestions that can be undone, or None."""
    row = storage.candidates.last_decision(db, workshop_id)
    if row is None:
        return None
    merges = row["detail"]["merges"]
    final = {m["candidate"]: m for m in merges}
    absorbed = {c for m in merges for c, _ in m["absorbed"]}
    live = [m for c, m in final.items() if c not in absorbed]
    rejected = {pid for pair in row["detail"]["rejections"] for pid in pair}
    count = sum(len(m["members"]) for m in live) or len(rejected)
    return Decision(row["id"], row["kind"], len(live), count, row["at"])


def undo(db: Database, workshop_id: int, decision_id: int, actor: str = FACILITATOR) -> Decision:
    """Undo a decision as one step: its merges split back into what was there before, its "not the
    same" pairs forgotten. Refused, changing nothing, when its candidates changed since."""
    get_workshop(db, workshop_id)
    with storage.writing(db):
        row = storage.candidates.last_decision(db, workshop_id)
        if row is None or row["id"] != decision_id:
            raise ServiceError(N_("That decision was already undone, or another one came after it."))
        decision = last_decision(db, workshop_id)
        assert decision is not None
        # Latest merge first: one that absorbed an earlier merge of the same decision gives it back.
        for merge in reversed(row["detail"]["merges"]):
            candidate_id = merge["candidate"]
            live = storage.candidates.get(db, candidate_id) is not None
            if not live or storage.candidates.members(db, candidate_id) != merge["members"]:
                raise ServiceError(
                    N_(
                        "This cannot be undone: the workflows it made were changed since (merged, split or "
                        "deleted). Split them on the Candidate workflows tab instead."
                    )
                )
            storage.candidates.remove_members(db, candidate_id)
            storage.candidates.retire(db, candidate_id)
            for earlier, members in merge["absorbed"]:
                storage.candidates.restore(db, earlier, members)
        for low, high in row["detail"]["rejections"]:
            storage.candidates.forget_rejection(db, workshop_id, low, high)
        storage.candidates.mark_undone(db, decision_id)
        history.log(db, actor, workshop_id, "undo", "duplicate_suggestion", decision_id, {"kind": row["kind"]})
    return decision
