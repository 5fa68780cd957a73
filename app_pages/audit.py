"""Facilitator: how complete the discovery was, department by department and theme by theme."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.domain import coverage
from aiadopt.services.audit import guide_themes, workshop_audit

db, workshop = ui.facilitator_page("Audit: what was heard, what is still unheard")

audit = workshop_audit(db, workshop["id"])
themes = guide_themes(db, workshop["id"])
if not audit.departments:
    st.info("Add the workshop's departments on the Set up page first.")
    st.stop()

st.caption(
    "Each cell: pain points and hours a year raised under a theme of the interview guide; "
    "'asked, nothing found' and 'skipped' are what the interviews noted. A department covers a theme "
    "when pain points were raised under it or it was asked with nothing found."
)
complete = [d for d in audit.departments if audit.covered[d][0] == audit.covered[d][1] and audit.covered[d][1]]
columns = st.columns(3)
columns[0].metric("Departments", len(audit.departments))
columns[1].metric("Fully covered", len(complete))
columns[2].metric("Gaps", len(audit.gaps))

headings, rows = coverage.audit_table(audit, themes)
st.dataframe(pd.DataFrame(rows, columns=headings), hide_index=True, width="stretch")

st.subheader("Still unheard")
if audit.gaps:
    for gap in audit.gaps:
        st.text("• " + gap)
else:
    st.success("Every department was asked about every theme.")

st.subheader("Interviews")
for line in coverage.interview_lines(audit):
    st.text(line)
