"""Voting: a participant spends their dots; "voting must be open" is decided here once."""

from __future__ import annotations

from aiadopt import storage
from aiadopt.domain import room
from aiadopt.domain.language import N_
from aiadopt.domain.voting import check_ballot
from aiadopt.services import history
from aiadopt.services.capture import check_live_pain_points
from aiadopt.services.errors import Closed, NotAllowed
from aiadopt.services.participants import ANONYMOUS_ACTOR
from aiadopt.services.workshops import get_workshop
from aiadopt.storage import Database


def require_voting_open(workshop: dict) -> None:
    """Votes change only while the facilitator has voting open."""
    if not room.voting_open(workshop, room.now_utc()):
        raise Closed(N_("Voting is closed: your votes were not changed."))


FACILITATORS_DO_NOT_VOTE = N_(
    "Facilitators do not vote in this workshop (a choice on the Set up page): the votes are the participants' own."
)


def may_place_votes(workshop: dict, by_facilitator: bool) -> bool:
    """Whether this person may place votes: anyone, except a facilitator when the workshop says facilitators
    do not vote (taking votes back is always allowed)."""
    return not by_facilitator or bool(workshop.get("facilitators_vote", 1))


def set_participant_votes(
    db: Database, workshop_id: int, participant_id: int, dots: dict[int, int], *, by_facilitator: bool = False
) -> int:
    """Replace a participant's dots (pain point id -> dots); refuses more dots than the workshop allows, and
    any dot from a browser signed in as a facilitator (`by_facilitator`) when facilitators do not vote."""
    workshop = get_workshop(db, workshop_id)
    require_voting_open(workshop)
    clean = check_ballot(dots, workshop["dots_per_participant"])
    if clean and not may_place_votes(workshop, by_facilitator):
        raise NotAllowed(FACILITATORS_DO_NOT_VOTE)
    with storage.writing(db):
        check_live_pain_points(db, workshop_id, clean)
        storage.votes.replace(db, workshop_id, participant_id, clean)
        # A vote is logged without saying whose: nothing links a named entry to a person's votes.
        history.log(db, ANONYMOUS_ACTOR, workshop_id, "vote", "votes", None, {str(k): v for k, v in clean.items()})
    return sum(clean.values())


def votes_by_pain_point(db: Database, workshop_id: int) -> dict[int, int]:
    """Dots per pain point (a candidate's votes are the dots on its pain points)."""
    return storage.votes.by_pain_point(db, workshop_id)


def votes_of_participant(db: Database, workshop_id: int, participant_id: int) -> dict[int, int]:
    """How many dots one participant put on each pain point."""
    return storage.votes.of_participant(db, workshop_id, participant_id)
