"""The labelled corpus that bench/consolidation.py tunes on and judges by stays what its README says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.unit import duplicate_corpus_check as check

FOLDER = Path(__file__).resolve().parents[2] / "bench" / "data" / "duplicates"


def test_the_corpus_is_valid_large_enough_multilingual_and_split_by_workshop():
    errors: list[str] = []
    warnings: list[str] = []
    rows = check.load(FOLDER / "corpus.jsonl", errors)
    check.validate(rows, errors, warnings)
    assert errors == []
    assert len(rows) >= 300
    languages = Counter(row["language"] for row in rows)
    assert {"de", "fr", "es"} <= set(languages) and 0.15 <= 1 - languages["en"] / len(rows) <= 0.3
    split_of = {}
    for row in rows:
        assert split_of.setdefault(row["workshop"], row["split"]) == row["split"]  # whole workshops
    assert set(split_of.values()) == {"dev", "heldout"}
    sizes = Counter(row["workflow"] for row in rows)
    assert max(sizes.values()) <= 4 and sum(size >= 2 for size in sizes.values()) >= 50
