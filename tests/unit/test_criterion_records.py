"""A criterion is one record: added in one place, it is aggregated, ranked, explained, flagged and exported."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from aiadopt.domain.candidates import CANDIDATE_COLUMNS
from aiadopt.domain.ranking import criteria
from aiadopt.domain.ranking.criteria import CRITERIA, INPUTS, PRESET_NAMES, PRESETS

ROOT = Path(__file__).resolve().parents[2]

# The record a newcomer would add: how many systems the work crosses (the example).
NEW_CRITERION = """
    Criterion(
        "systems_crossed",
        "Systems crossed",
        "value",
        "How many systems the work moves information between.",
        "(systems - 1) / 3, capped at 1",
        (
            Input(
                "systems_count",
                "Systems used",
                1.0,
                highest,
                lambda p: float(len([s for s in str(p.get("systems_used") or "").split(",") if s.strip()])) or None,
            ),
        ),
        lambda x: np.clip((x["systems_count"] - 1.0) / 3.0, 0.0, 1.0),
        Presets(5, 1, 3, 1),
        strength=lambda f: f"work crossing {f['systems_count']:.0f} systems",
        weakness="work inside one system",
    ),
"""

SCRIPT = r"""
import json
from aiadopt.domain.candidates import aggregate_candidates
from aiadopt.domain.ranking.criteria import CRITERION_LABELS, PRESETS
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.formats import markdown, spreadsheets

base = {"frequency_count": 3, "frequency_period": "week", "minutes_per_occurrence": 20, "people_count": 2,
        "department": "Finance", "data_sensitivity": "green", "owner_name": "Sam", "kpi_metric": "minutes",
        "kpi_baseline": 40, "kpi_target": 10}
points = [
    base | {"id": 1, "title": "Keying invoices", "systems_used": "email, Sage, Excel, the portal"},
    base | {"id": 2, "title": "Same invoices, other team", "systems_used": "Sage"},
    base | {"id": 3, "title": "Filing", "systems_used": "the shared drive"},
    base | {"id": 4, "title": "Nobody said", "systems_used": ""},
]
candidates = aggregate_candidates(points, {10: [1, 2]})
result = rank_candidates(candidates, PRESETS["Balanced"], draws=0)
ranked = result.ranked.set_index("candidate_id")
csv = spreadsheets.shortlist_to_csv(result.ranked, CRITERION_LABELS, result.weights).decode("utf-8-sig")
report = markdown.report_markdown(result.ranked, result.weights, CRITERION_LABELS, {}, {"name": "W"})
print(json.dumps({
    "merged_systems": float(candidates.set_index("candidate_id").loc[10, "systems_count"]),
    "value": float(ranked.loc[10, "criterion_systems_crossed"]),
    "explanation": ranked.loc[10, "explanation"],
    "weight": result.weights["systems_crossed"],
    "flags_of_silent": list(ranked.loc[-4, "flags"]),
    "csv_header": csv.splitlines()[0],
    "report_names_it": "Systems crossed" in report,
}))
"""


def test_a_criterion_added_in_one_place_is_ranked_explained_flagged_and_exported(tmp_path):
    copy = tmp_path / "aiadopt"
    shutil.copytree(ROOT / "aiadopt", copy, ignore=shutil.ignore_patterns("__pycache__"))
    records = copy / "domain" / "ranking" / "criteria.py"
    text = records.read_text(encoding="utf-8")
    end = text.index("\n)\n\n# --- Derived from the records")
    records.write_text(text[:end] + NEW_CRITERION.rstrip("\n") + text[end:], encoding="utf-8")

    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["merged_systems"] == 4.0  # the merged candidate takes its members' highest count
    assert seen["value"] == 1.0  # (4 - 1) / 3
    assert "work crossing 4 systems" in seen["explanation"]
    assert seen["weight"] > 0  # its Balanced preset weight came with the record
    assert any("Systems used" in flag for flag in seen["flags_of_silent"])  # missing: neutral value, flagged
    assert "Systems crossed (points)" in seen["csv_header"]
    assert seen["report_names_it"]


def test_everything_about_a_criterion_is_derived_from_its_record():
    assert set(PRESETS) == set(PRESET_NAMES.values())
    for name, weights in PRESETS.items():
        assert list(weights) == [c.key for c in CRITERIA], name
    for given in INPUTS:
        assert given.name in CANDIDATE_COLUMNS
        assert criteria.NEUTRAL_VALUES[given.name] == given.neutral
        assert criteria.INPUT_LABELS[given.name] == given.label
    for criterion in CRITERIA:
        assert criterion.phrase(True, _middling_facts()) and criterion.phrase(False, _middling_facts())


def _middling_facts() -> dict:
    facts = {i.name: i.neutral for i in INPUTS} | dict(criteria.CANDIDATE_FACTS)
    return facts | {"data_class": "green", "department_count": 2, "votes": 3.0}
