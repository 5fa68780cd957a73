"""The shortlist report as an A4 PDF: summary, value-versus-ease matrix, table, method.

Said in the language being written (the workshop's): headings, labels, fixed sentences, numbers and
dates; entries (titles, departments, owners) print as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from fpdf import FPDF

from aiadopt.formats.cells import (
    _records,
    as_list,
    criterion_keys,
    criterion_label,
    format_date,
    format_number,
    format_percent,
    format_weight,
    is_missing,
)
from aiadopt.formats.charts import contribution_figure, figure_png, value_ease_figure
from aiadopt.formats.pdf_layout import (
    FONT,
    INK,
    MUTED,
    PAGE_COUNT_ALIAS,
    Document,
    draw_heading,
    draw_image,
    draw_paragraph,
    draw_table,
    figure_aspect,
    pdf_text,
    wrap_text,
)
from aiadopt.formats.report_text import (
    KEPT_OUT_HEADING,
    _method_paragraphs,
    excluded_items,
    gate_action,
    gate_label,
    gates_dict,
    join_sentences,
    kpi_text,
    report_subject,
    said,
    stability_text,
    workshop_details,
)
from aiadopt.i18n import t


def _today() -> str:
    return format_date(dt.date.today().isoformat())


def report_pdf(
    shortlist: pd.DataFrame,
    weights: dict,
    labels: dict,
    gates: dict,
    workshop: dict,
    excluded: pd.DataFrame | Iterable[object] | None = None,
    max_rows: int | None = 100,
    compress: bool = True,
    audit: dict | None = None,
) -> bytes:
    """The report as an A4 PDF with the matrix and the top candidate's chart; `max_rows` caps the table."""
    return bytes(
        _build_report(shortlist, weights, labels, gates, workshop, excluded, max_rows, compress, audit).output()
    )


def _draw_audit(pdf: FPDF, audit: dict) -> None:
    """How complete the discovery was: departments x themes, then the gaps and the interviews."""
    draw_heading(pdf, t("How complete the discovery was"), room_after=40)  # with its tall heading row
    headings = [t(h) for h in audit["headings"]]
    first, second = pdf.epw * 0.16, pdf.epw * 0.08
    rest = (pdf.epw - first - second) / max(1, len(headings) - 2)
    columns = [(headings[0], first, "L"), (headings[1], second, "R")] + [(h, rest, "R") for h in headings[2:]]
    rows = [[row[0], *(t(cell) for cell in row[1:])] for row in audit["rows"]]  # the department as written
    draw_table(pdf, columns, rows, size=6.8, max_lines=3)
    draw_paragraph(pdf, t("Still unheard"), style="B")
    for gap in audit["gaps"] or [t("Every department was asked about every theme.")]:
        draw_paragraph(pdf, "• " + t(gap))
    draw_paragraph(pdf, t("Interviews"), style="B")
    for line in audit["interviews"]:
        draw_paragraph(pdf, "• " + t(line))


def _summary(ranked: int, pain_points: int, departments: int, top: dict) -> str:
    """The report's opening paragraph: how much was ranked, from what, and the strongest candidate."""
    hours = top.get("hours_per_year")
    parts = [t("{n} candidate workflows were ranked", n=ranked)]
    if pain_points:
        parts.append(t(", built from {n} pain points", n=pain_points))
    if departments:
        parts.append(t(" reported by {n} departments", n=departments))
    parts.append(
        t(
            ". The strongest candidate for a first pilot is “{title}”, with a score of {score} out of 100",
            title=top.get("title"),
            score=format_number(top.get("score"), 1),
        )
    )
    if not is_missing(hours):
        parts.append(t(", costing about {hours} hours a year", hours=format_number(hours)))
    return "".join(parts) + "."


def _build_report(shortlist, weights, labels, gates, workshop, excluded, max_rows, compress, audit=None) -> FPDF:
    workshop = dict(workshop or {})
    weights = dict(weights or {})
    gates = gates_dict(gates)
    records = _records(shortlist)
    shown = records if max_rows is None else records[:max_rows]
    name = str(workshop.get("name") or t("Workshop"))
    heading = t("Pilot shortlist · {name}", name=name)
    pdf = Document(
        heading,
        t("Exported {day}", day=_today()),
        compress,
        title=heading,
        subject=report_subject(workshop),
        author=str(workshop.get("facilitator") or ""),
    )
    pdf.alias_nb_pages(PAGE_COUNT_ALIAS)
    pdf.add_page()

    pdf.set_font(FONT, "B", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, t("Pilot shortlist").upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*INK)
    for line in wrap_text(pdf, pdf_text(name), pdf.epw, 2):
        pdf.cell(0, 9, line, new_x="LMARGIN", new_y="NEXT")
    details = workshop_details(workshop) + [(t("Exported"), _today())]
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    meta = "   ·   ".join(f"{label}: {value}" for label, value in details)
    for line in wrap_text(pdf, pdf_text(meta), pdf.epw, 2):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.l_margin + 30, pdf.get_y() + 2)
    pdf.set_line_width(0.2)
    pdf.ln(5)

    if records:
        top = records[0]
        departments = {d for r in records for d in as_list(r.get("departments"))}
        pain_points = sum(int(r.get("member_count") or 0) for r in records if not is_missing(r.get("member_count")))
        summary = _summary(len(records), pain_points, len(departments), top)
        draw_paragraph(pdf, summary, size=10)
        draw_heading(pdf, t("Value and ease"), space_before=2)
        draw_paragraph(
            pdf,
            t(
                "Each bubble is a candidate workflow; the numbers are ranks. Quick wins, "
                "top right, are valuable and easy; big bets are valuable but harder."
            ),
            size=8.5,
            colour=MUTED,
        )
        matrix = value_ease_figure(shortlist)
        draw_image(pdf, figure_png(matrix), pdf.epw, figure_aspect(matrix))

    draw_heading(pdf, t("Ranked shortlist"))
    if not records:
        draw_paragraph(pdf, t("No candidate workflows were ranked."))
    else:
        columns: list[tuple[str, float, str]] = [
            ("#", 8, "R"),
            (t("Candidate workflow"), 50, "L"),
            (t("Score"), 12, "R"),
            (t("Hours a year"), 15, "R"),
            (t("Departments"), 29, "L"),
            (t("Owner"), 22, "L"),
            (t("Data"), 18, "L"),
            (t("Stability"), 22, "L"),
        ]
        scale = pdf.epw / sum(w for _, w, _ in columns)
        columns = [(h, w * scale, a) for h, w, a in columns]
        rows = [
            [
                format_number(r.get("rank")),
                str(r.get("title") or ""),
                format_number(r.get("score"), 1),
                format_number(r.get("hours_per_year")),
                ", ".join(as_list(r.get("departments"))),
                str(r.get("owner") or "") if not is_missing(r.get("owner")) else "",
                str(r.get("data_class") or ""),
                stability_text(r),
            ]
            for r in shown
        ]
        for row in rows:
            row[5] = row[5] or t("none yet")
        draw_table(pdf, columns, rows, dot_column=6)
        if len(shown) < len(records):
            draw_paragraph(
                pdf,
                t("{n} more candidates are listed in the spreadsheet export.", n=len(records) - len(shown)),
                size=8.5,
                colour=MUTED,
            )

    if records:
        top = records[0]
        draw_heading(pdf, t("Why “{title}” ranks first", title=top.get("title")))
        explanation = top.get("explanation")
        if not is_missing(explanation) and str(explanation).strip():
            draw_paragraph(pdf, t(str(explanation) if not isinstance(explanation, str) else explanation))
        if any(f"contribution_{k}" in top for k in criterion_keys(shortlist, weights)):
            chart = contribution_figure(top, weights, labels)
            draw_image(pdf, figure_png(chart), pdf.epw * 0.92, figure_aspect(chart))
        kpi = kpi_text(top)
        owner = t("Owner: {owner}.", owner=top.get("owner") or t("none yet"))
        draw_paragraph(pdf, owner + "   " + t("Measure of success: {kpi}.", kpi=kpi), size=9)

    flagged = [r for r in shown if as_list(r.get("flags"))]
    if flagged:
        draw_heading(pdf, t("Flags to resolve"))
        draw_table(
            pdf,
            [
                ("#", pdf.epw * 0.06, "R"),
                (t("Candidate workflow"), pdf.epw * 0.38, "L"),
                (t("Flags"), pdf.epw * 0.56, "L"),
            ],
            [
                [format_number(r.get("rank")), str(r.get("title") or ""), join_sentences(said(r.get("flags")))]
                for r in flagged
            ],
            max_lines=4,
        )

    items = excluded_items(excluded)
    if items:
        draw_heading(pdf, t(KEPT_OUT_HEADING))
        draw_table(
            pdf,
            [(t("Candidate workflow"), pdf.epw * 0.44, "L"), (t("Why"), pdf.epw * 0.56, "L")],
            [[title, reasons] for title, reasons in items],
            max_lines=4,
        )

    if audit:
        _draw_audit(pdf, audit)

    draw_heading(pdf, t("How the ranking works"))
    for paragraph in _method_paragraphs(weights, labels, gates):
        draw_paragraph(pdf, paragraph)
    if weights:
        total = sum(float(w) for w in weights.values()) or 1.0
        draw_table(
            pdf,
            [
                (t("Criterion"), pdf.epw * 0.5, "L"),
                (t("Weight"), pdf.epw * 0.2, "R"),
                (t("Share of the score"), pdf.epw * 0.3, "R"),
            ],
            [
                [criterion_label(labels, k), format_weight(w), format_percent(float(w) / total)]
                for k, w in weights.items()
            ],
            size=8.5,
        )
    if gates:
        draw_table(
            pdf,
            [(t("Rule"), pdf.epw * 0.4, "L"), (t("What it does"), pdf.epw * 0.6, "L")],
            [[gate_label(g), gate_action(a)] for g, a in gates.items()],
            size=8.5,
        )
    return pdf
