"""Charts of the ranking drawn with plotly: value against ease, hours by department, why a candidate scores.

Charts are invisible to AppTest: tests build these figures and check them; look at the Rank
page in a real browser too.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from aiadopt.domain.data_classes import DATA_CLASS_COLOURS, data_class_of
from aiadopt.domain.language import N_
from aiadopt.domain.ranking.rank import RankingResult, contributions_long, hours_by_department
from aiadopt.formats.palette import CHART_MUTED, CHART_TEXT, EASE_COLOUR, GUIDE_LINE, POINTS_MISSED, VALUE_COLOUR
from aiadopt.i18n import number, t

# How the legend names each data class ("Green data").
DATA_CLASS_NAMES = {"green": N_("Green"), "amber": N_("Amber"), "red": N_("Red")}

_FONT = dict(size=18)


def _plain(text: object, limit: int = 60) -> str:
    """Participant text made safe for a chart label (no markup) and short enough to read."""
    value = str(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return html.escape(value)


LABELLED_RANKS = 20  # bubbles that show their rank number on the matrix


def value_ease_figure(ranked: pd.DataFrame) -> go.Figure:
    """Value against ease for each ranked candidate, bubbles sized by hours lost, coloured by data class."""
    figure = go.Figure()
    if len(ranked):
        hours = pd.to_numeric(ranked["hours_per_year"], errors="coerce").fillna(0.0).clip(lower=0.0)
        size_ref = 2.0 * max(float(hours.max()), 1.0) / (60.0**2)
    for data_class, colour in DATA_CLASS_COLOURS.items():
        part = ranked[ranked["data_class"].map(data_class_of) == data_class] if len(ranked) else ranked
        if not len(part):
            continue
        part_hours = pd.to_numeric(part["hours_per_year"], errors="coerce").fillna(0.0).clip(lower=0.0).to_numpy()
        ranks = part["rank"].to_numpy()
        # Numpy arrays keep plotly's per-element validation out of the way on large workshops;
        # only the leading ranks carry a number on the bubble, the rest say it on hover.
        figure.add_trace(
            go.Scatter(
                x=part["ease_score"].to_numpy(dtype=float),
                y=part["value_score"].to_numpy(dtype=float),
                mode="markers+text",
                name=t("{data_class} data", data_class=t(DATA_CLASS_NAMES.get(data_class, data_class.capitalize()))),
                text=np.where(ranks <= LABELLED_RANKS, ranks.astype(str), ""),
                textposition="middle center",
                textfont=dict(size=16, color="white"),
                marker=dict(
                    size=np.clip(part_hours, 1.0, None),
                    sizemode="area",
                    sizeref=size_ref,
                    sizemin=14,
                    color=colour,
                    line=dict(width=1, color=CHART_TEXT),
                    opacity=0.85,
                ),
                hovertext=np.array(
                    [
                        f"{r}. {_plain(title)}<br>" + t("{hours} hours a year", hours=number(h))
                        for r, title, h in zip(ranks, part["title"], part_hours)
                    ],
                    dtype=str,
                ),
                hoverinfo="text",
            )
        )
    line = dict(color=GUIDE_LINE, width=2, dash="dash")
    figure.add_shape(type="line", x0=0.5, x1=0.5, y0=0, y1=1, line=line)
    figure.add_shape(type="line", x0=0, x1=1, y0=0.5, y1=0.5, line=line)
    for x, y, label in (
        (0.98, 0.98, N_("Quick wins")),
        (0.02, 0.98, N_("Big bets")),
        (0.98, 0.02, N_("Fill-ins")),
        (0.02, 0.02, N_("Not now")),
    ):
        figure.add_annotation(
            x=x,
            y=y,
            text=f"<b>{t(label)}</b>",
            showarrow=False,
            font=dict(size=20, color=CHART_MUTED),
            xanchor="right" if x > 0.5 else "left",
            yanchor="top" if y > 0.5 else "bottom",
        )
    figure.update_layout(
        title=dict(text=t("Value and ease of each candidate workflow"), font=dict(size=24)),
        xaxis=dict(title=t("Ease: how ready it is to start"), range=[0, 1], tickformat=".1f"),
        yaxis=dict(title=t("Value: what fixing it is worth"), range=[0, 1], tickformat=".1f"),
        font=_FONT,
        legend=dict(title=t("Data class")),
        plot_bgcolor="white",
        height=650,
    )
    figure.update_xaxes(showgrid=False, zeroline=False, linecolor=GUIDE_LINE, mirror=True)
    figure.update_yaxes(showgrid=False, zeroline=False, linecolor=GUIDE_LINE, mirror=True)
    return figure


def hours_by_department_figure(rows: pd.DataFrame | list[dict]) -> go.Figure:
    """Horizontal bars of hours lost a year per department (pain points, or candidates with hours_by_department)."""
    totals = hours_by_department(rows).iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=totals.to_numpy(),
            y=[_plain(d, 40) for d in totals.index],
            orientation="h",
            marker_color=VALUE_COLOUR,
            text=[t("{hours} h", hours=number(h)) for h in totals.to_numpy()],
            textposition="auto",
            hovertemplate="%{y}: %{x:,.0f} " + t("hours a year") + "<extra></extra>",
        )
    )
    figure.update_layout(
        title=dict(text=t("Hours lost a year, by department"), font=dict(size=24)),
        xaxis=dict(title=t("Hours a year"), tickformat=",.0f"),
        font=_FONT,
        plot_bgcolor="white",
        height=max(350, 80 + 50 * len(totals)),
        margin=dict(l=20),
    )
    return figure


def contribution_figure(result: RankingResult, candidate_id: int) -> go.Figure:
    """Horizontal bars: the points each criterion adds to one candidate's score, and the points it misses."""
    parts = contributions_long(result, candidate_id).iloc[::-1]
    row = result.ranked[result.ranked["candidate_id"] == candidate_id].iloc[0]
    colours = [VALUE_COLOUR if g == "value" else EASE_COLOUR for g in parts["group"]]
    details = np.column_stack([parts["value"], parts["weight"] * 100.0])
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=parts["contribution"],
            y=[t(label) for label in parts["label"]],
            orientation="h",
            marker_color=colours,
            name=t("Points earned"),
            text=[f"{c:.1f}" for c in parts["contribution"]],
            textposition="inside",
            customdata=details,
            hovertemplate="%{y}: %{x:.1f} "
            + t("points earned")
            + "<br>"
            + t("value {value} of 1, weight {weight}%", value="%{customdata[0]:.2f}", weight="%{customdata[1]:.1f}")
            + "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Bar(
            x=parts["lost"],
            y=[t(label) for label in parts["label"]],
            orientation="h",
            marker_color=POINTS_MISSED,
            name=t("Points missed"),
            customdata=details,
            hovertemplate="%{y}: %{x:.1f} " + t("points missed") + "<extra></extra>",
        )
    )
    figure.update_layout(
        barmode="stack",
        title=dict(
            text=t(
                "Why it scores {score} of 100: {title}",
                score=round(float(row["score"])),
                title=_plain(row["title"], 50),
            ),
            font=dict(size=22),
        ),
        xaxis=dict(title=t("Points (blue: value, green: ease, grey: missed; a full bar is the criterion's weight)")),
        font=_FONT,
        plot_bgcolor="white",
        height=650,
        margin=dict(l=20),
        showlegend=False,
    )
    return figure


def pain_points_per_department_figure(counts: dict[str, int]) -> go.Figure:
    """Horizontal bars of how many pain points each department has added: large type, for the big screen."""
    names = list(counts)[::-1]
    values = [counts[name] for name in names]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=[_plain(name, 30) for name in names],
            orientation="h",
            marker_color=VALUE_COLOUR,
            text=[str(v) for v in values],
            textposition="outside",
            textfont=dict(size=28),
            hoverinfo="skip",
        )
    )
    figure.update_layout(
        font=dict(size=26),
        plot_bgcolor="white",
        height=max(320, 90 + 70 * len(names)),
        margin=dict(l=10, r=60, t=20, b=20),
        xaxis=dict(visible=False, range=[0, max([1, *values]) * 1.2]),
        yaxis=dict(automargin=True, ticksuffix="  "),
        showlegend=False,
    )
    return figure


def kpi_figure(pilot: dict, measurements: list[dict]) -> go.Figure:
    """The pilot's KPI over time against its baseline and target (dashed lines)."""
    days = [m["measured_on"] for m in measurements]
    values = [m["value"] for m in measurements]
    unit = pilot.get("kpi_unit") or ""
    figure = go.Figure(
        go.Scatter(x=days, y=values, mode="lines+markers", line=dict(color=VALUE_COLOUR, width=3), name=t("Measured"))
    )
    for value, label, colour in (
        (pilot.get("kpi_baseline"), t("Baseline"), CHART_MUTED),
        (pilot.get("kpi_target"), t("Target"), EASE_COLOUR),
    ):
        if value is not None:
            figure.add_hline(
                y=value, line_dash="dash", line_color=colour, annotation_text=f"{label} {value:g} {unit}".strip()
            )
    figure.update_layout(
        plot_bgcolor="white",
        height=320,
        margin=dict(l=10, r=10, t=20, b=20),
        yaxis=dict(
            title=_plain(
                f"{pilot.get('kpi_metric') or t('KPI')} ({unit})" if unit else pilot.get("kpi_metric") or t("KPI")
            ),
            rangemode="tozero",
        ),
        xaxis=dict(title=t("Measured on")),
        showlegend=False,
    )
    return figure
