"""What a facilitator downloads: one service builds each document, and every format draws it.

The formats themselves are listed once in `aiadopt/formats/registry.py`; pages loop over them.
Every file is drawn in its workshop's language (`render`), whatever the language of the screen that
asked for it: headings, labels and fixed sentences translated, numbers and dates written as that
language writes them, and each entry exactly as it was typed.
"""

from __future__ import annotations

from dataclasses import replace

from aiadopt import storage
from aiadopt.domain import candidate_ids
from aiadopt.domain.candidates import aggregate_candidates
from aiadopt.domain.charter import problem_quotes
from aiadopt.domain.language import SOURCE_LANGUAGE
from aiadopt.domain.ranking.criteria import CRITERION_LABELS, candidate_facts, read_inputs
from aiadopt.domain.ranking.explanations import explain
from aiadopt.domain.ranking.gates import GATE_NAMES, Gates, gate_outcomes
from aiadopt.domain.ranking.rank import RankingResult
from aiadopt.formats import cells, spreadsheets
from aiadopt.formats.registry import CHARTER, PILOT_OUTCOME, SHORTLIST, ExportFormat, Shortlist, format_of, formats_for
from aiadopt.i18n import speaking
from aiadopt.services.audit import audit_report_section
from aiadopt.services.capture import list_pain_points
from aiadopt.services.charters import charter_state
from aiadopt.services.languages import workshop_language
from aiadopt.services.pilots import outcome_report_data
from aiadopt.services.workshops import get_workshop
from aiadopt.storage import Database

__all__ = [
    "CHARTER",
    "PILOT_OUTCOME",
    "SHORTLIST",
    "ExportFormat",
    "Shortlist",
    "charter_preview",
    "document_language",
    "filename",
    "format_of",
    "formats_for",
    "pain_points_to_csv",
    "pilot_outcome",
    "render",
    "shortlist",
]


def shortlist(db: Database, workshop: dict, ranking: RankingResult, pain_points: list[dict], gates: dict) -> Shortlist:
    """Everything the shortlist's files need, read now (the files themselves are drawn when asked for)."""
    return Shortlist(
        ranked=ranking.ranked,
        excluded=ranking.excluded,
        pain_points=pain_points,
        weights=ranking.weights,
        labels=CRITERION_LABELS,
        gates=gates,
        workshop=workshop,
        audit=audit_report_section(db, workshop["id"]),
        reference=dict(ranking.reference),
    )


def pilot_outcome(db: Database, pilot_id: int) -> dict:
    """What the one-page pilot outcome report prints: the pilot's record, the problem in the departments'
    words (its candidate's pain points, shortened), the charter's risks, and the workshop it came from."""
    report = outcome_report_data(db, pilot_id)
    workshop = get_workshop(db, report["pilot"]["workshop_id"])
    charter, members = _pilot_charter(db, workshop, report["pilot"])
    problem = problem_quotes(members) or [line for line in str(charter.get("problem") or "").split("\n") if line]
    return report | {
        "problem": problem,
        "risks": list(charter.get("risks") or []),
        "workshop": {
            key: workshop.get(key) for key in ("name", "organisation", "session_date", "facilitator", "language")
        },
    }


# Every gate set to flag, so a candidate gets each first-pilot condition it fails as a flag: the flags a
# ranked candidate carries never depend on the gates chosen (a failed "exclude" gate would unrank it).
_EVERY_GATE_FLAGS = Gates(**dict.fromkeys(GATE_NAMES, "flag"))


def _pilot_charter(db: Database, workshop: dict, pilot: dict) -> tuple[dict, list[dict]]:
    """The charter of the candidate a pilot started from, as the facilitator last left it, and its pain points.

    Only that candidate is built (the Pilots page asks for this on every run). A candidate split, merged
    into another or deleted since leaves the pilot's own record (title, owner, KPI) and the stored edits.
    """
    kind, number = candidate_ids.parse_charter_key(pilot["candidate_key"]) or ("candidate", 0)
    groups, titles = storage.candidates.groups(db, workshop["id"])
    grouped = {i for members in groups.values() for i in members}
    if kind == "candidate":
        candidate_id, ids = candidate_ids.merged(number), groups.get(number, [])
        group = {number: ids}
    else:
        candidate_id, ids, group = candidate_ids.single(number), [] if number in grouped else [number], {}
    members = [p for p in list_pain_points(db, workshop["id"]) if p["id"] in ids]
    if members:
        rows = aggregate_candidates(members, group, titles)
        inputs = read_inputs(rows)
        outcome = gate_outcomes(rows, inputs, candidate_facts(inputs), _EVERY_GATE_FLAGS)[0]
        candidate = rows.iloc[0].to_dict() | {"flags": list(outcome.flags)}
    else:
        fields = ("title", "owner", "kpi_metric", "kpi_unit", "kpi_baseline", "kpi_target")
        candidate = {key: pilot.get(key) for key in fields}
        candidate |= {"candidate_id": candidate_id, "hours_per_year": pilot.get("hours_at_start")}
    return charter_state(db, workshop, candidate, members).charter, members


def document_language(document: object) -> str:
    """The language a document's files are written in: its workshop's (a shortlist's workshop, the
    workshop an outcome report came from, the charter's own `language`, copied from its workshop)."""
    if isinstance(document, Shortlist):
        return workshop_language(dict(document.workshop or {}))
    if isinstance(document, dict):
        workshop = document.get("workshop")
        return workshop_language(workshop if isinstance(workshop, dict) else document)
    return workshop_language({})


def render(export_format: ExportFormat, document: object) -> bytes:
    """The file of a document in one format, in its workshop's language whatever the screen speaks."""
    language = document_language(document)
    with speaking(language):
        return export_format.render(_explained_in(language, document))


def _explained_in(language: str, document: object) -> object:
    """A shortlist whose sentences saying why each candidate ranks where it does are in `language`
    (the ranking says them in English, once for every screen; a file in another language says them again)."""
    if language == SOURCE_LANGUAGE or not isinstance(document, Shortlist) or document.reference is None:
        return document
    ranked = document.ranked
    if ranked.empty or "explanation" not in ranked.columns:
        return document
    ranked = ranked.copy()
    ranked["explanation"] = [
        explain(row, int(row["rank"]), document.weights, document.reference) for row in ranked.to_dict("records")
    ]
    return replace(document, ranked=ranked)


def charter_preview(charter: dict) -> str:
    """The pilot charter as the page shows it (its Markdown file's text)."""
    return render(format_of(CHARTER, "md"), charter).decode("utf-8")


def filename(workshop: dict, name: str, extension: str) -> str:
    """A safe file name for a download, such as acme-discovery-2026-11-24-shortlist.xlsx."""
    return cells.export_filename(workshop, name, extension)


def pain_points_to_csv(pain_points: list[dict]) -> bytes:
    """Pain points as a CSV file that can be imported again."""
    return spreadsheets.pain_points_to_csv(pain_points)
