"""The one-page pilot outcome report for leaders (PDF and Markdown), in the charter's style.

Input is plain data: the pilot as it started, its stages, measurements, gates (stage -> row), the
verdict's text and status, the hours saved so far, the problem in the departments' words, the
charter's risks and the workshop (`services/exports.pilot_outcome`). Notes stay notes (dated, in a
section of their own) and risks stay the charter's.

Headings, labels and the app's sentences are said in the language being written (the workshop's),
numbers and dates written as it writes them; notes, titles and evidence print as typed.
"""

from __future__ import annotations

from aiadopt.domain.language import N_, SOURCE_LANGUAGE
from aiadopt.formats.cells import format_date, format_number, is_missing
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
    wrap_text,
)
from aiadopt.formats.report_text import charter_label
from aiadopt.formats.safe_text import escape_markdown
from aiadopt.i18n import current_language, t

# English, marked; said with `t` where they are written.
DECISIONS = {
    "reached": N_("Scale: the target is reached; plan the roll-out with the owner."),
    "on_track": N_("Continue: moving towards the target; decide at the next gate."),
    "behind": N_("Adjust or stop: no closer to the target than at the start."),
    "no_data": N_("Measure first: no value recorded since the start."),
    "stopped": N_("Stopped: record what was learnt and free the team."),
}
GATE_WORDS = {"passed": N_("passed"), "not_yet": N_("not yet"), "stopped": N_("stopped here")}
MORE_PROBLEM = N_("…and {count} more pain points in the Markdown file.")
MORE_NOTES = N_("…and {count} earlier notes in the Markdown file.")
MORE_RISKS = N_("…and {count} more in the charter.")


def problem_heading() -> str:
    """The problem's heading, as the charter says it (in the language being written)."""
    return charter_label("problem")


def _number(value: object, unit: str = "") -> str:
    if is_missing(value):
        return t("not set")
    number = float(value)  # type: ignore[arg-type]
    digits = 0 if number.is_integer() or abs(number) >= 100 else 1
    text = f"{number:,.{digits}f}" if current_language() == SOURCE_LANGUAGE else format_number(number, digits)
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


def _gate_rows(report: dict) -> list[list[str]]:
    rows = []
    for number, stage in enumerate(report["stages"], start=1):
        gate = report["gates"].get(number) or {}
        decided = gate.get("status", "not_yet") in GATE_WORDS and gate.get("status", "not_yet") != "not_yet"
        status = t(GATE_WORDS.get(gate.get("status", "not_yet"), GATE_WORDS["not_yet"]))
        when = format_date(gate.get("decided_on") or "") if decided else ""
        who = " " + t("by {name}", name=gate["decider"]) if gate.get("decider") and decided else ""
        rows.append(
            [
                f"{number}. {t(stage['name'])}",
                stage.get("success_gate") or "",
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
        (t("KPI"), pilot.get("kpi_metric") or t("not set")),
        (
            t("Baseline → latest → target"),
            " → ".join(_number(v, unit) for v in (pilot.get("kpi_baseline"), latest, pilot.get("kpi_target"))),
        ),
        (t("Hours a year at the start"), _number(pilot.get("hours_at_start"))),
        (
            t("Hours saved so far"),
            t("not measured yet") if saved is None else t("{hours} a year", hours=format_number(saved)),
        ),
        (t("Owner"), pilot.get("owner") or t("none named")),
    ]


def _problem(report: dict) -> list[str]:
    """The problem as the departments told it (each pain point shortened, with its department)."""
    return [str(line) for line in report.get("problem") or []]


def _notes(report: dict) -> list[str]:
    """The measurement notes, oldest first, each with its date and who measured."""
    notes = []
    for m in report["measurements"]:
        if m.get("note"):
            by = f" ({m['recorded_by']})" if m.get("recorded_by") else ""
            notes.append(f"{format_date(m['measured_on'])}{by}: {m['note']}")
    return notes


def _open_risks(report: dict) -> list[str]:
    """The charter's risks and open points: nothing else (notes and gates have their own sections)."""
    return [str(risk) for risk in report.get("risks") or []]


def _title(report: dict) -> str:
    """The document's title: what it is, the pilot, and the workshop it came from."""
    pilot = report["pilot"]
    parts = (t("Pilot outcome"), pilot.get("title"), pilot.get("workshop_name"))
    return " · ".join(str(part) for part in parts if part)


def _started(pilot: dict) -> str:
    """When the pilot started, as the language being written says it."""
    return t("started {day}", day=format_date(pilot["started_on"]))


def outcome_markdown(report: dict) -> str:
    """The outcome report as Markdown."""
    pilot = report["pilot"]
    lines = [
        "# " + t("Pilot outcome: {title}", title=escape_markdown(pilot["title"], one_line=True)),
        "",
        f"{escape_markdown(pilot.get('workshop_name') or '', one_line=True)} · {_started(pilot)}",
        "",
        f"**{escape_markdown(t(report['verdict']))}**",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {label} | {escape_markdown(value, one_line=True)} |" for label, value in _facts(report)]
    lines += ["", f"## {problem_heading()}", ""]
    lines += [f"- {escape_markdown(q, one_line=True)}" for q in _problem(report)] or [t("Not recorded.")]
    lines += [
        "",
        "## " + t("KPI measurements"),
        "",
        "| " + " | ".join((t("Date"), t("Value"), t("Hours a year now"), t("By"))) + " |",
        "|---|---:|---:|---|",
    ]
    unit = pilot.get("kpi_unit") or ""
    for m in report["measurements"]:
        hours = "" if m.get("hours_per_year") is None else format_number(m["hours_per_year"])
        by = escape_markdown(m.get("recorded_by") or "", one_line=True)
        value = escape_markdown(_number(m["value"], unit), one_line=True)
        lines.append(f"| {format_date(m['measured_on'])} | {value} | {hours} | {by} |")
    lines += ["", "## " + t("Notes"), ""]
    lines += [f"- {escape_markdown(n, one_line=True)}" for n in _notes(report)] or [t("No notes yet.")]
    gate_headings = (t("Stage"), t("Success gate"), t("Status"), t("Evidence"))
    lines += ["", "## " + t("Gates"), "", "| " + " | ".join(gate_headings) + " |", "|---|---|---|---|"]
    lines += [
        "| " + " | ".join(escape_markdown(cell, one_line=True) for cell in row) + " |" for row in _gate_rows(report)
    ]
    lines += ["", "## " + t("Open risks"), ""]
    lines += [f"- {escape_markdown(r, one_line=True)}" for r in _open_risks(report)] or [t("None recorded.")]
    lines += ["", "## " + t("Decision asked for"), "", t(DECISIONS[report["status"]]), ""]
    return "\n".join(lines)


# How much of each part the one printed page may hold, loosest first (the first that fits is drawn).
_OUTCOME_LAYOUTS = (
    dict(problem=5, problem_lines=2, notes=4, risks=4, gate_lines=3, chart=0.9),
    dict(problem=4, problem_lines=2, notes=3, risks=3, gate_lines=3, chart=0.8),
    dict(problem=3, problem_lines=2, notes=3, risks=3, gate_lines=2, chart=0.7),
    dict(problem=3, problem_lines=1, notes=2, risks=2, gate_lines=2, chart=0.6),
    dict(problem=2, problem_lines=1, notes=1, risks=2, gate_lines=1, chart=0.5),
)
_BOTTOM_MARGIN = 10.0


def outcome_pdf(report: dict, compress: bool = True) -> bytes:
    """The outcome report on exactly one A4 page: the loosest layout that fits (long text is shortened)."""
    figure = kpi_figure(report["pilot"], report["measurements"]) if report["measurements"] else None
    chart = (figure_png(figure), figure_aspect(figure)) if figure is not None else None
    scratch = _outcome_document(report, compress)
    chosen = _OUTCOME_LAYOUTS[-1]
    for layout in _OUTCOME_LAYOUTS:
        scratch.add_page()
        if _render_outcome(scratch, report, layout, chart) <= scratch.h - _BOTTOM_MARGIN:
            chosen = layout
            break
    pdf = _outcome_document(report, compress)
    pdf.add_page()
    _render_outcome(pdf, report, chosen, chart)
    return bytes(pdf.output())


def _outcome_document(report: dict, compress: bool) -> Document:
    workshop = report.get("workshop") or {}
    pdf = Document(
        compress=compress,
        title=_title(report),
        subject=t(
            "A pilot's KPI against its baseline and target, its gates, notes and open risks, and the decision asked for"
        ),
        author=str(workshop.get("facilitator") or ""),
    )
    pdf.show_chrome = False
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 13, 15)
    return pdf


def _bullets(pdf: Document, items: list[str], shown: int, lines_each: int, more: str, empty: str) -> None:
    """Up to `shown` items as bullets of at most `lines_each` lines, then how many more there are."""
    line_height = 4.4
    pdf.set_font(FONT, "", 8.6)
    pdf.set_text_color(*TEXT)
    if not items:
        pdf.cell(pdf.epw, line_height, empty, new_x="LMARGIN", new_y="NEXT")
    for item in items[:shown]:
        for number, text in enumerate(wrap_text(pdf, pdf_text(item), pdf.epw - 5, lines_each)):
            pdf.set_x(pdf.l_margin)
            pdf.cell(5, line_height, "•" if number == 0 else "")
            pdf.cell(pdf.epw - 5, line_height, text, new_x="LMARGIN", new_y="NEXT")
    if len(items) > shown:
        pdf.set_text_color(*MUTED)
        pdf.cell(pdf.epw, line_height, t(more, count=len(items) - shown), new_x="LMARGIN", new_y="NEXT")


def _render_outcome(pdf: Document, report: dict, layout: dict, chart: tuple[bytes, float] | None) -> float:
    """Draw the report on the current page of `pdf`; returns where its content ends."""
    pilot = report["pilot"]
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, t("Pilot outcome").upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*INK)
    for line in wrap_text(pdf, pdf_text(pilot["title"]), pdf.epw, 2):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        5,
        fit_text(pdf, pdf_text(f"{pilot.get('workshop_name') or ''} · {_started(pilot)}"), pdf.epw),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10.5)
    pdf.set_text_color(*TEXT)
    for line in wrap_text(pdf, pdf_text(t(report["verdict"])), pdf.epw, 3):
        pdf.cell(pdf.epw, 5.2, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    facts = [[a, b] for a, b in _facts(report)]
    draw_table(pdf, [(t("At a glance"), pdf.epw * 0.32, "L"), ("", pdf.epw * 0.68, "L")], facts, size=8)
    draw_heading(pdf, problem_heading(), size=11, space_before=1)
    problem = _problem(report)
    _bullets(pdf, problem, layout["problem"], layout["problem_lines"], MORE_PROBLEM, t("Not recorded."))
    pdf.ln(2)
    if chart is not None:
        png, aspect = chart
        draw_image(pdf, png, pdf.epw * layout["chart"], aspect)
    draw_heading(pdf, t("Gates"), size=11, space_before=1)
    columns = [
        (t("Stage"), pdf.epw * 0.2, "L"),
        (t("Success gate"), pdf.epw * 0.38, "L"),
        (t("Status"), pdf.epw * 0.2, "L"),
        (t("Evidence"), pdf.epw * 0.22, "L"),
    ]
    draw_table(pdf, columns, _gate_rows(report), size=7.2, max_lines=layout["gate_lines"])
    notes = _notes(report)
    draw_heading(pdf, t("Notes"), size=11, space_before=3)
    # The latest notes first on paper (the Markdown file keeps them all, oldest first).
    _bullets(pdf, notes[::-1], layout["notes"], 1, MORE_NOTES, t("No notes yet."))
    draw_heading(pdf, t("Open risks"), size=11, space_before=3)
    _bullets(pdf, _open_risks(report), layout["risks"], 2, MORE_RISKS, t("None recorded."))
    draw_heading(pdf, t("Decision asked for"), size=11, space_before=3)
    draw_paragraph(pdf, t(DECISIONS[report["status"]]))
    return pdf.get_y()
