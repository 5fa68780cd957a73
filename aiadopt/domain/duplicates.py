"""Suggest likely duplicates among pain points: pain points that describe the same workflow.

Two signals, blended: what the texts mean (a multilingual sentence encoder's vectors, computed and
stored by `services/similarity.py`, so this module never runs the model) and the words they share
(TF-IDF). The blend is corrected for "hub" texts that resemble everything, turned into the
likelihood that two pain points are the same workflow (calibrated on the development part of
bench/data/duplicates), and pain points are grouped when that likelihood is high enough. Pain
points without vectors (the model not available, or not yet run) are compared on their words
alone. The method, its constants and the held-out figures are in docs/scoring.md, section 1.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from aiadopt.domain.grouping import DisjointSets
from aiadopt.domain.language import N_, Message
from aiadopt.domain.wording import technology_words_in


@dataclass(frozen=True)
class Method:
    """How two pain points' likeness becomes the likelihood that they are one workflow.

    The shipped values (`SHIPPED`) were chosen on the development part of bench/data/duplicates by
    bench/consolidation.py (`--tune` prints them); docs/scoring.md gives the held-out figures.
    """

    lexical_weight: float = 0.2  # the words' share of the blend; the meaning's is the rest
    scaling_neighbours: int = 5  # "hub": a text's likeness to its 5 nearest others (0: no scaling)
    hub_floor: float = 0.32  # a text counts at least as alike to others as a typical one (no boost in a quiet room)
    blend_curve: tuple[float, float] = (11.14, -1.49)  # logistic likelihood in the scaled blend
    words_curve: tuple[float, float] = (16.47, -3.81)  # logistic likelihood in the words alone (no vectors)
    suggest_from: float = 0.2  # pairs at least this likely are suggested
    words_suggest_from: float = 0.3  # the same, when no pain point has vectors (words alone)


SHIPPED = Method()
LIKELY_FROM = 0.5
# Nearly the same text (a resent submit, a file imported twice, a copy): safe to merge at once.
SAME_TEXT_WORDS = 0.8
SAME_TEXT_MEANING = 0.95
TITLE_WEIGHT = 0.5  # share of the title-only vector in the words' likeness
WORD_FOLD_CUTOFF = 90  # rapidfuzz ratio at which two word forms ("timesheet", "timesheets") count as one
MAX_NEIGHBOURS = 10  # each pain point links to at most its 10 most likely others
LINKAGE_SHARE = 0.9  # two groups join only if, on average, they are this share of the link level alike
STRONG, LIKELY, POSSIBLE = "strong", "likely", "possible"
STRENGTH_LABELS = {
    STRONG: N_("Nearly the same text"),
    LIKELY: N_("Likely the same work"),
    POSSIBLE: N_("Possibly the same work"),
}

# Words that carry no meaning about the work itself.
STOP_WORDS = frozenset(
    """
    a about after again all already also always an and another any anyone anything are as at back be
    been before but by can cant could did do does done dont down each even every everyone for from get
    gets got had half has have he her hers him his how i if in into is isnt it its just less lot lots
    made make makes many me more most much my need needed needs never no nobody not nothing of often on
    once one only or other our out over own really same she should so some someone something sometimes
    still than that the their them then there they thing things this three time times to too two up us
    use used very was way we were what when where which while who whom why will with wont would yet you
    your
    """.split()
)

_NON_WORD = re.compile(r"[^a-z0-9']+")


@dataclass(frozen=True)
class DuplicateSuggestion:
    """Pain points that look like the same workflow, with how alike they are and why."""

    pain_point_ids: tuple[int, ...]  # everything that would end up in one candidate, sorted
    similarity: float  # 0..1: how likely, on average, the linking pairs are the same workflow
    reason: str
    candidate_group_ids: tuple[int, ...] = ()  # existing candidate groups among them
    pairs: tuple[tuple[int, int, float], ...] = ()  # the linking pairs (id, id, likelihood)
    strength: str = POSSIBLE  # STRONG (nearly the same text), LIKELY or POSSIBLE
    hours_per_year: float = 0.0  # the hours a year the merged workflow would hold

    @property
    def strength_label(self) -> str:
        """How sure the suggestion is, in words."""
        return STRENGTH_LABELS[self.strength]

    def pairs_to_reject(self, groups: Mapping[int, int] | None = None) -> set[frozenset[int]]:
        """Every pair across the suggestion not already in one candidate ("these are not the same")."""
        return pairs_across(self.pain_point_ids, self.pain_point_ids, groups)


def pairs_across(
    first: Iterable[int], second: Iterable[int], groups: Mapping[int, int] | None = None
) -> set[frozenset[int]]:
    """Every pair of one pain point from `first` and another from `second` that are not already in one
    candidate (`groups`: pain point id -> candidate id): what "not the same" has to remember."""
    groups = groups or {}
    second = list(second)
    return {
        frozenset((a, b))
        for a in first
        for b in second
        if a != b and (groups.get(a) is None or groups.get(a) != groups.get(b))
    }


def words_of(text: str) -> list[str]:
    """The meaningful words of a text: lower case, accents and punctuation removed, stop words out."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    words = []
    for word in _NON_WORD.sub(" ", text).split():
        word = word.strip("'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 1 and word not in STOP_WORDS and not word.isdigit():
            words.append(word)
    return words


def _fold_word_forms(vocabulary: Iterable[str]) -> dict[str, str]:
    """Map near-identical word forms to one representative, comparing words with the same start."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for word in sorted(set(vocabulary)):
        buckets[word[:3]].append(word)
    folded: dict[str, str] = {}
    for words in buckets.values():
        if len(words) == 1:
            folded[words[0]] = words[0]
            continue
        sets = DisjointSets(len(words))
        scores = process.cdist(words, words, scorer=fuzz.ratio, score_cutoff=WORD_FOLD_CUTOFF, dtype=np.uint8)
        for i, j in zip(*np.nonzero(np.triu(scores, 1))):
            if min(len(words[i]), len(words[j])) >= 4:
                sets.join(j, i)
        for i, word in enumerate(words):
            folded[word] = words[sets.find(i)]
    return folded


def similarity_matrix(pain_points: list[dict]) -> np.ndarray:
    """Pairwise similarity 0..1 of pain points' wording (title weighted more), n x n."""
    titles = [words_of(p.get("title", "")) for p in pain_points]
    bodies = [words_of(p.get("description", "")) for p in pain_points]
    return _similarity(titles, bodies)[0]


def _similarity(
    titles: list[list[str]], bodies: list[list[str]]
) -> tuple[np.ndarray, list[list[str]], list[list[str]]]:
    """The similarity matrix, and the titles and full texts with word forms folded."""
    n = len(titles)
    folded = _fold_word_forms(w for doc in titles + bodies for w in doc)

    def fold(words: list[str]) -> list[str]:
        return [folded[w] for w in words]

    titles = [fold(doc) for doc in titles]
    full = [title + fold(body) for title, body in zip(titles, bodies)]
    if not any(full):  # nothing to compare (no pain points, or only empty text)
        return np.zeros((n, n), dtype=np.float32), titles, full
    # The words are already reduced to their meaning, so the vectoriser takes them as they are.
    # Binary term weights (a word said twice in one description is not twice as telling), the
    # smoothed idf ln((1 + n) / (1 + df)) + 1 and unit-length rows: one vocabulary and one idf,
    # learnt from the full texts, serve both the title and the full-text vectors.
    vectorizer = TfidfVectorizer(analyzer=list, binary=True, smooth_idf=True, norm="l2", dtype=np.float32)
    full_vectors = vectorizer.fit_transform(full)
    title_vectors = vectorizer.transform(titles)
    # Rows are unit length, so the plain dot product is the cosine similarity.
    similarity = TITLE_WEIGHT * linear_kernel(title_vectors, dense_output=True) + (1 - TITLE_WEIGHT) * linear_kernel(
        full_vectors, dense_output=True
    )
    np.clip(similarity, 0.0, 1.0, out=similarity)
    return similarity, titles, full


def _shared_words(
    members: list[int], titles: list[list[str]], docs: list[list[str]], frequency: Mapping[str, int], limit: int = 4
) -> list[str]:
    """Words most members share, those shared in titles first, then the rarer in the workshop."""
    counts: dict[str, int] = defaultdict(int)
    in_titles: dict[str, int] = defaultdict(int)
    for member in members:
        for word in set(docs[member]):
            counts[word] += 1
        for word in set(titles[member]):
            in_titles[word] += 1
    # Reasons stay about the work: a shared tool word ("chatbot") is not quoted.
    common = [w for w, c in counts.items() if c >= 2 and not _technology_word(w)]
    common.sort(key=lambda w: (-counts[w], -in_titles[w], frequency.get(w, 0), w))
    return common[:limit]


@lru_cache(maxsize=8192)
def _technology_word(word: str) -> bool:
    """Whether one word names a technology (asked for the same words in every suggestion's reason)."""
    return bool(technology_words_in(word))


def meaning_similarity(vectors: np.ndarray) -> np.ndarray:
    """From unit vectors (n x 2 x d: each pain point's full text, then its title), n x n: the larger of
    the two cosines (a title alone sometimes says more than a long description)."""
    full, titles = np.ascontiguousarray(vectors[:, 0]), np.ascontiguousarray(vectors[:, 1])
    similarity = full @ full.T
    np.maximum(similarity, titles @ titles.T, out=similarity)
    return similarity


def scale_for_hubs(similarity: np.ndarray, neighbours: int = 5, floor: float = 0.0) -> np.ndarray:
    """Each pair's likeness less what its two texts are like on average to their nearest others (at
    least `floor`): cross-domain similarity local scaling, so a text that resembles everything stands
    out less. Copies of a text (likeness of at least SAME_TEXT_MEANING) are not counted among its
    nearest others: fifty pastes of one text are not a hub. In place; returned."""
    n = len(similarity)
    k = min(neighbours, n - 1)
    if k < 1:
        return similarity
    others = np.where(similarity >= SAME_TEXT_MEANING, -np.inf, similarity)  # the diagonal is a copy too
    nearest = -np.partition(-others, k - 1, axis=1)[:, :k]
    with np.errstate(invalid="ignore"):
        hubness = np.maximum(nearest.mean(axis=1, dtype=np.float64), floor).astype(similarity.dtype)
    similarity *= 2
    similarity -= hubness[:, None]
    similarity -= hubness[None, :]
    return similarity


def _likely(values: np.ndarray, curve: tuple[float, float]) -> np.ndarray:
    """The logistic likelihood of being one workflow, in place."""
    slope, intercept = curve
    values *= slope
    values += intercept
    np.negative(values, out=values)
    np.exp(values, out=values)
    values += 1
    np.reciprocal(values, out=values)
    return values


class Likeness(NamedTuple):
    """How alike a workshop's pain points are, pair by pair: what only their texts decide, so it can be
    kept while the facilitator decides (merging and "not the same" change the groups, not the texts)."""

    likelihood: np.ndarray  # n x n, that two are the same workflow
    words: np.ndarray  # n x n, the words' likeness
    titles: list[list[str]]  # each title's words, word forms folded
    docs: list[list[str]]  # each full text's words, word forms folded


def likelihood_matrix(
    pain_points: list[dict], vectors: Mapping[int, np.ndarray] | None = None, method: Method = SHIPPED
) -> Likeness:
    """n x n likelihood that two pain points are the same workflow; also the words' likeness and the
    titles' and full texts' words. Pairs that both have vectors use the blend, the others the words."""
    titles = [words_of(p.get("title", "")) for p in pain_points]
    bodies = [words_of(p.get("description", "")) for p in pain_points]
    words, folded_titles, docs = _similarity(titles, bodies)
    likelihood = _likely(words.copy(), method.words_curve)
    vectors = vectors or {}
    has = [i for i, p in enumerate(pain_points) if int(p["id"]) in vectors]
    if len(has) >= 2:
        stacked = np.stack([vectors[int(pain_points[i]["id"])] for i in has]).astype(np.float32)
        blend = meaning_similarity(stacked)
        blend *= 1 - method.lexical_weight
        blend += method.lexical_weight * words[np.ix_(has, has)]
        scaled = scale_for_hubs(blend, method.scaling_neighbours, method.hub_floor)
        likelihood[np.ix_(has, has)] = _likely(scaled, method.blend_curve)
    return Likeness(likelihood, words, folded_titles, docs)


def _same_text(a: dict, b: dict, words: float, vectors: Mapping[int, np.ndarray]) -> bool:
    """Nearly the same text: the same words, or the same meaning to the encoder."""
    if words >= SAME_TEXT_WORDS:
        return True
    first, second = vectors.get(int(a["id"])), vectors.get(int(b["id"]))
    return first is not None and second is not None and float(first[0] @ second[0]) >= SAME_TEXT_MEANING


def suggest_duplicates(
    pain_points: list[dict],
    vectors: Mapping[int, np.ndarray] | None = None,
    groups: Mapping[int, int] | None = None,
    rejected: set[frozenset[int]] | None = None,
    method: Method = SHIPPED,
    likeness: Likeness | None = None,
) -> list[DuplicateSuggestion]:
    """Groups of pain points that likely describe the same workflow, the most hours they would join first.

    `vectors` maps a pain point's id to its unit vectors (full text, title); pain points without them
    are compared on their words. Pairs already in one candidate (`groups`: pain point id -> candidate
    group id) and pairs the facilitator marked as different (`rejected`) are never suggested, and a
    suggestion never joins two pain points whose pair was rejected. `likeness`, when given, is
    `likelihood_matrix` of the same pain points, vectors and method, made earlier (it is not changed).
    """
    vectors = vectors or {}
    threshold = method.suggest_from if vectors else method.words_suggest_from
    if not 0 < threshold <= 1:
        raise ValueError("The likelihood threshold must be above 0 and at most 1.")
    groups = dict(groups or {})
    rejected = set(rejected or ())
    n = len(pain_points)
    if n < 2:
        return []
    ids = [int(p["id"]) for p in pain_points]
    likelihood, words, folded_titles, docs = likeness or likelihood_matrix(pain_points, vectors, method)
    likelihood = likelihood.copy() if likeness is not None else likelihood
    np.fill_diagonal(likelihood, 0.0)
    # Text with no meaningful word and no vector is like nothing: never linked on noise.
    empty = [i for i in range(n) if not docs[i] and ids[i] not in vectors]
    likelihood[empty, :] = 0.0
    likelihood[:, empty] = 0.0

    # Candidate links: each pain point's most likely others above the threshold.
    k = min(MAX_NEIGHBOURS, n - 1)
    nearest = (
        np.argpartition(-likelihood, k - 1, axis=1)[:, :k] if k < n - 1 else np.argsort(-likelihood, axis=1)[:, :k]
    )
    rows = np.repeat(np.arange(n), k)
    cols = nearest.ravel()
    values = likelihood[rows, cols]
    keep = (values >= threshold) & (rows != cols)
    links = {}
    for a, b, value in zip(rows[keep], cols[keep], values[keep]):
        a, b = (a, b) if a < b else (b, a)
        links[(int(a), int(b))] = float(value)

    # Units start as the existing candidates (their members are already together).
    unit_of = list(range(n))
    position = {pid: i for i, pid in enumerate(ids)}
    first_of_group: dict[int, int] = {}
    for i, pid in enumerate(ids):
        group = groups.get(pid)
        if group is not None:
            unit_of[i] = first_of_group.setdefault(group, i)
    sets = DisjointSets(n, parents=unit_of)
    find = sets.find
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[find(i)].append(i)
    blocked = [
        (position[a], position[b])
        for pair in rejected
        if len(pair) == 2
        for a, b in [tuple(pair)]
        if a in position and b in position
    ]

    used: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    # Near-copies first, and on their own: they are accepted at once (one click for all of them),
    # and what else resembles them is suggested with the merged copy afterwards. Then the most
    # likely first; among equals by pain point id, so the input order does not matter.
    copy = {link: _same_text(pain_points[link[0]], pain_points[link[1]], words[link], vectors) for link in links}
    copies: set[int] = set()  # roots of groups joined by near-copies
    order = sorted(links.items(), key=lambda item: (not copy[item[0]], -item[1], ids[item[0][0]], ids[item[0][1]]))
    for (a, b), value in order:
        if frozenset((ids[a], ids[b])) in rejected:
            continue
        root_a, root_b = find(a), find(b)
        if not copy[(a, b)] and (root_a in copies or root_b in copies):
            continue
        if root_a == root_b:
            if unit_of[a] != unit_of[b]:
                used[root_a].append((a, b, value))
            continue
        if any({find(x), find(y)} == {root_a, root_b} for x, y in blocked):
            continue
        # Average linkage: the two sides must be alike on average, not through one chain.
        if likelihood[np.ix_(members[root_a], members[root_b])].mean() < LINKAGE_SHARE * threshold:
            continue
        sets.join(root_a, root_b)
        members[root_a].extend(members.pop(root_b))
        used[root_a].extend(used.pop(root_b, []))
        used[root_a].append((a, b, value))
        if copy[(a, b)]:
            copies.discard(root_b)
            copies.add(root_a)

    frequency: dict[str, int] = defaultdict(int)
    for doc in docs:
        for word in set(doc):
            frequency[word] += 1
    suggestions = []
    for root, group_members in members.items():
        if len({unit_of[i] for i in group_members}) < 2:
            continue
        linking = used[find(root)]
        mean = float(np.mean([v for _, _, v in linking])) if linking else 0.0
        if linking and all(_same_text(pain_points[a], pain_points[b], words[a, b], vectors) for a, b, _ in linking):
            strength = STRONG
        else:
            strength = LIKELY if mean >= LIKELY_FROM else POSSIBLE
        suggestions.append(
            DuplicateSuggestion(
                pain_point_ids=tuple(sorted(ids[i] for i in group_members)),
                similarity=round(mean, 4),
                reason=_reason(pain_points, group_members, folded_titles, docs, frequency),
                candidate_group_ids=tuple(
                    sorted({groups[ids[i]] for i in group_members if groups.get(ids[i]) is not None})
                ),
                pairs=tuple(sorted((min(ids[a], ids[b]), max(ids[a], ids[b]), round(v, 4)) for a, b, v in linking)),
                strength=strength,
                hours_per_year=float(sum(_hours(pain_points[i]) for i in group_members)),
            )
        )
    suggestions.sort(key=lambda s: (-s.hours_per_year, -s.similarity, s.pain_point_ids))
    return suggestions


def _hours(point: Mapping) -> float:
    try:
        hours = float(point.get("hours_per_year") or 0.0)
    except (TypeError, ValueError):
        return 0.0
    return hours if math.isfinite(hours) else 0.0


def _reason(pain_points: list[dict], members: list[int], titles, docs, frequency) -> Message:
    """Why they look alike, in plain words (a `Message`, said in the reader's language where shown): the
    words they share, and who raised them (the words and departments as written)."""
    departments = sorted({str(pain_points[i].get("department", "") or "") for i in members} - {""})
    shared = ", ".join(_shared_words(members, titles, docs, frequency))
    if shared and departments:
        return Message(
            "Alike in meaning; shared words: {words}. Raised by {departments}.",
            words=shared,
            departments=_join(departments),
        )
    if shared:
        return Message("Alike in meaning; shared words: {words}.", words=shared)
    if departments:
        return Message("Alike in meaning. Raised by {departments}.", departments=_join(departments))
    return Message("Alike in meaning.")


def _join(items: list[str]) -> str | Message:
    if len(items) <= 1:
        return "".join(items)
    return Message("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])
