"""Duplicate suggestions, measured honestly: tuned on one part of a labelled corpus, judged on another.

bench/data/duplicates/corpus.jsonl holds 378 pain points in 13 workshops (13 industries, a fifth in
German, French or Spanish), written apart from the code; whole workshops are either development
(tuning) or held-out (judging). Pairs are judged within each workshop: a pair is right when both
pain points belong to one labelled workflow. For each method the suggestions are the app's own
grouping (`suggest_duplicates`), and every pair placed in one suggestion counts.

Methods: the words alone (TF-IDF, the fallback without the encoder), the encoder alone, the blend
the app ships, and a character-level baseline (TF-IDF on character 3- to 5-grams). `--tune` fits each
method's likelihood curve and chooses its threshold on the development part only, and prints the
constants `aiadopt/domain/duplicates.py` ships. Then the time to suggest for 600 and 5,000 stored pain
points (vectors already stored, as in the app), next to one plain product of the same vectors.

Run: .venv/bin/python bench/consolidation.py [--tune]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt.domain import duplicates  # noqa: E402
from aiadopt.domain.duplicates import SHIPPED, Method, suggest_duplicates  # noqa: E402
from aiadopt.domain.pain_points import build_pain_point  # noqa: E402
from aiadopt.services import similarity  # noqa: E402
from aiadopt.services.capture import add_pain_points, list_pain_points  # noqa: E402
from bench.common import bench_owner, database, figure, timed, workshop_database  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "data" / "duplicates" / "corpus.jsonl"
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.05), 2)
TARGETS = {"precision": 0.85, "recall": 0.75, "seconds_600": 1.0, "seconds_5000": 10.0, "decision_ratio": 1.5}
ROOT = Path(__file__).resolve().parent.parent


def load() -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for number, row in enumerate(rows, start=1):
        row["id"] = number
    return rows


def char_vectors(rows: list[dict]) -> dict[int, np.ndarray]:
    """The character-level baseline as 'vectors': unit TF-IDF rows of character 3- to 5-grams."""
    texts = [similarity.text_of(r)[0].lower() for r in rows]
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
    dense = matrix.toarray().astype(np.float32)
    return {r["id"]: np.stack([dense[i], dense[i]]) for i, r in enumerate(rows)}


def workshops(rows: list[dict], split: str) -> list[list[dict]]:
    names = sorted({r["workshop"] for r in rows if r["split"] == split})
    return [[r for r in rows if r["workshop"] == name] for name in names]


def pair_scores(rows: list[dict], split: str, vectors, method: Method) -> tuple[np.ndarray, np.ndarray]:
    """Every within-workshop pair's score before the likelihood curve (the scaled blend, or the words'
    likeness without vectors), and whether the pair is right."""
    scores, truth = [], []
    for points in workshops(rows, split):
        words = duplicates.similarity_matrix(points)
        if vectors is None:
            matrix = words
        else:
            blend = duplicates.meaning_similarity(np.stack([vectors[p["id"]] for p in points]))
            blend = (1 - method.lexical_weight) * blend + method.lexical_weight * words
            matrix = duplicates.scale_for_hubs(blend, method.scaling_neighbours, method.hub_floor)
        first, second = np.triu_indices(len(points), 1)
        scores.append(matrix[first, second])
        truth.append(np.array([points[a]["workflow"] == points[b]["workflow"] for a, b in zip(first, second)]))
    return np.concatenate(scores), np.concatenate(truth)


def judged(rows: list[dict], split: str, vectors, method: Method) -> tuple[float, float, float, int]:
    """Pair precision, recall and F1 of the suggestions, and how many right pairs cross languages."""
    right = wrong = missed = across = 0
    for points in workshops(rows, split):
        suggested = {
            frozenset(pair)
            for s in suggest_duplicates(points, vectors, method=method)
            for pair in itertools.combinations(s.pain_point_ids, 2)
        }
        by_id = {p["id"]: p for p in points}
        truth = {
            frozenset((a["id"], b["id"]))
            for a, b in itertools.combinations(points, 2)
            if a["workflow"] == b["workflow"]
        }
        right += len(suggested & truth)
        wrong += len(suggested - truth)
        missed += len(truth - suggested)
        across += sum(len({by_id[i]["language"] for i in pair}) > 1 for pair in suggested & truth)
    precision = right / (right + wrong) if right + wrong else 0.0
    recall = right / (right + missed) if right + missed else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, across


def tune(rows: list[dict], vectors, method: Method, curve: str, threshold: str) -> Method:
    """Fit the likelihood curve on the development pairs, then the threshold with the best development F1."""
    scores, truth = pair_scores(rows, "dev", vectors, method)
    fit = LogisticRegression(C=1e6, max_iter=1000).fit(scores[:, None], truth)
    fitted = replace(method, **{curve: (round(float(fit.coef_[0][0]), 2), round(float(fit.intercept_[0]), 2))})

    def dev_f1(value: float) -> tuple[float, float]:
        return judged(rows, "dev", vectors, replace(fitted, **{threshold: float(value)}))[2], value

    return replace(fitted, **{threshold: float(max(THRESHOLDS, key=dev_f1))})


def timed_suggestions(rows: list[dict], vectors, count: int) -> tuple[float, float]:
    """Seconds to suggest for `count` stored pain points (median of 3), and the floor: one product of their vectors."""
    points = [dict(rows[i % len(rows)], id=i + 1) for i in range(count)]
    stored = {p["id"]: vectors[rows[(p["id"] - 1) % len(rows)]["id"]] for p in points}
    stacked = np.stack([stored[p["id"]][0] for p in points])
    runs, floors = [], []
    for _ in range(3):
        start = time.perf_counter()
        suggest_duplicates(points, stored)
        runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        stacked @ stacked.T
        floors.append(time.perf_counter() - start)
    return statistics.median(runs), statistics.median(floors)


def review_workshop(rows: list[dict], path: Path, count: int = 600) -> int:
    """A workshop of `count` pain points from the corpus (told again by another department past its
    378), vectors made as a facilitator's import makes them, in a fresh database file."""
    names = sorted({r["department"] for r in rows})
    with workshop_database(path, names, name="Review bench") as (db, workshop_id, departments):
        points = []
        for number in range(count):
            row = rows[number % len(rows)]
            department = row["department"] if number < len(rows) else names[number % len(names)]
            fields = {"title": row["title"], "description": row["description"], "frequency_count": 1 + number % 9}
            fields |= {"frequency_period": "week", "minutes_per_occurrence": 10 + number % 50, "people_count": 2}
            points.append(build_pain_point(fields, workshop_id=workshop_id, department_id=departments[department]))
        add_pain_points(db, points)
    return workshop_id


def _review_alone() -> None:
    """What a browser's server runs on a decision: the review fragment, not the page around it."""
    import streamlit as st

    from aiadopt import ui

    ui.review_suggestions(st.session_state["workshop_id"])


def _decisions(app, repeats: int) -> tuple[float, float]:
    """Median seconds of "Not the same" and of "Accept as one workflow", clicked in turn on the first suggestion."""
    times: dict[str, list[float]] = {"review_reject_": [], "review_accept_": []}
    app.run()  # opened once: suggestions made, cached
    for _ in range(repeats):
        for prefix, spent in times.items():
            button = next(b for b in app.button if b.key and b.key.startswith(prefix) and b.key[len(prefix)].isdigit())
            seconds, app = timed(lambda button=button: button.click().run())
            assert not app.exception, app.exception
            spent.append(seconds)
    return statistics.median(times["review_reject_"]), statistics.median(times["review_accept_"])


def decision_time(rows: list[dict], repeats: int = 5) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Server seconds of one decision in a 600-pain-point workshop ("Not the same", "Accept"; median of
    `repeats`): for the review alone (the fragment a browser reruns) and for the whole Consolidate page
    (what AppTest reruns: an upper bound); and the floor, a bare page drawing the same pain points' table."""
    from streamlit.testing.v1 import AppTest

    folder = Path(tempfile.mkdtemp())
    os.environ["AIADOPT_DB_PATH"] = str(folder / "bench.db")
    os.environ["AIADOPT_FACILITATOR_PASSCODE"] = "bench-passcode"
    workshop_id = review_workshop(rows, folder / "bench.db")
    apps = [
        AppTest.from_function(_review_alone, default_timeout=300),
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=300),
    ]
    for app in apps:
        app.session_state["account_id"] = bench_owner()
        app.session_state["workshop_id"] = workshop_id
    review = _decisions(apps[0], repeats)
    page = _decisions(apps[1].run().switch_page("app_pages/consolidate.py"), repeats)
    with database(folder / "bench.db") as db:
        table = ui_frame(list_pain_points(db, workshop_id))
    table.to_pickle(pickled := folder / "pain_points.pkl")
    bare = (
        "import pandas as pd\nimport streamlit as st\n"
        f"st.title('Pain points')\nst.dataframe(pd.read_pickle({str(pickled)!r}), hide_index=True)\n"
    )
    floor = statistics.median(timed(lambda: AppTest.from_string(bare, default_timeout=120).run())[0] for _ in range(5))
    return review, page, floor


def ui_frame(points: list[dict]):
    import pandas as pd

    return pd.DataFrame(
        [{"No.": p["id"], "Pain point": p["title"], "Department": p["department"], "Hours": p["hours_per_year"]}]
        for p in points
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="fit on the development part and print the constants")
    args = parser.parse_args(argv)
    rows = load()
    started = time.perf_counter()
    encoded = similarity.encode(rows)
    print(f"corpus: {len(rows)} pain points, encoded in {time.perf_counter() - started:.1f} s")
    meaning = {r["id"]: encoded[i] for i, r in enumerate(rows)}
    methods = {
        "words alone (TF-IDF)": (None, SHIPPED, "words_curve", "words_suggest_from"),
        "characters (3-5 grams)": (
            char_vectors(rows),
            replace(SHIPPED, lexical_weight=0.0, scaling_neighbours=0),
            "blend_curve",
            "suggest_from",
        ),
        "encoder alone": (meaning, replace(SHIPPED, lexical_weight=0.0), "blend_curve", "suggest_from"),
        "blend (shipped)": (meaning, SHIPPED, "blend_curve", "suggest_from"),
    }
    for name, (vectors, method, curve, threshold) in methods.items():
        if args.tune or name.startswith(("char", "encoder")):
            method = tune(rows, vectors, method, curve, threshold)
            methods[name] = (vectors, method, curve, threshold)
        dev = judged(rows, "dev", vectors, method)
        held = judged(rows, "heldout", vectors, method)
        print(
            f"{name:24} threshold {getattr(method, threshold):.2f}  "
            f"dev P {dev[0]:.2f} R {dev[1]:.2f} F1 {dev[2]:.2f}  |  "
            f"held-out P {held[0]:.2f} R {held[1]:.2f} F1 {held[2]:.2f}, right pairs across languages {held[3]}"
        )
        if args.tune and name.startswith(("words", "blend")):
            print(f"  tuned: {curve}={getattr(method, curve)}, {threshold}={getattr(method, threshold):.2f}")
    shipped = methods["blend (shipped)"][1]
    print("the shipped blend's trade-off on the held-out part (for reading only; nothing is chosen on it):")
    for value in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        precision, recall, f1, _ = judged(rows, "heldout", meaning, replace(shipped, suggest_from=value))
        print(f"  from {value:.1f}: P {precision:.2f} R {recall:.2f} F1 {f1:.2f}")
    held = judged(rows, "heldout", meaning, shipped)
    for count in (600, 5_000):
        seconds, floor = timed_suggestions(rows, meaning, count)
        print(
            f"suggest for {count:,} stored pain points: {seconds:.2f} s; "
            f"floor, one product of their vectors: {floor:.3f} s"
        )
        print(f"consolidation_{count}: {seconds:.2f} s (target {TARGETS[f'seconds_{count}']:g} s)")
    review, page, floor = decision_time(rows)
    print("one decision, 600 pain points (median of 5): 'Not the same', then 'Accept'")
    print(f"  the review alone (what a browser's server reruns): {review[0]:.3f} s, {review[1]:.3f} s")
    print(f"  the whole Consolidate page (an upper bound): {page[0]:.3f} s, {page[1]:.3f} s")
    print(f"  floor, a bare page with the same 600 pain points' table: {floor:.3f} s")
    figure("consolidation_decision", f"{max(review) / floor:.1f}x", f"{TARGETS['decision_ratio']}x")
    figure("consolidation_decision_page", f"{max(page) / floor:.1f}x", f"{TARGETS['decision_ratio']}x")
    print(f"consolidation_precision: {held[0]:.2f} (target {TARGETS['precision']})")
    print(f"consolidation_recall: {held[1]:.2f} (target {TARGETS['recall']})")


if __name__ == "__main__":
    main()
