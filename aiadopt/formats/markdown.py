"""The shortlist report and the pilot charter as Markdown; participant text is escaped.

Headings and fixed sentences are said in the language being written (the workshop's), numbers and
dates written as it writes them; entries stay as they were typed.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from aiadopt.domain.data_classes import DATA_CLASSES
from aiadopt.formats import safe_text
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
    number_or_none,
)
from aiadopt.formats.report_text import (
    KEPT_OUT_HEADING,
    _method_paragraphs,
    charter_kpi,
    charter_label,
    excluded_items,
    gate_action,
    gate_label,
    gates_dict,
    join_sentences,
    kpi_text,
    said,
    stability_text,
    workshop_details,
)
from aiadopt.i18n import t


def escape_markdown(text: object) -> str:
    """User text safe inside Markdown (and a table cell): no links, images, HTML or pipes."""
    if is_missing(text):
        return ""
    return safe_text.escape_markdown(text, one_line=True)


def _row(*cells: str) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def report_markdown(
    shortlist: pd.DataFrame,
    weights: dict,
    labels: dict,
    gates: dict,
    workshop: dict,
    excluded: pd.DataFrame | Iterable[object] | None = None,
    max_rows: int | None = 100,
    audit: dict | None = None,
) -> str:
    """The shortlist report as Markdown: details, method, ranked table, flags, exclusions, the audit."""
    workshop = dict(workshop or {})
    weights = dict(weights or {})
    gates = gates_dict(gates)
    records = _records(shortlist)
    shown = records if max_rows is None else records[:max_rows]
    lines = ["# " + t("Pilot shortlist: {name}", name=escape_markdown(workshop.get("name") or t("Workshop"))), ""]
    details = workshop_details(workshop)
    if details:
        lines += [" · ".join(f"**{label}:** {escape_markdown(value)}" for label, value in details), ""]
    lines += ["## " + t("How the ranking works"), ""]
    lines += [escape_markdown(p) + "\n" for p in _method_paragraphs(weights, labels, gates)]
    total = sum(float(w) for w in weights.values()) or 1.0
    if weights:
        lines += [_row(t("Criterion"), t("Weight"), t("Share of the score")), "|---|---:|---:|"]
        lines += [
            _row(escape_markdown(criterion_label(labels, k)), format_weight(w), format_percent(float(w) / total))
            for k, w in weights.items()
        ]
        lines.append("")
    if gates:
        lines += [_row(t("Rule"), t("What it does")), "|---|---|"]
        lines += [f"| {escape_markdown(gate_label(g))} | {escape_markdown(gate_action(a))} |" for g, a in gates.items()]
        lines.append("")
    lines += ["## " + t("Ranked shortlist"), ""]
    if not records:
        lines += [t("No candidate workflows were ranked."), ""]
    else:
        headings = ("Rank", "Candidate workflow", "Score", "Hours a year", "Departments", "Owner", "Data class")
        lines += [
            _row(*(t(h) for h in headings), t("KPI"), t("Stability")),
            "|---:|---|---:|---:|---|---|---|---|---|",
        ]
        for row in shown:
            cells = [
                format_number(row.get("rank")),
                escape_markdown(row.get("title")),
                format_number(row.get("score"), 1),
                format_number(row.get("hours_per_year")),
                escape_markdown(", ".join(as_list(row.get("departments")))),
                escape_markdown(row.get("owner")) or t("none yet"),
                escape_markdown(row.get("data_class")),
                escape_markdown(kpi_text(row)),
                escape_markdown(stability_text(row)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        if len(shown) < len(records):
            more = len(records) - len(shown)
            lines.append("\n" + t("{n} more candidates are in the spreadsheet export.", n=more))
        lines.append("")
    if shown:
        top = shown[0]
        lines += ["## " + t("Why “{title}” ranks first", title=escape_markdown(top.get("title"))), ""]
        if not is_missing(top.get("explanation")) and str(top.get("explanation") or "").strip():
            lines += [escape_markdown(t(top["explanation"])), ""]
        keys = criterion_keys(shortlist, weights)
        points = [(k, top.get(f"contribution_{k}")) for k in keys if f"contribution_{k}" in top]
        if points:
            lines += [_row(t("Criterion"), t("Points"), t("Out of")), "|---|---:|---:|"]
            for key, value in points:
                available = float(weights.get(key, 0)) / total * 100 if weights else None
                lines.append(
                    f"| {escape_markdown(criterion_label(labels, key))} | {format_number(value, 1)} | "
                    f"{format_number(available, 1) if available is not None else ''} |"
                )
            lines.append("")
    flagged = [row for row in shown if as_list(row.get("flags"))]
    lines += ["## " + t("Flags to resolve"), ""]
    if flagged:
        for row in flagged:
            lines.append(
                f"- **{format_number(row.get('rank'))}. {escape_markdown(row.get('title'))}**: "
                + escape_markdown(join_sentences(said(row.get("flags"))))
            )
    else:
        lines.append(t("No flags."))
    lines.append("")
    items = excluded_items(excluded)
    if items:
        lines += ["## " + t(KEPT_OUT_HEADING), ""]
        lines += [f"- **{escape_markdown(title)}**: {escape_markdown(reasons)}" for title, reasons in items]
        lines.append("")
    if audit:
        lines += audit_lines(audit)
    return "\n".join(lines)


def audit_lines(audit: dict) -> list[str]:
    """The report's section on how complete the discovery was (departments x themes, gaps, interviews)."""
    lines = ["## " + t("How complete the discovery was"), ""]
    headings = [t(h) for h in audit["headings"]]
    lines.append("| " + " | ".join(escape_markdown(h) for h in headings) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(headings) - 1)) + "|")
    for row in audit["rows"]:  # the department's name as written, the rest in the language being written
        lines.append(
            "| " + " | ".join(escape_markdown(cell if i == 0 else t(cell)) for i, cell in enumerate(row)) + " |"
        )
    lines += ["", f"**{t('Still unheard')}**", ""]
    lines += [f"- {escape_markdown(t(gap))}" for gap in audit["gaps"]] or [
        "- " + t("Every department was asked about every theme.")
    ]
    lines += ["", f"**{t('Interviews')}**", ""]
    lines += [f"- {escape_markdown(t(line))}" for line in audit["interviews"]]
    lines.append("")
    return lines


def charter_markdown(charter: dict) -> str:
    """The pilot charter as Markdown (escaped; not limited to one page)."""
    metric, baseline, target = charter_kpi(charter)
    data_class = str(charter.get("data_class") or "green")
    lines = ["# " + t("Pilot charter: {title}", title=escape_markdown(charter.get("title"))), ""]
    context = [
        (t("Workshop"), charter.get("workshop_name")),
        (t("Organisation"), charter.get("organisation")),
        (t("Date"), format_date(charter.get("workshop_date"))),
        (t("Facilitator"), charter.get("facilitator")),
    ]
    context_text = " · ".join(f"**{k}:** {escape_markdown(v)}" for k, v in context if v)
    if context_text:
        lines += [context_text, ""]
    if charter.get("rank") is not None and not is_missing(charter.get("rank")):
        score = number_or_none(charter.get("score"))
        rank = int(charter["rank"])
        lines += [
            t(
                "Ranked {rank} on the workshop's shortlist with a score of {score} out of 100.",
                rank=rank,
                score=format_number(score, 1),
            )
            if score is not None
            else t("Ranked {rank} on the workshop's shortlist.", rank=rank),
            "",
        ]
    hours = number_or_none(charter.get("hours_per_year"))
    facts = [
        (t("Owner"), escape_markdown(charter.get("owner")) or t("none yet")),
        (t("Departments"), escape_markdown(", ".join(as_list(charter.get("departments"))))),
        (t("People who do this work"), format_number(charter.get("people_affected"))),
        (t("Hours lost a year"), format_number(hours) if hours is not None else ""),
        (t("Data class"), escape_markdown(t(DATA_CLASSES.get(data_class, data_class)))),
        (t("Where the information lives"), escape_markdown(charter.get("data_location")) or t("to be confirmed")),
        (t("Measure of success (KPI)"), escape_markdown(metric)),
        (t("Baseline (today)"), escape_markdown(baseline)),
        (t("Target"), escape_markdown(target)),
    ]
    lines += [_row(t("What"), t("For this pilot")), "|---|---|"] + [f"| **{k}** | {v} |" for k, v in facts] + [""]
    lines += [f"## {charter_label('problem')}", ""]
    problem = [p for p in str(charter.get("problem") or "").split("\n") if p.strip()]
    lines += [f"> {escape_markdown(p)}\n>" for p in problem] or [t("Not recorded.")]
    lines.append("")
    if str(charter.get("desired_outcome") or "").strip():
        lines += [f"## {charter_label('desired_outcome')}", ""]
        lines += [escape_markdown(p) + "\n" for p in str(charter["desired_outcome"]).split("\n") if p.strip()]
    lines += ["## " + t("Plan and success gates"), ""]
    lines += [_row(t("Stage"), t("When"), t("Objective"), t("Success gate")), "|---|---|---|---|"]
    for stage in charter.get("stages") or []:
        lines.append(
            f"| {escape_markdown(stage.get('name'))} | {escape_markdown(stage.get('timing'))} | "
            f"{escape_markdown(stage.get('objective'))} | {escape_markdown(stage.get('success_gate'))} |"
        )
    lines.append("")
    lines += [f"## {charter_label('risks')}", ""]
    lines += [f"- {escape_markdown(r)}" for r in as_list(charter.get("risks"))] or [t("None recorded.")]
    blank = "____________________"
    lines += [
        "",
        "## " + t("Sign-off"),
        "",
        f"{t('Owner')}: {blank}   {t('Sponsor')}: {blank}   {t('Date')}: ____________",
        "",
    ]
    return "\n".join(lines)
