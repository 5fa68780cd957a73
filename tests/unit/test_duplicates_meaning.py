"""Issue 17: suggestions that understand wording: the same work in other words and other languages.

Pairs from bench/data/duplicates (a labelled corpus written apart from the code) and the issue's own
examples; the encoder runs here as the services run it.
"""

from __future__ import annotations

import numpy as np
import pytest

from aiadopt.domain.duplicates import (
    LIKELY,
    POSSIBLE,
    STRONG,
    likelihood_matrix,
    scale_for_hubs,
    suggest_duplicates,
)
from tests.factories import vectors_of
from tests.unit.test_consolidation import point

# A small workshop of other work around the pairs, so that "alike" means more alike than the rest.
ROOM = [
    point(50, "Holiday requests on paper forms", "Staff fill in paper forms for leave and post them to HR.", "HR"),
    point(51, "Fuel card statements checked line by line", "We tick every line of the PDF against vehicles."),
    point(52, "Booking agency drivers every evening", "We phone three agencies to find drivers.", "Operations"),
    point(53, "Quotes for repairs take weeks", "Customers wait weeks for a price to repair their machine.", "Sales"),
    point(54, "Onboarding a new supplier", "New suppliers need bank checks and three forms.", "Procurement"),
    point(55, "Stock counts at the end of the month", "The warehouse counts every shelf by hand.", "Warehouse"),
]


def together(points: list[dict], first: int, second: int) -> bool:
    """Whether one suggestion holds both pain points."""
    return any({first, second} <= set(s.pain_point_ids) for s in suggest_duplicates(points, vectors_of(points)))


def test_the_same_work_told_in_two_languages_is_suggested_together():
    points = [
        point(1, "Keying supplier invoices into the ledger", "Every paper invoice typed into Sage by hand.", "Finance"),
        point(
            2,
            "Lieferantenrechnungen von Hand ins Buchhaltungssystem tippen",
            "Jede Rechnung aus Papier tippen wir einzeln ab.",
            "Buchhaltung",
        ),
        *ROOM,
    ]
    assert together(points, 1, 2)


def test_the_same_work_told_in_other_words_is_suggested_together():
    points = [
        point(1, "Keying supplier invoices into the ledger", "Paper invoices typed in one by one.", "Finance"),
        point(2, "Manual entry of vendor bills", "We enter every bill from our vendors by hand.", "Purchasing"),
        *ROOM,
    ]
    assert together(points, 1, 2)


def test_a_near_miss_sharing_a_word_is_not_suggested():
    points = [
        point(1, "Holiday requests on paper forms", "Staff fill in a paper form to ask for leave.", "HR"),
        point(2, "Refund requests from customers", "Customers ask for their money back by e-mail.", "Finance"),
        *ROOM[1:],
    ]
    assert not together(points, 1, 2)


def test_the_same_text_pasted_fifty_times_is_one_strong_suggestion():
    copies = [point(i, "Chasing missing timesheets", "Every Monday we ring the depots.") for i in range(101, 151)]
    (found,) = suggest_duplicates(copies + ROOM, vectors_of(copies + ROOM))
    assert found.pain_point_ids == tuple(range(101, 151)) and found.strength == STRONG
    assert found.strength_label == "Nearly the same text"


def test_pain_points_without_vectors_are_compared_on_their_words():
    points = [
        point(1, "Chasing missing timesheets before payroll", "We ring depot managers for the timesheets."),
        point(2, "Wages wait on late timesheets", "I chase the depot managers for the timesheets myself.", "HR"),
        *ROOM,
    ]
    vectors = vectors_of(points)
    del vectors[2]  # not read yet (or the encoder is missing): the pair falls back to the words
    found = suggest_duplicates(points, vectors)
    assert [s.pain_point_ids for s in found] == [(1, 2)] and found[0].strength in (LIKELY, POSSIBLE)


@pytest.mark.parametrize(
    "titles",
    [
        ["", ""],  # nothing typed but a title left empty on import
        ["Invoices", "Invoices"],  # one word each
        ["🙄🙄🙄", "😡"],  # emoji only
        ["ṡ̶̡̲̈́c̸̛̰r̷̩̊i̴̺͠p̷̯̄ṫ̶̠", "ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾ"],  # marks and a script the encoder does not know
    ],
)
def test_odd_text_gives_suggestions_that_make_sense_and_never_fails(titles):
    points = [point(i + 1, title) for i, title in enumerate(titles)] + ROOM
    for found in suggest_duplicates(points, vectors_of(points)):
        assert 0 <= found.similarity <= 1
        assert found.strength in (STRONG, LIKELY, POSSIBLE)


def test_suggestions_come_biggest_first():
    big = [point(1, "Keying invoices", hours_per_year=900.0), point(2, "Typing invoices in", hours_per_year=800.0)]
    small = [point(3, "Chasing timesheets", hours_per_year=10.0), point(4, "Timesheets chased", hours_per_year=5.0)]
    found = suggest_duplicates(small + big + ROOM, vectors_of(small + big + ROOM))
    hours = [s.hours_per_year for s in found]
    assert hours == sorted(hours, reverse=True) and {1, 2} <= set(found[0].pain_point_ids)


def test_a_text_alike_to_everything_counts_for_less():
    # Text 0 is 0.6 alike to every other: a hub. Texts 1-2, 3-4 and 5-6 are pairs 0.6 alike; the rest
    # of the likeness is 0.1, and text 7 resembles only the hub.
    similarity = np.full((8, 8), 0.1, np.float32)
    similarity[0, :] = similarity[:, 0] = 0.6
    for a, b in ((1, 2), (3, 4), (5, 6)):
        similarity[a, b] = similarity[b, a] = 0.6
    np.fill_diagonal(similarity, 1.0)
    scaled = scale_for_hubs(similarity.copy(), neighbours=3, floor=0.32)
    assert scaled[0, 1] < scaled[1, 2]  # the same raw likeness, but text 0 is alike to everything
    assert scaled[0, 7] < scaled[1, 2]  # a lonely text's nearest, the hub, is not lifted past the floor
    assert np.allclose(scaled, scaled.T)


def test_the_likelihood_is_a_probability_and_symmetric():
    points = [point(1, "Keying invoices", "By hand"), point(2, "Typing bills in", "By hand"), *ROOM]
    likelihood, *_ = likelihood_matrix(points, vectors_of(points))
    assert likelihood.min() >= 0 and likelihood.max() <= 1 and np.allclose(likelihood, likelihood.T, atol=1e-6)
