"""Facilitator: back up a whole workshop to one file, and restore one beside the workshops already here."""

import streamlit as st

from aiadopt import ui
from aiadopt.services import backup, exports
from aiadopt.services.database import database_file, open_database
from aiadopt.services.workshops import list_workshops

ui.require_facilitator()
db = ui.database()
st.title(ui.t("Back up and restore"))
ui.show_flashes()
workshop = ui.selected_workshop(db, quiet=True)

backup_tab, restore_tab = st.tabs(
    [ui.t("Back up this workshop"), ui.t("Restore a backup")], key="backup_tab", on_change="rerun"
)

with backup_tab:
    if workshop is None:
        st.info(ui.t("Start or choose a workshop on the Set up page first."))
    else:
        st.write(
            ui.t(
                "One file with everything in this workshop: departments, interviews, pain points, merges, "
                "votes, weights, charters and the change log. Keep it safe: it holds names. Restore it on "
                "another computer with *Restore a backup*."
            )
        )
        # Built when clicked, on the download's own thread (and so its own connection).
        database, workshop_id = database_file(db), workshop["id"]
        st.download_button(
            ui.t("Download the backup"),
            lambda: backup.backup_workshop(open_database(database), workshop_id),
            exports.filename(workshop, "backup", "json"),
            mime="application/json",
            type="primary",
            icon=":material/download:",
            key="backup_download",
            on_click="ignore",
        )

with restore_tab:
    st.write(
        ui.t(
            "Restore a workshop from a backup file. It is added next to the workshops already here; "
            "nothing here is overwritten."
        )
    )
    restore_key = f"restore_file_{ui.generation('restore')}"
    backup_file = st.file_uploader(ui.t("Backup file"), type=["json"], key=restore_key)
    if backup_file is None:
        st.stop()
    try:
        tables = backup.read_backup_file(db, backup_file.getvalue())
    except backup.BackupProblem as problem:
        ui.show_problem(problem)
        st.stop()
    (incoming,) = tables["workshops"]
    counted = {
        "departments": ui.t("Departments"),
        "pain_points": ui.t("Pain points"),
        "candidates": ui.t("Candidates"),
        "votes": ui.t("Votes"),
    }
    st.text(
        ui.t("Workshop: {name}", name=incoming["name"])
        + "\n"
        + "\n".join(
            f"{label}: {ui.number(len(tables[table]))}" for table, label in counted.items() if tables.get(table)
        )
    )
    clash = [w for w in list_workshops(db, include_deleted=True) if w["join_code"] == incoming["join_code"]]
    as_copy = False
    if clash:
        st.warning(
            ui.t(
                "This workshop is already here (same workshop code). Restoring it again adds a copy "
                "with its own new code; the one already here is not changed."
            )
        )
        as_copy = st.checkbox(ui.t("Add it as a copy"), key=f"{restore_key}_as_copy")
    if st.button(ui.t("Restore"), type="primary", key="restore_confirm", disabled=bool(clash) and not as_copy):

        def restored() -> None:
            st.session_state["workshop_id"] = backup.restore_workshop(db, backup_file.getvalue(), as_copy=as_copy)
            ui.next_generation("restore")

        ui.act(restored, ui.t("Workshop restored and chosen."), problems=(backup.BackupProblem,))
