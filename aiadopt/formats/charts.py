"""Charts for the PDF report, drawn with matplotlib's object API (no pyplot, no global backend).

Their words are said in the language being written (the workshop's, for a file).
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from aiadopt.domain.data_classes import DATA_CLASS_COLOURS, colour_of
from aiadopt.formats import palette
from aiadopt.formats.cells import _sorted_shortlist, criterion_keys, criterion_label, format_number, is_missing
from aiadopt.formats.palette import CHART_MUTED, CHART_TEXT, GUIDE_LINE, INK, POINTS_MISSED, QUICK_WIN_FILL
from aiadopt.i18n import t


def value_ease_figure(shortlist: pd.DataFrame, label_top: int = 10):
    """The value-versus-ease matrix: bubble area ~ hours a year, colour = data class."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(7.2, 4.6), dpi=100)
    axes = figure.add_subplot(1, 1, 1)
    ranked = _sorted_shortlist(shortlist)
    ease = pd.to_numeric(ranked.get("ease_score", pd.Series(dtype=float)), errors="coerce").fillna(0).clip(0, 1)
    value = pd.to_numeric(ranked.get("value_score", pd.Series(dtype=float)), errors="coerce").fillna(0).clip(0, 1)
    hours = pd.to_numeric(ranked.get("hours_per_year", pd.Series(dtype=float)), errors="coerce").fillna(0).clip(lower=0)
    biggest = float(hours.max()) if len(hours) and float(hours.max()) > 0 else 1.0
    sizes = 30 + 900 * hours / biggest
    classes = ranked.get("data_class", pd.Series(["green"] * len(ranked), index=ranked.index))
    colours = [colour_of(c) for c in classes]
    axes.axvspan(0.5, 1.04, ymin=0.5, ymax=1, color=QUICK_WIN_FILL, zorder=0)
    axes.axhline(0.5, color=GUIDE_LINE, linewidth=0.9, linestyle="--", zorder=1)
    axes.axvline(0.5, color=GUIDE_LINE, linewidth=0.9, linestyle="--", zorder=1)
    axes.scatter(ease, value, s=sizes, c=colours, alpha=0.55, edgecolors="white", linewidths=0.6, zorder=2)
    for x, y, rank in list(zip(ease, value, ranked.get("rank", pd.Series(range(1, len(ranked) + 1)))))[:label_top]:
        axes.annotate(
            str(int(rank)), (x, y), ha="center", va="center", fontsize=7.5, fontweight="bold", color=INK, zorder=3
        )
    quadrant_style: dict[str, Any] = dict(fontsize=10, fontweight="bold", color=CHART_MUTED, alpha=0.9, zorder=4)
    axes.text(0.98, 0.98, t("Quick wins"), ha="right", va="top", transform=axes.transAxes, **quadrant_style)
    axes.text(0.02, 0.98, t("Big bets"), ha="left", va="top", transform=axes.transAxes, **quadrant_style)
    axes.text(0.98, 0.02, t("Fill-ins"), ha="right", va="bottom", transform=axes.transAxes, **quadrant_style)
    axes.text(0.02, 0.02, t("Not now"), ha="left", va="bottom", transform=axes.transAxes, **quadrant_style)
    axes.set_xlim(-0.04, 1.04)
    axes.set_ylim(-0.04, 1.04)
    axes.set_xlabel(t("Ease: how ready it is to start") + "  →", fontsize=9, color=INK)
    axes.set_ylabel(t("Value: what fixing it is worth") + "  →", fontsize=9, color=INK)
    axes.tick_params(labelsize=8, colors=CHART_MUTED)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    handles = [
        Line2D(
            [0],
            [0],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=colour,
            markeredgecolor="white",
            alpha=0.8,
            label=t("{data_class} data", data_class=t(name)),
        )
        for name, colour in DATA_CLASS_COLOURS.items()
    ]
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8,
        title=t("Bubble size:") + "\n" + t("hours lost a year"),
        title_fontsize=8,
    )
    figure.tight_layout()
    return figure


def contribution_figure(row: dict, weights: dict, labels: dict | None):
    """Horizontal bars: the points each criterion gave one candidate, out of those available."""
    from matplotlib.figure import Figure

    keys = [k for k in criterion_keys(pd.DataFrame([row]), weights) if f"contribution_{k}" in row]
    total = sum(float(w) for w in (weights or {}).values()) or 1.0
    points = [0.0 if is_missing(row.get(f"contribution_{k}")) else float(row[f"contribution_{k}"]) for k in keys]
    available = [float((weights or {}).get(k, 0)) / total * 100 for k in keys]
    names = [criterion_label(labels, k) for k in keys]
    height = 0.9 + 0.34 * max(len(keys), 1)
    figure = Figure(figsize=(7.2, height), dpi=100)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(keys)))[::-1]
    axes.barh(positions, available, color=POINTS_MISSED, height=0.62, label=t("Points available"))
    axes.barh(positions, points, color=INK, height=0.62, label=t("Points earned"))
    for y, earned, possible in zip(positions, points, available):
        text = t("{earned} of {possible}", earned=format_number(earned, 1), possible=format_number(possible, 1))
        axes.text(max(earned, possible) + 0.4, y, text, va="center", fontsize=8, color=CHART_TEXT)
    axes.set_yticks(positions)
    axes.set_yticklabels(names, fontsize=8.5, color=INK)
    axes.set_xlabel(t("Points towards the score (out of 100)"), fontsize=8.5, color=INK)
    axes.set_xlim(0, max(available + points + [1]) * 1.22)
    axes.tick_params(axis="x", labelsize=8, colors=CHART_MUTED)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, frameon=False, fontsize=8, borderaxespad=0.2)
    figure.tight_layout()
    return figure


def figure_png(figure, dpi: int = 200) -> bytes:
    """A matplotlib figure as PNG bytes (Agg canvas, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def kpi_figure(pilot: dict, measurements: list[dict]):
    """The pilot's KPI over time against baseline and target, for the one-page outcome report."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.2, 2.4))
    axes = figure.add_subplot()
    days = [str(m["measured_on"])[:10] for m in measurements]
    axes.plot(days, [m["value"] for m in measurements], marker="o", color=palette.INK, linewidth=2)
    for value, label, style in (
        (pilot.get("kpi_baseline"), t("baseline"), ":"),
        (pilot.get("kpi_target"), t("target"), "--"),
    ):
        if value is not None:
            axes.axhline(value, linestyle=style, color=palette.MUTED, linewidth=1)
            axes.annotate(
                f"{label} {value:g}",
                (0, value),
                xycoords=("axes fraction", "data"),
                fontsize=7,
                color=palette.MUTED,
                va="bottom",
            )
    axes.set_ylim(bottom=0)
    axes.set_ylabel(str(pilot.get("kpi_unit") or ""), fontsize=8)
    axes.tick_params(labelsize=7)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    return figure
