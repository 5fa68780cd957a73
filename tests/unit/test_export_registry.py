"""Every download is one entry of the registry: each renders its document, and the pages offer each one."""

from __future__ import annotations

import pytest

from aiadopt import storage
from aiadopt.domain.charter import draft_charter
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.formats.registry import CHARTER, EXPORT_FORMATS, PILOT_OUTCOME, SHORTLIST, formats_for
from aiadopt.services import exports, pilots, sample
from aiadopt.services.charters import charter_key
from aiadopt.services.consolidation import load_candidates
from aiadopt.services.workshops import get_workshop

MAGIC = {"pdf": b"%PDF", "xlsx": b"PK", "csv": b"\xef\xbb\xbf", "md": b"#"}


@pytest.fixture(scope="module")
def documents():
    db = storage.connect_memory()
    workshop_id = sample.load_sample(db)
    workshop = get_workshop(db, workshop_id)
    state = load_candidates(db, workshop_id)
    result = rank_candidates(state.candidates, draws=20)
    top = result.ranked.iloc[0].to_dict()
    charter = draft_charter(top, state.members(int(top["candidate_id"])), workshop)
    pilot_id = pilots.start_pilot(db, workshop_id, charter_key(int(top["candidate_id"])), charter, "2026-11-01")
    return {
        SHORTLIST: exports.shortlist(db, workshop, result, state.pain_points, {}),
        CHARTER: charter,
        PILOT_OUTCOME: exports.pilot_outcome(db, pilot_id),
    }


@pytest.mark.parametrize("export_format", EXPORT_FORMATS, ids=lambda f: f"{f.document}-{f.extension}")
def test_every_registered_format_draws_its_document(documents, export_format):
    data = exports.render(export_format, documents[export_format.document])
    assert data.startswith(MAGIC[export_format.extension])
    assert exports.filename({"name": "Acme"}, export_format.name, export_format.extension).endswith(
        f"-{export_format.name}.{export_format.extension}"
    )


def test_the_buttons_each_page_offers():
    assert [f.label for f in formats_for(SHORTLIST)] == [
        "Shortlist (Excel)",
        "Shortlist (CSV)",
        "Report (PDF)",
        "Report (Markdown)",
    ]
    assert [f.label for f in formats_for(CHARTER)] == ["Charter (PDF)", "Charter (Markdown)"]
    assert [f.label for f in formats_for(PILOT_OUTCOME)] == ["Outcome report (PDF)", "Outcome report (Markdown)"]


def test_each_document_names_its_formats_once():
    for document in (SHORTLIST, CHARTER, PILOT_OUTCOME):
        extensions = [f.extension for f in formats_for(document)]
        assert extensions and len(extensions) == len(set(extensions)), document
        assert len({f.label for f in formats_for(document)}) == len(extensions)
