"""The Import page's steps on screen: read an upload once, match its columns, say what the check found."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from aiadopt.domain.fields import FIELDS_BY_NAME
from aiadopt.i18n import t, tn
from aiadopt.services import importing
from aiadopt.ui.session import escape_markdown


def uploaded_table(upload) -> pd.DataFrame | None:
    """The rows of an uploaded file, read once per file (not at every click); a refusal is said plainly."""
    if upload is None:
        return None
    parsed = st.session_state.get("import_parsed")
    if parsed is None or parsed[0] != upload.file_id:
        try:
            parsed = (upload.file_id, importing.read_upload(upload.getvalue(), upload.name), "")
        except importing.ImportProblem as problem:
            parsed = (upload.file_id, None, problem.message)
        st.session_state["import_parsed"] = parsed
    table: pd.DataFrame | None = parsed[1]
    if table is None:
        st.error(escape_markdown(t(parsed[2])))
        return None
    for note in table.attrs.get("notes", []):
        st.caption(escape_markdown(t(note)))
    st.write(tn("**{n} row** read from the file:", "**{n} rows** read from the file. The first rows:", len(table)))
    st.dataframe(table.head(5), width="stretch")
    return table


def column_mapping(table: pd.DataFrame, department_names: list[str], key: str) -> tuple[dict, str | None]:
    """Which column of the file holds each field (suggested, changeable), and the department for rows naming none."""
    suggested = importing.suggest_mapping(table.columns)
    choices = [None, *[str(c) for c in table.columns]]
    unmatched_required = [k for k in ("title", "department") if suggested.get(k) is None]
    with st.expander(t("Match the columns"), expanded=bool(unmatched_required), icon=":material/tune:"):
        st.caption(
            t(
                "For each field, the column of your file that holds it. Leave a field empty when your "
                "file does not have it: the usual starting value is used."
            )
        )
        mapping = {}
        grid = st.columns(3)
        for position, field in enumerate(suggested):
            start = suggested[field]
            mapping[field] = grid[position % 3].selectbox(
                t("Department") if field == "department" else t(FIELDS_BY_NAME[field].label),
                choices,
                index=choices.index(start) if start in choices else 0,
                format_func=lambda c: t("— not in my file —") if c is None else c,
                key=f"{key}_map_{field}",
            )
        default_department = st.selectbox(
            t("Department for rows that name none"),
            [None, *department_names],
            format_func=lambda n: t("— none: the row needs one —") if n is None else n,
            key=f"{key}_default_department",
        )
    return mapping, default_department


def report_notes(report: importing.ImportReport) -> None:
    """What the check of the rows found: a file imported before, notes, the columns not imported, the
    rows with problems, the rows the workshop already holds and the rows the file repeats."""
    earlier = importing.imported_before_message(report)
    if earlier:
        st.warning(t(earlier), icon=":material/content_copy:")  # dates and counts only
    for note in report.notes:
        st.caption(escape_markdown(t(note)))
    if report.unused_columns:
        st.caption(
            escape_markdown(
                tn(
                    "Not imported ({n} column no field is matched to): {columns}",
                    "Not imported ({n} columns no field is matched to): {columns}",
                    len(report.unused_columns),
                    columns=", ".join(report.unused_columns),
                )
            )
        )
    kind, said = importing.summary(report)
    {"success": st.success, "info": st.info, "warning": st.warning}[kind](t(said))  # counts only
    if report.problems:
        st.dataframe(_translated(report.problem_table(), ("Field", "Problem")), hide_index=True, width="stretch")
    if report.already:
        st.write(
            tn(
                "**Already in this workshop** ({n} row, not imported again): the same department, "
                "title and description, whatever the spaces and capitals.",
                "**Already in this workshop** ({n} rows, not imported again): the same department, "
                "title and description, whatever the spaces and capitals.",
                len(report.already),
            )
        )
        st.dataframe(_translated(report.already_table(), ("In this workshop",)), hide_index=True, width="stretch")
    if report.repeats:
        st.caption(
            escape_markdown(t("Left out, repeated in the file: {repeats}.", repeats=importing.repeats_text(report)))
        )


def _translated(table: pd.DataFrame, said: tuple[str, ...]) -> pd.DataFrame:
    """A check's table in this session's language: the `said` columns' texts (marked English) and
    every heading; the values from the file stay as written."""
    table = table.assign(**{column: table[column].map(t) for column in said if column in table.columns})
    return table.rename(columns={column: t(column) for column in table.columns})
