"""Facilitator: the names this workshop holds; erase one person, or one participant; purge what was deleted long ago."""

import pandas as pd
import streamlit as st

from aiadopt import ui
from aiadopt.services import privacy
from aiadopt.services.workshops import list_workshops

db, workshop = ui.facilitator_page(
    ui.t("Personal data"),
    ui.t(
        "Names are kept where people typed them: who reported a pain point, its volunteer owner, interviewers and "
        "interviewees, department leads, pilot owners and who measured or decided. Erasing a person takes their "
        "name out of everything, the change log included, and no later backup holds it."
    ),
)

names = privacy.names(db, workshop["id"])
where = {
    "pain_points": ui.t("pain points"),
    "interviews": ui.t("interviews"),
    "departments": ui.t("departments"),
    "workshops": ui.t("the workshop"),
    "pilots": ui.t("pilots"),
    "pilot_measurements": ui.t("measurements"),
    "pilot_gates": ui.t("gates"),
    "change_log": ui.t("the change log"),
}
st.header(ui.t("Erase a person"))
st.dataframe(
    pd.DataFrame(
        [
            {
                ui.t("Name"): name,
                ui.t("Where"): ", ".join(f"{where.get(t, t)} ({ui.number(n)})" for t, n in places.items()),
            }
            for name, places in names.items()
        ],
        columns=[ui.t("Name"), ui.t("Where")],
    ),
    hide_index=True,
    width="stretch",
)
with st.form("personal_erase_name"):
    person = st.selectbox(
        ui.t("Name"),
        list(names),
        index=None,
        accept_new_options=True,
        key="personal_name",
        placeholder=ui.t("Choose a name, or type one (its mentions in free text go too)"),
    )
    everywhere = st.checkbox(ui.t("In every workshop on this server"), key="personal_everywhere")
    sure = st.checkbox(ui.t("Yes, erase this name for good (it cannot be undone)"), key="personal_sure")
    if st.form_submit_button(ui.t("Erase"), type="primary"):
        if not sure:
            st.error(ui.t("Tick the box to confirm: an erasure cannot be undone."))
        else:
            chosen = [w["id"] for w in list_workshops(db, include_deleted=True)] if everywhere else [workshop["id"]]
            ui.act(
                lambda: privacy.erase_name(db, chosen, person),
                lambda n: ui.tn("Erased: {n} mention.", "Erased: {n} mentions.", n),
            )

st.header(ui.t("Erase a participant"))
people = privacy.participants(db, workshop["id"])
if people:
    labels = {
        p["id"]: ui.t("participant #{number}: ", number=str(p["id"]))
        + (", ".join(p["entries"][:3]) or ui.t("no entries"))
        for p in people
    }
    with st.form("personal_erase_participant"):
        chosen_person = st.selectbox(
            ui.t("Participant"), list(labels), format_func=labels.get, key="personal_participant"
        )
        st.caption(ui.t("Their entries and votes stay, anonymous; their names, number and personal link go."))
        if st.form_submit_button(ui.t("Erase this participant")):
            ui.act(lambda: privacy.erase_participant(db, workshop["id"], chosen_person), ui.t("Participant erased."))
else:
    st.caption(ui.t("No participant has saved anything in this workshop."))

st.header(ui.t("Purge what was deleted long ago"))
me = ui.signed_in_account(db)
if me is not None and me.is_owner:
    days = st.number_input(
        ui.t("Deleted more than this many days ago"),
        min_value=1,
        value=ui.purge_after_days(),
        step=1,
        key="personal_purge_days",
    )
    st.caption(ui.t("This reaches every workshop on this server: what was deleted goes for good."))
    if st.button(ui.t("Purge for good"), key="personal_purge"):
        ui.act(
            lambda: privacy.purge_deleted(db, int(days)),
            lambda counts: ui.t(
                "Purged: {what}.",
                what=", ".join(f"{ui.number(n)} {where.get(k, k.replace('_', ' '))}" for k, n in counts.items()),
            ),
        )
else:
    st.caption(ui.t("Only the owner purges what was deleted: it reaches every workshop on this server."))
st.header(ui.t("Erasures"))
done = privacy.erasures(db, workshop["id"])
st.dataframe(
    pd.DataFrame(
        [
            {
                ui.t("When"): e["at"][:16].replace("T", " "),
                ui.t("Who"): e["actor"],
                ui.t("What"): e["kind"],
                ui.t("Values"): e["changed"],
            }
            for e in done
        ],
        columns=[ui.t("When"), ui.t("Who"), ui.t("What"), ui.t("Values")],
    ),
    hide_index=True,
    width="stretch",
)
