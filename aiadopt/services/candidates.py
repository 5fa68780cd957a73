"""A workshop's candidate workflows, gathered from storage and built by the pure core."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from aiadopt import storage
from aiadopt.domain.consolidation import aggregate_candidates
from aiadopt.domain.voting import candidate_votes


@dataclass
class WorkshopCandidates:
    """Everything the consolidation, ranking and export pages need about a workshop's candidates."""

    pain_points: list[dict]
    groups: dict[int, list[int]]
    titles: dict[int, str]
    candidates: pd.DataFrame

    def pain_point_ids(self, candidate_ids: list[int]) -> list[int]:
        """The pain points behind some candidates (a merged one brings all its members)."""
        ids: list[int] = []
        for candidate_id in candidate_ids:
            ids.extend(self.groups.get(candidate_id, []) if candidate_id > 0 else [-candidate_id])
        return sorted(set(ids))

    def members(self, candidate_id: int) -> list[dict]:
        """The pain point rows of one candidate."""
        wanted = set(self.pain_point_ids([candidate_id]))
        return [row for row in self.pain_points if row["id"] in wanted]

    def label(self, candidate_id: int) -> str:
        """A one-line name for a candidate in a picker."""
        row = self.candidates.loc[self.candidates["candidate_id"] == candidate_id].iloc[0]
        departments = ", ".join(row["departments"])
        if candidate_id > 0:
            return f"Merged: {row['title']} ({row['member_count']} pain points; {departments})"
        return f"No. {-candidate_id}: {row['title']} ({departments})"


def load_candidates(db: Database, workshop_id: int) -> WorkshopCandidates:
    """Pain points, merges, titles and votes of a workshop, aggregated into candidate workflows."""
    pain_points = storage.list_pain_points(db, workshop_id)
    groups, titles = storage.candidate_groups(db, workshop_id)
    votes = candidate_votes(groups, storage.votes_by_pain_point(db, workshop_id))
    return WorkshopCandidates(pain_points, groups, titles, aggregate_candidates(pain_points, groups, titles, votes))
