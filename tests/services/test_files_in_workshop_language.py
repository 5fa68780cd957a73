"""Files in the workshop's language (issue 20): a German workshop's shortlist, report and charter have
German headings and German numbers and dates, with each entry as it was typed, whatever language the
facilitator's screen speaks; an English workshop's files stay as they were."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from openpyxl import load_workbook

from aiadopt import storage
from aiadopt.domain.ranking.rank import rank_candidates
from aiadopt.formats.markdown import escape_markdown
from aiadopt.i18n import catalogues, speaking
from aiadopt.services import exports, sample
from aiadopt.services.charters import charter_state
from aiadopt.services.consolidation import load_candidates
from aiadopt.services.languages import set_workshop_language
from aiadopt.services.workshops import get_workshop

# English source -> the planted German (and French, to tell the session's language from the workshop's).
GERMAN = {
    "Rank": "Rang",
    "Candidate workflow": "Arbeitsablauf",
    "Status": "Stand",
    "Ranked": "Eingereiht",
    "Shortlist": "Auswahlliste",
    "Pilot shortlist: {name}": "Pilot-Auswahl: {name}",
    "Pilot shortlist · {name}": "Pilot-Auswahl · {name}",
    "How the ranking works": "So entsteht die Reihenfolge",
    "Ranked shortlist": "Gereihte Auswahl",
    "Date": "Datum",
    "Pilot charter: {title}": "Pilotauftrag: {title}",
    "Pilot charter": "Pilotauftrag",
    "Plan and success gates": "Plan und Erfolgsschwellen",
    "Owner": "Verantwortlich",
    "Problem validation": "Problem prüfen",
    "Ranks {place} mainly for {strengths}": "Platz {place}, vor allem wegen {strengths}",
    "Ranks {place} with no clear strength": "Platz {place} ohne klare Stärke",
    "{n}th": "{n}.",
    "Time lost": "Verlorene Zeit",
    "The problem, in the departments' own words": "Das Problem, in den Worten der Abteilungen",
}
FRENCH = {"Ranked shortlist": "Liste classée", "Rank": "Rang FR", "Plan and success gates": "Plan et jalons"}
SESSION_DATE = "2026-03-05"  # a month whose name differs in German: März


@pytest.fixture
def planted(tmp_path, monkeypatch):
    """Small German and French catalogues in place of the real ones (read again before and after)."""
    for code, words in (("de", GERMAN), ("fr", FRENCH)):
        catalogue = Catalog(locale=code, domain=catalogues.DOMAIN)
        for english, translated in words.items():
            catalogue.add(english, translated)
        target = catalogues.catalogue_path(code, tmp_path)
        target.parent.mkdir(parents=True)
        with target.open("wb") as po:
            write_po(po, catalogue)
    monkeypatch.setattr(catalogues, "LOCALES_DIR", tmp_path)
    catalogues.reload()
    yield
    monkeypatch.undo()
    catalogues.reload()


def workshop_files(language: str | None) -> dict:
    """The sample workshop in `language` (None: as it was made), ranked, with every file of its
    shortlist and of its top candidate's charter, and what they were made from."""
    db = storage.connect_memory()
    workshop_id = sample.load_sample(db)
    if language:
        set_workshop_language(db, workshop_id, language)
    workshop = get_workshop(db, workshop_id) | {"session_date": SESSION_DATE}
    state = load_candidates(db, workshop_id)
    result = rank_candidates(state.candidates, draws=0)
    top = result.ranked.iloc[0].to_dict()
    charter = charter_state(db, workshop, top, state.members(int(top["candidate_id"]))).charter
    shortlist = exports.shortlist(db, workshop, result, state.pain_points, {})
    files = {("shortlist", f.extension): exports.render(f, shortlist) for f in exports.formats_for(exports.SHORTLIST)}
    files |= {("charter", f.extension): exports.render(f, charter) for f in exports.formats_for(exports.CHARTER)}
    db.close()
    return {"files": files, "ranked": result.ranked, "workshop": workshop, "charter": charter}


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_german_workshops_files_have_german_headings_and_its_entries_as_typed(planted):
    made = workshop_files("de")
    files, ranked = made["files"], made["ranked"]
    top_title = str(ranked.iloc[0]["title"])

    rows = csv_rows(files["shortlist", "csv"])
    assert rows[0][:3] == ["Rang", "Arbeitsablauf", "Stand"]
    assert rows[1][1] == top_title and rows[1][2] == "Eingereiht"

    book = load_workbook(io.BytesIO(files["shortlist", "xlsx"]), read_only=True)
    assert book.sheetnames[0] == "Auswahlliste"
    sheet = book["Auswahlliste"]
    heading = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert heading[:2] == ["Rang", "Arbeitsablauf"]
    assert next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[1] == top_title

    report = files["shortlist", "md"].decode("utf-8")
    assert report.startswith("# Pilot-Auswahl: ")
    assert "## So entsteht die Reihenfolge" in report and "## Gereihte Auswahl" in report
    assert "## How the ranking works" not in report
    assert top_title.split()[0] in report

    read = pdf_text(files["shortlist", "pdf"])
    assert "Gereihte Auswahl" in read and "Ranked shortlist" not in read
    # Why the first ranks first, and the criteria's names, are the app's words: said in German too.
    assert "Platz 1" in read and "Ranks 1st" not in read
    assert "Verlorene Zeit" in rows[0] or any(h.startswith("Verlorene Zeit") for h in rows[0])

    charter = files["charter", "md"].decode("utf-8")
    assert charter.startswith("# Pilotauftrag: ") and "## Plan und Erfolgsschwellen" in charter
    assert "**Verantwortlich**" in charter and "## Das Problem, in den Worten der Abteilungen" in charter
    # The charter is drafted in the workshop's language: its stages (which the facilitator edits) too.
    assert made["charter"]["stages"][0]["name"] == "Problem prüfen" and "| Problem prüfen |" in charter
    charter_pdf = pdf_text(files["charter", "pdf"])
    assert "Plan und Erfolgsschwellen" in charter_pdf and "PILOTAUFTRAG" in charter_pdf


def test_a_german_workshops_files_write_numbers_and_dates_in_german(planted):
    made = workshop_files("de")
    files, ranked = made["files"], made["ranked"]
    german_day = format_date(dt.date(2026, 3, 5), format="long", locale="de")
    assert "März" in german_day

    report = files["shortlist", "md"].decode("utf-8")
    assert f"**Datum:** {escape_markdown(german_day)}" in report and SESSION_DATE not in report
    assert german_day in pdf_text(files["shortlist", "pdf"])
    assert f"**Datum:** {escape_markdown(german_day)}" in files["charter", "md"].decode("utf-8")

    # Hours a year in the report's table: 1,250 is written 1.250; a score's decimal point is a comma.
    big = ranked[ranked["hours_per_year"].round(0) >= 1000]
    assert not big.empty, "the sample has a candidate costing a thousand hours a year or more"
    hours = int(round(float(big.iloc[0]["hours_per_year"])))
    assert f"| {hours:,}".replace(",", ".") + " |" in report
    assert f"| {hours:,} |" not in report
    score = float(ranked.iloc[0]["score"])
    assert f"{score:.1f}".replace(".", ",").rstrip("0").rstrip(",") in report

    # The CSV stays machine-readable: numbers are plain, with '.' decimals.
    rows = csv_rows(files["shortlist", "csv"])
    assert float(rows[1][rows[0].index("Score (0-100)")]) == round(score, 1)


def test_the_files_follow_the_workshop_not_the_screen(planted):
    with speaking("fr"):
        made = workshop_files("de")
    report = made["files"]["shortlist", "md"].decode("utf-8")
    assert "## Gereihte Auswahl" in report and "Liste classée" not in report
    assert "Plan und Erfolgsschwellen" in made["files"]["charter", "md"].decode("utf-8")
    assert csv_rows(made["files"]["shortlist", "csv"])[0][0] == "Rang"


def test_an_english_workshops_files_are_unchanged(planted):
    plain = workshop_files(None)
    with speaking("de"):
        on_a_german_screen = workshop_files("en")
    for key in (("shortlist", "md"), ("shortlist", "csv"), ("charter", "md")):
        assert on_a_german_screen["files"][key] == plain["files"][key]
    report = plain["files"]["shortlist", "md"].decode("utf-8")
    assert "## Ranked shortlist" in report and f"**Date:** {SESSION_DATE}" in report
    assert csv_rows(plain["files"]["shortlist", "csv"])[0][:3] == ["Rank", "Candidate workflow", "Status"]
    book = load_workbook(io.BytesIO(on_a_german_screen["files"]["shortlist", "xlsx"]), read_only=True)
    assert book.sheetnames[0] == "Shortlist"
    assert "Ranked shortlist" in pdf_text(on_a_german_screen["files"]["shortlist", "pdf"])
