"""Render the sample workshop's PDF report and pilot charter to PNG for the README.

Run from the repo root: .venv/bin/python scripts/report_images.py (needs pdftoppm from poppler-utils).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt import storage  # noqa: E402
from aiadopt.domain.charter import draft_charter  # noqa: E402
from aiadopt.domain.ranking.criteria import CRITERIA  # noqa: E402
from aiadopt.domain.ranking.gates import Gates  # noqa: E402
from aiadopt.domain.ranking.rank import rank_candidates  # noqa: E402
from aiadopt.services import (
    exports,  # noqa: E402
    sample,  # noqa: E402
)
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
    labels = {c.key: c.label for c in CRITERIA}
    gates = {name: getattr(Gates(), name) for name in ("red_data", "no_owner", "no_kpi", "unclear_io")}
    first_page_png(
        exports.report_pdf(result.ranked, result.weights, labels, gates, workshop, result.excluded), "report-first-page"
    )
    top = result.ranked.iloc[0].to_dict()
    charter = draft_charter(top, state.members(int(top["candidate_id"])), workshop)
    first_page_png(exports.charter_pdf(charter), "charter")
    print(f"written to {IMAGES}")


if __name__ == "__main__":
    main()
