"""Candidate ids: one number names either a merged candidate or a single pain point.

A merged candidate workflow has its own row and a positive id. A pain point not merged with any
other is a candidate on its own; its candidate id is its pain point id, negated. That encoding
is decoded here and nowhere else.
"""

from __future__ import annotations

from typing import NewType

CandidateId = NewType("CandidateId", int)

_KINDS = {"candidate": True, "pain_point": False}


def merged(candidate_row_id: int) -> CandidateId:
    """The candidate id of a merged candidate workflow (its row id)."""
    return CandidateId(int(candidate_row_id))


def single(pain_point_id: int) -> CandidateId:
    """The candidate id of a pain point that stands alone."""
    return CandidateId(-int(pain_point_id))


def is_merged(candidate_id: int) -> bool:
    """Whether a candidate id names a merged candidate workflow (else a single pain point)."""
    return int(candidate_id) > 0


def pain_point_of(candidate_id: int) -> int:
    """The pain point a single-pain-point candidate stands for."""
    if is_merged(candidate_id):
        raise ValueError(f"candidate {candidate_id} is a merged candidate, not a single pain point")
    return -int(candidate_id)


def kind_label(candidate_id: int) -> str:
    """'merged' or 'single', as tables show it."""
    return "merged" if is_merged(candidate_id) else "single"


def charter_key(candidate_id: int) -> str:
    """How a charter names its candidate: merged candidates and single pain points apart."""
    if is_merged(candidate_id):
        return f"candidate:{int(candidate_id)}"
    return f"pain_point:{pain_point_of(candidate_id)}"


def parse_charter_key(key: str) -> tuple[str, int] | None:
    """('candidate' | 'pain_point', row id) from a charter key, or None when it is not one."""
    kind, _, number = str(key).partition(":")
    if kind not in _KINDS or not number.isdigit():
        return None
    return kind, int(number)
