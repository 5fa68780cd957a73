"""Time the ranking: the Rank page, a large workshop, and how stable the ranks are.

Three parts, each against a floor timed in the same run: the Rank page in AppTest against a bare
page rendering the same table; `rank_candidates` (explanations and gates timed apart) on 300
synthetic candidates, a large workshop, and on 2,000, against the criterion matrix of the same
table; and `rank_stability` on 1,000 candidates with 2,000 draws against one plain numpy product
of the same shapes, (draws x criteria) @ (criteria x candidates) in float64.
Ends with `ranking_stability_1000x2000: <seconds> s (target 0.5 s)`.

Run: .venv/bin/python bench/ranking.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt.domain.pain_points import build_pain_point  # noqa: E402
from aiadopt.domain.ranking.criteria import (  # noqa: E402
    CRITERIA,
    PRESETS,
    candidate_facts,
    criterion_matrix,
    criterion_values,
    read_inputs,
    weights_vector,
)
from aiadopt.domain.ranking.explanations import explain_ranks  # noqa: E402
from aiadopt.domain.ranking.gates import Gates, gate_outcomes  # noqa: E402
from aiadopt.domain.ranking.rank import rank_candidates  # noqa: E402
from aiadopt.domain.ranking.stability import rank_stability  # noqa: E402
from aiadopt.services import sample  # noqa: E402
from aiadopt.services.capture import add_pain_points  # noqa: E402
from bench.common import bench_owner, figure, interleaved, median_time, timed, workshop_database  # noqa: E402

REPEATS = 3
DEPARTMENTS = ("Finance", "Customer Service", "Operations", "HR", "Sales", "IT", "Legal", "Facilities")
STABILITY_CANDIDATES, STABILITY_DRAWS, STABILITY_RUNS = 1_000, 2_000, 7
PAGE_PAIN_POINTS = 2_000


def synthetic_candidates(n: int, seed: int = 7) -> pd.DataFrame:
    """Seeded candidates shaped like aggregate_candidates output, with a few gaps and red rows."""
    rng = np.random.default_rng(seed)
    department_count = rng.integers(1, 5, n)
    departments = [sorted(rng.choice(DEPARTMENTS, size=k, replace=False).tolist()) for k in department_count]
    scale = lambda: rng.integers(1, 6, n).astype(float)  # noqa: E731
    frame = pd.DataFrame(
        {
            "candidate_id": np.arange(1, n + 1),
            "title": [f"Candidate workflow {i}" for i in range(1, n + 1)],
            "member_count": department_count,
            "departments": departments,
            "department_count": department_count,
            "hours_per_year": np.round(rng.lognormal(5.5, 1.4, n), 1),
            "occurrences_per_year": np.round(rng.lognormal(5.0, 1.5, n)),
            "error_rate_pct": np.round(rng.uniform(0, 40, n), 1),
            "waits_on_other_teams": rng.integers(0, 2, n).astype(float),
            "customer_impact": rng.integers(0, 4, n).astype(float),
            "severity": scale(),
            "io_clarity": scale(),
            "rule_based": scale(),
            "change_readiness": scale(),
            "data_availability": scale(),
            "data_quality": scale(),
            "data_class": rng.choice(["green", "amber", "red"], n, p=[0.6, 0.3, 0.1]),
            "owner": np.where(rng.random(n) < 0.6, "Owner", ""),
            "kpi_metric": np.where(rng.random(n) < 0.7, "minutes per case", ""),
            "kpi_unit": "minutes",
            "kpi_baseline": np.where(rng.random(n) < 0.5, 40.0, np.nan),
            "kpi_target": np.where(rng.random(n) < 0.5, 10.0, np.nan),
            "votes": rng.poisson(1.0, n),
        }
    )
    frame["has_kpi_metric"] = frame["kpi_metric"].ne("")
    frame["has_kpi_baseline"] = frame["kpi_baseline"].notna()
    frame["has_kpi_target"] = frame["kpi_target"].notna()
    gaps = rng.random(n) < 0.02
    frame.loc[gaps, "severity"] = np.nan  # a few missing numbers, neutral-filled and flagged
    frame["missing"] = [["severity"] if gap else [] for gap in gaps]
    return frame


def bench_domain(sizes: tuple[int, ...] = (300, 2_000)) -> None:
    """Rank a workshop-sized table and a large one; the floor is the criterion matrix of the same table."""
    for n in sizes:
        candidates, weights = synthetic_candidates(n), PRESETS["Balanced"]
        rank_candidates(candidates, weights)  # warm-up: imports, caches, first allocations
        inputs = read_inputs(candidates)
        facts, matrix, vector = candidate_facts(inputs), criterion_values(inputs), weights_vector(weights)
        reference, ranks = matrix.mean(axis=0), list(range(1, n + 1))
        floor = median_time(lambda: criterion_values(read_inputs(candidates)), REPEATS)  # noqa: B023
        total = median_time(lambda: rank_candidates(candidates, weights), REPEATS)  # noqa: B023
        explaining = median_time(lambda: explain_ranks(ranks, matrix, vector, reference, facts), REPEATS)  # noqa: B023
        gating = median_time(lambda: gate_outcomes(candidates, inputs, facts, Gates()), REPEATS)  # noqa: B023
        print(
            f"{n:,} candidates, {len(CRITERIA)} criteria, median of {REPEATS}: rank_candidates {total * 1000:.1f} ms "
            f"(explanations {explaining * 1000:.1f} ms, gates {gating * 1000:.1f} ms); "
            f"floor, the criterion matrix alone: {floor * 1000:.1f} ms"
        )
        figure(f"ranking_{n}", f"{total:.3f} s", f"{0.5 if n <= 300 else 2} s")


def bench_stability() -> None:
    """rank_stability on 1,000 candidates with 2,000 draws, taking turns with one numpy product."""
    matrix, _ = criterion_matrix(synthetic_candidates(STABILITY_CANDIDATES))
    weights = PRESETS["Balanced"]
    drawn = np.random.default_rng(0).dirichlet(np.ones(len(CRITERIA)), size=STABILITY_DRAWS)  # (draws x k)
    values = np.ascontiguousarray(matrix.T)  # (k x n)
    rank_stability(matrix, weights, draws=STABILITY_DRAWS)  # warm-up
    floor, seconds = interleaved(
        STABILITY_RUNS, lambda: drawn @ values, lambda: rank_stability(matrix, weights, draws=STABILITY_DRAWS)
    )
    print(
        f"floor, one numpy product ({STABILITY_DRAWS} x {len(CRITERIA)}) @ ({len(CRITERIA)} x "
        f"{STABILITY_CANDIDATES}) float64, median of {STABILITY_RUNS}: {floor:.4f} s; "
        f"rank_stability is {seconds / floor:.0f}x that"
    )
    figure("ranking_stability_1000x2000", f"{seconds:.3f} s", "0.5 s")


def page_workshop(path: Path) -> int:
    """A workshop of 2,000 pain points (the sample's, varied and repeated) in a fresh database file."""
    data, rng = sample.read_sample(), random.Random(11)
    names = [d["name"] for d in data["departments"]]
    with workshop_database(path, names, **data["workshop"]) as (db, workshop_id, departments):
        pain_points = []
        for number in range(PAGE_PAIN_POINTS):
            raw = dict(rng.choice(data["pain_points"]))
            department_id = departments[raw.pop("department")]
            raw["title"] = f"{raw['title'][:100]} ({number})"
            raw["minutes_per_occurrence"] = round(raw["minutes_per_occurrence"] * rng.uniform(0.5, 1.5), 1)
            pain_points.append(build_pain_point(raw, workshop_id=workshop_id, department_id=department_id))
        add_pain_points(db, pain_points)
    return workshop_id


def bench_page() -> None:
    """The ranking page in AppTest, best of 3, against a bare page rendering the same table."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    folder = Path(tempfile.mkdtemp())
    os.environ["AIADOPT_DB_PATH"] = str(folder / "bench.db")
    os.environ["AIADOPT_FACILITATOR_PASSCODE"] = "bench"
    workshop_id = page_workshop(folder / "bench.db")

    def facilitator() -> AppTest:
        app = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=300)
        app.session_state["account_id"] = bench_owner()
        app.session_state["workshop_id"] = workshop_id
        return app.run()

    facilitator().switch_page("app_pages/ranking.py").run()  # warm-up: imports, first allocations
    opened = moved = float("inf")
    for _ in range(REPEATS):
        st.cache_data.clear()  # as after new pain points arrive: nothing derived is cached
        st.cache_resource.clear()
        app = facilitator()
        seconds, app = timed(lambda app=app: app.switch_page("app_pages/ranking.py").run())
        assert not app.exception, app.exception
        opened, weight = min(opened, seconds), app.slider(key="ranking_weight_severity")
        seconds, app = timed(lambda w=weight: w.set_value(4.5 if w.value != 4.5 else 2.0).run())
        moved, table = min(moved, seconds), app.dataframe[0].value
    table.to_pickle(pickled := folder / "shortlist.pkl")
    bare_script = (
        "import pandas as pd\nimport streamlit as st\n"
        f"st.title('Ranked shortlist')\nst.dataframe(pd.read_pickle({str(pickled)!r}), hide_index=True)\n"
    )
    bare = min(
        timed(lambda: AppTest.from_string(bare_script, default_timeout=120).run())[0] for _ in range(REPEATS + 1)
    )
    print(f"ranking page with {PAGE_PAIN_POINTS:,} pain points ({len(table):,} ranked), best of {REPEATS}:")
    print(f"  opened after new data (nothing cached): {opened:.3f} s ({opened / bare:.1f}x the floor)")
    print(f"  re-ranked after a weight moved:          {moved:.3f} s ({moved / bare:.1f}x the floor)")
    print(f"  floor, a bare page rendering the same table: {bare:.3f} s")
    figure("ranking page", f"{max(opened, moved) / bare:.1f}x", "2x")


if __name__ == "__main__":
    bench_page()
    bench_domain()
    bench_stability()  # its line comes last
