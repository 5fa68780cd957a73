"""Render the sample workshop's PDF report and pilot charter to PNG for the README.

Run from the repo root: .venv/bin/python scripts/report_images.py (needs pdftoppm from poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt import storage  # noqa: E402
from aiadopt.domain.charter import draft_charter  # noqa: E402
from aiadopt.domain.ranking.gates import Gates  # noqa: E402
from aiadopt.domain.ranking.rank import rank_candidates  # noqa: E402
from aiadopt.services import (
    exports,  # noqa: E402
    pilots,  # noqa: E402
    sample,  # noqa: E402
)
from aiadopt.services.charters import charter_key  # noqa: E402
from aiadopt.services.consolidation import load_candidates  # noqa: E402
from aiadopt.services.workshops import get_workshop

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"


def first_page_png(pdf: bytes, name: str) -> None:
    """Write the first page of a PDF as docs/images/<name>.png."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(IMAGES / name)],
            check=True,
        )


def main() -> None:
    """Rank the sample workshop with the Balanced preset and picture its report and charter."""
    db = storage.connect_memory()
    workshop_id = sample.load_sample(db)
    workshop = get_workshop(db, workshop_id)
    state = load_candidates(db, workshop_id)
    result = rank_candidates(state.candidates)
    shortlist = exports.shortlist(db, workshop, result, state.pain_points, dict(Gates()))
    first_page_png(exports.render(exports.format_of(exports.SHORTLIST, "pdf"), shortlist), "report-first-page")
    top = result.ranked.iloc[0].to_dict()
    charter = draft_charter(top, state.members(int(top["candidate_id"])), workshop)
    first_page_png(exports.render(exports.format_of(exports.CHARTER, "pdf"), charter), "charter")
    pilot_outcome(db, workshop_id, top, charter)
    print(f"written to {IMAGES}")


def pilot_outcome(db, workshop_id: int, top: dict, charter: dict) -> None:
    """The top candidate tracked as a pilot for six weeks, with a few measurements and two gates."""
    started = date.today() - timedelta(weeks=6)
    kpi = {"kpi_metric": charter.get("kpi_metric") or "cycle time", "kpi_unit": charter.get("kpi_unit") or "days"}
    kpi |= {"kpi_baseline": charter.get("kpi_baseline") or 6, "kpi_target": charter.get("kpi_target") or 2}
    pilot_id = pilots.start_pilot(db, workshop_id, charter_key(int(top["candidate_id"])), charter | kpi, started)
    baseline, target = float(kpi["kpi_baseline"]), float(kpi["kpi_target"])
    hours = float(charter.get("hours_per_year") or 0)
    for week, share, note in (
        (0, 0.0, "measured before the change"),
        (2, 0.3, ""),
        (4, 0.55, ""),
        (6, 0.7, "one approver on leave"),
    ):
        value = round(baseline - (baseline - target) * share, 1)
        when = started + timedelta(weeks=week)
        pilots.record_measurement(
            db, pilot_id, value, when, hours=round(hours * (1 - share * 0.8)), note=note, recorded_by="Priya"
        )
    pilots.set_gate(
        db,
        pilot_id,
        1,
        "passed",
        decided_on=started + timedelta(days=5),
        evidence="workflow mapped with the team",
        decider="Priya",
    )
    pilots.set_gate(
        db,
        pilot_id,
        2,
        "passed",
        decided_on=started + timedelta(days=12),
        evidence="data checked: amber, kept in house",
        decider="Priya",
    )
    report = exports.pilot_outcome(db, pilot_id)
    first_page_png(exports.render(exports.format_of(exports.PILOT_OUTCOME, "pdf"), report), "pilot-outcome")


if __name__ == "__main__":
    main()
