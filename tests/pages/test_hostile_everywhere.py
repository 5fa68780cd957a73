"""Issue 16, finding 4: every place that draws user or file text keeps it text, on every page.

One workshop with hostile markup in every text a person or a file can set (names, units, themes,
notes, evidence, titles); every page the facilitator can open, and the participant's two pages,
are drawn, and no element that Streamlit renders as Markdown (bodies, labels, help, options, tabs,
metrics) carries an image, a link or an HTML tag made from that text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from google.protobuf.json_format import MessageToDict

from aiadopt.services import room as room_service
from aiadopt.services.audit import mark_theme
from aiadopt.services.charters import save_charter
from aiadopt.services.consolidation import merge_pain_points
from aiadopt.services.pilots import record_measurement, set_gate, start_pilot
from aiadopt.services.weight_sets import save_weight_set
from aiadopt.services.workshops import (
    add_department,
    create_workshop,
    replace_guide,
    start_interview,
    update_interview_notes,
)
from tests.apptest_helpers import LIVE_MARKUP, facilitator_on, participant_app, registered_pages, walk
from tests.factories import make_pain_point

IMAGE = "![p](//tracker.example/p)"
HOSTILE = f"{IMAGE} <img src=x> [go](javascript:alert(1)) <b>x</b>"


def hostile(limit: int) -> str:
    """The hostile text, cut to fit a field's limit (the image always comes first)."""
    return HOSTILE[:limit]


def hostile_workshop(db) -> int:
    """A workshop where every text anyone can type or import holds live markup."""
    workshop_id = create_workshop(
        db, name=hostile(120), organisation=hostile(120), facilitator=hostile(80), session_date="2026-11-30"
    )
    departments = [add_department(db, workshop_id, f"{hostile(60)} {n}", lead=hostile(80)) for n in (1, 2)]
    replace_guide(db, workshop_id, [{"theme": hostile(80), "question": hostile(500), "follow_ups": hostile(2000)}])
    interview_id = start_interview(db, workshop_id, departments[0], interviewer=hostile(80), interviewees=hostile(300))
    update_interview_notes(db, interview_id, hostile(20_000))
    mark_theme(db, interview_id, hostile(80), "nothing_found")
    texts = {
        name: hostile(limit)
        for name, limit in {
            "description": 5000,
            "reporter": 80,
            "trigger": 300,
            "current_steps": 2000,
            "systems_used": 300,
            "waits_on_teams": 300,
            "data_location": 300,
            "desired_outcome": 1000,
            "kpi_metric": 120,
            "kpi_unit": 30,
            "owner_name": 80,
        }.items()
    }
    ids = [
        make_pain_point(
            db,
            workshop_id,
            department_id,
            interview_id=interview_id if n == 0 else None,
            title=f"{hostile(100)} {n}",
            theme=hostile(80),
            kpi_baseline=40,
            kpi_target=10,
            **texts,
        )
        for n, department_id in enumerate(departments * 2)
    ]
    candidate_id = merge_pain_points(db, workshop_id, ids[:2], title=hostile(120))
    save_weight_set(db, workshop_id, hostile(60), {"time_recoverable": 3.0}, {})
    key = f"candidate:{candidate_id}"
    save_charter(db, workshop_id, key, {"owner": hostile(80), "kpi_unit": hostile(30)})
    charter = {"title": hostile(120), "owner": hostile(80), "kpi_metric": hostile(120), "kpi_unit": hostile(30)}
    started = date.today() - timedelta(days=14)
    pilot_id = start_pilot(db, workshop_id, key, charter | {"kpi_baseline": 40, "kpi_target": 10}, started)
    record_measurement(db, pilot_id, 30, started + timedelta(days=7), note=hostile(500), recorded_by=hostile(80))
    set_gate(db, pilot_id, 1, "passed", decided_on=started, evidence=hostile(500), decider=hostile(80))
    return workshop_id


# Elements that show text as it is: never Markdown (selectbox options and dataframes are plain too).
PLAIN_KINDS = {"Text", "Code", "Dataframe", "Json", "Exception"}
# Option lists that Streamlit renders as Markdown.
MARKDOWN_OPTIONS = {"Radio", "ButtonGroup", "Pills", "SegmentedControl"}
HTML_TAG = re.compile(r"<(?:img|script|b|a|iframe)\b", re.IGNORECASE)


def markdown_texts(app) -> list[str]:
    """Every text the page sends that the browser renders as Markdown: element bodies, every widget's
    label and help, radio and button-group options, tab names, expander and metric labels."""
    texts: list[str] = []
    for node in walk(app._tree):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if proto is None or not hasattr(proto, "DESCRIPTOR") or kind in PLAIN_KINDS:
            continue
        data = MessageToDict(proto)
        if kind == "Html":  # raw HTML, not Markdown: checked by html_tags
            continue
        # A metric's body is its value, drawn as plain text; its label and help are Markdown.
        for field in ("label", "help") if kind == "Metric" else ("body", "label", "help", "tab"):
            if isinstance(data.get(field), str):
                texts.append(data[field])
        if kind in MARKDOWN_OPTIONS:
            texts.extend(str(option) for option in data.get("options", []) if isinstance(option, str))
    return texts


def html_tags(app) -> list[str]:
    """Tags inside raw HTML elements that user text could have made: our own markup uses none of them,
    but for the QR code (an image of our own PNG bytes) and the join bar's bold (letters and digits)."""
    ours = re.compile(
        r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="[^"<>]*"' + r'|<b( style="[^"]*")?>[\w:./ -]*</b>'
    )
    return [
        tag.group(0)
        for node in walk(app._tree)
        if type(node).__name__ == "Html" and hasattr(getattr(node, "proto", None), "DESCRIPTOR")
        for tag in HTML_TAG.finditer(ours.sub("", MessageToDict(node.proto).get("body", "")))
    ]


def assert_nothing_live(app) -> None:
    assert not app.exception
    live = [text for text in markdown_texts(app) if LIVE_MARKUP.search(text)]
    assert live == []
    assert html_tags(app) == []


FACILITATOR_PAGES = [path for path, _ in registered_pages()["facilitator"]]


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_every_facilitator_page_shows_hostile_text_as_text(file_db, page):
    workshop_id = hostile_workshop(file_db)
    room_service.open_phase(file_db, workshop_id, "results")
    room_service.reveal_results(file_db, workshop_id, -1)
    assert_nothing_live(facilitator_on(page, workshop_id))


@pytest.mark.parametrize("phase", ["capture", "vote"])
def test_the_participant_pages_show_hostile_text_as_text(file_db, phase):
    workshop_id = hostile_workshop(file_db)
    room_service.open_phase(file_db, workshop_id, phase)
    app = participant_app(file_db, workshop_id)
    app.toggle(key="contribute_more_detail").set_value(True).run() if phase == "capture" else None
    assert_nothing_live(app)
