"""Facilitator: import pain points gathered before the session from a spreadsheet, checked before anything is saved."""

import streamlit as st

from aiadopt import ui
from aiadopt.services import importing
from aiadopt.services.workshops import list_departments

db, workshop = ui.facilitator_page(
    ui.t("Import pain points"),
    ui.t(
        "Bring in pain points gathered before the session, from a CSV or Excel file. Start from the "
        "template, or use your own columns and match them below. Nothing is saved until you confirm."
    ),
)

columns = st.columns(2)
columns[0].download_button(
    ui.t("Template (Excel)"),
    importing.template_xlsx,
    "pain-points-template.xlsx",
    mime=importing.XLSX_MIME,
    icon=":material/download:",
    key="import_template_xlsx",
    on_click="ignore",
)
columns[1].download_button(
    ui.t("Template (CSV)"),
    importing.template_csv,
    "pain-points-template.csv",
    mime="text/csv",
    icon=":material/download:",
    key="import_template_csv",
    on_click="ignore",
)
upload_key = f"import_file_{ui.generation('import')}"
upload = st.file_uploader(ui.t("Spreadsheet of pain points"), type=["csv", "xlsx", "txt"], key=upload_key)
table = ui.uploaded_table(upload)
if table is None:
    st.stop()

names = [d["name"] for d in list_departments(db, workshop["id"])]
mapping, default_department = ui.column_mapping(table, names, upload_key)
report = importing.check_upload(db, workshop["id"], table, mapping, default_department)
if report.unknown_departments:
    named = ", ".join(report.unknown_departments)
    count = len(report.unknown_departments)
    st.info(
        ui.escape_markdown(
            ui.tn(
                "The file names {n} department this workshop does not have: {named}.",
                "The file names {n} departments this workshop does not have: {named}.",
                count,
                named=named,
            )
        )
    )
    if st.button(
        ui.tn("Add this department to the workshop", "Add these {n} departments to the workshop", count),
        key=f"{upload_key}_create_departments",
    ):
        ui.act(
            lambda: importing.create_departments(db, workshop["id"], report.unknown_departments),
            lambda added: ui.escape_markdown(
                ui.tn("Added {n} department: {named}.", "Added {n} departments: {named}.", len(added), named=named)
            ),
        )
ui.report_notes(report)
skip = again = update = False
if report.problems and (report.rows or report.already):
    skip = st.checkbox(ui.t("Import the ready rows and leave out the rows with problems"), key=f"{upload_key}_skip")
if report.already:
    again = st.checkbox(
        ui.t("Import them again anyway"),
        key=f"{upload_key}_again",
        help=ui.t("Adds the rows already in this workshop once more, as new pain points: their hours count twice."),
    )
if report.updatable and not again:
    update = st.checkbox(
        ui.tn(
            "Update the {n} pain point that has other values with the file's values",
            "Update the {n} pain points that have other values with the file's values",
            len(report.updatable),
        ),
        key=f"{upload_key}_update",
        help=ui.t("The stored pain points take the numbers and answers the file gives; names are never changed."),
    )
adding, updating = report.planned(again=again, update=update)
ready = bool(adding or updating) and (report.ok or skip)
label = ui.t(importing.confirm_label(len(adding), len(updating)))
if st.button(label, type="primary", disabled=not ready, key="import_confirm"):

    def imported() -> importing.ImportResult:
        result = importing.import_checked(db, workshop["id"], report, again=again, update=update)
        ui.next_generation("import")
        return result

    def said(result: importing.ImportResult) -> str:
        name = ui.escape_markdown(workshop["name"])
        if result.updated and not result.added:
            return ui.t("Updated {n} pain points in {name}.", n=len(result.updated), name=name)
        if result.updated:
            return ui.t(
                "Imported {n} pain points into {name}; updated {updated}.",
                n=len(result.added),
                name=name,
                updated=len(result.updated),
            )
        return ui.t("Imported {n} pain points into {name}.", n=len(result.added), name=name)

    ui.act(imported, said)
