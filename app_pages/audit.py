"""Facilitator: how complete the discovery was, department by department and theme by theme."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain import coverage
from aiadopt.services.audit import guide_themes, workshop_audit

db, workshop = ui.facilitator_page(ui.t("Audit: what was heard, what is still unheard"), observers_too=True)

audit = workshop_audit(db, workshop["id"])
themes = guide_themes(db, workshop["id"])
if not audit.departments:
    st.info(ui.t("Add the workshop's departments on the Set up page first."))
    st.stop()

st.caption(
    ui.t(
        "Each cell: pain points and hours a year raised under a theme of the interview guide; "
        "'asked, nothing found' and 'skipped' are what the interviews noted. A department covers a theme "
        "when pain points were raised under it or it was asked with nothing found."
    )
)
complete = [d for d in audit.departments if audit.covered[d][0] == audit.covered[d][1] and audit.covered[d][1]]
columns = st.columns(3)
columns[0].metric(ui.t("Departments"), len(audit.departments))
columns[1].metric(ui.t("Fully covered"), len(complete))
columns[2].metric(ui.t("Gaps"), len(audit.gaps))

headings, rows = coverage.audit_table(audit, themes)
said = [[row[0], *map(ui.t, row[1:])] for row in rows]  # the department's name as written
st.dataframe(pd.DataFrame(said, columns=list(map(ui.t, headings))), hide_index=True, width="stretch")

st.header(ui.t("Still unheard"))
if audit.gaps:
    for gap in audit.gaps:
        st.text("• " + ui.t(gap))
else:
    st.success(ui.t("Every department was asked about every theme."))

st.header(ui.t("Interviews"))
for line in coverage.interview_lines(audit):
    st.text(ui.t(line))
