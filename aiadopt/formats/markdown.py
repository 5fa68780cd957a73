"""The shortlist report and the pilot charter as Markdown; participant text is escaped."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from aiadopt.domain.data_classes import DATA_CLASSES
from aiadopt.domain.ranking.gates import gate_label
from aiadopt.formats import safe_text
from aiadopt.formats.cells import (
    _records,
    as_list,
    criterion_keys,
    criterion_label,
    format_number,
    is_missing,
    number_or_none,
)
from aiadopt.formats.report_text import (
    _method_paragraphs,
    charter_kpi,
    charter_label,
    excluded_items,
    gate_action,
    gates_dict,
    join_sentences,
    kpi_text,
    stability_text,
    workshop_details,
)


def escape_markdown(text: object) -> str:
    """User text safe inside Markdown (and a table cell): no links, images, HTML or pipes."""
    if is_missing(text):
        return ""
    return safe_text.escape_markdown(text, one_line=True)


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
    lines = [f"# Pilot shortlist: {escape_markdown(workshop.get('name') or 'Workshop')}", ""]
    details = workshop_details(workshop)
    if details:
        lines += [" · ".join(f"**{label}:** {escape_markdown(value)}" for label, value in details), ""]
    lines += ["## How the ranking works", ""]
    lines += [escape_markdown(p) + "\n" for p in _method_paragraphs(weights, labels, gates)]
    total = sum(float(w) for w in weights.values()) or 1.0
    if weights:
        lines += ["| Criterion | Weight | Share of the score |", "|---|---:|---:|"]
        lines += [
            f"| {escape_markdown(criterion_label(labels, k))} | {float(w):.3g} | {float(w) / total * 100:.0f}% |"
            for k, w in weights.items()
        ]
        lines.append("")
    if gates:
        lines += ["| Rule | What it does |", "|---|---|"]
        lines += [f"| {escape_markdown(gate_label(g))} | {escape_markdown(gate_action(a))} |" for g, a in gates.items()]
        lines.append("")
    lines += ["## Ranked shortlist", ""]
    if not records:
        lines += ["No candidate workflows were ranked.", ""]
    else:
        lines += [
            "| Rank | Candidate workflow | Score | Hours a year | Departments | Owner | Data class | KPI | Stability |",
            "|---:|---|---:|---:|---|---|---|---|---|",
        ]
        for row in shown:
            cells = [
                format_number(row.get("rank")),
                escape_markdown(row.get("title")),
                format_number(row.get("score"), 1),
                format_number(row.get("hours_per_year")),
                escape_markdown(", ".join(as_list(row.get("departments")))),
                escape_markdown(row.get("owner")) or "none yet",
                escape_markdown(row.get("data_class")),
                escape_markdown(kpi_text(row)),
                escape_markdown(stability_text(row)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        if len(shown) < len(records):
            lines.append(f"\n{len(records) - len(shown):,} more candidates are in the spreadsheet export.")
        lines.append("")
    if shown:
        top = shown[0]
        lines += [f"## Why “{escape_markdown(top.get('title'))}” ranks first", ""]
        if not is_missing(top.get("explanation")) and str(top.get("explanation") or "").strip():
            lines += [escape_markdown(top.get("explanation")), ""]
        keys = criterion_keys(shortlist, weights)
        points = [(k, top.get(f"contribution_{k}")) for k in keys if f"contribution_{k}" in top]
        if points:
            lines += ["| Criterion | Points | Out of |", "|---|---:|---:|"]
            for key, value in points:
                available = float(weights.get(key, 0)) / total * 100 if weights else None
                lines.append(
                    f"| {escape_markdown(criterion_label(labels, key))} | {format_number(value, 1)} | "
                    f"{format_number(available, 1) if available is not None else ''} |"
                )
            lines.append("")
    flagged = [row for row in shown if as_list(row.get("flags"))]
    lines += ["## Flags to resolve", ""]
    if flagged:
        for row in flagged:
            lines.append(
                f"- **{format_number(row.get('rank'))}. {escape_markdown(row.get('title'))}**: "
                + escape_markdown(join_sentences(as_list(row.get("flags"))))
            )
    else:
        lines.append("No flags.")
    lines.append("")
    items = excluded_items(excluded)
    if items:
        lines += ["## Left off the shortlist", ""]
        for title, reasons in items:
            lines.append(f"- **{escape_markdown(title)}**: {escape_markdown(reasons) or 'excluded by a rule'}")
        lines.append("")
    if audit:
        lines += audit_lines(audit)
    return "\n".join(lines)


def audit_lines(audit: dict) -> list[str]:
    """The report's section on how complete the discovery was (departments x themes, gaps, interviews)."""
    lines = ["## How complete the discovery was", ""]
    headings = audit["headings"]
    lines.append("| " + " | ".join(escape_markdown(h) for h in headings) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(headings) - 1)) + "|")
    for row in audit["rows"]:
        lines.append("| " + " | ".join(escape_markdown(cell) for cell in row) + " |")
    lines += ["", "**Still unheard**", ""]
    lines += [f"- {escape_markdown(gap)}" for gap in audit["gaps"]] or [
        "- Every department was asked about every theme."
    ]
    lines += ["", "**Interviews**", ""]
    lines += [f"- {escape_markdown(line)}" for line in audit["interviews"]]
    lines.append("")
    return lines


def charter_markdown(charter: dict) -> str:
    """The pilot charter as Markdown (escaped; not limited to one page)."""
    metric, baseline, target = charter_kpi(charter)
    data_class = str(charter.get("data_class") or "green")
    lines = [f"# Pilot charter: {escape_markdown(charter.get('title'))}", ""]
    context = [
        ("Workshop", charter.get("workshop_name")),
        ("Organisation", charter.get("organisation")),
        ("Date", charter.get("workshop_date")),
        ("Facilitator", charter.get("facilitator")),
    ]
    context_text = " · ".join(f"**{k}:** {escape_markdown(v)}" for k, v in context if v)
    if context_text:
        lines += [context_text, ""]
    if charter.get("rank") is not None and not is_missing(charter.get("rank")):
        score = number_or_none(charter.get("score"))
        lines += [
            f"Ranked {int(charter['rank'])} on the workshop's shortlist"
            + (f" with a score of {score:.1f} out of 100." if score is not None else "."),
            "",
        ]
    hours = number_or_none(charter.get("hours_per_year"))
    facts = [
        ("Owner", escape_markdown(charter.get("owner")) or "none yet"),
        ("Departments", escape_markdown(", ".join(as_list(charter.get("departments"))))),
        ("People who do this work", format_number(charter.get("people_affected"))),
        ("Hours lost a year", format_number(hours) if hours is not None else ""),
        ("Data class", escape_markdown(DATA_CLASSES.get(data_class, data_class))),
        ("Where the information lives", escape_markdown(charter.get("data_location")) or "to be confirmed"),
        ("Measure of success (KPI)", escape_markdown(metric)),
        ("Baseline (today)", escape_markdown(baseline)),
        ("Target", escape_markdown(target)),
    ]
    lines += ["| | |", "|---|---|"] + [f"| **{k}** | {v} |" for k, v in facts] + [""]
    lines += [f"## {charter_label('problem')}", ""]
    problem = [p for p in str(charter.get("problem") or "").split("\n") if p.strip()]
    lines += [f"> {escape_markdown(p)}\n>" for p in problem] or ["Not recorded."]
    lines.append("")
    if str(charter.get("desired_outcome") or "").strip():
        lines += [f"## {charter_label('desired_outcome')}", ""]
        lines += [escape_markdown(p) + "\n" for p in str(charter["desired_outcome"]).split("\n") if p.strip()]
    lines += ["## Plan and success gates", "", "| Phase | When | Objective | Success gate |", "|---|---|---|---|"]
    for phase in charter.get("phases") or []:
        lines.append(
            f"| {escape_markdown(phase.get('name'))} | {escape_markdown(phase.get('timing'))} | "
            f"{escape_markdown(phase.get('objective'))} | {escape_markdown(phase.get('success_gate'))} |"
        )
    lines.append("")
    lines += [f"## {charter_label('risks')}", ""]
    lines += [f"- {escape_markdown(r)}" for r in as_list(charter.get("risks"))] or ["None recorded."]
    lines += [
        "",
        "## Sign-off",
        "",
        "Owner: ____________________   Sponsor: ____________________   Date: ____________",
        "",
    ]
    return "\n".join(lines)
