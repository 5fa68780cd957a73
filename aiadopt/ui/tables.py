"""Tables as the facilitator reads them: plain-text cells, so nothing a participant typed is rendered."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

PAIN_POINT_TABLE_COLUMNS = {
    "id": "No.",
    "department": "Department",
    "title": "Pain point",
    "reporter": "Reported by",
    "hours_per_year": "Hours a year",
    "frequency": "How often",
    "minutes_per_occurrence": "Minutes each",
    "people_count": "People",
    "error_rate_pct": "Rework %",
    "data_sensitivity": "Data class",
    "owner_name": "Owner",
    "flag": "Flag",
}


def pain_point_frame(rows: list[dict], columns: dict[str, str] = PAIN_POINT_TABLE_COLUMNS) -> pd.DataFrame:
    """Pain points as a display table (plain text cells: nothing a participant typed is rendered)."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=list(columns.values()))
    frame["frequency"] = frame["frequency_count"].map(lambda c: f"{c:g}") + " per " + frame["frequency_period"]
    frame["flag"] = frame["proposes_solution"].map(lambda f: "Describes a solution" if f else "")
    frame["hours_per_year"] = frame["hours_per_year"].round(0)
    keep = [c for c in columns if c in frame.columns]
    return frame[keep].rename(columns=columns)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SHORTLIST_COLUMN_CONFIG = {
    "Score": st.column_config.ProgressColumn("Score", min_value=0, max_value=100, format="%.0f"),
    "Hours a year": st.column_config.NumberColumn("Hours a year", format="%d"),
    "Ranked 1st": st.column_config.NumberColumn(
        "Ranked 1st", format="%d%%", help="Share of 1,000 random weightings near yours in which it ranks first."
    ),
    "In top 3": st.column_config.NumberColumn(
        "In top 3", format="%d%%", help="Share of those weightings in which it stays in the top 3."
    ),
    "Rank range": st.column_config.TextColumn(
        "Rank range", help="The ranks it takes in 90% of those weightings: a narrow range is a stable rank."
    ),
    "Candidate workflow": st.column_config.TextColumn("Candidate workflow", width="large"),
}


def shortlist_frame(ranked: pd.DataFrame) -> pd.DataFrame:
    """The ranked shortlist as the facilitator reads it (plain-text cells)."""
    if ranked.empty:
        return pd.DataFrame(
            columns=[
                "Rank",
                "Candidate workflow",
                "Score",
                "Hours a year",
                "Departments",
                "Flags",
                "Ranked 1st",
                "In top 3",
                "Rank range",
                "Data class",
                "Owner",
                "Votes",
            ]
        )
    low, high = ranked["rank_min"].astype(int), ranked["rank_max"].astype(int)
    return pd.DataFrame(
        {
            "Rank": ranked["rank"].astype(int),
            "Candidate workflow": ranked["title"],
            "Score": ranked["score"].round(1),
            "Hours a year": ranked["hours_per_year"].round(0).astype(int),
            "Departments": ranked["departments"].map(", ".join),
            "Flags": ranked["flags"].map(lambda flags: " ".join(flags) if flags else ""),
            "Ranked 1st": (ranked["p_first"] * 100).round(0).astype(int),
            "In top 3": (ranked["p_top3"] * 100).round(0).astype(int),
            "Rank range": [f"{a}" if a == b else f"{a}–{b}" for a, b in zip(low, high)],
            "Data class": ranked["data_class"].str.capitalize(),
            "Owner": ranked["owner"].fillna(""),
            "Votes": ranked["votes"].astype(int),
        }
    )


def document_downloads(
    label: str, pdf: Callable[[], bytes], markdown: Callable[[], str], filename: Callable[[str], str], key: str
) -> None:
    """A PDF and a Markdown download side by side, each built only when it is asked for."""
    columns = st.columns(2)
    columns[0].download_button(
        f"{label} (PDF)",
        pdf,
        filename("pdf"),
        mime="application/pdf",
        type="primary",
        key=f"{key}_pdf",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    columns[1].download_button(
        f"{label} (Markdown)",
        lambda: markdown().encode("utf-8"),
        filename("md"),
        mime="text/markdown",
        key=f"{key}_md",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
