"""docs/scoring.md and the code agree: every criterion, the presets table and the worked example."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from aiadopt.domain.ranking.criteria import CRITERIA, CRITERION_KEYS, PRESETS, criterion_matrix
from aiadopt.domain.ranking.rank import rank_candidates

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"


# --- The documentation -------------------------------------------------------------------


def doc_table(marker: str, heading: str) -> dict[str, list[str]]:
    """Rows of the Markdown table under `heading` between the doc's markers, keyed by first cell."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split(f"<!-- {marker}:start -->")[1].split(f"<!-- {marker}:end -->")[0]
    if heading:
        block = block.split(heading, 1)[1]
    rows: dict[str, list[str]] = {}
    started = False
    for line in block.splitlines():
        if not line.startswith("|"):
            if started:
                break
            continue
        started = True
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if set(cells[0]) <= {"-"}:
            continue
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_every_criterion_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for criterion in CRITERIA:
        assert f"| `{criterion.key}` | {criterion.label} | {criterion.group} |" in text, criterion.key


def test_presets_table_in_docs_matches_the_code():
    table = doc_table("presets", "")
    names = table.pop("criterion")
    for key in CRITERION_KEYS:
        assert [float(v) for v in table[key]] == [PRESETS[name][key] for name in names], key


def test_worked_example_in_docs_matches_the_model():
    inputs = doc_table("worked-example", "Inputs:")
    outputs = doc_table("worked-example", "Criterion values and scores:")
    labels = inputs.pop("input")
    rows = []
    for position, _ in enumerate(labels):
        row: dict[str, object] = {"candidate_id": position + 1}
        for name, values in inputs.items():
            value = values[position]
            if name in ("title", "owner", "data_class"):
                row[name] = value
            elif name.startswith("has_"):
                row[name] = value == "yes"
            else:
                row[name] = float(value)
        rows.append(row)
    table = pd.DataFrame(rows)
    matrix, _ = criterion_matrix(table)
    for index, key in enumerate(CRITERION_KEYS):
        documented = [float(v) for v in outputs[key]]
        assert matrix[:, index].round(3).tolist() == pytest.approx(documented, abs=1e-9), key
    result = rank_candidates(table, PRESETS["Balanced"], draws=0)
    by_id = result.ranked.set_index("candidate_id")
    assert by_id["score"].round(2).tolist() == [float(v) for v in outputs["score"]]
    assert by_id["rank"].tolist() == [int(v) for v in outputs["rank"]]
    assert result.weights["severity"] == pytest.approx(0.0625) and result.weights["io_clarity"] == pytest.approx(4 / 48)
