"""Tables as the facilitator reads them: plain-text cells, so nothing a participant typed is rendered."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from aiadopt.domain import candidate_ids
from aiadopt.domain.fields import FREQUENCY_PERIOD_LABELS
from aiadopt.domain.language import N_
from aiadopt.i18n import number, t
from aiadopt.services import exports

# The flag comes right after the number: visible on a 1,280 px screen without scrolling sideways.
PAIN_POINT_TABLE_COLUMNS = {
    "id": N_("No."),
    "flag": N_("Flag"),
    "department": N_("Department"),
    "title": N_("Pain point"),
    "reporter": N_("Reported by"),
    "hours_per_year": N_("Hours a year"),
    "frequency": N_("How often"),
    "minutes_per_occurrence": N_("Minutes each"),
    "people_count": N_("People"),
    "error_rate_pct": N_("Rework %"),
    "data_sensitivity": N_("Data class"),
    "owner_name": N_("Owner"),
}


def pain_point_frame(rows: list[dict], columns: dict[str, str] = PAIN_POINT_TABLE_COLUMNS) -> pd.DataFrame:
    """Pain points as a display table (plain text cells: nothing a participant typed is rendered).

    `columns` name the columns shown in English (marked); the headings are in this session's language."""
    columns = {name: t(heading) for name, heading in columns.items()}
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=list(columns.values()))
    frame["frequency"] = [
        f"{number(count, decimals=2)} {t(FREQUENCY_PERIOD_LABELS.get(period, period))}"
        for count, period in zip(frame["frequency_count"], frame["frequency_period"])
    ]
    flag = t("Describes a solution")
    frame["flag"] = frame["proposes_solution"].map(lambda f: flag if f else "")
    frame["hours_per_year"] = frame["hours_per_year"].round(0)
    keep = [c for c in columns if c in frame.columns]
    return frame[keep].rename(columns=columns)


# The shortlist's columns: English names inside (tests and settings look them up by these), each
# heading shown in the session's language through its column's `label`.
SHORTLIST_COLUMNS: dict[str, str] = {
    "Rank": N_("Rank"),
    "Flags": N_("Flags"),
    "Candidate workflow": N_("Candidate workflow"),
    "Score": N_("Score"),
    "Hours a year": N_("Hours a year"),
    "Departments": N_("Departments"),
    "Ranked 1st": N_("Ranked 1st"),
    "In top 3": N_("In top 3"),
    "Rank range": N_("Rank range"),
    "Data class": N_("Data class"),
    "Owner": N_("Owner"),
    "Votes": N_("Votes"),
}
SHORTLIST_HELP: dict[str, str] = {
    "Ranked 1st": N_("Share of 1,000 random weightings near yours in which it ranks first."),
    "In top 3": N_("Share of those weightings in which it stays in the top 3."),
    "Rank range": N_("The ranks it takes in 90% of those weightings: a narrow range is a stable rank."),
}
DATA_CLASS_WORDS = {"green": N_("Green"), "amber": N_("Amber"), "red": N_("Red")}


def shortlist_column_config() -> dict[str, object]:
    """How `shortlist_frame`'s columns are drawn, their headings and help in this session's language."""
    label = {name: t(heading) for name, heading in SHORTLIST_COLUMNS.items()}
    helps = {name: t(text) for name, text in SHORTLIST_HELP.items()}
    config: dict[str, object] = {name: st.column_config.Column(label[name]) for name in SHORTLIST_COLUMNS}
    config |= {
        "Rank": st.column_config.NumberColumn(label["Rank"], format="%d"),
        "Score": st.column_config.ProgressColumn(label["Score"], min_value=0, max_value=100, format="%.0f"),
        "Hours a year": st.column_config.NumberColumn(label["Hours a year"], format="%d"),
        "Ranked 1st": st.column_config.NumberColumn(label["Ranked 1st"], format="%d%%", help=helps["Ranked 1st"]),
        "In top 3": st.column_config.NumberColumn(label["In top 3"], format="%d%%", help=helps["In top 3"]),
        "Rank range": st.column_config.TextColumn(label["Rank range"], help=helps["Rank range"]),
        "Candidate workflow": st.column_config.TextColumn(label["Candidate workflow"], width="large"),
        "Votes": st.column_config.NumberColumn(label["Votes"], format="%d"),
    }
    return config


CANDIDATE_TABLE_COLUMNS = {
    "title": N_("Candidate workflow"),
    "kind": N_("Kind"),
    "member_count": N_("Pain points"),
    "departments": N_("Departments"),
    "hours_per_year": N_("Hours a year"),
    "votes": N_("Votes"),
    "data_class": N_("Data class"),
}


KIND_WORDS = {"merged": N_("merged"), "single": N_("single")}  # candidate_ids.kind_label's words, marked


def candidate_frame(candidates: pd.DataFrame) -> pd.DataFrame:
    """Candidate workflows as the facilitator reads them, the most hours lost first (plain-text cells)."""
    table = candidates.assign(
        departments=candidates["departments"].map(", ".join),
        hours_per_year=candidates["hours_per_year"].round(0),
        kind=candidates["candidate_id"].map(lambda cid: t(KIND_WORDS[candidate_ids.kind_label(cid)])),
    ).sort_values("hours_per_year", ascending=False)
    return table[list(CANDIDATE_TABLE_COLUMNS)].rename(
        columns={name: t(heading) for name, heading in CANDIDATE_TABLE_COLUMNS.items()}
    )


def shortlist_frame(ranked: pd.DataFrame) -> pd.DataFrame:
    """The ranked shortlist as the facilitator reads it (plain-text cells, flags and data classes in this
    session's language). The columns keep their English names: `shortlist_column_config()` shows each
    heading translated."""
    if ranked.empty:
        return pd.DataFrame(columns=list(SHORTLIST_COLUMNS))
    low, high = ranked["rank_min"].astype(int), ranked["rank_max"].astype(int)
    return pd.DataFrame(
        {
            "Rank": ranked["rank"].astype(int),
            # Flags before the long columns: visible on a 1,280 px screen without scrolling sideways.
            "Flags": ranked["flags"].map(lambda flags: " ".join(t(flag) for flag in flags) if flags else ""),
            "Candidate workflow": ranked["title"],
            "Score": ranked["score"].round(1),
            "Hours a year": ranked["hours_per_year"].round(0).astype(int),
            "Departments": ranked["departments"].map(", ".join),
            "Ranked 1st": (ranked["p_first"] * 100).round(0).astype(int),
            "In top 3": (ranked["p_top3"] * 100).round(0).astype(int),
            "Rank range": [f"{a}" if a == b else f"{a}–{b}" for a, b in zip(low, high)],
            "Data class": ranked["data_class"].map(
                lambda code: t(DATA_CLASS_WORDS[code]) if code in DATA_CLASS_WORDS else str(code or "").capitalize()
            ),
            "Owner": ranked["owner"].fillna(""),
            "Votes": ranked["votes"].astype(int),
        }
    )


def downloads(document_kind: str, document: object, workshop: dict, key: str) -> None:
    """A download button for each format of a document, side by side; each file is drawn only when asked for."""
    choices = exports.formats_for(document_kind)
    for column, export_format in zip(st.columns(len(choices)), choices):
        column.download_button(
            export_format.label,
            partial(exports.render, export_format, document),
            exports.filename(workshop, export_format.name, export_format.extension),
            mime=export_format.mime,
            type="primary" if export_format.primary else "secondary",
            key=f"{key}_{export_format.extension}",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )
