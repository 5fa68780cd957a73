"""Facilitator: import pain points from a spreadsheet; back up and restore a whole workshop."""

import streamlit as st

from aiadopt import ui
from aiadopt.domain.fields import FIELDS_BY_NAME
from aiadopt.domain.pain_points import ValidationError
from aiadopt.services import backup, exports, importing
from aiadopt.services.database import database_file, open_database
from aiadopt.services.errors import ServiceError
from aiadopt.services.workshops import list_departments, list_workshops

ui.require_facilitator()
db = ui.database()

st.title("Import and back up")
ui.show_flashes()


workshop = ui.selected_workshop(db, quiet=True)

import_tab, backup_tab, restore_tab = st.tabs(
    ["Import pain points", "Back up this workshop", "Restore a backup"],
    key="import_backup_tab",
    on_change="rerun",
)

with import_tab:
    if workshop is None:
        st.info("Start or choose a workshop on the Set up page first.")
    else:
        departments = list_departments(db, workshop["id"])
        st.write(
            "Bring in pain points gathered before the session, from a CSV or Excel file. Start from the "
            "template, or use your own columns and match them below. Nothing is saved until you confirm."
        )
        columns = st.columns(2)
        columns[0].download_button(
            "Template (Excel)",
            importing.template_xlsx,
            "pain-points-template.xlsx",
            mime=ui.XLSX_MIME,
            icon=":material/download:",
            key="import_template_xlsx",
            on_click="ignore",
        )
        columns[1].download_button(
            "Template (CSV)",
            importing.template_csv,
            "pain-points-template.csv",
            mime="text/csv",
            icon=":material/download:",
            key="import_template_csv",
            on_click="ignore",
        )
        upload_key = f"import_file_{st.session_state.get('import_generation', 0)}"
        upload = st.file_uploader("Spreadsheet of pain points", type=["csv", "xlsx", "txt"], key=upload_key)
        table = None
        if upload is not None:
            # Read once per uploaded file, not at every click on this page (a refusal is kept too).
            parsed = st.session_state.get("import_parsed")
            if parsed is None or parsed[0] != upload.file_id:
                try:
                    parsed = (upload.file_id, importing.read_upload(upload.getvalue(), upload.name), "")
                except importing.ImportProblem as problem:
                    parsed = (upload.file_id, None, problem.message)
                st.session_state["import_parsed"] = parsed
            table = parsed[1]
            if parsed[2]:
                st.error(ui.escape_markdown(parsed[2]))
        if table is not None:
            for note in table.attrs.get("notes", []):
                st.caption(ui.escape_markdown(note))
            st.write(f"**{len(table)} rows** read from the file. The first rows:")
            st.dataframe(table.head(5), width="stretch")

            suggested = importing.suggest_mapping(table.columns)
            choices = [None, *[str(c) for c in table.columns]]
            unmatched_required = [k for k in ("title", "department") if suggested.get(k) is None]
            with st.expander("Match the columns", expanded=bool(unmatched_required), icon=":material/tune:"):
                st.caption(
                    "For each field, the column of your file that holds it. Leave a field empty when your "
                    "file does not have it: the usual starting value is used."
                )
                mapping = {}
                grid = st.columns(3)
                for position, key in enumerate(suggested):
                    label = "Department" if key == "department" else FIELDS_BY_NAME[key].label
                    start = suggested[key]
                    mapping[key] = grid[position % 3].selectbox(
                        label,
                        choices,
                        index=choices.index(start) if start in choices else 0,
                        format_func=lambda c: "— not in my file —" if c is None else c,
                        key=f"{upload_key}_map_{key}",
                    )
                names = [d["name"] for d in departments]
                default_department = st.selectbox(
                    "Department for rows that name none",
                    [None, *names],
                    format_func=lambda n: "— none: the row needs one —" if n is None else n,
                    key=f"{upload_key}_default_department",
                )
            report = importing.check_rows(table, mapping, [d["name"] for d in departments], default_department)
            for note in report.notes:
                st.caption(ui.escape_markdown(note))
            if report.unused_columns:
                st.caption(
                    ui.escape_markdown(
                        f"Not imported ({len(report.unused_columns)} columns no field is matched to): "
                        + ", ".join(report.unused_columns)
                    )
                )
            if report.unknown_departments:
                named = ", ".join(report.unknown_departments)
                st.info(
                    ui.escape_markdown(
                        f"The file names {len(report.unknown_departments)} departments this workshop does not have: "
                        f"{named}."
                    )
                )
                if st.button(
                    f"Add these {len(report.unknown_departments)} departments to the workshop",
                    key=f"{upload_key}_create_departments",
                    icon=":material/add:",
                ):
                    try:
                        added = importing.create_departments(db, workshop["id"], report.unknown_departments)
                    except (ValidationError, ServiceError) as problem:
                        ui.show_problem(problem)
                    else:
                        ui.flash(ui.escape_markdown(f"Added {len(added)} departments: {named}."))
                        st.rerun()
            if report.problems:
                st.warning(
                    f"{len(report.rows)} of {report.total_rows} rows are ready; "
                    f"{len({p[0] for p in report.problems})} rows have problems, listed below."
                )
                st.dataframe(report.problem_table(), hide_index=True, width="stretch")
            else:
                st.success(f"All {len(report.rows)} rows are ready to import.")
            skip = False
            if report.problems and report.rows:
                skip = st.checkbox(
                    "Import the ready rows and leave out the rows with problems", key=f"{upload_key}_skip"
                )
            ready = bool(report.rows) and (report.ok or skip)
            if st.button(
                f"Import {len(report.rows)} pain points", type="primary", disabled=not ready, key="import_confirm"
            ):
                try:
                    imported = importing.import_pain_points(db, workshop["id"], report.rows)
                except (ValidationError, ServiceError) as problem:
                    st.error(ui.escape_markdown(f"Nothing was imported: {problem}"))
                else:
                    st.session_state["import_generation"] = st.session_state.get("import_generation", 0) + 1
                    ui.flash(f"Imported {len(imported)} pain points into {ui.escape_markdown(workshop['name'])}.")
                    st.rerun()

with backup_tab:
    if workshop is None:
        st.info("Start or choose a workshop on the Set up page first.")
    else:
        st.write(
            "One file with everything in this workshop: departments, interviews, pain points, merges, "
            "votes, weights, charters and the change log. Keep it safe: it holds names. Restore it on "
            "another computer with *Restore a backup*."
        )
        # Built when clicked, on the download's own thread (and so its own connection).
        database, workshop_id = database_file(db), workshop["id"]
        st.download_button(
            "Download the backup",
            lambda: backup.backup_workshop(open_database(database), workshop_id),
            exports.export_filename(workshop, "backup", "json"),
            mime="application/json",
            type="primary",
            icon=":material/download:",
            key="backup_download",
            on_click="ignore",
        )

with restore_tab:
    st.write(
        "Restore a workshop from a backup file. It is added next to the workshops already here; "
        "nothing here is overwritten."
    )
    restore_key = f"restore_file_{st.session_state.get('restore_generation', 0)}"
    backup_file = st.file_uploader("Backup file", type=["json"], key=restore_key)
    if backup_file is not None:
        try:
            tables = backup.read_backup_file(db, backup_file.getvalue())
        except backup.BackupProblem as problem:
            ui.show_problem(problem)
        else:
            (incoming,) = tables["workshops"]
            live = [t for t in ("departments", "pain_points", "candidates", "votes") if tables.get(t)]
            st.text(
                f"Workshop: {incoming['name']}\n"
                + "\n".join(f"{table.replace('_', ' ').capitalize()}: {len(tables[table])}" for table in live)
            )
            clash = [w for w in list_workshops(db, include_deleted=True) if w["join_code"] == incoming["join_code"]]
            as_copy = False
            if clash:
                st.warning(
                    "This workshop is already here (same workshop code). Restoring it again adds a copy "
                    "with its own new code; the one already here is not changed."
                )
                as_copy = st.checkbox("Add it as a copy", key=f"{restore_key}_as_copy")
            if st.button("Restore", type="primary", key="restore_confirm", disabled=bool(clash) and not as_copy):
                try:
                    workshop_id = backup.restore_workshop(db, backup_file.getvalue(), as_copy=as_copy)
                except (backup.BackupProblem, ValidationError) as problem:
                    ui.show_problem(problem)
                else:
                    st.session_state["workshop_id"] = workshop_id
                    st.session_state["restore_generation"] = st.session_state.get("restore_generation", 0) + 1
                    ui.flash("Workshop restored and chosen.")
                    st.rerun()
