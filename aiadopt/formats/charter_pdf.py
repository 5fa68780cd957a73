"""The pilot charter on exactly one printed A4 page; long text is shortened with …

Its headings, labels and fixed sentences are said in the language being written (the workshop's),
numbers and dates written as it writes them; what people typed is printed as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF

from aiadopt.domain.data_classes import DATA_CLASS_SHORT_LABELS
from aiadopt.formats.cells import as_list, format_date, format_number, is_missing, number_or_none
from aiadopt.formats.pdf_layout import (
    FONT,
    HEAD_FILL,
    INK,
    MUTED,
    RULE,
    TEXT,
    Document,
    draw_dot,
    draw_table,
    fit_text,
    pdf_text,
    wrap_text,
)
from aiadopt.formats.report_text import charter_kpi, charter_label
from aiadopt.i18n import t

# How much of each part the one printed page may hold, loosest first. The problem text
# then takes whatever room is left, up to `problem` lines.
_CHARTER_LAYOUTS = (
    dict(size=9.0, problem=24, outcome=3, stage=6, risks=6, risk_lines=2),
    dict(size=8.6, problem=20, outcome=3, stage=4, risks=5, risk_lines=2),
    dict(size=8.2, problem=16, outcome=2, stage=4, risks=4, risk_lines=2),
    dict(size=7.8, problem=12, outcome=2, stage=3, risks=3, risk_lines=1),
    dict(size=7.4, problem=8, outcome=1, stage=3, risks=3, risk_lines=1),
)
_MIN_PROBLEM_LINES = 3
_SIGN_OFF_HEIGHT = 16.0


def charter_pdf(charter: dict, compress: bool = True) -> bytes:
    """The pilot charter on exactly one A4 page; long text is shortened with …"""
    return bytes(_build_charter(charter, compress).output())


def _charter_document(compress: bool, charter: dict | None = None) -> FPDF:
    charter = charter or {}
    title = " · ".join(
        str(part) for part in (t("Pilot charter"), charter.get("title"), charter.get("workshop_name")) if part
    )
    departments = ", ".join(as_list(charter.get("departments")))
    pdf = Document(
        compress=compress,
        title=title,
        subject=t("One-page plan for a first pilot: owner, KPI baseline and target, data class, success gates")
        + (" (" + t("departments: {names}", names=departments) + ")" if departments else ""),
        author=str(charter.get("facilitator") or ""),
    )
    pdf.show_chrome = False
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 13, 15)
    return pdf


def _build_charter(charter: dict, compress: bool = True) -> FPDF:
    # Measure each layout, loosest first, on pages of a scratch document (fonts load once),
    # with the problem text at its minimum; the first that fits gives the problem text the
    # room left over. The chosen layout is then drawn on a fresh one-page document.
    scratch = _charter_document(compress)
    chosen = _CHARTER_LAYOUTS[-1] | {"problem": _MIN_PROBLEM_LINES}  # capped: always fits
    for layout in _CHARTER_LAYOUTS:
        slack = _render_charter(scratch, charter, layout | {"problem": _MIN_PROBLEM_LINES})
        if slack >= 0:
            extra = int(slack // (layout["size"] * 0.47))
            chosen = layout | {"problem": min(layout["problem"], _MIN_PROBLEM_LINES + extra)}
            break
    pdf = _charter_document(compress, charter)
    _render_charter(pdf, charter, chosen)
    return pdf


def _render_charter(pdf: FPDF, charter: dict, layout: dict) -> float:
    """Draw the charter on a new page of `pdf`; returns the room left above the sign-off
    (negative when the content runs into it)."""
    size = layout["size"]
    line = size * 0.47
    pdf.add_page()
    epw = pdf.epw
    bottom = pdf.h - 12 - _SIGN_OFF_HEIGHT

    # Kicker and context
    pdf.set_xy(pdf.l_margin, 12)
    pdf.set_font(FONT, "B", 8)
    pdf.set_text_color(*MUTED)
    pdf.cell(epw / 3, 4, t("Pilot charter").upper())
    context = " · ".join(
        str(v)
        for v in (charter.get("organisation"), charter.get("workshop_name"), format_date(charter.get("workshop_date")))
        if v
    )
    pdf.set_font(FONT, "", 8)
    pdf.set_xy(pdf.l_margin + epw / 3, 12)
    pdf.cell(epw * 2 / 3, 4, fit_text(pdf, pdf_text(context), epw * 2 / 3), align="R")
    pdf.set_y(17.5)
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*INK)
    for text in wrap_text(pdf, pdf_text(charter.get("title") or t("Pilot")), epw, 2):
        pdf.cell(epw, 7.6, text, new_x="LMARGIN", new_y="NEXT")
    rank = charter.get("rank")
    if rank is not None and not is_missing(rank):
        score = number_or_none(charter.get("score"))
        pdf.set_font(FONT, "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.cell(
            epw,
            4.6,
            t(
                "Ranked {rank} on the workshop's shortlist, score {score} of 100",
                rank=int(rank),
                score=format_number(score, 1),
            )
            if score is not None
            else t("Ranked {rank} on the workshop's shortlist", rank=int(rank)),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 1.5, pdf.l_margin + 26, pdf.get_y() + 1.5)
    pdf.set_line_width(0.2)
    pdf.ln(4.5)

    # Key facts: two rows of three boxes
    data_class = str(charter.get("data_class") or "green")
    hours = number_or_none(charter.get("hours_per_year"))
    not_recorded = t("Not recorded")
    facts = [
        (t("Owner"), str(charter.get("owner") or "") or t("None yet: to be named")),
        (t("Departments"), ", ".join(as_list(charter.get("departments"))) or not_recorded),
        (t("People who do this work"), format_number(charter.get("people_affected")) or not_recorded),
        (t("Hours lost a year"), format_number(hours) if hours is not None else not_recorded),
        (t("Data class"), t(DATA_CLASS_SHORT_LABELS.get(data_class, data_class))),
        (t("Where the information lives"), str(charter.get("data_location") or "") or t("To be confirmed")),
    ]
    data_class_box = 4  # the box with the data class's coloured dot
    box_width = (epw - 2 * 3) / 3
    for row_start in (0, 3):
        y = pdf.get_y()
        heights = []
        for index in range(3):
            label, value = facts[row_start + index]
            x = pdf.l_margin + index * (box_width + 3)
            pdf.set_xy(x, y)
            pdf.set_font(FONT, "B", 7)
            pdf.set_text_color(*MUTED)
            pdf.cell(box_width, 3.6, fit_text(pdf, pdf_text(label.upper()), box_width))
            pdf.set_font(FONT, "", size)
            pdf.set_text_color(30, 36, 44)
            offset = 3.6 if row_start + index == data_class_box else 0.0
            if offset:
                draw_dot(pdf, x, y + 4.2 + line / 2 - 1.3, data_class)
            lines = wrap_text(pdf, pdf_text(value), box_width - offset, 2)
            for number, text in enumerate(lines):
                pdf.set_xy(x + offset, y + 4.2 + number * line)
                pdf.cell(box_width - offset, line, text)
            heights.append(4.2 + len(lines) * line)
        pdf.set_y(y + max(heights) + 2.2)

    # KPI band
    metric, baseline, target = charter_kpi(charter)
    y = pdf.get_y() + 0.5
    pdf.set_font(FONT, "", size + 0.6)
    metric_lines = wrap_text(pdf, pdf_text(metric), epw * 0.52 - 4, 2)
    band = 4.4 + len(metric_lines) * (line + 0.3) + 3
    pdf.set_fill_color(*HEAD_FILL)
    pdf.rect(pdf.l_margin, y, epw, band, style="F")
    columns: tuple[tuple[float, float, str, Sequence[str]], ...] = (
        (pdf.l_margin + 3, epw * 0.52 - 4, t("Measure of success (KPI)").upper(), metric_lines),
        (pdf.l_margin + epw * 0.54, epw * 0.21, t("Baseline (today)").upper(), [pdf_text(baseline)]),
        (pdf.l_margin + epw * 0.77, epw * 0.21, t("Target").upper(), [pdf_text(target)]),
    )
    for x, width, label, texts in columns:
        pdf.set_xy(x, y + 1.8)
        pdf.set_font(FONT, "B", 7)
        pdf.set_text_color(*MUTED)
        pdf.cell(width, 3.4, fit_text(pdf, pdf_text(label), width))
        pdf.set_font(FONT, "B", size + 0.6)
        pdf.set_text_color(*INK)
        for number, value in enumerate(texts):
            pdf.set_xy(x, y + 5.6 + number * (line + 0.3))
            pdf.cell(width, line + 0.3, fit_text(pdf, value, width))
    pdf.set_y(y + band + 1)

    def section(title: str) -> None:
        pdf.ln(2.2)
        pdf.set_font(FONT, "B", 10)
        pdf.set_text_color(*INK)
        pdf.cell(epw, 5, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.6)

    def block(text: str, max_lines: int, style: str = "") -> None:
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*TEXT)
        for text_line in wrap_text(pdf, pdf_text(text), epw, max_lines):
            pdf.cell(epw, line, text_line, new_x="LMARGIN", new_y="NEXT")

    section(charter_label("problem"))
    block(str(charter.get("problem") or t("Not recorded.")), layout["problem"], "I")
    outcome = str(charter.get("desired_outcome") or "").strip()
    if outcome:
        section(charter_label("desired_outcome"))
        block(outcome, layout["outcome"])

    section(t("Plan and success gates"))
    stage_columns = [
        (t("Stage"), epw * 0.17, "L"),
        (t("Objective"), epw * 0.415, "L"),
        (t("Success gate"), epw * 0.415, "L"),
    ]
    stage_rows = [
        [f"{p.get('name', '')}\n{p.get('timing', '')}", str(p.get("objective") or ""), str(p.get("success_gate") or "")]
        for p in charter.get("stages") or []
    ]
    draw_table(pdf, stage_columns, stage_rows, size=size - 0.7, max_lines=layout["stage"])

    risks = as_list(charter.get("risks"))
    section(charter_label("risks"))
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*TEXT)
    shown = risks[: layout["risks"]]
    for risk in shown:
        lines = wrap_text(pdf, pdf_text(risk), epw - 5, layout["risk_lines"])
        for number, text in enumerate(lines):
            pdf.set_x(pdf.l_margin)
            pdf.cell(5, line, "•" if number == 0 else "")
            pdf.cell(epw - 5, line, text, new_x="LMARGIN", new_y="NEXT")
    if len(risks) > len(shown):
        pdf.set_text_color(*MUTED)
        more = t("…and {n} more in the charter file.", n=len(risks) - len(shown))
        pdf.cell(epw, line, more, new_x="LMARGIN", new_y="NEXT")
    if not risks:
        pdf.cell(epw, line, t("None recorded."), new_x="LMARGIN", new_y="NEXT")
    slack = bottom - pdf.get_y()

    # Sign-off, fixed at the foot of the page
    y = pdf.h - 12 - _SIGN_OFF_HEIGHT + 4
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, y, pdf.l_margin + epw, y)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(*MUTED)
    width = epw / 3
    for index, label in enumerate((t("Owner"), t("Sponsor"), t("Date"))):
        x = pdf.l_margin + index * width
        pdf.set_draw_color(150, 160, 170)
        pdf.line(x, y + 9, x + width - 8, y + 9)
        pdf.set_xy(x, y + 9.6)
        pdf.cell(width - 8, 3.6, label)
    return slack
