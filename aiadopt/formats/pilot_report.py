"""The one-page pilot outcome report for leaders (PDF and Markdown), in the charter's style.

Input is plain data: the pilot as it started, its phases, measurements, gates (phase -> row), the
verdict's text and status, and the hours saved so far.
"""

from __future__ import annotations

from aiadopt.formats.cells import is_missing
from aiadopt.formats.charts import figure_png, kpi_figure
from aiadopt.formats.pdf_layout import (
    FONT,
    INK,
    MUTED,
    TEXT,
    Document,
    draw_heading,
    draw_image,
    draw_paragraph,
    draw_table,
    figure_aspect,
    fit_text,
    pdf_text,
)
from aiadopt.formats.safe_text import escape_markdown

DECISIONS = {
    "reached": "Scale: the target is reached; plan the roll-out with the owner.",
    "on_track": "Continue: moving towards the target; decide at the next gate.",
    "behind": "Adjust or stop: no closer to the target than at the start.",
    "no_data": "Measure first: no value recorded since the start.",
    "stopped": "Stopped: record what was learnt and free the team.",
}
GATE_WORDS = {"passed": "passed", "not_yet": "not yet", "stopped": "stopped here"}


def _number(value: object, unit: str = "") -> str:
    if is_missing(value):
        return "not set"
    number = float(value)  # type: ignore[arg-type]
    text = f"{number:,.0f}" if number.is_integer() or abs(number) >= 100 else f"{number:,.1f}"
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


def _gate_rows(report: dict) -> list[list[str]]:
    rows = []
    for number, phase in enumerate(report["phases"], start=1):
        gate = report["gates"].get(number) or {}
        status = GATE_WORDS.get(gate.get("status", "not_yet"), "not yet")
        when = gate.get("decided_on") or "" if status != "not yet" else ""
        who = f" by {gate['decider']}" if gate.get("decider") and status != "not yet" else ""
        rows.append(
            [
                f"{number}. {phase['name']}",
                phase.get("success_gate") or "",
                f"{status} {when}{who}".strip(),
                gate.get("evidence") or "",
            ]
        )
    return rows


def _facts(report: dict) -> list[tuple[str, str]]:
    pilot, unit = report["pilot"], report["pilot"].get("kpi_unit") or ""
    latest = report["measurements"][-1]["value"] if report["measurements"] else None
    saved = report.get("hours_saved")
    return [
        ("KPI", pilot.get("kpi_metric") or "not set"),
        (
            "Baseline → latest → target",
            " → ".join(_number(v, unit) for v in (pilot.get("kpi_baseline"), latest, pilot.get("kpi_target"))),
        ),
        ("Hours a year at the start", _number(pilot.get("hours_at_start"))),
        ("Hours saved so far", "not measured yet" if saved is None else f"{saved:,.0f} a year"),
        ("Owner", pilot.get("owner") or "none named"),
    ]


def _open_risks(report: dict) -> list[str]:
    risks = []
    for number, phase in enumerate(report["phases"], start=1):
        gate = report["gates"].get(number) or {}
        if gate.get("status") != "passed":
            risks.append(
                f"Gate {number} ({phase['name']}) not passed yet: {phase.get('success_gate') or 'no gate written'}"
            )
            break
    notes = [m["note"] for m in report["measurements"] if m.get("note")]
    if notes:
        risks.append("Latest note: " + notes[-1])
    if not report["pilot"].get("owner"):
        risks.append("No owner named.")
    return risks


def outcome_markdown(report: dict) -> str:
    """The outcome report as Markdown."""
    pilot = report["pilot"]
    lines = [
        f"# Pilot outcome: {escape_markdown(pilot['title'], one_line=True)}",
        "",
        f"{escape_markdown(pilot.get('workshop_name') or '', one_line=True)} · started {pilot['started_on']}",
        "",
        f"**{escape_markdown(report['verdict'])}**",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {label} | {escape_markdown(value, one_line=True)} |" for label, value in _facts(report)]
    lines += [
        "",
        "## KPI measurements",
        "",
        "| Date | Value | Hours a year now | Note | By |",
        "|---|---:|---:|---|---|",
    ]
    unit = pilot.get("kpi_unit") or ""
    for m in report["measurements"]:
        hours = "" if m.get("hours_per_year") is None else f"{m['hours_per_year']:,.0f}"
        note = escape_markdown(m.get("note") or "", one_line=True)
        by = escape_markdown(m.get("recorded_by") or "", one_line=True)
        lines.append(f"| {m['measured_on']} | {_number(m['value'], unit)} | {hours} | {note} | {by} |")
    lines += ["", "## Gates", "", "| Phase | Success gate | Status | Evidence |", "|---|---|---|---|"]
    lines += [
        "| " + " | ".join(escape_markdown(cell, one_line=True) for cell in row) + " |" for row in _gate_rows(report)
    ]
    lines += ["", "## Open risks", ""] + [f"- {escape_markdown(r)}" for r in _open_risks(report) or ["None recorded."]]
    lines += ["", "## Decision asked for", "", DECISIONS[report["status"]], ""]
    return "\n".join(lines)


def outcome_pdf(report: dict, compress: bool = True) -> bytes:
    """The outcome report on exactly one A4 page (long text is shortened)."""
    pdf = Document(compress=compress)
    pdf.show_chrome = False
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 13, 15)
    pdf.add_page()
    pilot = report["pilot"]
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, "PILOT OUTCOME", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*INK)
    pdf.cell(0, 8, fit_text(pdf, pdf_text(pilot["title"]), pdf.epw), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        5,
        fit_text(pdf, pdf_text(f"{pilot.get('workshop_name') or ''} · started {pilot['started_on']}"), pdf.epw),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10.5)
    pdf.set_text_color(*TEXT)
    pdf.multi_cell(0, 5.2, pdf_text(report["verdict"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    facts = [[a, b] for a, b in _facts(report)]
    draw_table(pdf, [("At a glance", pdf.epw * 0.32, "L"), ("", pdf.epw * 0.68, "L")], facts, size=8)
    if report["measurements"]:
        figure = kpi_figure(pilot, report["measurements"])
        draw_image(pdf, figure_png(figure), pdf.epw, figure_aspect(figure))
    draw_heading(pdf, "Gates", size=11, space_before=3)
    columns = [
        ("Phase", pdf.epw * 0.2, "L"),
        ("Success gate", pdf.epw * 0.38, "L"),
        ("Status", pdf.epw * 0.2, "L"),
        ("Evidence", pdf.epw * 0.22, "L"),
    ]
    draw_table(pdf, columns, _gate_rows(report), size=7.2, max_lines=3)
    draw_heading(pdf, "Open risks", size=11, space_before=3)
    for risk in _open_risks(report)[:3] or ["None recorded."]:
        draw_paragraph(pdf, "• " + risk)
    draw_heading(pdf, "Decision asked for", size=11, space_before=3)
    draw_paragraph(pdf, DECISIONS[report["status"]])
    return bytes(pdf.output())
