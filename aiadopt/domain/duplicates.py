"""Suggest likely duplicates among pain points: pain points that describe the same workflow.

Pure functions over pain-point rows. How similarity is measured and the threshold are
documented in docs/scoring.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from aiadopt.domain.grouping import DisjointSets
from aiadopt.domain.wording import technology_words_in

# Measured on data/sample_workshop.json with bench/duplicate_threshold.py (see docs/scoring.md).
DUPLICATE_THRESHOLD = 0.17
TITLE_WEIGHT = 0.5  # share of the title-only vector; the title also counts in the full-text vector
WORD_FOLD_CUTOFF = 90  # rapidfuzz ratio at which two word forms ("timesheet", "timesheets") count as one
MAX_NEIGHBOURS = 10  # each pain point links to at most its 10 most similar others
LINKAGE_SHARE = 0.9  # two groups join only if, on average, they are this share of the threshold alike (no chains)

# Words that carry no meaning about the work itself.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "already",
        "also",
        "always",
        "an",
        "and",
        "another",
        "any",
        "anyone",
        "anything",
        "are",
        "as",
        "at",
        "back",
        "be",
        "been",
        "before",
        "but",
        "by",
        "can",
        "cant",
        "could",
        "did",
        "do",
        "does",
        "done",
        "dont",
        "down",
        "each",
        "even",
        "every",
        "everyone",
        "for",
        "from",
        "get",
        "gets",
        "got",
        "had",
        "half",
        "has",
        "have",
        "he",
        "her",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "isnt",
        "it",
        "its",
        "just",
        "less",
        "lot",
        "lots",
        "made",
        "make",
        "makes",
        "many",
        "me",
        "more",
        "most",
        "much",
        "my",
        "need",
        "needed",
        "needs",
        "never",
        "no",
        "nobody",
        "not",
        "nothing",
        "of",
        "often",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "really",
        "same",
        "she",
        "should",
        "so",
        "some",
        "someone",
        "something",
        "sometimes",
        "still",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "they",
        "thing",
        "things",
        "this",
        "three",
        "time",
        "times",
        "to",
        "too",
        "two",
        "up",
        "us",
        "use",
        "used",
        "very",
        "was",
        "way",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "wont",
        "would",
        "yet",
        "you",
        "your",
    ]
)

# Office-work words that name the same thing differently. Small and generic on purpose: it
# folds abbreviations and common synonyms of office work in any sector, it does not encode
# any one organisation or industry (no trade terms such as a haulier's "POD").
_PHRASE_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    (r"\bpurchase[- ]orders?\b", "purchaseorder"),
    (r"\bp\.?o\.?s?\b", "purchaseorder"),
    (r"\bby hand\b", "manual"),
    (r"\bmonth[- ]end\b", "month"),
    (r"\bsign[- ]?offs?\b", "approve"),
    (r"\bre[- ]?(?:key|type|enter)\w*", "retype"),
    (r"\be-?mail(?:s|ed|ing)?\b", "email"),
)
# One pass over the text: each alternative is a named group that knows its replacement. Each
# pattern is r"\b" and a letter; looking for those letters first skips most positions (five
# times faster on long descriptions).
_FIRST_LETTERS = "".join(sorted({pattern[2] for pattern, _ in _PHRASE_REPLACEMENTS}))
_PHRASES = re.compile(
    rf"\b(?=[{_FIRST_LETTERS}])(?:"
    + "|".join(f"(?P<p{i}>{pattern})" for i, (pattern, _) in enumerate(_PHRASE_REPLACEMENTS))
    + ")"
)


def _replace_phrase(match: re.Match[str]) -> str:
    group = match.lastgroup
    if group is None:  # never: every alternative of _PHRASES is a named group
        raise ValueError(f"No phrase group matched {match.group()!r}")
    return f" {_PHRASE_REPLACEMENTS[int(group[1:])][1]} "


_SYNONYMS: dict[str, str] = {
    word: canonical
    for words, canonical in (
        (
            "approve approval approvals approved approver approvers approving authorise authorize "
            "authorisation authorization",
            "approve",
        ),
        ("copy copying copied typing typed retyping rekeying keying", "retype"),
        ("chase chasing chased chaser chasers reminder reminders", "chase"),
        ("report reports reporting pack packs figures", "report"),
        ("monthly month months", "month"),
        ("weekly week weeks", "week"),
        ("manual manually", "manual"),
        ("spreadsheet spreadsheets excel workbook workbooks", "spreadsheet"),
        ("client clients", "customer"),
    )
    for word in words.split()
}
_DISPLAY = {"purchaseorder": "purchase order", "retype": "re-typing"}
_NON_WORD = re.compile(r"[^a-z0-9']+")


@dataclass(frozen=True)
class DuplicateSuggestion:
    """Pain points that look like the same workflow, with how alike they are and why."""

    pain_point_ids: tuple[int, ...]  # everything that would end up in one candidate, sorted
    similarity: float  # 0..1: the mean similarity of the pairs that link them
    reason: str
    candidate_group_ids: tuple[int, ...] = ()  # existing candidate groups among them
    pairs: tuple[tuple[int, int, float], ...] = ()  # the linking pairs (id, id, similarity)

    def pairs_to_reject(self, groups: Mapping[int, int] | None = None) -> set[frozenset[int]]:
        """Every pair across the suggestion not already in one candidate ("these are not the same")."""
        groups = groups or {}
        ids = self.pain_point_ids
        return {
            frozenset((a, b))
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
            if groups.get(a) is None or groups.get(a) != groups.get(b)
        }


def words_of(text: str) -> list[str]:
    """The meaningful words of a text: lower case, abbreviations and synonyms folded, stop words out."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    text = _PHRASES.sub(_replace_phrase, text)
    words = []
    for word in _NON_WORD.sub(" ", text).split():
        word = word.strip("'")
        if word.endswith("'s"):
            word = word[:-2]
        word = _SYNONYMS.get(word, word)
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
    common = [w for w, c in counts.items() if c >= 2 and not technology_words_in(_DISPLAY.get(w, w))]
    common.sort(key=lambda w: (-counts[w], -in_titles[w], frequency.get(w, 0), w))
    return [_DISPLAY.get(w, w) for w in common[:limit]]


def suggest_duplicates(
    pain_points: list[dict],
    threshold: float = DUPLICATE_THRESHOLD,
    groups: Mapping[int, int] | None = None,
    rejected: set[frozenset[int]] | None = None,
) -> list[DuplicateSuggestion]:
    """Groups of pain points that likely describe the same workflow, most alike first.

    Pairs already in one candidate (`groups`: pain point id -> candidate group id) and pairs
    the facilitator marked as different (`rejected`) are never suggested, and a suggestion
    never joins two pain points whose pair was rejected.
    """
    if not 0 < threshold <= 1:
        raise ValueError("The similarity threshold must be above 0 and at most 1.")
    groups = dict(groups or {})
    rejected = set(rejected or ())
    n = len(pain_points)
    if n < 2:
        return []
    ids = [int(p["id"]) for p in pain_points]
    titles = [words_of(p.get("title", "")) for p in pain_points]
    bodies = [words_of(p.get("description", "")) for p in pain_points]
    similarity, folded_titles, docs = _similarity(titles, bodies)
    np.fill_diagonal(similarity, 0.0)

    # Candidate links: each pain point's most similar others above the threshold.
    k = min(MAX_NEIGHBOURS, n - 1)
    nearest = (
        np.argpartition(-similarity, k - 1, axis=1)[:, :k] if k < n - 1 else np.argsort(-similarity, axis=1)[:, :k]
    )
    rows = np.repeat(np.arange(n), k)
    cols = nearest.ravel()
    values = similarity[rows, cols]
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
    # Strongest first; among equals by pain point id, so the input order does not matter.
    for (a, b), value in sorted(links.items(), key=lambda item: (-item[1], ids[item[0][0]], ids[item[0][1]])):
        if frozenset((ids[a], ids[b])) in rejected:
            continue
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            if unit_of[a] != unit_of[b]:
                used[root_a].append((a, b, value))
            continue
        if any({find(x), find(y)} == {root_a, root_b} for x, y in blocked):
            continue
        # Average linkage check: the two sides must be alike on average, not through one chain.
        if similarity[np.ix_(members[root_a], members[root_b])].mean() < LINKAGE_SHARE * threshold:
            continue
        sets.join(root_a, root_b)
        members[root_a].extend(members.pop(root_b))
        used[root_a].extend(used.pop(root_b, []))
        used[root_a].append((a, b, value))

    frequency: dict[str, int] = defaultdict(int)
    for doc in docs:
        for word in set(doc):
            frequency[word] += 1
    suggestions = []
    for root, group_members in members.items():
        if len({unit_of[i] for i in group_members}) < 2:
            continue
        linking = used[find(root)]
        departments = sorted({str(pain_points[i].get("department", "") or "") for i in group_members} - {""})
        words = _shared_words(group_members, folded_titles, docs, frequency)
        reason = (
            "Similar wording"
            + (f": {', '.join(words)}" if words else "")
            + (f". Raised by {_join(departments)}." if departments else ".")
        )
        existing = sorted({groups[ids[i]] for i in group_members if groups.get(ids[i]) is not None})
        suggestions.append(
            DuplicateSuggestion(
                pain_point_ids=tuple(sorted(ids[i] for i in group_members)),
                similarity=round(float(np.mean([v for _, _, v in linking])), 4) if linking else 0.0,
                reason=reason,
                candidate_group_ids=tuple(existing),
                pairs=tuple(sorted((min(ids[a], ids[b]), max(ids[a], ids[b]), round(v, 4)) for a, b, v in linking)),
            )
        )
    suggestions.sort(key=lambda s: (-s.similarity, s.pain_point_ids))
    return suggestions


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
